"""The Draw pane as a window feature: a dock by the learning curves and a View menu toggle.

The dock goes to the bottom area, tabified with the curves and results: that area is wide and
low, which suits the pane's side-by-side layout (pad, answer, bars) at 1280×800, where the
right-hand column would leave the pad and the bars too little height. Dragged to a side or
floated, the pane stacks its parts instead.

The feature wires the pane's :class:`LiveSession` to the host's document and training runner,
and to the host's ``weightsChanged``/``settingsChanged`` (a run finished, weights reset,
settings edited). What the user draws goes out as the host's ``inputDrawn``, for whichever
feature shows it (the feature maps); a test picture picked elsewhere comes in as the host's
``testSampleChosen`` and opens in the browser. The session lets the shipped ready-trained
network answer for an untrained digit network (see :mod:`playground.gui.draw.session`), so
drawing works on first launch.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from playground.gui.draw.draw_pane import DrawPane
from playground.gui.draw.session import LiveSession
from playground.gui.host import WindowHost

DOCK_NAME = "drawDock"


def tr(text: str) -> str:
    return QCoreApplication.translate("DrawPane", text)


class DrawFeature:
    """The drawing pad, its live answer and its dock in one window."""

    def __init__(self, host: WindowHost) -> None:
        window = host.window_widget()
        self.session = LiveSession(host.document, host.training.runner, window,
                                   ready_trained=True)
        self.pane = DrawPane(self.session)
        host.signals.weightsChanged.connect(self.session.refresh)
        host.signals.settingsChanged.connect(self.session.refresh)
        self.pane.inputChanged.connect(host.signals.inputDrawn.emit)
        self.dock = host.add_pane(
            self.pane, tr("Draw"), DOCK_NAME, Qt.DockWidgetArea.BottomDockWidgetArea,
            tab_with="curvesDock", view_toggle=True, toggle_text=tr("&Draw a Digit"),
            toggle_tip=tr("Show the pad to draw a digit and see what the network answers"))
        dock = self.dock
        dock.visibilityChanged.connect(lambda visible: visible and self.session.activate())
        dock.dockLocationChanged.connect(self.pane.place)
        dock.topLevelChanged.connect(
            lambda floating: self.pane.place(None if floating else window.dockWidgetArea(dock)))
        self.pane.place(Qt.DockWidgetArea.BottomDockWidgetArea)
        host.signals.testSampleChosen.connect(self.show_test_sample)

    def show_test_sample(self, index: int) -> None:
        """A test picture picked elsewhere (a gallery, the learned space): bring the pane to
        the front with the picture in its browser, answered and explained."""
        self.dock.show()
        self.dock.raise_()
        self.session.activate()  # a pane never shown has not loaded its test pictures yet
        self.pane.show_test_sample(index)
