"""Tab through the main window from its start: every stop can be seen and shows it has focus.

A stop must be a shown widget with something of it on screen, inside the central widget, a
pane that is raised (not behind another pane's tab) or one of the tab bars that choose between
panes. It must look focused: the window's pixels round its edge differ with and without the
focus. The walk goes with real Tab key presses until it comes round to its first stop.
"""

from __future__ import annotations

from collections import Counter

import pytest
from gui_helpers import settle
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QRegion
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QTabBar,
    QTabWidget,
    QWidget,
)
from test_accessible_names import open_trained_window

from playground.core.teaching.templates import TEMPLATES
from playground.gui.focus_ring import RING_NAME
from playground.gui.main_window import MainWindow

MAX_STOPS = 200  # a walk that never comes round is a broken chain
BAND = 3  # pixels along the edge of a stop where its focus must show


def seen_region(widget: QWidget) -> QRegion:
    """What of ``widget`` is on screen, its shown children included (a plot's or a scroll
    area's own region is empty: its viewport covers it), in its own coordinates."""
    region = QRegion(widget.visibleRegion())
    for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if child.isVisible() and not child.isWindow() and child.objectName() != RING_NAME:
            region += seen_region(child).translated(child.pos())
    return region


def pane_of(widget: QWidget) -> QDockWidget | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QDockWidget):
        parent = parent.parentWidget()
    return parent


def pane_tab_bars(window: QMainWindow) -> list[QTabBar]:
    return [bar for bar in window.findChildren(
        QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly) if bar.isVisible()]


def raised(window: QMainWindow, dock: QDockWidget) -> bool:
    """A pane on its own, or the chosen tab of its group (read from the group's tab bar)."""
    if dock.isFloating() or not window.tabifiedDockWidgets(dock):
        return True
    title = dock.windowTitle().replace("&", "")
    for bar in pane_tab_bars(window):
        titles = [bar.tabText(i).replace("&", "") for i in range(bar.count())]
        if title in titles:
            return bar.tabText(bar.currentIndex()).replace("&", "") == title
    return False


def where(window: QMainWindow, widget: QWidget) -> str:
    """"central", a pane's name, "pane tabs" or "" (nowhere a stop may be)."""
    if window.centralWidget().isAncestorOf(widget) or widget is window.centralWidget():
        return "central"
    dock = pane_of(widget)
    if dock is not None:
        return dock.objectName() if raised(window, dock) else ""
    if isinstance(widget, QTabBar) and widget.parent() is window:
        return "pane tabs"
    return ""


def on_screen(window: QMainWindow, widget: QWidget) -> QRect:
    rect = seen_region(widget).boundingRect()
    return QRect(widget.mapTo(window, rect.topLeft()), rect.size())


def edge_differs(a: QImage, b: QImage) -> bool:
    """Any pixel within :data:`BAND` of the edge differs between the two pictures."""
    w, h = a.width(), a.height()
    for y in range(h):
        xs = range(w) if y < BAND or y >= h - BAND else (*range(BAND), *range(w - BAND, w))
        if any(a.pixel(x, y) != b.pixel(x, y) for x in xs):
            return True
    return False


def press_tab(window: QMainWindow) -> QWidget | None:
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
    settle()
    return QApplication.focusWidget()


class Stop:
    """A widget Tab stopped at, and the window round its edge while it had the focus."""

    def __init__(self, window: QMainWindow, widget: QWidget) -> None:
        self.widget = widget
        self.seen = widget.isVisible() and not seen_region(widget).isEmpty()
        self.place = where(window, widget)
        self.rect = on_screen(window, widget)
        self.focused = window.grab(self.rect).toImage()
        self.plain: QImage | None = None

    def left(self, window: QMainWindow) -> None:
        """The focus moved on: the same place without it."""
        self.plain = window.grab(self.rect).toImage()

    def looks_focused(self) -> bool:
        return (self.plain is not None and self.focused.size() == self.plain.size()
                and not self.rect.isEmpty() and edge_differs(self.focused, self.plain))


def walk(window: QMainWindow) -> list[Stop]:
    """The stops from the start of the window until Tab comes round to the first again."""
    window.activateWindow()
    settle()
    focus = QApplication.focusWidget()
    if focus is not None:
        focus.clearFocus()
    stops: list[Stop] = []
    for _ in range(MAX_STOPS):
        widget = press_tab(window)
        assert widget is not None, "Tab left the window"
        if stops:
            stops[-1].left(window)
            if widget is stops[0].widget:
                return stops
        assert widget not in [s.widget for s in stops], (
            f"Tab came back to {widget.objectName()!r} before the start")
        stops.append(Stop(window, widget))
    raise AssertionError("Tab never came round to its first stop")


def describe(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.objectName()!r} ({widget.accessibleName()!r})"


def check_stops(window: QMainWindow, stops: list[Stop]) -> None:
    hidden = [describe(s.widget) for s in stops if not (s.seen and s.place)]
    assert hidden == [], f"stops a user cannot see: {hidden}"
    unmarked = [describe(s.widget) for s in stops if not s.looks_focused()]
    assert unmarked == [], f"stops that do not look focused: {unmarked}"


