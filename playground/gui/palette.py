"""The layer palette: every layer type of the catalogue, grouped by family, ready to drag.

Built from :data:`playground.core.network.layers.LAYER_TYPES`, so a layer type added to the
catalogue
appears here with no GUI change. An entry is dragged into the editor (MIME type
``application/x-nnp-layer-type``) or double-clicked (or Enter) to append it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from playground.core.network.layers import FAMILY_TITLES, LAYER_TYPES
from playground.gui import looks
from playground.gui.icons import family_colour, layer_icon
from playground.gui.mime import TYPE_MIME

TYPE_ROLE = Qt.ItemDataRole.UserRole


class LayerPalette(QTreeWidget):
    """A tree of families and layer types; emits ``layerActivated(type)`` to append one."""

    layerActivated = Signal(str)
    typeHighlighted = Signal(str)

    def __init__(self, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layerPalette")
        self.setAccessibleName(self.tr("Layer palette"))
        self.setAccessibleDescription(
            self.tr("Drag a layer into the network, or press Enter to add it at the end")
        )
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(8)
        self.setIconSize(QSize(28, 28))
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        looks.set_style(
            self, "QTreeWidget {{ background: {base}; }} QTreeWidget::item {{ padding: 3px 2px; }}"
        )
        self.language = language
        for family in FAMILY_TITLES:
            group = QTreeWidgetItem(self)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 0.9)
            group.setFont(0, font)
            group.setForeground(0, QBrush(looks.family_text(family_colour(family))))
            for layer_type in LAYER_TYPES.values():
                if layer_type.family != family:
                    continue
                item = QTreeWidgetItem(group)
                item.setIcon(0, layer_icon(layer_type.name))
                item.setData(0, TYPE_ROLE, layer_type.name)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsDragEnabled
                )
            group.setExpanded(True)
        self.retranslate()
        self.setMinimumWidth(170)
        self.itemDoubleClicked.connect(self._activate)
        self.currentItemChanged.connect(self._highlight)

    def retranslate(self) -> None:
        """Write every heading, name and explanation in :attr:`language` (at start and after a
        change of language: the headings are in capitals, which no catalogue holds)."""
        for index, title in enumerate(FAMILY_TITLES.values()):
            group = self.topLevelItem(index)
            group.setText(0, title.get(self.language).upper())
            group.setData(0, Qt.ItemDataRole.AccessibleTextRole, title.get(self.language))
            for j in range(group.childCount()):
                item = group.child(j)
                layer_type = LAYER_TYPES[item.data(0, TYPE_ROLE)]
                item.setText(0, layer_type.title.get(self.language))
                explanation = layer_type.explanation.get(self.language)
                item.setToolTip(0, f"<p style='max-width: 320px'>{explanation}</p>")
                item.setStatusTip(0, explanation)
                item.setData(0, Qt.ItemDataRole.AccessibleDescriptionRole, explanation)

    def look_changed(self, look: looks.Look) -> None:
        """Family headings in their colour, made readable on the new background."""
        for index, family in enumerate(FAMILY_TITLES):
            colour = looks.family_text(family_colour(family), look)
            self.topLevelItem(index).setForeground(0, QBrush(colour))

    def item_for(self, type_name: str) -> QTreeWidgetItem:
        """The entry of ``type_name`` (tests and the inspector's "show in palette" use it)."""
        for i in range(self.topLevelItemCount()):
            group = self.topLevelItem(i)
            for j in range(group.childCount()):
                if group.child(j).data(0, TYPE_ROLE) == type_name:
                    return group.child(j)
        raise KeyError(type_name)

    def _highlight(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        type_name = item.data(0, TYPE_ROLE) if item is not None else None
        if type_name:
            self.typeHighlighted.emit(type_name)

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        type_name = item.data(0, TYPE_ROLE)
        if type_name:
            self.layerActivated.emit(type_name)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self._activate(self.currentItem())
            return
        super().keyPressEvent(event)

    def mimeTypes(self) -> list[str]:
        return [TYPE_MIME]

    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        mime = QMimeData()
        names = [item.data(0, TYPE_ROLE) for item in items if item.data(0, TYPE_ROLE)]
        if names:
            mime.setData(TYPE_MIME, names[0].encode())
        return mime

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction
