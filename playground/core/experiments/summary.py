"""An experiment's runs as a table: one row per combination of the varied values.

Each row gives the mean and the spread (sample standard deviation) over its seeds of the final
validation and test accuracy and loss, how many runs it has and how they ended, and whether it
is the best. Runs that stood in for nothing (skipped because another process had the same
combination, lost in a crash and run again, stopped and queued again) are left out. For a study
that varies two settings or more, :func:`importance` says which of them mattered most.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import optuna

from playground.core.experiments import records as rec
from playground.core.experiments.definition import Experiment
from playground.core.experiments.records import TrialRecord, combination_key
from playground.core.messages import Message

__all__ = ["Stat", "SummaryRow", "importance", "summarise", "summarise_records"]

SHOWN = (*rec.FINISHED, rec.RUNNING, rec.WAITING)


@dataclass(frozen=True)
class Stat:
    """Mean and sample standard deviation of some runs' values (``std`` None below two)."""

    mean: float | None = None
    std: float | None = None
    count: int = 0

    @classmethod
    def of(cls, values: Iterable[float | None]) -> Stat:
        known = [v for v in values if v is not None and math.isfinite(v)]
        if not known:
            return cls()
        std = statistics.stdev(known) if len(known) > 1 else None
        return cls(statistics.fmean(known), std, len(known))


@dataclass(frozen=True)
class SummaryRow:
    """One combination of the varied values and what its runs gave."""

    values: dict[str, Any]
    score: Stat = field(default_factory=Stat)
    val_accuracy: Stat = field(default_factory=Stat)
    val_loss: Stat = field(default_factory=Stat)
    test_accuracy: Stat = field(default_factory=Stat)
    test_loss: Stat = field(default_factory=Stat)
    runs: int = 0  # runs that ended (every way but skipped, lost or stopped)
    measured: int = 0  # of which with final metrics (completed or stopped at the target)
    pruned: int = 0
    diverged: int = 0
    failed: int = 0
    pending: int = 0  # running or queued
    rose: int = 0  # measured runs whose training loss went above where it started
    epochs: Stat = field(default_factory=Stat)
    numbers: tuple[int, ...] = ()
    best: bool = False
    messages: tuple[Message | str, ...] = ()


def _row(values: dict[str, Any], runs: list[TrialRecord]) -> SummaryRow:
    measured = [r for r in runs if r.status in rec.MEASURED]

    def stat(key: str) -> Stat:
        return Stat.of(r.final.get(key) for r in measured)

    def count(status: str) -> int:
        return sum(r.status == status for r in runs)

    return SummaryRow(
        values, Stat.of(r.score for r in measured), stat("val_accuracy"), stat("val_loss"),
        stat("test_accuracy"), stat("test_loss"),
        runs=sum(r.status in rec.FINISHED for r in runs), measured=len(measured),
        pruned=count(rec.PRUNED), diverged=count(rec.DIVERGED), failed=count(rec.FAILED),
        pending=count(rec.RUNNING) + count(rec.WAITING), rose=sum(r.rose for r in measured),
        epochs=Stat.of(float(r.epochs) for r in runs if r.status in rec.FINISHED),
        numbers=tuple(r.number for r in runs),
        messages=tuple(r.message for r in runs if r.status in (rec.FAILED, rec.DIVERGED)
                       and r.message),
    )


def summarise_records(experiment: Experiment, records: Iterable[TrialRecord]) -> list[SummaryRow]:
    """The table of ``records`` (any order, any process's): a grid's rows in the order of its
    values, every combination shown even before it runs; a search's best first."""
    groups: dict[str, tuple[dict[str, Any], list[TrialRecord]]] = {}
    for values in experiment.combinations():
        groups[combination_key(values)] = (values, [])
    for record in sorted(records, key=lambda r: r.number):
        if record.status not in SHOWN or not record.values:
            continue
        values = {name: record.values.get(name) for name in experiment.names}
        groups.setdefault(combination_key(values), (values, []))[1].append(record)
    rows = [_row(values, runs) for values, runs in groups.values()]
    sign = 1 if experiment.metric == "accuracy" else -1
    if experiment.mode == "search":
        rows.sort(key=lambda row: -sign * row.score.mean if row.score.mean is not None
                  else math.inf)
    scored = [row for row in rows if row.score.mean is not None]
    if scored:
        best = max(scored, key=lambda row: sign * row.score.mean)  # type: ignore[operator]
        rows = [SummaryRow(**{**row.__dict__, "best": True}) if row is best else row
                for row in rows]
    return rows


def summarise(study: optuna.Study) -> list[SummaryRow]:
    """The table of a study opened by :func:`~playground.core.experiments.runner.run_experiment`
    (the experiment is read from the study itself)."""
    from playground.core.experiments.storage import stored_experiment

    experiment = stored_experiment(study)
    return summarise_records(experiment, (TrialRecord.from_trial(t)
                                          for t in study.get_trials(deepcopy=False)))


def importance(study: optuna.Study,
               experiment: Experiment) -> tuple[dict[str, float] | None, Message | None]:
    """Each varied setting's share of the differences between runs (Optuna's fANOVA, summing
    to 1), or None and the reason: fewer than two settings, or too few finished runs."""
    if len(experiment.vary) < 2:
        return None, Message("Which setting mattered most needs two varied settings or more.")
    complete = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
    needed = max(4, 2 * len(experiment.vary))
    if len(complete) < needed:
        return None, Message("Which setting mattered most needs {needed} finished runs; there "
                             "are {done}.", needed=needed, done=len(complete))
    try:
        evaluator = optuna.importance.FanovaImportanceEvaluator(seed=0)
        shares = optuna.importance.get_param_importances(
            study, evaluator=evaluator, params=list(experiment.names))
    except Exception as exc:  # every run with the same value of a setting, for one
        return None, Message("Which setting mattered most could not be worked out: {reason}",
                             reason=str(exc) or type(exc).__name__)
    return {name: float(share) for name, share in shares.items()}, None
