"""The Filters tab's "What it looks for" mode: for each filter of one Conv2D layer, the picture
it would like best and the training patches that make it fire most.

Both come from :mod:`playground.core.explain.filter_patterns`, computed in the application's
background pool on a model built from the shown state's weights and the training samples the
pane has loaded (a newer state or layer replaces a pending computation). Each filter gets one
line of tiles: its best picture, then its patches enlarged to the same size, drawn black to
white on the data's own range. Two filters share a line, with a blank tile between them, so a
layer of 64 filters fits in 32 lines.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from playground.core.network.layer_types import layer_type
from playground.gui.background import Job, background, error_message
from playground.gui.inside.canvas import LayerCanvas
from playground.gui.inside.state import ViewContext, one_torch_thread
from playground.gui.inside.tiles import mosaic
from playground.gui.numbers import localized

if TYPE_CHECKING:
    from playground.core.explain.filter_patterns import TopPatches
    from playground.core.network.spec import NetworkSpec

MAX_SAMPLES = 1000  # training samples searched for patches
MAX_FILTERS = 64  # filters shown (and optimised) per layer
TOP = 9  # patches per filter
PER_LINE = 2  # filters side by side on one line of tiles
LINE_PIXELS = 40  # height of a line of tiles, so small patches stay readable
RUN_INTERVAL_S = 5.0  # while a run trains: only epoch ends, at most this often
INPUT_MAP = pg.colormap.get("CET-L1")  # black to white, as the digits are drawn


@dataclass(frozen=True)
class Patterns:
    """What one computation found, for the layer ``layer`` of the state ``key`` names."""

    key: tuple[Any, ...]
    layer: int
    filters: int  # the layer's filters (at most MAX_FILTERS are shown)
    found: TopPatches
    pictures: np.ndarray  # (shown filters, C, H, W) the best inputs, NaN if not a picture
    low: float  # the samples' value range, for the colour scale
    high: float
    samples: int


def compute(spec: NetworkSpec, weights: dict[str, Any], layer: int, x: Any) -> Patterns:
    """The patches and best pictures of ``layer`` (runs on a pool thread)."""
    import torch

    from playground.core.explain.filter_patterns import maximise_filters, top_patches
    from playground.core.network.build import model_from_weights

    with one_torch_thread():
        model = model_from_weights(spec, weights)
        found = top_patches(model, spec, layer, x, k=TOP)
        data = torch.as_tensor(x, dtype=torch.float32)
        low, high = float(data.min()), float(data.max())
        filters, _k, channels = found.patches.shape[:3]
        # Grey is the data's mean: per colour channel for a picture input.
        start: float | list[float] = float(data.mean())
        if len(spec.input_shape) == 3:
            start = data.reshape(-1, *spec.input_shape).mean(dim=(0, 2, 3)).tolist()
        pictures = maximise_filters(model, layer, range(min(filters, MAX_FILTERS)), start=start,
                                    bounds=(low, high) if high > low else None)
    side = math.isqrt(pictures[0].size // channels) if len(pictures) else 0
    if pictures.ndim != 4 and channels * side * side == pictures[0].size:
        pictures = pictures.reshape(len(pictures), channels, side, side)
    elif pictures.ndim != 4:
        pictures = np.full((len(pictures), channels, 1, 1), np.nan, np.float32)
    return Patterns((), layer, filters, found, pictures, low, high, len(data))


def _fit(tile: np.ndarray, size: int, colour: bool) -> np.ndarray:
    """``tile`` (C, h, w) enlarged by a whole factor and centred in a ``size`` square."""
    factor = max(1, size // max(tile.shape[1:]))
    big = tile.repeat(factor, axis=1).repeat(factor, axis=2)
    out = np.full((size, size, 3) if colour else (size, size), 1.0 if colour else np.nan,
                  np.float32)
    h, w = min(big.shape[1], size), min(big.shape[2], size)
    top, left = (size - h) // 2, (size - w) // 2
    out[top:top + h, left:left + w] = (big[:3, :h, :w].transpose(1, 2, 0) if colour
                                       else big[:, :h, :w].mean(axis=0))
    return out


class PatternCanvas(LayerCanvas):
    """A canvas whose enlarged tile is described by ``describe`` (its words, or None)."""

    describe: Callable[[int], str | None] = staticmethod(lambda _tile: None)

    def _zoom_on(self, row_index: int, tile: int) -> None:
        if tile >= 0 and self.describe(tile) is None:
            return  # the blank tile between two filters
        super()._zoom_on(row_index, tile)
        if tile >= 0 and self._zoomed == (row_index, tile):
            self.zoom.caption.setText(self.describe(tile) or "")


class FilterPatternsPanel(QWidget):
    """The chosen layer's filters, one line of tiles each; ``layer_combo`` goes in the controls."""

    def __init__(self, show_note: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterPatternsPanel")
        self.show_note = show_note
        self.layer_combo = QComboBox(objectName="filterPatternsLayerCombo")
        self.layer_combo.setAccessibleName(self.tr("Convolution layer to look into"))
        self.layer_combo.setToolTip(self.tr("Which Conv2D layer's filters to show"))
        self.layer_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.layer_caption = QLabel(self.tr("Layer:"))
        self.layer_caption.setBuddy(self.layer_combo)
        self.canvas = PatternCanvas("filterPatternsCanvas", self.tr("What each filter looks for"),
                                    row_height=0)
        self.canvas.describe = self._describe
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.shown: Patterns | None = None  # what the canvas shows (tests read it)
        self._pending: tuple[Any, ...] | None = None
        self._label = ""
        self._last_started = -RUN_INTERVAL_S
        self._spec: NetworkSpec | None = None
        self._layers: list[int] = []

    @property
    def layer(self) -> int | None:
        value = self.layer_combo.currentData()
        return None if value is None else int(value)

    def _offer_layers(self, spec: NetworkSpec, layers: list[int]) -> None:
        """One entry per Conv2D layer, named in the language of the moment."""
        self._spec, self._layers = spec, layers
        have = [self.layer_combo.itemData(i) for i in range(self.layer_combo.count())]
        if have != layers:
            keep = self.layer
            self.layer_combo.blockSignals(True)
            self.layer_combo.clear()
            for index in layers:
                self.layer_combo.addItem("", index)
            found = self.layer_combo.findData(keep)
            self.layer_combo.setCurrentIndex(max(found, 0))
            self.layer_combo.blockSignals(False)
        for i, index in enumerate(layers):
            self.layer_combo.setItemText(i, self.tr("Layer {0} · Conv2D · {1} filters").format(
                index + 1, spec.layers[index].params["filters"]))

    def retranslate(self) -> None:
        """After a change of language: the numbered layers of the choice (the rows and the note
        are drawn again by the pane)."""
        if self._spec is not None:
            self._offer_layers(self._spec, self._layers)

    def clear(self, note: str) -> None:
        background().cancel(owner=self, key="patterns")
        self._pending, self.shown = None, None
        self.canvas.set_rows([])
        self.show_note(note)

    def draw(self, context: ViewContext) -> bool | None:
        """Show the chosen layer's patterns, computing them in the background when needed."""
        state, data = context.state, context.data
        if state is None:
            self.clear(context.message)
            return None
        spec = state.spec
        layers = [i for i, layer in enumerate(spec.layers) if layer_type(layer.type).has_filters]
        self._offer_layers(spec, layers)
        if not layers:
            self.clear(self.tr(
                "This network has no Conv2D layer, so it has no filters to look into. Add a "
                "Conv2D layer (or open the cnn-mnist template) to see what its filters look for."))
            return None
        if state.snapshot.state is None:
            self.clear(self.tr("This moment of the run kept only the filters, not every weight "
                               "of the network: choose another moment on the time line."))
            return None
        if data is None or len(data.train_x) == 0:
            self.clear(context.data_message or self.tr("No training samples to search."))
            return None
        layer = self.layer if self.layer is not None else layers[0]
        key = (state.serial, context.data_serial, layer)
        self._label = state.label
        if self.shown is not None and self.shown.key == key:
            self._render(self.shown)
            return None
        if key == self._pending:
            return None
        now = time.monotonic()
        if context.running and (not state.snapshot.epoch_end
                                or now - self._last_started < RUN_INTERVAL_S):
            return False  # a later state is computed (and this one once the run pauses)
        self._last_started, self._pending = now, key
        weights = dict(state.snapshot.state)
        x = data.train_x[:MAX_SAMPLES]

        def work(_job: Job) -> Patterns:
            from dataclasses import replace

            return replace(compute(spec, weights, layer, x), key=key)

        self.show_note(self.tr("{0}: computing what the filters of layer {1} look for…").format(
            state.label, layer + 1))
        background().submit(work, owner=self, key="patterns", name="inside-filter-patterns",
                            on_result=self._computed, on_error=self._failed)
        return None

    def _computed(self, patterns: Patterns) -> None:
        if patterns.key != self._pending:
            return
        self._pending = None
        self._render(patterns)

    def _failed(self, error: BaseException) -> None:
        self._pending = None
        self.show_note(self.tr("What the filters look for could not be computed: {0}").format(
            error_message(error)))

    def _render(self, patterns: Patterns) -> None:
        found = patterns.found
        shown = min(patterns.filters, MAX_FILTERS)
        pictures = patterns.pictures[:shown]
        patches = found.patches[:shown]
        channels = patches.shape[2]
        colour = channels == 3
        size = max(found.field.size, *pictures.shape[2:])
        blank = np.full((size, size, 3) if colour else (size, size), 1.0 if colour else np.nan,
                        np.float32)
        tiles: list[np.ndarray] = []
        lines = math.ceil(shown / PER_LINE)
        for f in range(lines * PER_LINE):
            if f % PER_LINE:
                tiles.append(blank)
            group = [pictures[f], *patches[f]] if f < shown else []
            tiles += [self._tile(t, size, colour, patterns) for t in group] or [blank] * (TOP + 1)
        columns = PER_LINE * (TOP + 1) + PER_LINE - 1
        tiles_image = mosaic(np.stack(tiles), max_tiles=len(tiles), columns=columns)
        (row,) = self.canvas.set_rows(["tiles"])
        self.canvas.graphics.setMinimumHeight(LINE_PIXELS * lines + 30)
        n = patterns.layer + 1
        row.name, row.tile_word = self.tr("Layer {0} Conv2D").format(n), self.tr("picture")
        title = self.tr("Layer {0} · Conv2D · {1} filters, two to a line: the picture each "
                        "would like best, then the {2} training patches ({3}×{3} pixels, "
                        "enlarged) that make it fire most").format(
                            n, patterns.filters, found.patches.shape[1], found.field.size)
        if shown < patterns.filters:
            title += self.tr(" · showing the first {0} of {1}").format(shown, patterns.filters)
        row.set_title(title)
        row.show_tiles(tiles_image, 1.0, INPUT_MAP, (patterns.low, patterns.high)
                       if patterns.high > patterns.low else (0.0, 1.0))
        self.shown = patterns
        self.show_note(self.tr(
            "{0}, layer {1}: one group of tiles per filter, two groups to a line. First the "
            "picture the filter would like best (a grey picture changed step by step to make the "
            "filter fire as strongly as possible), then the pieces of training pictures (from "
            "{2} samples) that make it fire most, strongest first: each piece is the part of a "
            "picture the filter sees. Point at a tile to enlarge it.").format(
                self._label, n, patterns.samples))

    @staticmethod
    def _tile(tile: np.ndarray, size: int, colour: bool, patterns: Patterns) -> np.ndarray:
        if colour:
            span = patterns.high - patterns.low or 1.0
            tile = np.clip((tile - patterns.low) / span, 0.0, 1.0)
        return _fit(tile, size, colour)

    def _describe(self, tile: int) -> str | None:
        """The words for tile ``tile`` of the mosaic; None for a blank one."""
        patterns = self.shown
        if patterns is None:
            return None
        line, column = divmod(tile, PER_LINE * (TOP + 2) - 1)
        group, place = divmod(column, TOP + 2)
        if place == TOP + 1:
            return None
        f = line * PER_LINE + group
        if f >= min(patterns.filters, MAX_FILTERS):
            return None
        if place == 0:
            return self.tr("Filter {0}: the picture it would like best").format(f + 1)
        found = patterns.found
        rank = place - 1
        y, x = (int(v) for v in found.positions[f, rank])
        return localized(self.tr("Filter {0}, patch {1}: training sample {2}, at row {3}, "
                                 "column {4} of its map; activation {5:.3g}"),
                         f + 1, rank + 1, int(found.samples[f, rank]) + 1, y + 1, x + 1,
                         float(found.activations[f, rank]))
