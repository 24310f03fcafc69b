"""What a training run produced: plain data and CPU copies of the weights.

Kept apart from the loop so the events a run emits can name its result without importing the
loop that produces it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import numpy as np
import torch

from playground.core.messages import Message
from playground.core.network.spec import NetworkSpec
from playground.core.training.config import SettingChanged, TrainingConfig, WeightsStart
from playground.core.training.evaluation import Evaluation

MAX_RECORDED_BATCHES = 2000


@dataclass
class TrainingResult:
    """Everything a run produced, as plain data plus CPU copies of the weights."""

    # "completed" | "stopped" | "early_stopped" | "target_reached" | "diverged" | "failed"
    status: str
    config: TrainingConfig
    epochs_completed: int = 0
    history: dict[str, list[Any]] = field(default_factory=dict)
    batch_losses: list[float] = field(default_factory=list)
    test: Evaluation | None = None
    seconds: float = 0.0
    samples_per_second: float = 0.0
    device: str = "cpu"
    # Texts for people: Messages (rendered in the reader's language), or the English text of a
    # run read back from a record.
    warnings: tuple[Message | str, ...] = ()
    message: Message | str = ""
    state_dict: dict[str, torch.Tensor] = field(default_factory=dict, repr=False)
    best_state_dict: dict[str, torch.Tensor] | None = field(default=None, repr=False)
    # Where the weights started, and every setting changed while the run went on: without them
    # a run that went on from trained weights, or whose learning rate was lowered half way,
    # would read as an experiment with the settings in ``config``. None: not known (a run
    # pieced together outside the engine); such records simply lack the fields.
    weights_start: WeightsStart | None = None
    live_changes: list[SettingChanged] | None = None

    @property
    def seconds_per_epoch(self) -> float:
        return self.seconds / self.epochs_completed if self.epochs_completed else 0.0

    def to_record(self, spec: NetworkSpec, started: float) -> dict[str, Any]:
        """The run as plain JSON for a project's history (curves kept, batch losses thinned)."""
        losses = np.asarray(self.batch_losses, dtype=np.float64)
        if len(losses) > MAX_RECORDED_BATCHES:
            edges = np.linspace(0, len(losses), MAX_RECORDED_BATCHES + 1).astype(int)
            losses = np.array([losses[a:b].mean() for a, b in itertools.pairwise(edges)])
        return {
            "started": datetime.fromtimestamp(started, timezone.utc).isoformat(),
            "spec": spec.to_dict(),
            "batch_losses": [float(v) for v in losses],
            **self.metrics(),
        }

    def metrics(self) -> dict[str, Any]:
        """The JSON the command line writes with ``--metrics-json``."""
        test = self.test
        return {
            "status": self.status,
            "message": str(self.message),  # the English, as every record keeps it
            "test_accuracy": test.accuracy if test else None,
            "test_loss": test.loss if test else None,
            "per_class_accuracy": list(test.per_class_accuracy) if test else [],
            "confusion_matrix": test.confusion.tolist() if test else [],
            "epochs": self.epochs_completed,
            "seconds": self.seconds,
            "seconds_per_epoch": self.seconds_per_epoch,
            "samples_per_second": self.samples_per_second,
            "device": self.device,
            "history": self.history,
            "warnings": [str(warning) for warning in self.warnings],
            "config": self.config.to_dict(),
            **self._provenance(),
        }

    def _provenance(self) -> dict[str, Any]:
        """``weights_start`` and ``live_changes``, those that are known."""
        known: dict[str, Any] = {}
        if self.weights_start is not None:
            known["weights_start"] = self.weights_start.to_dict()
        if self.live_changes is not None:
            known["live_changes"] = [change.to_dict() for change in self.live_changes]
        return known
