"""Leftover dock tab bars are recognised and hidden; the tab bars in use stay."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QTabBar

from playground.gui.dock_tabs import hide_stray_tab_bars, stray_tab_bars


def test_a_tab_bar_away_from_its_docks_is_hidden_and_the_real_one_stays(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("editor"))
    docks = []
    for title in ("Learning Curves", "Results"):
        dock = QDockWidget(title, window)
        dock.setObjectName(title)
        dock.setWidget(QLabel(title))
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        docks.append(dock)
    window.tabifyDockWidget(*docks)
    window.resize(800, 600)
    # What Qt leaves behind: a bar listing the same docks, stuck where a pane now is.
    leftover = QTabBar(window)
    for title in ("Learning Curves", "Results"):
        leftover.addTab(title)
    leftover.setGeometry(0, 40, 300, 26)
    window.show()
    qtbot.waitExposed(window)
    bars = window.findChildren(QTabBar)
    in_use = [bar for bar in bars if bar.isVisible() and bar is not leftover]
    assert len(in_use) == 1
    assert stray_tab_bars(window) == [leftover]
    assert hide_stray_tab_bars(window) == 1
    assert not leftover.isVisible() and in_use[0].isVisible()
    assert stray_tab_bars(window) == []
