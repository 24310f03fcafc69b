"""Locked and hidden controls stay so while the window refreshes itself, and come back after;
a saved project reopens its lesson at the step the student reached."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from playground.gui.lessons.control_locks import ControlLocks


def test_lesson_locks_survive_the_panel_re_enabling_its_settings(make_window, qtbot) -> None:
    window, lessons = make_window()
    settings = window.training.panel.settings.widgets
    lessons.open_lesson("backpropagation")
    assert {"setting_optimizer", "setting_loss"} <= set(lessons.session.locks.locked)
    assert not settings["optimizer"].isEnabled()
    # What the training panel does when a run ends: every setting enabled again.
    window.training.panel.show_state(running=False, paused=False, can_train=True)
    assert not settings["optimizer"].isEnabled() and not settings["loss"].isEnabled()
    assert settings["epochs"].isEnabled()
    lessons.close_lesson()
    assert settings["optimizer"].isEnabled() and settings["loss"].isEnabled()


def test_hidden_setting_stays_hidden_and_returns_with_another_project(make_window,
                                                                      qtbot) -> None:
    window, lessons = make_window()
    preprocessing = window.training.panel.settings.widgets["preprocessing"]
    lessons.open_lesson("decision-boundaries")
    assert preprocessing.isHidden()
    preprocessing.show()  # the window showing it again does not undo the lesson's hide
    assert preprocessing.isHidden()
    window.new_from_template("mlp-mnist")  # a project without a lesson ends it
    qtbot.waitUntil(lambda: lessons.session is None, timeout=5000)
    assert not preprocessing.isHidden() and not lessons.dock.isVisible()


def test_locks_remember_what_the_window_wanted_meanwhile(make_window) -> None:
    window, _lessons = make_window()
    locks = ControlLocks(window)
    stop = window.findChild(QAction, "stopAction")
    dock = window.findChild(QWidget, "paletteDock")
    assert not stop.isEnabled()  # nothing is training
    locks.set(["stopAction", "fixAction"], ["paletteDock"])
    assert locks.missing == []
    stop.setEnabled(True)  # the window: a run started
    assert not stop.isEnabled()
    window.reset_layout()  # View ▸ Reset Layout shows every dock
    assert dock.isHidden()
    locks.set(["fixAction"], [])  # the next step keeps one lock only
    assert stop.isEnabled() and not dock.isHidden()  # as the window wanted meanwhile
    locks.set(["noSuchControl"], [])
    assert locks.missing == ["noSuchControl"] and locks.locked == []
    locks.release()
    assert locks.locked == [] and locks.hidden == []


def test_saved_project_reopens_its_lesson_at_the_same_step(make_window, qtbot, tmp_path) -> None:
    window, lessons = make_window()
    lessons.open_lesson("first-network")
    for _ in range(3):
        qtbot.mouseClick(lessons.panel.next_button, Qt.MouseButton.LeftButton)
    path = tmp_path / "lesson1.nnp"
    window.document.save(path)
    window.new_from_template("cnn-mnist")
    qtbot.waitUntil(lambda: lessons.session is None, timeout=5000)

    other, other_lessons = make_window()
    assert other.open_path(path)
    qtbot.waitUntil(lambda: other_lessons.session is not None, timeout=5000)
    assert other_lessons.session.lesson.id == "first-network"
    assert other_lessons.session.step_index == 3
    assert other_lessons.panel.counter.text() == "Step 4 of 12"
    assert not other.training.panel.settings.widgets["loss"].isEnabled()


def test_a_damaged_lesson_in_a_project_is_reported_not_shown(make_window, qtbot,
                                                             tmp_path) -> None:
    from playground.core.files.project import Project, save_project
    from playground.core.teaching.templates import TEMPLATES

    path = tmp_path / "broken.nnp"
    lesson = '{"lesson": {"format": "nn-playground-lesson", "version": 1}, "step": 0}'
    save_project(Project(TEMPLATES["mlp-mnist"].spec, lesson=lesson), path)
    window, lessons = make_window()
    assert window.open_path(path)
    qtbot.waitUntil(lambda: "lesson cannot be shown" in window.statusBar().currentMessage(),
                    timeout=5000)
    assert lessons.session is None and window.document.lesson == lesson
