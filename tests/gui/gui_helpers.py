"""Helpers the GUI tests share: real Qt drag events, gap positions, layer lists."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from playground.gui.document import Document
from playground.gui.mime import INDEX_MIME, TYPE_MIME
from playground.gui.network_editor import NetworkEditor


def settle() -> None:
    """Let layouts run so card geometries are current."""
    QApplication.processEvents()
    QApplication.processEvents()


def gap_point(editor: NetworkEditor, index: int) -> QPoint:
    """A point on the canvas just above the middle of card ``index`` (or below the last)."""
    settle()
    cards = editor.visible_cards()
    if index < len(cards):
        geometry = cards[index].geometry()
        local = QPoint(geometry.center().x(), geometry.top() + 3)
    else:
        anchor = cards[-1] if cards else editor.input_block
        geometry = anchor.geometry()
        local = QPoint(geometry.center().x(), geometry.bottom() + 8)
    return editor.column.mapTo(editor.canvas, local)


def mime_for_type(type_name: str) -> QMimeData:
    mime = QMimeData()
    mime.setData(TYPE_MIME, type_name.encode())
    return mime


def mime_for_index(index: int) -> QMimeData:
    mime = QMimeData()
    mime.setData(INDEX_MIME, str(index).encode())
    return mime


def send_drag(target: QWidget, mime: QMimeData, pos: QPoint, drop: bool = True) -> bool:
    """Enter, move over and (optionally) drop on ``target`` with real Qt drag events."""
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, actions, mime, buttons, modifiers)
    QApplication.sendEvent(target, enter)
    move = QDragMoveEvent(pos, actions, mime, buttons, modifiers)
    QApplication.sendEvent(target, move)
    if not drop:
        return move.isAccepted()
    event = QDropEvent(QPointF(pos), actions, mime, buttons, modifiers)
    QApplication.sendEvent(target, event)
    settle()
    return event.isAccepted()


def leave_drag(target: QWidget) -> None:
    QApplication.sendEvent(target, QDragLeaveEvent())


def layer_types(document: Document) -> list[str]:
    return [layer.type for layer in document.spec.layers]
