"""Several settings varied from the dialog, and the dialog opened from the Training tab.

Everything is done through the dialog's own widgets (the combo boxes, the radio buttons, the
fields typed into, "Add setting" and the rows' × buttons), and the experiments really run: one
epoch on a few hundred samples per run.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QRadioButton,
)

from playground.core.experiments import records as rec
from playground.gui.experiments.dialog import CUSTOM, NewExperimentDialog
from playground.gui.experiments.varied_row import VariedRow
from tests.gui_experiments.test_experiments_window import RUN_TIMEOUT_MS, feature_of, open_dialog

SHOTS = Path("/tmp/shots")


def pick(qtbot, row: VariedRow, setting: str) -> None:
    """Choose ``setting`` in the row's combo box, as the keyboard does (Home, then Down)."""
    combo = row.setting
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.findData(setting)):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert row.name == setting


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def click(qtbot, button: QAbstractButton) -> None:
    """Click ``button``; a radio button or a check box on its circle or box (at the left: the
    middle of a wide one is empty space, which a click there misses, as it does for a user)."""
    if isinstance(button, (QRadioButton, QCheckBox)):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def ticked(row: VariedRow) -> list[str]:
    return [box.property("choice") for box in row.choice_boxes if box.isChecked()]


def add_activation_row(qtbot, dialog: NewExperimentDialog) -> VariedRow:
    """A second row: the hidden layers' activation, ReLU or sigmoid (what it proposes)."""
    click(qtbot, dialog.rows.add_button)
    assert len(dialog.rows.rows) == 2
    row = dialog.rows.rows[1]
    pick(qtbot, row, "activation")
    assert row.choices_box.isVisible() and not row.values.isVisible()
    assert ticked(row) == ["relu", "sigmoid"]
    return row


def test_a_search_over_two_settings_shows_the_parallel_coordinates_and_importance(
        qtbot, open_window) -> None:
    window = open_window()
    window.resize(1400, 900)
    feature = feature_of(window)
    dialog = open_dialog(window)
    click(qtbot, dialog.custom_button)
    rate = dialog.rows.rows[0]
    pick(qtbot, rate, "learning_rate")
    click(qtbot, rate.as_range)
    type_into(qtbot, rate.low, "1e-4")
    type_into(qtbot, rate.high, "0.3")
    assert rate.log.isChecked()  # proposed for a range over powers of ten
    add_activation_row(qtbot, dialog)
    assert dialog.rows.search.isChecked() and not dialog.rows.every.isEnabled()
    dialog.trials.setValue(4)
    assert dialog.epochs.value() == 1
    assert dialog.count.text() == "4 runs, at points the search chooses"
    SHOTS.mkdir(parents=True, exist_ok=True)
    area, holder = dialog.rows.area, dialog.rows.holder
    qtbot.waitUntil(lambda: area.height() >= holder.sizeHint().height(),
                    timeout=5000)  # the dialog grew to show both rows
    dialog.grab().save(str(SHOTS / "exp_dialog.png"))
    click(qtbot, dialog.start_button)
    assert not dialog.isVisible()
    run = feature.run
    experiment = run.experiment
    assert experiment.mode == "search" and experiment.trials == 4
    assert [v.kind for v in experiment.vary] == ["range", "choice"]
    assert "learning rate" in feature.pane.title.text()
    assert "hidden activation" in feature.pane.title.text()
    with qtbot.waitSignal(run.finished, timeout=RUN_TIMEOUT_MS):
        pass
    finished = [r for r in feature.result.records if r.status in rec.FINISHED]
    assert len(finished) == 4
    pane = feature.pane
    assert pane.parallel.isVisible() and not pane.final_plot.isVisible()
    plot = pane.parallel.plot
    assert len(plot.axis_names) == 3 and set(plot.lines) == {r.number for r in finished}
    shares = pane.parallel.importance.shares
    assert set(shares) == {"learning_rate", "activation"}


def test_a_two_by_two_grid_from_the_dialog_runs_its_four_combinations(qtbot,
                                                                      open_window) -> None:
    window = open_window()
    feature = feature_of(window)
    dialog = open_dialog(window)
    click(qtbot, dialog.custom_button)
    rate = dialog.rows.rows[0]
    type_into(qtbot, rate.values, "0.001, 0.01")
    add_activation_row(qtbot, dialog)
    assert dialog.rows.every.isChecked()
    assert dialog.count.text() == "4 runs, one per combination"
    dialog.repeats.setValue(3)
    assert dialog.count.text() == "12 runs (4 combinations × 3 seeds)"
    dialog.repeats.setValue(1)
    click(qtbot, dialog.start_button)
    run = feature.run
    assert run.experiment.mode == "grid"
    with qtbot.waitSignal(run.finished, timeout=RUN_TIMEOUT_MS):
        pass
    completed = [r for r in feature.result.records if r.status == rec.COMPLETED]
    assert sorted((r.values["learning_rate"], r.values["activation"]) for r in completed) == \
        sorted(itertools.product((0.001, 0.01), ("relu", "sigmoid")))
    assert feature.pane.table.rowCount() == 4
    assert feature.pane.parallel.isVisible()


