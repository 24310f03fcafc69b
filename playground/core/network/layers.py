"""The layer catalogue: every layer type a network may contain, its parameters and explanations.

This is the single source of truth the rest of the app is generated from: the spec reader refuses
types that are not here (so a file can never name arbitrary code), the GUI builds its palette and
inspector forms from :data:`LAYER_TYPES`, and the explanations shown as tooltips live beside the
parameters they explain, in English (the catalogue translates them). The entries themselves,
with every rule of each type, are in :mod:`playground.core.network.layer_types`; this module is
the catalogue's short name for the code that only needs to read it.
"""

from __future__ import annotations

from playground.core.network.layer_types import LAYER_TYPES, layer_type
from playground.core.network.layer_types.activations import (
    ACTIVATION_EXPLANATIONS,
    ACTIVATIONS,
)
from playground.core.network.layer_types.base import (
    FAMILY_COLOURS,
    FAMILY_TITLES,
    Family,
    LayerType,
)
from playground.core.network.layer_types.params import ParamDef, ParamKind
from playground.core.network.layer_types.words import Text

__all__ = [
    "ACTIVATIONS",
    "ACTIVATION_EXPLANATIONS",
    "FAMILY_COLOURS",
    "FAMILY_TITLES",
    "LAYER_TYPES",
    "Family",
    "LayerType",
    "ParamDef",
    "ParamKind",
    "Text",
    "layer_type",
]
