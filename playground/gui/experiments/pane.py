"""The Experiments pane: what runs, what waits, and the answer as it comes in.

Left, the queue: every run with its varied values and how it stands (running, done, waiting,
pruned...). Then every run's curve, the final accuracy against the varied setting, the table
(one row per combination) and, once the experiment ends, the plain-language conclusion. Stop
ends the experiment after the run under way, which is said on the button's tip and in the
status line once asked.
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
from playground.core.experiments.records import TrialRecord, combination_key
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
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.status)
        top.addWidget(self.stop_button)

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
        for widget in (self.queue, self.curves, self.final_plot):
            plots.addWidget(widget)
        plots.setSizes([220, 420, 300])
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
        for values in experiment.combinations():
            self.colours.index(values)
        self._refresh()

    def add_record(self, record: TrialRecord) -> None:
        """A run started, finished an epoch or ended (from the background, as plain data)."""
        if self.experiment is None or record.status == rec.SKIPPED:
            return
        self.records[record.number] = record
        self.curves.show_record(record, _values_text(record.values, self.experiment))
        self._refresh()

    def stopping(self) -> None:
        self.stop_button.setEnabled(False)
        self.stop_button.setText(self.tr("Stopping…"))
        self.status.setText(self.tr("Stopping after the run under way…"))

    def end(self, result: Any, conclusion: str) -> None:
        """The experiment ended: its own records (every run of the study) and the conclusion."""
        for record in result.records:
            if record.status != rec.SKIPPED:
                self.records[record.number] = record
        self.stop_button.setEnabled(False)
        self.stop_button.setText(self.tr("Stop"))
        done = sum(r.status in rec.FINISHED for r in self.records.values())
        reasons = {"stopped": self.tr("Stopped after {0} runs."),
                   "target": self.tr("Reached the target after {0} runs.")}
        self.status.setText(reasons.get(result.stopped, self.tr("Finished: {0} runs.")).format(
            done))
        self.conclusion.setPlainText(conclusion)
        self._refresh(result.rows)

    def fail(self, text: str) -> None:
        self.stop_button.setEnabled(False)
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
            self._queue_line(record.values, record.repeat, record.status, status)
        waiting = translate_message(rec.STATUS_LABELS[rec.WAITING])
        for values in experiment.combinations():
            for repeat in range(experiment.repeats):
                if (combination_key(values), repeat) not in started:
                    self._queue_line(values, repeat, rec.WAITING, waiting)
        if experiment.mode == "search":
            left = experiment.trials * experiment.repeats - len(self.records)
            if left > 0 and self.stop_button.isEnabled():
                self.queue.addItem(self.tr("{0} more runs to search").format(left))
        running = sum(r.status == rec.RUNNING for r in self.records.values())
        if self.stop_button.isEnabled() and running:
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