def test_a_wrong_row_is_refused_with_its_message_under_it(qtbot, open_window) -> None:
    window = open_window()
    feature = feature_of(window)
    dialog = open_dialog(window)
    click(qtbot, dialog.custom_button)
    first = dialog.rows.rows[0]
    click(qtbot, first.as_range)
    type_into(qtbot, first.low, "0.1")
    type_into(qtbot, first.high, "0.001")
    assert first.error.isVisible() and "below" in first.error.text()
    assert dialog.count.text() == ""  # no count while a row is wrong
    click(qtbot, dialog.start_button)
    assert dialog.isVisible() and feature.run is None
    assert dialog.error.text().startswith("Setting 1: ")
    type_into(qtbot, first.high, "0.3")
    assert not first.error.isVisible()
    click(qtbot, dialog.rows.add_button)
    second = dialog.rows.rows[1]
    pick(qtbot, second, "batch_size")
    type_into(qtbot, second.values, "")
    assert "at least one value" in second.error.text()
    click(qtbot, dialog.start_button)
    assert feature.run is None and dialog.error.text().startswith("Setting 2: ")
    pick(qtbot, second, "learning_rate")
    assert "twice" in second.error.text()
    pick(qtbot, second, "optimizer")
    for box in second.choice_boxes:
        if box.isChecked():
            click(qtbot, box)
    assert "Tick at least one" in second.error.text()
    click(qtbot, second.remove_button)
    assert dialog.rows.rows == [first] and not first.remove_button.isEnabled()
    assert dialog.focusWidget() is first.setting  # the keyboard stays in the rows
    assert dialog.count.text() == "6 runs, at points the search chooses"
    click(qtbot, dialog.start_button)
    assert not dialog.isVisible() and feature.run is not None
    feature.stop()


def test_the_training_tab_s_button_opens_the_dialog_on_the_open_settings(qtbot,
                                                                        open_window) -> None:
    window = open_window()
    window.document.config = window.document.config.with_changes(learning_rate=0.05)
    feature = feature_of(window)
    panel = window.training.panel
    button = panel.findChild(QPushButton, "experimentFromTrainingButton")
    assert button is feature.panel_button and button.isVisible()
    assert button.accessibleName() == "Experiment…" and button.toolTip()
    click(qtbot, button)
    dialog = feature.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.chosen == CUSTOM and dialog.custom_button.isChecked()
    assert dialog.rows.isEnabled() and dialog.focusWidget() is dialog.rows.rows[0].setting
    assert dialog.spec == window.document.spec
    assert dialog.config.learning_rate == 0.05 and "0.05" in dialog.findChild(
        type(dialog.count), "experimentBase").text()
    assert dialog.epochs.value() == window.document.config.epochs
    dialog.reject()
    feature.panel_action.setEnabled(False)
    assert not button.isEnabled()  # the button follows its action


def spoken_name(widget) -> str:
    """What a screen reader says (as tests/gui/test_accessible_names.py reads it)."""
    if isinstance(widget, QComboBox):
        return widget.accessibleName()
    interface = QAccessible.queryAccessibleInterface(widget)
    return (interface.text(QAccessible.Text.Name) if interface else "").replace("&", "")


def test_every_control_of_the_dialog_has_a_name_of_its_own(qtbot, open_window) -> None:
    window = open_window()
    dialog = open_dialog(window)
    click(qtbot, dialog.custom_button)
    add_activation_row(qtbot, dialog)
    click(qtbot, dialog.rows.add_button)
    pick(qtbot, dialog.rows.rows[2], "layer:2:activation")  # its choices too: relu...
    QApplication.processEvents()
    kinds = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox)
    controls = [w for kind in kinds for w in dialog.findChildren(kind) if w.isVisibleTo(dialog)
                and not isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox))]
    names = [spoken_name(w) for w in controls]
    assert all(names), [w.objectName() for w, n in zip(controls, names, strict=True) if not n]
    repeated = {n for n in names if names.count(n) > 1}
    assert not repeated, repeated
    assert "relu, setting 2" in names and "relu, setting 3" in names
    assert "Remove setting 3" in names
    # Tab goes down the rows, the choices ticked with Space, before "Add setting".
    rows = dialog.rows.rows
    chain, widget = [], rows[0].setting
    while widget is not dialog.rows.add_button and len(chain) < 100:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain.index(rows[1].setting) < chain.index(rows[1].choice_boxes[-1]) \
        < chain.index(rows[2].setting) < chain.index(rows[2].choice_boxes[-1])
    dialog.reject()
