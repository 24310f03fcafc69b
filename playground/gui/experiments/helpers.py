"""Extra worker processes for an experiment, and reading its study while they train.

With more than one process, the window's own background job trains its share and the others
are ``python -m playground sweep --join --storage URL --study NAME`` children: the engine shares
the runs out between processes through the study, without running one twice. The window does
not hear of the children's runs directly, so it reads the study every moment in the background
(:func:`~playground.core.experiments.reading.read_study`) and shows what it finds.

A child is stopped with SIGTERM (on Windows, ``terminate``): the command stops after its batch
and queues its run again, so pausing or stopping loses at most the children's runs under way,
which are run again later; the window's own run, stopped between runs, is never lost.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the reading module pulls in optuna, which the window's start need not load
    from playground.core.experiments.reading import StudySnapshot

__all__ = ["HelperProcesses", "read_snapshot", "usable_processes"]

KILL_AFTER_SECONDS = 5.0  # a child that does not end after its stop request is killed


def usable_processes() -> int:
    """How many processes an experiment may use at most: every core but one (kept for the
    window), at least one."""
    return max(1, (os.cpu_count() or 1) - 1)


def read_snapshot(url: str, name: str, with_importance: bool) -> StudySnapshot | None:
    """The study as it stands (for a background job: it reads a database)."""
    from playground.core.experiments.reading import read_study

    return read_study(url, name, with_importance=with_importance)


class HelperProcesses:
    """The child processes of one experiment (none until :meth:`start`)."""

    def __init__(self) -> None:
        self.children: list[subprocess.Popen[bytes]] = []  # every one started, ended or not
        self.stopped: set[int] = set()

    def start(self, count: int, url: str, name: str) -> None:
        """Start ``count`` children joining study ``name`` at ``url``."""
        command = [sys.executable, "-m", "playground", "sweep", "--join", "--storage", url,
                   "--study", name]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("QT_QPA_PLATFORM", None)  # the command line opens no window anyway
        for _ in range(count):
            self.children.append(subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, env=env))

    def alive(self) -> int:
        """How many children still run."""
        return sum(child.poll() is None for child in self.children)

    def pids(self) -> set[int]:
        return {child.pid for child in self.children}

    def stop(self) -> None:
        """Ask every child to stop after its batch (its run is queued again); once each (a
        second signal would end it at once)."""
        for child in self.children:
            if child.poll() is None and child.pid not in self.stopped:
                self.stopped.add(child.pid)
                child.terminate()

    def end(self) -> None:
        """Stop every child and wait for it (the window closes: nothing may outlive it)."""
        self.stop()
        for child in self.children:
            try:
                child.wait(timeout=KILL_AFTER_SECONDS)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
