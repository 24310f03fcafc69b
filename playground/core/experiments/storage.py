"""Where a study lives, and how processes share it and recover the runs a crash left behind.

By default a study is an SQLite file beside the project (``digits.nnp`` → ``digits.study.db``):
it survives a crash, and several processes on one computer can work on it at once. Any
SQLAlchemy URL works too; for several computers, a database server they all reach, e.g.
``postgresql+psycopg2://user:password@host/experiments`` (install its driver, ``psycopg2``).

Sharing: every run records its computer and process. A run left *running* by a process that is
gone is marked failed and queued again when a process opens the study: at once when that
process ran on this computer (its process id no longer exists), else once its heartbeat, sent
every :data:`HEARTBEAT_SECONDS`, has been silent for :data:`GRACE_SECONDS`. So a crash costs
at most the run that was under way. SQLite transactions take the write lock from their start
(``BEGIN IMMEDIATE``): two processes can never both take the same queued run.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import optuna
from optuna.storages import BaseStorage, InMemoryStorage, RDBStorage
from optuna.trial import FrozenTrial, TrialState

from playground.core.errors import shorten
from playground.core.experiments.definition import Experiment
from playground.core.experiments.settings import ExperimentError

__all__ = ["GRACE_SECONDS", "HEARTBEAT_SECONDS", "check_storage_url", "default_storage_url",
           "open_storage", "open_study", "quiet_optuna", "recover_lost_trials", "requeue"]

HEARTBEAT_SECONDS = 10
GRACE_SECONDS = 60
SQLITE_WAIT_SECONDS = 60  # how long a process waits for another's write to the file
CREATE_ATTEMPTS = 8
STUDY_SUFFIX = ".study.db"
EXPERIMENT_ATTR = "experiment"
TARGET_ATTR = "target_reached"
QUEUED_ATTR = "grid_queued"  # set once every run of a grid is queued
QUEUED = "queued"  # the user attribute of every run queued by this wing


@contextlib.contextmanager
def quiet_optuna() -> Iterator[None]:
    """Optuna's own log lines (a study created, a trial failed) would drown the progress
    lines; what matters is said by the records."""
    before = optuna.logging.get_verbosity()
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    try:
        yield
    finally:
        optuna.logging.set_verbosity(before)


def default_storage_url(project: Path | None, name: str) -> str:
    """``sqlite:///`` a file beside the project (``x.nnp`` → ``x.study.db``), or for a
    template ``<name>.study.db`` in the current folder."""
    path = project.with_suffix(STUDY_SUFFIX) if project is not None else Path(name + STUDY_SUFFIX)
    return "sqlite:///" + path.resolve().as_posix()


def this_host() -> str:
    return socket.gethostname()


def check_storage_url(url: str) -> None:
    """Refuse, before anything is trained, what cannot be a study storage: text that is no
    database URL, an SQLite file in a folder that does not exist."""
    if not isinstance(url, str) or "://" not in url:
        raise ExperimentError("{url} is not a database URL: give sqlite:///path/to/file.db or "
                              "another SQLAlchemy URL.", url=shorten(url))
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        folder = Path(url[len("sqlite:///"):]).parent
        if not folder.is_dir():
            raise ExperimentError("The study's folder {folder} does not exist.",
                                  folder=str(folder))


def open_storage(url: str | None) -> BaseStorage:
    """The storage at ``url`` (None: in memory, for one process that keeps nothing)."""
    if url is None:
        return InMemoryStorage()
    check_storage_url(url)
    sqlite = url.startswith("sqlite")
    kwargs: dict[str, Any] = {"connect_args": {"timeout": SQLITE_WAIT_SECONDS}} if sqlite else {}
    for attempt in range(CREATE_ATTEMPTS):
        try:
            # The heartbeat is marked experimental by Optuna; it is what Optuna offers for
            # exactly this, and a warning on every study would only alarm the reader.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
                storage = RDBStorage(url, engine_kwargs=kwargs,
                                     heartbeat_interval=HEARTBEAT_SECONDS,
                                     grace_period=GRACE_SECONDS,
                                     heartbeat_stale_trial_callback=requeue)
            break
        except Exception as exc:  # a bad URL, a missing driver, a server that does not answer
            text = str(exc)
            if sqlite and attempt + 1 < CREATE_ATTEMPTS and _sql_error(exc):
                # Two processes set up a new file's tables at once and the other one got
                # there first ("already exists", a version row written twice): try again.
                time.sleep(0.1 * (attempt + 1))
                continue
            reason = f"{type(exc).__name__}: {text.splitlines()[0] if text else ''}"
            raise ExperimentError("The study storage {url} cannot be opened ({reason}).",
                                  url=shorten(url, 80), reason=shorten(reason, 160)) from None
    if sqlite:
        _immediate_transactions(storage)
    return storage


def _sql_error(exc: BaseException) -> bool:
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(exc, SQLAlchemyError)


def _immediate_transactions(storage: RDBStorage) -> None:
    """Make every SQLite transaction take the write lock when it starts (SQLAlchemy's recipe
    for pysqlite), so that reading a queued run and taking it is one step no other process can
    come between, and two writers wait for each other instead of failing with a deadlock."""
    from sqlalchemy import event

    engine = storage.engine

    @event.listens_for(engine, "connect")
    def _connect(connection: Any, record: Any) -> None:
        connection.isolation_level = None  # let SQLAlchemy say when a transaction begins

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    engine.dispose()  # connections opened before the listeners are replaced


def open_study(storage: BaseStorage, name: str,
               experiment: Experiment) -> tuple[optuna.Study, bool]:
    """Create the study (True: this process created it, and so queues a grid's runs), or open
    it to go on (False); refused if it holds another experiment."""
    if not isinstance(name, str) or not name.strip():
        raise ExperimentError("A study needs a name.")
    seed = experiment.config.seed
    if experiment.mode == "grid":
        sampler: optuna.samplers.BaseSampler = optuna.samplers.GridSampler(
            experiment.grid_space(), seed=seed)
    else:
        startup = max(2, min(10, experiment.trials // 2))
        sampler = optuna.samplers.TPESampler(seed=seed, n_startup_trials=startup)
    pruner: optuna.pruners.BasePruner = (
        optuna.pruners.MedianPruner(n_startup_trials=2, n_warmup_steps=1)
        if experiment.prunes else optuna.pruners.NopPruner())
    options: dict[str, Any] = {"storage": storage, "sampler": sampler, "pruner": pruner,
                               "study_name": name, "direction": experiment.direction}
    try:  # exactly one process creates a study: the others are told it exists
        study = optuna.create_study(**options)
    except optuna.exceptions.DuplicatedStudyError:
        study = optuna.create_study(**options, load_if_exists=True)
    else:
        study.set_user_attr(EXPERIMENT_ATTR, experiment.to_dict())
        return study, True
    stored = study.user_attrs.get(EXPERIMENT_ATTR)
    if stored is not None:
        try:
            same = Experiment.from_dict(stored).identity() == experiment.identity()
        except Exception:  # written by a newer app, or damaged: not ours to go on with
            same = False
        if not same or study.direction.name.lower() != experiment.direction:
            raise ExperimentError("The study {name} already holds another experiment: give this "
                                  "one another study name.", name=shorten(name))
    if stored != json.loads(json.dumps(experiment.to_dict())):
        study.set_user_attr(EXPERIMENT_ATTR, experiment.to_dict())  # the newest stopping rules
    return study, False


def stored_experiment(study: optuna.Study) -> Experiment:
    """The experiment a study runs (as :func:`open_study` stored it)."""
    data = study.user_attrs.get(EXPERIMENT_ATTR)
    if data is None:
        raise ExperimentError("The study {name} holds no experiment.", name=study.study_name)
    return Experiment.from_dict(data)


# -- runs a crash left behind ------------------------------------------------------------------
def requeue(study: optuna.Study, trial: FrozenTrial) -> None:
    """Queue ``trial``'s combination again (its repeat with it). Also Optuna's callback for a
    trial whose heartbeat went silent."""
    attrs: dict[str, Any] = {QUEUED: True, "retry_of": trial.number}
    run = trial.user_attrs.get("run")
    repeat = trial.user_attrs.get("repeat", run.get("repeat") if isinstance(run, dict) else None)
    if "repeat" not in trial.params and isinstance(repeat, int):
        attrs["repeat"] = repeat
    params = dict(trial.params) or dict(trial.system_attrs.get("fixed_params", {}))
    if params:
        study.enqueue_trial(params, user_attrs=attrs)


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs on this computer (a zombie does not)."""
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill would end the process there
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def recover_lost_trials(study: optuna.Study, storage: BaseStorage) -> list[int]:
    """Mark failed, and queue again, the runs left running by a process that is gone: one of
    this computer whose process id no longer exists, or any whose heartbeat has been silent
    for :data:`GRACE_SECONDS` (``storage`` is the study's). The numbers of those runs."""
    running = study.get_trials(deepcopy=False, states=(TrialState.RUNNING,))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        optuna.storages.fail_stale_trials(study)  # queues them again through requeue()
    lost = [t.number for t in running if _silenced(storage.get_trial(t._trial_id))]
    host, me = this_host(), os.getpid()
    for trial in running:
        run = trial.user_attrs.get("run")
        run = run if isinstance(run, dict) else {}
        pid = run.get("pid")
        if run.get("host") != host or not isinstance(pid, int) or pid == me or \
                trial.number in lost or process_alive(pid):
            continue
        try:
            if not storage.set_trial_state_values(trial._trial_id, TrialState.FAIL):
                continue
        except optuna.exceptions.UpdateFinishedTrialError:
            continue  # another process got there first
        requeue(study, trial)
        lost.append(trial.number)
    return lost


def _silenced(trial: FrozenTrial) -> bool:
    """A trial failed with no result of its own: its process vanished."""
    return trial.state == TrialState.FAIL and "result" not in trial.user_attrs
