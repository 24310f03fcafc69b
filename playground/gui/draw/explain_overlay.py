"""Why did it say 7? The Draw pane's explanations: a heat map over what the network sees.

A row under the answer chooses the method (none, saliency, Integrated Gradients, occlusion,
Grad-CAM and its layer) and says in a sentence what the map means and when it misleads. The map
is laid over the network's-eye input view (the browser's picture on the test-image tab) and,
half transparent, over the drawing on the pad, where the 28×28 picture was cut from. It
explains the class shown as the answer; clicking another class's bar explains that one instead
(clicking it again goes back to the answer).

Why it works this way:

* An explanation costs from a millisecond (saliency, Grad-CAM) to tens of milliseconds
  (occlusion, Integrated Gradients), and captum takes most of a second to import, so it is
  computed in the background pool (:mod:`playground.gui.background`), one topic per pane: a new
  drawing replaces the job still waiting, and a result for an older drawing is dropped.
* A job gets plain data: the answering network's spec, its weights (a snapshot's or the
  document's tensors, never changed in place) and the input. It builds its own model from them
  (:func:`~playground.core.network.build.model_from_weights` copies the weights), never using
  the predictor's or the training model; the model is kept for the next job while the weights
  stay the same, since jobs of one topic never run side by side.
* A job computes on one torch thread. For one sample a team of threads saves little, and on a
  busy computer (a run training on the other core, another program) two threads measured
  10-20 times slower at the 95th percentile than one (``benchmarks/explain_latency.py``).
* The maps follow the drawing and the training: every prediction the pane shows (each stroke
  segment, each new snapshot of a run) asks for the map of that input and those weights.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, QRectF, Signal

from playground.gui.background import background, error_message
from playground.gui.draw.explain_controls import ExplainControls
from playground.gui.draw.input_view import InputView, rgba_to_qimage
from playground.gui.i18n import translate_message

if TYPE_CHECKING:
    from playground.core.data.digits import PreparedDigit
    from playground.core.explain.attribution import Attribution
    from playground.core.network.build import PlaygroundNet
    from playground.core.network.spec import NetworkSpec
    from playground.gui.background import Job
    from playground.gui.draw.bars import ProbabilityBars
    from playground.gui.draw.pad import DrawingPad
    from playground.gui.draw.session import AnsweringNetwork, LiveSession

SLOW = ("occlusion",)  # "computing…" is shown while these run
KEY = "explain"


@dataclass(frozen=True)
class _Input:
    """What is explained: the input as predicted, the view it lies in, and for a drawing where
    its 28×28 picture sits on the pad's canvas."""

    sample: np.ndarray
    view: InputView
    canvas_rect: QRectF | None = None


def canvas_rect(prepared: PreparedDigit) -> QRectF | None:
    """Where the 28×28 picture made from a drawing sits on the pad's canvas (canvas pixels):
    the inverse of the MNIST recipe's scaling and shift."""
    if prepared.empty or prepared.ink_box is None or prepared.scale <= 0:
        return None
    top, left = prepared.ink_box[0], prepared.ink_box[1]
    oy, ox = prepared.offset
    side = prepared.image.shape[0] / prepared.scale
    return QRectF(left - ox / prepared.scale, top - oy / prepared.scale, side, side)


