"""Every layer's output for one sample: what the network "sees" at each step.

Convolution and pooling layers show one small picture per channel, Dense layers a bar per unit,
and a recurrent layer a time × unit heatmap (its state after each row of the picture). The sample
is a test image chosen with the spin box, or a digit sent by the drawing pad through
:meth:`FeatureMapsView.show_input`. Pointing at a map enlarges it and gives its value range.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QPushButton, QSpinBox, QWidget

from playground.core.network.layer_types import layer_type
from playground.gui.inside.base import InsideView
from playground.gui.inside.canvas import CanvasRow, LayerCanvas
from playground.gui.inside.state import ViewContext
from playground.gui.inside.tiles import as_strip, mosaic, symmetric_level
from playground.gui.numbers import localized

if TYPE_CHECKING:
    from playground.core.inspect.inside import LayerActivation

MAX_BARS = 128  # longer vectors are folded into a picture
INPUT_MAP = pg.colormap.get("CET-L1")  # black to white, as the digits are drawn


class FeatureMapsView(InsideView):
    """The input, then one row per layer, for the chosen test sample or a drawn one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("featureMapsView", self.tr("Feature maps"), parent)
        self.sample_spin = QSpinBox(objectName="featureMapsSampleSpin")
        self.sample_spin.setAccessibleName(self.tr("Test sample number"))
        self.sample_spin.setToolTip(self.tr("Which test sample to send through the network"))
        self.sample_spin.setRange(0, 0)
        self.sample_spin.valueChanged.connect(self._sample_chosen)
        self.label_text = QLabel(objectName="featureMapsTrueLabel")
        self.label_text.setAccessibleName(self.tr("True class of the sample"))
        self.test_button = QPushButton(self.tr("Back to test samples"),
                                       objectName="featureMapsTestButton")
        self.test_button.setAccessibleName(self.tr("Show test samples again"))
        self.test_button.clicked.connect(self.use_test_samples)
        self.test_button.hide()
        caption = QLabel(self.tr("Test sample:"))
        caption.setBuddy(self.sample_spin)
        for widget in (caption, self.sample_spin, self.label_text, self.test_button):
            self.controls.addWidget(widget)
        self.canvas = LayerCanvas("featureMapsCanvas", self.tr("Feature maps"), row_height=150)
        self.body.addWidget(self.canvas)
        self.custom_input: np.ndarray | None = None
        self._raw_drawing = False  # custom_input still needs the dataset's preprocessing
        self.maps: list[LayerActivation] = []  # each layer's output last drawn

    # -- choosing the sample ---------------------------------------------------------------------
    def show_input(self, image: np.ndarray) -> None:
        """Send one sample, preprocessed like the dataset's, through the network (drawn at once)."""
        self.custom_input = np.array(image, dtype=np.float32, copy=True)
        self._raw_drawing = False
        self.test_button.show()
        self.options_changed()

    def show_drawing(self, picture: np.ndarray) -> None:
        """A drawn picture with values in [0, 1] (the drawing pad's 28×28 input).

        It gets the dataset's preprocessing when drawn, and it is drawn on the pane's next
        timer beat rather than at once: the pad sends a picture for every stroke.
        """
        self.custom_input = np.array(picture, dtype=np.float32, copy=True)
        self._raw_drawing = True
        self.test_button.show()
        self._options += 1

    def use_test_samples(self) -> None:
        self.custom_input = None
        self.test_button.hide()
        self.options_changed()

    def _sample_chosen(self, _value: int) -> None:
        if self.custom_input is None:
            self.options_changed()
        else:
            self.use_test_samples()

    def _sample(self, context: ViewContext) -> tuple[np.ndarray | None, str]:
        """The sample to show and a caption; (None, why) when there is none yet."""
        data = context.data
        if self.custom_input is not None:
            self.label_text.setText(self.tr("your drawing"))
            sample = self.custom_input
            if self._raw_drawing and data is not None:
                import torch

                sample = data.normalize(torch.from_numpy(sample)).numpy()
            return sample, self.tr("your drawing")
        if data is None or len(data.test_x) == 0:
            self.label_text.setText("")
            return None, context.data_message or self.tr("No test samples.")
        count = len(data.test_x)
        if self.sample_spin.maximum() != count - 1:
            self.sample_spin.blockSignals(True)
            self.sample_spin.setRange(0, count - 1)
            self.sample_spin.blockSignals(False)
        index = self.sample_spin.value()
        truth = None if data.test_y.dtype.is_floating_point else int(data.test_y[index])
        names = context.class_names
        text = names[truth] if truth is not None and truth < len(names) else ""
        self.label_text.setText(self.tr("true class: {0}").format(text) if text else "")
        return data.test_x[index].numpy(), self.tr("test sample {0}").format(index)

    # -- drawing ---------------------------------------------------------------------------------
    def draw(self, context: ViewContext) -> None:
        from playground.core.inspect.inside import feature_maps, recurrent_sequences

        state = context.state
        self.maps = []
        if state is None:
            self.canvas.set_rows([])
            self.show_note(context.message)
            return
        sample, caption = self._sample(context)
        if sample is None:
            self.canvas.set_rows([])
            self.show_note(caption)
            return
        model = state.model()
        try:
            maps = feature_maps(model, sample)
        except ValueError as exc:
            self.canvas.set_rows([])
            self.show_note(self.tr("This input does not fit the network: {0}").format(exc))
            return
        has_rnn = any(layer_type(layer.type).recurrent for layer in state.spec.layers)
        sequences = recurrent_sequences(model, sample) if has_rnn else {}
        pictures = [self._input_picture(sample, context), *(
            sequences.get(m.layer_index, m.values) for m in maps)]
        kinds = ["bars" if p.ndim == 1 and p.size <= MAX_BARS else "tiles" for p in pictures]
        rows = self.canvas.set_rows(kinds)
        self._draw_input(rows[0], pictures[0])
        for row, m, picture in zip(rows[1:], maps, pictures[1:], strict=True):
            self._draw_layer(row, m, picture, m is maps[-1], context)
        self.maps = maps
        self.show_note(self.tr("{0}, {1}: blue is negative, red positive, white zero (one scale "
                               "per layer). Point at a map to enlarge it.").format(
                                   state.label, caption))

    def _input_picture(self, sample: np.ndarray, context: ViewContext) -> np.ndarray:
        """The sample as the dataset's picture (channels, height, width) when it is one."""
        values = np.asarray(sample, dtype=np.float32)
        data = context.data
        if data is not None and data.info.kind == "image":
            shape = tuple(data.info.input_shape)
            if math.prod(shape) == values.size:
                return values.reshape(shape)
        if values.ndim == 3:
            return values
        if values.ndim == 2:
            return values[None]
        return values.reshape(-1) if values.size <= MAX_BARS else as_strip(values)[None]

    def _draw_input(self, row: CanvasRow, picture: np.ndarray) -> None:
        row.name, row.tile_word = self.tr("Input"), self.tr("channel")
        shape = "×".join(str(s) for s in picture.shape)
        row.set_title(self.tr("Input · {0} values").format(shape))
        if row.kind == "bars":
            row.show_bars(picture)
            return
        if picture.ndim == 3 and picture.shape[0] == 3:  # a colour photo: shown as one
            rgb = picture.transpose(1, 2, 0)
            finite = rgb[np.isfinite(rgb)]
            low, high = (float(finite.min()), float(finite.max())) if finite.size else (0, 1)
            shown = (rgb - low) / (high - low) if high > low else np.full_like(rgb, 0.5)
            row.tile_word = self.tr("picture")
            row.set_title(self.tr("Input · {0} values, in colour").format(shape))
            row.show_tiles(mosaic(np.nan_to_num(shown)[None], values=rgb[None]), 1.0)
            return
        tiles = mosaic(picture if picture.ndim == 3 else picture[None])
        finite = tiles.tiles[np.isfinite(tiles.tiles)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        row.show_tiles(tiles, 1.0, INPUT_MAP, (low, high if high > low else low + 1))

    def _draw_layer(self, row: CanvasRow, m: LayerActivation, picture: np.ndarray, last: bool,
                    context: ViewContext) -> None:
        n = m.layer_index + 1
        row.name = self.tr("Layer {0} {1}").format(n, m.layer_type)
        finite = picture[np.isfinite(picture)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
        span = localized(self.tr("values from {0:.3g} to {1:.3g}"), low, high)
        if m.kind == "channels":
            row.tile_word = self.tr("channel")
            tiles = mosaic(picture)
            c, h, w = picture.shape
            title = self.tr("Layer {0} · {1} · {2} maps of {3}×{4} · {5}").format(
                n, m.layer_type, c, h, w, span)
            if tiles.capped:
                title += self.tr(" · showing the first {0}").format(len(tiles.tiles))
            row.set_title(title)
            row.show_tiles(tiles, symmetric_level(picture))
            return
        if row.kind == "bars":
            names = context.class_names
            ticks = names if last and len(names) == picture.size else None
            title = self.tr("Layer {0} · {1} · {2} units · {3}").format(
                n, m.layer_type, picture.size, span)
            if last and picture.size > 1:
                best = int(np.argmax(picture))
                answer = ticks[best] if ticks else str(best)
                title += self.tr(" · the network says: {0}").format(answer)
            row.set_title(title)
            row.show_bars(picture, ticks)
            return
        row.tile_word = self.tr("map")
        if picture.ndim == 2 and layer_type(m.layer_type).recurrent:
            title = self.tr("Layer {0} · {1} · time (down) × unit (across): {2} steps, {3} "
                            "units · {4}").format(n, m.layer_type, *picture.shape, span)
            image = picture
        elif picture.ndim == 2:
            title = self.tr("Layer {0} · {1} · {2} steps × {3} features · {4}").format(
                n, m.layer_type, *picture.shape, span)
            image = picture
        else:
            title = self.tr("Layer {0} · {1} · {2} values, folded into rows · {3}").format(
                n, m.layer_type, picture.size, span)
            image = as_strip(picture)
        row.set_title(title)
        row.show_image(image, symmetric_level(image))

    def export_widget(self) -> QWidget:
        return self.canvas.graphics
