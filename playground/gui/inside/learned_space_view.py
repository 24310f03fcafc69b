"""The learned space: every test sample as a dot where a layer puts it, and the drawing among them.

A hidden layer that has learned digits puts the 7s together and the 1s elsewhere; flattened to
2D (PCA at once, or t-SNE in a few seconds) and coloured by class, that shows at a glance, and
moving the scrubber replays how the clusters formed epoch by epoch (each state's map is kept,
so going back is instant). A dark ring marks a sample the network gets wrong. Pointing at a dot
shows its picture, clicking it emits :attr:`LearnedSpaceView.sampleChosen` with its test index.
The drawing sent by the Draw pane (:meth:`LearnedSpaceView.show_drawing`) becomes a star: on a
PCA map through the same projection, on a t-SNE map at the mean place of its 8 nearest map
samples in the layer's space; beside it, "It looks like these" shows the 8 training examples
nearest to it in that layer's space.

Everything slow runs in the application's background pool, one topic per kind of work, so a
newer request replaces an older one, and a hidden view cancels its work: the maps are made and
kept by :class:`~playground.gui.inside.learned_space_maps.MapMaker`, the look-alikes found by
:class:`~playground.gui.inside.look_alikes_panel.LookAlikesPanel`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSplitter, QWidget

from playground.gui.inside.base import InsideView
from playground.gui.inside.learned_space_maps import MapMaker
from playground.gui.inside.look_alikes_panel import (
    FEATURE_BUDGET,
    NEIGHBOURS,
    PREVIEW_PX,
    LookAlikesPanel,
    picture,
)
from playground.gui.inside.state import ViewContext

if TYPE_CHECKING:
    from playground.core.data.datasets import Dataset
    from playground.core.explain.projection import Projection
    from playground.core.inspect.snapshots import Snapshot
    from playground.core.network.spec import NetworkSpec

RUN_INTERVAL_S = 5.0  # while a run trains: epoch ends only, at most this often
REACH_PX = 6  # a dot answers the mouse this near to its centre
# Tableau's ten categorical colours: one per digit, distinct on a white background.
PALETTE = ((31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
           (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207))
WRONG_PEN = pg.mkPen((20, 20, 20), width=2)
LABEL_Z, STAR_Z = 5, 10  # the dots stay at 0


def class_colour(index: int, count: int) -> tuple[int, int, int]:
    if count <= len(PALETTE):
        return PALETTE[index % len(PALETTE)]
    colour = pg.intColor(index, hues=count)
    return colour.red(), colour.green(), colour.blue()


def class_label(colour: tuple[int, int, int]) -> pg.TextItem:
    """A class's name at the middle of its cluster: dark text on an opaque white box edged in
    the class's colour, drawn above the dots (below the drawing's star). Text left on the dots'
    colour measured 4.3:1 on Tableau's purple, below the 4.5:1 text needs."""
    label = pg.TextItem(anchor=(0.5, 0.5), color=(20, 20, 20), border=pg.mkPen(colour, width=1),
                        fill=pg.mkBrush(255, 255, 255))
    label.setZValue(LABEL_Z)
    return label


