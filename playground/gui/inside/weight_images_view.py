"""A first Dense layer fed by an image: each unit's incoming weights drawn as that image.

A unit of ``Flatten → Dense`` multiplies every pixel by one weight, so its weights form a
picture of what excites it (red) and what inhibits it (blue): after a little training on digits
they show strokes and blobs. Networks whose first Dense layer sees features instead of pixels
(after a convolution or a recurrent layer) have no such picture, and the view says so.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QWidget

from playground.gui.inside.base import InsideView
from playground.gui.inside.canvas import LayerCanvas
from playground.gui.inside.state import ViewContext
from playground.gui.inside.tiles import mosaic


class WeightImagesView(InsideView):
    """The first Dense layer's units as images (at most 64 shown), hover to enlarge one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("weightImagesView", self.tr("Dense weights as images"), parent)
        self.canvas = LayerCanvas("weightImagesCanvas", self.tr("Dense weights as images"),
                                  row_height=0)
        self.body.addWidget(self.canvas)
        self.shown: np.ndarray | None = None  # (units, height, width) drawn

    def draw(self, context: ViewContext) -> None:
        self.shown = None
        state = context.state
        if state is None:
            self.canvas.set_rows([])
            self.show_note(context.message)
            return
        images = state.dense_images()
        if images is None:
            self.canvas.set_rows([])
            self.show_note(self.tr(
                "Weight images need a Dense layer that sees the input picture directly "
                "(Flatten then Dense, as in mlp-mnist). In this network the first Dense layer "
                "sees features computed by earlier layers, or the input is not a picture."))
            return
        (row,) = self.canvas.set_rows(["tiles"])
        pictures = images.averaged()
        tiles = mosaic(pictures)
        n = images.layer_index + 1
        _, channels, height, width = images.images.shape
        row.name, row.tile_word = self.tr("Layer {0} Dense").format(n), self.tr("unit")
        title = self.tr("Layer {0} · Dense · {1} units, each a {2}×{3} picture").format(
            n, images.units, height, width)
        if channels > 1:
            title += self.tr(" (averaged over {0} colour channels)").format(channels)
        if tiles.capped:
            title += self.tr(" · showing the first {0} of {1}").format(len(tiles.tiles),
                                                                      tiles.total)
        row.set_title(title)
        row.show_tiles(tiles, images.level)
        self.shown = tiles.tiles
        self.show_note(self.tr(
            "{0}: each picture is one unit's weights on the pixels: red pixels push the unit "
            "up, blue ones down. Point at a unit to enlarge it.").format(state.label))

    def export_widget(self) -> QWidget:
        return self.canvas.graphics
