"""With Spanish installed, every text the main window shows is Spanish.

The window is walked in several states (empty, a template with a layer selected, a broken
network, after a short real training run), with every dock brought to the front in turn, and
each label, button, group box, tab, list, table header, plot axis, menu entry, tooltip and the
status bar is checked against the catalogue.
"""

from __future__ import annotations

import functools
import re

import pytest
from i18n_walk import english_leftovers, window_texts
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QPushButton, QScrollArea

from playground.app import create_window
from playground.gui.i18n import load_catalogue
from playground.gui.inputs import translated_classes
from playground.gui.main_window import MainWindow
from playground.gui.training import controller
from playground.gui.training.worker import RunRequest


def spanish_window(qtbot) -> MainWindow:
    window = create_window(language="es", restore_layout=False)
    qtbot.addWidget(window)
    window.resize(1400, 900)  # the default size, whatever the test screen
    window.show()
    qtbot.waitExposed(window)
    return window


def every_dock_texts(window: MainWindow) -> list[tuple[str, str]]:
    """The texts of the window with each dock raised in turn (tabbed docks hide each other)."""
    texts = window_texts(window)
    for dock in window.findChildren(QDockWidget):
        dock.show()
        dock.raise_()
        texts += window_texts(window)
    return texts


def assert_all_spanish(window: MainWindow) -> None:
    texts = every_dock_texts(window)
    assert len(texts) > 150  # the walk really reached the panes
    leftovers = sorted(set(english_leftovers(texts, load_catalogue("es"))))
    assert leftovers == [], "English left in the Spanish window:\n" + "\n".join(leftovers)


def test_menu_titles_are_spanish(spanish, qtbot) -> None:
    window = spanish_window(qtbot)
    titles = [action.text() for action in window.menuBar().actions()]
    spanish_titles = ["&Archivo", "&Editar", "&Ver", "En&trenamiento", "A&yuda"]
    assert [title for title in titles if title in spanish_titles] == spanish_titles


def accelerator_clashes(actions: list[QAction], where: str) -> list[str]:
    """Entries of one menu whose Alt+letter is the same: the key would not reach the second."""
    letters: dict[str, list[str]] = {}
    clashes = []
    for action in actions:
        if action.isSeparator() or not action.isVisible():
            continue
        found = re.search(r"&([^&\s])", action.text().replace("&&", ""))
        if found:
            letters.setdefault(found.group(1).lower(), []).append(action.text())
        if action.menu() is not None:
            clashes += accelerator_clashes(action.menu().actions(), f"{where} ▸ {action.text()}")
    return clashes + [f"{where}: {texts}" for texts in letters.values() if len(texts) > 1]


def test_no_two_spanish_menu_entries_share_a_keyboard_letter(spanish, qtbot) -> None:
    window = spanish_window(qtbot)
    window.new_from_template("mlp-mnist")
    context_menu = window.editor.build_context_menu(0)
    clashes = accelerator_clashes(window.menuBar().actions(), "menu bar")
    clashes += accelerator_clashes(context_menu.actions(), "layer context menu")
    assert clashes == []


def test_empty_window_is_all_spanish(spanish, qtbot) -> None:
    assert_all_spanish(spanish_window(qtbot))


def test_template_with_a_selected_layer_is_all_spanish(spanish, qtbot) -> None:
    window = spanish_window(qtbot)
    window.new_from_template("cnn-mnist")
    window.document.select(0)
    assert window.inspector.title.text() == "Conv2D"
    assert_all_spanish(window)
    window.document.append_layer("Dense")
    assert window.actions_by_name["undoAction"].text() == "&Deshacer Añadir Dense"


def test_broken_network_is_explained_in_spanish(spanish, qtbot) -> None:
    window = spanish_window(qtbot)
    window.new_from_template("mlp-mnist")
    window.document.remove_layer(len(window.document.spec.layers) - 1)  # no 10-class output
    assert not window.document.can_train
    status = window.editor.footer.status.text()
    assert status.startswith("No se puede entrenar: ")
    assert window.document.train_blocker.problem_es in status
    assert_all_spanish(window)


def test_after_a_short_training_run_everything_is_spanish(
    spanish, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(controller, "RunRequest", functools.partial(RunRequest, limit=400))
    window = spanish_window(qtbot)
    window.new_from_template("mlp-mnist")
    window.training.panel.settings.widgets["epochs"].setValue(1)
    finished = []
    window.training.runFinished.connect(finished.append)
    window.actions_by_name["trainAction"].trigger()
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    qtbot.waitUntil(lambda: window.training.results.data is not None, timeout=30_000)
    message = window.training.panel.message.text()
    assert message.startswith("Fin de la ejecución (completada): pérdida en prueba")
    assert_all_spanish(window)


def test_the_spanish_training_panel_fits_its_column(spanish, qtbot) -> None:
    # The Spanish labels are longer: the form pushed the panel wider than the right column,
    # cutting off buttons behind a horizontal scroll bar.
    window = spanish_window(qtbot)
    window.training_dock.raise_()
    scroll = window.training.panel.findChild(QScrollArea)
    assert scroll is not None
    # Once the raised dock has been laid out, no horizontal scroll bar is left.
    qtbot.waitUntil(lambda: window.training.panel.isVisible()
                    and not scroll.horizontalScrollBar().isVisible(), timeout=3000)
    for button in window.training.panel.findChildren(QPushButton):
        if button.isVisible():
            assert button.width() >= button.minimumSizeHint().width(), button.text()


def test_the_dataset_chooser_names_the_datasets_in_spanish(spanish) -> None:
    from playground.gui.data.catalog import registry_rows

    rows = {row.name: row for row in registry_rows("es")}
    titles = [row.title for row in rows.values()]
    assert "Círculo (juguete 2D)" in titles
    assert [t for t in titles if "toy" in t or "digits" in t or "clothing" in t] == []
    assert rows["fashion-mnist"].classes_tip.startswith("Camiseta/top, Pantalón, Jersey")
    assert translated_classes(("cat", "dog", "7")) == ("gato", "perro", "7")
