"""A scrolling column of titled rows (tile mosaics or bar charts) with a zoom panel beside it.

The filters, feature maps and weight images views are all "one row per layer" pictures, so they
share this canvas. Rows are built once per network shape and then only fed new arrays, which
keeps a redraw to a few ``setImage`` calls. Pointing at a tile enlarges it in the zoom panel
with its value range, so a 3×3 kernel or a 5×5 map can be read on a projector.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import HoverEvent
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from playground.gui import looks
from playground.gui.inside.tiles import DIVERGING, Mosaic, mosaic
from playground.gui.numbers import localized

POSITIVE_BAR = (214, 96, 77)
NEGATIVE_BAR = (67, 147, 195)
BRUSHES = {True: pg.mkBrush(POSITIVE_BAR), False: pg.mkBrush(NEGATIVE_BAR)}


def tr(text: str) -> str:
    return QCoreApplication.translate("LayerCanvas", text)


class TileImage(pg.ImageItem):
    """A mosaic image that reports which tile the mouse is over (-1 for none)."""

    hovered = Signal(int)

    def __init__(self, colormap: pg.ColorMap = DIVERGING) -> None:
        super().__init__(axisOrder="row-major")
        self.colormap = colormap
        self.setColorMap(colormap)
        self.mosaic: Mosaic | None = None
        self.levels_shown = (-1.0, 1.0)
        self._hover = -1

    def setColorMap(self, colorMap: pg.ColorMap) -> None:
        """Remembered, so a scalar mosaic after a colour one gets its colour map back."""
        self.colormap = colorMap
        super().setColorMap(colorMap)

    def show_mosaic(self, tiles: Mosaic, levels: tuple[float, float]) -> None:
        if tiles.colour:
            levels = (0.0, 1.0)
            self.setLookupTable(None)  # the pixels are colours already
        elif self.lut is None:
            self.setColorMap(self.colormap)
        self.mosaic, self.levels_shown = tiles, levels
        self.setImage(tiles.image, levels=levels, autoLevels=False)

    def hoverEvent(self, ev: HoverEvent) -> None:
        index = -1
        if not ev.isExit() and self.mosaic is not None:
            pos = ev.pos()
            found = self.mosaic.tile_at(pos.x(), pos.y())
            index = -1 if found is None else found
        if index != self._hover:
            self._hover = index
            self.hovered.emit(index)


class ZoomPanel(QWidget):
    """One map, enlarged, with what it is and its value range."""

    def __init__(self, name: str, invert: bool = True, subject: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground("w")
        self.graphics.setObjectName(f"{name}Graphics")
        self.set_subject(subject)
        # It shows the map under the mouse pointer: nothing in it answers keys.
        self.graphics.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view = self.graphics.addViewBox(lockAspect=True, invertY=invert, enableMouse=False,
                                             enableMenu=False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(DIVERGING)
        self.view.addItem(self.image)
        self.caption = QLabel(objectName=f"{name}Caption", wordWrap=True)
        self.caption.setAccessibleName(tr("About the enlarged map"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.caption)
        self.setMinimumWidth(150)
        self.clear()

    def set_subject(self, subject: str) -> None:
        """Name the panel after the pictures it enlarges (each inside view has one, in the
        same pane), in the interface's language of the moment."""
        title = tr("{0}: enlarged map").format(subject) if subject else tr("Enlarged map")
        self.setAccessibleName(title)
        self.graphics.setAccessibleName(title)

    def clear(self) -> None:
        self.image.clear()
        self.caption.setText(tr("Point at a map to enlarge it and read its value range."))

    def show_tile(self, caption: str, tile: np.ndarray, image: TileImage) -> None:
        if tile.ndim == 3:  # a colour picture
            self.image.setLookupTable(None)
        else:
            self.image.setColorMap(image.colormap)
        self.image.setImage(tile, levels=image.levels_shown, autoLevels=False)
        self.view.autoRange(padding=0.02)
        self.caption.setText(caption)


