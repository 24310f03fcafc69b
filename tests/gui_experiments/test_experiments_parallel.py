"""Several settings searched: parallel coordinates and each setting's importance; and an
experiment shared out between processes."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from playground.core.experiments import records as rec
from playground.core.experiments import runner
from playground.core.experiments.definition import Experiment
from playground.core.experiments.varied import VariedSetting
from playground.gui.experiments import dialog as dialog_module
from tests.gui_experiments.test_experiments_window import (
    RUN_TIMEOUT_MS,
    custom,
    feature_of,
    open_dialog,
)

SHOTS = Path("/tmp/shots")


def two_settings(doc, trials: int = 6) -> Experiment:
    return Experiment(doc.spec, doc.config, (
        VariedSetting.range("learning_rate", 1e-4, 0.3, log=True),
        VariedSetting.choice("activation", ("relu", "sigmoid"))),
        dict(doc.dataset_options), mode="search", trials=trials, limit=300)


def test_two_searched_settings_get_parallel_coordinates_and_their_importance(
        qtbot, open_window) -> None:
    window = open_window()
    window.resize(1400, 900)
    feature = feature_of(window)
    run = feature.start(two_settings(window.document), "two settings")
    pane = feature.pane
    assert pane.parallel.isVisible() and not pane.final_plot.isVisible()
    with qtbot.waitSignal(run.finished, timeout=RUN_TIMEOUT_MS):
        pass
    result = feature.result
    finished = [r for r in result.records if r.status in rec.FINISHED]
    assert len(finished) == 6
    plot = pane.parallel.plot
    assert len(plot.axis_names) == 3 and plot.axis_names[-1] == "final accuracy"
    assert set(plot.lines) == {r.number for r in finished}
    shares = pane.parallel.importance.shares
    assert set(shares) == {"learning_rate", "activation"}
    assert sum(shares.values()) == pytest.approx(1.0, abs=0.02)
    assert pane.findChild(type(pane.parallel.importance.note), "importanceNote").text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    feature.dock.resize(1400, 520)
    QApplication.processEvents()  # the plots' deferred range updates, before the picture
    pane.grab().save(str(SHOTS / "exp_parallel.png"))


def test_importance_says_why_it_waits_while_too_few_runs_have_finished(qtbot,
                                                                      open_window) -> None:
    window = open_window()
    feature = feature_of(window)
    run = feature.start(two_settings(window.document, trials=3), "two settings")
    with qtbot.waitSignal(run.finished, timeout=RUN_TIMEOUT_MS):
        pass
    view = feature.pane.parallel.importance
    assert not view.shares and "needs 4 finished runs" in view.note.text()


def test_a_grid_of_one_setting_has_no_parallel_coordinates(qtbot, open_window) -> None:
    window = open_window()
    feature = feature_of(window)
    dialog = open_dialog(window)
    custom(dialog, "learning_rate", "0.001, 0.01")
    dialog.start_button.click()
    with qtbot.waitSignal(feature.run.finished, timeout=RUN_TIMEOUT_MS):
        pass
    assert not feature.pane.parallel.isVisible() and feature.pane.final_plot.isVisible()


def test_two_processes_share_the_runs_and_the_pane_follows_both(
        qtbot, open_window, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialog_module, "usable_processes", lambda: 2)
    # The window's process trains its first run, then waits until the pane has shown a run
    # of the other process (read from the study): so both share the runs whatever the speed.
    gate, real, calls = threading.Event(), runner.train_one, []

    def gated(*args, **kwargs):
        calls.append(1)
        if len(calls) > 1:
            gate.wait(timeout=RUN_TIMEOUT_MS / 1000)
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "train_one", gated)
    window = open_window()
    feature = feature_of(window)
    dialog = open_dialog(window)
    custom(dialog, "learning_rate", "0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3")
    assert dialog.processes.maximum() == 2
    dialog.processes.setValue(2)
    dialog.start_button.click()
    run = feature.run
    qtbot.waitUntil(lambda: run.helpers.alive() == 1, timeout=RUN_TIMEOUT_MS)
    children = run.helpers.pids()
    qtbot.waitUntil(lambda: any(r.pid in children and r.status == rec.COMPLETED
                                for r in feature.pane.records.values()),
                    timeout=RUN_TIMEOUT_MS)
    gate.set()
    with qtbot.waitSignal(run.finished, timeout=RUN_TIMEOUT_MS):
        pass
    result = feature.result
    completed = [r for r in result.records if r.status == rec.COMPLETED]
    assert sorted(r.values["learning_rate"] for r in completed) == sorted(
        [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3])  # each once
    assert {r.pid for r in completed} == {os.getpid()} | children
    shown = feature.pane.records.values()
    assert {r.pid for r in shown if r.status == rec.COMPLETED} == {os.getpid()} | children
    assert feature.pane.table.rowCount() == 8
    assert run.helpers.alive() == 0


def test_stopping_stops_every_process(qtbot, open_window,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialog_module, "usable_processes", lambda: 2)
    window = open_window()
    window.document.config = window.document.config.with_changes(epochs=3)
    feature = feature_of(window)
    dialog = open_dialog(window)
    custom(dialog, "learning_rate", "0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3")
    dialog.processes.setValue(2)
    dialog.start_button.click()
    run = feature.run
    qtbot.waitUntil(lambda: run.helpers.alive() == 1, timeout=RUN_TIMEOUT_MS)
    feature.pane.stop_button.click()
    with qtbot.waitSignal(run.finished, timeout=RUN_TIMEOUT_MS):
        pass
    assert run.helpers.alive() == 0 and feature.result.stopped == "stopped"
    done = [r for r in feature.result.records if r.status in rec.FINISHED]
    assert len(done) < 8
