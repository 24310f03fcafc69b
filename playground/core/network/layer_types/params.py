"""A layer parameter's definition: kind, default, limits and the words that label and explain it.

The spec reader checks every value in a file against these definitions, and the GUI builds its
inspector forms from them, so a parameter is described once, here, for both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from playground.core.network.layer_types.words import Text

ParamKind = Literal["int", "float", "bool", "choice", "shape"]


@dataclass(frozen=True)
class ParamDef:
    """One parameter of a layer type: its kind, default, allowed range and labels."""

    name: str
    kind: ParamKind
    default: Any
    label: Text
    help: Text
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
