"""Beside the learned-space map: the sample under the mouse, and "It looks like these".

"It looks like these" are the training examples nearest to the student's drawing in the
feature space of the map's layer. Finding them runs the training samples through the network
once per set of weights and layer (the :class:`~playground.core.explain.neighbours.FeatureBank`
is kept for the next strokes) in the application's background pool; a newer drawing replaces
an older request. The panel also places the drawing on the map (:attr:`placed`): on a PCA map
through the same projection matrix, on a t-SNE map at the mean place of its nearest map samples
in the layer's space (openTSNE's ``transform`` would need the whole embedding kept and an
optimisation per stroke).

The panel lays its two parts side by side and scrolls rather than grow tall, because the
Inside pane is a short bottom dock and its tabs share one minimum height. Captions keep room
for their lines, so pointing at dots (which changes the texts) never moves the map beside it.
"""

from __future__ import annotations

import math
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from playground.gui.background import Job, background, error_message
from playground.gui.inside.state import one_torch_thread

if TYPE_CHECKING:
    from playground.core.data.datasets import Dataset
    from playground.core.explain.neighbours import LookAlikes
    from playground.core.explain.projection import Projection
    from playground.core.inspect.snapshots import Snapshot
    from playground.core.network.spec import NetworkSpec

LOOK_KEY = "learned-space-drawing"
NEIGHBOURS = 8
BANK_SIZE = 3000  # training samples the nearest examples are searched among
FEATURE_BUDGET = 8_000_000  # values per kept feature matrix (32 MB): wide layers keep fewer
PREVIEW_PX, TILE_PX = 72, 36
PREVIEW_WIDTH = 124  # the hovered sample's column: its picture and three short lines
COLUMNS = 4  # nearest examples per row
CELL_WIDTH = TILE_PX + 14  # an example's column: its picture, and its class name under it
WIDTH = PREVIEW_WIDTH + COLUMNS * CELL_WIDTH + 40  # both columns, margins and a scroll bar


