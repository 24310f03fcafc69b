"""The network editor: the input block, a vertical stack of layer cards, the output block, totals.

It accepts two drags: a layer type from the palette (inserted where it is dropped) and a card
(moved there). The drop logic lives in :meth:`NetworkEditor.drop_index_at` and
:meth:`NetworkEditor.handle_drop`, which the Qt drag events call, so tests can drive the real
code path with synthetic drag events. Every change goes to the :class:`Document` as one
undoable edit; the editor redraws from the document's analysis.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from playground.core.network.layers import FAMILY_TITLES, LAYER_TYPES
from playground.core.network.shapes import Analysis
from playground.gui import looks
from playground.gui.document import Document
from playground.gui.editor_canvas import DropIndicator, EditorCanvas, LayerColumn
from playground.gui.focus_ring import keyboard_focus
from playground.gui.icons import layer_icon
from playground.gui.io_blocks import InputBlock, OutputBlock
from playground.gui.layer_card import CARD_MAX_WIDTH, LayerCard
from playground.gui.mime import INDEX_MIME, TYPE_MIME
from playground.gui.totals import TotalsFooter

# A window shorter than this (960×540 logical pixels at a scale factor of 2) gets the compact
# input block and footer, as presentation mode does: the layer cards keep the room.
SHORT_WINDOW = 640


class NetworkEditor(QWidget):
    """Cards for the document's layers, with drag and drop, a context menu and totals."""

    def __init__(self, document: Document, language: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkEditor")
        self.setAccessibleName(self.tr("Network editor"))
        self.document = document
        self.language = language
        self.cards: list[LayerCard] = []
        self.drop_index: int | None = None

        self.canvas = EditorCanvas(self)
        self.input_block = InputBlock()
        self.input_block.datasetChosen.connect(document.set_dataset)
        self.input_block.shapeChosen.connect(document.set_input_shape)
        self.output_block = OutputBlock()
        self.output_block.fixRequested.connect(document.apply_fix)
        self.placeholder = QLabel(
            self.tr("Drag layers here from the palette, or double-click one to add it.")
        )
        self.placeholder.setObjectName("emptyHint")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setMaximumWidth(CARD_MAX_WIDTH)
        self.placeholder.setMinimumHeight(90)
        self.placeholder.setWordWrap(True)
        looks.set_style(self.placeholder,
                        "QLabel {{ color: {hint}; border: 2px dashed {plot_axis};"
                        " border-radius: 8px; }}")
        self.column = LayerColumn(self)
        self._layout = QVBoxLayout(self.column)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(22)
        self._layout.addWidget(self.input_block)
        self._layout.addWidget(self.placeholder)
        self._layout.addWidget(self.output_block)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(self.column, 100)
        centre.addStretch(1)
        outer = self._outer = QVBoxLayout(self.canvas)
        outer.setContentsMargins(16, 18, 16, 24)
        outer.addLayout(centre)
        outer.addStretch(1)
        self.drop_indicator = DropIndicator(self.column)
        self.drop_indicator.setObjectName("dropIndicator")
        self.drop_indicator.hide()

        self.scroll = QScrollArea()
        self.scroll.setObjectName("editorScroll")
        self.scroll.setAccessibleName(self.tr("Network diagram"))
        # One Tab stop for the editor: the canvas, which chooses cards with the arrow keys and
        # scrolls by the page (a focused scroll area would be a second stop that does less).
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.canvas)
        self.footer = TotalsFooter()
        self.compact = self._presenting = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.footer)
        self._make_actions()

        document.analysisChanged.connect(self.refresh)
        document.selectionChanged.connect(self._show_selection)
        self.refresh(document.analysis)

    def set_compact(self, on: bool) -> None:
        """Less room between the cards and a shorter input block and footer: presentation
        mode's large type, or a short window, would otherwise leave room for one card."""
        if on == self.compact:
            return
        self.compact = on
        self._layout.setSpacing(14 if on else 22)  # room for the arrows
        self._outer.setContentsMargins(*((12, 8, 12, 10) if on else (16, 18, 16, 24)))
        self.input_block.set_compact(on)
        self.footer.set_compact(on)

    def presentation_changed(self, on: bool) -> None:
        """The hook presentation mode calls on entering and leaving."""
        self._presenting = on
        self._choose_compact()

    def _choose_compact(self) -> None:
        self.set_compact(self._presenting or self.window().height() < SHORT_WINDOW)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._choose_compact()

    # -- actions the main window puts in its Edit menu -------------------------------------------
    def _make_actions(self) -> None:
        def action(name: str, text: str, keys: QKeySequence | str, slot) -> QAction:
            act = QAction(text, self)
            act.setObjectName(name)
            act.setShortcut(QKeySequence(keys))
            act.triggered.connect(slot)
            return act

        doc = self.document
        self.delete_action = action(
            "deleteLayer", self.tr("&Delete Layer"), QKeySequence.StandardKey.Delete,
            lambda: doc.remove_layer(doc.selected),
        )
        self.duplicate_action = action(
            "duplicateLayer", self.tr("D&uplicate Layer"), "Ctrl+D",
            lambda: doc.duplicate_layer(doc.selected),
        )
        self.move_up_action = action(
            "moveLayerUp", self.tr("Move Layer &Up"), "Ctrl+Up",
            lambda: doc.move_layer(doc.selected, doc.selected - 1),
        )
        self.move_down_action = action(
            "moveLayerDown", self.tr("Move Layer Do&wn"), "Ctrl+Down",
            lambda: doc.move_layer(doc.selected, doc.selected + 1),
        )
        self.layer_actions = (
            self.delete_action, self.duplicate_action, self.move_up_action, self.move_down_action
        )
        self.addActions(list(self.layer_actions))  # shortcuts work wherever the editor is shown

    def _update_actions(self) -> None:
        index, n = self.document.selected, len(self.document.spec.layers)
        self.delete_action.setEnabled(index >= 0)
        self.duplicate_action.setEnabled(index >= 0)
        self.move_up_action.setEnabled(index > 0)
        self.move_down_action.setEnabled(0 <= index < n - 1)

    # -- display ---------------------------------------------------------------------------------
    def visible_cards(self) -> list[LayerCard]:
        return self.cards[: len(self.document.spec.layers)]

    def refresh(self, analysis: Analysis | None = None) -> None:
        """Show the document's network: reuse cards, mark the failing one, update totals."""
        analysis = analysis or self.document.analysis
        spec, error = analysis.spec, analysis.error
        n = len(spec.layers)
        while len(self.cards) < n:
            card = LayerCard(self.column)
            card.pressed.connect(self._card_pressed)
            card.menuRequested.connect(self._show_context_menu)
            card.fixRequested.connect(self.document.apply_fix)
            card.otherFixRequested.connect(
                lambda index: self.document.apply_fix(index, alternative=True))
            self._layout.insertWidget(1 + len(self.cards), card)
            self.cards.append(card)
        while len(self.cards) > n:
            card = self.cards.pop()
            self._layout.removeWidget(card)
            card.hide()  # deleteLater waits for the event loop; do not paint it meanwhile
            card.deleteLater()
        for i, layer in enumerate(spec.layers):
            info = analysis.layers[i] if i < len(analysis.layers) else None
            card_error = error if error is not None and error.layer_index == i else None
            warning = next((w for w in analysis.warnings if w.layer_index == i), None)
            selected = i == self.document.selected
            self.cards[i].show_layer(i, layer, info, card_error, selected, self.language, warning)
        # An empty network gets a friendly hint (the placeholder), not a red error.
        network_error = error if error is not None and error.layer_index is None and n else None
        self.input_block.show_spec(spec)
        self.output_block.show_spec(spec, network_error, self.language)
        self.placeholder.setVisible(n == 0)
        self.footer.show_analysis(analysis, self.language)
        self.mark_current_card()
        self._update_actions()
        self.column.update()

    def _show_selection(self, index: int) -> None:
        for i, card in enumerate(self.visible_cards()):
            if card.selected != (i == index):
                card.selected = i == index
                card.update()
        self.mark_current_card()
        if 0 <= index < len(self.cards):
            self.scroll.ensureWidgetVisible(self.cards[index], 0, 30)
        self._update_actions()

    def mark_current_card(self) -> None:
        """Ring the selected card while the canvas has the keyboard focus (see focus_ring):
        the arrow keys move that card's selection, so the user sees which one is current."""
        keyboard = keyboard_focus(self.canvas)
        for card in self.visible_cards():
            marked = keyboard and card.selected
            if card.focus_marked != marked:
                card.focus_marked = marked
                card.update()

    def _card_pressed(self, index: int) -> None:
        self.document.select(index)
        self.canvas.setFocus(Qt.FocusReason.MouseFocusReason)

    def select_step(self, step: int) -> None:
        n = len(self.document.spec.layers)
        if n:
            current = self.document.selected
            start = (0 if step > 0 else n - 1) if current < 0 else current + step
            self.document.select(max(0, min(n - 1, start)))

    # -- drag and drop ---------------------------------------------------------------------------
    def _gap_y(self, index: int) -> int:
        """The y coordinate (column) of the gap before card ``index`` (``len``: after the last)."""
        cards = self.visible_cards()
        above = cards[index - 1] if index > 0 else self.input_block
        below = cards[index] if index < len(cards) else (
            self.placeholder if not cards else self.output_block
        )
        if below is self.placeholder:
            return below.geometry().center().y()
        return (above.geometry().bottom() + below.geometry().top()) // 2

    def drop_index_at(self, pos: QPoint) -> int:
        """Where a layer dropped at ``pos`` (canvas coordinates) goes: before the first card
        whose middle is below the pointer."""
        y = self.column.mapFrom(self.canvas, pos).y()
        for i, card in enumerate(self.visible_cards()):
            if y < card.geometry().center().y():
                return i
        return len(self.document.spec.layers)

    def show_drop_indicator(self, index: int) -> None:
        self.drop_index = index
        height = 12
        self.drop_indicator.setGeometry(
            0, self._gap_y(index) - height // 2, self.column.width(), height
        )
        self.drop_indicator.show()
        self.drop_indicator.raise_()

    def hide_drop_indicator(self) -> None:
        self.drop_index = None
        self.drop_indicator.hide()

    def drop_layer_type(self, type_name: str, index: int) -> None:
        self.document.insert_layer(index, type_name)

    def handle_drop(self, mime: QMimeData, pos: QPoint) -> bool:
        """Insert a palette layer or move a card to the gap at ``pos``; False if not ours."""
        index = self.drop_index_at(pos)
        if mime.hasFormat(TYPE_MIME):
            type_name = bytes(mime.data(TYPE_MIME).data()).decode()
            if type_name not in LAYER_TYPES:
                return False
            self.drop_layer_type(type_name, index)
            return True
        if mime.hasFormat(INDEX_MIME):
            try:
                source = int(bytes(mime.data(INDEX_MIME).data()).decode())
            except ValueError:
                return False
            destination = index - 1 if index > source else index
            self.document.move_layer(source, destination)
            return True
        return False

    # -- context menu ----------------------------------------------------------------------------
    def build_context_menu(self, index: int) -> QMenu:
        """The menu of the card at ``index``: duplicate, remove, insert before or after."""
        self.document.select(index)
        menu = QMenu(self)
        menu.setObjectName("layerContextMenu")
        menu.addAction(self.duplicate_action)
        menu.addAction(self.delete_action)
        menu.addSeparator()
        for offset, title in ((0, self.tr("Insert &Before")), (1, self.tr("Insert &After"))):
            sub = menu.addMenu(title)
            sub.setObjectName("insertBefore" if offset == 0 else "insertAfter")
            for family, family_title in FAMILY_TITLES.items():
                sub.addSection(family_title.get(self.language))
                for layer_type in LAYER_TYPES.values():
                    if layer_type.family == family:
                        act = sub.addAction(layer_icon(layer_type.name),
                                            layer_type.title.get(self.language))
                        act.setObjectName(f"insert{offset}_{layer_type.name}")
                        act.triggered.connect(
                            lambda _=False, t=layer_type.name, at=index + offset:
                            self.document.insert_layer(at, t)
                        )
        menu.addSeparator()
        menu.addAction(self.move_up_action)
        menu.addAction(self.move_down_action)
        return menu

    def _show_context_menu(self, index: int, global_pos: QPoint) -> None:
        menu = self.build_context_menu(index)
        menu.exec(global_pos)
        menu.deleteLater()
