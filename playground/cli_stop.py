"""Ending a command-line run early on a signal, without losing what was trained.

Ctrl+C (SIGINT), ``kill`` (SIGTERM) and a closed terminal or a batch system's hang-up (SIGHUP)
all ask the run to stop after the current batch; the command then saves ``--out`` and the
metrics as after a normal run and says where it stopped. A second signal of the same kind gets
the handler that was there before (Ctrl+C twice aborts at once). The previous handlers are put
back when the run is over. What it says is a catalogue text, in the command line's language.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType, TracebackType
from typing import Any, TextIO

from playground.core.messages import Message

__all__ = ["StopOnSignals"]

_NAMES = ("SIGINT", "SIGTERM", "SIGHUP")


class StopOnSignals:
    """While active, SIGINT, SIGTERM and SIGHUP call ``stop()`` instead of ending the process.

    Also an event listener: it remembers the last epoch and batch the run reported, so the
    final message can say where the run stopped. Signals can only be caught on the main thread;
    elsewhere (a test calling ``main`` from a thread) it does nothing.
    """

    def __init__(self, stop: Any, err: TextIO, language: str = "en",
                 locale: str | None = None) -> None:
        self._stop = stop
        self._err = err
        self._language, self._locale = language, locale
        self._previous: dict[int, Any] = {}
        self.received: int | None = None
        self.epoch = 0
        self.batch = 0

    @property
    def name(self) -> str:
        """The first signal received, as people know it ("Ctrl+C" for SIGINT)."""
        if self.received is None:
            return ""
        if self.received == signal.SIGINT:
            return "Ctrl+C"
        return signal.Signals(self.received).name

    def exit_code(self, otherwise: int) -> int:
        """SIGTERM and SIGHUP end with 128 + the signal's number, as a killed program does, so
        a script sees the run did not finish; Ctrl+C is the user's own choice and keeps
        ``otherwise``."""
        if self.received is None or self.received == signal.SIGINT:
            return otherwise
        return 128 + self.received

    def where(self) -> Message:
        """Where the run stopped, for the line that says so."""
        if self.epoch == 0:
            return Message("before the first batch")
        return Message("after epoch {epoch}, batch {batch}", epoch=self.epoch, batch=self.batch)

    def __call__(self, event: object) -> None:
        from playground.core.training import events as ev

        if isinstance(event, ev.BatchProgress):
            self.epoch, self.batch = event.epoch, event.batch

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.received is None:
            self.received = signum
        self._stop()
        again = "Ctrl+C" if signum == signal.SIGINT else signal.Signals(signum).name
        try:
            line = Message("Stopping after this batch ({signal} again to abort)...", signal=again)
            self._err.write(f"\n{line.render(self._language, self._locale)}\n")
            self._err.flush()
        except (OSError, ValueError):  # the terminal is gone (SIGHUP): nobody to tell
            pass
        signal.signal(signum, self._previous.get(signum, signal.SIG_DFL))

    def __enter__(self) -> StopOnSignals:
        if threading.current_thread() is not threading.main_thread():
            return self
        for name in _NAMES:
            signum = getattr(signal, name, None)
            if signum is not None:
                self._previous[signum] = signal.signal(signum, self._on_signal)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        self._previous.clear()