class Kept:
    """Results per weights state: an entry is found only while its snapshot still lives (so an
    id reused by a newer snapshot never finds an older one's results)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple, tuple[weakref.ref, Any]] = OrderedDict()

    def get(self, snapshot: Any, rest: tuple) -> Any:
        found = self.items.get((id(snapshot), *rest))
        if found is None or found[0]() is not snapshot:
            return None
        self.items.move_to_end((id(snapshot), *rest))
        return found[1]

    def put(self, snapshot: Any, rest: tuple, value: Any) -> None:
        self.items[(id(snapshot), *rest)] = (weakref.ref(snapshot), value)
        self.items.move_to_end((id(snapshot), *rest))
        while len(self.items) > self.size:
            self.items.popitem(last=False)


def picture(values: Any, data: Dataset | None, size: int) -> QPixmap | None:
    """A sample of an image dataset as a small picture (its own contrast), else ``None``."""
    if data is None or data.info.kind != "image":
        return None
    shape = tuple(data.info.input_shape)
    array = np.asarray(values, dtype=np.float32)
    if array.size != math.prod(shape):
        return None
    array = array.reshape(shape)
    colour = len(shape) == 3 and shape[0] == 3
    array = array.transpose(1, 2, 0) if colour else array.reshape(shape[-2:])
    finite = array[np.isfinite(array)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    scaled = np.nan_to_num((array - low) / (high - low if high > low else 1.0))
    pixels = np.ascontiguousarray((np.clip(scaled, 0, 1) * 255).astype(np.uint8))
    h, w = pixels.shape[:2]
    fmt = QImage.Format.Format_RGB888 if colour else QImage.Format.Format_Grayscale8
    image = QImage(pixels.data, w, h, pixels.strides[0], fmt).copy()
    return QPixmap.fromImage(image).scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.FastTransformation)


class LookAlikesPanel(QScrollArea):
    """The hovered sample (picture, class, answer) and a strip of the drawing's neighbours."""

    placed = Signal(object)  # where the drawing lands on the map: (2,) array, or None

    def __init__(self, count: int = NEIGHBOURS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("learnedSpaceSide")
        self.setAccessibleName(self.tr("The sample under the mouse, and the training examples "
                                       "nearest to your drawing"))
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview = QLabel(objectName="learnedSpacePreview")
        self.preview.setAccessibleName(self.tr("The sample under the mouse"))
        self.preview.setFixedSize(PREVIEW_PX, PREVIEW_PX)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_text = QLabel(self.tr("Point at a dot to see its sample here."),
                                   objectName="learnedSpacePreviewText", wordWrap=True)
        self.preview_text.setFixedWidth(PREVIEW_WIDTH)
        self.title = QLabel(self.tr("It looks like these"), objectName="learnedSpaceTitle")
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.note = QLabel(objectName="learnedSpaceStripNote", wordWrap=True)
        lines = self.note.fontMetrics().lineSpacing()
        self.preview_text.setMinimumHeight(3 * lines)
        self.note.setMinimumHeight(3 * lines)
        self.note.setFixedWidth(COLUMNS * CELL_WIDTH)
        grid = QGridLayout()
        grid.setSpacing(2)
        self.tiles: list[tuple[QLabel, QLabel]] = []
        for i in range(count):
            tile, caption = QLabel(), QLabel()
            tile.setFixedSize(TILE_PX, TILE_PX)
            caption.setFixedWidth(CELL_WIDTH)
            for label in (tile, caption):
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            row, column = divmod(i, COLUMNS)
            grid.addWidget(tile, 2 * row, column)
            grid.addWidget(caption, 2 * row + 1, column)
            self.tiles.append((tile, caption))
        hovered = QVBoxLayout()
        hovered.addWidget(self.preview)
        hovered.addWidget(self.preview_text)
        hovered.addStretch(1)
        examples = QVBoxLayout()
        for widget in (self.title, self.note):
            examples.addWidget(widget)
        examples.addLayout(grid)
        examples.addStretch(1)
        inner = QWidget()
        row_layout = QHBoxLayout(inner)
        row_layout.setContentsMargins(4, 0, 4, 0)
        row_layout.addLayout(hovered)
        row_layout.addLayout(examples)
        self.setWidget(inner)
        self.setFixedWidth(WIDTH)
        self.bank_size = BANK_SIZE
        self.drawing: np.ndarray | None = None  # the Draw pane's picture, values in [0, 1]
        self.serial = 0  # counts drawings
        self.look: LookAlikes | None = None  # on screen
        self.features = Kept(1)  # the map samples' features, for placing on a t-SNE map
        self._banks = Kept(1)
        self._wanted: tuple | None = None
        self._shown: tuple[Dataset | None, Sequence[str]] = (None, ())

    def show_sample(self, pixmap: QPixmap | None, text: str) -> None:
        self.preview.setPixmap(pixmap if pixmap is not None else QPixmap())
        self.preview_text.setText(text)

    def show_examples(self, note: str, examples: Sequence[tuple[QPixmap | None, str]]) -> None:
        """The strip's sentence and its examples (a picture and a caption each); fewer
        examples than tiles leave the rest empty."""
        self.note.setText(note)
        for i, (tile, caption) in enumerate(self.tiles):
            pixmap, text = examples[i] if i < len(examples) else (None, "")
            tile.setPixmap(pixmap if pixmap is not None else QPixmap())
            caption.setText(caption.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                                             CELL_WIDTH))
            caption.setToolTip(text)
            tile.setToolTip(text)

    # -- the drawing -----------------------------------------------------------------------------
    def set_drawing(self, image: np.ndarray) -> None:
        self.drawing = np.array(image, dtype=np.float32, copy=True)
        self.serial += 1

    def stop(self) -> bool:
        """Cancel the search under way, if any (it is asked again on the next update)."""
        pending = background().pending(LOOK_KEY, owner=self)
        background().cancel(owner=self, key=LOOK_KEY)
        self._wanted = None
        return pending

    def update_look(self, spec: NetworkSpec | None, snapshot: Snapshot | None,
                    projection: Projection | None, data: Dataset | None, token: int,
                    names: Sequence[str], width: int) -> None:
        """Show the drawing's look-alikes for the map on screen (made with ``snapshot``'s
        weights), searching for them if needed.

        ``token`` names the sample set ``data`` (the caches' keys), ``width`` the number of
        values of the map layer's output (wide layers search fewer training samples).
        """
        self._shown = (data, names)
        if self.drawing is None or spec is None or snapshot is None or projection is None \
                or data is None:
            return self._show(None, self.tr("Draw a digit on the Draw pane: the training "
                                            "examples nearest to it in this layer show here."))
        if data.info.kind != "image" or math.prod(spec.input_shape) != self.drawing.size:
            return self._show(None, self.tr("Your drawing does not fit this network's input."))
        wanted = (id(projection), self.serial)
        if self._wanted == wanted and (self.look is not None
                                       or background().pending(LOOK_KEY, owner=self)):
            return self._show(self.look) if self.look is not None else None
        self._wanted, self.look = wanted, None
        layer, count = projection.layer, len(projection.points)
        banked = max(1, min(self.bank_size, len(data.train_x), FEATURE_BUDGET // max(1, width)))
        bank_key = (layer, token, banked)
        bank = self._banks.get(snapshot, bank_key)
        features = self.features.get(snapshot, (layer, token, count))
        tensors, raw, k = snapshot.state or {}, self.drawing, len(self.tiles)

        def work(job: Job) -> LookAlikes | None:
            import torch

            from playground.core.explain.neighbours import look_alikes
            from playground.core.network.build import model_from_weights

            model = model_from_weights(spec, tensors)
            sample = data.normalize(torch.from_numpy(raw))
            with one_torch_thread():
                return look_alikes(model, sample, projection, data.train_x[:banked],
                                   data.train_y[:banked], bank=bank, test_x=data.test_x[:count],
                                   test_features=features, k=k,
                                   cancelled=lambda: job.cancelled)

        ref = weakref.ref(snapshot)
        background().submit(work, owner=self, key=LOOK_KEY, name="inside-look-alikes",
                            on_result=lambda r: self._found(ref, wanted, bank_key, r),
                            on_error=lambda e: self._show(None, error_message(e)))
        return None

    def _found(self, snapshot: weakref.ref, wanted: tuple, bank_key: tuple,
               found: LookAlikes | None) -> None:
        owner = snapshot()
        if found is None or owner is None:
            return
        self._banks.put(owner, bank_key, found.bank)
        if found.test_features is not None:
            self.features.put(owner, (bank_key[0], bank_key[1], len(found.test_features)),
                              found.test_features)
        if wanted == self._wanted:
            self.look = found
            self._show(found)

    def _show(self, found: LookAlikes | None, message: str = "") -> None:
        data, names = self._shown

        def name(c: int) -> str:
            return names[c] if 0 <= c < len(names) else str(c)

        if found is None or data is None:
            self.placed.emit(None)
            self.show_examples(message, [])
            return
        self.placed.emit(found.position)
        labels = found.labels if found.labels is not None else [None] * len(found.indices)
        self.show_examples(
            self.tr("Your drawing (★): the network says {0}. Nearest in layer {1}:").format(
                name(found.prediction), found.bank.layer + 1),
            [(picture(data.train_x[int(i)], data, TILE_PX), "" if c is None else name(int(c)))
             for i, c in zip(found.indices, labels, strict=True)])
