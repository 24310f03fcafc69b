"""Write a file so that it is either completely replaced or not touched at all.

Students lose work when a save is interrupted: a full USB stick, a laptop running out of battery,
a network folder that goes away. Writing straight into the destination would leave a truncated
file that no longer opens, and the previous good version would be gone too. Instead the data goes
to a temporary file in the *same* directory (so the final rename never crosses file systems),
is flushed and fsync'ed to the disk, and only then renamed over the destination with
:func:`os.replace`, which is atomic on POSIX and Windows. If anything fails, the temporary file is
removed and the original stays exactly as it was.

A rename replaces whatever sits at the destination, so :func:`check_can_write` first refuses
what a save must never replace: a device such as ``/dev/full``, a named pipe, a socket, a folder,
or a read-only file (judged by its mode bits, so even root respects it). :class:`StagedFiles`
extends the same promise to several files written together, as an export writes them.

Operating-system errors become :class:`~playground.core.errors.ProjectFileError` with a message
that names the file and says what to do, because the person reading it is a student, not a
programmer; the message is a template with its values, so it is read in the student's language.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from playground.core.errors import ProjectFileError, ReadOnlyFileError
from playground.core.files.os_errors import os_reason, reason_message
from playground.core.messages import N_, Message

__all__ = ["StagedFiles", "atomic_write_bytes", "check_can_write", "move_into_place"]

_TEMP_ATTEMPTS = 16

_PERMISSION_ADVICE = N_(
    "Save to a folder you are allowed to write to (for example your Documents folder), "
    "or close any program that has the file open."
)
_OTHER_NAME = N_("Choose another file name.")
_READ_ONLY_FILE = N_("the file is read-only")
_SAVE_AS = N_("Save it under another name (Save As), or make the file writable.")
_LINK_LOOP = N_("it is a link that leads back to itself")

#: What a save says for each kind of OS error (see :mod:`os_errors`): the reason as the
#: student reads it after "Could not save 'x': " (None: the table's words) and what to do.
_SAVE_ADVICE: dict[str, tuple[str | None, str]] = {
    "disk-full": (None, N_("Free some space or save to another drive.")),
    "no-permission": (N_("permission denied"), _PERMISSION_ADVICE),
    "not-permitted": (N_("permission denied"), _PERMISSION_ADVICE),
    "read-only": (None, N_("Save to another drive or folder.")),
    # A save creates its file, so what is missing is the folder.
    "missing": (N_("the folder does not exist"), N_("Choose an existing folder.")),
    "not-a-folder": (None, N_("Choose another location.")),
    "is-a-folder": (N_("a folder with that name already exists"), _OTHER_NAME),
    "name-too-long": (None, N_("Choose a shorter name.")),
}


def _could_not_save(path: Path, reason: Message | str, advice: str) -> Message:
    """The one sentence of every refused save: which file, why (a phrase) and what to do (a
    sentence of its own, also a catalogue text)."""
    return Message("Could not save {path}: {reason}. {advice}", path=repr(str(path)),
                   reason=reason, advice=Message(advice))


def _explain(path: Path, exc: OSError) -> Message:
    """A plain-words message for an OS error while saving ``path``, with the fix."""
    reason = os_reason(exc)
    if reason is not None and reason.key in _SAVE_ADVICE:
        words, advice = _SAVE_ADVICE[reason.key]
        return _could_not_save(path, Message(words or reason.words), advice)
    return _could_not_save(path, reason_message(exc), N_("Try saving to another folder."))


def _what_it_is(mode: int) -> str:
    """What a non-regular file is, in words a student recognises."""
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return N_("it is a device, not a regular file")
    if stat.S_ISFIFO(mode):
        return N_("it is a named pipe (FIFO), not a regular file")
    if stat.S_ISSOCK(mode):
        return N_("it is a socket, not a regular file")
    return N_("it is not a regular file")


def _not_regular(path: Path, mode: int) -> Message:
    """The refusal for a destination that exists but is not an ordinary file."""
    if stat.S_ISDIR(mode):
        return _explain(path, OSError(errno.EISDIR, os.strerror(errno.EISDIR)))
    return _could_not_save(path, Message(_what_it_is(mode)), _OTHER_NAME)


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _writable(path: Path, mode: int) -> bool:
    """Whether ``path`` may be written, judged the way a student would judge it.

    The mode bits decide first: no write bit for anyone means the owner marked it read-only, and
    that is respected even by root (for whom :func:`os.access` always says yes). Other users are
    then asked the operating system, which also knows about groups and access lists.
    """
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return False
    return _is_root() or os.access(path, os.W_OK)


def _read_only_drive(directory: Path) -> bool:
    """Whether the folder sits on a drive mounted read-only (POSIX only)."""
    if not hasattr(os, "statvfs"):
        return False
    try:
        return bool(os.statvfs(directory).f_flag & getattr(os, "ST_RDONLY", 1))
    except OSError:
        return False


def check_can_write(path: Path) -> None:
    """Refuse, before anything is written, a destination that a save would harm or fail on.

    Refused: something that exists at ``path`` and is not a regular file (a folder, a device such
    as ``/dev/full``, a named pipe, a socket), which a rename would silently replace; a missing
    folder, or a folder that cannot be written; a file that is read-only (no write bit for anyone,
    which is respected even when running as root). A symbolic link is judged by what it points
    to, because that is what a save replaces. Raises :class:`ProjectFileError`, or its subclass
    :class:`ReadOnlyFileError` when saving under another name would work.
    """
    target = _destination(path)
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise ProjectFileError(_explain(target, exc)) from exc
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise ProjectFileError(_not_regular(target, info.st_mode))
    directory = target.parent
    try:
        folder = os.stat(directory)
    except OSError as exc:
        raise ProjectFileError(_explain(target, exc)) from exc
    if not stat.S_ISDIR(folder.st_mode):
        raise ProjectFileError(_explain(target, OSError(errno.ENOTDIR, "Not a directory")))
    if _read_only_drive(directory):
        raise ReadOnlyFileError(_explain(target, OSError(errno.EROFS, "Read-only file system")))
    if not _writable(directory, folder.st_mode):
        raise ReadOnlyFileError(_explain(target, OSError(errno.EACCES, "Permission denied")))
    if info is not None and not _writable(target, info.st_mode):
        raise ReadOnlyFileError(_could_not_save(target, Message(_READ_ONLY_FILE), _SAVE_AS))


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


def _keep_mode_or_refuse(temp: Path, target: Path) -> None:
    """Give ``temp`` the destination's permission bits, and refuse if it stopped being a file.

    Checked again right before the rename, because something else may have put a pipe or a
    device there since :func:`check_can_write` looked.
    """
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(info.st_mode):
        raise ProjectFileError(_not_regular(target, info.st_mode))
    with contextlib.suppress(OSError):
        os.chmod(temp, info.st_mode & 0o7777)


def _destination(path: str | os.PathLike[str]) -> Path:
    """The file a save really replaces: a symbolic link's target, as an absolute path."""
    target = Path(path)
    if target.is_symlink():
        try:
            target = target.resolve(strict=False)
        except (OSError, RuntimeError) as exc:  # Python 3.11 raises RuntimeError for a loop
            raise ProjectFileError(
                _could_not_save(target, Message(_LINK_LOOP), _OTHER_NAME)) from exc
    return target.absolute()


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class StagedFiles:
    """Several files replaced together: all of them land, or the folder stays as it was.

    :meth:`write` puts each file's data in a temporary file beside its destination (flushed and
    fsync'ed); :meth:`commit` then renames them all into place. Used as a context manager, an
    error before the commit removes every temporary file, so an export that fails at its second
    file (disk full) leaves neither a truncated file nor the first one behind. If a rename fails
    half way (rare: the data is already on the disk), the destinations this batch created are
    removed again; files that were there before are never removed.

    Every destination is checked with :func:`check_can_write` first; errors are
    :class:`ProjectFileError` with a plain-words message.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []  # (temporary file, destination)
        self._named: list[Path] = []  # each destination as the caller named it
        self._reserved: set[Path] = set()  # written by someone else, not yet fsync'ed

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.discard()

    def _stage(self, path: str | os.PathLike[str]) -> tuple[int, Path]:
        target = _destination(path)
        check_can_write(target)
        try:
            fd, temp = _open_temp(target.parent, target.name)
        except OSError as exc:
            raise ProjectFileError(_explain(target, exc)) from exc
        self._staged.append((temp, target))
        self._named.append(Path(path))
        return fd, target

    def write(self, path: str | os.PathLike[str], data: bytes) -> Path:
        """Stage ``data`` for ``path``; returns the file that will be replaced (a link's
        target)."""
        fd, target = self._stage(path)
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        except OSError as exc:
            raise ProjectFileError(_explain(target, exc)) from exc
        return target

    def reserve(self, path: str | os.PathLike[str]) -> Path:
        """An empty temporary file beside ``path``, for a writer that needs a file name (the
        ONNX exporter); :meth:`commit` moves whatever it holds then to ``path``."""
        fd, _target = self._stage(path)
        os.close(fd)
        temp = self._staged[-1][0]
        self._reserved.add(temp)
        return temp

    def commit(self) -> list[Path]:
        """Rename every staged file into place; returns the paths as the caller named them,
        in staging order."""
        staged, named, created = list(self._staged), list(self._named), []
        target = Path()
        try:
            for temp, target in staged:
                if temp in self._reserved:  # written by someone else: make it durable too
                    _fsync_file(temp)
                _keep_mode_or_refuse(temp, target)
                existed = os.path.lexists(target)
                os.replace(temp, target)
                if not existed:
                    created.append(target)
        except (OSError, ProjectFileError) as exc:
            for path in created:
                with contextlib.suppress(OSError):
                    os.unlink(path)
            if isinstance(exc, ProjectFileError):
                raise
            raise ProjectFileError(_explain(target, exc)) from exc
        finally:
            self.discard()
        for directory in dict.fromkeys(target.parent for _temp, target in staged):
            _fsync_directory(directory)
        return named

    def discard(self) -> None:
        """Remove the temporary files not yet renamed into place."""
        for temp, _target in self._staged:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        self._staged.clear()
        self._named.clear()
        self._reserved.clear()


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` atomically.

    Either the whole of ``data`` ends up at ``path`` or, on any error, ``path`` is left exactly
    as it was and no temporary file remains. A symbolic link at ``path`` is followed, so the file
    it points to is replaced and the link survives: the student chose that name, and replacing
    the link itself would quietly fork their file in two. If the destination already exists, its
    permission bits are kept.

    Nothing is written to a destination :func:`check_can_write` refuses (a device, a pipe, a
    folder, a read-only file), and the type is checked again right before the rename.

    Raises :class:`ProjectFileError` (chained to the original :class:`OSError`) when the file
    cannot be written: disk full, permission denied, read-only drive, missing folder.
    """
    with StagedFiles() as files:
        files.write(path, data)
        files.commit()


def move_into_place(finished: Path, path: str | os.PathLike[str]) -> Path:
    """Rename a complete file written elsewhere on the same drive (an export's hidden folder)
    to ``path``, with the same checks as a save; returns the destination (a link's target).

    Raises :class:`ProjectFileError`; ``finished`` stays where it was on failure.
    """
    target = _destination(path)
    check_can_write(target)
    try:
        _keep_mode_or_refuse(finished, target)
        os.replace(finished, target)
    except OSError as exc:
        raise ProjectFileError(_explain(target, exc)) from exc
    _fsync_directory(target.parent)
    return target
