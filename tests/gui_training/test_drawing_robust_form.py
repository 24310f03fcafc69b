"""The training form's drawing-robust controls: one button applies the preset as one change."""

from __future__ import annotations

from PySide6.QtCore import Qt

from playground.core.training.config import DRAWING_ROBUST, TrainingConfig
from playground.gui.training.settings_form import SettingsForm


def test_the_button_applies_the_preset_in_one_change(qtbot) -> None:
    form = SettingsForm(TrainingConfig())
    qtbot.addWidget(form)
    changes: list[TrainingConfig] = []
    form.configChanged.connect(changes.append)
    assert not form.widgets["augment_thickness"].isEnabled()  # augmentation is off
    assert not form.widgets["augment_outline_width"].isEnabled()
    qtbot.mouseClick(form.drawing_robust_button, Qt.MouseButton.LeftButton)
    assert len(changes) == 1 and changes[0].is_drawing_robust
    for name, value in DRAWING_ROBUST.items():
        shown = form.widgets[name]
        assert (shown.isChecked() if name == "augment" else shown.value()) == value
    assert form.widgets["augment_thickness"].isEnabled()
    assert not form.drawing_robust_button.isEnabled()  # nothing left to apply
    form.widgets["augment_shear"].setValue(5.0)
    assert changes[-1].augment_shear == 5.0 and form.drawing_robust_button.isEnabled()
    form.lock_during_run(True)
    assert not form.drawing_robust_button.isEnabled()


def test_the_fine_outline_width_is_a_setting_of_the_form(qtbot) -> None:
    form = SettingsForm(TrainingConfig().drawing_robust())
    qtbot.addWidget(form)
    changes: list[TrainingConfig] = []
    form.configChanged.connect(changes.append)
    width = form.widgets["augment_outline_width"]
    assert width.isEnabled() and width.value() == 0.0
    width.setValue(1.5)  # the ready-trained digit network's setting
    assert changes[-1].augment_outline_width == 1.5