class LearnedSpaceView(InsideView):
    """The map of one layer's space, the sample under the mouse, and the drawing's look-alikes."""

    sampleChosen = Signal(int)  # a test sample's index, clicked on the map

    def __init__(self, dataset_options: Callable[[], Mapping[str, Any]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("learnedSpaceView", self.tr("Learned space"), parent)
        self.maker = MapMaker(dataset_options, self)
        self.layer_combo = QComboBox(objectName="learnedSpaceLayerCombo")
        self.layer_combo.setAccessibleName(self.tr("Layer to map"))
        self.layer_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.layer_combo.setToolTip(self.tr("Whose view of the samples the map shows: the last "
                                            "hidden layer at first"))
        self.method_combo = QComboBox(objectName="learnedSpaceMethodCombo")
        self.method_combo.setAccessibleName(self.tr("How to flatten the layer to two dimensions"))
        self.method_combo.setToolTip(self.tr(
            "PCA: the two directions the samples spread most along (at once). t-SNE: keeps "
            "neighbours together, so clusters stand out (takes a few seconds)."))
        self.method_combo.addItem(self.tr("PCA"), "pca")
        self.method_combo.addItem(self.tr("t-SNE"), "tsne")
        self.run_button = QPushButton(self.tr("Stop"), objectName="learnedSpaceRunButton")
        self.run_button.setAccessibleName(self.tr("Stop or start the t-SNE map"))
        self.run_button.hide()
        for caption, widget in ((self.tr("Layer:"), self.layer_combo),
                                (self.tr("Map:"), self.method_combo)):
            label = QLabel(caption)
            label.setBuddy(widget)
            self.controls.addWidget(label)
            self.controls.addWidget(widget)
        self.controls.addWidget(self.run_button)
        self.plot_widget = pg.GraphicsLayoutWidget()
        self.plot_widget.setObjectName("learnedSpacePlot")
        self.plot_widget.setBackground("w")
        self.plot_widget.setAccessibleName(self.tr("Map of the test samples"))
        self.plot = self.plot_widget.ci.addViewBox(enableMenu=False)
        self.scatter = pg.ScatterPlotItem(size=7, hoverable=True, hoverSize=12, tip=None)
        self.live_point = pg.ScatterPlotItem(size=22, symbol="star", brush=(255, 215, 0),
                                             pen=pg.mkPen((0, 0, 0), width=1.5))
        self.plot.addItem(self.scatter)
        self.plot.addItem(self.live_point)
        self.live_point.setZValue(STAR_Z)
        self.class_labels: list[pg.TextItem] = []
        self.side = LookAlikesPanel(NEIGHBOURS)
        self.side.placed.connect(self._placed)
        self.splitter = QSplitter(objectName="learnedSpaceSplitter")
        self.splitter.addWidget(self.plot_widget)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 1)
        self.body.addWidget(self.splitter, 1)

        self.projection: Projection | None = None  # the map on screen
        self.hovered: int | None = None
        self.data: Dataset | None = None  # the samples of the map on screen
        self.data_wanted: Dataset | None = None  # those of the map asked for
        self._spec: NetworkSpec | None = None
        self._context: ViewContext | None = None
        self._wanted: tuple[Any, tuple] | None = None  # (snapshot, map key) to show
        self._widths: list[int] = []
        self._stopped = False  # the student stopped t-SNE: not started again by itself
        self._last_started = -RUN_INTERVAL_S
        self.layer_combo.currentIndexChanged.connect(lambda _i: self._option())
        self.method_combo.currentIndexChanged.connect(lambda _i: self._option())
        self.run_button.clicked.connect(self._run_clicked)
        self.plot_widget.scene().sigMouseMoved.connect(self._mouse_moved)
        self.plot_widget.scene().sigMouseClicked.connect(self._mouse_clicked)
        self.maker.made.connect(self._made)
        self.maker.progressed.connect(self._progressed)
        self.maker.failed.connect(lambda error: self._clear(self.tr(
            "This view cannot show this network: {0}").format(error)))
        self.maker.loaded.connect(self.options_changed)

    # -- inputs ----------------------------------------------------------------------------------
    def show_drawing(self, image: np.ndarray) -> None:
        """The Draw pane's picture (values in [0, 1]): placed on the next timer beat, since the
        pad sends one for every stroke."""
        self.side.set_drawing(image)
        self._options += 1

    def _option(self) -> None:
        self._stopped = False
        self.options_changed()

    def _run_clicked(self) -> None:
        if self.maker.stop():  # Stop
            self._stopped = True
            self._clear_map()
            self._show_stopped()
        else:
            self._option()

    def hideEvent(self, event: QHideEvent) -> None:
        """Left for another tab: its work stops, and is asked for again when it comes back."""
        super().hideEvent(event)
        looking = self.side.stop()
        if self.maker.stop() or looking:
            self._drawn = None

    # -- drawing ---------------------------------------------------------------------------------
    def draw(self, context: ViewContext) -> bool | None:
        self._context, state = context, context.state
        if state is None:
            return self._clear(context.message)
        data = self.maker.samples(context, self.side.bank_size)
        if data is None and context.data is None:
            return self._clear(context.data_message or self.tr("No test samples."))
        if data is None:  # a larger slice than the pane's, loading
            return self._clear(self.tr("Loading samples of {0}…").format(state.spec.dataset))
        if data.info.task != "classification":
            return self._clear(self.tr("The learned space colours the samples by class: it "
                                       "needs a dataset of classes."))
        if state.snapshot.state is None:
            return self._clear(self.tr("This moment kept only some of the weights."))
        self._sync_layers(state.spec)
        layer, method = self.layer_combo.currentData(), self.method_combo.currentData()
        count = max(1, min(self.maker.max_points, len(data.test_x),
                           FEATURE_BUDGET // max(1, self._widths[layer])))
        key = (layer, method, self.maker.token(data), count)
        self._wanted, self.data_wanted = (state.snapshot, key), data
        found = self.maker.maps.get(state.snapshot, key)
        if found is not None:
            self._show_map(found, data, state.snapshot)
            return None
        if self.maker.making(state.snapshot, key):
            return None  # its progress keeps the note
        if method == "tsne" and self._stopped:
            self._clear_map()
            return self._show_stopped()
        now = time.monotonic()
        if context.running and (not state.snapshot.epoch_end
                                or now - self._last_started < RUN_INTERVAL_S):
            return False  # a later state is mapped (and this one once the run pauses)
        self._last_started = now
        self.maker.make(state, data, key, context.config.seed if context.config else 0)
        self._progressed(0.0)
        return None

    def _sync_layers(self, spec: NetworkSpec) -> None:
        """The layer list for ``spec`` (the last hidden layer chosen when the network changed),
        its names in the language of the moment."""
        if spec != self._spec:
            from playground.core.explain.projection import default_layer  # imports torch
            from playground.core.network.shapes import infer_shapes

            self._spec = spec
            self._widths = [math.prod(i.output_shape) for i in infer_shapes(spec).layers]
            self.layer_combo.blockSignals(True)
            self.layer_combo.clear()
            for index in range(len(spec.layers)):
                self.layer_combo.addItem("", index)
            self.layer_combo.setCurrentIndex(default_layer(spec))
            self.layer_combo.blockSignals(False)
        for index, layer in enumerate(spec.layers):
            self.layer_combo.setItemText(index, f"{index + 1} {layer.type}")

    def _progressed(self, value: float) -> None:
        context, pending = self._context, self.maker.pending
        if context is None or context.state is None or pending is None:
            return
        layer, method = pending[1][0], pending[1][1]
        if method == "tsne":
            self.run_button.setText(self.tr("Stop"))
            self.run_button.show()
            self.show_note(self.tr("{0}: drawing the t-SNE map of layer {1}, {2}% done…")
                           .format(context.state.label, layer + 1, round(100 * value)))
        else:
            self.show_note(self.tr("{0}: running {1} test samples through the network…")
                           .format(context.state.label, pending[1][3]))

    def _made(self, snapshot: Any, key: tuple, features: np.ndarray) -> None:
        """A map was made: its samples' features place a drawing on a t-SNE map."""
        self.side.features.put(snapshot, (key[0], key[2], key[3]), features)
        wanted, context = self._wanted, self._context
        # While a run trains the newest state moves on meanwhile: its latest map is shown.
        if wanted is not None and wanted[1] == key and (
                wanted[0] is snapshot or (context is not None and context.running)):
            self._show_map(self.maker.maps.get(snapshot, key), self.data_wanted, snapshot)

    def _show_stopped(self) -> None:
        self.run_button.setText(self.tr("Start t-SNE"))
        self.run_button.show()
        self.show_note(self.tr("The t-SNE map was stopped. Press “Start t-SNE” to draw it, or "
                               "choose PCA."))

    def _clear_map(self) -> None:
        if self.projection is not None:
            self.side.update_look(None, None, None, None, 0, (), 1)
        self.projection = None
        self.scatter.clear()
        self.live_point.clear()
        for item in self.class_labels:
            self.plot.removeItem(item)
        self.class_labels = []

    def _clear(self, message: str) -> None:
        self.maker.stop()
        self._clear_map()
        self.run_button.hide()
        self.show_note(message)

    def _show_map(self, projection: Projection, data: Dataset, snapshot: Snapshot) -> None:
        context = self._context
        assert context is not None and context.state is not None
        names = context.class_names
        count = max(len(names), int(projection.labels.max(initial=0)) + 1)
        if projection is not self.projection:
            self._clear_map()
            self.projection, self.data = projection, data
            brushes = [pg.mkBrush(class_colour(c, count)) for c in range(count)]
            self.scatter.setData(
                pos=projection.points, data=np.arange(len(projection.points)),
                brush=[brushes[c] for c in projection.labels],
                pen=[WRONG_PEN if w else pg.mkPen(None) for w in projection.wrong])
            for c in np.unique(projection.labels):
                item = class_label(class_colour(int(c), count))
                item.setPos(*np.median(projection.points[projection.labels == c], axis=0))
                item.class_index = int(c)
                self.plot.addItem(item)
                self.class_labels.append(item)
            self.plot.autoRange(padding=0.05)
        for item in self.class_labels:
            c = item.class_index
            item.setText(names[c] if c < len(names) else str(c))
        if projection.method == "pca" or not self._stopped:
            self.run_button.hide()
        method = self.tr("PCA") if projection.method == "pca" else self.tr("t-SNE")
        self.show_note(self.tr(
            "{0}: {1} test samples where layer {2} puts them, flattened by {3}. Each colour is "
            "a class; a dark ring marks the {4} the network gets wrong. Point at a dot to see "
            "it, click to pick it.").format(context.state.label, len(projection.points),
                                            projection.layer + 1, method,
                                            int(projection.wrong.sum())))
        if self.hovered is not None and self.hovered < len(projection.points):
            self.show_sample(self.hovered)
        self.side.update_look(context.state.spec, snapshot, projection, data,
                              self.maker.token(data), names, self._widths[projection.layer])

    def _placed(self, position: np.ndarray | None) -> None:
        if position is None:
            self.live_point.clear()
        else:
            self.live_point.setData(pos=[position])

    # -- the sample under the mouse ---------------------------------------------------------------
    def point_at(self, scene_position: Any) -> int | None:
        """The map's dot nearest to a scene position, if one is within :data:`REACH_PX` pixels
        (a dot is small: a student points near it rather than on it)."""
        projection = self.projection
        if projection is None or not len(projection.points) or \
                not self.plot.sceneBoundingRect().contains(scene_position):
            return None
        where = self.plot.mapSceneToView(scene_position)
        pixel = np.array(self.plot.viewPixelSize(), dtype=float)
        offsets = (projection.points - (where.x(), where.y())) / np.where(pixel > 0, pixel, 1)
        distances = np.hypot(offsets[:, 0], offsets[:, 1])
        index = int(np.argmin(distances))
        return index if distances[index] <= REACH_PX else None

    def _mouse_moved(self, scene_position: Any) -> None:
        index = self.point_at(scene_position)
        if index is not None:
            self.show_sample(index)

    def _mouse_clicked(self, event: Any) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            index = self.point_at(event.scenePos())
            if index is not None:
                self.sampleChosen.emit(index)

    def show_sample(self, index: int) -> None:
        """Show test sample ``index`` of the map beside it: its picture, class and answer."""
        projection, data, context = self.projection, self.data, self._context
        if projection is None or data is None or context is None:
            return
        self.hovered = index
        names = context.class_names

        def name(c: int) -> str:
            return names[c] if 0 <= c < len(names) else str(c)

        truth, answer = int(projection.labels[index]), int(projection.predictions[index])
        pixmap = picture(data.test_x[index], data, PREVIEW_PX)
        text = self.tr("Test sample {0}\ntrue class: {1}\nthe network says: {2}").format(
            index, name(truth), name(answer))
        if data.texts is not None and index < len(data.texts[1]):
            text += "\n" + data.texts[1][index]
        self.side.show_sample(pixmap, text)

    def export_widget(self) -> QWidget:
        return self.splitter
