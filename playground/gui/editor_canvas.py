"""The drawing surface of the network editor: the drop target, the column of cards, the arrows.

These widgets only paint and pass drag, drop and key events to the editor
(:class:`~playground.gui.network_editor.NetworkEditor`), which decides what they mean. They know
it only as a :class:`CanvasOwner`, so the editor can import them without a cycle.
"""

from __future__ import annotations

import itertools
from typing import Protocol

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractSlider, QScrollArea, QWidget

from playground.gui import looks
from playground.gui.layer_card import CARD_MAX_WIDTH
from playground.gui.mime import INDEX_MIME, TYPE_MIME


class CanvasOwner(Protocol):
    """What the canvas asks of the editor that owns it."""

    input_block: QWidget
    output_block: QWidget
    placeholder: QWidget
    scroll: QScrollArea
    graph_area: QWidget

    def visible_cards(self) -> list[QWidget]: ...

    def select_step(self, step: int) -> None: ...

    def drop_index_at(self, pos: QPoint) -> int: ...

    def show_drop_indicator(self, index: int) -> None: ...

    def hide_drop_indicator(self) -> None: ...

    def handle_drop(self, mime: QMimeData, pos: QPoint) -> bool: ...

    def mark_current_card(self) -> None: ...

    def flow_blocks(self) -> list[QWidget]: ...

    def wheel_zoom(self, event: QWheelEvent) -> bool: ...

def _action_for(mime: QMimeData) -> Qt.DropAction:
    """A card is moved; a palette entry is copied (it stays in the palette)."""
    return Qt.DropAction.MoveAction if mime.hasFormat(INDEX_MIME) else Qt.DropAction.CopyAction


class DropIndicator(QWidget):
    """The blue line that shows where a dragged layer will land."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(looks.current().accent))
        h = self.height()
        painter.drawRoundedRect(QRectF(h / 2, h / 2 - 2, self.width() - h, 4), 2, 2)
        painter.drawEllipse(QPointF(h / 2, h / 2), h / 2 - 1, h / 2 - 1)
        painter.drawEllipse(QPointF(self.width() - h / 2, h / 2), h / 2 - 1, h / 2 - 1)
        painter.end()


class EditorCanvas(QWidget):
    """The scrolled area holding the blocks and cards; the drop target of the editor."""

    def __init__(self, editor: CanvasOwner) -> None:
        super().__init__()
        self.editor = editor
        self.setObjectName("editorCanvas")
        self.setAccessibleName(self.tr("Network layers"))
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pan_from: QPoint | None = None

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl+wheel zooms a graph; the wheel alone scrolls, as always."""
        if self.editor.wheel_zoom(event):
            event.accept()
            return
        super().wheelEvent(event)

    # Pan: drag the background (or anywhere with the middle button) to move a large graph.
    def mousePressEvent(self, event: QMouseEvent) -> None:
        left = event.button() == Qt.MouseButton.LeftButton and self.editor.graph_area.isVisible()
        if event.button() == Qt.MouseButton.MiddleButton or left:
            self._pan_from = event.globalPosition().toPoint()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is None:
            super().mouseMoveEvent(event)
            return
        now = event.globalPosition().toPoint()
        delta, self._pan_from = now - self._pan_from, now
        for bar, step in ((self.editor.scroll.horizontalScrollBar(), delta.x()),
                          (self.editor.scroll.verticalScrollBar(), delta.y())):
            bar.setValue(bar.value() - step)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            self.unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The editor's own background, a shade off the window's, in the current look."""
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(looks.current().canvas))
        painter.end()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.dragMoveEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        mime = event.mimeData()
        if not (mime.hasFormat(TYPE_MIME) or mime.hasFormat(INDEX_MIME)):
            event.ignore()
            return
        pos = event.position().toPoint()
        self.editor.show_drop_indicator(self.editor.drop_index_at(pos))
        self.editor.scroll.ensureVisible(pos.x(), pos.y(), 0, 40)  # scroll near the edges
        event.setDropAction(_action_for(mime))
        event.accept()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.editor.hide_drop_indicator()

    def dropEvent(self, event: QDropEvent) -> None:
        handled = self.editor.handle_drop(event.mimeData(), event.position().toPoint())
        self.editor.hide_drop_indicator()
        if handled:
            event.setDropAction(_action_for(event.mimeData()))
            event.accept()
        else:
            event.ignore()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.editor.mark_current_card()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editor.mark_current_card()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Up and Down choose the card above or below; Page Up and Page Down scroll.

        The canvas is the editor's one Tab stop (its scroll area takes no focus), so it also
        scrolls by the page, as the scroll area did.
        """
        key = Qt.Key(event.key())
        plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(key)
        page = {Qt.Key.Key_PageUp: QAbstractSlider.SliderAction.SliderPageStepSub,
                Qt.Key.Key_PageDown: QAbstractSlider.SliderAction.SliderPageStepAdd}.get(key)
        if step is not None and plain:
            self.editor.select_step(step)
            return
        if page is not None and plain:
            self.editor.scroll.verticalScrollBar().triggerAction(page)
            return
        super().keyPressEvent(event)


class LayerColumn(QWidget):
    """The centred column of blocks and cards, all the same width, joined by arrows."""

    def __init__(self, editor: CanvasOwner) -> None:
        super().__init__()
        self.editor = editor
        self.setMaximumWidth(CARD_MAX_WIDTH)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Arrows between consecutive blocks, so the stack reads as a flow from top to bottom.

        A graph draws its own arrows: the line from the input block meets them at the top of
        the graph's area without an arrowhead of its own.
        """
        blocks = self.editor.flow_blocks()
        graph = blocks[1] if len(blocks) == 3 and blocks[1].objectName() == "graphArea" else None
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(looks.current().plot_axis)
        painter.setPen(QPen(colour, 2))
        painter.setBrush(colour)
        for upper, lower in itertools.pairwise(blocks):
            # A graph's input and output blocks may be drawn off the centre line (a "shift"),
            # over its first layer and under its last: the line runs from or to that block.
            block = lower if upper is graph else upper
            x = block.geometry().center().x() + (block.property("shift") or 0)
            top, bottom = upper.geometry().bottom() + 2, lower.geometry().top() - 2
            if bottom - top < 8:
                continue
            if lower is graph:
                painter.drawLine(QPointF(x, top), QPointF(x, bottom + 2))
                continue
            if upper is graph:
                top -= 2
            painter.drawLine(QPointF(x, top), QPointF(x, bottom - 5))
            painter.drawPolygon(QPolygonF(
                [QPointF(x - 5, bottom - 6), QPointF(x + 5, bottom - 6), QPointF(x, bottom)]
            ))
        painter.end()
