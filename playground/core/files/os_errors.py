"""What an operating-system error means, in plain words: the one table of error numbers.

A failed save or read reaches the student as a sentence, and the operating system's own text
("ENOSPC", "No space left on device", a different wording on every system) is not one a
student acts on. Every file operation of the core that explains an :class:`OSError` looks its
number up here, so "the disk is full" is said the same way everywhere, and the interface's
translations (``playground.gui.translations.os_reasons``) translate these phrases, and the
system texts of the same numbers, from this one table.

What to *do* about an error depends on what was being done (saving a chosen file, autosaving
into the data folder), so the advice stays with each operation; it is looked up by
:attr:`OsReason.key`, never by error number. Nothing here imports torch or Qt.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass

__all__ = ["OS_REASONS", "OsReason", "os_reason", "reason_words", "system_texts"]


@dataclass(frozen=True)
class OsReason:
    """One kind of operating-system failure.

    ``key`` names it for the code that gives advice; ``words`` says it in plain English, lower
    case and without a full stop, so it fits after "Could not save 'x': "; ``codes`` are the
    error numbers that mean it (a quota is a full disk to the student).
    """

    key: str
    words: str
    codes: tuple[int, ...]


def _codes(*names: str) -> tuple[int, ...]:
    """The numbers of the named errors this system defines (EDQUOT is missing on Windows)."""
    return tuple(dict.fromkeys(getattr(errno, name) for name in names if hasattr(errno, name)))


#: Every operating-system error the app explains in its own words.
OS_REASONS: tuple[OsReason, ...] = (
    OsReason("disk-full", "the disk is full", _codes("ENOSPC", "EDQUOT")),
    OsReason("no-permission", "permission denied", _codes("EACCES")),
    OsReason("not-permitted", "the operation is not permitted", _codes("EPERM")),
    OsReason("read-only", "the drive is read-only", _codes("EROFS")),
    OsReason("missing", "the file or folder does not exist", _codes("ENOENT")),
    OsReason("not-a-folder", "part of the path is a file, not a folder", _codes("ENOTDIR")),
    OsReason("is-a-folder", "it is a folder", _codes("EISDIR")),
    OsReason("name-too-long", "the file name is too long", _codes("ENAMETOOLONG")),
    OsReason("exists", "a file with that name already exists", _codes("EEXIST")),
)

_BY_CODE: dict[int, OsReason] = {code: reason for reason in OS_REASONS for code in reason.codes}


def os_reason(exc: BaseException) -> OsReason | None:
    """The known reason for ``exc``, or None (not an OS error, or one without plain words)."""
    code = getattr(exc, "errno", None)
    return _BY_CODE.get(code) if isinstance(code, int) else None


def reason_words(exc: BaseException) -> str:
    """``exc`` in plain words: the table's words, else the system's text, else its type."""
    reason = os_reason(exc)
    if reason is not None:
        return reason.words
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def system_texts(reason: OsReason) -> tuple[str, ...]:
    """What this system's ``strerror`` says for ``reason``'s numbers ("No space left on
    device"): messages that quote the system's text are recognised by these."""
    return tuple(dict.fromkeys(os.strerror(code) for code in reason.codes))
