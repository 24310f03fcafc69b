"""Choosing another language in Preferences shows the open window in it, in place.

Nothing is rebuilt: the project, its unsaved changes and undo history, the selection, the
curves and results of the last run, an open lesson and a run in progress all stay.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from playground.app import create_window
from playground.gui import settings_dialog
from playground.gui.app_settings import AppSettings
from playground.gui.i18n import current_language, install_language
from playground.gui.main_window import MainWindow
from playground.gui.retranslate import shown_texts
from playground.gui.tab_chain import pane_tab_bars
from playground.gui.training import controller
from playground.gui.training.worker import RunRequest


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


def opened(qtbot) -> MainWindow:
    window = create_window("en", restore_layout=False)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_spanish_keeps_the_window_its_project_its_run_and_its_history(
        qtbot, english, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(controller, "RunRequest", functools.partial(RunRequest, limit=400))
    window = opened(qtbot)
    window.new_from_template("toy-spiral")
    window.training.panel.settings.widgets["epochs"].setValue(2)
    with qtbot.waitSignal(window.training.runFinished, timeout=60_000):
        window.training.train()
    qtbot.waitUntil(lambda: not window.training.runner.running, timeout=10_000)
    window.document.set_param(0, "units", 12)  # an unsaved edit after the run
    window.document.select(1)
    doc = window.document
    spec, history, weights, undo = doc.spec, doc.history, doc.weights, doc.undo_stack.count()
    points = len(window.training.curves.batch_loss)
    assert points > 0

    same = settings_dialog.apply_language_choice(window, choose("es"))
    assert same is window
    assert current_language() == "es"
    assert "&Archivo" in menu_titles(window) and "&File" not in menu_titles(window)
    assert window.document is doc and doc.spec == spec and doc.history == history
    assert doc.weights is weights and doc.undo_stack.count() == undo  # the undo history stays
    assert doc.dirty and window.isWindowModified()
    assert doc.selected == 1
    assert window.training.compare.run_list.count() == len(history) == 1
    assert len(window.training.curves.batch_loss) == points  # the curves stay drawn
    assert window.training.results.data is not None  # the last run's results are still shown


def test_switching_during_a_run_keeps_it_training(qtbot, english) -> None:
    window = opened(qtbot)
    window.new_from_template("toy-spiral")
    window.training.panel.settings.widgets["epochs"].setValue(1000)
    with qtbot.waitSignal(window.training.runner.started, timeout=30_000):
        window.training.train()
    progress: list[object] = []
    window.training.runner.progress.connect(progress.append)
    assert settings_dialog.apply_language_choice(window, choose("es")) is window
    assert "&Archivo" in menu_titles(window)
    assert window.training.runner.running
    qtbot.waitUntil(lambda: len(progress) >= 3, timeout=30_000)  # it goes on training
    with qtbot.waitSignal(window.training.runFinished, timeout=30_000):
        window.training.stop()
    assert settings_dialog.apply_language_choice(window, choose("es")) is None  # no change


def test_an_open_lesson_stays_at_its_step_and_speaks_the_new_language(qtbot, english) -> None:
    window = opened(qtbot)
    lessons = window.features["lessons"]
    assert lessons.open_lesson(lessons.lessons[4])  # decision boundaries
    lessons.session.go_to(2)
    english_text = lessons.panel.text.toPlainText()
    settings_dialog.apply_language_choice(window, choose("es"))
    assert lessons.session.step_index == 2
    qtbot.waitUntil(lambda: lessons.panel.text.toPlainText() != english_text, timeout=5000)


def test_there_and_back_gives_every_text_as_it_was(qtbot, english) -> None:
    window = opened(qtbot)
    window.new_from_template("cnn-mnist")
    window.document.select(2)
    qtbot.waitUntil(lambda: all(bar.accessibleName() for bar in pane_tab_bars(window)),
                    timeout=5000)  # the window names its pane tab bars once laid out
    before = [text for _owner, text in shown_texts(window)]
    settings_dialog.apply_language_choice(window, choose("es"))
    in_spanish = [text for _owner, text in shown_texts(window)]
    settings_dialog.apply_language_choice(window, choose("en"))
    after = [text for _owner, text in shown_texts(window)]
    assert in_spanish != before
    changed = [(b, a) for b, a in zip(before, after, strict=False) if b != a]
    assert len(after) == len(before) and changed == [], changed[:20]


def test_the_status_line_speaks_the_new_language_without_an_edit(qtbot, english) -> None:
    window = opened(qtbot)
    window.new_from_template("mlp-mnist")
    window.document.remove_layer(len(window.document.spec.layers) - 1)  # no 10-class output
    assert window.statusBar().currentMessage().startswith("Can't train")
    settings_dialog.apply_language_choice(window, choose("es"))
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("No se puede entrenar"),
        timeout=5000)
