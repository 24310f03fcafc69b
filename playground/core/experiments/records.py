"""What a study keeps of each run, and how it is read back as plain data.

Optuna stores a trial's parameters, its state and its value; the rest of a run (the seed, the
per-epoch history, the final metrics, how it ended and why) goes into the trial's user
attributes as JSON, written by the process that trains it and readable by any other process,
the window included. Messages are kept as their template and values, so a failure recorded in
English by the command line is read in Spanish by the window.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from playground.core.messages import Message

__all__ = ["FINISHED", "STATUS_LABELS", "TrialRecord", "message_from_data", "message_to_data",
           "says_more"]

# How a run ended, in its "status" attribute. A trial left running by a process that died has
# none: it reads as "lost" once marked failed, and runs again.
RUNNING, COMPLETED, DIVERGED, TARGET = "running", "completed", "diverged", "target"
PRUNED, FAILED, STOPPED, SKIPPED, LOST, WAITING = (
    "pruned", "failed", "stopped", "skipped", "lost", "waiting")
#: Runs whose result stands: each combination needs exactly one of these (or a running one).
FINISHED = (COMPLETED, DIVERGED, TARGET, PRUNED, FAILED)
#: Runs with final metrics to average.
MEASURED = (COMPLETED, TARGET)

STATUS_LABELS: dict[str, Message] = {
    RUNNING: Message("running"), COMPLETED: Message("completed"), DIVERGED: Message("diverged"),
    TARGET: Message("reached the target"), PRUNED: Message("pruned"), FAILED: Message("failed"),
    STOPPED: Message("stopped"), SKIPPED: Message("skipped"), LOST: Message("lost"),
    WAITING: Message("waiting"),
}

FINAL_KEYS = ("val_accuracy", "val_loss", "test_accuracy", "test_loss", "start_loss")


def message_to_data(message: Message | str) -> Any:
    """A message as JSON: ``{"template": ..., "params": {...}}`` (nested messages alike)."""
    if not isinstance(message, Message):
        return str(message)
    return {"template": message.template,
            "params": {k: _value_to_data(v) for k, v in message.params.items()}}


def _value_to_data(value: Any) -> Any:
    if isinstance(value, Message):
        return message_to_data(value)
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return str(value)


def message_from_data(data: Any) -> Message | str:
    """The message :func:`message_to_data` wrote (any other value: its text)."""
    if isinstance(data, Mapping) and isinstance(data.get("template"), str):
        params = data.get("params")
        params = params if isinstance(params, Mapping) else {}
        return Message(data["template"], **{str(k): message_from_data(v)
                                            if isinstance(v, Mapping) else v
                                            for k, v in params.items()})
    return "" if data is None else str(data)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None



ROSE_MARGIN = 1.05  # an epoch's loss this many times the first batch's: it rose


@dataclass(frozen=True)
class TrialRecord:
    """One run of an experiment, as plain data (see :meth:`from_trial`).

    In the study, a trial's user attributes hold ``run`` (seed, computer, process id, repeat:
    written when it starts), ``history`` (rewritten after each epoch) and ``result`` (status,
    final metrics, score, seconds, message: written when it ends); a queued one has ``repeat``
    (in a search) and ``retry_of`` (the run it replaces). One write each, as every write to
    the storage is a transaction.

    ``values`` are the varied settings' values; ``score`` what the experiment compares (the
    final validation or test accuracy, or loss); ``final`` the last validation and the test
    metrics; ``history`` the per-epoch curves (``epoch``, ``train_loss``, ``train_accuracy``,
    ``val_loss``, ``val_accuracy``, ``seconds``).
    """

    number: int
    values: dict[str, Any]
    repeat: int = 0
    seed: int | None = None
    status: str = RUNNING
    epochs: int = 0
    history: dict[str, list[Any]] = field(default_factory=dict)
    final: dict[str, float | None] = field(default_factory=dict)
    score: float | None = None
    message: Message | str = ""
    seconds: float = 0.0
    host: str = ""
    pid: int | None = None
    retry_of: int | None = None

    @property
    def rose(self) -> bool:
        """Whether an epoch's mean training loss ended clearly above the very first batch's
        loss (by :data:`ROSE_MARGIN`): the mark of steps too big (the loss went up instead of
        down, short of diverging). The margin keeps a run that barely moves (a tiny learning
        rate) from being called one whose steps are too big, by one batch's noise."""
        start = self.final.get("start_loss")
        losses = [v for v in self.history.get("train_loss", ()) if isinstance(v, (int, float))]
        return start is not None and any(loss > start * ROSE_MARGIN for loss in losses)

    @property
    def key(self) -> tuple[str, int]:
        """The combination and repeat this run stands for (equal for a run and its retry)."""
        return combination_key(self.values), self.repeat

    @classmethod
    def from_trial(cls, trial: Any) -> TrialRecord:
        """Read an Optuna ``FrozenTrial`` (any process's, finished or not)."""
        attrs = trial.user_attrs
        run = _mapping(attrs.get("run"))
        result = _mapping(attrs.get("result"))
        params = dict(trial.params) or dict(trial.system_attrs.get("fixed_params", {}))
        repeat = params.pop("repeat", attrs.get("repeat", run.get("repeat", 0)))
        state = trial.state.name
        status = result.get("status")
        if state == "RUNNING":
            status = RUNNING
        elif state == "WAITING":
            status = WAITING
        elif not isinstance(status, str):
            status = {"COMPLETE": COMPLETED, "PRUNED": PRUNED}.get(state, LOST)
        final = _mapping(result.get("final"))
        history = _mapping(attrs.get("history"))
        return cls(
            number=trial.number, values=params,
            repeat=repeat if isinstance(repeat, int) else 0,
            seed=run.get("seed") if isinstance(run.get("seed"), int) else None, status=status,
            epochs=len(history.get("epoch", ())), history=dict(history),
            final={k: _number(final.get(k)) for k in FINAL_KEYS},
            score=_number(result.get("score")), message=message_from_data(result.get("message")),
            seconds=_number(result.get("seconds")) or 0.0, host=str(run.get("host", "")),
            pid=run.get("pid") if isinstance(run.get("pid"), int) else None,
            retry_of=attrs.get("retry_of") if isinstance(attrs.get("retry_of"), int) else None,
        )


def says_more(read: TrialRecord, known: TrialRecord) -> bool:
    """Whether a run read from the study says more than the same run as heard of before (the
    study may have been read just before the run's last epoch or its end was written)."""
    if known.status in FINISHED:
        return read.status in FINISHED
    return read.status != RUNNING or read.epochs > known.epochs


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def combination_key(values: Mapping[str, Any]) -> str:
    """A combination of values as one comparable text (names sorted; 32 and 32.0 differ not)."""
    def norm(v: Any) -> Any:
        return float(v) if isinstance(v, int) and not isinstance(v, bool) else v

    return repr(sorted((k, norm(v)) for k, v in values.items()))
