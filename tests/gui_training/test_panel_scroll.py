"""Starting a run leaves the training panel where the user had it (issue: it scrolled away)."""

from __future__ import annotations

from playground.core.training.config import TrainingConfig
from playground.gui.training.training_panel import TrainingPanel


def test_starting_a_run_keeps_the_panel_still_and_the_focus_on_pause(qtbot) -> None:
    panel = TrainingPanel(TrainingConfig())
    qtbot.addWidget(panel)
    panel.resize(320, 300)  # shorter than its content: it scrolls
    panel.show()
    panel.activateWindow()
    qtbot.waitExposed(panel)
    bar = panel._scroll.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    epochs = panel.settings.widgets["epochs"]  # the user just set the epochs, then pressed Train
    epochs.setFocus()
    qtbot.waitUntil(epochs.hasFocus, timeout=2000)
    panel.show_state(running=True, paused=False, can_train=True)  # the settings lock
    assert bar.value() == 0  # Progress and the time left stay in view
    assert panel.pause_button.hasFocus()  # Space and Enter now pause
