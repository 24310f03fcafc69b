"""The network wing: what a network is, before any data or training touches it.

It owns the description the user builds (:mod:`spec`, plain data that round-trips through JSON),
the catalogue of layer types and their parameters (:mod:`layers`), shape inference and validation
with their automatic repairs (:mod:`shapes`, :mod:`validation`, :mod:`output_head`), parameter
counts written out as sums a student can check (:mod:`param_counts`) and the one place a spec
becomes a ``torch.nn.Module`` (:mod:`build`). It imports nothing from the other wings, so the
editor can validate a network without loading a dataset or a training loop.
"""
