"""The "Inside" pane as a window feature: tabbed with the other bottom panes, in the View menu.

What the user draws on the Draw pane reaches the feature maps and the learned space through the
host's ``inputDrawn``, so the two features do not know each other and either may be built first.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from playground.gui.host import WindowHost
from playground.gui.inside.inside_pane import InsidePane

DOCK_NAME = "insideDock"


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class InsideFeature:
    """Filters, feature maps, layer health and decision boundary in one dock."""

    def __init__(self, host: WindowHost) -> None:
        self.pane = InsidePane(host.document, host.training.runner, host.language)
        self.dock = host.add_pane(
            self.pane, tr("Inside the Network"), DOCK_NAME,
            Qt.DockWidgetArea.BottomDockWidgetArea, tab_with="curvesDock", view_toggle=True,
            toggle_tip=tr("Show or hide the filters, feature maps, layer health and "
                          "decision boundary"))
        self.dock.visibilityChanged.connect(self.pane.set_on_screen)
        host.signals.inputDrawn.connect(self.pane.feature_maps.show_drawing)
        host.signals.inputDrawn.connect(self.pane.learned_space.show_drawing)
        # A dot clicked on the map of the learned space: the Draw pane opens that test picture.
        self.pane.learned_space.sampleChosen.connect(host.signals.testSampleChosen.emit)