def clear_layout(graphics: pg.GraphicsLayoutWidget) -> None:
    """Empty a layout and delete its items now, on this (the GUI) thread.

    Items taken out of a scene belong to their Python wrappers, which sit in reference cycles;
    left to the cyclic garbage collector they may be destroyed on whichever thread it happens
    to run, the training thread included, and a Qt object destroyed there can deadlock with the
    GUI thread. ``deleteLater`` destroys them here instead.
    """
    items = list(graphics.ci.items)
    graphics.clear()
    for item in items:
        item.deleteLater()


def light_plot(layout: pg.GraphicsLayout, row: int, col: int,
               left_axis: bool = False) -> tuple[pg.ViewBox, pg.AxisItem]:
    """A ViewBox with a bottom axis (and optionally a left one): a plot without PlotItem's menus.

    A PlotItem builds a context menu and control panel that these fixed pictures never use; it
    costs about five times as much to create, which adds up over a dozen histograms, and its
    menus are Qt objects owned by Python alone (see :func:`clear_layout` for why that matters).
    """
    sub = layout.addLayout(row=row, col=col)
    sub.setContentsMargins(0, 0, 0, 0)
    sub.setSpacing(0)
    view = pg.ViewBox(enableMouse=False, enableMenu=False)
    view.setMouseEnabled(x=False, y=False)
    sub.addItem(view, row=0, col=1)
    bottom = pg.AxisItem("bottom")
    bottom.linkToView(view)
    bottom.setTextPen(looks.current().plot_foreground)
    sub.addItem(bottom, row=1, col=1)
    if left_axis:
        left = pg.AxisItem("left")
        left.linkToView(view)
        left.setTextPen(looks.current().plot_foreground)
        sub.addItem(left, row=0, col=0)
    return view, bottom


class CanvasRow:
    """One titled row: a tile mosaic ("tiles") or a bar chart ("bars")."""

    def __init__(self, layout: pg.GraphicsLayout, index: int, kind: str, invert: bool) -> None:
        self.kind = kind
        self.name = ""  # plain words for the zoom caption, e.g. "Layer 1 Conv2D"
        self.tile_word = tr("map")
        self.values: np.ndarray | None = None  # what the row shows now (tests read it)
        self.label = layout.addLabel(row=2 * index, col=0, justify="left")
        self.image: TileImage | None = None
        self.bars: pg.BarGraphItem | None = None
        self.axis: pg.AxisItem | None = None
        if kind == "tiles":
            self.view = layout.addViewBox(row=2 * index + 1, col=0, lockAspect=True,
                                          invertY=invert, enableMouse=False, enableMenu=False)
            self.image = TileImage()
            self.view.addItem(self.image)
        else:
            self.view, self.axis = light_plot(layout, 2 * index + 1, 0, left_axis=True)
            self.bars = pg.BarGraphItem(x=[], height=[], width=0.8)
            self.view.addItem(self.bars)

    def set_title(self, text: str) -> None:
        self.label.setText(text, color=looks.current().plot_foreground, size="9pt")

    def show_tiles(self, tiles: Mosaic, level: float, colormap: pg.ColorMap | None = None,
                   levels: tuple[float, float] | None = None) -> None:
        assert self.image is not None
        if colormap is not None:
            self.image.setColorMap(colormap)
        self.values = tiles.tiles
        self.image.show_mosaic(tiles, levels or (-level, level))
        self.view.autoRange(padding=0.01)

    def show_image(self, image: np.ndarray, level: float) -> None:
        self.show_tiles(mosaic(image[None]), level)

    def show_bars(self, values: np.ndarray, ticks: Sequence[str] | None = None) -> None:
        assert self.bars is not None and self.axis is not None
        values = np.nan_to_num(np.asarray(values, dtype=np.float32).reshape(-1))
        self.values = values
        brushes = [BRUSHES[v >= 0] for v in values]
        self.bars.setOpts(x=np.arange(len(values)), height=values, width=0.8, brushes=brushes)
        if ticks is not None and len(ticks) == len(values) and len(values) <= 20:
            self.axis.setTicks([list(enumerate(ticks)), []])
        else:
            self.axis.setTicks(None)
        low, high = min(0.0, float(values.min(initial=0))), max(0.0, float(values.max(initial=0)))
        self.view.setRange(xRange=(-0.6, len(values) - 0.4),
                           yRange=(low, high if high > low else low + 1), padding=0.02)


