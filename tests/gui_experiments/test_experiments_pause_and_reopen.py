"""Pausing an experiment, stopping at a target, and an experiment shown again (and continued)
when its project reopens. Real small runs; every wait is on a signal or a condition."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

from PySide6.QtCore import Qt

from playground.core.experiments import records as rec
from playground.core.experiments.definition import Experiment
from playground.core.experiments.runner import run_experiment
from playground.core.experiments.storage import open_storage, open_study, this_host
from playground.core.experiments.varied import VariedSetting
from playground.gui.experiments.run import storage_for
from tests.gui_experiments.test_experiments_window import (
    RUN_TIMEOUT_MS,
    custom,
    feature_of,
    open_dialog,
)


def queue_texts(pane) -> list[str]:
    return [pane.queue.item(i).text() for i in range(pane.queue.count())]


def test_pause_waits_for_the_run_under_way_and_resume_finishes_every_run(qtbot,
                                                                         open_window) -> None:
    window = open_window()
    feature = feature_of(window)
    dialog = open_dialog(window)
    custom(dialog, "learning_rate", "0.0001, 0.001, 0.01, 0.1")
    dialog.start_button.click()
    run, pane = feature.run, feature.pane
    with qtbot.waitSignal(run.trialChanged, timeout=RUN_TIMEOUT_MS):
        pass
    with qtbot.waitSignal(run.pausedChanged, timeout=RUN_TIMEOUT_MS) as paused:
        pane.pause_button.click()
        assert not pane.pause_button.isEnabled()  # until the run under way has ended
    assert paused.args == [True]
    assert run.running and run.paused and run.job.done  # no thread held while paused
    assert pane.pause_button.text() == "Resume" and pane.pause_button.isEnabled()
    assert "Paused" in pane.status.text()
    done = [r for r in pane.records.values() if r.status in rec.FINISHED]
    assert 1 <= len(done) < 4
    assert any(text.endswith("paused") for text in queue_texts(pane))
    assert not any(r.status == rec.RUNNING for r in pane.records.values())
    with qtbot.waitSignal(run.finished, timeout=RUN_TIMEOUT_MS):
        pane.pause_button.click()  # Resume
        assert pane.pause_button.text() == "Pause"
    result = feature.result
    assert result.stopped == "finished"
    completed = [r for r in result.records if r.status == rec.COMPLETED]
    assert sorted(r.values["learning_rate"] for r in completed) == [1e-4, 1e-3, 1e-2, 0.1]
    statuses = [pane.queue.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(pane.queue.count())]
    assert statuses.count(rec.COMPLETED) == 4 and rec.WAITING not in statuses


def test_stop_while_paused_ends_the_experiment(qtbot, open_window) -> None:
    window = open_window()
    feature = feature_of(window)
    dialog = open_dialog(window)
    custom(dialog, "learning_rate", "0.0001, 0.001, 0.01")
    dialog.start_button.click()
    run, pane = feature.run, feature.pane
    with qtbot.waitSignal(run.pausedChanged, timeout=RUN_TIMEOUT_MS):
        pane.pause_button.click()
    with qtbot.waitSignal(run.finished, timeout=RUN_TIMEOUT_MS):
        pane.stop_button.click()
    assert not run.running and feature.result.stopped == "stopped"
    assert "Stopped" in pane.status.text() and not pane.pause_button.isEnabled()


def test_stop_at_a_validation_accuracy_ends_the_experiment_at_the_first_run_reaching_it(
        qtbot, open_window) -> None:
    window = open_window()
    feature = feature_of(window)
    dialog = open_dialog(window)
    custom(dialog, "learning_rate", "0.001, 0.01, 0.1")
    dialog.use_target.setChecked(True)
    dialog.target.setValue(1.0)  # 1 %: any run reaches it after its first epoch
    dialog.start_button.click()
    with qtbot.waitSignal(feature.run.finished, timeout=RUN_TIMEOUT_MS):
        pass
    result = feature.result
    assert result.stopped == "target" and result.target == 0.01
    ended = [r for r in result.records if r.status != rec.WAITING]
    assert [r.status for r in ended] == [rec.TARGET]  # the other runs never started
    assert result.target_trial == ended[0].number
    assert "Reached the target after 1 runs" in feature.pane.status.text()


# -- an experiment kept beside the project -----------------------------------------------------
def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def interrupted_study(url: str, experiment: Experiment) -> None:
    """A study as a killed window leaves it: one run done, one RUNNING by a dead process, one
    waiting."""
    run_experiment(experiment, url, "window-interrupted", max_runs=1, cpu_threads=1)
    storage = open_storage(url)
    study, created = open_study(storage, "window-interrupted", experiment)
    assert not created
    with warnings.catch_warnings():  # Optuna's heartbeat wants optimize(): not here
        warnings.simplefilter("ignore", UserWarning)
        trial = study.ask()  # takes the next queued run, as a window would
    trial.set_user_attr("run", {"seed": experiment.config.seed, "host": this_host(),
                                "pid": dead_pid(), "repeat": 0})


def test_reopening_a_project_shows_its_interrupted_experiment_and_continues_it(
        qtbot, open_window, tmp_path: Path) -> None:
    window = open_window()
    feature = feature_of(window)
    doc = window.document
    project = tmp_path / "digits.nnp"
    experiment = Experiment(doc.spec, doc.config, (VariedSetting.grid(
        "learning_rate", (1e-3, 1e-2, 0.1)),), dict(doc.dataset_options), limit=300)
    url = storage_for(project, "experiment")
    interrupted_study(url, experiment)
    doc.save(project)  # now the project has the study beside it
    pane = feature.pane
    qtbot.waitUntil(lambda: pane.continue_button.isVisible(), timeout=RUN_TIMEOUT_MS)
    assert pane.continue_button.text() == "Continue (2 runs left)"
    assert "Interrupted" in pane.status.text()
    assert pane.table.rowCount() == 3 and len(pane.curves.items) == 1
    assert any("lost" in text for text in queue_texts(pane))  # its process is gone
    Path("/tmp/shots").mkdir(parents=True, exist_ok=True)
    pane.grab().save("/tmp/shots/exp_reopened.png")
    pane.continue_button.click()
    run = feature.run
    assert run is not None and run.study_name == "window-interrupted"
    with qtbot.waitSignal(run.finished, timeout=RUN_TIMEOUT_MS):
        pass
    result = feature.result
    completed = [r for r in result.records if r.status == rec.COMPLETED]
    assert sorted(r.values["learning_rate"] for r in completed) == [1e-3, 1e-2, 0.1]
    assert len(result.recovered) == 1 and not pane.continue_button.isVisible()
    assert [r.status for r in result.records].count(rec.LOST) == 1

    # The finished experiment shows its results again in a window that opens the project.
    other = open_window()
    other.document.open(project)
    again = feature_of(other).pane
    qtbot.waitUntil(lambda: again.table.rowCount() == 3 and "Finished" in again.status.text(),
                    timeout=RUN_TIMEOUT_MS)
    assert not again.continue_button.isVisible()
    assert [again.table.item(r, 3).text() for r in range(3)] == ["1", "1", "1"]
    again.table.selectRow(0)
    assert again.use_button.isEnabled()
    assert os.path.exists(url[len("sqlite:///"):])
