"""The three views of an experiment's answer: every run's curve, the table, and the best value.

* :class:`RunCurves`: each run's validation accuracy per epoch, overlaid, coloured by its
  combination of the varied values (one legend entry per combination, the seeds share it);
* :class:`ResultsTable`: one row per combination, mean ± spread over the seeds, sortable by
  any column, the best marked;
* :class:`FinalPlot`: the final accuracy against the varied setting (a log axis for a setting
  spread over powers of ten), with the spread as error bars.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from playground.core.experiments.definition import Experiment
from playground.core.experiments.records import TrialRecord, combination_key
from playground.core.experiments.settings import setting_label
from playground.gui import looks
from playground.gui.i18n import translate_message
from playground.gui.numbers import number

if TYPE_CHECKING:  # the summary module pulls in optuna, which the window's start need not load
    from playground.core.experiments.summary import Stat, SummaryRow

__all__ = ["Colours", "FinalPlot", "ResultsTable", "RunCurves", "accuracy_stat", "value_text",
           "values_text"]

VALUES_ROLE = Qt.ItemDataRole.UserRole + 1
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
TITLE_NAMES = 5  # combinations named in the curves' title at most (the colours say the rest)


def value_text(value: Any) -> str:
    """A varied value as the table shows it (0.001 as 0.001, 1e-05 as 1e-05)."""
    if isinstance(value, float):
        return number(value, "g")
    return str(value)


def values_text(values: dict[str, Any], experiment: Experiment) -> str:
    if len(values) == 1:
        return value_text(next(iter(values.values())))
    return ", ".join(f"{translate_message(setting_label(n, experiment.spec))} = {value_text(v)}"
                     for n, v in values.items())


def accuracy_stat(row: SummaryRow, experiment: Experiment) -> tuple[Stat, Stat]:
    """The final accuracy and loss the experiment compares: on the validation set, or the
    test set when some runs keep none."""
    if experiment.measure == "test":
        return row.test_accuracy, row.test_loss
    return row.val_accuracy, row.val_loss


def _stat_text(stat: Stat, percent: bool) -> str:
    if stat.mean is None:
        return "–"
    scale, spec = (100.0, ".1f") if percent else (1.0, ".3f")
    text = number(stat.mean * scale, spec)
    if stat.std is not None:
        text += " ± " + number(stat.std * scale, spec)
    return text + (" %" if percent else "")


def _style(plot: pg.PlotWidget, left: str, bottom: str) -> None:
    plot.showGrid(x=True, y=True, alpha=0.25)
    plot.setLabel("left", left)
    plot.setLabel("bottom", bottom)
    plot.getPlotItem().setMenuEnabled(False)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setTextPen(looks.current().plot_foreground)
        axis.setPen(looks.current().plot_axis)
        axis.enableAutoSIPrefix(False)


class Colours:
    """One colour per combination, in the order combinations first appear."""

    def __init__(self) -> None:
        self.order: dict[str, int] = {}

    def index(self, values: dict[str, Any]) -> int:
        return self.order.setdefault(combination_key(values), len(self.order))

    def pen(self, values: dict[str, Any], width: float = 2.0) -> Any:
        return pg.mkPen(looks.category_colour(self.index(values)), width=width)


class _WholeAxis(pg.AxisItem):
    """An axis of epochs: whole numbers only (no epoch 1.5)."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:
        levels = []
        for spacing, values in super().tickValues(minVal, maxVal, size):
            whole = [v for v in values if float(v).is_integer()]
            if whole:
                levels.append((max(spacing, 1.0), whole))
        return levels


