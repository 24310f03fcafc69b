"""Choosing another language in Preferences rebuilds the window around the same project."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication

from playground.app import create_window
from playground.gui import settings_dialog
from playground.gui.app_settings import AppSettings
from playground.gui.i18n import current_language, install_language
from playground.gui.main_window import MainWindow


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    install_language(qapp, "en")
    yield
    install_language(qapp, "en")


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def choose(language: str) -> AppSettings:
    settings = AppSettings()
    settings.language = language
    return settings


def test_spanish_rebuilds_the_window_and_keeps_the_unsaved_project(qtbot, english) -> None:
    window = create_window("en")
    window.show()
    window.new_from_template("toy-spiral")
    window.training.panel.settings.widgets["epochs"].setValue(2)
    with qtbot.waitSignal(window.training.runFinished, timeout=60_000):
        window.training.train()
    qtbot.waitUntil(lambda: not window.training.runner.running, timeout=10_000)
    trained_for = window.document.spec
    window.document.set_param(0, "units", 12)  # an unsaved edit after the run
    window.document.select(1)
    before = window.document
    spec, history, weights = before.spec, before.history, before.weights
    assert before.dirty and weights is not None

    new = settings_dialog.apply_language_choice(window, choose("es"))
    assert new is not None and new is not window
    qtbot.addWidget(new)
    assert current_language() == "es"
    assert "&Archivo" in menu_titles(new) and "&File" not in menu_titles(new)
    doc = new.document
    assert doc.spec == spec and doc.history == history and doc.weights is weights
    assert doc.weights_spec == trained_for != doc.spec  # still known not to fit the edit
    assert doc.dirty and new.isWindowModified()  # unsaved work stays unsaved
    assert doc.selected == 1
    assert new.training.compare.run_list.count() == len(history) == 1
    assert new.training.compare.labels == ["referencia"]  # the core's words, in Spanish too
    assert "*" in new.windowTitle() or new.isWindowModified()
    qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=5000)  # the old one is gone
    assert new.isVisible()


def test_the_same_language_or_a_running_run_keeps_the_window(qtbot, english) -> None:
    window = create_window("en")
    qtbot.addWidget(window)
    window.show()
    window.new_from_template("toy-spiral")
    assert settings_dialog.apply_language_choice(window, choose("en")) is None
    window.training.panel.settings.widgets["epochs"].setValue(1000)
    with qtbot.waitSignal(window.training.runner.started, timeout=30_000):
        window.training.train()
    dialog = settings_dialog.SettingsDialog(parent=window, switch_now=False)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    assert "next time the app starts" in dialog.restart_note.text()
    assert settings_dialog.apply_language_choice(window, choose("es")) is None
    assert current_language() == "en" and "&File" in menu_titles(window)
    with qtbot.waitSignal(window.training.runFinished, timeout=30_000):
        window.training.stop()


def test_an_open_lesson_stays_open_at_its_step(qtbot, english) -> None:
    window = create_window("en")
    window.show()
    lessons = window.features["lessons"]
    assert lessons.open_lesson(lessons.lessons[4])  # decision boundaries
    lessons.session.go_to(2)
    lesson_id = lessons.session.lesson.id
    new = settings_dialog.apply_language_choice(window, choose("es"))
    assert new is not None
    qtbot.addWidget(new)
    qtbot.waitUntil(lambda: new.features["lessons"].session is not None, timeout=5000)
    assert new.features["lessons"].session.lesson.id == lesson_id
    assert new.features["lessons"].session.step_index == 2
    assert new.features["lessons"].panel.isVisible() or new.features["lessons"].dock.isVisible()
