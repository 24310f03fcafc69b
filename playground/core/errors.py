"""The few error types the core raises.

Every problem a user can cause (an impossible network, a missing dataset, a broken file) surfaces
as a subclass of :class:`PlaygroundError`, so the command line and the GUI can catch one type and
show its message instead of a traceback. Messages name the problem and the fix.

An error is raised with its English template and the values it names, never a finished
sentence: ``SpecError("Unknown layer type {name}.", name=shorten(kind))``. ``str(error)`` is the
English; ``error.message`` is the :class:`~playground.core.messages.Message` the window and the
command line render in their reader's language.
"""

from __future__ import annotations

import math
import reprlib
from typing import Any

from playground.core.messages import Message


def _digits(number: int) -> int:
    """How many decimal digits ``number`` has, without turning it into text (Python refuses to
    for more than a few thousand digits, and it is slow well before that)."""
    size = abs(number)
    estimate = max(1, math.floor((size.bit_length() - 1) * math.log10(2)) + 1)
    return estimate + 1 if size >= 10**estimate else estimate


def _short_repr(limit: int) -> reprlib.Repr:
    short = reprlib.Repr()
    short.maxlevel, short.maxlist, short.maxtuple, short.maxdict = 2, 4, 4, 3
    short.maxset = short.maxfrozenset = short.maxdeque = short.maxarray = 4
    short.maxstring = short.maxother = short.maxlong = limit + 2
    return short


def shorten(value: object, limit: int = 40) -> str:
    """``value`` as a message quotes it (like ``repr``), but never longer than about ``limit``.

    Messages echo what the user gave so they can find it, but a 12 KB layer type or a 400-digit
    number would bury the sentence that says what is wrong. Text is cut to its first ``limit``
    characters and marked with "…"; a whole number too long to show becomes "a 400-digit
    number"; deeply nested or huge containers show their beginning. Never raises.
    """
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        quoted = repr(value[:limit])
        return f"{quoted[:-1]}…{quoted[-1]}"
    if isinstance(value, int) and not isinstance(value, bool):
        if _digits(value) > limit:
            return f"a {_digits(value)}-digit number"
        return str(value)
    try:
        text = _short_repr(limit).repr(value)
    except Exception:  # a hostile __repr__, a number too long to print: say what it is
        text = f"a {type(value).__name__} value"
    return text if len(text) <= limit else f"{text[:limit]}…"


class PlaygroundError(Exception):
    """Base class for errors whose message is meant for the user.

    ``PlaygroundError(template, **values)`` or ``PlaygroundError(message)``; ``message`` keeps
    the template and values for rendering in another language.
    """

    def __init__(self, message: Message | str = "", /, **params: Any) -> None:
        self.message = message if isinstance(message, Message) else Message(message, **params)
        super().__init__(str(self.message))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (to another process) with its message, whatever the subclass's signature."""
        return _rebuild, (type(self), self.message, self.__dict__)


def _rebuild(kind: type[PlaygroundError], message: Message,
             state: dict[str, Any]) -> PlaygroundError:
    error = Exception.__new__(kind)
    Exception.__init__(error, str(message))
    error.__dict__.update(state)
    return error


class SpecError(PlaygroundError):
    """A network description that cannot be read: unknown layer type, bad parameter, bad JSON."""


class DatasetUnavailable(PlaygroundError):
    """A dataset that is not on this computer and cannot be fetched now; says how to get it."""


class TrainingError(PlaygroundError):
    """A training configuration that cannot run (unknown optimizer, loss that does not fit)."""


class ProjectFileError(PlaygroundError):
    """A project file that is broken, hostile or from an unknown version; never half-loaded."""


class ReadOnlyFileError(ProjectFileError):
    """A save refused because the file or its folder is read-only; another name would work.

    A separate type so the GUI can offer Save As, as desktop apps do, instead of only reporting.
    """