class RunCurves(pg.PlotWidget):
    """Every run's validation accuracy per epoch (training accuracy, dashed, where a run keeps
    no validation set)."""

    def __init__(self, colours: Colours) -> None:
        super().__init__(background="w", axisItems={"bottom": _WholeAxis("bottom")})
        self.setObjectName("experimentCurves")
        self.setAccessibleName(self.tr("Validation accuracy of every run"))
        _style(self, self.tr("accuracy"), self.tr("epoch"))
        self.getPlotItem().setLimits(yMin=-0.02, yMax=1.02)
        self.colours = colours
        # The legend is the title: a line of coloured names takes no room from the curves.
        self.labels: dict[str, tuple[int, str]] = {}
        self._title()
        self.items: dict[int, pg.PlotDataItem] = {}

    def clear_runs(self) -> None:
        for item in self.items.values():
            self.removeItem(item)
        self.items.clear()
        self.labels.clear()
        self._title()

    def _title(self) -> None:
        heading = html.escape(self.tr("Validation accuracy per epoch"))
        names = [f'<span style="color: {QColor(*looks.category_colour(i)).name()}">━ '
                 f"{html.escape(label)}</span>" for i, label in sorted(self.labels.values())]
        if len(names) > TITLE_NAMES or sum(len(v[1]) for v in self.labels.values()) > 60:
            # A long title would widen the plot past its pane and push the curves out of it.
            names = []
        self.setTitle(heading + (": " + " &nbsp;".join(names) if names else ""), size="9pt",
                      color=looks.current().plot_foreground)

    def show_record(self, record: TrialRecord, label: str) -> None:
        history = record.history
        accuracy = history.get("val_accuracy") or []
        dashed = not any(v is not None for v in accuracy)
        if dashed:
            accuracy = history.get("train_accuracy") or []
        points = [(e, a) for e, a in zip(history.get("epoch") or [], accuracy, strict=False)
                  if a is not None]
        if not points:
            return
        x, y = (np.asarray(p, dtype=float) for p in zip(*points, strict=True))
        pen = self.colours.pen(record.values)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        item = self.items.get(record.number)
        key = combination_key(record.values)
        if key not in self.labels:
            self.labels[key] = (self.colours.index(record.values), label)
            self._title()
        if item is None:
            item = self.plot(x, y, pen=pen, symbol="o", symbolSize=5,
                             symbolBrush=pen.color(), symbolPen=None)
            self.items[record.number] = item
        else:
            item.setData(x, y)


