"""How another thread steers a run: pause, resume, single steps, stop, a new learning rate.

Kept apart from the loop so the window's worker, the command line's signal handlers and the
experiments can hold a control without importing the training engine (and torch) itself.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable


class TrainingControl:
    """Thread-safe requests from another thread: pause, resume, step, stop, learning rate.

    The loop calls :meth:`checkpoint` between batches. The fast path reads two attributes and
    returns, so an unsteered run pays nothing for being steerable.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._paused = False
        self._stop = False
        self._steps = 0
        self._pending_lr: float | None = None
        self._waiting = False
        self.aborted = False

    def pause(self) -> None:
        with self._cond:
            self._paused = True

    def resume(self) -> None:
        with self._cond:
            self._paused = False
            self._cond.notify_all()

    def step(self, batches: int = 1) -> None:
        """Run exactly ``batches`` more batches, then stay paused."""
        with self._cond:
            self._paused = True
            self._steps += batches
            self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify_all()

    def abort(self) -> None:
        """Stop without the final evaluation: the run is being thrown away (window closing)."""
        self.aborted = True
        self.stop()

    def set_learning_rate(self, lr: float) -> None:
        """Takes effect at the next batch."""
        if not (lr > 0 and math.isfinite(lr)):
            raise ValueError("The learning rate must be a positive number.")
        with self._cond:
            self._pending_lr = lr

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def stop_requested(self) -> bool:
        return self._stop

    def take_learning_rate(self) -> float | None:
        if self._pending_lr is None:
            return None
        with self._cond:
            lr, self._pending_lr = self._pending_lr, None
            return lr

    def checkpoint(self, on_pause: Callable[[], None] | None = None) -> bool:
        """Wait while paused; ``False`` means stop now. ``on_pause`` runs once before waiting."""
        if not self._paused or self._stop:
            return not self._stop
        with self._cond:
            notified = False
            try:
                while self._paused and self._steps == 0 and not self._stop:
                    if not notified and on_pause is not None:
                        notified = True
                        self._cond.release()
                        try:
                            on_pause()
                        finally:
                            self._cond.acquire()
                        continue
                    self._waiting = True
                    self._cond.wait(0.1)
            finally:
                self._waiting = False
            if self._stop:
                return False
            if self._steps > 0:
                self._steps -= 1
            return True

    @property
    def waiting(self) -> bool:
        """True while the loop is blocked on this control, between two batches: what it
        reported before pausing has been sent, and nothing trains until a step or resume."""
        return self._waiting
