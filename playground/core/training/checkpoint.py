"""A training run caught in the middle, kept so a crash loses at most the last epoch.

Why: an autosave of a run in progress must hold the weights *and* the curves of that run so
far, or a student whose laptop froze at epoch 40 gets back an untrained network and no trace of
the run. A :class:`RunCheckpoint` is that moment as plain data, made on the training thread
between two batches (so the weights and the curves agree), handed to the GUI thread, and turned
into an ordinary history record by :meth:`RunCheckpoint.record` on the autosave's writer thread
(thinning many batch losses takes milliseconds, which the GUI thread must not spend).

The record is the one the finished run would have had, with the status ``"interrupted"`` and a
``checkpoint`` entry saying where the run was: ``epoch`` epochs done and ``batch`` batches of
the next one (0 at an epoch end), out of ``batches_per_epoch``.

Nothing here imports torch at module level: the window imports this module while starting.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playground.core.network.spec import NetworkSpec
    from playground.core.training.config import SettingChanged, TrainingConfig, WeightsStart

__all__ = ["INTERRUPTED", "RunCheckpoint", "checkpoint_of", "is_interrupted"]

#: The status of a run the app did not see end (killed, crashed, power lost).
INTERRUPTED = "interrupted"


@dataclass(frozen=True, eq=False)
class RunCheckpoint:
    """Where a run stood at one moment. Every field is a copy the training loop never touches
    again, so it can cross threads; two checkpoints are told apart by identity."""

    epoch: int  # epochs completed
    batch: int  # batches done in the epoch after those (0 at an epoch end)
    batches_per_epoch: int
    weights: Mapping[str, Any]  # CPU tensors, the model right after batch ``batch``
    history: Mapping[str, Sequence[Any]]  # per-epoch curves so far (the engine's keys)
    batch_losses: Sequence[float]  # every batch's loss so far
    config: TrainingConfig
    seconds: float = 0.0  # training time so far, pauses excluded
    samples_per_second: float = 0.0
    device: str = "cpu"
    weights_start: WeightsStart | None = None  # where the run's weights came from
    live_changes: tuple[SettingChanged, ...] = ()  # settings changed while it ran

    def record(self, spec: NetworkSpec, started: float) -> dict[str, Any]:
        """The run as a project history record, marked interrupted (imports torch)."""
        from playground.core.training.result import TrainingResult

        result = TrainingResult(
            status=INTERRUPTED, config=self.config, epochs_completed=self.epoch,
            history={key: list(values) for key, values in self.history.items()},
            batch_losses=list(self.batch_losses), seconds=self.seconds,
            samples_per_second=self.samples_per_second, device=self.device,
            weights_start=self.weights_start, live_changes=list(self.live_changes),
        )
        record = result.to_record(spec, started)
        record["checkpoint"] = {"epoch": self.epoch, "batch": self.batch,
                                "batches_per_epoch": self.batches_per_epoch}
        return record


def is_interrupted(record: Mapping[str, Any]) -> bool:
    return record.get("status") == INTERRUPTED


def checkpoint_of(record: Mapping[str, Any]) -> tuple[int, int, int]:
    """(epochs done, batches of the next one, batches per epoch) of an interrupted record;
    read defensively, since a project file may have been edited by hand."""
    raw = record.get("checkpoint")
    raw = raw if isinstance(raw, Mapping) else {}

    def whole(key: str, default: int) -> int:
        value = raw.get(key, default)
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 \
            else default

    epochs = record.get("epochs")
    done = epochs if isinstance(epochs, int) and not isinstance(epochs, bool) else 0
    return whole("epoch", max(done, 0)), whole("batch", 0), max(1, whole("batches_per_epoch", 1))
