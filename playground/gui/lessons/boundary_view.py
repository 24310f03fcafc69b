"""The decision boundary of a two-input network over its training points (lesson 5).

The plane is painted with the network's probability of class 1 (one forward pass over a grid,
:func:`playground.core.inspect.boundary.decision_grid`), and the training points are drawn on top in
their class colours, so the student sees at once which points fall on the wrong side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF

from playground.gui.i18n import translate_message
from playground.gui.lessons.views import CLASS_COLOURS, ExampleCache, LessonView, document_model

if TYPE_CHECKING:
    from playground.gui.host import WindowHost

RESOLUTION = 120
BOUNDARY_MAP = pg.ColorMap([0.0, 0.5, 1.0], [(170, 200, 230), (250, 250, 250), (255, 205, 160)])


class BoundaryView(LessonView):
    """Class-1 probability over the plane, with the training points of both classes."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window, "boundaryView",
                         QCoreApplication.translate("BoundaryView", "Decision boundary"))
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setObjectName("boundaryGraphics")
        self.graphics.setAccessibleName(self.tr("The network's answer over the plane"))
        self.graphics.setMinimumHeight(320)
        self.plot = self.graphics.addPlot()
        self.plot.setAspectLocked(True)
        self.plot.hideButtons()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(BOUNDARY_MAP)
        self.plot.addItem(self.image)
        self.points = pg.ScatterPlotItem(size=6, pen=pg.mkPen("w", width=0.5))
        self.plot.addItem(self.points)
        self.body.addWidget(self.graphics, 1)
        self._data = ExampleCache()
        self.probabilities: np.ndarray | None = None

    def draw(self) -> None:
        from playground.core.data.datasets import load_dataset
        from playground.core.errors import PlaygroundError
        from playground.core.inspect.boundary import data_range, decision_grid

        doc = self.document
        spec, config = doc.spec, doc.config
        self.probabilities = None
        if tuple(spec.input_shape) != (2,) or not doc.can_train:
            self.note.setText(self.tr("This view needs a valid network with 2 inputs, such as "
                                      "the ones on the toy 2D datasets."))
            self.image.clear()
            self.points.clear()
            return
        options = dict(doc.dataset_options)
        try:
            data = self._data.get(
                (spec.dataset, config.seed, tuple(sorted(options.items()))),
                lambda: load_dataset(spec.dataset, seed=config.seed, **options))
            x_range, y_range = data_range(data.train_x)
            grid = decision_grid(document_model(doc), x_range, y_range, RESOLUTION)
        except (PlaygroundError, ValueError, TypeError, RuntimeError) as exc:
            self.note.setText(translate_message(exc))
            return
        self.probabilities = grid.probabilities
        self.note.setText(self.weights_note())
        self.image.setImage(grid.probabilities, levels=(0.0, 1.0))
        xs, ys = grid.xs, grid.ys
        self.image.setRect(QRectF(float(xs[0]), float(ys[0]), float(xs[-1] - xs[0]),
                                  float(ys[-1] - ys[0])))
        points = data.train_x.numpy()
        labels = data.train_y.numpy()
        brushes = [pg.mkBrush(CLASS_COLOURS[int(c) % 2]) for c in labels]
        self.points.setData(x=points[:, 0], y=points[:, 1], brush=brushes)
