"""The drawing surface of the network editor: the drop target, the column of cards, the arrows.

These widgets only paint and pass drag, drop and key events to :class:`NetworkEditor`, which
decides what they mean.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QWidget

from playground.gui.layer_card import CARD_MAX_WIDTH
from playground.gui.mime import INDEX_MIME, TYPE_MIME

if TYPE_CHECKING:
    from playground.gui.network_editor import NetworkEditor

ACCENT = "#1565C0"


def _action_for(mime: QMimeData) -> Qt.DropAction:
    """A card is moved; a palette entry is copied (it stays in the palette)."""
    return Qt.DropAction.MoveAction if mime.hasFormat(INDEX_MIME) else Qt.DropAction.CopyAction


class DropIndicator(QWidget):
    """The blue line that shows where a dragged layer will land."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(ACCENT))
        h = self.height()
        painter.drawRoundedRect(QRectF(h / 2, h / 2 - 2, self.width() - h, 4), 2, 2)
        painter.drawEllipse(QPointF(h / 2, h / 2), h / 2 - 1, h / 2 - 1)
        painter.drawEllipse(QPointF(self.width() - h / 2, h / 2), h / 2 - 1, h / 2 - 1)
        painter.end()


class EditorCanvas(QWidget):
    """The scrolled area holding the blocks and cards; the drop target of the editor."""

    def __init__(self, editor: NetworkEditor) -> None:
        super().__init__()
        self.editor = editor
        self.setObjectName("editorCanvas")
        self.setAccessibleName(self.tr("Network layers"))
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor("#FAFAFA"))
        self.setPalette(palette)

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

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(Qt.Key(event.key()))
        if step is not None and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.editor.select_step(step)
            return
        super().keyPressEvent(event)


class LayerColumn(QWidget):
    """The centred column of blocks and cards, all the same width, joined by arrows."""

    def __init__(self, editor: NetworkEditor) -> None:
        super().__init__()
        self.editor = editor
        self.setMaximumWidth(CARD_MAX_WIDTH)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Arrows between consecutive blocks, so the stack reads as a flow from top to bottom."""
        cards = self.editor.visible_cards() or [self.editor.placeholder]
        blocks = [self.editor.input_block, *cards, self.editor.output_block]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor("#90A4AE")
        painter.setPen(QPen(colour, 2))
        painter.setBrush(colour)
        for upper, lower in itertools.pairwise(blocks):
            x = upper.geometry().center().x()
            top, bottom = upper.geometry().bottom() + 2, lower.geometry().top() - 2
            if bottom - top < 8:
                continue
            painter.drawLine(QPointF(x, top), QPointF(x, bottom - 5))
            painter.drawPolygon(QPolygonF(
                [QPointF(x - 5, bottom - 6), QPointF(x + 5, bottom - 6), QPointF(x, bottom)]
            ))
        painter.end()
