"""A challenge in words: its goal, the live progress line of a run, and a run's outcome.

Every line is a :class:`~playground.core.messages.Message`, so the window renders it in the
student's language with that language's numbers ("93,1 %" and "18.410" in Spain). A condition
reads "parameters 18,410 of ≤ 20,000 ✓": what the network has now, the limit, and a mark once
it is known whether the condition holds.
"""

from __future__ import annotations

from typing import Any

from playground.core.messages import N_, Message
from playground.core.network.spec import NetworkSpec
from playground.core.teaching.challenges import (
    METRICS,
    Challenge,
    ChallengeOutcome,
    Condition,
    parameter_count,
)
from playground.core.training.config import TrainingConfig

MET, MISSED = "✓", "✗"

_AT_LEAST = N_("{metric} at least {target}")
_AT_MOST = N_("{metric} at most {target}")
_OF_AT_LEAST = N_("{metric} {value} of ≥ {target} {mark}")
_OF_AT_MOST = N_("{metric} {value} of ≤ {target} {mark}")


def amount(metric: str, value: float | None) -> Message | int | float | str:
    """``value`` as it is written for ``metric``: a share as a percentage, a count whole."""
    if value is None:
        return "–"
    kind = METRICS[metric][0]
    if kind == "share":
        return Message(N_("{percent:.1f}%"), percent=round(value * 100, 1))
    if kind == "count":
        return round(value)
    return round(value, 4)


def _target(condition: Condition) -> Message | int | float | str:
    """A goal's number as its author wrote it: 97%, not 97.0%."""
    if METRICS[condition.metric][0] == "share":
        return Message(N_("{percent:g}%"), percent=round(condition.target * 100, 2))
    return amount(condition.metric, condition.target)


def _name(metric: str) -> Message:
    return Message(METRICS[metric][1])


def _bound_template(condition: Condition, at_least: str, at_most: str) -> str:
    """The template for the condition's bound (kept out of ``Message(...)`` so the extractor
    does not take the bound's name for a text to translate)."""
    return at_least if condition.bound == "at_least" else at_most


def goal_lines(challenge: Challenge) -> list[Message]:
    """The goal, one condition a line, and what the score rewards."""
    lines = [Message(_bound_template(c, _AT_LEAST, _AT_MOST), metric=_name(c.metric),
                     target=_target(c)) for c in challenge.goal]
    if challenge.minimise is not None:
        lines.append(Message(N_("The fewer {metric}, the higher the score."),
                             metric=_name(challenge.minimise)))
    return lines


def condition_line(condition: Condition, value: float | None, mark: str = "",
                   *, metric: Message | None = None) -> Message:
    """"{metric} {value} of ≥ {target}" followed by ``mark`` (✓, ✗ or nothing: the rendered
    text then ends in a space, which the reader strips)."""
    template = _bound_template(condition, _OF_AT_LEAST, _OF_AT_MOST)
    return Message(template, metric=metric or _name(condition.metric),
                   value=amount(condition.metric, value), target=_target(condition), mark=mark)


def _live(metric: str, epoch: Any) -> tuple[float | None, Message | None]:
    """What an epoch's numbers (an ``EpochEnd``) say of ``metric``, and, for a test metric,
    the name of the stand-in shown until the test set is measured at the end."""
    if epoch is None:
        return None, None
    train = {"accuracy": epoch.train_accuracy, "loss": epoch.train_loss}
    val = {"accuracy": epoch.val_accuracy, "loss": epoch.val_loss}
    kind = "accuracy" if metric.endswith("accuracy") else "loss"
    if metric.startswith("train"):
        return train[kind], None
    if metric.startswith("validation"):
        return val[kind], None
    name = _name(metric)
    if val[kind] is not None:
        return val[kind], Message(N_("{metric} (validation so far)"), metric=name)
    return train[kind], Message(N_("{metric} (training so far)"), metric=name)


def progress(challenge: Challenge, spec: NetworkSpec, config: TrainingConfig,
             epoch_metrics: Any = None) -> list[Message]:
    """One line a condition for the run under way: ``epoch_metrics`` is the newest epoch's
    numbers (an ``EpochEnd``), or None before the first epoch ends (or before a run).

    What is known before the run ends is marked: the parameters and layers of ``spec``, and
    the epochs ``config`` will train ("epoch 2 of ≤ 3 ✓"). Accuracies and losses are shown
    without a mark: the last epoch decides them, a test metric only once the test set is
    measured, so meanwhile it is shown on the validation data (or the training data).
    """
    lines: list[Message] = []
    for c in challenge.goal:
        if c.metric in ("parameters", "layers"):
            count = parameter_count(spec) if c.metric == "parameters" else len(spec.layers)
            value = float(count) if count is not None else None
            lines.append(condition_line(c, value, MET if c.met(value) else MISSED))
        elif c.metric == "epochs":
            planned = c.met(float(config.epochs))
            if epoch_metrics is None:
                lines.append(condition_line(c, float(config.epochs), MET if planned else MISSED))
            else:
                lines.append(Message(N_("epoch {value} of ≤ {target} {mark}"),
                                     value=epoch_metrics.epoch, target=_target(c),
                                     mark=MET if planned else MISSED))
        else:
            value, stand_in = _live(c.metric, epoch_metrics)
            lines.append(condition_line(c, value, metric=stand_in))
    return lines


def outcome_lines(outcome: ChallengeOutcome) -> list[Message]:
    """The verdict, then each condition with what was measured and ✓ or ✗."""
    if not outcome.counted:
        head = Message(N_("This run went on from trained weights, so it does not count: a "
                          "challenge counts runs that start from fresh weights. Train again "
                          "from the start."))
    elif outcome.passed:
        head = Message(N_("Challenge passed! Score {score} of 100."), score=outcome.score)
    else:
        head = Message(N_("Not yet: {met} of {total} conditions met. Score {score} of 100."),
                       met=outcome.met_count, total=len(outcome.checks), score=outcome.score)
    return [head, *(condition_line(check.condition, check.value,
                                   MET if check.met else MISSED) for check in outcome.checks)]
