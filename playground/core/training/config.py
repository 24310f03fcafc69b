"""Training configuration: every option the engine understands, with checked values.

Kept apart from the loop itself so that project files, the command line and the GUI's training
panel can read, edit and save a configuration without importing torch. The two facts a run's
record adds to its configuration live here too: where its weights started
(:class:`WeightsStart`) and each setting changed while it ran (:class:`SettingChanged`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from playground.core.data.preprocessing import PREPROCESSING
from playground.core.errors import TrainingError, shorten

LOSSES: tuple[str, ...] = ("cross_entropy", "mse", "binary_cross_entropy", "nll")
OPTIMIZERS: tuple[str, ...] = ("sgd", "adam", "adamw", "rmsprop", "adagrad")
INITIALISATIONS: tuple[str, ...] = ("default", "xavier", "he", "normal")
DEVICES: tuple[str, ...] = ("auto", "cpu", "cuda", "mps")

CHOICES: dict[str, tuple[str, ...]] = {
    "loss": LOSSES,
    "optimizer": OPTIMIZERS,
    "init": INITIALISATIONS,
    "device": DEVICES,
    "preprocessing": PREPROCESSING,
}
# name: (minimum, maximum); bounds are inclusive.
RANGES: dict[str, tuple[float, float]] = {
    "learning_rate": (0.0, 1e6),
    "momentum": (0.0, 0.999),
    "weight_decay": (0.0, 10.0),
    "batch_size": (1, 65536),
    "epochs": (1, 100_000),
    "validation_split": (0.0, 0.9),
    "seed": (0, 2**63 - 1),
    "init_std": (0.0, 10.0),
    "early_stopping_patience": (0, 10_000),
    "augment_shift": (0.0, 10.0),
    "augment_rotation": (0.0, 180.0),
    "augment_scale": (0.0, 0.5),
    "augment_shear": (0.0, 45.0),
    "augment_elastic": (0.0, 4.0),
    "augment_thickness": (0, 4),
    "augment_outline": (0.0, 1.0),
    "augment_outline_width": (0.0, 2.0),
    "frozen_layers": (0, 10_000),
    "target_accuracy": (0.0, 1.0),
}


# The "drawing-robust" preset: augmentation that makes a digit network read drawings on the pad
# and printed digits as well as MNIST's own (measured by benchmarks/drawing_robust.py on the
# font digits of assets/digits). The digit templates train with it; the training panel's
# "Drawing-robust" button applies it to any configuration.
DRAWING_ROBUST: dict[str, Any] = {
    "augment": True,
    "augment_shift": 2.0,
    "augment_rotation": 12.0,
    "augment_scale": 0.15,
    "augment_shear": 15.0,
    "augment_elastic": 1.0,
    "augment_thickness": 3,
    "augment_outline": 0.15,
}


@dataclass(frozen=True)
class TrainingConfig:
    """How to train: the loss, the optimizer and its settings, batches, epochs and data handling.

    ``early_stopping_patience`` of 0 turns early stopping off; ``keep_best`` restores the weights
    with the lowest validation loss at the end of the run; ``target_accuracy`` above 0 ends the
    run after the first epoch whose validation accuracy (the test accuracy when the run holds
    no samples out for validation) reaches it (see :mod:`playground.core.training.target`).
    ``augment`` only applies to image datasets (see :mod:`playground.core.data.augment`).
    """

    loss: str = "cross_entropy"
    optimizer: str = "adam"
    learning_rate: float = 1e-3
    momentum: float = 0.0  # SGD and RMSprop only
    nesterov: bool = False  # SGD with momentum only
    weight_decay: float = 0.0
    batch_size: int = 32
    epochs: int = 5
    validation_split: float = 0.1
    seed: int = 0
    init: str = "default"
    init_std: float = 0.01  # standard deviation for init="normal"
    device: str = "auto"
    preprocessing: str = "scale"
    early_stopping_patience: int = 0
    keep_best: bool = False
    # Random moves (pixels), turns (degrees) and zooms (fraction) of each training image, drawn
    # anew every epoch: the network sees digits it has never seen exactly and overfits less.
    augment: bool = False
    augment_shift: float = 2.0
    augment_rotation: float = 10.0
    augment_scale: float = 0.1
    # Drawing-robust changes (off by default): slant in degrees, smooth bending in pixels, and
    # strokes thinned by one or thickened by up to this many pixels, and the share of images made
    # hollow (outlined digits); see core.augment.
    augment_shear: float = 0.0
    augment_elastic: float = 0.0
    augment_thickness: int = 0
    augment_outline: float = 0.0
    # 0: an outline is the one-pixel ring around the strokes. Above 0: fine outlines, the inner
    # border of the thickened strokes up to this many pixels wide, as printed outlined digits
    # look once shrunk into 20x20 pixels (the ready-trained digit network uses 1.5).
    augment_outline_width: float = 0.0
    # The first this many layers keep their weights (and BatchNorm statistics) while the rest
    # train: transfer learning trains a new head on layers another network learned. Always the
    # first layers, as transfer freezes them; a plain number, like every other setting.
    frozen_layers: int = 0
    # Stop at this accuracy, a fraction from 0 to 1 (0: off), the way a student means "train
    # until it gets 97 % right": a file written before the setting existed reads as 0.
    target_accuracy: float = 0.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in CHOICES:
                if value not in CHOICES[f.name]:
                    allowed = ", ".join(CHOICES[f.name])
                    raise TrainingError("{name} must be one of {allowed}, not {value}.",
                                        name=f.name, allowed=allowed, value=shorten(value))
            elif f.type == "bool" or isinstance(f.default, bool):
                if not isinstance(value, bool):
                    raise TrainingError("{name} must be true or false, not {value}.",
                                        name=f.name, value=shorten(value))
            else:
                self._check_number(f.name, value, isinstance(f.default, int))
        if self.learning_rate <= 0:
            raise TrainingError("{name} must be greater than {low}.", name="learning_rate", low=0)

    def _check_number(self, name: str, value: Any, integer: bool) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TrainingError("{name} must be a number, not {value}.", name=name,
                                value=shorten(value))
        if integer and isinstance(value, float) and not value.is_integer():
            raise TrainingError("{name} must be a whole number, not {value}.", name=name,
                                value=shorten(value))
        if isinstance(value, float) and not math.isfinite(value):
            raise TrainingError("{name} must be finite, not {value}.", name=name,
                                value=shorten(value))
        low, high = RANGES[name]
        if not low <= value <= high:
            raise TrainingError("{name} must be between {low:g} and {high:g}, not {value}.",
                                name=name, low=low, high=high, value=shorten(value))
        object.__setattr__(self, name, int(value) if integer else float(value))

    def with_changes(self, **changes: Any) -> TrainingConfig:
        return replace(self, **changes)

    def drawing_robust(self) -> TrainingConfig:
        """This configuration with the :data:`DRAWING_ROBUST` augmentation."""
        return replace(self, **DRAWING_ROBUST)

    @property
    def is_drawing_robust(self) -> bool:
        """Whether every :data:`DRAWING_ROBUST` setting is in force."""
        return all(getattr(self, name) == value for name, value in DRAWING_ROBUST.items())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> TrainingConfig:
        if not isinstance(data, Mapping):
            raise TrainingError("A training configuration must be a JSON object.")
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            first = shorten(sorted(unknown, key=str)[0])
            raise TrainingError("Unknown training option {name}.", name=first)
        return cls(**dict(data))


# -- how a run started, and what changed while it ran ------------------------------------------


def _whole(value: Any) -> int | None:
    """A non-negative whole number from a record, or None (hand-edited files hold anything)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 \
        else None


