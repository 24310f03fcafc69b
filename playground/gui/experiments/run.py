"""One experiment running off the GUI thread, and where its study is kept.

The experiment runs as a job of the background pool (never on the GUI thread, never in the
window's training runner, which stays free for the student's own run). Each run's progress
reaches the GUI thread as plain data (:class:`~playground.core.experiments.records.TrialRecord`)
through the pool's queued signal. Stop is a request the engine reads between runs: the run under
way finishes and counts; closing the window cancels the job, which ends the run at once.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from playground.core.experiments import records as rec
from playground.core.experiments.definition import Experiment
from playground.core.experiments.records import TrialRecord
from playground.gui.background import Job, background, error_message

__all__ = ["ExperimentRun", "storage_for"]

STUDY_FOLDER = "experiments"
STUDY_SUFFIX = ".study.db"  # the engine's storage.STUDY_SUFFIX


def storage_for(project: Path | None, name: str) -> str:
    """An SQLite study beside the project (``x.nnp`` → ``x.study.db``, as the engine's
    ``default_storage_url`` names it), or, for a project never saved, in the app's data folder
    (never the current folder, which may be anywhere). Worked out here rather than by the
    storage module, whose import (optuna, SQLAlchemy) would pause the window."""
    if project is not None:
        return "sqlite:///" + project.with_suffix(STUDY_SUFFIX).resolve().as_posix()
    from playground.core.files.autosave import autosave_root

    folder = autosave_root().parent / STUDY_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return "sqlite:///" + (folder / (name + STUDY_SUFFIX)).resolve().as_posix()


class _StopBetweenRuns:
    """What the engine asks between batches and between runs: stop only once the run under way
    has ended (its result counts), unless the job was cancelled (the window closes)."""

    def __init__(self, job: Job[Any], requested: threading.Event) -> None:
        self.job, self.requested = job, requested
        self.in_run = False

    def record(self, record: TrialRecord) -> None:
        self.in_run = record.status == rec.RUNNING

    def __call__(self) -> bool:
        return self.job.cancelled or (self.requested.is_set() and not self.in_run)


class ExperimentRun(QObject):
    """An experiment started in the background: ``trialChanged`` per run update (a
    ``TrialRecord``), then ``finished`` (an ``ExperimentResult``) or ``failed`` (a text)."""

    trialChanged = Signal(object)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, experiment: Experiment, storage_url: str | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.experiment = experiment
        self.storage_url = storage_url
        self.study_name = "window-" + time.strftime("%Y%m%d-%H%M%S") + f"-{id(self) % 10000}"
        self._requested = threading.Event()
        self.job: Job[Any] | None = None
        self.running = False

    def start(self) -> None:
        self.running = True
        self.job = background().submit(
            self._work, owner=self, key="experiment", on_result=self._done,
            on_error=self._error, on_progress=self.trialChanged.emit, name="experiment")

    def _work(self, job: Job[Any]) -> Any:
        from playground.core.experiments.runner import run_experiment

        stop = _StopBetweenRuns(job, self._requested)

        def on_trial(record: TrialRecord) -> None:
            stop.record(record)
            job.report(record)

        return run_experiment(self.experiment, self.storage_url, self.study_name,
                              on_trial=on_trial, should_stop=stop, cpu_threads=1)

    def request_stop(self) -> None:
        """Stop after the run under way (its result is kept)."""
        self._requested.set()

    @property
    def stop_requested(self) -> bool:
        return self._requested.is_set()

    def cancel(self) -> None:
        """End at once and drop the outcome (the window closes)."""
        self._requested.set()
        if self.job is not None:
            self.job.cancel()
        self.running = False

    def _done(self, result: Any) -> None:
        self.running = False
        self.finished.emit(result)

    def _error(self, exc: BaseException) -> None:
        self.running = False
        self.failed.emit(error_message(exc))
