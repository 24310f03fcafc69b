"""Precision, recall and F1 of every class as a sortable table: where the accuracy hides misses.

One row per class, in class order, then the macro average (which stays last however the table
is sorted). Above the table one line names the class the network most often misses, and that
row is tinted in the same colour. Each column title explains itself in a tooltip, one plain
sentence from :func:`playground.core.training.class_quality.explanations`, and a short line
under the table sums the four up. A value with nothing to count (a class never predicted has no
precision) reads "—", with a tooltip saying why, never 0 %.

The numbers come from :class:`~playground.core.training.class_quality.ClassQuality`; this
widget only writes them in the interface language (``71,4%`` in Spain).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.core.training.class_quality import ClassQuality, explanations
from playground.gui import looks
from playground.gui.i18n import translate_message
from playground.gui.numbers import localized, number

COLUMNS = ("class", "precision", "recall", "f1", "support")
UNDEFINED = "—"
UNDEFINED_KEY = -1.0  # sorts a missing value below 0 %


class _Cell(QTableWidgetItem):
    """A cell that sorts by its value; the average row's cells end up last in either order."""

    def __init__(self, text: str, key: float, average: bool = False) -> None:
        super().__init__(text)
        self.key, self.average = key, average
        self.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if not isinstance(other, _Cell):
            return super().__lt__(other)
        if self.average != other.average:
            table = self.tableWidget()
            descending = table is not None and (
                table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)
            return self.average == descending  # the largest when ascending, else the smallest
        return self.key < other.key