class ResultsTable(QTableWidget):
    """One row per combination; sorting by any column; the best row in bold with a star."""

    def __init__(self) -> None:
        super().__init__(0, 0)
        self.setObjectName("experimentTable")
        self.setAccessibleName(self.tr("Results of the experiment"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(False)
        self.horizontalHeader().setObjectName("experimentTableHeader")
        self.horizontalHeader().setAccessibleName(
            self.tr("Columns of the results; click one to sort by it"))

    def show_rows(self, rows: Sequence[SummaryRow], experiment: Experiment) -> None:
        chosen = self.selected_values()
        self.setSortingEnabled(False)
        names = [translate_message(setting_label(n, experiment.spec)) for n in experiment.names]
        where = self.tr("validation") if experiment.measure == "validation" else self.tr("test")
        headings = [*names, self.tr("final accuracy ({0})").format(where),
                    self.tr("final loss ({0})").format(where), self.tr("runs"), self.tr("pruned")]
        self.setColumnCount(len(headings))
        self.setHorizontalHeaderLabels(headings)
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            accuracy, loss = accuracy_stat(row, experiment)
            cells: list[tuple[str, float]] = []
            for name in experiment.names:
                value = row.values.get(name)
                sort = _sort_key(value, experiment.vary[experiment.names.index(name)].values)
                cells.append((value_text(value), sort))
            cells += [(_stat_text(accuracy, True), accuracy.mean if accuracy.mean is not None
                       else -math.inf),
                      (_stat_text(loss, False), loss.mean if loss.mean is not None else math.inf),
                      (str(row.runs), float(row.runs)), (str(row.pruned), float(row.pruned))]
            if row.best:
                cells[0] = ("★ " + cells[0][0], cells[0][1])
            for c, (text, sort) in enumerate(cells):
                item = _SortItem(text, sort)
                item.setData(VALUES_ROLE, row.values)
                if c >= len(experiment.names):
                    item.setTextAlignment(RIGHT)
                if row.best:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                    item.setToolTip(self.tr("The best combination"))
                self.setItem(r, c, item)
        self.setSortingEnabled(True)
        if chosen is not None:
            for r in range(self.rowCount()):
                if self.item(r, 0).data(VALUES_ROLE) == chosen:
                    self.selectRow(r)

    def selected_values(self) -> dict[str, Any] | None:
        items = self.selectedItems()
        return items[0].data(VALUES_ROLE) if items else None


def _sort_key(value: Any, values: Sequence[Any]) -> float:
    """Numbers sort by value, names by the order they were given in."""
    if isinstance(value, (int, float)):
        return float(value)
    return float(list(values).index(value)) if value in values else 0.0


class _SortItem(QTableWidgetItem):
    """A cell that sorts by its number, not its text (9 % before 10 %)."""

    def __init__(self, text: str, key: float) -> None:
        super().__init__(text)
        self.key = key

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, _SortItem):
            return self.key < other.key
        return super().__lt__(other)


class FinalPlot(pg.PlotWidget):
    """The final accuracy of each value of the (first) varied setting, mean and spread.

    A setting spread over powers of ten is drawn at the logarithm of its values with the
    values themselves as ticks (1e-4, 0.001...), which keeps the error bars where the points
    are; names (an activation) are drawn side by side in the order given.
    """

    def __init__(self, colours: Colours) -> None:
        super().__init__(background="w")
        self.setObjectName("experimentFinalPlot")
        self.setAccessibleName(self.tr("Final accuracy against the varied setting"))
        _style(self, self.tr("final accuracy"), "")
        self.getPlotItem().setLimits(yMin=-0.02, yMax=1.02)
        self.colours = colours
        self.log_x = False

    def show_rows(self, rows: Sequence[SummaryRow], experiment: Experiment) -> None:
        self.clear()
        name = experiment.names[0]
        self.setLabel("bottom", translate_message(setting_label(name, experiment.spec)))
        varied = experiment.vary[0]
        points = [(row, row.values.get(name)) for row in rows]
        numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for _r, v in points)
        positive = [float(v) for _r, v in points if numeric and float(v) > 0]
        self.log_x = numeric and len(positive) == len(points) and bool(points) and (
            varied.log or (len(points) > 1 and max(positive) / min(positive) >= 50))
        axis = self.getAxis("bottom")
        if not numeric:
            axis.setTicks([[(float(i), value_text(v)) for i, (_r, v) in enumerate(points)]])
        elif self.log_x and experiment.mode == "grid":
            axis.setTicks([[(math.log10(float(v)), value_text(v)) for _r, v in points]])
        elif self.log_x:  # a search's points fall anywhere: ticks at the powers of ten
            exponents = range(math.floor(math.log10(min(positive))),
                              math.ceil(math.log10(max(positive))) + 1)
            axis.setTicks([[(float(e), value_text(10.0 ** e)) for e in exponents]])
        else:
            axis.setTicks(None)
        for index, (row, value) in enumerate(points):
            accuracy, _loss = accuracy_stat(row, experiment)
            if accuracy.mean is None:
                continue
            x = float(index) if not numeric else (
                math.log10(float(value)) if self.log_x else float(value))
            colour = QColor(*looks.category_colour(self.colours.index(row.values)))
            if accuracy.std is not None:
                self.addItem(pg.ErrorBarItem(x=np.array([x]), y=np.array([accuracy.mean]),
                                             height=np.array([2 * accuracy.std]), beam=0.08,
                                             pen=pg.mkPen(colour, width=1.5)))
            self.plot([x], [accuracy.mean], pen=None, symbol="star" if row.best else "o",
                      symbolSize=16 if row.best else 10, symbolBrush=colour, symbolPen="k")
        if points:
            xs = [float(i) if not numeric else (math.log10(float(v)) if self.log_x else float(v))
                  for i, (_r, v) in enumerate(points)]
            margin = (max(xs) - min(xs)) * 0.1 or 0.5
            self.setXRange(min(xs) - margin, max(xs) + margin, padding=0)
