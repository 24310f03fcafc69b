"""The network wing: what a network is, before any data or training touches it.

It owns the description the user builds (:mod:`spec`, plain data that round-trips through JSON),
the layer registry (:mod:`layer_types`: one entry per layer type with its parameters,
explanations, shape rule, parameter count, builder, export code, icon and inspection support;
:mod:`layers` is the catalogue's short name), shape inference and validation with their automatic
repairs (:mod:`shapes`, :mod:`validation`, :mod:`output_head`) and the one place a spec becomes a
``torch.nn.Module`` (:mod:`build`). It imports nothing from the other wings, so the editor can
validate a network without loading a dataset or a training loop.
"""
