"""The inspection wing: looking inside a network, trained or training.

It owns feature maps, filters and weight images (:mod:`inside`), per-layer health and its
warnings (:mod:`health`), decision boundaries (:mod:`boundary`), live prediction for the drawing
pad and the ready-trained digit network (:mod:`live_predict`, :mod:`pretrained`), snapshots that
replay a run (:mod:`snapshots`) and one example's forward and backward pass written out by hand
(:mod:`backprop_steps`). It reads networks, data and runs; nothing below it imports it.
"""
