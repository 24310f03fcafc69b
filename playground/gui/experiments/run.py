"""One experiment running off the GUI thread, and where its study is kept.

The experiment runs as a job of the background pool (never on the GUI thread, never in the
window's training runner, which stays free for the student's own run). Each run's progress
reaches the GUI thread as plain data (:class:`~playground.core.experiments.records.TrialRecord`)
through the pool's queued signal. Stop is a request the engine reads between runs: the run under
way finishes and counts; closing the window cancels the job, which ends the run at once.

Pause works between runs too: the run under way finishes (a result half-trained would be
thrown away, and a student who pauses to look wants that result), then the job ends, holding
no thread and no data while paused. Resume starts a new job on the same study, which the
engine continues where it stood: nothing runs twice. The same is how an experiment left
unfinished (the window closed, the computer crashed) is continued when its project reopens.
With more processes (:mod:`helpers`), the others join the study and the window reads it.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from playground.core.experiments import records as rec
from playground.core.experiments.definition import Experiment
from playground.core.experiments.records import TrialRecord
from playground.gui.background import Job, background, error_message
from playground.gui.experiments.helpers import HelperProcesses, read_snapshot

__all__ = ["ExperimentRun", "storage_for"]

STUDY_FOLDER = "experiments"
STUDY_SUFFIX = ".study.db"  # the engine's storage.STUDY_SUFFIX
POLL_MS = 1500  # how often the study is read while other processes train
RUNNING, PAUSING, PAUSED, STOPPING, ENDED = "running", "pausing", "paused", "stopping", "ended"


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
    ``TrialRecord``), ``studyRead`` (a ``StudySnapshot``: every process's runs and the
    settings' importance), ``pausedChanged(bool)``, then ``finished`` (an
    ``ExperimentResult``) or ``failed`` (a text).

    ``study_name``: an existing study to continue (None: a new one). ``processes``: how many
    processes train (the extra ones are :class:`HelperProcesses`; needs a storage URL).
    """

    trialChanged = Signal(object)
    studyRead = Signal(object)
    pausedChanged = Signal(bool)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, experiment: Experiment, storage_url: str | None,
                 parent: QObject | None = None, *, study_name: str | None = None,
                 processes: int = 1) -> None:
        super().__init__(parent)
        self.experiment = experiment
        self.storage_url = storage_url
        self.study_name = study_name or (
            "window-" + time.strftime("%Y%m%d-%H%M%S") + f"-{id(self) % 10000}")
        self.processes = max(1, processes) if storage_url is not None else 1
        self.helpers = HelperProcesses()
        self._requested = threading.Event()
        self.job: Job[Any] | None = None
        self.state = ENDED
        self.result: Any = None
        self._measured_read = -1  # finished runs when importance was last worked out
        self._helping = False  # helper processes started for the job under way
        self._final_read = False
        self.poll = QTimer(self, interval=POLL_MS)
        self.poll.timeout.connect(lambda: self.read_study())

    @property
    def running(self) -> bool:
        """Whether the experiment has not ended (it may be paused)."""
        return self.state != ENDED

    @property
    def paused(self) -> bool:
        return self.state == PAUSED

    @property
    def can_pause(self) -> bool:
        """Running, with this process's share not yet done (once it is, the others' last
        runs are let finish: pausing them would only throw them away)."""
        return self.state == RUNNING and self.job is not None and not self.job.done

    @property
    def stop_requested(self) -> bool:
        return self.state == STOPPING

    def start(self) -> None:
        self.state = RUNNING
        self._requested = requested = threading.Event()  # each job its own
        self.job = background().submit(
            lambda job: self._work(job, requested), owner=self, key="experiment",
            on_result=self._done, on_error=self._error, on_progress=self._progress,
            name="experiment")

    def _work(self, job: Job[Any], requested: threading.Event) -> Any:
        from playground.core.experiments.runner import run_experiment

        stop = _StopBetweenRuns(job, requested)

        def on_trial(record: TrialRecord) -> None:
            stop.record(record)
            job.report(record)

        return run_experiment(self.experiment, self.storage_url, self.study_name,
                              on_trial=on_trial, should_stop=stop, cpu_threads=1)

    def _progress(self, record: TrialRecord) -> None:
        self.trialChanged.emit(record)
        if self.processes > 1 and not self._helping and self.state == RUNNING:
            # The study exists once this process's first run starts: the others join it.
            assert self.storage_url is not None
            self._helping = True
            self.helpers.start(self.processes - 1, self.storage_url, self.study_name)
            self.poll.start()
        if record.status in rec.FINISHED and len(self.experiment.vary) > 1:
            self.read_study()  # the settings' importance, with this run

    # -- reading the study ---------------------------------------------------------------------
    def read_study(self, on_read: Any = None) -> None:
        """Read the study in the background (every process's runs; the importance when more
        runs have finished since it was last worked out); ``studyRead`` gets it."""
        url = self.storage_url
        if url is None:
            return
        name, several = self.study_name, len(self.experiment.vary) > 1
        known = self._measured_read

        def work(_job: Job[Any]) -> Any:
            snapshot = read_snapshot(url, name, with_importance=False)
            if snapshot is not None and several:
                done = sum(r.status in rec.FINISHED for r in snapshot.records)
                if done != known or on_read is not None:
                    snapshot = read_snapshot(url, name, with_importance=True)
            return snapshot

        def read(snapshot: Any) -> None:
            if snapshot is None:
                return
            if snapshot.importance is not None or snapshot.importance_note is not None:
                self._measured_read = sum(r.status in rec.FINISHED for r in snapshot.records)
            self.studyRead.emit(snapshot)
            if on_read is not None:
                on_read(snapshot)

        background().submit(work, owner=self, key="read" if on_read is None else "final",
                            on_result=read, on_error=lambda _e: None, name="experiment study")

    # -- pausing and stopping ------------------------------------------------------------------
    def pause(self) -> None:
        """Pause after the run under way (its result is kept); the other processes stop at
        once and their runs are queued again."""
        if self.can_pause:
            self.state = PAUSING
            self._requested.set()
            self.helpers.stop()

    def resume(self) -> None:
        """Go on with the study: a new job (and new helper processes), nothing run twice."""
        if self.state == PAUSED:
            self._helping = False  # the new job starts helpers again
            self.start()
            self.pausedChanged.emit(False)

    def request_stop(self) -> None:
        """Stop after the run under way (its result is kept); every process stops."""
        self.helpers.stop()
        if self.state == PAUSED:
            self.state = STOPPING
            self._finish(self.result)
        elif self.state in (RUNNING, PAUSING):
            self.state = STOPPING
            self._requested.set()

    def cancel(self) -> None:
        """End at once and drop the outcome (the window closes)."""
        self._requested.set()
        self.poll.stop()
        if self.job is not None:
            self.job.cancel()
        self.helpers.end()
        self.state = ENDED

    def _done(self, result: Any) -> None:
        self.result = result
        if self.state == PAUSING and result.stopped == "stopped":
            self.state = PAUSED
            self.poll.stop()
            self.pausedChanged.emit(True)
            return
        self._finish(result)

    def _finish(self, result: Any) -> None:
        """End, once every process has: the result then holds every process's runs."""
        if self.state == ENDED:  # cancelled meanwhile
            return
        if self.helpers.alive():  # this process is done; the others finish (or stop) too
            if result.stopped != "finished":
                self.helpers.stop()
            self.poll.start()
            QTimer.singleShot(POLL_MS // 3, lambda: self._finish(result))
            return
        self.poll.stop()
        if self.helpers.children and not self._final_read:
            self._final_read = True
            self.read_study(on_read=lambda s: self._ended(dataclasses.replace(
                result, records=s.records, rows=s.rows, importance=s.importance,
                importance_note=s.importance_note)))
            return
        self._ended(result)

    def _ended(self, result: Any) -> None:
        self.state = ENDED
        self.result = result
        self.finished.emit(result)

    def _error(self, exc: BaseException) -> None:
        self.state = ENDED
        self.poll.stop()
        self.helpers.stop()
        self.failed.emit(error_message(exc))