class _ModelCache:
    """The model the last job built, kept while the network and its weights stay the same."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entry: tuple[NetworkSpec, Mapping[str, Any], PlaygroundNet] | None = None

    def model(self, spec: NetworkSpec, state: Mapping[str, Any]) -> PlaygroundNet:
        with self._lock:
            entry = self._entry
        if entry is not None and entry[0] == spec and entry[1] is state:
            return entry[2]
        from playground.core.network.build import model_from_weights

        model = model_from_weights(spec, dict(state))
        with self._lock:
            self._entry = (spec, state, model)
        return model


def _explain_job(job: Job, network: AnsweringNetwork, sample: np.ndarray, target: int,
                 method: str, layer: int | None, cache: _ModelCache) -> Attribution:
    """On a pool thread: preprocess the input as the training data was and explain it, on one
    torch thread (see the module's notes)."""
    import torch

    from playground.core.data.datasets import view_as
    from playground.core.explain.attribution import explain

    x = torch.from_numpy(np.ascontiguousarray(sample, np.float32))
    batch = x.reshape(1, 1, *x.shape) if x.dim() == 2 else x.reshape(1, *x.shape)
    normalize: Callable[[Any], Any] = network.normalize or (lambda t: t)
    shape = network.spec.input_shape
    inputs = view_as(normalize(batch), shape)[0]
    black = view_as(normalize(torch.zeros_like(batch)), shape)[0]  # "nothing" is black
    model = cache.model(network.spec, network.state)
    saved = torch.get_num_threads()
    if saved != 1:
        torch.set_num_threads(1)  # the calling thread's setting (OpenMP)
    try:
        return explain(model, inputs, target, method, layer, baseline=black)
    finally:
        if saved != 1:
            torch.set_num_threads(saved)


class ExplainOverlay(QObject):
    """Keeps the heat map in step with the input, the weights, the method and the class."""

    mapShown = Signal(object)  # Attribution, once drawn
    computingChanged = Signal(bool)

    def __init__(self, session: LiveSession, bars: ProbabilityBars, pad: DrawingPad,
                 views: tuple[InputView, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.bars, self.pad, self.views = session, bars, pad, views
        self.controls = ExplainControls()
        self.attribution: Attribution | None = None  # the map shown
        self.pinned: int | None = None  # the class chosen by clicking its bar
        self.computing = False
        self._input: _Input | None = None
        self._top: int | None = None
        self._token = 0  # the newest input's; a result carries the one it was asked for
        self._shown_token = -1
        self._spec: NetworkSpec | None = None
        self._cache = _ModelCache()
        self.controls.method_box.currentIndexChanged.connect(self._method_changed)
        self.controls.layer_box.currentIndexChanged.connect(lambda _i: self._request())
        bars.classClicked.connect(self.class_clicked)
        # The choices follow the network even while the pane sleeps (never shown yet): a
        # method greyed out for an empty network must not stay so once a template is loaded.
        session.document.specChanged.connect(lambda _spec: self.network_changed())
        self._name_bars()

    # -- state -----------------------------------------------------------------------------------
    @property
    def method(self) -> str:
        return self.controls.method

    @property
    def current(self) -> bool:
        """Whether the map shown is the one for the newest input, weights and choices."""
        return self.attribution is not None and self._shown_token == self._token

    def network_changed(self, spec: NetworkSpec | None = None) -> None:
        """Grey out the methods the answering network (or ``spec``) cannot use; list its
        convolutions."""
        from playground.core.explain.attribution import available_methods, gradcam_layers

        if spec is None:
            network = self.session.answering_network()
            spec = network.spec if network is not None else self.session.document.spec
        if spec == self._spec:
            return
        self._spec = spec
        for status in available_methods(spec):
            reason = translate_message(status.reason) if status.reason is not None else None
            self.controls.set_available(status.method, reason)
        box = self.controls.layer_box
        box.blockSignals(True)
        box.clear()
        for index in gradcam_layers(spec):
            layer = spec.layers[index]
            box.addItem(f"{index + 1} {layer.type} ({layer.describe()})", index)
        box.setCurrentIndex(box.count() - 1)  # the last convolution: Grad-CAM's usual choice
        box.blockSignals(False)
        if self.pinned is not None and self.pinned >= spec.num_classes:
            self.pinned = None

    # -- inputs ----------------------------------------------------------------------------------
    def show_drawing(self, prepared: PreparedDigit, view: InputView,
                     probabilities: np.ndarray) -> None:
        """Explain the pad's drawing (its prepared 28×28 picture) now shown with this answer."""
        self._set_input(_Input(prepared.image, view, canvas_rect(prepared)), probabilities)

    def show_sample(self, sample: np.ndarray, view: InputView, probabilities: np.ndarray) -> None:
        """Explain a test picture (as the dataset stores it, in [0, 1]) shown in ``view``."""
        self._set_input(_Input(np.asarray(sample, np.float32), view), probabilities)

    def _set_input(self, given: _Input, probabilities: np.ndarray) -> None:
        if self._input is not None and given.view is not self._input.view:
            self._input.view.set_overlay(None)
        self._input = given
        self._top = int(np.argmax(probabilities)) if len(probabilities) else None
        self._request()

    def clear(self) -> None:
        """No input any more (the pad cleared, nothing to predict): no map, no chosen class."""
        self._input, self._top, self.pinned = None, None, None
        self._request()

    def class_clicked(self, index: int) -> None:
        """Explain ``index`` from now on; clicking the chosen class again goes back to the
        answer."""
        self.pinned = None if index == self.pinned else index
        self._request()

    def _name_bars(self) -> None:
        self.bars.plot.setToolTip(self.tr("With Explain on, click a class's bar to see what "
                                          "speaks for that class"))

    def retranslate(self) -> None:
        self.controls.retranslate()
        self._name_bars()
        # The reasons in the new language, for the network they were given for (the pane
        # follows the document again when it is next shown).
        spec, self._spec = self._spec, None
        if spec is not None:
            self.network_changed(spec)
        self._say()

    # -- computing -------------------------------------------------------------------------------
    def _method_changed(self, _index: int) -> None:
        method = self.method
        self.controls.layer_box.setVisible(method == "gradcam")
        self._request()

    def _request(self) -> None:
        """Ask for the map of the newest input (or take it away when there is nothing to do)."""
        self._token += 1
        token, given, method = self._token, self._input, self.method
        network = self.session.answering_network() if method and given is not None else None
        if network is None or self._top is None or not self.controls.is_available(method):
            background().cancel(owner=self, key=KEY)
            self._clear_maps()
            self._set_computing(False)
            self._say()
            return
        target = self.pinned if self.pinned is not None else self._top
        self.bars.set_explained(target)
        layer = self.controls.layer_box.currentData() if method == "gradcam" else None

        def work(job: Job) -> Attribution:
            return _explain_job(job, network, given.sample, target, method, layer, self._cache)

        background().submit(work, owner=self, key=KEY, name="draw-explain",
                            on_result=lambda result: self._arrived(token, given, result),
                            on_error=lambda exc: self._failed(token, exc))
        self._set_computing(method in SLOW)
        self._say()

    def _arrived(self, token: int, given: _Input, attribution: Attribution) -> None:
        if token != self._token:
            return  # for an older drawing, older weights or another choice
        from playground.core.explain.heatmap import as_grid, heat_rgba

        self._set_computing(False)
        sample = given.sample
        try:
            grid = as_grid(attribution.values, tuple(sample.shape[-2:]))  # type: ignore[arg-type]
        except ValueError:
            self._clear_maps()
            self._say(self.tr("This map cannot be laid over the picture."))
            return
        rgba = heat_rgba(grid, attribution.signed)
        given.view.set_overlay(rgba)
        if given.canvas_rect is not None:
            self.pad.set_overlay(rgba_to_qimage(rgba), given.canvas_rect)
        else:
            self.pad.set_overlay(None)
        self.attribution, self._shown_token = attribution, token
        self._say()
        self.mapShown.emit(attribution)

    def _failed(self, token: int, exc: BaseException) -> None:
        if token == self._token:
            self._set_computing(False)
            self._clear_maps()
            self._say(self.tr("The explanation failed: {0}").format(error_message(exc)))

    def _clear_maps(self) -> None:
        self.attribution = None
        for view in self.views:
            view.set_overlay(None)
        self.pad.set_overlay(None)
        self.bars.set_explained(None)

    def _set_computing(self, computing: bool) -> None:
        if computing != self.computing:
            self.computing = computing
            self.computingChanged.emit(computing)

    def _say(self, problem: str = "") -> None:
        """Show "computing…" beside the choice while a slow map runs; under it, the class
        explained and what the method's map means (or why there is no map)."""
        from playground.core.explain.attribution import caption

        method, controls = self.method, self.controls
        controls.status_label.setText(self.tr("computing…") if self.computing else "")
        if problem:
            text = problem
        elif not method:
            text = ""
        elif self.bars.explained is not None and self._input is not None:
            text = self.tr("Why {0}? {1}").format(self.bars.class_name(self.bars.explained),
                                                  translate_message(caption(method)))
        else:
            text = translate_message(caption(method))
        controls.caption_label.setText(text)
        controls.caption_label.setVisible(bool(text))
