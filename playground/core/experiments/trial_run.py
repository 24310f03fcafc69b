"""One run of an experiment: train with the trial's values, report each epoch, stop when told.

Kept apart from the study loop so a single training run can use the same pieces: the
:class:`TargetStop` listener ends any run once its validation accuracy reaches a target, by the
rule of :mod:`playground.core.training.target` (the one a single run's ``target_accuracy`` is
checked with in the loop itself), and :func:`experiment_data` loads the data an
experiment's runs train on, once per preprocessing (and per seed where the data depends on it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from playground.core.data.datasets import load_dataset
from playground.core.data.registry import OWN_CLASSES_NAME, registry_kind
from playground.core.experiments.definition import Experiment
from playground.core.training.config import TrainingConfig
from playground.core.training.control import TrainingControl
from playground.core.training.events import BatchProgress, EpochEnd, TrainingEvent
from playground.core.training.loop import Trainer, TrainingData
from playground.core.training.result import TrainingResult
from playground.core.training.target import epoch_value, reached

# ``reached`` and ``epoch_value`` are the training package's own target rule, named here too
# for the study loop.
__all__ = ["RunOutcome", "TargetStop", "epoch_value", "experiment_data", "reached", "train_one"]

DataSource = Callable[[TrainingConfig], TrainingData]
HISTORY = ("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "seconds")


class TargetStop:
    """A training listener that stops the run once an epoch reaches ``target``.

    ``stop`` is what ends the run (``TrainingControl.stop``: the run finishes the batch, is
    evaluated on the test set and saved as a stopped run). ``reached_at`` is the epoch that
    reached it, or None.
    """

    def __init__(self, target: float, stop: Callable[[], None], metric: str = "accuracy") -> None:
        self.target, self.stop, self.metric = target, stop, metric
        self.reached_at: int | None = None

    def __call__(self, event: TrainingEvent) -> None:
        if self.reached_at is None and isinstance(event, EpochEnd) and \
                reached(epoch_value(event, self.metric), self.target, self.metric):
            self.reached_at = event.epoch
            self.stop()


def experiment_data(experiment: Experiment) -> DataSource:
    """The data each run trains on, loaded as the ``train`` command loads it (the experiment's
    sample limit and dataset options) and kept for the next run that needs the same."""
    name = experiment.spec.dataset
    fixed_split = registry_kind(name) == "image" and name != OWN_CLASSES_NAME
    cache: dict[tuple[str, int | None], TrainingData] = {}

    def data_for(config: TrainingConfig) -> TrainingData:
        key = (config.preprocessing, None if fixed_split else config.seed)
        if key not in cache:
            if len(cache) >= 2:
                cache.pop(next(iter(cache)))
            cache[key] = load_dataset(name, preprocessing=config.preprocessing,
                                      limit=experiment.limit, seed=config.seed,
                                      **experiment.dataset_options)
        return cache[key]

    return data_for


@dataclass
class RunOutcome:
    """How a run went: its result, its per-epoch history, and what ended it early."""

    result: TrainingResult | None = None
    history: dict[str, list[Any]] = field(default_factory=lambda: {k: [] for k in HISTORY})
    pruned: bool = False
    target: bool = False
    stopped: bool = False

    def final(self) -> dict[str, float | None]:
        """The last validation and the test metrics, and the loss of the very first batch
        (``start_loss``: a training loss that rises above it took too big a step)."""
        h, result = self.history, self.result
        test = result.test if result is not None else None
        return {"val_accuracy": h["val_accuracy"][-1] if h["val_accuracy"] else None,
                "val_loss": h["val_loss"][-1] if h["val_loss"] else None,
                "test_accuracy": test.accuracy if test is not None else None,
                "test_loss": test.loss if test is not None else None,
                "start_loss": result.batch_losses[0] if result and result.batch_losses
                else None}

    def score(self, experiment: Experiment) -> float | None:
        """What the experiment compares: the final validation metric (the test one when the
        run kept no validation set, or the experiment compares on the test set)."""
        final = self.final()
        kind = "accuracy" if experiment.metric == "accuracy" else "loss"
        first = "val_" if experiment.measure == "validation" else "test_"
        value = final[first + kind]
        return final["test_" + kind] if value is None else value


def train_one(
    experiment: Experiment, config: TrainingConfig, spec: Any, data: TrainingData, *,
    report: Callable[[float, int], bool] | None = None,
    on_epoch: Callable[[RunOutcome], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    target: float | None = None, cpu_threads: int | None = None,
) -> RunOutcome:
    """Train one run. ``report(value, epoch)`` hands each epoch's value to the pruner and
    answers whether to prune (checked before the last epoch only: a run about to finish is let
    finish); ``should_stop()`` is asked between batches (a stop throws the run away)."""
    control, outcome = TrainingControl(), RunOutcome()
    validation = config.validation_split > 0

    def on_event(event: TrainingEvent) -> None:
        if isinstance(event, EpochEnd):
            for key in HISTORY:
                outcome.history[key].append(getattr(event, key))
            value = epoch_value(event, experiment.metric, validation)
            prune = report is not None and value is not None and report(value, event.epoch)
            if reached(value, target, experiment.metric):
                outcome.target = True
                control.stop()
            elif prune and event.epoch < config.epochs:
                outcome.pruned = True
                control.abort()
            if on_epoch is not None:
                on_epoch(outcome)
        if isinstance(event, (BatchProgress, EpochEnd)) and should_stop is not None and \
                not outcome.stopped and should_stop():
            outcome.stopped = True
            control.abort()

    trainer = Trainer(spec, config, data, control=control, on_event=on_event,
                      cpu_threads=cpu_threads)
    outcome.result = trainer.run()
    return outcome