def ready(qtbot, window: MainWindow) -> None:
    qtbot.waitExposed(window)
    qtbot.wait(50)  # the pane tab bars are tidied once the first layout is done
    settle()


def test_tab_from_the_start_stops_only_where_the_user_sees_a_focus_ring(qtbot, window) -> None:
    ready(qtbot, window)
    stops = walk(window)
    check_stops(window, stops)
    widgets = [s.widget for s in stops]
    places = {s.place for s in stops}
    assert {"central", "paletteDock", "curvesDock", "pane tabs"} <= places
    editor = [w for w in widgets if window.editor.isAncestorOf(w)]
    assert editor[0] is window.editor.canvas  # one stop for the editor, not its scroll area
    assert window.editor.scroll not in widgets
    assert len(stops) == 11, [describe(w) for w in widgets]


def test_every_raised_pane_is_walked_with_a_focus_ring_on_every_stop(qtbot, window) -> None:
    ready(qtbot, window)
    groups = {tuple(sorted([d.objectName(), *(t.objectName()
                                               for t in window.tabifiedDockWidgets(d))]))
              for d in window.findChildren(QDockWidget) if d.isVisible()}
    seen: set[str] = set()
    for group in groups:
        for name in group:
            window.findChild(QDockWidget, name).raise_()
            settle()
            stops = walk(window)
            check_stops(window, stops)
            seen.update(s.place for s in stops)
    assert {"trainingDock", "resultsDock", "compareDock", "drawDock", "insideDock"} <= seen


def test_shift_tab_walks_the_same_stops_backwards(qtbot, window) -> None:
    ready(qtbot, window)
    stops = [s.widget for s in walk(window)]
    back: list[QWidget] = []
    for _ in stops:
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
        settle()
        back.append(QApplication.focusWidget())
    assert back == list(reversed(stops))


def test_a_pane_behind_a_tab_is_passed_even_from_inside_it(qtbot, window) -> None:
    ready(qtbot, window)
    window.training_dock.raise_()
    settle()
    epochs = window.training.panel.settings.widgets["epochs"]
    epochs.setFocus(Qt.FocusReason.TabFocusReason)
    settle()
    assert epochs.hasFocus()
    window.inspector_dock.raise_()  # the focused field is now behind the Inspector's tab
    settle()
    assert seen_region(epochs).isEmpty()  # and so is its focus ring
    widget = press_tab(window)
    assert widget is not None and where(window, widget), describe(widget)
    stops = walk(window)
    assert not any(window.training_dock.isAncestorOf(s.widget) for s in stops)


def test_after_a_run_every_pane_is_walked_with_a_focus_ring(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Results (its matrix, plot and picture grids), Compare Runs and Inside filled; a card
    with its "Fix it" button in the editor."""
    window = open_trained_window(qtbot, monkeypatch)
    places: Counter[str] = Counter()
    for dock in window.docks:
        dock.raise_()
        settle()
        pages = [(tabs, i) for tabs in dock.findChildren(QTabWidget)
                 for i in range(tabs.count()) if tabs.isTabVisible(i)]
        for tabs, index in pages or [(None, 0)]:  # every page of the pane's tabs
            if tabs is not None:
                tabs.setCurrentIndex(index)
                settle()
            stops = walk(window)
            check_stops(window, stops)
            places.update(s.place for s in stops)
    fix = window.editor.cards[0].error_panel.fix_button
    assert fix in [s.widget for s in walk(window)]
    assert places["resultsDock"] > 3 and places["insideDock"] > 3
    window.close()


def test_the_current_card_is_ringed_while_the_editor_has_the_keyboard(qtbot, window) -> None:
    ready(qtbot, window)
    window.document.load_template(TEMPLATES["mlp-mnist"])
    settle()
    assert walk(window)[0].widget is window.editor.canvas  # the walk ends where it began
    QTest.keyClick(window.editor.canvas, Qt.Key.Key_Down)  # choose the first card
    settle()
    card = window.editor.cards[0]
    assert card.selected and card.focus_marked
    marked = card.grab().toImage()
    press_tab(window)
    assert card.selected and not card.focus_marked
    assert edge_differs(marked, card.grab().toImage())
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)  # the pointer shows where the user is
    settle()
    assert window.editor.canvas.hasFocus() and not card.focus_marked


def test_page_down_scrolls_the_editor_from_its_one_tab_stop(qtbot, editor) -> None:
    editor.document.load_template(TEMPLATES["cnn-mnist"])
    editor.resize(800, 300)
    settle()
    bar = editor.scroll.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    editor.canvas.setFocus()
    QTest.keyClick(editor.canvas, Qt.Key.Key_PageDown)
    assert bar.value() > 0
    QTest.keyClick(editor.canvas, Qt.Key.Key_PageUp)
    assert bar.value() == 0
