"""When several settings are searched: every run across all of them, and which one mattered.

* :class:`ParallelPlot`: parallel coordinates, one vertical axis per varied setting and one for
  the result, one line per run coloured by its result (dark: low, yellow: high), so the lines
  of the best runs show which values they share. A range spread over powers of ten gets a log
  axis, a grid or a choice its values evenly spaced.
* :class:`ImportanceView`: each setting's share of the differences between runs (Optuna's
  fANOVA, worked out in the background), as bars; or why there is none yet.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from playground.core.experiments import records as rec
from playground.core.experiments.definition import Experiment
from playground.core.experiments.records import TrialRecord
from playground.core.experiments.settings import setting_label
from playground.core.experiments.varied import VariedSetting
from playground.gui import looks
from playground.gui.experiments.views import value_text
from playground.gui.i18n import translate_message
from playground.gui.numbers import number

__all__ = ["ImportanceView", "ParallelPlot", "ParallelView"]

UNSCORED = (150, 150, 150, 110)  # runs without a result (pruned, diverged): thin and grey


class _Axis:
    """One vertical axis: where a value falls on it (0 bottom, 1 top) and its tick labels."""

    def __init__(self, varied: VariedSetting, values: Iterable[Any]) -> None:
        self.categories: list[Any] | None = None
        self.log = False
        if varied.kind == "range" and varied.low is not None and varied.high is not None:
            self.log = varied.log and varied.low > 0
            self.low, self.high = self._t(varied.low), self._t(varied.high)
        else:
            self.categories = list(varied.values)
            for value in values:  # a value no longer in the list (a study edited since)
                if value not in self.categories:
                    self.categories.append(value)

    def _t(self, value: float) -> float:
        return math.log10(value) if self.log else float(value)

    def position(self, value: Any) -> float | None:
        if self.categories is not None:
            if value not in self.categories:
                return None
            count = len(self.categories)
            return 0.5 if count == 1 else self.categories.index(value) / (count - 1)
        if not isinstance(value, (int, float)) or (self.log and value <= 0):
            return None
        span = self.high - self.low
        return 0.5 if span == 0 else (self._t(value) - self.low) / span

    def ticks(self) -> list[tuple[float, str]]:
        if self.categories is not None:
            return [(p, value_text(v)) for v in self.categories
                    if (p := self.position(v)) is not None]
        if self.log:
            powers = range(math.ceil(self.low - 1e-9), math.floor(self.high + 1e-9) + 1)
            marks = [10.0 ** e for e in powers] or [10.0 ** self.low, 10.0 ** self.high]
        else:
            marks = [self.low, (self.low + self.high) / 2, self.high]
        return [(p, value_text(m)) for m in marks if (p := self.position(m)) is not None]


class ParallelPlot(pg.PlotWidget):
    """Parallel coordinates of an experiment's runs (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__(background="w")
        self.setObjectName("experimentParallel")
        self.setAccessibleName(self.tr("Every run across the varied settings, coloured by "
                                       "its result"))
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideAxis("left")
        item.setMouseEnabled(x=False, y=False)
        item.hideButtons()
        bottom = self.getAxis("bottom")
        bottom.setTextPen(looks.current().plot_foreground)
        bottom.setPen(looks.current().plot_axis)
        self.colours = pg.colormap.get("viridis")
        self.lines: dict[int, pg.PlotDataItem] = {}
        self.axis_names: list[str] = []

    def show_records(self, records: Iterable[TrialRecord], experiment: Experiment) -> None:
        """One line per run that has values (a run without a result: grey, settings only)."""
        self.clear()
        self.lines.clear()
        runs = [r for r in records if r.values and r.status in rec.FINISHED]
        axes = [_Axis(v, (r.values.get(v.name) for r in runs)) for v in experiment.vary]
        scores = [r.score for r in runs if r.score is not None]
        accuracy = experiment.metric == "accuracy"
        low, high = (min(scores), max(scores)) if scores else (0.0, 1.0)
        if high - low < 1e-9:
            low, high = low - 0.05, high + 0.05
        self.axis_names = [translate_message(setting_label(v.name, experiment.spec))
                           for v in experiment.vary]
        self.axis_names.append(self.tr("final accuracy") if accuracy else self.tr("final loss"))
        self.getAxis("bottom").setTicks([list(enumerate(self.axis_names))])
        self.setTitle(self.tr("Every run (colour: its result, yellow the best)") if accuracy
                      else self.tr("Every run (colour: its loss, yellow the lowest)"),
                      size="9pt", color=looks.current().plot_foreground)
        for index, axis in enumerate(axes):
            self._axis(index, axis.ticks())
        result_ticks = [(p, self._score_text(low + p * (high - low), accuracy))
                        for p in (0.0, 0.5, 1.0)]
        self._axis(len(axes), result_ticks)
        for run in sorted(runs, key=lambda r: (r.score is not None, r.score or 0.0)):
            ys = [axis.position(run.values.get(v.name)) for axis, v in zip(axes, experiment.vary,
                                                                          strict=True)]
            if any(y is None for y in ys):
                continue
            if run.score is None:
                pen = pg.mkPen(UNSCORED, width=1, style=Qt.PenStyle.DashLine)
            else:
                share = (run.score - low) / (high - low)
                ys.append(share)
                pen = pg.mkPen(self.colours.map(share if accuracy else 1 - share, mode="qcolor"),
                               width=2.5)
            self.lines[run.number] = self.plot(np.arange(len(ys), dtype=float),
                                               np.asarray(ys, dtype=float), pen=pen)
        self.setXRange(-0.5, len(axes) + 0.4, padding=0)  # room for the first axis's labels
        self.setYRange(-0.08, 1.08, padding=0)

    @staticmethod
    def _score_text(value: float, accuracy: bool) -> str:
        return number(value * 100, ".1f") + " %" if accuracy else number(value, ".3f")

    def _axis(self, x: float, ticks: list[tuple[float, str]]) -> None:
        colour = looks.current().plot_foreground
        self.plot([x, x], [0.0, 1.0], pen=pg.mkPen(looks.current().plot_axis, width=1.5))
        for y, text in ticks:
            self.plot([x - 0.03, x], [y, y], pen=pg.mkPen(looks.current().plot_axis))
            label = pg.TextItem(text, color=colour, anchor=(1.0, 0.5),
                                fill=pg.mkBrush(255, 255, 255, 190))
            label.setPos(x - 0.04, y)
            self.addItem(label)


