"""The learned-space maps, made in the background and kept per state, and the samples they map.

Why a separate object: the view only presents a map; making one (running up to
:data:`MAX_POINTS` test samples through a network built from a copy of the state's weights,
then PCA or t-SNE) belongs to the application's background pool, and every map made is kept
(per state, layer, method and sample set) so that replaying the scrubber, or going back to a
layer, shows it at once. The pane's sample slice is small; when the view wants more samples
than it holds, a larger slice of the same dataset setting is loaded here once.

A map's key is (layer, method, sample-set number, sample count); an entry is found only while
its snapshot lives (:class:`~playground.gui.inside.look_alikes_panel.Kept`).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from playground.gui.background import Job, background, error_message
from playground.gui.inside.look_alikes_panel import Kept
from playground.gui.inside.state import InsideState, ViewContext, one_torch_thread

if TYPE_CHECKING:
    import numpy as np

    from playground.core.data.datasets import Dataset
    from playground.core.explain.projection import Projection

MAX_POINTS = 2000  # test samples on a map
MAX_MAPS = 64  # maps kept, for replaying the scrubber
MAP_KEY, DATA_KEY = "learned-space", "learned-space-data"


class MapMaker(QObject):
    """Makes, keeps and hands out maps; ``made`` says a new one is kept (the view looks)."""

    made = Signal(object, object, object)  # snapshot, key, features (N, D) of the map's samples
    progressed = Signal(float)  # the map being made: 0 to 1
    failed = Signal(str)
    loaded = Signal()  # the larger sample slice arrived

    def __init__(self, dataset_options: Callable[[], Mapping[str, Any]] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dataset_options = dataset_options  # to load more samples than the pane's slice
        self.max_points = MAX_POINTS
        self.maps = Kept(MAX_MAPS)
        self.pending: tuple[Any, tuple] | None = None  # (snapshot, key) being made
        self._own: tuple[Any, Dataset | None] = (None, None)  # (setting, the larger slice)
        self._token_of: tuple[Dataset | None, int] = (None, 0)

    # -- samples ---------------------------------------------------------------------------------
    def samples(self, context: ViewContext, train_wanted: int) -> Dataset | None:
        """The samples to map: the pane's, or a larger slice of the same setting (``None``
        while it loads; ``loaded`` follows)."""
        data, config, state = context.data, context.config, context.state
        if data is None or state is None:
            return None
        if (self.dataset_options is None or config is None or data.info.task != "classification"
                or (len(data.test_x) >= self.max_points and len(data.train_x) >= train_wanted)):
            return data
        options = dict(self.dataset_options())
        setting = (state.spec.dataset, config.preprocessing, config.seed,
                   repr(sorted(options.items())), context.data_serial,
                   max(self.max_points, train_wanted))
        if self._own[0] == setting:
            return self._own[1]
        self._own = (setting, None)
        name, preprocessing, seed, limit = setting[0], setting[1], setting[2], setting[5]

        def load(_job: Job) -> Dataset:
            from playground.core.data.datasets import load_dataset

            return load_dataset(name, preprocessing=preprocessing, seed=seed, limit=limit,
                                **options)

        # A slice that cannot be loaded falls back on the pane's own.
        background().submit(load, owner=self, key=DATA_KEY, name="inside-learned-samples",
                            on_result=lambda d, s=setting: self._loaded(s, d),
                            on_error=lambda _e, s=setting, d=data: self._loaded(s, d))
        return None

    def _loaded(self, setting: Any, data: Dataset) -> None:
        if self._own[0] == setting:
            self._own = (setting, data)
            self.loaded.emit()

    def token(self, data: Dataset) -> int:
        """A number per sample set (keys name the set by it, never by a reusable id)."""
        if data is not self._token_of[0]:
            self._token_of = (data, self._token_of[1] + 1)
        return self._token_of[1]

    # -- maps ------------------------------------------------------------------------------------
    def making(self, snapshot: Any, key: tuple) -> bool:
        """Whether this map is being made now."""
        return (self.pending is not None and self.pending[0] is snapshot
                and self.pending[1] == key and background().pending(MAP_KEY, owner=self))

    def make(self, state: InsideState, data: Dataset, key: tuple, seed: int) -> None:
        """Make the map ``key`` = (layer, method, sample set, count) of ``state`` in the
        background (a newer request replaces this one)."""
        layer, method, _data, count = key
        spec, tensors, label = state.spec, state.snapshot.state or {}, state.label
        x, y = data.test_x[:count], data.test_y[:count]

        def work(job: Job) -> tuple[Projection, np.ndarray] | None:
            from playground.core.explain.projection import activations_and_predictions, project
            from playground.core.network.build import model_from_weights

            model = model_from_weights(spec, tensors)
            with one_torch_thread():  # t-SNE after it: torch-free, and it may take a while
                found = activations_and_predictions(model, x, layer,
                                                    cancelled=lambda: job.cancelled)
            if found is None:
                return None
            mapped = project(found[0], y.numpy(), found[1], layer, method, job.report,
                             lambda: job.cancelled, seed, label)
            return None if mapped is None else (mapped, found[0])

        snapshot = weakref.ref(state.snapshot)
        self.pending = (state.snapshot, key)
        background().submit(work, owner=self, key=MAP_KEY, name="inside-learned-space",
                            on_result=lambda r: self._made(snapshot, key, r),
                            on_progress=self.progressed.emit, on_error=self._failed)

    def _made(self, snapshot: weakref.ref, key: tuple,
              result: tuple[Projection, np.ndarray] | None) -> None:
        owner = snapshot()
        if result is None or owner is None:
            return
        self.pending = None
        self.maps.put(owner, key, result[0])
        self.made.emit(owner, key, result[1])

    def _failed(self, error: BaseException) -> None:
        self.pending = None
        self.failed.emit(error_message(error))

    def stop(self) -> bool:
        """Cancel the map being made; whether there was one."""
        was = background().pending(MAP_KEY, owner=self)
        background().cancel(owner=self, key=MAP_KEY)
        self.pending = None
        return was
