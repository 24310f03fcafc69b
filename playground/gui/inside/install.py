"""Adds the "Inside" dock to a main window: tabbed with the other bottom panes, in the View menu.

``install(window)`` is idempotent: a second call returns the dock already there. Called before
the menus are built, the dock joins ``window.docks`` and the menus list it like the others;
called after, its toggle action is added to the View menu here. Installed after the drawing
pad, the pad's digit is sent to the feature maps as the user draws.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from playground.gui.inside.inside_pane import InsidePane

if TYPE_CHECKING:
    from playground.gui.main_window import MainWindow

DOCK_NAME = "insideDock"


def install(window: MainWindow) -> QDockWidget:
    """Create the Inside dock (once) and wire it to the window's document and training."""
    existing = window.findChild(QDockWidget, DOCK_NAME)
    if existing is not None:
        return existing
    pane = InsidePane(window.document, window.training.runner, window.language)
    dock = window.add_pane(pane, window.tr("Inside the Network"), DOCK_NAME,
                           Qt.DockWidgetArea.BottomDockWidgetArea)
    bottom = [d for d in (getattr(window, n, None) for n in ("compare_dock", "results_dock",
                                                            "curves_dock")) if d is not None]
    if bottom:
        window.tabifyDockWidget(bottom[0], dock)
    curves = getattr(window, "curves_dock", None)
    if curves is not None:
        curves.raise_()
    dock.visibilityChanged.connect(pane.set_on_screen)
    draw_pane = getattr(window, "draw_pane", None)  # the drawing pad, when installed before
    if draw_pane is not None and hasattr(draw_pane, "inputChanged"):
        draw_pane.inputChanged.connect(pane.feature_maps.show_drawing)
    window.inside_dock = dock  # type: ignore[attr-defined]
    window.inside_pane = pane  # type: ignore[attr-defined]
    docks = getattr(window, "docks", None)
    if docks is not None and dock not in docks:
        docks.append(dock)
    toggle = dock.toggleViewAction()
    toggle.setObjectName(f"{DOCK_NAME}Toggle")
    toggle.setToolTip(window.tr("Show or hide the filters, feature maps, layer health and "
                                "decision boundary"))
    view_menu = getattr(window, "view_menu", None)
    actions = getattr(window, "actions_by_name", None)
    if view_menu is not None and toggle not in view_menu.actions():
        reset = actions.get("resetLayoutAction") if actions else None
        separator = next((a for a in view_menu.actions() if a.isSeparator()), reset)
        view_menu.insertAction(separator, toggle)
    if actions is not None:
        actions[toggle.objectName()] = toggle
    return dock
