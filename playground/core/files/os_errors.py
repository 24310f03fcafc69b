"""What an operating-system error means, in plain words: the one table of error numbers.

A failed save or read reaches the student as a sentence, and the operating system's own text
("ENOSPC", "No space left on device", a different wording on every system) is not one a
student acts on. Every file operation of the core that explains an :class:`OSError` looks its
number up here (:func:`reason_message`), so "the disk is full" is said the same way everywhere
and in the reader's language: each phrase is a catalogue text, handed out as a
:class:`~playground.core.messages.Message` that the window and the command line render.

What to *do* about an error depends on what was being done (saving a chosen file, autosaving
into the data folder), so the advice stays with each operation; it is looked up by
:attr:`OsReason.key`, never by error number. Nothing here imports torch or Qt.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass

from playground.core.messages import N_, Message

__all__ = [
    "REASONS_BY_ERRNO", "OsReason", "os_reason", "reason_message", "reason_sentence",
    "reason_words", "system_texts",
]


@dataclass(frozen=True)
class OsReason:
    """One kind of operating-system failure.

    ``key`` names it for the code that gives advice; ``words`` says it in plain English, lower
    case and without a full stop, so it fits after "Could not save 'x': " (a catalogue text,
    so it is said in the reader's language too); ``codes`` are the error numbers that mean it
    (a quota is a full disk to the student).
    """

    key: str
    words: str
    codes: tuple[int, ...]


def _codes(*names: str) -> tuple[int, ...]:
    """The numbers of the named errors this system defines (EDQUOT is missing on Windows)."""
    return tuple(dict.fromkeys(getattr(errno, name) for name in names if hasattr(errno, name)))


#: Every operating-system error the app explains in its own words.
REASONS_BY_ERRNO: tuple[OsReason, ...] = (
    OsReason("disk-full", N_("the disk is full"), _codes("ENOSPC", "EDQUOT")),
    OsReason("no-permission", N_("permission denied"), _codes("EACCES")),
    OsReason("not-permitted", N_("the operation is not permitted"), _codes("EPERM")),
    OsReason("read-only", N_("the drive is read-only"), _codes("EROFS")),
    OsReason("missing", N_("the file or folder does not exist"), _codes("ENOENT")),
    OsReason("not-a-folder", N_("part of the path is a file, not a folder"), _codes("ENOTDIR")),
    OsReason("is-a-folder", N_("it is a folder"), _codes("EISDIR")),
    OsReason("name-too-long", N_("the file name is too long"), _codes("ENAMETOOLONG")),
    OsReason("exists", N_("a file with that name already exists"), _codes("EEXIST")),
)

_BY_CODE: dict[int, OsReason] = {
    code: reason for reason in REASONS_BY_ERRNO for code in reason.codes}


def os_reason(exc: BaseException) -> OsReason | None:
    """The known reason for ``exc``, or None (not an OS error, or one without plain words)."""
    code = getattr(exc, "errno", None)
    return _BY_CODE.get(code) if isinstance(code, int) else None


def _system_text(exc: BaseException) -> str:
    """What the system (or Python) said about ``exc``, else the name of its type."""
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def reason_words(exc: BaseException) -> str:
    """``exc`` in plain English words: the table's words, else the system's text, else its
    type."""
    reason = os_reason(exc)
    return reason.words if reason is not None else _system_text(exc)


def reason_message(exc: BaseException) -> Message | str:
    """``exc`` in plain words for a message's ``{reason}``, by its error number (never by its
    text, which differs from one system to the next): the table's phrase as a
    :class:`Message`, rendered in the reader's language. An error the table does not know
    keeps the system's own text, a plain value shown as it is."""
    reason = os_reason(exc)
    return Message(reason.words) if reason is not None else _system_text(exc)


class _SentenceStart(Message):
    """A phrase that opens a sentence: rendered with a capital first letter in any language
    ("Permission denied." after "Cannot open 'a.nnp'.")."""

    __slots__ = ()

    def render(self, language: str = "en", locale: str | None = None) -> str:
        text = super().render(language, locale)
        return text[:1].upper() + text[1:]


def reason_sentence(exc: BaseException) -> Message:
    """:func:`reason_message` as the start of a sentence of its own, capitalised once
    rendered (the caller's template adds the full stop)."""
    reason = os_reason(exc)
    if reason is not None:
        return _SentenceStart(reason.words)
    return _SentenceStart("{reason}", reason=_system_text(exc))


def system_texts(reason: OsReason) -> tuple[str, ...]:
    """What this system's ``strerror`` says for ``reason``'s numbers ("No space left on
    device"): messages that quote the system's text are recognised by these."""
    return tuple(dict.fromkeys(os.strerror(code) for code in reason.codes))