class ImportanceView(QWidget):
    """Each varied setting's share of the differences (bars), or why it is not known yet."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("experimentImportance")
        self.setAccessibleName(self.tr("Which setting mattered most"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        heading = QLabel(self.tr("Which setting mattered most"))
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        self.grid = QGridLayout()
        layout.addLayout(self.grid)
        self.note = QLabel(objectName="importanceNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.shares: dict[str, float] = {}

    def show_importance(self, shares: dict[str, float] | None, note: Any,
                        experiment: Experiment) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.shares = dict(shares or {})
        for row, (name, share) in enumerate(sorted(self.shares.items(), key=lambda i: -i[1])):
            label = QLabel(translate_message(setting_label(name, experiment.spec)))
            bar = QProgressBar(objectName="importance-" + name, minimum=0, maximum=100)
            bar.setValue(round(share * 100))
            bar.setFormat("%p %")
            bar.setAccessibleName(label.text())
            for column, widget in enumerate((label, bar)):
                self.grid.addWidget(widget, row, column)
                widget.show()  # at once, not at the next turn of the event loop
        if shares:
            self.note.setText(self.tr("Each setting's share of the differences between runs "
                                      "(fANOVA, worked out by Optuna)."))
        elif note is not None:
            self.note.setText(translate_message(note))
        else:
            self.note.setText(self.tr("Worked out once a few runs have finished."))


class ParallelView(QWidget):
    """The parallel coordinates beside the importance: shown when two settings or more vary."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("experimentParallelView")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plot = ParallelPlot()
        self.importance = ImportanceView()
        layout.addWidget(self.plot, 0, 0)
        layout.addWidget(self.importance, 0, 1)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(1, 1)
