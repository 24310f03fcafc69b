"""Running an experiment as an Optuna study, alone or with other processes on one storage.

Optuna does the scheduling: a :class:`~optuna.samplers.GridSampler` over the grid's values times
the repeats (so every combination with every seed runs once), or a seeded
:class:`~optuna.samplers.TPESampler` for a search, the median pruner, and the storage. This
module adds what a shared classroom study needs on top: before each run it checks what is left
(runs finished or under way in any process are not started again; a run another process took at
the same moment is skipped, the earlier one keeps it), it queues again the runs a dead process
left behind, and it stops at the target, on request, or when the work is done.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import optuna

from playground.core.errors import PlaygroundError
from playground.core.experiments import records as rec
from playground.core.experiments.definition import Experiment
from playground.core.experiments.planning import queue, queue_grid, taken, work_left
from playground.core.experiments.records import TrialRecord, combination_key, message_to_data
from playground.core.experiments.settings import ExperimentError
from playground.core.experiments.storage import (
    QUEUED,
    TARGET_ATTR,
    open_storage,
    open_study,
    quiet_optuna,
    recover_lost_trials,
    this_host,
)
from playground.core.experiments.summary import SummaryRow, importance, summarise_records
from playground.core.experiments.trial_run import (
    DataSource,
    RunOutcome,
    experiment_data,
    reached,
    train_one,
)
from playground.core.messages import Message
from playground.core.network.shapes import infer_shapes
from playground.core.training.threads import choose_threads

__all__ = ["ExperimentResult", "run_experiment"]

MAX_SKIPS_IN_A_ROW = 20  # a search that keeps drawing points already tried has run dry
# A running run's curves are written to the storage at most this often (each write is a
# transaction; short epochs would spend more time writing than training).
HISTORY_EVERY_SECONDS = 2.0


@dataclass(frozen=True)
class ExperimentResult:
    """Where the study stands after this process's share: every run of the study (any
    process's), the summary table, parameter importance, and why this process stopped:
    ``finished`` (nothing left), ``target``, ``stopped`` (asked to), ``limit`` (``max_runs``)
    or ``exhausted`` (a search found no new point)."""

    experiment: Experiment
    study_name: str
    storage_url: str | None
    records: tuple[TrialRecord, ...]
    rows: tuple[SummaryRow, ...]
    stopped: str
    ran: tuple[int, ...]
    recovered: tuple[int, ...]
    seconds: float
    importance: dict[str, float] | None = None
    importance_note: Message | None = None
    target: float | None = None
    target_trial: int | None = None


class _Skip(Exception):
    """Another process has this combination: the trial ends without training."""


class _Ended(Exception):
    """The run ended without a value to compare (failed, or stopped): the trial is failed."""


def run_experiment(
    experiment: Experiment,
    storage_url: str | None,
    study_name: str,
    data: Any = None,
    on_trial: Callable[[TrialRecord], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    target: float | None = None,
    *,
    cpu_threads: int | None = None,
    max_runs: int | None = None,
) -> ExperimentResult:
    """Run what is left of ``experiment`` in study ``study_name`` at ``storage_url``.

    ``data``: the training data for every run, or a function of the run's configuration that
    returns it, or None to load it as :func:`experiment_data` does. ``on_trial`` gets a
    :class:`TrialRecord` when a run starts, after each epoch and when it ends. ``should_stop``
    is asked between batches; a run it stops is queued again for later. ``target`` (default:
    the experiment's) ends a run, and the experiment, once reached. ``cpu_threads``: per run
    (None: chosen from the network's size). ``max_runs``: at most this many runs here.
    """
    started = time.perf_counter()
    target = experiment.target if target is None else target
    source = _source(experiment, data)
    source(experiment.config)  # a dataset that cannot load is refused before any run starts
    with quiet_optuna():
        storage = open_storage(storage_url)
        study, created = open_study(storage, study_name, experiment)
        if created and experiment.mode == "grid":
            queue_grid(study, experiment)
        runner = _Runner(experiment, study, source, on_trial, should_stop, target, cpu_threads)
        stopped = runner.loop(max_runs, lambda: recover_lost_trials(study, storage))
        records = tuple(TrialRecord.from_trial(t) for t in study.get_trials(deepcopy=False))
        weights, note = importance(study, experiment)
        reached_by = study.user_attrs.get(TARGET_ATTR)
    return ExperimentResult(
        experiment, study_name, storage_url, records, tuple(summarise_records(experiment,
                                                                              records)),
        stopped, tuple(runner.ran), tuple(runner.recovered), time.perf_counter() - started,
        weights,
        note, target, reached_by.get("trial") if isinstance(reached_by, dict) and
        reached(reached_by.get("score"), target, experiment.metric) else None)


def _source(experiment: Experiment, data: Any) -> DataSource:
    if data is None:
        return experiment_data(experiment)
    if callable(data):
        return data  # type: ignore[no-any-return]
    if "preprocessing" in experiment.names:
        raise ExperimentError("The experiment varies the preprocessing, so each run loads its "
                              "own data: give no data, or a function that loads it.")
    return lambda config: data


def _copy(history: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """A run's curves as they are now, for a listener on another thread (the run goes on)."""
    return {key: list(values) for key, values in history.items()}


class _Runner:
    """One process's share of a study: the loop, and the objective Optuna calls per trial."""

    def __init__(self, experiment: Experiment, study: optuna.Study, source: DataSource,
                 on_trial: Callable[[TrialRecord], None] | None,
                 should_stop: Callable[[], bool] | None, target: float | None,
                 cpu_threads: int | None) -> None:
        self.experiment, self.study, self.source = experiment, study, source
        self.on_trial, self.should_stop, self.target = on_trial, should_stop, target
        self.cpu_threads = cpu_threads
        self.ran: list[int] = []
        self.recovered: list[int] = []
        self.last: str = ""
        self.started = self.saved = 0.0

    def loop(self, max_runs: int | None, recover: Callable[[], list[int]]) -> str:
        """Run trials until none is left, or a stop; why it ended. ``recover`` queues again
        the runs of dead processes (checked before each run: a neighbour may die meanwhile)."""
        skips, budget = 0, 3 * self._expected() + 20
        while budget > 0:
            budget -= 1
            self.recovered += recover()
            if self.should_stop is not None and self.should_stop():
                return "stopped"
            if self._target_reached():
                return "target"
            if max_runs is not None and len(self.ran) >= max_runs:
                return "limit"
            if not work_left(self.study, self.experiment):
                return "finished"
            self.study.optimize(self._objective, n_trials=1, catch=(_Skip, _Ended))
            if self.last == rec.SKIPPED:
                skips += 1
                if self.experiment.mode == "search":
                    self.study.sampler.reseed_rng()  # two processes drew the same point
                if skips >= MAX_SKIPS_IN_A_ROW:
                    return "exhausted"
            else:
                skips = 0
            if self.last == rec.STOPPED:
                return "stopped"
            if self.last == rec.TARGET:
                return "target"
        return "exhausted"

    def _target_reached(self) -> bool:
        """Whether a run of the study (any process's) has reached this run's target."""
        reached_by = self.study.user_attrs.get(TARGET_ATTR)
        return isinstance(reached_by, dict) and reached(reached_by.get("score"), self.target,
                                                        self.experiment.metric)

    def _expected(self) -> int:
        e = self.experiment
        return len(e.combinations()) * e.repeats if e.mode == "grid" else e.trials * e.repeats

    # -- one trial ---------------------------------------------------------------------------
    def _suggest(self, trial: optuna.Trial) -> tuple[dict[str, Any], int]:
        e, values = self.experiment, {}
        for v in e.vary:
            if v.kind != "range":
                values[v.name] = trial.suggest_categorical(v.name, list(v.values))
            elif e.whole(v):
                values[v.name] = trial.suggest_int(v.name, int(v.low), int(v.high),  # type: ignore[arg-type]
                                                   log=v.log)
            else:
                values[v.name] = trial.suggest_float(v.name, v.low, v.high, log=v.log)  # type: ignore[arg-type]
        if e.mode == "grid":
            return values, trial.suggest_categorical("repeat", list(range(e.repeats)))
        repeat = trial.user_attrs.get("repeat", 0)
        return values, repeat if isinstance(repeat, int) else 0

    def _objective(self, trial: optuna.Trial) -> float:
        self.last = rec.FAILED
        if self.experiment.mode == "grid" and not trial.user_attrs.get(QUEUED):
            self._skip(trial)  # another process took the last queued run as this one asked
        values, repeat = self._suggest(trial)
        if taken(self.study, (combination_key(values), repeat), trial.number):
            self._skip(trial)
        self.ran.append(trial.number)
        base = {"number": trial.number, "values": values, "repeat": repeat,
                "seed": self.experiment.config.seed + repeat, "host": this_host(),
                "pid": os.getpid(), "retry_of": trial.user_attrs.get("retry_of")}
        trial.set_user_attr("run", {key: base[key] for key in ("seed", "host", "pid", "repeat")})
        self._tell(TrialRecord(**base))
        outcome, self.started = RunOutcome(), time.perf_counter()
        self.saved = self.started
        try:
            spec, config = self.experiment.setup(values, repeat)
            threads = self.cpu_threads or choose_threads(
                infer_shapes(spec).macs * config.batch_size)
            outcome = train_one(
                self.experiment, config, spec, self.source(config),
                report=(lambda value, step: self._report(trial, value, step))
                if self.experiment.prunes else None,
                on_epoch=lambda o: self._epoch(trial, base, o),
                should_stop=self.should_stop, target=self.target, cpu_threads=threads)
        except Exception as exc:  # the run failed: recorded, never a crash of the experiment
            error = f"{type(exc).__name__}: {exc}"  # the program's own words, as they are
            message = exc.message if isinstance(exc, PlaygroundError) else Message(
                "The run stopped with an error: {error}", error=error)
            return self._end(trial, base, outcome, rec.FAILED, message)
        result = outcome.result
        assert result is not None
        if outcome.stopped:
            queue(self.study, self.experiment, values, repeat, trial.number)
            return self._end(trial, base, outcome, rec.STOPPED, "")
        if outcome.pruned:
            return self._end(trial, base, outcome, rec.PRUNED, "")
        if result.status == "failed":
            return self._end(trial, base, outcome, rec.FAILED, result.message)
        status = rec.DIVERGED if result.status == "diverged" else (
            rec.TARGET if outcome.target else rec.COMPLETED)
        value = self._end(trial, base, outcome, status, result.message)
        if status == rec.TARGET:
            self.study.set_user_attr(TARGET_ATTR, {"trial": trial.number, "score": value})
        elif self.experiment.mode == "search" and repeat == 0:
            for other in range(1, self.experiment.repeats):
                queue(self.study, self.experiment, values, other, None)
        return value

    def _skip(self, trial: optuna.Trial) -> None:
        trial.set_user_attr("result", {"status": rec.SKIPPED})
        self.last = rec.SKIPPED
        raise _Skip

    def _report(self, trial: optuna.Trial, value: float, step: int) -> bool:
        """Give the pruner this epoch's value; whether to prune. (Only when pruning: each
        report is a write to the storage.)"""
        trial.report(value, step)
        return trial.should_prune()

    def _epoch(self, trial: optuna.Trial, base: dict[str, Any], outcome: RunOutcome) -> None:
        if time.perf_counter() - self.saved >= HISTORY_EVERY_SECONDS:
            trial.set_user_attr("history", outcome.history)  # other processes see progress
            self.saved = time.perf_counter()
        self._tell(TrialRecord(**base, epochs=len(outcome.history["epoch"]),
                               history=_copy(outcome.history)))

    def _end(self, trial: optuna.Trial, base: dict[str, Any], outcome: RunOutcome, status: str,
             message: Message | str) -> float:
        """Record how the run ended; the value Optuna keeps, or the exception that ends it."""
        score = outcome.score(self.experiment) if status in rec.MEASURED else None
        seconds = time.perf_counter() - self.started  # the whole run: data, training, tests
        trial.set_user_attr("history", outcome.history)
        trial.set_user_attr("result", {"status": status, "final": outcome.final(),
                                       "score": score, "seconds": seconds,
                                       "message": message_to_data(message)})
        self.last = status
        self._tell(TrialRecord(**base, status=status, epochs=len(outcome.history["epoch"]),
                               history=_copy(outcome.history), final=outcome.final(), score=score,
                               message=message, seconds=seconds))
        if status == rec.PRUNED:
            raise optuna.TrialPruned
        if status in (rec.FAILED, rec.STOPPED):
            raise _Ended
        if score is None:  # diverged: the worst there is, for the search to steer away
            return 0.0 if self.experiment.metric == "accuracy" else float("inf")
        return score

    def _tell(self, record: TrialRecord) -> None:
        if self.on_trial is not None:
            self.on_trial(record)

