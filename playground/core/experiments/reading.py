"""A study read back as it stands, by a process that does not run it.

The window uses this to show again the experiment of a project it opens (finished, or
interrupted with runs left, which it then offers to continue) and to follow runs that other
processes train on the same storage. Reading never changes the study: a run left *running* by
a process of this computer that is gone is only shown as lost, and counted as left; the process
that continues the experiment queues it again
(:func:`~playground.core.experiments.storage.recover_lost_trials`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from playground.core.experiments import records as rec
from playground.core.experiments.definition import Experiment
from playground.core.experiments.records import TrialRecord, combination_key
from playground.core.experiments.storage import (
    EXPERIMENT_ATTR,
    TARGET_ATTR,
    open_storage,
    process_alive,
    quiet_optuna,
    stored_experiment,
    this_host,
)
from playground.core.experiments.summary import SummaryRow, importance, summarise_records
from playground.core.experiments.trial_run import reached
from playground.core.messages import Message

__all__ = ["StudySnapshot", "latest_study_name", "read_study", "runs_left"]


@dataclass(frozen=True)
class StudySnapshot:
    """What a study holds now: its experiment, every run, the table, the settings' importance
    (or why there is none) and how many runs are left to do (none once a run reached the
    experiment's target: it ended there)."""

    study_name: str
    storage_url: str
    experiment: Experiment
    records: tuple[TrialRecord, ...]
    rows: tuple[SummaryRow, ...]
    left: int
    importance: dict[str, float] | None = None
    importance_note: Message | None = None


def runs_left(experiment: Experiment, records: tuple[TrialRecord, ...] | list[TrialRecord]
              ) -> int:
    """Runs still to do: combinations (with their repeats) that have no finished run. A run
    still marked running counts as left: when its process is gone it runs again."""
    done = {r.key for r in records if r.status in rec.FINISHED}
    if experiment.mode == "grid":
        wanted = {(combination_key(c), n) for c in experiment.combinations()
                  for n in range(experiment.repeats)}
        return len(wanted - done)
    points = {r.key[0] for r in records if r.repeat == 0 and r.status in rec.FINISHED}
    seeds_left = sum(1 for r in records if r.status == rec.WAITING and r.key not in done)
    return max(0, experiment.trials - len(points)) * experiment.repeats + seeds_left


def _as_seen(record: TrialRecord) -> TrialRecord:
    """A run marked running by a process of this computer that no longer exists: lost."""
    if record.status == rec.RUNNING and record.host == this_host() and \
            record.pid is not None and not process_alive(record.pid):
        return replace(record, status=rec.LOST)
    return record


def _exists(url: str) -> bool:
    """An SQLite file that is not there holds no study (and is not created by looking)."""
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        return path != ":memory:" and Path(path).is_file()
    return True


def latest_study_name(url: str) -> str | None:
    """The newest study at ``url`` that holds an experiment (None: no file, or none there)."""
    if not _exists(url):
        return None
    with quiet_optuna():
        storage = open_storage(url)
        studies = [s for s in storage.get_all_studies() if EXPERIMENT_ATTR in s.user_attrs]
    if not studies:
        return None
    return max(studies, key=lambda s: s._study_id).study_name


def read_study(url: str, name: str | None = None, *,
               with_importance: bool = True) -> StudySnapshot | None:
    """Study ``name`` at ``url`` (None: the newest), read without changing it; None when
    there is none. Its importance (fANOVA, which takes a moment) only if asked."""
    import optuna

    name = name or latest_study_name(url)
    if name is None or not _exists(url):
        return None
    with quiet_optuna():
        storage = open_storage(url)
        try:
            study = optuna.load_study(study_name=name, storage=storage)
        except KeyError:
            return None
        experiment = stored_experiment(study)
        records = tuple(_as_seen(TrialRecord.from_trial(t))
                        for t in study.get_trials(deepcopy=False))
        weights, note = importance(study, experiment) if with_importance else (None, None)
        reached_by = study.user_attrs.get(TARGET_ATTR)
    rows = tuple(summarise_records(experiment, records))
    done = isinstance(reached_by, dict) and reached(reached_by.get("score"), experiment.target,
                                                    experiment.metric)
    return StudySnapshot(name, url, experiment, records, rows,
                         0 if done else runs_left(experiment, records), weights, note)
