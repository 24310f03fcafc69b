"""The local leaderboard: every attempt at a challenge on this computer, best first.

A challenge makes a class try again and again; the board shows each try beside the best ones.
It is one small JSON file in the user's data folder (``$NN_PLAYGROUND_DATA/challenges.json``
when that is set, as in tests and portable installs, else ``~/.local/share/nn-playground`` on
Linux), keyed by :meth:`Challenge.key`, written atomically so an interrupted save leaves the
previous board whole. It stays small: at most :data:`MAX_ATTEMPTS` attempts a challenge (the
best ones) and :data:`MAX_CHALLENGES` challenges (the most recently tried).

A board that cannot be read (damaged, written by a newer app, far too large) is never a reason
to fail a run: it is renamed aside (``challenges.broken-<time>.json``, kept for whoever wants
to look) and a new one starts, with a message saying so. An entry that does not fit (a
hand-edited file) is left out.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from playground.core.errors import PlaygroundError
from playground.core.files.atomic import atomic_write_bytes
from playground.core.messages import N_, Message

DATA_ROOT_ENV = "NN_PLAYGROUND_DATA"  # the variable the autosave and the dataset cache honour
BOARD_FILE = "challenges.json"
BOARD_FORMAT = "nn-playground-challenge-board"
BOARD_VERSION = 1
MAX_ATTEMPTS = 50
MAX_CHALLENGES = 100
MAX_BOARD_BYTES = 2 * 1024 * 1024
MAX_NETWORK_CHARS = 160
MAX_KEY_CHARS = 100


def board_path() -> Path:
    """Where the leaderboard lives (see the module docstring)."""
    env = os.environ.get(DATA_ROOT_ENV)
    if env:
        return Path(env).expanduser() / BOARD_FILE
    import platformdirs

    return platformdirs.user_data_path("nn-playground") / BOARD_FILE


@dataclass(frozen=True)
class Attempt:
    """One run at a challenge: when, how it scored, and what network it was."""

    id: str
    date: str  # ISO 8601, UTC
    score: int
    passed: bool
    parameters: int | None
    accuracy: float | None  # the test accuracy, a share from 0 to 1
    epochs: int
    network: str  # one line: "Conv2D 16 → MaxPool2D → … → Dense 10"

    @classmethod
    def new(cls, score: int, passed: bool, parameters: int | None, accuracy: float | None,
            epochs: int, network: str) -> Attempt:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        return cls(secrets.token_hex(6), now, int(score), bool(passed), parameters, accuracy,
                   int(epochs), network[:MAX_NETWORK_CHARS])

    @classmethod
    def from_dict(cls, data: Any) -> Attempt | None:
        """The attempt an entry of the file holds; None when it does not fit."""
        if not isinstance(data, Mapping):
            return None
        try:
            attempt = cls(**{name: data[name] for name in cls.__dataclass_fields__})
        except (KeyError, TypeError):
            return None
        whole = lambda v: isinstance(v, int) and not isinstance(v, bool)  # noqa: E731
        ok = (isinstance(attempt.id, str) and len(attempt.id) <= 32
              and isinstance(attempt.date, str) and len(attempt.date) <= 40
              and whole(attempt.score) and 0 <= attempt.score <= 100
              and isinstance(attempt.passed, bool)
              and (attempt.parameters is None or whole(attempt.parameters))
              and (attempt.accuracy is None or (isinstance(attempt.accuracy, (int, float))
                                                and math.isfinite(attempt.accuracy)))
              and whole(attempt.epochs) and isinstance(attempt.network, str))
        return attempt if ok else None

    def rank_key(self) -> tuple[Any, ...]:
        """Best first: the score, then a pass, more accuracy, fewer parameters, the earlier."""
        return (-self.score, not self.passed, -(self.accuracy or 0.0),
                self.parameters if self.parameters is not None else math.inf, self.date)


def ranked(attempts: list[Attempt]) -> list[Attempt]:
    return sorted(attempts, key=Attempt.rank_key)


class BoardError(PlaygroundError):
    """The board could not be saved (its message names the file and what to do)."""


class Leaderboard:
    """The board file: read whenever asked (it is small), rewritten whole on each attempt.

    ``problem`` holds, after a read, what was wrong with the file and where it was set aside.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or board_path()
        self.problem: Message | None = None

    def _read(self) -> dict[str, list[Attempt]]:
        self.problem = None
        try:
            size = self.path.stat().st_size
            if size > MAX_BOARD_BYTES:
                raise ValueError("too large")
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not (isinstance(data, Mapping) and data.get("format") == BOARD_FORMAT
                    and data.get("version") == BOARD_VERSION
                    and isinstance(data.get("challenges"), Mapping)):
                raise ValueError("not a board")
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            self._set_aside()
            return {}
        board: dict[str, list[Attempt]] = {}
        for key, entries in data["challenges"].items():
            if isinstance(key, str) and len(key) <= MAX_KEY_CHARS and isinstance(entries, list):
                attempts = [a for a in map(Attempt.from_dict, entries[:MAX_ATTEMPTS * 2]) if a]
                board[key] = ranked(attempts)[:MAX_ATTEMPTS]
        return board

    def _set_aside(self) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.broken-{stamp}{self.path.suffix}")
        try:
            os.replace(self.path, aside)
        except OSError:
            # Cannot even rename it: the next save replaces it (atomically) all the same.
            self.problem = Message(N_("The challenge results in {name} could not be read; "
                                      "a new board starts."), name=str(self.path))
            return
        self.problem = Message(N_("The challenge results in {name} could not be read; they "
                                  "were set aside as {aside} and a new board starts."),
                               name=str(self.path), aside=aside.name)

    def attempts(self, key: str) -> list[Attempt]:
        """The attempts at challenge ``key``, best first."""
        return self._read().get(key, [])

    def record(self, key: str, attempt: Attempt) -> list[Attempt]:
        """Add ``attempt`` to challenge ``key`` and save; returns that challenge's board, best
        first (the attempt may be missing from it if :data:`MAX_ATTEMPTS` better ones exist).

        Raises :class:`BoardError` when the file cannot be written.
        """
        board = self._read()
        problem = self.problem
        attempts = ranked([*board.pop(key, []), attempt])[:MAX_ATTEMPTS]
        board[key] = attempts  # last: the most recently tried challenge
        while len(board) > MAX_CHALLENGES:
            board.pop(next(iter(board)))
        data = {"format": BOARD_FORMAT, "version": BOARD_VERSION,
                "challenges": {k: [asdict(a) for a in v] for k, v in board.items()}}
        try:
            with contextlib.suppress(FileExistsError):
                self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, json.dumps(data, ensure_ascii=False,
                                                     indent=1).encode("utf-8"))
        except OSError as exc:
            raise BoardError(N_("Could not keep the challenge results in {name}: {error}."),
                             name=str(self.path), error=str(exc)) from None
        except PlaygroundError as exc:
            raise BoardError(exc.message) from None
        finally:
            self.problem = problem
        return attempts
