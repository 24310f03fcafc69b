"""Hiding the dock tab bars Qt leaves behind after tabifying and restoring docks.

``QMainWindow`` draws each group of tabbed docks with a ``QTabBar`` of its own. Building the
window tabifies its docks before it has its final size, and ``restoreState`` then lays the
groups out again with new tab bars; some of the earlier bars stay visible at their old place.
On every start after the first (when the saved layout is restored) one of them lay across the
layer palette, listing the bottom docks; when the window opens maximised, one listing the
right column's panes stayed across the inspector at its pre-maximised place.

A tab bar in use lies along one edge of the docks it lists, as long as that edge (Qt gives it
the group's whole width), so any visible bar that lies along none of its docks is a leftover
and is hidden. Qt shows a bar again itself if it later reuses it for a new group.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar

TOUCH_PX = 3  # a bar in use sits right against its dock; allow for a frame between them


def _near(a: int, b: int) -> bool:
    return abs(a - b) <= TOUCH_PX


def _lies_along(bar: QRect, dock: QRect) -> bool:
    """Whether ``bar`` runs along the top or bottom edge of ``dock`` (tabs above or below the
    group) or its left or right edge (tabs beside it), edge to edge."""
    columns = _near(bar.left(), dock.left()) and _near(bar.right(), dock.right())
    rows = _near(bar.top(), dock.top()) and _near(bar.bottom(), dock.bottom())
    above_or_below = _near(bar.top(), dock.bottom() + 1) or _near(bar.bottom() + 1, dock.top())
    beside = _near(bar.left(), dock.right() + 1) or _near(bar.right() + 1, dock.left())
    return (columns and above_or_below) or (rows and beside)


def _borders_one_of_its_docks(bar: QTabBar, docks: list[QDockWidget]) -> bool:
    titles = {bar.tabText(i).replace("&", "") for i in range(bar.count())}
    return any(dock.windowTitle().replace("&", "") in titles
               and _lies_along(bar.geometry(), dock.geometry()) for dock in docks)


def stray_tab_bars(window: QMainWindow) -> list[QTabBar]:
    """The visible dock tab bars of ``window`` that border none of the docks they list."""
    docks = [d for d in window.findChildren(QDockWidget)
             if d.isVisible() and not d.isFloating() and d.parent() is window]
    bars = window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return [bar for bar in bars
            if bar.isVisible() and not _borders_one_of_its_docks(bar, docks)]


def hide_stray_tab_bars(window: QMainWindow) -> int:
    """Hide the leftover tab bars; returns how many there were. Call once the layout is done."""
    strays = stray_tab_bars(window)
    for bar in strays:
        bar.hide()
    return len(strays)
