"""Autosaves: a copy of the open project in the user data folder, to restore after a crash.

Why: a student who loses an hour of work to a frozen laptop or a killed process stops trusting
the tool. So the app keeps a recent copy of the open project (network, settings, history and the
latest weights) outside the student's own files, and the next start offers it back.

Layout, one folder per running window (several windows or app instances never share one)::

    <data folder>/autosave/session-<pid>-<random>/
        lock            held open with an OS lock while the process lives; holds its pid
        project.nnp     the latest autosave, an ordinary project file written atomically
        autosave.json   by which process, the project's own file, and when it was first written

The lock is how a *leftover* is recognised: an operating-system file lock (``flock`` on POSIX,
``msvcrt.locking`` on Windows) is released by the kernel when its process ends, however it ends
(``SIGKILL``, power loss, a crash), and it cannot be fooled by the pid being reused by another
program. A folder whose lock can be taken belongs to a process that is gone. Taking the lock
also *claims* the leftover, so two instances starting at once never both restore it. Where the
file system cannot lock, the pid is checked instead (POSIX only).

A clean exit removes the session folder. Nothing here imports torch at module level: the window
imports this module while starting, and torch would delay the first paint by seconds.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playground.core.errors import ProjectFileError
from playground.core.files.atomic import atomic_write_bytes
from playground.core.files.os_errors import os_reason, reason_message
from playground.core.messages import N_, Message

if TYPE_CHECKING:
    from playground.core.files.project import Project

__all__ = [
    "AUTOSAVE_DIR",
    "AutosaveSession",
    "Leftover",
    "autosave_root",
    "find_leftovers",
]

DATA_ROOT_ENV = "NN_PLAYGROUND_DATA"  # the same variable the dataset cache honours
AUTOSAVE_DIR = "autosave"
PROJECT_FILE = "project.nnp"
MARKER_FILE = "autosave.json"
LOCK_FILE = "lock"
MARKER_FORMAT = "nn-playground-autosave"
#: Folders without an autosave are removed once this old: younger ones may be a session that
#: is being created right now and has not locked its folder yet.
STALE_AFTER_SECONDS = 120.0
MAX_MARKER_BYTES = 64 * 1024


def autosave_root() -> Path:
    """``$NN_PLAYGROUND_DATA/autosave`` if set (tests, portable installs), else the user's data
    folder (``~/.local/share/nn-playground/autosave`` on Linux)."""
    env = os.environ.get(DATA_ROOT_ENV)
    if env:
        return Path(env).expanduser() / AUTOSAVE_DIR
    import platformdirs

    return platformdirs.user_data_path("nn-playground") / AUTOSAVE_DIR


#: What an autosave says for each kind of OS error (see :mod:`os_errors`). The folder is the
#: app's, not one the student chose, so the advice is to make room or ask for access.
_FOLDER_READ_ONLY = N_("Cannot autosave into {folder}: the folder is read-only. Ask for write "
                       "access to it.")
_AUTOSAVE_ADVICE: dict[str, str] = {
    "disk-full": N_("Cannot autosave into {folder}: the disk is full. Free some space on it."),
    "no-permission": _FOLDER_READ_ONLY,
    "not-permitted": _FOLDER_READ_ONLY,
    "read-only": _FOLDER_READ_ONLY,
}


def _explain(folder: Path, exc: OSError) -> Message:
    """Plain words for an OS error met while preparing the autosave folder."""
    where = repr(str(folder))
    reason = os_reason(exc)
    if reason is not None and reason.key in _AUTOSAVE_ADVICE:
        return Message(_AUTOSAVE_ADVICE[reason.key], folder=where)
    return Message("Cannot autosave into {folder}: {reason}.", folder=where,
                   reason=reason_message(exc))


# -- OS locks ------------------------------------------------------------------------------------
class _LocksUnsupported(Exception):
    """The file system cannot lock files (some network shares)."""


def _try_lock(fd: int) -> bool:
    """Take an exclusive lock on ``fd`` without waiting; False if another holder has it."""
    if os.name == "nt":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return False
        raise _LocksUnsupported from exc
    return True


def _pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists. Only asked where locks do not work; on Windows
    ``os.kill`` would end the process, so there every such folder counts as alive."""
    if os.name == "nt" or pid <= 0:
        return os.name == "nt"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _read_pid(fd: int) -> int:
    with contextlib.suppress(OSError, ValueError):
        os.lseek(fd, 0, os.SEEK_SET)
        return int(os.read(fd, 32).decode("ascii").strip() or 0)
    return 0