class ClassQualityTable(QWidget):
    """The per-class table with its worst-recall hint above and a line of meanings below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("classQuality")
        self.quality: ClassQuality | None = None
        self.worst: int | None = None  # the class index whose row is tinted

        self.hint = QLabel(objectName="worstRecallHint")
        self.hint.setWordWrap(True)
        self.hint.hide()  # until there are results to name a class from
        looks.set_style(self.hint, "QLabel {{ background: {error_background}; color: {text}; "
                                   "padding: 2px 4px; }}")
        self.table = QTableWidget(0, len(COLUMNS), objectName="perClassTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows go through it
        self.table.verticalHeader().setVisible(False)
        # Rows as tall as their text, also under presentation mode's larger type.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setObjectName("perClassTableHeader")
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        for column in range(len(COLUMNS)):
            self.table.setHorizontalHeaderItem(column, QTableWidgetItem())
        self.note = QLabel(objectName="perClassNote")
        self.note.setWordWrap(True)
        looks.set_style(self.note, "QLabel {{ color: {muted}; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self._write_titles()

    def _write_titles(self) -> None:
        """Column titles, their tooltips and the line under the table, in the current language."""
        self.table.setAccessibleName(self.tr("Precision, recall and F1 of each class"))
        self.table.horizontalHeader().setAccessibleName(
            self.tr("Columns of the per-class table; click one to sort by it"))
        self.hint.setAccessibleName(self.tr("The class missed most often"))
        self.note.setAccessibleName(self.tr("What the columns mean"))
        titles = (self.tr("Class"), self.tr("Precision"), self.tr("Recall"), self.tr("F1"),
                  self.tr("Support"))
        sentences = explanations()
        tips = (self.tr("Click a column title to sort by it."),
                *(translate_message(sentences[key]) for key in COLUMNS[1:]))
        for column, (title, tip) in enumerate(zip(titles, tips, strict=True)):
            item = self.table.horizontalHeaderItem(column)
            item.setText(title)
            item.setToolTip(tip)
        self.note.setText(self.tr("Precision: how often it is right when it names the class · "
                                  "Recall: how much of the class it finds · F1: both in one"))

    # -- content -------------------------------------------------------------------------------
    def show_quality(self, quality: ClassQuality) -> None:
        """One row per class and the macro average, in the order the user last chose."""
        self.quality = quality
        self._write_titles()
        sentences = explanations()
        missing = {key: translate_message(sentences["undefined_" + key])
                   for key in ("precision", "recall", "f1")}
        table = self.table
        table.setSortingEnabled(False)
        table.setRowCount(len(quality.classes) + 1)
        for row, score in enumerate(quality.classes):
            table.setItem(row, 0, _Cell(score.name, score.index))
            for column, key in enumerate(("precision", "recall", "f1"), start=1):
                table.setItem(row, column, self._ratio(getattr(score, key), missing[key]))
            support = _Cell(number(score.support, ","), score.support)
            support.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, 4, support)
        self._fill_average(len(quality.classes), quality)
        table.setSortingEnabled(True)  # sorts again by the header's column and order
        self.updateGeometry()  # its width hint follows the columns
        self._write_hint(quality)
        self.look_changed(looks.current())

    def sizeHint(self) -> QSize:
        """As wide as its columns, so the pane's splitter gives the bars only what is left."""
        table, header = self.table, self.table.horizontalHeader()
        bold = QFont(table.font())
        bold.setBold(True)
        average = QFontMetrics(bold).horizontalAdvance(self.tr("Macro average")) + 12
        widths = [max(header.sectionSizeHint(c), table.sizeHintForColumn(c))
                  for c in range(len(COLUMNS))]
        widths[0] = max(widths[0], average)
        margins = self.layout().contentsMargins()
        width = (sum(widths) + 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
                 + margins.left() + margins.right() + 4)
        return QSize(width, super().sizeHint().height())

    def _ratio(self, value: float | None, why_missing: str, average: bool = False) -> _Cell:
        if value is None:
            cell = _Cell(UNDEFINED, UNDEFINED_KEY, average)
            cell.setToolTip(why_missing)
        else:
            cell = _Cell(number(value, ".1%"), value, average)
        cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return cell

    def _fill_average(self, row: int, quality: ClassQuality) -> None:
        macro, k = quality.macro, len(quality.classes)
        name = _Cell(self.tr("Macro average"), k, average=True)
        name.setToolTip(translate_message(explanations()["macro"]))
        self.table.setItem(row, 0, name)
        for column, (value, used) in enumerate(
                zip((macro.precision, macro.recall, macro.f1), macro.classes, strict=True),
                start=1):
            cell = self._ratio(value, self.tr("No class has this value."), average=True)
            if value is not None and used < k:
                cell.setToolTip(localized(self.tr(
                    "The mean of the {0} classes that have this value; the others are left out, "
                    "not counted as 0."), used))
            self.table.setItem(row, column, cell)
        support = _Cell(number(macro.support, ","), macro.support, average=True)
        support.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, 4, support)
        font = QFont(self.table.font())
        font.setBold(True)
        for column in range(len(COLUMNS)):
            self.table.item(row, column).setFont(font)

    def _write_hint(self, quality: ClassQuality) -> None:
        worst = quality.worst_recall()
        self.worst = None
        if worst is None or worst.recall is None:
            self.hint.hide()
            return
        self.hint.show()
        if worst.recall >= 1.0:
            self.hint.setText(self.tr("The network found every test sample of every class."))
            return
        self.worst = worst.index
        self.hint.setText(localized(self.tr("The network most often misses: {0} (recall "
                                            "{1:.0%})."), worst.name, worst.recall))

    # -- looks ---------------------------------------------------------------------------------
    def row_of(self, class_index: int) -> int:
        """The table row now showing a class (rows move when the table is sorted)."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if isinstance(item, _Cell) and not item.average and item.key == class_index:
                return row
        return -1

    def look_changed(self, look: looks.Look) -> None:
        """The worst-recall row takes the hint's tint, in the look now shown."""
        tint, text = QColor(look.error_background), QColor(look.text)
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            marked = isinstance(item, _Cell) and not item.average and item.key == self.worst
            for column in range(len(COLUMNS)):
                cell = self.table.item(row, column)
                if cell is None:
                    continue
                if marked:
                    cell.setBackground(tint)
                    cell.setForeground(text)
                else:
                    cell.setData(Qt.ItemDataRole.BackgroundRole, None)
                    cell.setData(Qt.ItemDataRole.ForegroundRole, None)
