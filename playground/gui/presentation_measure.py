"""Measurements presentation mode sizes the panes by: what the editor's blocks, the training
panel's buttons and a group of tabbed panes need, read from the widgets as they are laid out.

Kept apart from the mode itself (which decides where the panes go) because they are plain reads
of Qt's size hints, each a few lines that are easier to check on their own.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QScrollArea, QStyle, QTabBar, QWidget


def editor_width(window: QMainWindow) -> int:
    """The width the editor's blocks need to show whole, without scrolling sideways."""
    editor = window.centralWidget()
    scroll = editor.findChild(QScrollArea) if editor is not None else None
    if scroll is None or scroll.widget() is None:
        return 0
    bar = scroll.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    return scroll.widget().minimumSizeHint().width() + bar + 2 * scroll.frameWidth()


def column_width_for_buttons(training: QDockWidget) -> int:
    """The training pane's width with every button whole and no horizontal scroll bar."""
    panel = training.widget()
    scroll = panel.findChild(QScrollArea)
    content = scroll.widget() if scroll is not None else panel
    bar = panel.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    frames = (training.width() - panel.width()) + 2 * (scroll.frameWidth() if scroll else 0)
    return content.minimumSizeHint().width() + bar + frames


def height_for_buttons(training: QDockWidget, buttons: QWidget | None) -> int:
    """The training pane's height down to the bottom of its Run box (title bar included)."""
    panel = training.widget()
    if buttons is None:
        return panel.minimumSizeHint().height()
    scroll = panel.findChild(QScrollArea)
    frame = scroll.frameWidth() if scroll is not None else 0
    margin = buttons.y()  # the panel's margin above the box, kept below it too
    chrome = training.height() - panel.height()
    bar = scroll.horizontalScrollBar() if scroll is not None else None
    below = bar.height() if bar is not None and bar.isVisible() else 0
    return chrome + frame + margin + buttons.sizeHint().height() + margin + below


def group_size(window: QWidget, dock: QDockWidget) -> QSize:
    """The size to give ``resizeDocks`` for ``dock``: for a group of tabbed docks it sizes the
    group, its tab bar included, so the bar's height (or width) is added to the dock's size."""
    size = dock.size()
    title = dock.windowTitle().replace("&", "")
    bars = window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
    for bar in bars:
        titles = {bar.tabText(i).replace("&", "") for i in range(bar.count())}
        if bar.isVisible() and title in titles:
            vertical = bar.shape() in (QTabBar.Shape.RoundedWest, QTabBar.Shape.RoundedEast,
                                       QTabBar.Shape.TriangularWest,
                                       QTabBar.Shape.TriangularEast)
            return size + (QSize(bar.width(), 0) if vertical else QSize(0, bar.height()))
    return size


def run_controls(panel: QWidget) -> QWidget | None:
    """The training panel's box of Train, Pause, Step, Stop and Reset, by its Stop button."""
    stop = panel.findChild(QWidget, "stopButton")
    return stop.parentWidget() if stop is not None else None
