"""Training ▸ New Experiment… from the dialog to the answer, in a real window.

Every wait is on a signal: the experiment runs on a background thread and the GUI thread only
hears of it.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from playground.core.experiments import records as rec
from playground.core.experiments import runner
from playground.gui.experiments import ExperimentsFeature
from playground.gui.experiments.dialog import NewExperimentDialog, split_values

RUN_TIMEOUT_MS = 180_000


def feature_of(window) -> ExperimentsFeature:
    return window.features["experiments"]


def open_dialog(window) -> NewExperimentDialog:
    window.actions_by_name["newExperimentAction"].trigger()
    dialog = feature_of(window).dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def custom(dialog: NewExperimentDialog, setting: str, values: str, repeats: int = 1) -> None:
    """One setting of the student's choice (the first row), with these values."""
    dialog.custom_button.click()
    row = dialog.rows.rows[0]
    row.setting.setCurrentIndex(row.setting.findData(setting))
    row.as_values.setChecked(True)
    row.values.setText(values)
    dialog.repeats.setValue(repeats)


def test_a_preset_runs_in_the_background_to_its_table_and_conclusion(
        qtbot, open_window, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    real = runner.run_experiment

    def watched(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "run_experiment", watched)
    window = open_window()
    feature = feature_of(window)
    dialog = open_dialog(window)
    dialog.preset_buttons["dropout"].click()
    assert dialog.question.text()
    assert dialog.epochs.value() == 1
    dialog.start_button.click()
    run = feature.run
    assert run is not None and run.running
    assert feature.dock.isVisible()
    with qtbot.waitSignal(run.finished, timeout=RUN_TIMEOUT_MS):
        pass
    assert threads and threads[0] is not threading.main_thread()
    result = feature.result
    assert result.stopped == "finished"
    table = feature.pane.table
    assert table.rowCount() == 3  # dropout 0, 0.2, 0.5
    assert [int(table.item(r, 3).text()) for r in range(3)] == [1, 1, 1]
    assert sum(table.item(r, 0).text().startswith("★") for r in range(3)) == 1
    assert "%" in table.item(0, 1).text()
    assert feature.pane.conclusion.toPlainText()
    assert len(feature.pane.curves.items) == 3
    statuses = [feature.pane.queue.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(feature.pane.queue.count())]
    assert statuses == [rec.COMPLETED] * 3


def test_repeats_give_one_row_per_value_and_use_this_network_is_one_undo_step(
        qtbot, open_window) -> None:
    window = open_window()
    feature = feature_of(window)
    dialog = open_dialog(window)
    custom(dialog, "learning_rate", "0.001, 0.05", repeats=2)
    dialog.start_button.click()
    with qtbot.waitSignal(feature.run.finished, timeout=RUN_TIMEOUT_MS):
        pass
    table = feature.pane.table
    assert table.rowCount() == 2
    assert [table.item(r, 3).text() for r in range(2)] == ["2", "2"]
    assert "±" in table.item(0, 1).text()
    doc = window.document
    before = doc.config
    row = next(r for r in range(2) if table.item(r, 0).text().endswith("0.05"))
    table.selectRow(row)
    assert feature.pane.use_button.isEnabled()
    feature.pane.use_button.click()
    assert doc.config.learning_rate == pytest.approx(0.05)
    assert doc.config.epochs == before.epochs
    doc.undo_stack.undo()
    assert doc.config == before


def test_stop_ends_the_experiment_after_the_run_under_way(qtbot, open_window) -> None:
    window = open_window()
    feature = feature_of(window)
    dialog = open_dialog(window)
    custom(dialog, "learning_rate", "0.0001, 0.001, 0.01, 0.1")
    dialog.start_button.click()
    run = feature.run
    with qtbot.waitSignal(run.trialChanged, timeout=RUN_TIMEOUT_MS):
        pass
    feature.pane.stop_button.click()
    assert not feature.pane.stop_button.isEnabled()
    with qtbot.waitSignal(run.finished, timeout=RUN_TIMEOUT_MS):
        pass
    result = feature.result
    assert result.stopped == "stopped"
    done = [r for r in result.records if r.status in rec.FINISHED]
    assert 1 <= len(done) < 4
    assert "Stopped" in feature.pane.status.text()


def test_the_engine_s_refusals_are_shown_in_the_dialog(qtbot, open_window) -> None:
    window = open_window()
    dialog = open_dialog(window)
    custom(dialog, "learning_rate", "0.001, 0.001")
    dialog.start_button.click()
    assert dialog.isVisible() and feature_of(window).run is None
    assert "twice" in dialog.error.text()
    custom(dialog, "learning_rate", "fast")
    dialog.start_button.click()
    assert "not one" in dialog.error.text()
    dialog.reject()


def test_values_split_on_commas_or_on_semicolons_with_decimal_commas() -> None:
    assert split_values("1e-4, 1e-3,1e-2") == ["1e-4", "1e-3", "1e-2"]
    assert split_values("0,1; 0,2") == ["0.1", "0.2"]


def test_a_range_becomes_a_search_of_so_many_runs(qtbot, open_window) -> None:
    window = open_window()
    dialog = open_dialog(window)
    dialog.custom_button.click()
    row = dialog.rows.rows[0]
    row.setting.setCurrentIndex(row.setting.findData("learning_rate"))
    row.as_range.setChecked(True)
    row.low.setText("1e-4")
    row.high.setText("1e-1")
    dialog.trials.setValue(5)
    dialog.use_target.setChecked(True)
    experiment = dialog.build()
    assert experiment.mode == "search" and experiment.trials == 5
    assert experiment.vary[0].log and experiment.target == pytest.approx(0.97)
    assert experiment.limit == 300 and experiment.config.epochs == 1
    dialog.reject()


def test_a_small_search_runs_and_closing_the_window_ends_a_running_one(qtbot,
                                                                       open_window) -> None:
    window = open_window()
    feature = feature_of(window)
    dialog = open_dialog(window)
    dialog.custom_button.click()
    row = dialog.rows.rows[0]
    row.setting.setCurrentIndex(row.setting.findData("learning_rate"))
    row.as_range.setChecked(True)
    dialog.trials.setValue(2)
    dialog.start_button.click()
    with qtbot.waitSignal(feature.run.finished, timeout=RUN_TIMEOUT_MS):
        pass
    assert feature.pane.table.rowCount() == 2
    assert feature.pane.final_plot.log_x
    dialog = open_dialog(window)
    custom(dialog, "learning_rate", "0.0001, 0.001, 0.01, 0.1")
    dialog.start_button.click()
    run = feature.run
    with qtbot.waitSignal(run.trialChanged, timeout=RUN_TIMEOUT_MS):
        pass
    window.close()
    qtbot.waitUntil(lambda: run.job is not None and run.job.done, timeout=RUN_TIMEOUT_MS)


def test_the_study_lives_beside_a_saved_project_and_else_in_the_data_folder(
        tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from playground.core.experiments.storage import default_storage_url
    from playground.gui.experiments.run import storage_for

    project = tmp_path / "digits.nnp"
    assert storage_for(project, "x") == default_storage_url(project, "x")
    monkeypatch.setenv("NN_PLAYGROUND_DATA", str(tmp_path / "data"))
    url = storage_for(None, "experiment")
    assert url.startswith("sqlite:///" + (tmp_path / "data").as_posix())
