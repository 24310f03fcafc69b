"""A study read back by a process that does not run it (the window reopening a project, or
following other processes), and ``sweep --join`` taking a share of a study as it stands."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import warnings
from pathlib import Path

from playground import cli
from playground.core.experiments import records as rec
from playground.core.experiments.definition import Experiment
from playground.core.experiments.reading import latest_study_name, read_study, runs_left
from playground.core.experiments.records import TrialRecord, says_more
from playground.core.experiments.runner import run_experiment
from playground.core.experiments.storage import open_storage, open_study, this_host
from playground.core.experiments.varied import VariedSetting as V
from playground.core.teaching.templates import TEMPLATES

MLP = TEMPLATES["mlp-mnist"]


def grid(*values: float, **plan) -> Experiment:
    return Experiment(MLP.spec, MLP.config.with_changes(epochs=1),
                      (V.grid("lr", values),), limit=200, **plan)


def url_in(tmp_path: Path) -> str:
    return f"sqlite:///{(tmp_path / 'study.db').as_posix()}"


def test_no_file_no_study_and_looking_creates_none(tmp_path: Path) -> None:
    url = url_in(tmp_path)
    assert latest_study_name(url) is None and read_study(url) is None
    assert not (tmp_path / "study.db").exists()


def test_an_interrupted_study_reads_back_with_its_runs_left(tmp_path: Path) -> None:
    url = url_in(tmp_path)
    experiment = grid(1e-3, 1e-2, 0.1)
    run_experiment(grid(1e-3), url, "older", cpu_threads=1)
    run_experiment(experiment, url, "newer", max_runs=1, cpu_threads=1)
    assert latest_study_name(url) == "newer"
    # A run left RUNNING by a process that is gone still counts as left.
    study, _ = open_study(open_storage(url), "newer", experiment)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        trial = study.ask()
    trial.set_user_attr("run", {"host": this_host(), "pid": dead.pid, "repeat": 0})
    snapshot = read_study(url)
    assert snapshot is not None and snapshot.study_name == "newer"
    assert snapshot.experiment.identity() == experiment.identity()
    assert [r.status for r in snapshot.records] == [rec.COMPLETED, rec.LOST, rec.WAITING]
    assert snapshot.left == 2 and len(snapshot.rows) == 3
    assert snapshot.importance is None and snapshot.importance_note is not None
    # Reading changed nothing: the run is still marked running in the study.
    assert study.trials[1].state.name == "RUNNING"


def test_a_study_that_reached_its_target_has_nothing_left(tmp_path: Path) -> None:
    url = url_in(tmp_path)
    run_experiment(grid(1e-3, 1e-2, target=0.01), url, "target", cpu_threads=1)
    snapshot = read_study(url, "target")
    assert snapshot is not None and snapshot.left == 0


def test_runs_left_of_a_search_counts_points_and_queued_seeds() -> None:
    search = Experiment(MLP.spec, MLP.config, (V.range("lr", 1e-4, 1e-1, log=True),),
                        mode="search", trials=3, repeats=2)
    done = TrialRecord(0, {"learning_rate": 0.01}, 0, status=rec.COMPLETED)
    queued = TrialRecord(1, {"learning_rate": 0.01}, 1, status=rec.WAITING)
    assert runs_left(search, []) == 6
    assert runs_left(search, [done, queued]) == 2 * 2 + 1


def test_sweep_join_takes_its_share_of_a_study_it_reads_the_experiment_from(
        tmp_path: Path) -> None:
    url = url_in(tmp_path)
    run_experiment(grid(1e-3, 1e-2, 0.1), url, "shared", max_runs=1, cpu_threads=1)
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["sweep", "--join", "--storage", url, "--study", "shared"], out, err)
    assert code == 0, err.getvalue()
    assert "3 runs done, 2 of them by this process" in out.getvalue()
    snapshot = read_study(url, "shared", with_importance=False)
    assert snapshot is not None and snapshot.left == 0
    assert sorted(r.values["learning_rate"] for r in snapshot.records
                  if r.status == rec.COMPLETED) == [1e-3, 1e-2, 0.1]
    assert os.getpid() in {r.pid for r in snapshot.records}
    code = cli.main(["sweep", "--join", "--storage", url, "--study", "absent"], out, err)
    assert code == 2 and "There is no study absent" in err.getvalue()
    code = cli.main(["sweep", "mlp-mnist", "--join", "--storage", url, "--study", "shared"],
                    out, err)
    assert code == 2 and "--join takes --storage and --study" in err.getvalue()


def test_a_run_read_later_says_more_only_when_it_got_further() -> None:
    running = TrialRecord(0, {"learning_rate": 0.01}, epochs=2)
    earlier = TrialRecord(0, {"learning_rate": 0.01}, epochs=1)
    ended = TrialRecord(0, {"learning_rate": 0.01}, status=rec.COMPLETED, epochs=3)
    assert says_more(ended, running) and says_more(running, earlier)
    assert not says_more(earlier, running) and not says_more(running, ended)
