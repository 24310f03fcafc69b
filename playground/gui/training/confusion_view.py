"""The confusion matrix as a clickable heatmap: which classes the network mixes up, and how often.

Rows are the true class and columns the prediction, class 0 at the top left as in textbooks.
Each cell's colour is the share of its true class that landed there, on a square-root scale so a
confusion of a few percent is already visibly tinted next to a 95 % diagonal; the exact count is
written in every cell while they are large enough to read (up to 12 classes) and is always in the
tooltip. Clicking a cell emits :attr:`ConfusionView.cellClicked` with ``(true, predicted)``; the
results pane then shows those test images.

Made with ``readable=True`` the view never shrinks below rows of :data:`MIN_ROW_PX` (columns of
:data:`MIN_COLUMN_PX`) for the labelled classes, so the counts stay legible; the pane holding it
then scrolls when it is shorter than that, rather than squashing the rows.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import HoverEvent, MouseClickEvent
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QGraphicsRectItem, QWidget

from playground.gui import looks
from playground.gui.numbers import localized

# Cells are labelled with their counts up to this many classes; beyond, only tooltips.
MAX_LABELLED_CLASSES = 12
# The smallest cell in which a count written at 10 pt reads well ("1000" included).
MIN_ROW_PX, MIN_COLUMN_PX = 20, 34
RANGE_PADDING = 0.02  # of the matrix, around it
# Matplotlib's "Blues": white for nothing, dark blue for a whole class.
HEAT_COLOURS = ((247, 251, 255), (198, 219, 239), (107, 174, 214), (33, 113, 181), (8, 48, 107))
SELECTION_COLOUR = (255, 127, 14)
ZERO_COLOUR = "#666666"  # 5.5:1 on the palest cell


def set_ticks(axis: pg.AxisItem, ticks: list[tuple[float, str]]) -> None:
    """Fixed tick labels on a vertical axis made wide enough for the longest one.

    pyqtgraph drops labels that do not fit the axis' current width, so long class names would
    vanish until a later repaint widened it.
    """
    axis.setTicks([ticks, []])
    metrics = QFontMetrics(axis.style.get("tickFont") or QFont())
    widest = max((metrics.horizontalAdvance(text) for _, text in ticks), default=0)
    axis.setWidth(widest + 30)


class _CellImage(pg.ImageItem):
    """The heatmap image; reports clicks and hovers in whole cells (item x = column, y = row)."""

    clicked = Signal(int, int)  # row (true class), column (predicted class)
    hovered = Signal(int, int)  # -1, -1 when the mouse leaves

    def _cell(self, pos: QPointF) -> tuple[int, int] | None:
        if self.image is None:
            return None
        rows, cols = self.image.shape[:2]
        row, col = int(np.floor(pos.y())), int(np.floor(pos.x()))
        return (row, col) if 0 <= row < rows and 0 <= col < cols else None

    def mouseClickEvent(self, ev: MouseClickEvent) -> None:
        cell = self._cell(ev.pos())
        if ev.button() == Qt.MouseButton.LeftButton and cell is not None:
            ev.accept()
            self.clicked.emit(*cell)

    def hoverEvent(self, ev: HoverEvent) -> None:
        if ev.isExit():
            self.hovered.emit(-1, -1)
            return
        ev.acceptClicks(Qt.MouseButton.LeftButton)
        cell = self._cell(ev.pos())
        self.hovered.emit(*(cell if cell is not None else (-1, -1)))


class ConfusionView(pg.PlotWidget):
    """A K×K heatmap with class names on both axes and counts in the cells."""

    cellClicked = Signal(int, int)  # true class, predicted class

    def __init__(self, parent: QWidget | None = None, readable: bool = False) -> None:
        super().__init__(parent, background="w")
        self.readable = readable  # a minimum size keeps the counts legible (see the module)
        self.setObjectName("confusionView")
        self.setAccessibleName(self.tr("Confusion matrix"))
        self.setToolTip(self.tr("Click a cell to see its test images"))
        self.confusion = np.zeros((0, 0), np.int64)
        self.class_names: tuple[str, ...] = ()
        self.texts: dict[tuple[int, int], pg.TextItem] = {}

        plot = self.getPlotItem()
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.invertY(True)
        look = looks.current()
        plot.setLabel("left", self.tr("true class"), color=look.plot_foreground)
        plot.setLabel("bottom", self.tr("predicted class"), color=look.plot_foreground)
        self.look_changed(look)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setTextPen(look.plot_foreground)
            axis.setPen(look.plot_axis)

        self.image = _CellImage(axisOrder="row-major")
        self.heat = pg.ColorMap(np.linspace(0, 1, len(HEAT_COLOURS)), HEAT_COLOURS)
        self.image.setColorMap(self.heat)
        self.image.clicked.connect(self.cellClicked)
        self.image.hovered.connect(self._hovered)
        plot.addItem(self.image)
        self.selection = QGraphicsRectItem()
        pen = pg.mkPen(SELECTION_COLOUR, width=3)
        pen.setCosmetic(True)
        self.selection.setPen(pen)
        self.selection.setZValue(10)
        self.selection.hide()
        plot.addItem(self.selection)

    # -- content -------------------------------------------------------------------------------
    def set_matrix(self, confusion: np.ndarray, class_names: tuple[str, ...]) -> None:
        """Show a K×K matrix of counts (rows true, columns predicted)."""
        plot = self.getPlotItem()
        for item in self.texts.values():
            plot.removeItem(item)
        self.texts.clear()
        self.selection.hide()
        self.confusion = np.asarray(confusion, dtype=np.int64)
        self.class_names = tuple(class_names)
        k = self.confusion.shape[0] if self.confusion.ndim == 2 else 0
        if k == 0:
            self.image.clear()
            return
        self.image.setImage(np.sqrt(self.shares()), levels=(0.0, 1.0))
        self.image.setRect(QRectF(0, 0, k, k))
        step = max(1, k // 20)  # at most ~20 tick labels
        shown = range(0, k, step)
        names = [self.class_name(i) for i in shown]
        # Long names do not fit under narrow columns: number the columns, and name the rows
        # "3 Dress" so each number can be looked up on the left.
        numbered = k > 4 and max(map(len, names), default=0) > 3
        rows = [f"{i} {n}" if numbered and n != str(i) else n for i, n in zip(shown, names,
                                                                             strict=True)]
        columns = [str(i) for i in shown] if numbered else names
        set_ticks(plot.getAxis("left"), [(i + 0.5, t) for i, t in zip(shown, rows, strict=True)])
        plot.getAxis("bottom").setTicks([[(i + 0.5, t) for i, t in zip(shown, columns,
                                                                       strict=True)], []])
        plot.setRange(xRange=(0, k), yRange=(0, k), padding=RANGE_PADDING)
        if self.readable:
            self._keep_cells_readable(k)
        if k <= MAX_LABELLED_CLASSES:
            self._write_counts()

    def _keep_cells_readable(self, k: int) -> None:
        """A minimum size that keeps every labelled row and column readable.

        Beyond :data:`MAX_LABELLED_CLASSES` the cells carry no text, so the minimum stays that
        of the largest labelled matrix rather than growing with the classes.
        """
        plot = self.getPlotItem()
        cells = min(k, MAX_LABELLED_CLASSES) * (1 + 2 * RANGE_PADDING)
        title = plot.titleLabel.sizeHint(Qt.SizeHint.PreferredSize, QSizeF()).height()
        chrome_height = title + plot.getAxis("bottom").maximumHeight() + 8
        chrome_width = plot.getAxis("left").maximumWidth() + 8
        self.setMinimumSize(math.ceil(chrome_width + cells * MIN_COLUMN_PX),
                            math.ceil(chrome_height + cells * MIN_ROW_PX))

    def _write_counts(self) -> None:
        k = self.confusion.shape[0]
        font = QFont()
        font.setPointSizeF(10 if k <= 10 else 8.5)
        shares = self.shares()
        plot = self.getPlotItem()
        for t in range(k):
            for p in range(k):
                count = int(self.confusion[t, p])
                colour = self._count_colour(float(np.sqrt(shares[t, p])), count)
                item = pg.TextItem(str(count), color=colour, anchor=(0.5, 0.5))
                item.setFont(font)
                item.setPos(p + 0.5, t + 0.5)
                plot.addItem(item)
                self.texts[(t, p)] = item

    def look_changed(self, look: looks.Look) -> None:
        """The title's hint is in the look's quieter text colour."""
        self.getPlotItem().setTitle(
            self.tr("Confusion matrix <span style='font-size:9pt; color:{0}'>"
                    "(click a cell to see its images)</span>").format(look.muted),
            color=look.plot_foreground, size="11pt")

    def retranslate(self) -> None:
        """After a change of language: the title, composed with its hint's colour."""
        self.look_changed(looks.current())

    def _count_colour(self, level: float, count: int) -> str:
        """Black or white, whichever reads on the cell; an empty cell's 0 in a quieter grey
        that still reads at 4.5:1 on the palest blue."""
        cell = self.heat.map(level, mode="qcolor")
        if count == 0 and looks.relative_luminance(cell) > 0.8:
            return ZERO_COLOUR
        return looks.readable_on(cell)

    def shares(self) -> np.ndarray:
        """Each cell as a share of its true class (its row)."""
        totals = self.confusion.sum(axis=1, keepdims=True)
        return np.divide(self.confusion, totals, out=np.zeros(self.confusion.shape),
                         where=totals > 0)

    def class_name(self, index: int) -> str:
        return self.class_names[index] if index < len(self.class_names) else str(index)

    def cell_text(self, true_class: int, predicted: int) -> str | None:
        """The count written in a cell, or None when cells are not labelled."""
        item = self.texts.get((true_class, predicted))
        return item.toPlainText() if item is not None else None

    def select(self, true_class: int, predicted: int) -> None:
        """Outline a cell (or none, with -1)."""
        if true_class < 0 or predicted < 0:
            self.selection.hide()
            return
        self.selection.setRect(QRectF(predicted, true_class, 1, 1))
        self.selection.show()

    # -- geometry, for tests and tooltips -------------------------------------------------------
    def cell_view_pos(self, true_class: int, predicted: int) -> QPointF:
        """The centre of a cell in this widget's viewport coordinates."""
        scene = self.image.mapToScene(QPointF(predicted + 0.5, true_class + 0.5))
        return QPointF(self.mapFromScene(scene))

    def _hovered(self, t: int, p: int) -> None:
        if t < 0:
            self.image.setToolTip("")
            return
        count = int(self.confusion[t, p])
        share = self.shares()[t, p]
        self.image.setToolTip(localized(self.tr(
            "true: {0}, predicted: {1}\n{2} test images ({3:.1%} of the true {0})"),
            self.class_name(t), self.class_name(p), count, share))
