"""The pictures of a dataset preview, drawn with pyqtgraph: sample grids, class counts, points.

* :class:`ImageMosaic` draws any number of samples as one image (tiles side by side with a
  caption band under each), so a grid of forty digits is one ``ImageItem`` plus forty short
  labels, not forty widgets. Tiles arrive scaled to [0, 1]; the caller decides what 0 and 1
  mean (the preprocessing strip stretches each row over its own range).
* :class:`CountBars` shows samples per class as horizontal bars with the numbers at their ends;
  an empty class is a red zero, so it is noticed.
* :class:`PointsView` draws 2D points coloured by class (training points filled, test points
  hollow), and :class:`SequenceView` a few input windows with the value to predict.

All plots are fixed (no pan or zoom): they illustrate, the user does not explore them.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from playground.gui import looks
from playground.gui.numbers import number
from playground.gui.training.confusion_view import set_ticks

GAP_COLOUR = (236, 239, 241)
GAP = 2
TILE_TARGET = 56  # screen pixels a tile aims for
MAX_MOSAIC_HEIGHT = 560


def class_colour(index: int) -> tuple[int, int, int]:
    return looks.category_colour(index)


def _fixed_plot(widget: pg.PlotWidget, name: str, accessible: str) -> pg.PlotItem:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    plot = widget.getPlotItem()
    plot.hideButtons()
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    for axis in ("left", "bottom"):
        plot.getAxis(axis).setTextPen(looks.current().plot_foreground)
        plot.getAxis(axis).setPen(looks.current().plot_axis)
    return plot


def to_rgb(tiles01: np.ndarray) -> np.ndarray:
    """(n, C, H, W) values in [0, 1] as (n, H, W, 3) uint8; grey becomes three equal channels."""
    tiles = np.clip(np.nan_to_num(tiles01.astype(np.float32)), 0.0, 1.0)
    if tiles.shape[1] == 1:
        tiles = np.repeat(tiles, 3, axis=1)
    return (np.moveaxis(tiles[:, :3], 1, -1) * 255 + 0.5).astype(np.uint8)


def mosaic(tiles01: np.ndarray, columns: int, caption_height: int) -> np.ndarray:
    """One (rows·cell_h, columns·cell_w, 3) uint8 picture of the tiles, row by row."""
    rgb = to_rgb(tiles01)
    n, h, w = rgb.shape[:3]
    rows = max(1, -(-n // columns))
    cell_h, cell_w = h + caption_height + GAP, w + GAP
    out = np.empty((rows * cell_h, columns * cell_w, 3), np.uint8)
    out[:] = GAP_COLOUR
    for i in range(n):
        r, c = divmod(i, columns)
        out[r * cell_h : r * cell_h + h, c * cell_w : c * cell_w + w] = rgb[i]
    return out


class ImageMosaic(pg.PlotWidget):
    """Samples side by side with a caption under each; see the module docstring."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.plot = _fixed_plot(self, name, accessible)
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.invertY(True)
        self.plot.setAspectLocked(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.captions: list[pg.TextItem] = []
        self.caption_texts: list[str] = []
        self.shown = 0
        self.setFixedHeight(100)

    def show_tiles(self, tiles01: np.ndarray, captions: list[str], columns: int = 10) -> None:
        """Draw ``tiles01`` (n, C, H, W) in [0, 1], ``columns`` per row, captions underneath."""
        for item in self.captions:
            self.plot.removeItem(item)
        self.captions, self.caption_texts = [], list(captions)
        self.shown = len(tiles01)
        if not len(tiles01):
            self.image.clear()
            return
        columns = max(1, min(columns, len(tiles01)))
        h, w = tiles01.shape[2:]
        band = max(8, h // 2) if captions else 0
        picture = mosaic(tiles01, columns, band)
        self.image.setImage(picture, levels=(0, 255))
        for i, text in enumerate(captions[: len(tiles01)]):
            r, c = divmod(i, columns)
            item = pg.TextItem(text, color=looks.current().plot_foreground, anchor=(0.5, 0.0))
            item.setPos(c * (w + GAP) + w / 2, r * (h + band + GAP) + h)
            self.plot.addItem(item)
            self.captions.append(item)
        self.plot.setRange(xRange=(0, picture.shape[1]), yRange=(0, picture.shape[0]),
                           padding=0.02)  # fmt: skip
        zoom = max(1.0, TILE_TARGET / max(h, 1))  # small images drawn larger, as on a projector
        self.setFixedHeight(int(min(MAX_MOSAIC_HEIGHT, max(100, picture.shape[0] * zoom + 16))))
        self.setAccessibleDescription(", ".join(captions))


class CountBars(pg.PlotWidget):
    """Samples per class as horizontal bars, first class on top."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.plot = _fixed_plot(self, name, accessible)
        self.plot.invertY(True)
        self.plot.showGrid(x=True, alpha=0.25)
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.7, width=[], brushes=[])
        self.plot.addItem(self.bars)
        self.texts: list[pg.TextItem] = []
        self.counts: dict[str, int] = {}
        self.setMinimumHeight(140)

    def show_counts(self, counts: dict[str, int], title: str = "") -> None:
        for item in self.texts:
            self.plot.removeItem(item)
        self.texts = []
        self.counts = dict(counts)
        names, values = list(counts), [int(v) for v in counts.values()]
        brushes = [pg.mkBrush(*class_colour(i)) for i in range(len(values))]
        self.bars.setOpts(x0=np.zeros(len(values)), y=np.arange(len(values)),
                          width=np.asarray(values, float), brushes=brushes)  # fmt: skip
        set_ticks(self.plot.getAxis("left"), list(enumerate(names)))
        top = max(values, default=0)
        for i, value in enumerate(values):
            colour = looks.current().error if value == 0 else looks.current().plot_foreground
            item = pg.TextItem(number(value, ","), color=colour, anchor=(0.0, 0.5))
            item.setPos(value, i)
            self.plot.addItem(item)
            self.texts.append(item)
        self.plot.setTitle(title, color=looks.current().plot_foreground, size="10pt")
        self.plot.setXRange(0, max(top, 1) * 1.18, padding=0)
        self.plot.setYRange(-0.6, max(len(values), 1) - 0.4, padding=0)
        self.setFixedHeight(min(70 + 24 * len(values), 380))
        self.setAccessibleDescription(", ".join(f"{n}: {v}" for n, v in counts.items()))


class PointsView(pg.PlotWidget):
    """2D points coloured by class: training points filled, test points hollow."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.plot = _fixed_plot(self, name, accessible)
        self.plot.setAspectLocked(True)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.train = pg.ScatterPlotItem(size=7, pen=None)
        self.test = pg.ScatterPlotItem(size=7, brush=pg.mkBrush(None))
        self.plot.addItem(self.train)
        self.plot.addItem(self.test)
        self.setMinimumHeight(260)

    def show_points(self, train_x: np.ndarray, train_y: np.ndarray,
                    test_x: np.ndarray | None = None, test_y: np.ndarray | None = None) -> None:
        classes = int(max(train_y.max(initial=0), 0 if test_y is None else test_y.max(initial=0)))
        brushes = [pg.mkBrush(*class_colour(c), 200) for c in range(classes + 1)]
        pens = [pg.mkPen(class_colour(c), width=1.5) for c in range(classes + 1)]
        self.train.setData(x=train_x[:, 0], y=train_x[:, 1], brush=[brushes[c] for c in train_y],
                           symbol=[looks.category_symbol(int(c)) for c in train_y])
        if test_x is None or test_y is None:
            self.test.setData(x=[], y=[])
        else:
            self.test.setData(x=test_x[:, 0], y=test_x[:, 1], pen=[pens[c] for c in test_y],
                              symbol=[looks.category_symbol(int(c)) for c in test_y])
        self.plot.autoRange()

    def point_count(self) -> tuple[int, int]:
        return len(self.train.data), len(self.test.data)


class SequenceView(pg.PlotWidget):
    """A few input windows as lines, each with the value to predict as a dot one step later."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.plot = _fixed_plot(self, name, accessible)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.setLabel("bottom", self.tr("time step"), color=looks.current().plot_foreground)
        self.setMinimumHeight(220)

    def show_windows(self, windows: np.ndarray, targets: np.ndarray) -> None:
        self.plot.clear()
        steps = windows.shape[1]
        for i, (window, target) in enumerate(zip(windows, targets, strict=True)):
            colour = class_colour(i)
            self.plot.plot(np.arange(steps), window, pen=pg.mkPen(colour, width=2),
                           symbol="o", symbolSize=4, symbolBrush=colour)  # fmt: skip
            self.plot.plot([steps], [float(target)], pen=None, symbol="star", symbolSize=14,
                           symbolBrush=colour)  # fmt: skip
