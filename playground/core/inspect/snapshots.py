"""Snapshots of a network while it trains, to replay how its filters and boundary took shape.

Why: the most telling picture of learning is a film, not a still: filters turning from noise into
edge detectors, a boundary curling round a spiral. The :class:`SnapshotRecorder` is called by the
training loop between batches (on the training thread, so the weights are consistent), copies
what the views need to CPU numpy arrays, and keeps the copies under a memory cap by thinning the
oldest ones. The GUI reads them from its own thread with :meth:`SnapshotRecorder.at`.

How the loop calls it (the ``Trainer`` hook):

* ``recorder.plan(epochs, batches_per_epoch)`` once at the start returns ``every``, the number of
  batches between mid-epoch snapshots (0: epoch ends only), so the loop's per-batch cost is one
  integer test;
* ``recorder(0, 0, model, epoch_end=True)`` before the first batch (the untrained network);
* ``recorder(epoch, batch, model)`` every ``every`` batches;
* ``recorder(epoch, batches, model, confusion, epoch_end=True)`` after each epoch's validation.

Until the ``Trainer`` takes that hook, :meth:`SnapshotRecorder.listener` gives the same snapshots
(without the confusion matrix) from the loop's own events.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import torch

from playground.core.inspect.boundary import DEFAULT_RANGE, DecisionGrid, Range, decision_grid
from playground.core.inspect.inside import (
    DenseImages,
    FilterSet,
    LayerWeights,
    conv_filters,
    dense_weight_images,
    layer_weights,
)
from playground.core.network.build import PlaygroundNet, model_from_weights
from playground.core.network.spec import NetworkSpec
from playground.core.training.events import BatchProgress, EpochEnd, RunStarted, TrainingEvent

__all__ = ["Snapshot", "SnapshotRecorder"]

DEFAULT_MAX_BYTES = 64 << 20
DEFAULT_MAX_SNAPSHOTS = 400
SNAPSHOTS_PER_RUN = 60  # mid-epoch snapshots aim at about this many over a short run
MIN_INTERVAL = 0.2  # seconds between two mid-epoch snapshots at least


@dataclass(frozen=True)
class Snapshot:
    """The network at one moment: epoch 0 batch 0 is before training."""

    epoch: int
    batch: int  # batches done in that epoch
    epoch_end: bool
    weights: Mapping[int, LayerWeights]  # Conv2D and Dense layers, by spec layer index
    boundary: DecisionGrid | None = None  # networks with two inputs
    confusion: np.ndarray | None = None  # (classes, classes) int64, validation set, epoch ends
    state: Mapping[str, torch.Tensor] | None = None  # every tensor, with ``keep_full_state``

    @property
    def nbytes(self) -> int:
        total = sum(w.nbytes for w in self.weights.values())
        if self.boundary is not None:
            total += sum(a.nbytes for a in self.boundary)
        if self.confusion is not None:
            total += self.confusion.nbytes
        if self.state is not None:
            total += sum(t.numel() * t.element_size() for t in self.state.values())
        return total

    @property
    def label(self) -> str:
        if self.epoch == 0:
            return "before training"
        if self.epoch_end:
            return f"epoch {self.epoch}"
        return f"epoch {self.epoch}, batch {self.batch}"

    def filters(self) -> list[FilterSet]:
        return conv_filters(self.weights)

    def dense_images(self, spec: NetworkSpec) -> DenseImages | None:
        return dense_weight_images(self.weights, spec)

    def model(self, spec: NetworkSpec) -> PlaygroundNet:
        """A fresh model with these weights, for feature maps of a past epoch (full state only)."""
        if self.state is None:
            raise ValueError("This snapshot kept only the Conv2D and Dense weights.")
        # Without drawing random initial weights: this may run on the GUI thread during a run.
        return model_from_weights(spec, self.state)


class SnapshotRecorder:
    """Records :class:`Snapshot` objects during a run, within ``max_bytes`` and ``max_snapshots``.

    When over a cap, the older half is thinned: mid-epoch snapshots go first, then every other
    epoch; the first (untrained) and the newest snapshots are always kept. ``listener`` receives
    each new snapshot on the training thread (the GUI's worker forwards it). ``version`` grows
    with every change, so a view can poll cheaply and redraw only when it moved.
    """

    def __init__(
        self,
        spec: NetworkSpec,
        *,
        boundary_range: tuple[Range, Range] | None = None,
        boundary_resolution: int = 60,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_snapshots: int = DEFAULT_MAX_SNAPSHOTS,
        snapshots_per_run: int = SNAPSHOTS_PER_RUN,
        min_interval: float = MIN_INTERVAL,
        keep_full_state: bool = False,
        listener: Callable[[Snapshot], None] | None = None,
    ) -> None:
        self.spec = spec
        self.two_d = tuple(spec.input_shape) == (2,)
        self.boundary_range = boundary_range or (DEFAULT_RANGE, DEFAULT_RANGE)
        self.boundary_resolution = boundary_resolution
        self.max_bytes = max_bytes
        self.max_snapshots = max(2, max_snapshots)
        self.snapshots_per_run = snapshots_per_run
        self.min_interval = min_interval
        self.keep_full_state = keep_full_state
        self.listener = listener
        self.version = 0
        self._items: list[Snapshot] = []
        self._lock = threading.Lock()
        self._last_time = -math.inf

    # -- the hook the training loop calls ------------------------------------------------------
    def plan(self, epochs: int, batches_per_epoch: int) -> int:
        """Batches between mid-epoch snapshots for this run (0: epoch ends only).

        Long runs have enough epochs to watch; a short one (say 5 epochs of MNIST) gets about
        ``snapshots_per_run`` snapshots spread over its batches.
        """
        if epochs >= self.snapshots_per_run or batches_per_epoch <= 1:
            return 0
        every = max(1, math.ceil(epochs * batches_per_epoch / self.snapshots_per_run))
        return 0 if every >= batches_per_epoch else every

    def __call__(
        self,
        epoch: int,
        batch: int,
        model: PlaygroundNet,
        confusion: np.ndarray | None = None,
        *,
        epoch_end: bool = False,
    ) -> Snapshot | None:
        """Record the model now; a mid-epoch call within ``min_interval`` seconds is skipped."""
        now = time.perf_counter()
        if not epoch_end and now - self._last_time < self.min_interval:
            return None
        self._last_time = now
        snapshot = self._take(epoch, batch, model, confusion, epoch_end)
        with self._lock:
            last = self._items[-1] if self._items else None
            if last is not None and (last.epoch, last.batch) == (epoch, batch):
                self._items[-1] = snapshot  # the epoch end of a batch just snapshotted
            else:
                self._items.append(snapshot)
            self._enforce_caps()
            self.version += 1
        if self.listener is not None:
            self.listener(snapshot)
        return snapshot

    on_snapshot = __call__

    def _take(
        self,
        epoch: int,
        batch: int,
        model: PlaygroundNet,
        confusion: np.ndarray | None,
        epoch_end: bool,
    ) -> Snapshot:
        boundary = None
        if self.two_d:
            x_range, y_range = self.boundary_range
            boundary = decision_grid(model, x_range, y_range, self.boundary_resolution)
        state = None
        if self.keep_full_state:
            state = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
        matrix = None if confusion is None else np.array(np.asarray(confusion), dtype=np.int64)
        return Snapshot(epoch, batch, epoch_end, layer_weights(model), boundary, matrix, state)

    def _enforce_caps(self) -> None:
        items = self._items
        while len(items) > 2 and (
            len(items) > self.max_snapshots or sum(s.nbytes for s in items) > self.max_bytes
        ):
            older = items[1 : len(items) // 2 + 1]
            mid_epoch = [s for s in older if not s.epoch_end]
            victims = mid_epoch[::2] if mid_epoch else (older[1::2] or older[:1])
            doomed = {id(s) for s in victims}
            items[:] = [s for s in items if id(s) not in doomed]

    # -- reading, from any thread ----------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._items)

    @property
    def snapshots(self) -> tuple[Snapshot, ...]:
        with self._lock:
            return tuple(self._items)

    @property
    def nbytes(self) -> int:
        return sum(s.nbytes for s in self.snapshots)

    def at(self, index: int) -> Snapshot:
        """The snapshot at ``index`` (negative counts from the newest), for a replay slider."""
        with self._lock:
            return self._items[index]

    def index_of_epoch(self, epoch: int) -> int | None:
        """The index of the snapshot that ends ``epoch`` (0: before training), if still kept."""
        with self._lock:
            for i, s in enumerate(self._items):
                if s.epoch == epoch and s.epoch_end:
                    return i
        return None

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.version += 1
        self._last_time = -math.inf

    # -- interim wiring through the loop's events ------------------------------------------------
    def listener_for(
        self, model: PlaygroundNet, forward: Callable[[TrainingEvent], None] | None = None
    ) -> Callable[[TrainingEvent], None]:
        """An ``on_event`` callback that records from the loop's own events, then forwards them.

        For a ``Trainer`` without the ``on_snapshot`` hook: its events arrive on the training
        thread between batches, so ``model`` (the trainer's) is consistent when copied. Mid-epoch
        snapshots follow progress events (at most every ~50 ms), so they land near, not exactly
        on, the planned batches; epoch ends carry no confusion matrix.
        """
        plan = {"every": 0, "batches": 0, "next": 0}

        def on_event(event: TrainingEvent) -> None:
            if isinstance(event, RunStarted):
                plan["every"] = every = self.plan(event.epochs, event.batches_per_epoch)
                plan["batches"], plan["next"] = event.batches_per_epoch, every
                self(0, 0, model, epoch_end=True)
            elif isinstance(event, BatchProgress) and plan["every"]:
                if event.step >= plan["next"] and event.batch < event.batches_per_epoch:
                    self(event.epoch, event.batch, model)
                    plan["next"] = event.step + plan["every"]
            elif isinstance(event, EpochEnd):
                self(event.epoch, plan["batches"], model, epoch_end=True)
            if forward is not None:
                forward(event)

        return on_event
