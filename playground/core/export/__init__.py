"""The export wing: a network taken out of the app, to run without it.

It owns the formats a user can export (PyTorch training script, ONNX, safetensors weights, a
summary: :mod:`formats`), the generated ``train.py`` (:mod:`script`, its data part
:mod:`script_data` and its fixed text :mod:`script_template`). The script is generated from the
module the network wing builds, so the exported code and the app cannot drift apart.
"""
