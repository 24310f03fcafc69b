"""The small vocabulary of events a training run emits.

Only frozen plain data crosses from the loop to its listeners (numbers, tuples, numpy copies), so
a GUI can forward them across threads and a command line can print them, without either touching
the live model. Texts for people are :class:`~playground.core.messages.Message` objects (an
English template and its values, immutable once made): the window renders them in its language,
the command line prints their English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from playground.core.messages import Message

# A live change is both something a run reports as it happens and part of how it was set up.
from playground.core.training.config import SettingChanged, WeightsStart

__all__ = ["BatchProgress", "EpochEnd", "Failed", "Finished", "RunStarted", "SettingChanged",
           "TrainingEvent", "WeightsStart"]

if TYPE_CHECKING:
    from playground.core.training.result import TrainingResult


@dataclass(frozen=True)
class RunStarted:
    epochs: int
    batches_per_epoch: int
    train_samples: int
    validation_samples: int
    device: str
    warnings: tuple[Message | str, ...] = ()
    weights_start: WeightsStart | None = None


@dataclass(frozen=True)
class BatchProgress:
    """Batches finished since the previous progress event (emitted at most every ~50 ms)."""

    epoch: int  # 1-based
    batch: int  # batches done in this epoch
    batches_per_epoch: int
    step: int  # batches done in the whole run
    losses: np.ndarray = field(repr=False)  # one float per batch since the last event
    learning_rate: float = 0.0
    elapsed: float = 0.0  # seconds of training, pauses excluded
    samples_per_second: float = 0.0


@dataclass(frozen=True)
class EpochEnd:
    epoch: int
    train_loss: float
    train_accuracy: float | None
    val_loss: float | None
    val_accuracy: float | None
    seconds: float
    learning_rate: float
    # Set when the epoch learned nothing (see core.training.stuck): the explanation and its fix.
    stuck: Message | None = None


@dataclass(frozen=True)
class Finished:
    """The run ended: ``result.status`` says whether it completed, was stopped or stopped early."""

    result: TrainingResult


@dataclass(frozen=True)
class Failed:
    """The run could not go on. ``reason`` is a short code, the texts are for people."""

    reason: str  # "diverged" | "out_of_memory" | "error"
    explanation: Message | str
    suggestion: Message | str
    result: TrainingResult | None = None


TrainingEvent = RunStarted | BatchProgress | SettingChanged | EpochEnd | Finished | Failed
