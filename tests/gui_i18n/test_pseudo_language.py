"""Nothing on screen is hard-coded: in the pseudo-language every text comes from the catalogue.

The app is started in ``qps-ploc`` (every catalogue text accented and bracketed), and the main
window in several states, every pane raised in turn, and every dialog are walked text by text
(labels, buttons, tooltips, accessible names, combo items, tabs, table cells, menu entries,
plot titles, axes and legends). A plain English word left outside the brackets, and not excepted
by one of the rules of :mod:`pseudo_check`, fails the test with where it was found. The same
walk runs after switching a window built in English to the pseudo-language while it runs.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest
from pseudo_check import Leftover, leftovers
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDockWidget, QMessageBox, QWidget

from playground.app import APP_NAME, create_window
from playground.core.catalogue import PSEUDO
from playground.core.training.config import TrainingConfig
from playground.gui import menus
from playground.gui.data.chooser import DatasetChooser
from playground.gui.export_dialog import ScriptExportDialog
from playground.gui.i18n import install_language
from playground.gui.language_switch import switch_language
from playground.gui.main_window import MainWindow
from playground.gui.settings_dialog import SettingsDialog
from playground.gui.template_dialog import TemplateDialog
from playground.gui.training import controller
from playground.gui.training.worker import RunRequest


@pytest.fixture
def pseudo(qapp: QApplication) -> Iterator[str]:
    """The interface in the pseudo-language for one test, then back to English."""
    name = qapp.applicationDisplayName()
    qapp.setApplicationDisplayName(APP_NAME)
    yield install_language(qapp, PSEUDO)
    install_language(qapp, "en")
    qapp.setApplicationDisplayName(name)


def opened(qtbot, language: str) -> MainWindow:
    window = create_window(language, restore_layout=False)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def walk(window: MainWindow) -> tuple[int, list[Leftover]]:
    """Texts checked and leftovers, with each pane raised in turn (tabbed panes hide others)."""
    total, found = leftovers(window)
    for dock in window.findChildren(QDockWidget):
        dock.show()
        dock.raise_()
        count, more = leftovers(window)
        total += count
        found += more
    return total, sorted(set(found), key=lambda f: (f.where, f.text))


def report(found: list[Leftover]) -> str:
    return "texts that did not come through the catalogue:\n" + "\n".join(
        f"  {f.where}: {f.text[:100]!r} {list(f.words)}" for f in found)


def test_the_window_in_every_state_shows_only_catalogue_texts(pseudo, qtbot) -> None:
    window = opened(qtbot, PSEUDO)
    checked, found = walk(window)  # empty
    window.new_from_template("cnn-mnist")
    window.document.select(1)
    count, more = walk(window)  # a network, a layer in the inspector
    window.document.remove_layer(len(window.document.spec.layers) - 1)
    count2, broken = walk(window)  # a network that cannot train: its problem and fixes
    checked += count + count2
    found = sorted(set(found + more + broken), key=lambda f: (f.where, f.text))
    print(f"pseudo-language window: {checked} texts checked, {len(found)} outside the catalogue")
    assert checked > 2000
    assert found == [], report(found)


def test_every_dialog_shows_only_catalogue_texts(pseudo, qtbot, tmp_path: Path) -> None:
    window = opened(qtbot, PSEUDO)
    window.new_from_template("mlp-mnist")
    dialogs: list[QWidget] = [
        SettingsDialog(parent=window),
        TemplateDialog(PSEUDO, window),
        ScriptExportDialog(tmp_path, True, window),
        DatasetChooser("mnist", {}, TrainingConfig(), PSEUDO, parent=window),
    ]
    checked, found = 0, []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        count, more = leftovers(dialog, window)
        checked, found = checked + count, found + more
        dialog.close()
    for show in (menus.show_shortcuts, menus.show_about):  # modal message boxes
        seen: list[tuple[int, list[Leftover]]] = []

        def read_and_close(seen: list = seen) -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                seen.append(leftovers(box, window))
                box.accept()
            else:
                QTimer.singleShot(20, read_and_close)

        QTimer.singleShot(0, read_and_close)
        show(window)
        assert seen, show.__name__
        checked, found = checked + seen[0][0], found + seen[0][1]
    print(f"pseudo-language dialogs: {checked} texts checked, {len(found)} outside the catalogue")
    assert checked > 100
    assert found == [], report(found)


def test_after_a_training_run_every_pane_shows_only_catalogue_texts(
        pseudo, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(controller, "RunRequest", functools.partial(RunRequest, limit=400))
    window = opened(qtbot, PSEUDO)
    window.new_from_template("mlp-mnist")
    window.training.panel.settings.widgets["epochs"].setValue(1)
    with qtbot.waitSignal(window.training.runFinished, timeout=60_000):
        window.actions_by_name["trainAction"].trigger()
    qtbot.waitUntil(lambda: window.training.results.data is not None, timeout=30_000)
    checked, found = walk(window)
    print(f"pseudo-language after a run: {checked} texts, {len(found)} outside the catalogue")
    assert found == [], report(found)


def test_switching_live_leaves_no_text_of_the_old_language(qtbot, qapp) -> None:
    install_language(qapp, "en")
    window = opened(qtbot, "en")
    window.new_from_template("cnn-mnist")
    window.document.select(1)
    name = qapp.applicationDisplayName()
    qapp.setApplicationDisplayName(APP_NAME)
    try:
        assert switch_language(window, PSEUDO) is window
        checked, found = walk(window)
        print(f"after a live switch: {checked} texts checked, {len(found)} left in English")
        assert found == [], report(found)
    finally:
        install_language(qapp, "en")
        qapp.setApplicationDisplayName(name)


def test_the_newer_panes_and_dialogs_show_only_catalogue_texts(pseudo, qtbot) -> None:
    """The lesson recorder, a challenge in the lesson pane, the experiment dialog with several
    settings and the own-classes names dialog: each opened in the pseudo-language and walked."""
    window = opened(qtbot, PSEUDO)
    lessons = window.features["lessons"]
    assert lessons.open_lesson("challenge-small-digits")
    checked, found = walk(window)  # the lesson pane with its challenge and leaderboard
    lessons.close_lesson()
    recorder = lessons.new_lesson()
    assert recorder is not None
    count, more = walk(window)  # the recorder's pane
    checked, found = checked + count, found + more
    dialogs: list[QWidget] = []
    experiment = window.features["experiments"].new_experiment(custom=True)
    experiment.rows.add_row()
    dialogs.append(experiment)
    window.action("newOwnClassesAction").trigger()
    names = window.features["own-classes"].workflow.names_dialog
    assert names is not None
    dialogs.append(names)
    for dialog in dialogs:
        qtbot.waitExposed(dialog)
        count, more = leftovers(dialog, window)
        checked, found = checked + count, found + more
        dialog.close()
    found = sorted(set(found), key=lambda f: (f.where, f.text))
    print(f"pseudo-language newer panes: {checked} texts checked, {len(found)} outside the "
          "catalogue")
    assert checked > 1000
    assert found == [], report(found)
