"""Every control of the main window has a name a screen reader can say, unique in its pane.

Checked after a short real training run, so Results, Compare Runs and every Inside view are
filled, with a layer selected (its inspector form built) and a broken layer in the editor (its
"Fix it" button shown). A control's name is what Qt's accessibility layer gives a screen reader:
its accessible name, or for a button its text. Combo boxes and tab bars are different: Qt
speaks a combo box's value (on Linux) and a tab bar's current tab as their name, so each needs
an accessible name of its own, and a combo box a label that is its buddy (the "labelled by"
relation screen readers read there).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

import pytest
from gui_helpers import settle
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QLineEdit,
    QMessageBox,
    QScrollBar,
    QTabBar,
    QWidget,
)

from playground.app import create_window
from playground.core.teaching.templates import TEMPLATES
from playground.gui.i18n import install_language
from playground.gui.main_window import MainWindow
from playground.gui.training import controller
from playground.gui.training.worker import RunRequest

TRAIN_LIMIT = 300  # samples per run: enough to fill every pane, quick on a laptop
INTERACTIVE = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QAbstractSlider,
               QAbstractItemView, QTabBar, QAbstractScrollArea)  # plots are QGraphicsViews
# The inner parts of a control (a spin box's line edit, a tab bar's scroll arrows, a view's
# headers and scroll bars) are spoken as the control itself.
COMPOUND = (QAbstractSpinBox, QComboBox, QTabBar, QAbstractItemView, QAbstractScrollArea)


def controls(window: MainWindow) -> list[QWidget]:
    """The window's interactive widgets a screen reader can reach."""
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QScrollBar):
            continue
        if widget.window() is not window or isinstance(widget.parentWidget(), COMPOUND):
            continue  # a pop-up list, a dialog, or part of a control
        if widget.isHidden():
            continue  # hidden itself, so out of the screen reader's reach (a page of a tab
            # widget that is not shown, or a pane behind a tab, is still checked)
        if widget.objectName().startswith("qt_") and not isinstance(widget, QTabBar):
            continue  # Qt's own (a toolbar's overflow arrow); a tab widget's bar is checked
        found.append(widget)
    return found


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader says for ``widget``.

    Qt gives a combo box's value (on Linux) and a tab bar's current tab as their accessible
    Name; what tells them apart is the accessible name set on them, so that one is checked.
    """
    if isinstance(widget, (QComboBox, QTabBar)):
        return widget.accessibleName()
    interface = QAccessible.queryAccessibleInterface(widget)
    name = interface.text(QAccessible.Text.Name) if interface is not None else ""
    return name.replace("&", "")


def has_label(widget: QWidget) -> bool:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface is not None and bool(interface.relations(QAccessible.RelationFlag.Label))


def pane_of(window: MainWindow, widget: QWidget) -> str:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QDockWidget):
            return parent.objectName()
        if parent is window.centralWidget():
            return "editor"
        parent = parent.parentWidget()
    return "window"


def describe(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.objectName()!r}"


def name_problems(window: MainWindow) -> tuple[int, list[str]]:
    """How many controls were checked, and what is wrong with their names."""
    widgets = controls(window)
    problems = [f"no name: {describe(w)}" for w in widgets if not spoken_name(w).strip()]
    problems += [f"combo box without its label as buddy: {describe(w)}" for w in widgets
                 if isinstance(w, QComboBox) and not has_label(w)]
    names = Counter((pane_of(window, w), spoken_name(w)) for w in widgets if spoken_name(w))
    problems += [f"{count} controls named {name!r} in {pane}"
                 for (pane, name), count in names.items() if count > 1]
    return len(widgets), problems


def open_trained_window(qtbot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """A window after a one-epoch run of cnn-mnist on a small slice, every pane visited, with
    a broken layer put first (its "Fix it" button shown) and a convolution selected (its
    inspector form built). The Tab chain tests use it too."""
    monkeypatch.setattr(MainWindow, "ask_unsaved_changes",
                        lambda self: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(controller, "RunRequest",
                        functools.partial(RunRequest, limit=TRAIN_LIMIT))
    window = create_window(restore_layout=False)
    qtbot.addWidget(window)
    window.document.load_template(TEMPLATES["cnn-mnist"])
    window.document.config = replace(window.document.config, epochs=1)
    window.show()
    qtbot.waitExposed(window)
    inside = window.features["inside"]
    inside.dock.raise_()
    with qtbot.waitSignal(window.training.runFinished, timeout=120_000):
        window.training.train()
    pane = inside.pane
    for index in range(pane.tabs.count()):  # each view draws when it is shown
        pane.tabs.setCurrentIndex(index)
        view = pane.tabs.widget(index)
        qtbot.waitUntil(lambda v=view: v.redraws > 0, timeout=30_000)
    for dock in window.docks:
        dock.raise_()
        settle()
    window.document.insert_layer(0, "Dense")  # a broken layer: its "Fix it" shows
    window.document.select(1)  # the inspector's form for the first convolution
    settle()
    return window


@pytest.fixture
def trained_window(qtbot, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    window = open_trained_window(qtbot, monkeypatch)
    yield window
    window.close()


def test_every_control_has_a_name_of_its_own_in_its_pane(trained_window: MainWindow) -> None:
    window = trained_window
    assert window.training.results.data is not None  # the run really filled the panes
    checked, problems = name_problems(window)
    assert problems == [], "\n".join(problems)
    assert checked > 100
    print(f"{checked} controls checked")  # the count the report quotes (pytest -s)


def test_fix_it_and_picture_buttons_say_what_they_act_on(trained_window: MainWindow) -> None:
    window = trained_window
    card = window.editor.cards[0]
    assert card.error_panel.fix_button.isVisible()
    assert spoken_name(card.error_panel.fix_button) == "Fix it: Dense, layer 1"
    second = window.editor.cards[1].error_panel  # named before it has anything to fix
    assert spoken_name(second.fix_button) == "Fix it: Conv2D, layer 2"
    assert spoken_name(second.other_button) == "Other fix: Conv2D, layer 2"
    inside = window.features["inside"].pane
    assert spoken_name(inside.filters.png_button) == "Export Filters as a picture"
    assert spoken_name(inside.health.png_button) == "Export Health as a picture"
    for bar in (inside.tabs.tabBar(), window.features["draw"].pane.tabs.tabBar()):
        assert spoken_name(bar)


def test_spanish_names_are_unique_too(qtbot, qapp: QApplication) -> None:
    install_language(qapp, "es")
    try:
        window = create_window(language="es", restore_layout=False)
        qtbot.addWidget(window)
        window.document.load_template(TEMPLATES["cnn-mnist"])
        window.document.insert_layer(0, "Dense")
        window.show()
        qtbot.waitExposed(window)
        qtbot.wait(50)  # the pane tab bars are named once the first layout is done
        settle()
        _checked, problems = name_problems(window)
        assert problems == [], "\n".join(problems)
        card = window.editor.cards[0]
        assert card.title.text() in spoken_name(card.error_panel.fix_button)
    finally:
        install_language(qapp, "en")


def test_a_pane_group_made_by_the_user_has_a_named_tab_bar(qtbot, window: MainWindow) -> None:
    qtbot.waitExposed(window)
    window.tabifyDockWidget(window.inspector_dock, window.palette_dock)  # as a drag does
    qtbot.wait(50)  # the bars are named once the layout has settled
    settle()
    bars = [bar for bar in window.findChildren(QTabBar) if bar.parent() is window
            and bar.isVisible()]
    titles = {bar.accessibleName() for bar in bars}
    assert any("Layers" in title and "Inspector" in title for title in titles), titles
