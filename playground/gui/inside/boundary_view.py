"""The decision boundary of a network with two inputs, as in TensorFlow Playground.

The background is the model's answer over the plane (orange for class 0, blue for class 1,
pale where it is unsure), with the training points (white rim) and test points (dark rim) on
top. Optionally, each unit of the first hidden layer gets its own small map: the simple pieces
(straight edges, for tanh or ReLU units) that the later layers bend into the boundary.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QCheckBox, QSplitter, QWidget

from playground.gui.inside.base import InsideView
from playground.gui.inside.canvas import LayerCanvas, light_plot
from playground.gui.inside.state import ViewContext
from playground.gui.inside.tiles import BOUNDARY_MAP, CLASS_COLOURS, mosaic, symmetric_level

UNIT_RESOLUTION = 40
BOUNDARY_RESOLUTION = 60


class BoundaryView(InsideView):
    """The class-1 probability over the plane, the data points, and optional unit maps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("boundaryView", self.tr("Decision boundary"), parent)
        self.test_check = QCheckBox(self.tr("Test points"), objectName="boundaryTestCheck")
        self.test_check.setAccessibleName(self.tr("Show the test points"))
        self.test_check.setChecked(True)
        self.units_check = QCheckBox(self.tr("Each hidden unit"), objectName="boundaryUnitsCheck")
        self.units_check.setAccessibleName(self.tr("Show each hidden unit's own map"))
        self.units_check.setToolTip(self.tr("What each unit of the first hidden layer answers "
                                            "over the plane"))
        for box in (self.test_check, self.units_check):
            box.toggled.connect(lambda _on: self.options_changed())
            self.controls.addWidget(box)
        self.plot_widget = pg.GraphicsLayoutWidget()
        self.plot_widget.setBackground("w")
        self.plot_widget.setObjectName("boundaryPlot")
        self.plot_widget.setAccessibleName(self.tr("Decision boundary"))
        plot, _axis = light_plot(self.plot_widget.ci, 0, 0, left_axis=True)
        plot.setAspectLocked(True)
        self.plot = plot
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(BOUNDARY_MAP)
        plot.addItem(self.image)
        self.train_points = pg.ScatterPlotItem(size=7, pen=pg.mkPen("w", width=1))
        self.test_points = pg.ScatterPlotItem(size=7, pen=pg.mkPen("#222", width=1.5))
        plot.addItem(self.train_points)
        plot.addItem(self.test_points)
        self.units = LayerCanvas("boundaryUnits", self.tr("Each hidden unit"), row_height=0)
        self.units.hide()
        self.splitter = QSplitter(objectName="boundarySplitter")
        self.splitter.addWidget(self.plot_widget)
        self.splitter.addWidget(self.units)
        self.body.addWidget(self.splitter)
        self.probabilities: np.ndarray | None = None
        self.unit_values: np.ndarray | None = None

    def draw(self, context: ViewContext) -> None:
        state = context.state
        self.probabilities = self.unit_values = None
        if state is None or tuple(state.spec.input_shape) != (2,):
            self.image.clear()
            self.train_points.clear()
            self.test_points.clear()
            self.units.hide()
            self.show_note(context.message if state is None else self.tr(
                "The decision boundary is drawn for networks with two inputs: pick a toy "
                "dataset (toy-spiral, toy-xor, toy-circle or toy-gauss) to see it."))
            return
        from playground.core.inspect.boundary import DEFAULT_RANGE, decision_grid, unit_grids

        grid = state.snapshot.boundary
        if grid is None:
            grid = decision_grid(state.model(), DEFAULT_RANGE, DEFAULT_RANGE,
                                 BOUNDARY_RESOLUTION)
        xs, ys, probabilities = grid
        self.probabilities = probabilities
        self.image.setImage(probabilities, levels=(0.0, 1.0), autoLevels=False)
        dx, dy = float(xs[1] - xs[0]), float(ys[1] - ys[0])
        self.image.setRect(QRectF(float(xs[0]) - dx / 2, float(ys[0]) - dy / 2,
                                  dx * len(xs), dy * len(ys)))
        self._draw_points(context)
        x_range, y_range = (float(xs[0]), float(xs[-1])), (float(ys[0]), float(ys[-1]))
        self.plot.setRange(xRange=x_range, yRange=y_range, padding=0)
        self.units.setVisible(self.units_check.isChecked())
        if self.units_check.isChecked():
            found = unit_grids(state.model(), x_range, y_range, UNIT_RESOLUTION)
            self._draw_units(found)
        self.show_note(self.tr(
            "{0}: orange is class 0, blue class 1, pale where the network is unsure. Points "
            "with a white rim are training samples, a dark rim test samples.").format(
                state.label))

    def _draw_points(self, context: ViewContext) -> None:
        data = context.data
        if data is None or data.train_x.shape[-1] != 2:
            self.train_points.clear()
            self.test_points.clear()
            return
        brushes = [pg.mkBrush(c) for c in CLASS_COLOURS]

        def spots(x, y) -> dict:
            labels = np.asarray(y).astype(int).reshape(-1) % 2
            return {"pos": np.asarray(x, dtype=float), "brush": [brushes[i] for i in labels]}

        self.train_points.setData(**spots(data.train_x, data.train_y))
        if self.test_check.isChecked():
            self.test_points.setData(**spots(data.test_x, data.test_y))
        else:
            self.test_points.clear()

    def _draw_units(self, found) -> None:
        if found is None:
            self.units.set_rows([])
            return
        (row,) = self.units.set_rows(["tiles"])
        # Each map upside down in a top-down mosaic: tiles read left to right from the top,
        # and inside each tile y still grows upwards, as in the main plot.
        tiles = mosaic(found.values[:, ::-1], max_tiles=64)
        row.name, row.tile_word = self.tr("Layer {0}").format(found.layer_index + 1), \
            self.tr("unit")
        title = self.tr("Layer {0}: each unit over the plane ({1} units)").format(
            found.layer_index + 1, len(found.values))
        if tiles.capped:
            title += self.tr(" · showing the first {0}").format(len(tiles.tiles))
        row.set_title(title)
        row.show_tiles(tiles, symmetric_level(found.values))
        self.unit_values = tiles.tiles

    def export_widget(self) -> QWidget:
        return self.splitter