def _claim(folder: Path) -> int | None:
    """Open and lock ``folder``'s lock file; the open descriptor, or None if its owner lives."""
    try:
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        if _try_lock(fd):
            return fd
    except _LocksUnsupported:
        if not _pid_alive(_read_pid(fd)):
            return fd
    os.close(fd)
    return None


def _release(fd: int | None) -> None:
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)  # closing drops the lock


# -- leftovers -----------------------------------------------------------------------------------
@dataclass
class Leftover:
    """An autosave left by a process that is no longer running, claimed by this one.

    While a ``Leftover`` is held, its lock is held too, so no other instance offers it. Call
    :meth:`discard` (the user does not want it), :meth:`release` (ask again next time), or hand
    it to :meth:`AutosaveSession.adopt` after restoring it.
    """

    folder: Path
    saved_at: float  # seconds since the epoch
    original_path: Path | None  # the project's own file, if it had one
    name: str
    pid: int
    _fd: int | None = None

    @property
    def project_file(self) -> Path:
        return self.folder / PROJECT_FILE

    def load(self) -> Project:
        """The autosaved project, read with the same safe loader as any ``.nnp`` file."""
        from playground.core.files.project import load_project

        return load_project(self.project_file)

    def release(self) -> None:
        _release(self._fd)
        self._fd = None

    def discard(self) -> None:
        """Delete the leftover for good (unlocked first: Windows cannot delete an open file)."""
        self.release()
        shutil.rmtree(self.folder, ignore_errors=True)


