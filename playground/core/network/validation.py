"""Validation errors of a network and the automatic repairs they may carry.

They live with the network, not with the core's other errors, because a repair is a new
:class:`NetworkSpec`: the error family at the core's root stays free of any wing.

What is wrong, what to do and what a repair does are :class:`~playground.core.messages.Message`
objects (an English template and its values), so the editor shows them in the reader's language
and the command line in English, from the same error.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.core.errors import PlaygroundError
from playground.core.messages import Message
from playground.core.network.spec import NetworkSpec


def _message(text: Message | str) -> Message:
    """``text`` as a Message: a plain string is a fixed template (looked up as a whole)."""
    return text if isinstance(text, Message) else Message(text)


@dataclass(frozen=True)
class Fix:
    """A change to the network that resolves a validation error.

    ``apply`` is a pure function from the broken spec to a repaired one, so the GUI can push it
    as a single undoable step (named by ``description`` in the reader's language) and the
    command line can print ``description``.
    """

    description: Message
    new_spec: NetworkSpec

    def apply(self) -> NetworkSpec:
        return self.new_spec

    @property
    def description_es(self) -> str:
        """The description in Spanish, for code that has not moved to rendering the Message."""
        return self.description.render("es")


class ValidationError(PlaygroundError):
    """A network that can be read but not built: a layer cannot follow the one before it.

    ``layer_index`` is the position of the offending layer (``None`` for the network as a whole),
    ``problem`` says what is wrong in plain words and ``fix`` may carry an automatic repair;
    ``alternative`` is a second repair, offered after the first (the one a teacher would give).
    ``problem`` and ``suggestion`` are Messages; ``str(error)`` is the whole sentence in English.

    ``problem_es`` and ``suggestion_es`` are still accepted, and ignored, so code written when
    each error carried its own Spanish keeps running: the Spanish now comes from the catalogue.
    """

    def __init__(
        self,
        layer_index: int | None,
        layer_type: str,
        problem: Message | str,
        suggestion: Message | str,
        fix: Fix | None = None,
        problem_es: str = "",  # accepted and ignored, see the class docstring
        suggestion_es: str = "",
        alternative: Fix | None = None,
    ) -> None:
        self.layer_index = layer_index
        self.alternative = alternative
        self.layer_type = layer_type
        self.problem = _message(problem)
        self.suggestion = _message(suggestion)
        self.fix = fix
        if layer_index is None:
            whole = Message("the network: {problem} Fix: {suggestion}",
                            problem=self.problem, suggestion=self.suggestion)
        else:
            whole = Message("layer {number} ({type}): {problem} Fix: {suggestion}",
                            number=layer_index + 1, type=layer_type, problem=self.problem,
                            suggestion=self.suggestion)
        super().__init__(whole)

    @property
    def problem_es(self) -> str:
        """The problem in Spanish, for code that has not moved to rendering the Message."""
        return self.problem.render("es")

    @property
    def suggestion_es(self) -> str:
        """The suggestion in Spanish, for code that has not moved to rendering the Message."""
        return self.suggestion.render("es")