class LayerCanvas(QWidget):
    """Rows of pictures in a scroll area, and the zoom panel on the right."""

    tileHovered = Signal(int, int)  # row, tile (-1 when the mouse leaves)

    def __init__(self, name: str, accessible_name: str, row_height: int = 150,
                 invert: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible_name)
        self.row_height = row_height
        self.invert = invert
        # One Tab stop: the scroll area, whose arrow keys scroll the rows; the pictures in it
        # answer the mouse only.
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground("w")
        self.graphics.setObjectName(f"{name}Graphics")
        self.graphics.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll = QScrollArea(objectName=f"{name}Scroll", widgetResizable=True)
        self.scroll.setAccessibleName(accessible_name)
        self.scroll.setWidget(self.graphics)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.zoom = ZoomPanel(f"{name}Zoom", invert, accessible_name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll, 4)
        layout.addWidget(self.zoom, 1)
        self.rows: list[CanvasRow] = []
        self._kinds: tuple[str, ...] | None = None
        self._zoomed: tuple[int, int] | None = None  # (row, tile) in the zoom panel
        self._name_parts()

    def _name_parts(self) -> None:
        """The pictures and the zoom panel are named after the canvas (its accessible name)."""
        subject = self.accessibleName()
        self.graphics.setAccessibleName(tr("{0}: the pictures").format(subject))
        self.zoom.set_subject(subject)

    def retranslate(self) -> None:
        """After a change of language: the canvas's own name, a whole catalogue text, is in
        the new language already; the names composed from it follow, and the caption of the
        enlarged tile (its row's words were drawn again by the view before this hook runs)."""
        self._name_parts()
        if self._zoomed is not None:
            self._zoom_on(*self._zoomed)

    def set_rows(self, kinds: Sequence[str]) -> list[CanvasRow]:
        """Rows of these kinds, rebuilt only when the kinds differ from the current ones."""
        kinds = tuple(kinds)
        if kinds == self._kinds:
            return self.rows
        clear_layout(self.graphics)
        self.zoom.clear()
        self._zoomed = None
        self.rows = []
        for index, kind in enumerate(kinds):
            row = CanvasRow(self.graphics.ci, index, kind, self.invert)
            if row.image is not None:
                row.image.hovered.connect(lambda tile, r=index: self._hovered(r, tile))
            self.rows.append(row)
        self._kinds = kinds
        if self.row_height:
            self.graphics.setMinimumHeight(self.row_height * len(kinds))
        return self.rows

    def graphics_for_export(self) -> QWidget:
        return self.graphics

    def _hovered(self, row_index: int, tile: int) -> None:
        self.tileHovered.emit(row_index, tile)
        self._zoom_on(row_index, tile)

    def _zoom_on(self, row_index: int, tile: int) -> None:
        """Enlarge a tile with its caption (nothing for tile -1: the last one stays shown)."""
        if tile < 0 or row_index >= len(self.rows):
            return
        row = self.rows[row_index]
        if row.image is None or row.image.mosaic is None:
            return
        shown = row.image.mosaic
        if tile >= len(shown.tiles):
            return
        values = shown.tile_values(tile)
        finite = values[np.isfinite(values)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
        caption = localized(
            tr("{name}, {word} {n}: values from {low:.3g} to {high:.3g}"),
            name=row.name, word=row.tile_word, n=tile + 1, low=low, high=high)
        self.zoom.show_tile(caption, shown.tiles[tile], row.image)
        self._zoomed = (row_index, tile)

