"""The Experiments pane: what runs, what waits, and the answer as it comes in.

Left, the queue: every run with its varied values and how it stands (running, done, waiting,
pruned...). Then every run's curve, the final accuracy against the varied setting, the table
(one row per combination) and, once the experiment ends, the plain-language conclusion; when
two settings or more vary, the parallel coordinates and each setting's importance
(:mod:`parallel`) take the final plot's place. Stop ends the experiment after the run under
way, which is said on the button's tip and in the status line once asked; Pause waits for it
too, and the queue and the status line say "paused" until Resume. An experiment read back from
its study (its project reopened) is shown as it stood, with Continue when runs are left.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from playground.core.experiments import records as rec
from playground.core.experiments.definition import Experiment
from playground.core.experiments.records import TrialRecord, combination_key, says_more
from playground.gui.experiments.parallel import ParallelView
from playground.gui.experiments.views import Colours, FinalPlot, ResultsTable, RunCurves
from playground.gui.experiments.views import values_text as _values_text
from playground.gui.i18n import translate_message

__all__ = ["ExperimentsPane"]

QUEUE_MARKS = {rec.RUNNING: "▶", rec.WAITING: "…", rec.COMPLETED: "✓", rec.TARGET: "✓",
               rec.PRUNED: "✂", rec.DIVERGED: "✗", rec.FAILED: "✗", rec.STOPPED: "■"}


class ExperimentsPane(QWidget):
    """Shows one experiment at a time; ``stopRequested`` and ``useRequested(values)`` go to the
    feature, which owns the run and the document."""

    stopRequested = Signal()
    pauseRequested = Signal(bool)  # True: pause, False: resume
    continueRequested = Signal()
    useRequested = Signal(object)  # dict of the varied values

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("experimentsPane")
        self.experiment: Experiment | None = None
        self.records: dict[int, TrialRecord] = {}
        self.colours = Colours()
        self.title = QLabel(self.tr("No experiment yet: Training ▸ New Experiment… asks one "
                                    "question and runs the networks that answer it."),
                            objectName="experimentTitle")
        self.title.setWordWrap(True)
        self.status = QLabel(objectName="experimentStatus")
        self.stop_button = QPushButton(self.tr("Stop"), objectName="stopExperimentButton")
        self.stop_button.setToolTip(self.tr("Stop the experiment after the run under way (its "
                                            "result is kept)"))
        self.stop_button.setAccessibleName(self.tr("Stop the experiment"))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stopRequested)
        self.paused = False
        self.pause_button = QPushButton(self.tr("Pause"), objectName="pauseExperimentButton")
        self.pause_button.setToolTip(self.tr("Pause the experiment after the run under way; "
                                             "Resume goes on where it stopped"))
        self.pause_button.setAccessibleName(self.tr("Pause the experiment"))
        self.pause_button.setEnabled(False)
        self.pause_button.clicked.connect(lambda: self.pauseRequested.emit(not self.paused))
        self.continue_button = QPushButton(objectName="continueExperimentButton")
        self.continue_button.setToolTip(self.tr("Run what is left of this experiment (the "
                                                "runs already done are kept)"))
        self.continue_button.setAccessibleName(self.tr("Continue the experiment"))
        self.continue_button.hide()
        self.continue_button.clicked.connect(self.continueRequested)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.status)
        for button in (self.continue_button, self.pause_button, self.stop_button):
            top.addWidget(button)

        self.queue = QListWidget(objectName="experimentQueue")
        self.queue.setAccessibleName(self.tr("Runs of the experiment"))
        self.curves = RunCurves(self.colours)
        self.final_plot = FinalPlot(self.colours)
        self.table = ResultsTable()
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.use_button = QPushButton(self.tr("Use this network"), objectName="useNetworkButton")
        self.use_button.setToolTip(self.tr("Make the selected row's network and settings the "
                                           "current ones (one step to undo)"))
        self.use_button.setAccessibleName(self.tr("Use the selected row's network"))
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self._use)
        # Read-only text that scrolls: a long paragraph (Spanish is longer) stays readable.
        self.conclusion = QPlainTextEdit(objectName="experimentConclusion", readOnly=True)
        self.conclusion.setFrameShape(QFrame.Shape.NoFrame)
        self.conclusion.setAccessibleName(self.tr("What the experiment shows"))
        self.conclusion.viewport().setAutoFillBackground(False)

        plots = QSplitter(Qt.Orientation.Horizontal)
        self.parallel = ParallelView()
        self.parallel.hide()
        for widget in (self.queue, self.curves, self.final_plot, self.parallel):
            plots.addWidget(widget)
        plots.setSizes([220, 420, 300, 460])
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.conclusion, 1)
        column.addWidget(self.use_button, 0, Qt.AlignmentFlag.AlignRight)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.table)
        bottom.addWidget(side)
        bottom.setSizes([560, 420])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(plots)
        split.addWidget(bottom)
        split.setSizes([240, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    # -- one experiment ------------------------------------------------------------------------
    def begin(self, experiment: Experiment, title: str) -> None:
        """Show ``experiment`` before its first run: every run it plans, waiting."""
        self.experiment = experiment
        self.records = {}
        self.colours.order.clear()
        self.curves.clear_runs()
        self.title.setText(title)
        self.status.setText(self.tr("Starting…"))
        self.conclusion.clear()
        self.stop_button.setEnabled(True)
        self.stop_button.setText(self.tr("Stop"))
        self.set_paused(False)
        self.pause_button.setEnabled(True)
        self.continue_button.hide()
        several = len(experiment.vary) > 1
        self.parallel.setVisible(several)
        self.final_plot.setVisible(not several)
        if several:
            self.parallel.importance.show_importance(None, None, experiment)
        for values in experiment.combinations():
            self.colours.index(values)
        self._refresh()

    def show_study(self, snapshot: Any, title: str, ended: bool) -> None:
        """Show a study read back from its storage: its runs, table and plots; Continue when
        runs are left (``ended``: it finished, or was stopped, and is shown as it ended)."""
        self.begin(snapshot.experiment, title)
        self.stop_button.setEnabled(False)
        self.pause_button.setEnabled(False)
        self.study_read(snapshot)
        done = sum(r.status in rec.FINISHED for r in self.records.values())
        if snapshot.left and not ended:
            self.status.setText(self.tr("Interrupted: {0} runs done, {1} left.").format(
                done, snapshot.left))
            self.continue_button.setText(self.tr("Continue ({0} runs left)").format(
                snapshot.left))
            self.continue_button.show()
        else:
            self.status.setText(self.tr("Finished: {0} runs.").format(done))

    def study_read(self, snapshot: Any) -> None:
        """The study as read from the storage: every process's runs, and the importance."""
        if self.experiment is None:
            return
        for record in snapshot.records:
            known = self.records.get(record.number)
            if record.status != rec.SKIPPED and (known is None or says_more(record, known)):
                self.records[record.number] = record
                self.curves.show_record(record, _values_text(record.values, self.experiment))
        if len(self.experiment.vary) > 1 and (snapshot.importance is not None or
                                              snapshot.importance_note is not None):
            self.parallel.importance.show_importance(snapshot.importance,
                                                     snapshot.importance_note, self.experiment)
        self._refresh(snapshot.rows)

    def set_paused(self, paused: bool) -> None:
        """Say "paused" (or no longer) on the button, the queue and the status line."""
        self.paused = paused
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.pause_button.setAccessibleName(self.tr("Resume the experiment") if paused
                                            else self.tr("Pause the experiment"))
        self.pause_button.setEnabled(True)
        done = sum(r.status in rec.FINISHED for r in self.records.values())
        if paused:
            self.status.setText(self.tr("Paused: {0} runs done.").format(done))
        elif self.experiment is not None:
            self.status.setText(self.tr("Running: {0} runs done").format(done))
        if self.experiment is not None:
            self._fill_queue()

    def pausing(self) -> None:
        self.pause_button.setEnabled(False)
        self.status.setText(self.tr("Pausing after the run under way…"))

    def add_record(self, record: TrialRecord) -> None:
        """A run started, finished an epoch or ended (from the background, as plain data)."""
        if self.experiment is None or record.status == rec.SKIPPED:
            return
        self.records[record.number] = record
        self.curves.show_record(record, _values_text(record.values, self.experiment))
        self._refresh()

    def stopping(self) -> None:
        self.stop_button.setEnabled(False)
        self.pause_button.setEnabled(False)
        self.stop_button.setText(self.tr("Stopping…"))
        self.status.setText(self.tr("Stopping after the run under way…"))

    def end(self, result: Any, conclusion: str) -> None:
        """The experiment ended: its own records (every run of the study) and the conclusion."""
        for record in result.records:
            if record.status != rec.SKIPPED:
                self.records[record.number] = record
        self.stop_button.setEnabled(False)
        self.stop_button.setText(self.tr("Stop"))
        self.paused = False
        self.pause_button.setText(self.tr("Pause"))
        self.pause_button.setAccessibleName(self.tr("Pause the experiment"))
        self.pause_button.setEnabled(False)
        done = sum(r.status in rec.FINISHED for r in self.records.values())
        reasons = {"stopped": self.tr("Stopped after {0} runs."),
                   "target": self.tr("Reached the target after {0} runs.")}
        self.status.setText(reasons.get(result.stopped, self.tr("Finished: {0} runs.")).format(
            done))
        self.conclusion.setPlainText(conclusion)
        if len(result.experiment.vary) > 1:
            self.parallel.importance.show_importance(result.importance, result.importance_note,
                                                     result.experiment)
        self._refresh(result.rows)

    def fail(self, text: str) -> None:
        self.stop_button.setEnabled(False)
        self.pause_button.setEnabled(False)
        self.status.setText(self.tr("The experiment stopped with an error."))
        self.conclusion.setPlainText(text)

    # -- views ---------------------------------------------------------------------------------
    def _refresh(self, rows: Any = None) -> None:
        experiment = self.experiment
        if experiment is None:
            return
        if rows is None:
            from playground.core.experiments.summary import summarise_records  # pulls optuna

            rows = summarise_records(experiment, self.records.values())
        self.table.show_rows(rows, experiment)
        if len(experiment.vary) > 1:
            self.parallel.plot.show_records(self.records.values(), experiment)
        else:
            self.final_plot.show_rows(rows, experiment)
        self._fill_queue()

    def _fill_queue(self) -> None:
        experiment = self.experiment
        assert experiment is not None
        self.queue.clear()
        started = {r.key for r in self.records.values()}
        for record in sorted(self.records.values(), key=lambda r: r.number):
            status = translate_message(rec.STATUS_LABELS.get(record.status, record.status))
            if record.status == rec.RUNNING and record.epochs:
                status = self.tr("{0}, epoch {1}").format(status, record.epochs)
            elif record.status == rec.WAITING and self.paused:
                status = self.tr("paused")
            self._queue_line(record.values, record.repeat, record.status, status)
        waiting = translate_message(rec.STATUS_LABELS[rec.WAITING])
        if self.paused:
            waiting = self.tr("paused")
        for values in experiment.combinations():
            for repeat in range(experiment.repeats):
                if (combination_key(values), repeat) not in started:
                    self._queue_line(values, repeat, rec.WAITING, waiting)
        if experiment.mode == "search":
            left = experiment.trials * experiment.repeats - len(self.records)
            if left > 0 and self.stop_button.isEnabled():
                self.queue.addItem(self.tr("{0} more runs to search").format(left))
        running = sum(r.status == rec.RUNNING for r in self.records.values())
        if self.stop_button.isEnabled() and running and not self.paused:
            done = sum(r.status in rec.FINISHED for r in self.records.values())
            self.status.setText(self.tr("Running: {0} runs done").format(done))

    def _queue_line(self, values: dict[str, Any], repeat: int, status: str, text: str) -> None:
        assert self.experiment is not None
        mark = QUEUE_MARKS.get(status, "·")
        line = f"{mark} {_values_text(values, self.experiment)}"
        if self.experiment.repeats > 1:
            line += self.tr(" (seed {0})").format(self.experiment.config.seed + repeat)
        item = QListWidgetItem(f"{line} — {text}")
        item.setData(Qt.ItemDataRole.UserRole, status)
        self.queue.addItem(item)

    def _selection_changed(self) -> None:
        self.use_button.setEnabled(self.table.selected_values() is not None)

    def _use(self) -> None:
        values = self.table.selected_values()
        if values is not None:
            self.useRequested.emit(values)

