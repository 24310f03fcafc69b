"""Keys for a teacher: Page Down and Page Up move through the lesson (what a presenter remote
sends), S stops the run, and presentation mode lists the keys in a strip at the bottom."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from playground.core.teaching.templates import TEMPLATES
from playground.gui.main_window import MainWindow
from playground.gui.training import controller as controller_module
from playground.gui.training.worker import RunRequest
from tests.gui_presentation.presenting import mode_of, on_projector, open_lesson

TRAIN_LIMIT = 300  # samples: every epoch a moment


@pytest.fixture
def small_runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(controller_module, "RunRequest",
                        functools.partial(RunRequest, limit=TRAIN_LIMIT))
    yield


def press(qtbot, window: MainWindow, key: Qt.Key) -> None:
    """A key pressed with the focus in the editor, as after clicking a layer."""
    window.editor.canvas.setFocus()
    qtbot.keyClick(window.editor.canvas, key)


@pytest.mark.parametrize("presenting", [True, False])
def test_page_down_and_page_up_move_through_the_lesson(
        qtbot, window: MainWindow, presenting: bool) -> None:
    lessons = open_lesson(window, step=1)
    if presenting:
        on_projector(qtbot, window, 1280, 800)
    press(qtbot, window, Qt.Key.Key_PageDown)
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert lessons.session.step_index == 2
    assert lessons.panel.counter.text() == "Step 3 of 9"
    press(qtbot, window, Qt.Key.Key_PageUp)
    assert lessons.session.step_index == 1


def test_the_step_keys_follow_what_the_lesson_can_do(qtbot, window: MainWindow) -> None:
    next_step = window.actions_by_name["lessonNextAction"]
    back = window.actions_by_name["lessonBackAction"]
    assert not next_step.isEnabled() and not back.isEnabled()  # no lesson: the keys scroll
    lessons = open_lesson(window, step=1)
    assert next_step.isEnabled() and not back.isEnabled()
    lessons.session.go_to(len(lessons.session.lesson.steps) - 1)
    assert back.isEnabled() and not next_step.isEnabled()
    assert next_step in window.menus["lessons"].actions()  # Lessons ▸ Next Step shows its key
    assert "PgDown" in lessons.panel.next_button.toolTip()
    lessons.close_lesson()
    assert not next_step.isEnabled() and not back.isEnabled()


def test_the_right_arrow_still_trains_one_batch(window: MainWindow) -> None:
    step = window.actions_by_name["stepAction"]
    assert step.shortcut() == QKeySequence(Qt.Key.Key_Right)
    assert window.actions_by_name["lessonNextAction"].shortcuts() == [
        QKeySequence(Qt.Key.Key_PageDown)]
    assert window.actions_by_name["lessonBackAction"].shortcuts() == [
        QKeySequence(Qt.Key.Key_PageUp)]


def test_no_two_actions_share_a_key(window: MainWindow) -> None:
    owners: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            owners.setdefault(key.toString(), []).append(action.objectName() or action.text())
    shared = {key: names for key, names in owners.items() if key and len(names) > 1}
    assert shared == {}
    assert window.actions_by_name["stopAction"].shortcut() == QKeySequence("S")


@pytest.mark.usefixtures("small_runs")
def test_s_stops_a_running_training(qtbot, window: MainWindow) -> None:
    window.document.load_template(TEMPLATES["mlp-mnist"])
    window.training.panel.settings.widgets["epochs"].setValue(200)  # far longer than the test
    on_projector(qtbot, window, 1280, 800)
    training = window.training
    steps: list[int] = []
    training.runner.progress.connect(lambda event: steps.append(event.step))
    with qtbot.waitSignal(training.runFinished, timeout=60_000) as finished:
        window.actions_by_name["trainAction"].trigger()
        qtbot.waitUntil(lambda: len(steps) > 1, timeout=60_000)
        assert training.runner.running
        press(qtbot, window, Qt.Key.Key_S)
    assert finished.args[0].status == "stopped"
    qtbot.waitUntil(lambda: not training.runner.running, timeout=10_000)


def test_the_key_legend_shows_in_presentation_mode_only(qtbot, window: MainWindow) -> None:
    legend = mode_of(window).legend
    assert not legend.isVisible()
    on_projector(qtbot, window, 1280, 800)
    assert legend.isVisible() and not legend.visibleRegion().isEmpty()
    text = legend.text()
    for key, what in (("Space", "train/pause"), ("S", "stop"), ("F11/Esc", "leave")):
        assert f"<b>{key}</b>&nbsp;{what}" in text
    assert "PgDown" not in text  # no lesson open: no lesson keys
    open_lesson(window)
    qtbot.waitUntil(lambda: "<b>PgDown</b>&nbsp;next step" in legend.text(), timeout=3000)
    assert "<b>PgUp</b>&nbsp;back" in legend.text()
    mode_of(window).leave()
    assert not legend.isVisible()
