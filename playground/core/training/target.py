"""Stopping at a target: one rule for a single run's ``target_accuracy`` and an experiment's.

"Train until it gets 97 % right" is how a student thinks of a run, so a run can end after the
first epoch that reaches a target. :func:`reached` is the one comparison (an accuracy at or
above the target, a loss at or below); the training loop uses it for
``TrainingConfig.target_accuracy`` and an experiment's runs use it, through
:class:`~playground.core.experiments.trial_run.TargetStop`, for the experiment's target.

What is measured against the target is always held-out data when the run has any: the
validation accuracy. A single run without a validation split is measured on the test set
(evaluated after each epoch only then), and its final message says so, because stopping on the
test set makes its test accuracy a little optimistic. An experiment's per-epoch value
(:func:`epoch_value`, also what its pruner sees) falls back to the training accuracy instead:
it never looks at the test set before its runs are compared.
"""

from __future__ import annotations

import math

from playground.core.messages import N_, Message
from playground.core.training.events import EpochEnd

__all__ = ["TARGET_REACHED", "epoch_value", "reached", "target_message", "target_warnings"]

#: ``TrainingResult.status`` of a run that ended at its target accuracy.
TARGET_REACHED = "target_reached"

REACHED_ON_VALIDATION = N_("Reached the target {target:.1%} at epoch {epoch}: validation "
                           "accuracy {accuracy:.2%}.")
REACHED_ON_TEST = N_("Reached the target {target:.1%} at epoch {epoch}: test accuracy "
                     "{accuracy:.2%} (no samples were held out for validation, so the test set "
                     "decided when to stop).")
IGNORED_FOR_NUMBERS = N_("The target accuracy is ignored: this network predicts numbers, not "
                         "classes, so it has no accuracy.")


def reached(value: float | None, target: float | None, metric: str = "accuracy") -> bool:
    """Whether ``value`` meets ``target``: an accuracy at or above it, a loss at or below."""
    if value is None or target is None or not math.isfinite(value):
        return False
    return value >= target if metric == "accuracy" else value <= target


def epoch_value(event: EpochEnd, metric: str = "accuracy", validation: bool = True) -> float | None:
    """What an experiment's epoch reports to the pruner and the target: the validation accuracy
    (or loss), or the training one when the run keeps no validation set."""
    if metric == "accuracy":
        held_out, training = event.val_accuracy, event.train_accuracy
    else:
        held_out, training = event.val_loss, event.train_loss
    return held_out if validation and held_out is not None else training


def target_message(target: float, accuracy: float | None, epoch: int,
                   on_test: bool = False) -> Message | None:
    """The run's final message when ``accuracy`` (measured after ``epoch``, on the validation
    set or, ``on_test``, the test set) reaches ``target``; None while it has not (or the target
    is 0: off)."""
    if target <= 0 or not reached(accuracy, target):
        return None
    template = REACHED_ON_TEST if on_test else REACHED_ON_VALIDATION
    return Message(template, target=target, epoch=epoch, accuracy=accuracy)


def target_warnings(target: float, regression: bool) -> tuple[Message, ...]:
    """A warning for the run's list when a target is set that the run cannot measure."""
    return (Message(IGNORED_FOR_NUMBERS),) if target > 0 and regression else ()