def _real(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


#: The ready-trained digits network, where a transfer run's weights start.
DIGITS_NETWORK_SOURCE = "digits-network"
MAX_SOURCE_CHARS = 64  # a name, never a text a file could fill


@dataclass(frozen=True)
class WeightsStart:
    """Where a run's weights started: the seed's initial weights, or an earlier run's trained ones.

    Two runs are only a like-for-like experiment when both started fresh; a run that went on
    from trained weights has had more training than its own curves show. ``from_run`` is the
    1-based number of that earlier run in the project's history (None when not known, e.g.
    weights that came with a file whose runs were cleared). ``source`` names weights that came
    from outside the project's runs, such as the ready-trained digits network a transfer run
    starts from (:data:`DIGITS_NETWORK_SOURCE`): such a run is not fresh either, but it went on
    from no run of this project.
    """

    continued: bool
    seed: int | None = None
    from_run: int | None = None
    source: str | None = None

    @classmethod
    def fresh(cls, seed: int) -> WeightsStart:
        return cls(False, seed=seed)

    @classmethod
    def continued_from(cls, run: int | None) -> WeightsStart:
        return cls(True, from_run=run)

    @classmethod
    def pretrained(cls, source: str) -> WeightsStart:
        return cls(True, source=source)

    def to_dict(self) -> dict[str, Any]:
        if self.source is not None:
            return {"start": "pretrained", "source": self.source}
        if self.continued:
            return {"start": "continued", "from_run": self.from_run}
        return {"start": "fresh", "seed": self.seed}

    @classmethod
    def from_dict(cls, data: Any) -> WeightsStart | None:
        """Read a record's ``weights_start``; None when it is missing or not understood."""
        if not isinstance(data, Mapping):
            return None
        if data.get("start") == "continued":
            return cls(True, from_run=_whole(data.get("from_run")))
        if data.get("start") == "fresh":
            return cls(False, seed=_whole(data.get("seed")))
        source = data.get("source")
        if data.get("start") == "pretrained" and isinstance(source, str) and \
                0 < len(source) <= MAX_SOURCE_CHARS:
            return cls.pretrained(source)
        return None


@dataclass(frozen=True)
class SettingChanged:
    """A setting changed while the run went on (today the learning rate), from the batch after
    ``step`` batches of the run, ``batch`` of them in epoch ``epoch`` (1-based)."""

    epoch: int
    batch: int
    step: int
    setting: str
    old: float
    new: float

    def to_dict(self) -> dict[str, Any]:
        return {"epoch": self.epoch, "batch": self.batch, "step": self.step,
                "setting": self.setting, "from": self.old, "to": self.new}

    @classmethod
    def from_dict(cls, data: Any) -> SettingChanged | None:
        """Read one entry of a record's ``live_changes``; None when it is not understood."""
        if not isinstance(data, Mapping):
            return None
        epoch, old, new = _whole(data.get("epoch")), _real(data.get("from")), _real(data.get("to"))
        setting = data.get("setting")
        if epoch is None or old is None or new is None or not isinstance(setting, str):
            return None
        return cls(epoch, _whole(data.get("batch")) or 0, _whole(data.get("step")) or 0,
                   setting, old, new)
