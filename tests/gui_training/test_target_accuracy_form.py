"""A "Stop at accuracy … %" field in the training settings: typed as a percentage, stored as a
fraction, undoable like every setting, and a run set to it ends at the target."""

from __future__ import annotations

from PySide6.QtCore import Qt

from playground.core.training.config import TrainingConfig
from playground.gui.training.controller import TrainingController
from playground.gui.training.settings_form import PercentSpinBox, SettingsForm


def make_form(qtbot, config: TrainingConfig | None = None) -> SettingsForm:
    form = SettingsForm(config or TrainingConfig())
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def test_the_field_shows_a_percentage_and_stores_a_fraction(qtbot) -> None:
    form = make_form(qtbot)
    box = form.widgets["target_accuracy"]
    assert isinstance(box, PercentSpinBox) and box.text() == "off"  # 0: off
    changes: list[TrainingConfig] = []
    form.configChanged.connect(changes.append)
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "97.5")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert form.config.target_accuracy == 0.975 and changes[-1].target_accuracy == 0.975
    form.set_config(TrainingConfig(target_accuracy=0.5))
    assert box.value() == 50.0 and box.text() == "50.0 %"
    box.setValue(0.0)
    assert form.config.target_accuracy == 0.0 and box.text() == "off"


def test_a_percentage_above_100_is_refused_and_explained(qtbot) -> None:
    form = make_form(qtbot)
    box = form.widgets["target_accuracy"]
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "101")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    problem = form.problems["target_accuracy"]
    assert problem.isVisibleTo(form)
    assert problem.text().startswith("Stop at accuracy must be from 0 to 100, not “101 %”.")
    assert "validation accuracy" in problem.text()  # what the setting is for
    assert form.config.target_accuracy <= 1.0  # "10" on the way was a valid 10 %


def set_target(ctl: TrainingController, percent: float) -> None:
    ctl.panel.settings.widgets["target_accuracy"].setValue(percent)


def test_the_target_is_an_undoable_setting_of_the_document(qtbot, controller) -> None:
    doc, box = controller.document, controller.panel.settings.widgets["target_accuracy"]
    set_target(controller, 90)
    assert doc.config.target_accuracy == 0.9
    doc.undo_stack.undo()
    assert doc.config.target_accuracy == 0.0 and box.text() == "off"
    doc.undo_stack.redo()
    assert doc.config.target_accuracy == 0.9 and box.value() == 90.0


def train_to_target(qtbot, controller) -> object:
    controller.panel.settings.widgets["epochs"].setValue(8)
    set_target(controller, 50)
    with qtbot.waitSignal(controller.runFinished, timeout=120_000) as finished:
        qtbot.mouseClick(controller.panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.panel.train_button.isEnabled(), timeout=5000)
    return finished.args[0]


def test_a_run_set_to_a_target_ends_early_and_says_so(qtbot, controller) -> None:
    result = train_to_target(qtbot, controller)
    assert result.status == "target_reached" and result.epochs_completed < 8
    assert str(result.message).startswith(
        f"Reached the target 50.0% at epoch {result.epochs_completed}: validation accuracy")
    assert controller.curves.epochs.epochs == list(range(1, result.epochs_completed + 1))
    assert controller.document.history[-1]["status"] == "target_reached"


def test_the_panel_says_the_target_was_reached(qtbot, controller) -> None:
    result = train_to_target(qtbot, controller)
    assert f"Reached the target 50.0% at epoch {result.epochs_completed}" in (
        controller.panel.message.text())
