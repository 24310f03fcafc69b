"""Validation errors of a network and the automatic repairs they may carry.

They live with the network, not with the core's other errors, because a repair is a new
:class:`NetworkSpec`: the error family at the core's root stays free of any wing.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.core.errors import PlaygroundError
from playground.core.network.spec import NetworkSpec


@dataclass(frozen=True)
class Fix:
    """A change to the network that resolves a validation error.

    ``apply`` is a pure function from the broken spec to a repaired one, so the GUI can push it
    as a single undoable step and the command line can print ``description``.
    """

    description: str
    description_es: str
    new_spec: NetworkSpec

    def apply(self) -> NetworkSpec:
        return self.new_spec


class ValidationError(PlaygroundError):
    """A network that can be read but not built: a layer cannot follow the one before it.

    ``layer_index`` is the position of the offending layer (``None`` for the network as a whole),
    ``problem`` says what is wrong in plain words and ``fix`` may carry an automatic repair;
    ``alternative`` is a second repair, offered after the first (the one a teacher would give).
    """

    def __init__(
        self,
        layer_index: int | None,
        layer_type: str,
        problem: str,
        suggestion: str,
        fix: Fix | None = None,
        problem_es: str = "",
        suggestion_es: str = "",
        alternative: Fix | None = None,
    ) -> None:
        self.layer_index = layer_index
        self.alternative = alternative
        self.layer_type = layer_type
        self.problem = problem
        self.suggestion = suggestion
        self.fix = fix
        self.problem_es = problem_es or problem
        self.suggestion_es = suggestion_es or suggestion
        where = "the network" if layer_index is None else f"layer {layer_index + 1} ({layer_type})"
        super().__init__(f"{where}: {problem} Fix: {suggestion}")
