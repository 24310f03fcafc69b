"""Runs side by side: did the change help, and by more than the noise between two seeds?

The first lessons are experiments: train, change one thing, train again. This pane lists a
project's runs, each named by what it changed from the first one (from
:func:`playground.core.training.compare.describe_differences`, e.g. "lr 0.001 → 0.005") and its test
accuracy; the ticked runs are overlaid, one colour each, as validation loss and accuracy per
epoch (training curves, dashed, for runs without a validation split), and their final numbers
sit in a table one row per run, the best value of each column in bold. With many runs only the
baseline and the five latest start ticked, so the plot stays readable. The curves and the table
export as PNG and CSV.

A run that went on from an earlier run's trained weights is not an experiment against the
baseline: it is named by the run it continued, its curves go on from where that run's ended,
and it never counts as the best of a column. Settings changed during a run are in its name and
its tooltip.
"""

from __future__ import annotations

import csv
import html
import io
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.core.training.checkpoint import checkpoint_of, is_interrupted
from playground.core.training.compare import (
    continued_from,
    describe_change,
    describe_differences,
    describe_layers,
    describe_live_changes,
    describe_run,
    describe_start,
    epochs_before,
    parameter_count,
    weights_start,
)
from playground.gui import looks
from playground.gui.numbers import number

# Colour-blind-safe colours, each run with its own marker shape too (see looks.CATEGORICAL).
RUN_COLOURS = looks.CATEGORICAL
# With more runs than this, only the baseline and the latest ones start ticked.
MAX_INITIALLY_CHECKED = 6
COLUMNS = ("run", "change", "test_accuracy", "test_loss", "epochs", "seconds_per_epoch",
           "parameters", "status")  # fmt: skip
# For each numeric column, whether a higher value is better (the best is shown in bold).
HIGHER_IS_BETTER = {"test_accuracy": True, "test_loss": False}


