"""Put the Draw pane into a main window: a dock by the learning curves and a View menu toggle.

The dock goes to the bottom area, tabified with the curves and results: that area is wide and
low, which suits the pane's side-by-side layout (pad, answer, bars) at 1280×800, where the
right-hand column would leave the pad and the bars too little height. Dragged to a side or
floated, the pane stacks its parts instead.

Calling :func:`install` again returns the dock already there, so the window may call it
whenever it is built and tests may call it too. It wires the pane's :class:`LiveSession` to
the window's document and training runner, and to the few events that change the weights or
their preprocessing without a document signal (a run finished, weights reset, settings edited).
The window's session lets the shipped ready-trained network answer for an untrained digit
network (see :mod:`playground.gui.draw.session`), so drawing works on first launch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDockWidget

from playground.gui.draw.draw_pane import DrawPane
from playground.gui.draw.session import LiveSession

if TYPE_CHECKING:
    from playground.gui.main_window import MainWindow

DOCK_NAME = "drawDock"


def tr(text: str) -> str:
    return QCoreApplication.translate("DrawPane", text)


def install(window: MainWindow) -> QDockWidget:
    """Add the "Draw" dock to ``window`` (once) and return it; the pane is ``window.draw_pane``."""
    existing = getattr(window, "draw_dock", None)
    if existing is not None:
        return existing
    training = window.training
    session = LiveSession(window.document, training.runner, window, ready_trained=True)
    pane = DrawPane(session)
    training.runFinished.connect(session.refresh)
    training.panel.resetClicked.connect(session.refresh)
    training.panel.settings.configChanged.connect(session.refresh)
    actions_by_name = getattr(window, "actions_by_name", None)
    if actions_by_name is None:  # called before the menus were built
        actions_by_name = window.actions_by_name = {}
    reset_action = actions_by_name.get("resetWeightsAction")
    if reset_action is not None:
        reset_action.triggered.connect(session.refresh)

    dock = window.add_pane(pane, tr("Draw"), DOCK_NAME, Qt.DockWidgetArea.BottomDockWidgetArea)
    dock.visibilityChanged.connect(lambda visible: visible and session.activate())
    dock.dockLocationChanged.connect(pane.place)
    dock.topLevelChanged.connect(
        lambda floating: pane.place(None if floating else window.dockWidgetArea(dock)))
    pane.place(Qt.DockWidgetArea.BottomDockWidgetArea)
    neighbours = [d for d in (getattr(window, name, None) for name in
                              ("compare_dock", "results_dock", "curves_dock")) if d is not None]
    if neighbours:
        window.tabifyDockWidget(neighbours[0], dock)
        raised = getattr(window, "curves_dock", None) or neighbours[0]
        raised.raise_()
    docks = getattr(window, "docks", None)
    if isinstance(docks, list):
        docks.append(dock)

    toggle = dock.toggleViewAction()
    toggle.setObjectName(f"{DOCK_NAME}Toggle")
    toggle.setText(tr("&Draw a Digit"))
    toggle.setStatusTip(tr("Show the pad to draw a digit and see what the network answers"))
    view_menu = getattr(window, "view_menu", None)
    if view_menu is not None:
        reset_layout = actions_by_name.get("resetLayoutAction")
        actions = view_menu.actions()
        before = None
        if reset_layout in actions:  # the toggles go before the separator above Reset Layout
            index = actions.index(reset_layout)
            before = actions[index - 1] if index > 0 and actions[index - 1].isSeparator() \
                else reset_layout
        if before is not None:
            view_menu.insertAction(before, toggle)
        else:
            view_menu.addAction(toggle)
    actions_by_name[toggle.objectName()] = toggle

    window.draw_session = session
    window.draw_pane = pane
    window.draw_dock = dock
    return dock
