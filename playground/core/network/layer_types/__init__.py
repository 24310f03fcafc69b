"""The layer registry: one entry per layer type, holding everything the app knows about it.

Each entry (a :class:`~playground.core.network.layer_types.base.LayerType`) carries its
parameters with defaults and limits, its explanations, shape rule, parameter count and its
written-out sum, the PyTorch modules it builds, the code the exported script writes for them, the
icon the GUI draws and the inspection views it supports. Nothing outside this package compares
layer-type names: it asks the entry. Adding a layer type is one entry in a module here, listed
below, plus its round-trip and shape tests (the registry-wide tests pick it up by themselves).
Importing the registry does not import torch.
"""

from __future__ import annotations

from playground.core.network.layer_types.base import LayerType
from playground.core.network.layer_types.convolution import AVG_POOL2D, CONV2D, MAX_POOL2D
from playground.core.network.layer_types.dense import DENSE
from playground.core.network.layer_types.elementwise import ACTIVATION, BATCH_NORM, DROPOUT
from playground.core.network.layer_types.merge import ADD, CONCATENATE, MULTIPLY
from playground.core.network.layer_types.recurrent import EMBEDDING, GRU, LSTM, SIMPLE_RNN
from playground.core.network.layer_types.shaping import FLATTEN, RESHAPE

# The palette and the catalogue list the types in this order.
LAYER_TYPES: dict[str, LayerType] = {
    entry.name: entry
    for entry in (
        DENSE,
        CONV2D,
        MAX_POOL2D,
        AVG_POOL2D,
        FLATTEN,
        RESHAPE,
        ACTIVATION,
        DROPOUT,
        BATCH_NORM,
        SIMPLE_RNN,
        LSTM,
        GRU,
        EMBEDDING,
        ADD,
        CONCATENATE,
        MULTIPLY,
    )
}


def layer_type(name: str) -> LayerType:
    """The registry entry for ``name``; raises ``KeyError`` for a type not in the catalogue."""
    return LAYER_TYPES[name]


def export_helpers() -> dict[str, str]:
    """Every helper class the exported script may need (name -> source), in registry order."""
    return {
        name: source
        for entry in LAYER_TYPES.values()
        for name, source in entry.export_helpers.items()
    }
