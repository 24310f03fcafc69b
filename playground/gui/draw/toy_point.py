"""Click on the plane to classify a point: the 2D toy sets' version of drawing a digit.

The test points are drawn in their class colours over the network's decision boundary (the
probability of the second class at every point, pale where the network hesitates), so a click
in a spiral's arm shows both the answer and why: the colour under the click. The boundary is
the one of the weights in use, so during training it is redrawn from each snapshot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from playground.gui import looks
from playground.gui.numbers import localized

if TYPE_CHECKING:
    from playground.core.data.datasets import Dataset
    from playground.core.inspect.boundary import DecisionGrid

PLANE_RANGE = (-1.5, 1.5)  # the toy sets lie in [-1, 1]²; snapshots' boundaries cover this


def _boundary_colours() -> pg.ColorMap:
    """Class 0's colour, white where the network hesitates, class 1's colour (pale tints)."""
    tints = [looks.mix(QColor(*looks.category_colour(i)), "#ffffff", 0.4) for i in (0, 1)]
    return pg.ColorMap([0.0, 0.5, 1.0], [tints[0], (250, 250, 250), tints[1]])


class ToyPlane(QWidget):
    """The plane of a 2D toy set; ``pointChosen`` gives the (x, y) clicked."""

    pointChosen = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toyPlane")
        self.setAccessibleName(self.tr("Plane of the 2D points"))
        self.chosen: tuple[float, float] | None = None
        self._data: object = None
        self._grid: object = None
        self.plot = pg.PlotWidget(background="w", viewBox=pg.ViewBox(enableMenu=False))
        self.plot.setMinimumSize(120, 120)
        self.plot.setObjectName("toyPlanePlot")
        self.plot.setAccessibleName(self.tr("Click a point to classify it"))
        self.plot.setToolTip(self.tr("Click anywhere to ask the network about that point"))
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False, enableViewBoxMenu=None)  # no menu was made (see bars.py)
        item.setMouseEnabled(x=False, y=False)
        item.setAspectLocked(True)
        item.setRange(xRange=PLANE_RANGE, yRange=PLANE_RANGE, padding=0.0)
        for name in ("left", "bottom"):
            item.getAxis(name).setTextPen(looks.current().plot_foreground)
            item.getAxis(name).setPen(looks.current().plot_axis)
        self.boundary_item = pg.ImageItem(axisOrder="row-major")
        self.boundary_item.setColorMap(_boundary_colours())
        self.boundary_item.setZValue(-10)
        item.addItem(self.boundary_item)
        self.points_item = pg.ScatterPlotItem(size=6, pen=pg.mkPen(255, 255, 255, 160))
        item.addItem(self.points_item)
        self.marker = pg.ScatterPlotItem(size=18, symbol="+", pen=pg.mkPen("k", width=3),
                                         brush=pg.mkBrush("k"))
        self.marker.setZValue(10)
        item.addItem(self.marker)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self.caption = QLabel(self.tr("Click on the plane to classify a point."))
        self.caption.setObjectName("toyPlaneCaption")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.caption)

    def set_data(self, data: Dataset | None) -> None:
        """Show the test points of a 2D set, coloured by class."""
        if data is self._data:
            return
        self._data = data
        if data is None or len(data.test_y) == 0:
            self.points_item.clear()
            return
        xy = data.test_x.numpy().reshape(-1, 2)
        labels = data.test_y.numpy()
        brushes = [pg.mkBrush(*looks.category_colour(int(c))) for c in labels]
        symbols = [looks.category_symbol(int(c)) for c in labels]
        self.points_item.setData(x=xy[:, 0], y=xy[:, 1], brush=brushes, symbol=symbols)

    def set_boundary(self, grid: DecisionGrid | None) -> None:
        """Colour the plane by the network's answer (None: plain white)."""
        if grid is self._grid:
            return
        self._grid = grid
        if grid is None:
            self.boundary_item.clear()
            return
        xs, ys, probabilities = grid
        self.boundary_item.setImage(np.asarray(probabilities, np.float32), levels=(0.0, 1.0))
        dx = (xs[-1] - xs[0]) / max(len(xs) - 1, 1)
        dy = (ys[-1] - ys[0]) / max(len(ys) - 1, 1)
        self.boundary_item.setRect(QRectF(float(xs[0] - dx / 2), float(ys[0] - dy / 2),
                                          float(dx * len(xs)), float(dy * len(ys))))

    def choose(self, x: float, y: float) -> None:
        """Mark (x, y) and ask for its class (what a click does)."""
        self.chosen = (float(x), float(y))
        self.marker.setData(x=[x], y=[y])
        self._caption_point()
        self.pointChosen.emit(float(x), float(y))

    def _caption_point(self) -> None:
        if self.chosen is not None:
            self.caption.setText(localized(self.tr("Point ({0:.2f}, {1:.2f})"), *self.chosen))

    def retranslate(self) -> None:
        """After a change of language: the chosen point's caption (numbers in the locale)."""
        self._caption_point()

    def view_pos(self, x: float, y: float) -> QPointF:
        """The widget position (in the plot's viewport) of plane point (x, y)."""
        scene = self.plot.getPlotItem().vb.mapViewToScene(QPointF(x, y))
        return QPointF(self.plot.mapFromScene(scene))

    def _clicked(self, event: MouseClickEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        vb = self.plot.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        point = vb.mapSceneToView(event.scenePos())
        event.accept()
        self.choose(point.x(), point.y())
