"""The window fits a 1280×800 screen: no pane needs a horizontal scroll bar, no toolbar button
hides in the overflow menu."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractScrollArea, QDockWidget, QToolBar

from playground.core.teaching.templates import TEMPLATES


def test_every_pane_fits_1280_by_800_without_a_horizontal_scroll_bar(window, qtbot) -> None:
    window.document.load_template(TEMPLATES["cnn-mnist"])
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280, timeout=2000)
    checked, scrolling = 0, []
    for dock in window.findChildren(QDockWidget):
        if dock.isHidden() and not dock.toggleViewAction().isChecked():
            continue  # a pane the window does not show (an unopened lesson)
        dock.raise_()
        qtbot.waitUntil(lambda d=dock: not d.visibleRegion().isEmpty(), timeout=2000)
        for area in dock.findChildren(QAbstractScrollArea):
            if area.isVisible():
                checked += 1
                bar = area.horizontalScrollBar()
                if bar.isVisible() and bar.maximum() > 0:  # something is cut off
                    scrolling.append(f"{dock.objectName()}/{area.objectName() or type(area)}")
    assert checked >= 5 and scrolling == []
    for toolbar in window.findChildren(QToolBar):
        hidden = [a.text() for a in toolbar.actions() if not a.isSeparator()
                  and toolbar.widgetForAction(a) is not None
                  and not toolbar.widgetForAction(a).isVisible()]
        assert hidden == [], hidden  # Stop and the rest stay on the toolbar
