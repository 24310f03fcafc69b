"""A run's bookkeeping inside an epoch: its clock, and its per-batch results reported in chunks.

The loop only appends device tensors per batch; turning them into numbers and events happens
here, when one is due, so the loop itself stays a few lines per batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
import torch

from playground.core.training.control import TrainingControl
from playground.core.training.events import BatchProgress, TrainingEvent
from playground.core.training.objective import Objective
from playground.core.training.result import TrainingResult


class Run(Protocol):
    """What the epoch's bookkeeping reads of the run it reports for (the loop's ``Trainer``)."""

    progress_interval: float
    control: TrainingControl
    objective: Objective
    result: TrainingResult
    steps: int
    on_event: Callable[[TrainingEvent], Any]

    def _lr(self) -> float: ...

    def loss_is_sane(self, losses: np.ndarray) -> bool: ...


class Clock:
    """Training time with pauses and evaluation left out, and samples seen, across epochs."""

    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size
        self.done_seconds = 0.0
        self.seen = 0
        self.epoch_start: float | None = None
        self.last_epoch = 0.0

    def start_epoch(self) -> None:
        self.epoch_start = time.perf_counter()

    def total(self) -> float:
        running = 0.0 if self.epoch_start is None else time.perf_counter() - self.epoch_start
        return self.done_seconds + running

    def exclude(self, seconds: float) -> None:
        """Leave out time spent paused."""
        if self.epoch_start is not None:
            self.epoch_start += seconds

    def end_epoch(self, samples: int) -> None:
        assert self.epoch_start is not None
        self.last_epoch = time.perf_counter() - self.epoch_start
        self.epoch_start = None
        self.done_seconds += self.last_epoch
        self.seen += samples


class EpochProgress:
    """Per-batch results of one epoch, kept as device tensors and reported in chunks.

    The loop only appends references; turning them into numbers (one ``stack``, one ``argmax``
    for many batches) happens when an event is due, so the per-batch cost stays a few list
    appends.
    """

    def __init__(
        self, trainer: Run, epoch: int, batches: int, clock: Clock, targets: torch.Tensor
    ) -> None:
        self.trainer = trainer
        self.epoch = epoch
        self.batches = batches
        self.clock = clock
        self.targets = targets
        self.pending_losses: list[torch.Tensor] = []
        self.pending_outputs: list[torch.Tensor] = []
        self.losses: list[float] = []
        self.correct = 0
        classes = max(trainer.objective.num_classes, 2)
        self.answers = np.zeros(classes, np.int64)  # how often each class was the answer
        self.labels = np.zeros(classes, np.int64)
        self.flushed = 0
        self.last_emit = time.perf_counter()
        clock.start_epoch()

    def add(self, loss: torch.Tensor, output: torch.Tensor) -> None:
        self.pending_losses.append(loss.detach())
        self.pending_outputs.append(output.detach())

    def due(self) -> bool:
        return (
            time.perf_counter() - self.last_emit >= self.trainer.progress_interval
            or self.trainer.control.paused
        )

    def flush(self, done: int) -> bool:
        """Report batches up to ``done``; ``False`` if one of their losses is not sane."""
        if done <= self.flushed:
            return True
        trainer = self.trainer
        chunk = torch.stack(self.pending_losses).cpu().numpy().astype(np.float64)
        if not trainer.objective.regression:
            outputs = torch.cat(self.pending_outputs)
            first = self.flushed * self.clock.batch_size
            targets = self.targets[first : first + len(outputs)]
            answers = trainer.objective.predictions(outputs)
            self.correct += int((answers == targets).sum())
            classes = len(self.answers)
            self.answers += torch.bincount(answers.long(), minlength=classes).cpu().numpy()
            self.labels += torch.bincount(targets.long(), minlength=classes).cpu().numpy()
        self.pending_losses.clear()
        self.pending_outputs.clear()
        self.flushed, self.last_emit = done, time.perf_counter()
        self.losses.extend(chunk.tolist())
        trainer.result.batch_losses.extend(chunk.tolist())
        elapsed = self.clock.total()
        samples = self.clock.seen + done * self.clock.batch_size
        trainer.on_event(
            BatchProgress(
                self.epoch, done, self.batches, trainer.steps, chunk, trainer._lr(), elapsed,
                samples / elapsed if elapsed > 0 else 0.0,
            )
        )
        return trainer.loss_is_sane(chunk)
