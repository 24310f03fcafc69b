"""Write a file so that it is either completely replaced or not touched at all.

Students lose work when a save is interrupted: a full USB stick, a laptop running out of battery,
a network folder that goes away. Writing straight into the destination would leave a truncated
file that no longer opens, and the previous good version would be gone too. Instead the data goes
to a temporary file in the *same* directory (so the final rename never crosses file systems),
is flushed and fsync'ed to the disk, and only then renamed over the destination with
:func:`os.replace`, which is atomic on POSIX and Windows. If anything fails, the temporary file is
removed and the original stays exactly as it was.

Operating-system errors become :class:`~playground.core.errors.ProjectFileError` with a message
that names the file and says what to do, because the person reading it is a student, not a
programmer.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

from playground.core.errors import ProjectFileError

__all__ = ["atomic_write_bytes"]

_TEMP_ATTEMPTS = 16


def _explain(path: Path, exc: OSError) -> str:
    """A plain-words message for an OS error while saving ``path``, with the fix."""
    code = exc.errno
    where = f"Could not save {str(path)!r}"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"{where}: the disk is full. Free some space or save to another drive."
    if code in (errno.EACCES, errno.EPERM):
        return (
            f"{where}: permission denied. Save to a folder you are allowed to write to "
            "(for example your Documents folder), or close any program that has the file open."
        )
    if code == errno.EROFS:
        return f"{where}: the drive is read-only. Save to another drive or folder."
    if code == errno.ENOENT:
        return f"{where}: the folder does not exist. Choose an existing folder."
    if code == errno.ENOTDIR:
        return f"{where}: part of the path is a file, not a folder. Choose another location."
    if code == errno.EISDIR:
        return f"{where}: a folder with that name already exists. Choose another file name."
    if code == errno.ENAMETOOLONG:
        return f"{where}: the file name is too long. Choose a shorter name."
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"{where}: {reason}. Try saving to another folder."


def _open_temp(directory: Path, name: str) -> tuple[int, Path]:
    """Create a new, empty temporary file next to the destination and return (fd, path).

    ``os.open`` with mode 0o666 lets the user's umask decide permissions, as for any new file
    (``tempfile.mkstemp`` would make it private to the owner, and the rename would keep that).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(_TEMP_ATTEMPTS):
        temp = directory / f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "could not create a temporary file", str(directory))


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX only; best effort)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` atomically.

    Either the whole of ``data`` ends up at ``path`` or, on any error, ``path`` is left exactly
    as it was and no temporary file remains. A symbolic link at ``path`` is followed, so the file
    it points to is replaced and the link survives. If the destination already exists, its
    permission bits are kept.

    Raises :class:`ProjectFileError` (chained to the original :class:`OSError`) when the file
    cannot be written: disk full, permission denied, read-only drive, missing folder.
    """
    target = Path(path)
    if target.is_symlink():
        target = target.resolve()
    target = target.absolute()
    directory = target.parent
    temp: Path | None = None
    try:
        fd, temp = _open_temp(directory, target.name)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            os.chmod(temp, os.stat(target).st_mode & 0o7777)
        os.replace(temp, target)
        temp = None
    except OSError as exc:
        raise ProjectFileError(_explain(target, exc)) from exc
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    _fsync_directory(directory)
