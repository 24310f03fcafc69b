"""A clear ring, in the look's accent colour, around whatever has the keyboard focus.

Fusion marks focus on its own controls with a thin line in the highlight colour, easy to miss
on a projector, and not at all on what the app paints itself: the network editor, the plots,
the drawing pad, the picture grids. A keyboard user must always see where the next key goes, so
one ring is drawn around the focused widget, whatever it is.

It is drawn after a keyboard move only (Tab, Shift+Tab, a shortcut): Qt marks the window with
``WA_KeyboardFocusChange`` then, and clears the mark on a click, the same cue Fusion's own focus
frames follow. After a click the pointer already says where the user is.

The ring is a transparent child of the focused widget, made on its first keyboard focus and
hidden when the focus leaves, so it is clipped exactly like the widget: nothing shows for a
widget in a pane behind another pane's tab, and a grab of the widget shows its ring. For the
contents of a scroll area, which may be far larger than the pane (the editor's column of
cards), the ring goes round the part that shows. Widgets that paint a current item of their own
(the editor's selected card) draw the same ring with :func:`paint_ring`.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

from playground.gui import looks

RING_WIDTH = 2.0  # pixels: as wide as the thickest frame the app draws, so it stands out
RING_RADIUS = 3.0
RING_NAME = "focusRing"
WATCHER_NAME = "focusRings"


def paint_ring(painter: QPainter, rect: QRectF | QRect) -> None:
    """The focus ring just inside ``rect``, in the current look's accent colour."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(looks.current().accent), RING_WIDTH))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = RING_WIDTH / 2
    painter.drawRoundedRect(QRectF(rect).adjusted(inset, inset, -inset, -inset),
                            RING_RADIUS, RING_RADIUS)
    painter.restore()


def keyboard_focus(widget: QWidget) -> bool:
    """``widget`` has the focus, and the last focus move was made with the keyboard."""
    return widget.hasFocus() and widget.window().testAttribute(
        Qt.WidgetAttribute.WA_KeyboardFocusChange)


def shown_rect(widget: QWidget) -> QRect:
    """What the ring goes round: all of ``widget``, or the visible part of a scroll area's
    contents."""
    viewport = widget.parentWidget()
    area = viewport.parentWidget() if viewport is not None else None
    if isinstance(area, QAbstractScrollArea) and area.viewport() is viewport:
        return widget.visibleRegion().boundingRect()
    return widget.rect()


class FocusRing(QWidget):
    """The ring of one widget: a transparent child over all of it, shown while it has focus."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.setObjectName(RING_NAME)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setGeometry(target.rect())
        self.hide()
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the widget's size; repaint when scrolled; stay above children added later."""
        if watched is self.parentWidget():
            kind = event.type()
            if kind == QEvent.Type.Resize:
                self.setGeometry(self.parentWidget().rect())
            elif kind == QEvent.Type.Move and self.isVisible():
                self.update()  # scrolled: the visible part, and so the ring, moved
            elif kind == QEvent.Type.ChildAdded and self.isVisible():
                self.raise_()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = shown_rect(self.parentWidget())
        if rect.isEmpty():
            return
        painter = QPainter(self)
        paint_ring(painter, rect)
        painter.end()


def ring_of(widget: QWidget) -> FocusRing | None:
    """The ring ``widget`` has, if it was ever given one."""
    return widget.findChild(FocusRing, RING_NAME, Qt.FindChildOption.FindDirectChildrenOnly)


def wants_ring(widget: QWidget) -> bool:
    """A widget in a normal window (not a menu or a combo box's list) reached by keyboard."""
    window = widget.window()
    return (widget is not window and window.windowType() != Qt.WindowType.Popup
            and window.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange))


class FocusRings(QObject):
    """Follows the application's focus: shows the focused widget's ring, hides the last one."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName(WATCHER_NAME)
        self.shown: FocusRing | None = None
        app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self.shown is not None:
            with contextlib.suppress(RuntimeError):  # its widget was deleted, with the ring
                self.shown.hide()
            self.shown = None
        if new is None or not wants_ring(new):
            return
        ring = ring_of(new) or FocusRing(new)
        ring.setGeometry(new.rect())
        ring.raise_()
        ring.show()
        self.shown = ring


def install(app: QApplication | None = None) -> FocusRings:
    """Draw focus rings in ``app`` from now on (once per application; later calls return it)."""
    app = app or QApplication.instance()
    existing = app.findChild(FocusRings, WATCHER_NAME)
    return existing if existing is not None else FocusRings(app)