def _read_marker(folder: Path) -> dict[str, Any]:
    """The marker's fields, or {} if it is missing or unreadable (the project file decides)."""
    try:
        with open(folder / MARKER_FILE, "rb") as stream:
            data = json.loads(stream.read(MAX_MARKER_BYTES).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == MARKER_FORMAT else {}


def _leftover(folder: Path, fd: int) -> Leftover:
    """The leftover in ``folder``. Its time is the project file's: the marker is only rewritten
    when what it says changes, so its own ``saved_at`` may be older."""
    marker = _read_marker(folder)
    saved_at = (folder / PROJECT_FILE).stat().st_mtime
    original = marker.get("original_path")
    name = marker.get("name")
    pid = marker.get("pid")
    return Leftover(
        folder=folder,
        saved_at=float(saved_at),
        original_path=Path(original) if isinstance(original, str) and original else None,
        name=name if isinstance(name, str) else "",
        pid=pid if isinstance(pid, int) else 0,
        _fd=fd,
    )


def find_leftovers(root: Path | None = None) -> list[Leftover]:
    """Autosaves of processes that have ended, newest first, each claimed (see :class:`Leftover`).

    Folders of ended processes that hold no autosave are removed on the way. Never raises: an
    unreadable autosave folder simply offers nothing.
    """
    root = autosave_root() if root is None else root
    try:
        folders = sorted(p for p in root.iterdir() if p.is_dir() and p.name.startswith("session-"))
    except OSError:
        return []
    found: list[Leftover] = []
    for folder in folders:
        fd = _claim(folder)
        if fd is None:
            if not (folder / LOCK_FILE).exists() and _older_than(folder, STALE_AFTER_SECONDS):
                shutil.rmtree(folder, ignore_errors=True)
            continue
        if (folder / PROJECT_FILE).is_file():
            try:
                found.append(_leftover(folder, fd))
                continue
            except OSError:
                pass
        _release(fd)
        if _older_than(folder, STALE_AFTER_SECONDS):
            shutil.rmtree(folder, ignore_errors=True)
    found.sort(key=lambda item: item.saved_at, reverse=True)
    return found


def _older_than(folder: Path, seconds: float) -> bool:
    try:
        return time.time() - folder.stat().st_mtime > seconds
    except OSError:
        return False


# -- this process's session ----------------------------------------------------------------------
class AutosaveSession:
    """The autosave slot of one open window: created and locked on the first save.

    Not thread-safe by itself: the caller makes sure only one :meth:`save` runs at a time (the
    GUI queues them on one background thread).
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = autosave_root() if root is None else root
        self.folder: Path | None = None
        self._fd: int | None = None
        self._marker: tuple[Path | None, str] | None = None  # what the marker on disk says

    @property
    def project_file(self) -> Path | None:
        return None if self.folder is None else self.folder / PROJECT_FILE

    def has_autosave(self) -> bool:
        return self.folder is not None and (self.folder / PROJECT_FILE).is_file()

    def _start(self) -> Path:
        """Create and lock this session's folder (once). Raises :class:`ProjectFileError`."""
        if self.folder is not None:
            return self.folder
        folder = self.root / f"session-{os.getpid()}-{secrets.token_hex(4)}"
        fd = None
        try:
            folder.mkdir(parents=True)
            fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0),
                         0o644)
            with contextlib.suppress(_LocksUnsupported):
                _try_lock(fd)
            os.write(fd, str(os.getpid()).encode("ascii"))
        except OSError as exc:
            _release(fd)
            shutil.rmtree(folder, ignore_errors=True)
            raise ProjectFileError(_explain(self.root, exc)) from exc
        self.folder, self._fd = folder, fd
        return folder

    def save(self, project: Project, original_path: Path | None = None) -> Path:
        """Write ``project`` as this session's autosave, atomically; returns the project file.

        The project file is written before the marker, so a marker always describes a complete
        autosave. The marker is rewritten only when what it says changes: during training the
        autosave follows every epoch, and each atomic write costs two ``fsync`` calls, so
        skipping the marker halves the time a checkpoint takes to reach the disk. Raises
        :class:`ProjectFileError` in plain words (disk full, read-only folder).
        """
        from playground.core.files.project import project_to_bytes

        data = project_to_bytes(project)
        folder = self._start()
        atomic_write_bytes(folder / PROJECT_FILE, data)
        if self._marker != (original_path, project.name):
            self._write_marker(original_path, project.name)
        return folder / PROJECT_FILE

    def adopt(self, leftover: Leftover) -> None:
        """Take over a restored leftover's project file (moved, not rewritten), then delete the
        leftover: the restored work is protected again at once, without a second copy."""
        folder = self._start()
        try:
            os.replace(leftover.project_file, folder / PROJECT_FILE)
        except OSError as exc:
            raise ProjectFileError(_explain(folder, exc)) from exc
        self._write_marker(leftover.original_path, leftover.name)
        leftover.discard()

    def _write_marker(self, original_path: Path | None, name: str) -> None:
        assert self.folder is not None
        from playground import __version__

        marker = {
            "format": MARKER_FORMAT,
            "version": 1,
            "app_version": __version__,
            "saved_at": time.time(),
            "pid": os.getpid(),
            "original_path": str(original_path) if original_path is not None else None,
            "name": name,
        }
        atomic_write_bytes(self.folder / MARKER_FILE, json.dumps(marker, indent=1).encode())
        self._marker = (original_path, name)

    def clear(self) -> None:
        """Forget the autosave (the project was saved to its own file); keep the slot."""
        if self.folder is not None:
            for name in (MARKER_FILE, PROJECT_FILE):
                with contextlib.suppress(OSError):
                    (self.folder / name).unlink()
        self._marker = None

    def close(self) -> None:
        """A clean exit: remove the session folder and release its lock."""
        _release(self._fd)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.folder, self._fd, self._marker = None, None, None
