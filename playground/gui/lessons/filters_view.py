"""The first convolution's filters and the feature maps they make of one test picture (lesson 3).

Filters are drawn with a diverging colour map centred on zero (blue negative, red positive), all
with the same levels so that equal weights look equal; each feature map beside them uses its own
grey levels, because what matters there is *where* the filter responded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox

from playground.core.network.layer_types import layer_type
from playground.gui.lessons.views import DIVERGING, ExampleCache, LessonView, document_model

if TYPE_CHECKING:
    from playground.gui.host import WindowHost

EXAMPLES = 20
MAX_SHOWN = 16
GRAPHICS_HEIGHT = 240


class FiltersView(LessonView):
    """Row 1: the first Conv2D layer's filters; row 2: their feature maps for one picture."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window, "filtersView",
                         QCoreApplication.translate("FiltersView", "Filters and feature maps"))
        self.example = QSpinBox(objectName="filtersExample")
        self.example.setRange(0, EXAMPLES - 1)
        self.example.setAccessibleName(self.tr("Test picture number"))
        self.example.valueChanged.connect(lambda _v: self.redraw())
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Test picture")))
        row.addWidget(self.example)
        row.addStretch(1)
        self.body.addLayout(row)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setObjectName("filtersGraphics")
        self.graphics.setAccessibleName(self.tr("Filters and the feature maps they produce"))
        self.graphics.setFixedHeight(GRAPHICS_HEIGHT)
        self.body.addWidget(self.graphics)
        self.body.addStretch(1)
        self._examples = ExampleCache()
        self.filters_shown = 0
        self.maps_shown = 0

    def draw(self) -> None:
        from playground.core.data.datasets import load_dataset
        from playground.core.errors import PlaygroundError
        from playground.core.inspect.inside import conv_filters, feature_maps

        doc = self.document
        self.graphics.clear()
        self.filters_shown = self.maps_shown = 0
        spec, config = doc.spec, doc.config
        has_filters = any(layer_type(layer.type).has_filters for layer in spec.layers)
        if not doc.can_train or not has_filters:
            self.note.setText(self.tr("This view needs a valid network with a Conv2D layer."))
            return
        model = document_model(doc)
        filters = conv_filters(model)[0]
        kernels = filters.averaged()[:MAX_SHOWN]
        colormap = pg.colormap.get(DIVERGING)
        self.graphics.addLabel(self.tr("filters"), row=0, col=0)
        for i, kernel in enumerate(kernels):
            self._tile(0, i + 1, kernel, filters.levels, colormap)
        self.filters_shown = len(kernels)
        note = self.weights_note()
        try:
            data = self._examples.get(
                (spec.dataset, config.preprocessing),
                lambda: load_dataset(spec.dataset, preprocessing=config.preprocessing,
                                     seed=config.seed, limit=EXAMPLES))
            sample = data.test_x[min(self.example.value(), len(data.test_x) - 1)]
            maps = next(a for a in feature_maps(model, sample) if a.layer_index ==
                        filters.layer_index)
        except (PlaygroundError, ValueError, RuntimeError) as exc:
            self.note.setText(f"{note} {exc}")
            return
        self.note.setText(note)
        # The picture heads the row of maps, and each map sits under the filter that made it.
        if sample.numel() == sample.shape[-1] * sample.shape[-2]:
            picture = sample.numpy().reshape(sample.shape[-2], sample.shape[-1])
            self._tile(1, 0, picture, (float(picture.min()), float(picture.max()) or 1.0), None)
        else:
            self.graphics.addLabel(self.tr("feature maps"), row=1, col=0)
        for i, values in enumerate(maps.values[:MAX_SHOWN]):
            self._tile(1, i + 1, values, (float(values.min()), float(values.max()) or 1.0), None)
        self.maps_shown = min(len(maps.values), MAX_SHOWN)

    def _tile(self, row: int, col: int, values: np.ndarray, levels: tuple[float, float],
              colormap: pg.ColorMap | None) -> None:
        box = self.graphics.addViewBox(row=row, col=col, lockAspect=True, invertY=True)
        box.setMouseEnabled(False, False)
        image = pg.ImageItem(np.ascontiguousarray(values, dtype=np.float32),
                             axisOrder="row-major", levels=levels)
        if colormap is not None:
            image.setColorMap(colormap)
        box.addItem(image)
