"""A bottom pane in a scroll area that fits the pane to the area's height whenever it can.

The bottom panes share one height: without a scroll area the tallest minimum among them
(Compare's list, plots and table) would be the group's, and on a short screen (960×540 at a
scale factor of 2) the editor above would keep room for one block. In the scroll area a pane
squeezed below its minimum scrolls instead.

A plain ``QScrollArea`` with ``widgetResizable`` gives a widget whose layout has a height for
its width (any wrapping label inside it) the height that layout *prefers* at that width, not the
viewport's: the Inside pane, whose views prefer about 600 px, then stood taller than its dock
and scrolled even where it could have fitted. :class:`_Fitted` hides that height-for-width from
the scroll area, so the pane is resized to the viewport and scrolls only below its minimum.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QScrollArea, QWidget


class _Fitted(QWidget):
    """Holds one pane without a layout: the pane fills it, its size hints are the pane's."""

    def __init__(self, pane: QWidget) -> None:
        super().__init__()
        self.pane = pane
        pane.setParent(self)
        pane.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:
        return self.pane.minimumSizeHint()

    def sizeHint(self) -> QSize:
        return self.pane.sizeHint()

    def resizeEvent(self, event: object) -> None:
        self.pane.setGeometry(self.rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The pane's hints changed: tell the scroll area, which then sizes this holder again.
        if watched is self.pane and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return False

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # posted by the pane's updateGeometry
            self.updateGeometry()
        return super().event(event)


def scrolled(widget: QWidget, name: str, title: str) -> QWidget:
    """``widget`` in a frameless scroll area that takes no Tab stop (a scroll area as it is)."""
    if isinstance(widget, QAbstractScrollArea):
        return widget
    scroll = QScrollArea()
    scroll.setObjectName(f"{name}Scroll")
    scroll.setAccessibleName(title)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidgetResizable(True)
    scroll.setWidget(_Fitted(widget))
    return scroll
