"""What is left of a study, read afresh from the storage before every run.

Several processes may work on one study, each finishing, taking and queueing runs, so nothing
here is remembered between runs: each decision reads the study's trials.

A grid's runs are all queued when its study is created, by the one process that created it,
in the order the values were given (every value with the first seed, then with the next): each
process takes the next queued run, and taking one is a single storage transaction, so no two
processes ever take the same run. (Optuna's ``GridSampler`` can hand the same point to two
workers that ask at once, as its documentation says; the queue cannot.) A run that ended with
nothing (stopped, or lost with its process) is queued again by the process that found it so.
A search draws new points from its sampler; once a point has a result, its other seeds are
queued.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import optuna

from playground.core.experiments import records as rec
from playground.core.experiments.definition import Experiment
from playground.core.experiments.records import TrialRecord, combination_key
from playground.core.experiments.storage import QUEUED, QUEUED_ATTR

__all__ = ["queue", "queue_grid", "taken", "work_left"]

Key = tuple[str, int]
STALLED_SECONDS = 10.0  # a grid still not queued after this long without a new run: take over


def queue(study: optuna.Study, experiment: Experiment, values: dict[str, Any], repeat: int,
          retry_of: int | None = None) -> None:
    """Queue a run of ``values`` with repeat ``repeat`` (``retry_of``: the run it replaces).
    A grid's repeat is one of its parameters; a search keeps it beside them, so that the
    search does not take it for a setting."""
    attrs: dict[str, Any] = {QUEUED: True}
    if retry_of is not None:
        attrs["retry_of"] = retry_of
    params = dict(values)
    if experiment.mode == "grid":
        params["repeat"] = repeat
    else:
        attrs["repeat"] = repeat
    study.enqueue_trial(params, user_attrs=attrs)


def queue_grid(study: optuna.Study, experiment: Experiment) -> None:
    """Queue every run of a grid, then mark the study as queued (its creator does this)."""
    for repeat in range(experiment.repeats):
        for values in experiment.combinations():
            queue(study, experiment, values, repeat)
    study.set_user_attr(QUEUED_ATTR, len(experiment.combinations()) * experiment.repeats)


def taken(study: optuna.Study, key: Key, number: int) -> bool:
    """Whether a trial other than ``number`` has this combination: one with a result, or an
    earlier one running or queued. (A second guard: only a queue filled twice by two processes
    at once, after a crash, could give two trials the same combination.)"""
    for trial in study.get_trials(deepcopy=False):
        if trial.number == number:
            continue
        other = TrialRecord.from_trial(trial)
        if other.key == key and (other.status in rec.FINISHED or (
                other.status in (rec.RUNNING, rec.WAITING) and trial.number < number)):
            return True
    return False


def _wait_for_grid(study: optuna.Study, experiment: Experiment,
                   clock: Callable[[], float] = time.monotonic,
                   pause: Callable[[float], None] = time.sleep) -> None:
    """Wait while the study's creator queues the grid (a moment); if it stops adding runs
    (it crashed while queueing), the missing runs are queued by :func:`work_left`."""
    count, changed = -1, clock()
    while QUEUED_ATTR not in study.user_attrs:
        now = len(study.get_trials(deepcopy=False))
        if now != count:
            count, changed = now, clock()
        elif clock() - changed > STALLED_SECONDS:
            study.set_user_attr(QUEUED_ATTR, count)
            return
        pause(0.1)


def work_left(study: optuna.Study, experiment: Experiment) -> bool:
    """Whether a run remains for this process to take; first queues again the combinations
    whose run ended with nothing and that nobody queued since.

    A grid wants every combination with every repeat; a search wants ``trials`` points and,
    once a point has a result, its other repeats.
    """
    e = experiment
    if e.mode == "grid":
        _wait_for_grid(study, e)
    records = [TrialRecord.from_trial(t) for t in study.get_trials(deepcopy=False)]
    done = {r.key for r in records if r.status in rec.FINISHED}
    running = {r.key for r in records if r.status == rec.RUNNING}
    waiting = {r.key for r in records if r.status == rec.WAITING}
    if e.mode == "grid":
        wanted = {(combination_key(c), r) for c in e.combinations() for r in range(e.repeats)}
        values = {combination_key(c): c for c in e.combinations()}
    else:
        wanted = {r.key for r in records if r.repeat == 0 and r.key in done | running | waiting}
        for r in records:  # the other seeds of every point that gave a result
            if r.repeat == 0 and r.status in (rec.COMPLETED, rec.DIVERGED):
                wanted |= {(r.key[0], n) for n in range(1, e.repeats)}
        values = {r.key[0]: r.values for r in records if r.values}
    orphans = {r.key: r.number for r in records if r.status in (rec.LOST, rec.STOPPED)}
    for key in sorted(wanted - done - running - waiting):
        queue(study, e, values[key[0]], key[1], orphans.get(key))
    left = wanted - done - running
    if e.mode == "search":
        points = {k for k, n in wanted if n == 0}
        return bool(left) or len(points) < e.trials
    return bool(left)
