"""Challenges: a goal a lesson sets, checked automatically after every run, and a score.

A lesson may carry one ``challenge`` (lesson format version 3): "reach 97 % test accuracy with
at most 20,000 parameters in at most 3 epochs". Like the rest of a lesson it is plain data,
checked when the lesson is read, so a challenge passed around a classroom runs nothing::

    "challenge": {
      "goal": [{"metric": "test_accuracy", "at_least": 0.97},
               {"metric": "parameters", "at_most": 20000},
               {"metric": "epochs", "at_most": 3}],
      "minimise": "parameters",
      "text": {"en": "<p>…</p>", "es": "<p>…</p>"}
    }

``goal`` lists 1 to :data:`MAX_CONDITIONS` conditions, each a ``metric`` from :data:`METRICS`
and exactly one bound, ``at_least`` or ``at_most``. Accuracies are shares from 0 to 1, losses
numbers of at least 0, ``parameters``, ``layers`` and ``epochs`` whole numbers. ``minimise``
(optional) names a count the score rewards keeping small; the goal must then give it an
``at_most`` limit, which is what "small" is measured against. ``text`` (optional) says the
challenge in the lesson's words.

**Score** (0–100), one rule a student can check by hand:

* a run that meets every condition scores 100, or with ``minimise``
  ``50 + 50 × (1 − value / limit)`` (half the allowed parameters: 75), rounded down, so a pass
  always scores at least 50 and fewer parameters always score more;
* a run that misses a condition scores ``49 × closeness``, rounded down: the mean over the
  conditions of how near each came (1 when met; ``value / target`` for an "at least",
  ``target / value`` for an "at most"), so any pass beats any miss and a near miss beats a
  far one;
* a run that went on from trained weights is not counted (score 0): its epochs would not be
  all the training the network had.

The live progress during a run (:func:`progress`) reads the numbers each epoch gives; the test
set is only measured at the end, so a test metric is shown on the validation data meanwhile.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from playground.core.errors import PlaygroundError
from playground.core.messages import N_
from playground.core.network.spec import NetworkSpec
from playground.core.training.config import TrainingConfig

CHALLENGE_VERSION = 3
MAX_CONDITIONS = 8
MAX_COUNT = 10**9  # parameters, layers, epochs: far beyond anything that trains here
FAILED_SCORE_CAP = 49
PASS_BASE = 50

#: Metric -> (kind, name for people). Kinds: "share" (0 to 1, shown as %), "loss", "count".
METRICS: dict[str, tuple[str, str]] = {
    "test_accuracy": ("share", N_("test accuracy")),
    "validation_accuracy": ("share", N_("validation accuracy")),
    "train_accuracy": ("share", N_("training accuracy")),
    "test_loss": ("loss", N_("test loss")),
    "validation_loss": ("loss", N_("validation loss")),
    "train_loss": ("loss", N_("training loss")),
    "parameters": ("count", N_("parameters")),
    "layers": ("count", N_("layers")),
    "epochs": ("count", N_("epochs")),
}
MINIMISABLE = ("parameters", "layers", "epochs")
BOUNDS = ("at_least", "at_most")


class ChallengeError(PlaygroundError):
    """A challenge object that cannot be read (raised as the lesson's own error by the reader)."""


class LessonText(Protocol):
    """A text the lesson wrote in each language (``lessons.LessonText``, named by what it does
    so that this module does not import the lesson reader that imports it)."""

    def get(self, language: str = "en") -> str: ...


def _expect(condition: bool, template: str, /, **params: Any) -> None:
    if not condition:
        raise ChallengeError(template, **params)


def _real(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


@dataclass(frozen=True)
class Condition:
    """One condition of the goal: ``metric`` at least or at most ``target``."""

    metric: str
    bound: str  # "at_least" | "at_most"
    target: float

    def met(self, value: float | None) -> bool:
        if value is None or not math.isfinite(value):
            return False
        return value >= self.target if self.bound == "at_least" else value <= self.target

    def closeness(self, value: float | None) -> float:
        """1 when met, else how near ``value`` came, from 0 to 1 (see the module's score)."""
        if self.met(value):
            return 1.0
        if value is None or not math.isfinite(value):
            return 0.0
        if self.bound == "at_least":
            return max(0.0, value / self.target) if self.target > 0 else 0.0
        return self.target / value if value > 0 else 0.0


@dataclass(frozen=True)
class Challenge:
    goal: tuple[Condition, ...]
    minimise: str | None = None
    text: LessonText | None = None

    def key(self, lesson_id: str) -> str:
        """The leaderboard's name for this challenge: the lesson and a fingerprint of its
        goal, so attempts at a goal a teacher changed are not ranked with the old ones."""
        goal = json.dumps([[c.metric, c.bound, c.target] for c in self.goal] + [self.minimise])
        return f"{lesson_id}#{hashlib.sha256(goal.encode()).hexdigest()[:8]}"

    def limit(self, metric: str) -> float | None:
        """The goal's ``at_most`` for ``metric``, the tightest one if several."""
        limits = [c.target for c in self.goal if c.metric == metric and c.bound == "at_most"]
        return min(limits) if limits else None


def read_challenge(data: Any, where: str,
                   read_text: Callable[[Any, str], LessonText]) -> Challenge:
    """The challenge at ``where`` (for messages); ``read_text`` checks a text as the lesson
    reader checks all of its texts (both languages, the allowed tags)."""
    _expect(isinstance(data, Mapping), N_("{where} must be an object."), where=where)
    unknown = sorted(set(data) - {"goal", "minimise", "text"}, key=str)
    _expect(not unknown, N_("{where} has an unexpected field {name}."), where=where,
            name=repr(unknown[0]) if unknown else "")
    goal = data.get("goal")
    _expect(isinstance(goal, list) and 1 <= len(goal) <= MAX_CONDITIONS,
            N_("{where}: 'goal' must be a list of 1 to {limit} conditions."), where=where,
            limit=MAX_CONDITIONS)
    conditions = tuple(_condition(c, f"{where} condition {i + 1}") for i, c in enumerate(goal))
    minimise = data.get("minimise")
    if minimise is not None:
        _expect(minimise in MINIMISABLE,
                N_("{where}: 'minimise' must be one of {known}, not {value}."), where=where,
                known=", ".join(MINIMISABLE), value=repr(minimise))
        _expect(any(c.metric == minimise and c.bound == "at_most" for c in conditions),
                N_("{where}: to minimise {metric}, the goal needs an 'at_most' limit for it."),
                where=where, metric=minimise)
    text = read_text(data["text"], f"{where} text") if "text" in data else None
    return Challenge(conditions, minimise, text)


def _condition(data: Any, where: str) -> Condition:
    _expect(isinstance(data, Mapping) and isinstance(data.get("metric"), str),
            N_("{where} must be an object with a 'metric'."), where=where)
    metric = data["metric"]
    _expect(metric in METRICS, N_("{where}: unknown metric {metric}; known metrics: {known}."),
            where=where, metric=repr(metric)[:80], known=", ".join(METRICS))
    unknown = sorted(set(data) - {"metric", *BOUNDS}, key=str)
    _expect(not unknown, N_("{where} has an unexpected field {name}."), where=where,
            name=repr(unknown[0])[:80] if unknown else "")
    bounds = [b for b in BOUNDS if b in data]
    _expect(len(bounds) == 1, N_("{where} needs exactly one of 'at_least' and 'at_most'."),
            where=where)
    bound, target = bounds[0], data[bounds[0]]
    kind = METRICS[metric][0]
    if kind == "share":
        _expect(_real(target) and 0 <= target <= 1,
                N_("{where}: {metric} is a share from 0 to 1 (0.97 for 97%), not {value}."),
                where=where, metric=metric, value=repr(target)[:40])
    elif kind == "loss":
        _expect(_real(target) and target >= 0,
                N_("{where}: {metric} must be a number of at least 0, not {value}."),
                where=where, metric=metric, value=repr(target)[:40])
    else:
        _expect(isinstance(target, int) and not isinstance(target, bool)
                and 0 <= target <= MAX_COUNT,
                N_("{where}: {metric} must be a whole number from 0 to {limit}, not {value}."),
                where=where, metric=metric, limit=MAX_COUNT, value=repr(target)[:40])
    return Condition(metric, bound, float(target))


# -- measuring ----------------------------------------------------------------------------------
def parameter_count(spec: NetworkSpec) -> int | None:
    """The network's parameters, or None when it cannot be analysed (it would not train)."""
    from playground.core.network.shapes import analyse

    analysis = analyse(spec)
    return analysis.total_params if analysis.ok else None


def _last(history: Mapping[str, list[Any]], key: str) -> float | None:
    values = [v for v in history.get(key, []) if v is not None]
    return float(values[-1]) if values else None


def measure(metric: str, spec: NetworkSpec, result: Any) -> float | None:
    """``metric`` of a finished run (a ``TrainingResult``); None when it was not measured."""
    if metric == "parameters":
        count = parameter_count(spec)
        return float(count) if count is not None else None
    if metric == "layers":
        return float(len(spec.layers))
    if metric == "epochs":
        return float(result.epochs_completed)
    test = result.test
    if metric == "test_accuracy":
        return test.accuracy if test is not None and test.accuracy is not None else None
    if metric == "test_loss":
        return test.loss if test is not None else None
    key = {"validation_accuracy": "val_accuracy", "validation_loss": "val_loss"}.get(metric,
                                                                                    metric)
    return _last(result.history, key)


@dataclass(frozen=True)
class Check:
    """One condition with what was measured."""

    condition: Condition
    value: float | None

    @property
    def met(self) -> bool:
        return self.condition.met(self.value)


@dataclass(frozen=True)
class ChallengeOutcome:
    checks: tuple[Check, ...]
    passed: bool
    score: int
    counted: bool = True  # False: the run went on from trained weights

    @property
    def met_count(self) -> int:
        return sum(check.met for check in self.checks)


def score(challenge: Challenge, checks: tuple[Check, ...]) -> int:
    """The score of the module's rule, from 0 to 100."""
    if not all(check.met for check in checks):
        closeness = sum(c.condition.closeness(c.value) for c in checks) / len(checks)
        return min(FAILED_SCORE_CAP, math.floor(FAILED_SCORE_CAP * closeness))
    if challenge.minimise is None:
        return 100
    limit = challenge.limit(challenge.minimise)
    # Read from the checks: the goal has an "at_most" condition on the minimised count.
    value = next((c.value for c in checks if c.condition.metric == challenge.minimise), None)
    if not limit or value is None:  # a limit of 0 met: nothing left to save
        return 100
    saved = max(0.0, min(1.0, 1 - value / limit))
    return PASS_BASE + math.floor((100 - PASS_BASE) * saved + 1e-9)


def evaluate(challenge: Challenge, spec: NetworkSpec, config: TrainingConfig,
             result: Any) -> ChallengeOutcome:
    """Check the finished run ``result`` (a ``TrainingResult``) of ``spec`` against the goal.

    ``config`` is the run's settings: a condition on epochs counts the epochs the run really
    completed, which a stopped run may have fewer of than ``config.epochs`` says.
    """
    del config  # the result's own numbers decide; kept in the signature for the callers' sake
    checks = tuple(Check(c, measure(c.metric, spec, result)) for c in challenge.goal)
    start = getattr(result, "weights_start", None)
    if start is not None and start.continued:
        return ChallengeOutcome(checks, False, 0, counted=False)
    ok = result.status in ("completed", "early_stopped", "stopped")
    passed = ok and all(check.met for check in checks)
    value = score(challenge, checks)
    # A run that failed (diverged) does not pass, even when its numbers would.
    return ChallengeOutcome(checks, passed, value if passed else min(value, FAILED_SCORE_CAP))


def challenge_to_dict(challenge: Challenge) -> dict[str, Any]:
    """``challenge`` as the JSON object a lesson file holds (what :func:`read_challenge` reads
    back equal): counts written whole, as their authors write them."""
    goal = [{"metric": c.metric,
             c.bound: int(c.target) if METRICS[c.metric][0] == "count" else c.target}
            for c in challenge.goal]
    data: dict[str, Any] = {"goal": goal}
    if challenge.minimise is not None:
        data["minimise"] = challenge.minimise
    if challenge.text is not None:
        data["text"] = {"en": challenge.text.get("en"), "es": challenge.text.get("es")}
    return data
