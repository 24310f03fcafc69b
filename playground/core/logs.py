"""The application's log: a rotating file in the user's log folder, written with ``logging``.

Messages the user reads stay short; what it takes to find a cause (the traceback of an
unexpected error, of a failed run, of a refused file) goes to this file, and the messages that
send the user there name it. Modules of the core only ask for ``logging.getLogger(__name__)``;
the programs (the app, the command line) call :func:`setup_logging` once at start. Nothing is
configured on import, so a script or a test that uses the core keeps Python's own logging.

The file lives in the user's log folder (``platformdirs``; on Linux
``~/.local/state/nn-playground/log``), or in ``$NN_PLAYGROUND_LOG_DIR`` when that is set
(tests, portable installs). It is kept small: at 1 MB it is renamed ``nn-playground.log.1``
and a new one starts, and the three newest old files are kept. A folder that cannot be created
or written never stops the program: the log then goes to the error output, and a line there
says why.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import platform
import sys
import threading
from pathlib import Path
from typing import TextIO

LOG_DIR_ENV = "NN_PLAYGROUND_LOG_DIR"
APP_FOLDER = "nn-playground"  # the name platformdirs files the folder under
FILE_NAME = "nn-playground.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
# Time, level and source first, so a reader can scan the file; the thread tells a training
# run's records from the window's.
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"
# The name our handler carries on the root logger: how a second call finds the first one's.
HANDLER_NAME = "nn-playground-log"

_lock = threading.Lock()
_handler: logging.Handler | None = None
_file: Path | None = None  # the file being written; None before set-up or on the error output

logger = logging.getLogger(__name__)


def log_folder() -> Path:
    """Where the log files are kept: ``$NN_PLAYGROUND_LOG_DIR``, or the user's log folder."""
    env = os.environ.get(LOG_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_log_path(APP_FOLDER)


def log_file() -> Path:
    """The log file: the one being written once :func:`setup_logging` succeeded, else the one
    it would write (in :func:`log_folder`)."""
    with _lock:
        if _file is not None:
            return _file
    return log_folder() / FILE_NAME


def writing_to_file() -> bool:
    """True when the log goes to :func:`log_file` (set up, and the file could be opened)."""
    with _lock:
        return _file is not None


def details_location() -> str:
    """Where the details of an error are, for a sentence "… details are in {where}.".

    Names the file when the log is written to one, so the user (or whoever helps them) can
    find it without knowing the platform's folders; otherwise the records went to the error
    output (a program that never set up logging, or a folder that could not be written).
    """
    with _lock:
        path = _file
    return f"the log: {path}" if path is not None else "the error output (stderr)"


def setup_logging(
    folder: Path | None = None,
    *,
    level: int = logging.INFO,
    max_bytes: int = MAX_BYTES,
    backups: int = BACKUPS,
    fallback: TextIO | None = None,
) -> Path | None:
    """Send this program's log records to the rotating file in ``folder`` (default
    :func:`log_folder`); the file's path, or ``None`` when it could not be opened.

    Calling it again with the same folder changes nothing; with another folder (the
    environment variable changed, a test's own folder) the log moves there. When the folder
    cannot be created or the file cannot be opened, records of level WARNING and above go to
    ``fallback`` (default ``sys.stderr``) instead, after one line there that says why: logging
    must never be the reason a program stops.
    """
    global _handler, _file
    target = (folder if folder is not None else log_folder()) / FILE_NAME
    with _lock:
        if _handler is not None and _file == target:
            return target
        _remove_handler()
        handler: logging.Handler
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                target, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
            )
            handler.setLevel(level)
            _file = target
        except (OSError, ValueError) as exc:  # ValueError: a path with a NUL character
            stream = fallback if fallback is not None else sys.stderr
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            _say(stream, f"nn-playground: cannot write the log to {target} ({reason}); "
                         "errors go to this output instead.\n")
            handler = logging.StreamHandler(stream)
            handler.setLevel(max(level, logging.WARNING))  # keep a terminal quiet
            _file = None
        handler.set_name(HANDLER_NAME)
        handler.setFormatter(logging.Formatter(FORMAT))
        logging.getLogger().addHandler(handler)
        _handler = handler
        # Our own records at ``level`` and up reach the handler; other libraries' pass through
        # the root logger's level (WARNING unless the program chose otherwise).
        ours = logging.getLogger("playground")
        if ours.level == logging.NOTSET or ours.level > level:
            ours.setLevel(level)
        path = _file
    from playground import __version__

    logger.info(
        "Neural Network Playground %s started: Python %s on %s, command %s",
        __version__, platform.python_version(), platform.platform(), " ".join(sys.argv),
    )
    return path


def close_logging() -> None:
    """Stop writing the log and close its file (at exit, or when a test is done with it)."""
    global _file
    with _lock:
        _remove_handler()
        _file = None


def _remove_handler() -> None:
    global _handler
    if _handler is None:
        return
    logging.getLogger().removeHandler(_handler)
    _handler.close()
    _handler = None


def _say(stream: TextIO, text: str) -> None:
    """Write ``text`` to ``stream`` if it can be written at all (a closed terminal cannot)."""
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        pass
