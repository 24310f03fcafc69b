"""What the inside views draw: one network state, plus the samples and history around it.

An :class:`InsideState` is either a recorded :class:`~playground.core.inspect.snapshots.Snapshot`
of a
run or the document's own weights (trained, or the seed's initial ones) wrapped as a snapshot, so
every view reads one kind of thing. Models are rebuilt from the state's CPU tensors with
:func:`~playground.core.network.build.model_from_weights`, and the seed's initial weights with
:func:`~playground.core.network.build.build_model`'s private generator, so neither touches the
global random generator the training thread draws from; the model being trained is never read.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from playground.gui.inputs import translated_classes

if TYPE_CHECKING:
    import numpy as np

    from playground.core.data.datasets import Dataset
    from playground.core.inspect.inside import DenseImages, FilterSet
    from playground.core.inspect.snapshots import Snapshot
    from playground.core.network.build import PlaygroundNet
    from playground.core.network.spec import NetworkSpec
    from playground.core.training.config import TrainingConfig

_serials = itertools.count(1)


@contextmanager
def one_torch_thread() -> Iterator[None]:
    """Run the block's torch operations on the calling thread alone.

    The inside views compute on one sample or a small batch, where a team of threads costs more
    than it saves, and the training worker leaves one core to the window: a view that woke
    threads on every core would slow the run down.
    """
    import torch

    saved = torch.get_num_threads()
    if saved != 1:
        torch.set_num_threads(1)
    try:
        yield
    finally:
        if saved != 1:
            torch.set_num_threads(saved)


@dataclass(eq=False)
class InsideState:
    """One set of weights of ``spec``; ``serial`` is unique, so views redraw when it changes."""

    spec: NetworkSpec
    snapshot: Snapshot
    label: str
    serial: int = field(default_factory=lambda: next(_serials))
    _model: PlaygroundNet | None = field(default=None, repr=False)
    _filters: list[FilterSet] | None = field(default=None, repr=False)

    def model(self) -> PlaygroundNet:
        """A CPU model with these weights (built once), for feature maps and unit grids."""
        if self._model is None:
            from playground.core.network.build import model_from_weights

            if self.snapshot.state is None:
                raise ValueError("This snapshot kept only the Conv2D and Dense weights.")
            self._model = model_from_weights(self.spec, self.snapshot.state)
        return self._model

    def filters(self) -> list[FilterSet]:
        if self._filters is None:
            self._filters = self.snapshot.filters()
        return self._filters

    def dense_images(self) -> DenseImages | None:
        return self.snapshot.dense_images(self.spec)


def state_from_weights(spec: NetworkSpec, weights: Mapping[str, Any], label: str) -> InsideState:
    """The document's trained weights (a state dict of CPU tensors) as a state to draw."""
    from playground.core.inspect.inside import layer_weights
    from playground.core.inspect.snapshots import Snapshot
    from playground.core.network.build import model_from_weights

    model = model_from_weights(spec, weights)
    state = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
    inside = InsideState(spec, Snapshot(0, 0, True, layer_weights(model), state=state), label)
    inside._model = model
    return inside


def initial_state(spec: NetworkSpec, config: TrainingConfig, label: str) -> InsideState:
    """The weights a run with ``config`` would start from (same seed, same initialisation).

    Drawn from a private generator: safe on the GUI thread while a run trains.
    """
    from playground.core.network.build import build_model

    model = build_model(spec, seed=config.seed, init=config.init, init_std=config.init_std)
    return state_from_weights(spec, model.state_dict(), label)


@dataclass(frozen=True)
class EpochRecord:
    epoch: int
    train_loss: float
    val_loss: float | None


@dataclass
class ViewContext:
    """Everything a view may draw from; ``message`` says why ``state`` is missing."""

    state: InsideState | None
    data: Dataset | None = None  # a slice of the test (and training) set, once loaded
    data_serial: int = 0
    data_message: str = ""
    message: str = ""
    language: str = "en"
    history: Sequence[EpochRecord] = ()
    confusion: np.ndarray | None = None
    confusion_label: str = ""
    config: TrainingConfig | None = None
    running: bool = False  # a run is training now (not paused)

    @property
    def class_names(self) -> tuple[str, ...]:
        return translated_classes(self.data.info.class_names) if self.data is not None else ()
