"""Live prediction for the Draw pane: one predictor kept in step with the project and training.

Why it works this way:

* Predictions come from a :class:`~playground.core.inspect.live_predict.LivePredictor`, a model of
its
  own that only ever receives copies of weights, never the model being trained. While a run is
  going its weights are the newest training snapshot (``TrainingRunner.snapshotTaken``, a few
  per second); otherwise the document's trained weights, if they belong to the network shown.
  Without weights there is no prediction, only the hint to train first.
* A prediction of the ``cnn-mnist`` network takes well under a millisecond on the CPU (see
  ``benchmarks/draw_latency.py``), so it runs on the GUI thread: no thread, no queue, and the
  generations of ``LivePredictor`` still drop any result that is no longer the newest.
* The test pictures (for the browser, the plane's points) and the training statistics that
  the "standardize" preprocessing needs are loaded in the application's background pool
  (:mod:`playground.gui.background`) when the pane is first shown; the result comes back on
  the GUI thread, and a load for a dataset setting that has changed meanwhile is dropped.
  Only the first :data:`BROWSE_LIMIT` test samples are kept, as values in [0, 1], and the
  network's own preprocessing is applied to each input as training applied it.
* torch (through the dataset registry) is imported in the same pool when the pane is first
  shown: never while the window starts, and never blocking the GUI thread.
* With ``ready_trained`` (the main window's pane), a digit network without weights of its own
  is not left answering nothing: a small network shipped with the app
  (:mod:`playground.core.inspect.pretrained`, trained on the bundled digits so drawings read well)
  answers instead, and the pane says so. It only stands in for digit datasets (its answers are
  digits), and only while the user's network is valid but untrained; the user's weights, or a
  run's snapshots, replace it as soon as they exist. Its weights are a 226 kB file, read once;
  a prediction takes about 1 ms more than ``cnn-mnist``'s
  (``benchmarks/draw_latency.py --ready-trained``).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from playground.core.data.own_classes import OWN_CLASSES_NAME
from playground.core.errors import PlaygroundError
from playground.gui.background import Job, background
from playground.gui.inputs import translated_classes
from playground.gui.moments import moment_text

if TYPE_CHECKING:
    import numpy as np

    from playground.core.data.datasets import Dataset
    from playground.core.inspect.boundary import DecisionGrid
    from playground.core.inspect.live_predict import LivePredictor, Prediction
    from playground.core.inspect.snapshots import Snapshot
    from playground.core.network.spec import NetworkSpec
    from playground.gui.document import Document
    from playground.gui.training.worker import TrainingRunner

DIGITS, IMAGES, PLANE, NONE = "digits", "images", "plane", "none"
DIGIT_SHAPE = (1, 28, 28)
DIGIT_DATASETS = ("mnist", "mnist-full")  # where the ready-trained network's answers fit
BROWSE_LIMIT = 2000
_heavy_imports_done = threading.Event()  # set on the pool thread once they are imported


def _heavy_modules_imported() -> bool:
    return _heavy_imports_done.is_set()


def _import_heavy_modules(_job: Job) -> None:
    """The dataset registry and the predictor (and so torch), imported off the GUI thread."""
    import playground.core.data.datasets
    import playground.core.inspect.live_predict  # noqa: F401

    _heavy_imports_done.set()


def dataset_kind(name: str) -> tuple[str | None, tuple[int, ...] | None, tuple[str, ...]]:
    """``(kind, sample shape, class names)`` from the registry, without touching the disk.

    The user's own folders and tables are only named here; their shapes come with the data.
    """
    from playground.core.data.datasets import CSV_PREFIX, FOLDER_PREFIX, dataset_info

    if name.startswith(FOLDER_PREFIX):
        return "folder", None, ()
    if name.startswith(CSV_PREFIX):
        return "table", None, ()
    try:
        info = dataset_info(name)
    except PlaygroundError:
        return None, None, ()
    return info.kind, tuple(info.input_shape), translated_classes(info.class_names)


def load_view_data(name: str, options: dict[str, Any], seed: int, full: bool) -> Dataset:
    """The dataset as the views need it: test samples in [0, 1], training statistics, no
    training samples. ``full`` loads everything first (for exact "standardize" statistics)."""
    from playground.core.data.datasets import load_dataset

    data = load_dataset(name, preprocessing="scale", seed=seed,
                        limit=None if full else BROWSE_LIMIT, **options)  # fmt: skip
    keep = slice(None, BROWSE_LIMIT)
    return replace(
        data, train_x=data.train_x[:0].clone(), train_y=data.train_y[:0].clone(),
        test_x=data.test_x[keep].clone(), test_y=data.test_y[keep].clone(),
    )  # fmt: skip


@dataclass(frozen=True, eq=False)
class AnsweringNetwork:
    """The network that answers now, as plain data a background job can build a model from:
    its spec, its weights (a snapshot's or the document's tensors, never replaced in place) and
    how an input in [0, 1] is preprocessed for it (``None``: used as it is)."""

    spec: NetworkSpec
    state: Mapping[str, Any]
    normalize: Callable[[Any], Any] | None


def _same(before: tuple[object, ...], after: tuple[object, ...]) -> bool:
    """Texts compared by value, everything else by identity: weights are dicts of tensors,
    whose ``==`` would compare every number (and cannot be made a truth value)."""
    return all(a is b or (isinstance(a, (str, tuple)) and a == b)
               for a, b in zip(before, after, strict=True))


class LiveSession(QObject):
    """What the Draw pane predicts with: mode, predictor, weights, test data and hints."""

    changed = Signal()  # mode, hint, classes, data or weights changed: views refresh

    def __init__(self, document: Document, runner: TrainingRunner,
                 parent: QObject | None = None, *, ready_trained: bool = False) -> None:
        super().__init__(parent)
        self.ready_trained = ready_trained  # answer with the shipped network until trained
        self._stand_in: LivePredictor | None = None
        self._stand_in_state: Mapping[str, Any] | None = None
        self._stand_in_failed = False
        self.using_ready_trained = False
        self.setObjectName("liveSession")
        self.document = document
        self.runner = runner
        self.active = False
        self.mode = NONE
        self.hint = self.tr("Loading…")
        self.class_names: tuple[str, ...] = ()
        self.sample_shape: tuple[int, ...] | None = None
        self.data: Dataset | None = None
        self.data_error = ""
        self.weights_text = ""
        self.predictor: LivePredictor | None = None
        self._predictor_key: tuple[object, ...] | None = None
        self._data_key: tuple[object, ...] | None = None
        self._loading: tuple[object, ...] | None = None  # the data key being loaded
        self._importing: Job | None = None
        self._weights_source: object = None  # the document dict or Snapshot now loaded
        self._weights: Mapping[str, Any] | None = None  # its tensors
        self._has_weights = False
        self._snapshot: Snapshot | None = None  # the newest of the run going
        self._boundary: DecisionGrid | None = None
        self._boundary_source: object = None
        document.specChanged.connect(self.refresh)
        document.replaced.connect(self.refresh)
        document.ownClassesChanged.connect(self.refresh)  # samples added, classes renamed
        runner.snapshotTaken.connect(self._snapshot_taken)
        runner.runningChanged.connect(self._running_changed)
        self.refresh()

    # -- state -----------------------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        """Whether a prediction can be made now (a predictor with weights)."""
        return self._answering() is not None and not self.hint

    def _answering(self) -> LivePredictor | None:
        """The predictor that answers now: the user's network with weights, or the stand-in."""
        if self.predictor is None:
            return None
        if self._has_weights:
            return self.predictor
        return self._stand_in if self.using_ready_trained else None

    def activate(self) -> None:
        """Start working (the pane is shown): load the data, build the predictor."""
        if not self.active:
            self.active = True
            if not _heavy_modules_imported() and self._importing is None:
                self._importing = background().submit(
                    _import_heavy_modules, owner=self, key="imports", name="draw-pane-imports",
                    on_result=self._imported, on_error=self._imported)
            self.refresh()

    def _imported(self, _outcome: object) -> None:
        self._importing = None
        self.refresh()  # a failed import shows up as the dataset's own error next

    def refresh(self, *_args: object) -> None:
        """Bring everything in line with the document and the run; cheap when nothing moved."""
        if not self.active or self._importing is not None:
            return  # nothing is shown yet, or torch is still being imported
        before = self._state()
        spec = self.document.spec
        kind, shape, names = dataset_kind(spec.dataset)
        if self.data is not None and self._data_key is not None and \
                self._data_key[0] == spec.dataset:
            shape = tuple(self.data.info.input_shape)
            names = translated_classes(self.data.info.class_names)
        self.sample_shape = shape
        self.class_names = names or tuple(str(i) for i in range(spec.num_classes))
        self.mode, mode_hint = self._choose_mode(spec, kind, shape)
        if self.active and self.mode != NONE:
            self._ensure_data(kind)
            self._ensure_predictor()
            self._sync_weights()
        self.hint = mode_hint or self._hint()
        if not _same(before, self._state()):
            self.changed.emit()

    def retranslate(self) -> None:
        """After a change of language: the hint, the class names and the words about the
        weights, composed again (quietly: the pane shows them itself); nothing is reloaded."""
        source = self._weights_source
        if self._has_weights:  # the document's state dict, or a snapshot of the run going
            self.weights_text = (self.tr("Trained weights") if isinstance(source, dict) else
                                 self.tr("Weights of the run in progress ({0})").format(
                                     moment_text(source)))  # type: ignore[arg-type]
        elif self.using_ready_trained:
            self.weights_text = self.tr(
                "A ready-trained network is answering; train yours to replace it.")
        if not self.active or self._importing is not None:
            self.hint = self.tr("Loading…")  # refresh() has not run yet: still the first hint
        self.blockSignals(True)
        try:
            self.refresh()
        finally:
            self.blockSignals(False)

    def _state(self) -> tuple[object, ...]:
        return (self.mode, self.hint, self.class_names, self.weights_text, self.data,
                self._weights_source, self.predictor, self.using_ready_trained)

    def _choose_mode(self, spec: NetworkSpec, kind: str | None,
                     shape: tuple[int, ...] | None) -> tuple[str, str]:
        inputs = math.prod(spec.input_shape)
        if kind in ("image", "folder"):
            if shape is None:
                options = self.document.dataset_options
                side = int(options.get("image_size", 28))
                shape = (int(options.get("channels", 1)), side, side)
            if tuple(shape) == DIGIT_SHAPE and inputs == math.prod(DIGIT_SHAPE):
                return DIGITS, ""
            if inputs == math.prod(shape):
                return IMAGES, ""
            return NONE, self.tr("The network's input is not a 28×28 image, nor the size of "
                                 "the dataset's pictures: fix the input shape first.")
        if kind == "toy" and inputs == 2:
            return PLANE, ""
        return NONE, self.tr("Live prediction works with pictures and with 2D points; this "
                             "dataset has neither.")

    def _hint(self) -> str:
        if self.mode == NONE:
            return ""
        blocker = self.document.train_blocker
        if blocker is not None or not self.document.spec.layers:
            from playground.gui.i18n import translate_message

            why = self.tr("it has no layers") if blocker is None else \
                translate_message(blocker.problem)
            return self.tr("Fix the network first: {0}").format(why)
        if self.data_error:
            return self.data_error
        if not self.active or self.predictor is None:
            return self.tr("Loading the dataset…")
        if not self._has_weights and not self.using_ready_trained:
            return self.tr("Train the network first: its predictions appear here as it learns.")
        return ""

    # -- data ------------------------------------------------------------------------------------
    def _ensure_data(self, kind: str | None) -> None:
        doc = self.document
        full = doc.config.preprocessing == "standardize" and kind in ("image", "folder")
        # The user's own classes are data by value: their samples (and names) are part of the
        # key, so a sample added, a class renamed or a project opened loads them again.
        own = doc.own_classes if doc.spec.dataset == OWN_CLASSES_NAME else None
        key = (doc.spec.dataset, tuple(sorted(doc.dataset_options.items())), doc.config.seed,
               full, own.fingerprint if own is not None else None)
        if key == self._data_key:
            return
        if self._loading == key:
            return
        self._data_key, self.data, self.data_error = None, None, ""
        name, options, seed = key[0], dict(key[1]), key[2]
        if own is not None:
            options["own_classes"] = own  # the classes of this moment, not of the load's

        def load(_job: Job) -> Dataset:
            return load_view_data(name, options, seed, full)

        self._loading = key
        background().submit(load, owner=self, key="data", name="draw-pane-data",
                            on_result=lambda data: self._loaded(key, data, ""),
                            on_error=lambda exc: self._loaded(key, None, self._load_error(exc)))

    @staticmethod
    def _load_error(exc: BaseException) -> str:
        if isinstance(exc, PlaygroundError):
            return str(exc)
        return f"The dataset could not be read: {exc}"  # shown in the pane, never raised

    def _loaded(self, key: tuple[object, ...], data: Dataset | None, error: str) -> None:
        self._loading = None
        self.data, self.data_error = data, error
        self._data_key = key
        self.refresh()

    def wait_for_data(self, timeout: float = 30.0) -> bool:
        """Block until the data has arrived (for scripts and benchmarks, not the GUI)."""
        pool = background()
        for _step in range(2):  # the import, then the load it leads to
            pool.wait(timeout, owner=self)
            pool.flush()
        return self.data is not None

    # -- predictor and weights -------------------------------------------------------------------
    def _ensure_predictor(self) -> None:
        doc = self.document
        data = self.data
        if data is None or doc.train_blocker is not None or not doc.spec.layers:
            self._drop_predictor()
            return
        key = (doc.spec, doc.config.preprocessing, id(data))
        if key == self._predictor_key:
            return
        from playground.core.inspect.live_predict import LivePredictor

        normalize = data.normalize
        if data.info.kind in ("image", "folder"):
            normalize = replace(data, preprocessing=doc.config.preprocessing).normalize
        try:
            self.predictor = LivePredictor(doc.spec, normalize)
        except (PlaygroundError, ValueError, RuntimeError) as exc:
            self._drop_predictor()
            self.data_error = self.tr("This network cannot predict: {0}").format(exc)
            return
        self._predictor_key = key
        self._weights_source, self._has_weights, self.weights_text = None, False, ""
        self._boundary, self._boundary_source = None, None

    def _drop_predictor(self) -> None:
        self.predictor, self._predictor_key = None, None
        self._weights_source, self._has_weights, self.weights_text = None, False, ""
        self.using_ready_trained = False

    def _ready_trained_predictor(self) -> LivePredictor | None:
        """The shipped digit network, loaded on first use; ``None`` if it cannot stand in."""
        if not self.ready_trained or self.mode != DIGITS or self._stand_in_failed or \
                self.document.spec.dataset not in DIGIT_DATASETS:
            return None
        if self._stand_in is None:
            from playground.core.inspect import pretrained
            from playground.core.inspect.live_predict import LivePredictor

            state = pretrained.load_weights()
            if state is None:
                self._stand_in_failed = True  # no file: the pane asks for training as before
                return None
            self._stand_in = LivePredictor(pretrained.SPEC, None, state)
            self._stand_in_state = state
        return self._stand_in

    def _use_ready_trained(self) -> None:
        """Let the shipped network answer while the user's has no weights (if it may)."""
        stand_in = self._ready_trained_predictor()
        self.using_ready_trained = stand_in is not None
        self.weights_text = self.tr(
            "A ready-trained network is answering; train yours to replace it."
        ) if stand_in is not None else ""

    def _sync_weights(self) -> None:
        """Load the weights that should be shown now, if they are not loaded already."""
        predictor = self.predictor
        if predictor is None:
            return
        if self.runner.running and self._snapshot is not None:
            source: object = self._snapshot
            state = self._snapshot.state
            text = self.tr("Weights of the run in progress ({0})").format(
                moment_text(self._snapshot))
        else:
            doc = self.document
            state = doc.weights if doc.weights_spec == doc.spec else None
            source = state
            text = self.tr("Trained weights") if state is not None else ""
        if source is self._weights_source and (self._has_weights or source is not None):
            return
        self._weights_source = source
        self.using_ready_trained = False
        if state is None:
            self._has_weights = False
            self._use_ready_trained()
            return
        from playground.core.inspect.live_predict import SnapshotMismatch

        try:
            predictor.update_weights(state)
        except SnapshotMismatch:
            self._has_weights = False
            self._use_ready_trained()
            return
        self._has_weights, self.weights_text = True, text
        self._weights = state

    def _snapshot_taken(self, snapshot: Snapshot) -> None:
        if snapshot.state is None:
            return
        self._snapshot = snapshot
        if self.active:
            self.refresh()

    def _running_changed(self, running: bool) -> None:
        self._snapshot = None  # a new run, or back to the document's weights
        self.refresh()

    # -- predicting ------------------------------------------------------------------------------
    def submit(self, sample: np.ndarray) -> int | None:
        """Record the newest input; None when no prediction can be made now."""
        predictor = self._answering()
        return predictor.submit(sample) if predictor is not None and not self.hint else None

    def run_pending(self) -> Prediction | None:
        """Predict the newest input; None if there is none, or its result is already stale."""
        predictor = self._answering()
        if predictor is None or not self.ready:
            return None
        result = predictor.run_pending()
        return result if predictor.accept(result) else None

    def predict(self, sample: np.ndarray) -> Prediction | None:
        """Submit and predict at once (a picture chosen in the browser, a point clicked)."""
        return None if self.submit(sample) is None else self.run_pending()

    def answering_network(self) -> AnsweringNetwork | None:
        """What answers now (the user's network or the ready-trained one), for work that builds
        a model of its own (the explanations); ``None`` when nothing can answer."""
        predictor = self._answering()
        if predictor is None or not self.ready:
            return None
        if predictor is self._stand_in and self._stand_in_state is not None:
            return AnsweringNetwork(predictor.spec, self._stand_in_state, None)
        if self._weights is None:
            return None
        return AnsweringNetwork(predictor.spec, self._weights, predictor.normalize)

    def cancel(self) -> None:
        for predictor in (self.predictor, self._stand_in):
            if predictor is not None:
                predictor.cancel()

    def boundary(self) -> DecisionGrid | None:
        """The class-1 probability over the plane, for networks with two inputs."""
        if not self.ready or self.mode != PLANE:
            return None
        source = self._weights_source
        if source is self._boundary_source:
            return self._boundary
        snapshot_grid = getattr(source, "boundary", None)
        if snapshot_grid is not None:
            grid = snapshot_grid
        else:
            from playground.core.inspect.boundary import decision_grid
            from playground.core.network.build import model_from_weights

            state = getattr(source, "state", source)
            model = model_from_weights(self.document.spec, dict(state))
            grid = decision_grid(model, resolution=60)
        self._boundary, self._boundary_source = grid, source
        return grid