class _NumberItem(QTableWidgetItem):
    """A table cell that sorts by its number, not by its text."""

    def __init__(self, text: str, value: float | None) -> None:
        super().__init__(text)
        self.value = -math.inf if value is None else value
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, _NumberItem):
            return self.value < other.value
        return super().__lt__(other)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _integer(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


def run_curves(record: Mapping[str, Any]) -> dict[str, Any]:
    """A run's per-epoch loss and accuracy for the overlay: validation ones when it has them."""
    history = record.get("history") if isinstance(record.get("history"), Mapping) else {}

    def series(key: str) -> np.ndarray:
        values = history.get(key) or []
        return np.array([np.nan if _number(v) is None else float(v) for v in values], dtype=float)

    loss, acc = series("val_loss"), series("val_accuracy")
    validation = bool(np.isfinite(loss).any())
    if not validation:
        loss, acc = series("train_loss"), series("train_accuracy")
    if not np.isfinite(acc).any():
        acc = series("val_accuracy" if validation else "train_accuracy")
    epochs = series("epoch")
    n = max(len(loss), len(acc))
    if len(epochs) != n:
        epochs = np.arange(1, n + 1, dtype=float)
    return {"epochs": epochs, "loss": loss, "accuracy": acc, "validation": validation}


def _continued(record: Mapping[str, Any]) -> bool:
    start = weights_start(record)
    return start is not None and start.continued


class ComparePane(QWidget):
    """A checkable list of runs, their curves overlaid, and a table of their final metrics."""

    def __init__(self, parent: QWidget | None = None, language: str = "en") -> None:
        super().__init__(parent)
        self.setObjectName("comparePane")
        self.setAccessibleName(self.tr("Compare runs"))
        self.language = language
        self.records: list[Mapping[str, Any]] = []
        self.labels: list[str] = []
        self.legend_names: list[str] = []
        self.continued: list[bool] = []  # per run: went on from trained weights

        self.run_list = QListWidget(objectName="compareRunList")
        self.run_list.setAccessibleName(self.tr("Runs to compare"))
        self.run_list.setToolTip(self.tr("Tick the runs to overlay and compare"))
        self.run_list.setWordWrap(True)
        self.run_list.itemChanged.connect(self._checks_changed)
        self.hint = QLabel(objectName="compareHint")
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(self.tr("About the comparison"))

        # PlotWidget hands keyword arguments to its PlotItem, so names are set afterwards.
        self.loss_plot = pg.PlotWidget(background="w")
        self.loss_plot.setObjectName("compareLossPlot")
        self.loss_plot.setAccessibleName(self.tr("Loss of the compared runs"))
        self.acc_plot = pg.PlotWidget(background="w")
        self.acc_plot.setObjectName("compareAccuracyPlot")
        self.acc_plot.setAccessibleName(self.tr("Accuracy of the compared runs"))
        for plot, label in ((self.loss_plot, self.tr("loss")),
                            (self.acc_plot, self.tr("accuracy"))):
            plot.showGrid(x=True, y=True, alpha=0.25)
            plot.setLabel("left", label)
            plot.setLabel("bottom", self.tr("epoch"))
            plot.getPlotItem().setMenuEnabled(False)
            for name in ("left", "bottom"):
                plot.getAxis(name).setTextPen(looks.current().plot_foreground)
                plot.getAxis(name).setPen(looks.current().plot_axis)
        self.acc_plot.setXLink(self.loss_plot)
        self.acc_plot.getPlotItem().setLimits(yMin=-0.02, yMax=1.02)
        for plot in (self.loss_plot, self.acc_plot):  # plain values, not "loss (x0.001)"
            for name in ("left", "bottom"):
                plot.getAxis(name).enableAutoSIPrefix(False)
        # The legend sits under the plots: inside, long labels would hide the curves.
        self.legend = QLabel(objectName="compareLegend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setAccessibleName(self.tr("Legend of the compared runs"))
        looks.set_style(self.legend, "background: {base}; padding: 4px;")
        self.legend_entries: list[str] = []
        self.loss_items: list[pg.PlotDataItem] = []
        self.acc_items: list[pg.PlotDataItem] = []

        self.table = QTableWidget(0, len(COLUMNS), objectName="compareTable")
        self.table.setAccessibleName(self.tr("Final metrics of the compared runs"))
        self.table.setHorizontalHeaderLabels(self.column_titles())
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows go through it
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setObjectName("compareTableHeader")
        header.setAccessibleName(self.tr("Columns of the comparison; click one to sort by it"))
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)

        export_png = QPushButton(self.tr("PNG…"), objectName="exportComparePng")
        export_png.setAccessibleName(self.tr("Export the comparison as a picture"))
        export_csv = QPushButton(self.tr("CSV…"), objectName="exportCompareCsv")
        export_csv.setAccessibleName(self.tr("Export the comparison as a table"))
        export_png.clicked.connect(self._ask_png)
        export_csv.clicked.connect(self._ask_csv)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("<b>Runs</b> (tick to compare)")))
        left_layout.addWidget(self.run_list, 1)
        left_layout.addWidget(self.hint)
        # Side by side: the pane is usually a wide, short dock at the bottom of the window,
        # where two stacked plots would each get a sliver of height.
        plot_splitter = QSplitter(Qt.Orientation.Horizontal)
        plot_splitter.addWidget(self.loss_plot)
        plot_splitter.addWidget(self.acc_plot)
        plots = QWidget()
        plots_layout = QVBoxLayout(plots)
        plots_layout.setContentsMargins(0, 0, 0, 0)
        plots_layout.setSpacing(0)
        plots_layout.addWidget(plot_splitter, 1)
        plots_layout.addWidget(self.legend)
        top = QSplitter(Qt.Orientation.Horizontal, objectName="compareTopSplitter")
        top.addWidget(left)
        top.addWidget(plots)
        top.setSizes([290, 610])
        main = QSplitter(Qt.Orientation.Vertical, objectName="compareSplitter")
        main.addWidget(top)
        main.addWidget(self.table)
        main.setSizes([470, 190])
        main.setStretchFactor(0, 3)  # a taller dock gives the plots most of the new height
        main.setStretchFactor(1, 1)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(export_png)
        bar.addWidget(export_csv)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(main, 1)
        layout.addLayout(bar)
        self.set_runs([])

    def column_titles(self) -> list[str]:
        return [self.tr("Run"), self.tr("Change"), self.tr("Test accuracy"), self.tr("Test loss"),
                self.tr("Epochs"), self.tr("s / epoch"), self.tr("Parameters"), self.tr("Status")]

    # -- content -------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """After a change of language (``language`` is the new one already): the runs' names,
        tooltips, legend, plot titles and table in it, with the same runs ticked."""
        self.set_runs(self.records, checked=set(self.selected_runs()))

    def set_runs(self, records: Sequence[Mapping[str, Any]],
                 checked: set[int] | None = None) -> None:
        """Show a project's history of runs (oldest first; the first is the baseline), with
        the ``checked`` ones ticked (by default all, or the first and the latest when many)."""
        self.records = list(records)
        self.labels = describe_differences(self.records, self.language)
        counts: dict[str, int] = {}
        for label in self.labels:
            counts[label] = counts.get(label, 0) + 1
        self.legend_names = [
            label if counts[label] == 1 else self.tr("{0} (run {1})").format(label, i + 1)
            for i, label in enumerate(self.labels)
        ]
        n = len(self.records)
        self.continued = [_continued(record) for record in self.records]
        if checked is None:
            checked = set(range(n)) if n <= MAX_INITIALLY_CHECKED else {
                0, *range(n - (MAX_INITIALLY_CHECKED - 1), n)}
        self.run_list.blockSignals(True)
        self.run_list.clear()
        for i, record in enumerate(self.records):
            item = QListWidgetItem(self._item_text(i, record))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                          | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if i in checked
                               else Qt.CheckState.Unchecked)
            item.setIcon(self._swatch(i))
            item.setToolTip(self._tooltip(i, record))
            self.run_list.addItem(item)
        self.run_list.blockSignals(False)
        if n == 0:
            self.hint.setText(self.tr("No runs yet. Train the network, change one thing, train "
                                      "again: each run appears here."))
        elif n == 1:
            self.hint.setText(self.tr("One run so far. Change one thing (the learning rate, an "
                                      "activation, a Dropout layer) and train again to compare."))
        elif any(self.continued):
            self.hint.setText(self.tr(
                "Each run is named by what it changed from run 1; a run that continued from "
                "trained weights by the run it continued, and its curves go on from that run's."))
        else:
            self.hint.setText(self.tr("Each run is named by what it changed from run 1."))
        self._redraw()

    def selected_runs(self) -> list[int]:
        return [i for i in range(self.run_list.count())
                if self.run_list.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, index: int, checked: bool) -> None:
        self.run_list.item(index).setCheckState(
            Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _item_text(self, i: int, record: Mapping[str, Any]) -> str:
        acc = _number(record.get("test_accuracy"))
        score = number(acc, ".1%") if acc is not None else self._status(record)
        return f"{i + 1} · {score} · {self.labels[i]}"

    def _tooltip(self, i: int, record: Mapping[str, Any]) -> str:
        lines = [self.tr("Run {0}").format(i + 1)]
        if record.get("started"):
            lines[0] += f" · {str(record['started'])[:19].replace('T', ' ')}"
        start = describe_start(record, self.language)
        if start:
            lines.append(start)
        parent = continued_from(self.records, i)
        if parent is not None:
            lines.append(self.tr("Changed from run {0}: {1}").format(
                parent + 1, describe_change(self.records[parent], record, self.language)))
        elif i > 0 and not self.continued[i]:
            lines.append(self.tr("Changed from run 1: {0}").format(
                describe_change(self.records[0], record, self.language)))
        live = describe_live_changes(record, self.language, detail=True)
        if live:
            lines.append(self.tr("Changed during the run: {0}").format("; ".join(live)))
        lines += [describe_run(record, self.language), describe_layers(record, self.language)]
        if record.get("message"):
            lines.append(str(record["message"]))
        if is_interrupted(record):
            lines.append(self.tr("Interrupted: the app closed before this run ended. Its curves "
                                 "and weights are kept up to epoch {0}.").format(
                number(checkpoint_of(record)[0], "d")))
        return "\n".join(lines)

    @staticmethod
    def _swatch(i: int) -> QIcon:
        pixmap = QPixmap(14, 14)
        pixmap.fill(QColor(*RUN_COLOURS[i % len(RUN_COLOURS)]))
        return QIcon(pixmap)

    def _status(self, record: Mapping[str, Any]) -> str:
        names = {"completed": self.tr("completed"), "stopped": self.tr("stopped"),
                 "early_stopped": self.tr("stopped early"), "diverged": self.tr("diverged"),
                 "failed": self.tr("failed"), "interrupted": self.tr("interrupted"),
                 "target_reached": self.tr("target reached")}
        status = str(record.get("status", ""))
        return names.get(status, status)

    def look_changed(self, _look: looks.Look) -> None:
        """Run numbers and titles are coloured for the background: draw them again."""
        if self.records:
            self._redraw()

    def _checks_changed(self, _item: QListWidgetItem) -> None:
        self._redraw()

    # -- drawing -------------------------------------------------------------------------------
    def _redraw(self) -> None:
        for plot, items in ((self.loss_plot, self.loss_items), (self.acc_plot, self.acc_items)):
            for item in items:
                plot.removeItem(item)
            items.clear()
        self.legend_entries = []
        self._legend_html: list[str] = []
        selected = self.selected_runs()
        kinds = set()
        for i in selected:
            curves = run_curves(self.records[i])
            curves["epochs"] = curves["epochs"] + epochs_before(self.records, i)
            kinds.add(curves["validation"])
            colour = RUN_COLOURS[i % len(RUN_COLOURS)]
            dashed = not curves["validation"] or i >= len(RUN_COLOURS)
            pen = pg.mkPen(colour, width=2.5,
                           style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
            name = self.legend_names[i] + ("" if curves["validation"] else self.tr(" (training)"))
            self.legend_entries.append(name)
            glyph = looks.category_glyph(i)
            line = f"╍{glyph}╍" if dashed else f"━{glyph}━"
            self._legend_html.append(
                f"<span style='color:rgb{colour}; font-weight:bold'>{line}</span>&nbsp;"
                f"{html.escape(name).replace(' ', '&nbsp;')}")
            for plot, key, items in ((self.loss_plot, "loss", self.loss_items),
                                     (self.acc_plot, "accuracy", self.acc_items)):
                values = curves[key]
                x = curves["epochs"][: len(values)]
                keep = np.isfinite(values)
                if not keep.any():
                    continue
                item = plot.plot(x[keep], values[keep], pen=pen, symbol=looks.category_symbol(i),
                                 symbolSize=8, symbolBrush=colour, symbolPen=None)
                items.append(item)
        if kinds == {False}:
            titles = (self.tr("Training loss"), self.tr("Training accuracy"))
        elif kinds == {True, False}:
            titles = (self.tr("Loss (validation; dashed: training)"),
                      self.tr("Accuracy (validation; dashed: training)"))
        else:
            titles = (self.tr("Validation loss"), self.tr("Validation accuracy"))
        self.legend.setText("&nbsp;&nbsp;&nbsp; ".join(self._legend_html))
        self.legend.setVisible(bool(self._legend_html))
        self.loss_plot.setTitle(titles[0], color=looks.current().plot_foreground, size="10pt")
        self.acc_plot.setTitle(titles[1], color=looks.current().plot_foreground, size="10pt")
        self._fill_table(selected)

    def table_rows(self, selected: Sequence[int] | None = None) -> list[dict[str, Any]]:
        """The final metrics of the given runs (default: the ticked ones), as plain values."""
        rows = []
        for i in self.selected_runs() if selected is None else selected:
            record = self.records[i]
            rows.append({
                "run": i + 1,
                "change": self.labels[i],
                "test_accuracy": _number(record.get("test_accuracy")),
                "test_loss": _number(record.get("test_loss")),
                "epochs": _integer(record.get("epochs")),
                "seconds_per_epoch": _number(record.get("seconds_per_epoch")),
                "parameters": parameter_count(record),
                "status": str(record.get("status", "")),
                "continued": self.continued[i],
            })
        return rows

    def _fill_table(self, selected: list[int]) -> None:
        rows = self.table_rows(selected)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        best = {}
        for key, higher in HIGHER_IS_BETTER.items():
            # A continued run had more training than its own epochs: never the best experiment.
            values = [r[key] for r in rows if r[key] is not None and not r["continued"]]
            if len(values) > 1:
                best[key] = max(values) if higher else min(values)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, row in enumerate(rows):
            colour = QColor(*RUN_COLOURS[(row["run"] - 1) % len(RUN_COLOURS)])
            for c, key in enumerate(COLUMNS):
                item = self._cell(key, row)
                if key == "run":
                    item.setIcon(self._swatch(row["run"] - 1))
                    item.setForeground(looks.family_text(colour))
                if key in best and row[key] == best[key] and not row["continued"]:
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)

    def _cell(self, key: str, row: Mapping[str, Any]) -> QTableWidgetItem:
        value = row[key]
        if key == "change":
            return QTableWidgetItem(str(value))
        if key == "status":
            return QTableWidgetItem(self._status(row))
        if value is None:
            return _NumberItem("–", None)
        text = {
            "run": f"{value}",
            "test_accuracy": number(value, ".2%"),
            "test_loss": number(value, ".4f"),
            "epochs": number(value, "g"),
            "seconds_per_epoch": number(value, ".2f"),
            "parameters": number(value, ","),
        }[key]
        return _NumberItem(text, float(value))

    # -- export --------------------------------------------------------------------------------
    def export_png(self, path: str | Path) -> bool:
        return self.grab().save(str(path), "PNG")

    def to_csv(self) -> str:
        """The ticked runs' final metrics, a blank line, then their curves epoch by epoch."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in self.table_rows():
            writer.writerow(["" if row[k] is None else row[k] for k in COLUMNS])
        writer.writerow([])
        keys = ("train_loss", "val_loss", "train_accuracy", "val_accuracy")
        writer.writerow(("run", "change", "epoch", *keys))
        for i in self.selected_runs():
            history = self.records[i].get("history") or {}
            epochs = history.get("epoch") or []
            for e, epoch in enumerate(epochs):
                values = [(history.get(k) or [])[e:e + 1] for k in keys]
                writer.writerow([i + 1, self.labels[i], epoch,
                                 *("" if not v or v[0] is None else v[0] for v in values)])
        return out.getvalue()

    def export_csv(self, path: str | Path) -> None:
        from playground.core.files.atomic import atomic_write_bytes

        atomic_write_bytes(Path(path), self.to_csv().encode("utf-8"))

    def _ask_png(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export comparison"),
                                              "comparison.png", "PNG (*.png)")
        if path:
            self.export_png(path)

    def _ask_csv(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from playground.core.errors import PlaygroundError

        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export comparison"),
                                              "comparison.csv", "CSV (*.csv)")
        if path:
            try:
                self.export_csv(path)
            except PlaygroundError as exc:
                QMessageBox.warning(self, self.tr("Export comparison"), str(exc))
