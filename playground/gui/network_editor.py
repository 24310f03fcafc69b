"""The network editor: the input block, a vertical stack of layer cards, the output block, totals.

A network that branches is shown as a graph instead of a stack: the same cards in rows by
depth, branches side by side, arrows between them (see :mod:`playground.gui.graph_editing`).
It accepts two drags: a layer type from the palette (inserted where it is dropped) and a card
(moved there). The drop logic lives in :meth:`NetworkEditor.drop_index_at` and
:meth:`NetworkEditor.handle_drop`, which the Qt drag events call, so tests can drive the real
code path with synthetic drag events. Every change goes to the :class:`Document` as one
undoable edit; the editor redraws from the document's analysis.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QWheelEvent
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
from playground.gui.graph_editing import GraphEditing
from playground.gui.graph_view import GraphArea
from playground.gui.icons import layer_icon
from playground.gui.io_blocks import InputBlock, OutputBlock, shift_block
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
        self.graph_area = GraphArea(self)
        self.graph_area.hide()
        self._layout.addWidget(self.graph_area)
        self._layout.addWidget(self.output_block)
        self.graph = GraphEditing(self, self)
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
        self.notice = QLabel()  # why the network refused an edit, until the next change
        self.notice.setObjectName("editRefusal")
        self.notice.setWordWrap(True)
        self.notice.setContentsMargins(12, 6, 12, 6)
        looks.set_style(self.notice, "QLabel {{ color: {error}; }}")
        self.notice.hide()
        self.footer = TotalsFooter()
        self.compact = self._presenting = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.notice)
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
        for card in self.cards:
            card.set_tight(on)

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
            self._delete,
        )
        self.duplicate_action = action(
            "duplicateLayer", self.tr("D&uplicate Layer"), "Ctrl+D",
            lambda: doc.duplicate_layer(doc.selected),
        )
        self.move_up_action = action(
            "moveLayerUp", self.tr("Move Layer &Up"), "Ctrl+Up",
            lambda: self.graph.attempt(lambda: doc.move_layer(doc.selected, doc.selected - 1)),
        )
        self.move_down_action = action(
            "moveLayerDown", self.tr("Move Layer Do&wn"), "Ctrl+Down",
            lambda: self.graph.attempt(lambda: doc.move_layer(doc.selected, doc.selected + 1)),
        )
        self.layer_actions = (
            self.delete_action, self.duplicate_action, self.move_up_action, self.move_down_action
        )
        self.addActions(list(self.layer_actions))  # shortcuts work wherever the editor is shown
        self.zoom_in_action = action("zoomIn", self.tr("Zoom &In"), QKeySequence.StandardKey.ZoomIn,
                                     lambda: self.graph.zoom_by(1.2))
        self.zoom_out_action = action("zoomOut", self.tr("Zoom &Out"),
                                      QKeySequence.StandardKey.ZoomOut,
                                      lambda: self.graph.zoom_by(1 / 1.2))
        self.zoom_reset_action = action("zoomReset", self.tr("&Actual Size"), "Ctrl+0",
                                        self.graph.reset_zoom)
        self.zoom_actions = (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action)
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.addActions(list(self.zoom_actions))

    def _delete(self) -> None:
        """Delete the picked edge of a network that branches, else the selected layer."""
        if self.graph_area.selected_edge is not None and self.graph.current is not None:
            self.graph.disconnect_selected()
            return
        doc = self.document
        self.graph.attempt(lambda: doc.remove_layer(doc.selected))

    # -- what the graph area reports (GraphOwner) ------------------------------------------------
    def edge_picked(self, edge: tuple[int, int] | None) -> None:
        self.graph_area.selected_edge = edge
        self.graph_area.update()
        self._update_actions()
        self.canvas.setFocus()

    def connect_dragged(self, source: int, target: int | None) -> None:
        self.graph.connect(source, target)

    def wheel_zoom(self, event: QWheelEvent) -> bool:
        """Ctrl+wheel zooms a graph; True when the wheel was used so."""
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        if self.graph.current is not None and event.angleDelta().y():
            self.graph.zoom_by(1.2 if event.angleDelta().y() > 0 else 1 / 1.2)
        return True

    def _update_actions(self) -> None:
        index, n = self.document.selected, len(self.document.spec.layers)
        for act in self.zoom_actions:
            act.setEnabled(self.graph.current is not None)
        self.delete_action.setEnabled(index >= 0 or self.graph_area.selected_edge is not None)
        self.duplicate_action.setEnabled(index >= 0)
        column = self.document.spec.is_sequential  # a graph's layers move by their connections
        self.move_up_action.setEnabled(column and index > 0)
        self.move_down_action.setEnabled(column and 0 <= index < n - 1)

    # -- display ---------------------------------------------------------------------------------
    def visible_cards(self) -> list[LayerCard]:
        return self.cards[: len(self.document.spec.layers)]

    def refresh(self, analysis: Analysis | None = None) -> None:
        """Show the document's network: reuse cards, mark the failing one, update totals."""
        analysis = analysis or self.document.analysis
        spec, error = analysis.spec, analysis.error
        self.graph.clear_refusal()
        n = len(spec.layers)
        branching = not spec.is_sequential
        if not branching and self.graph.current is not None:
            self._back_to_column()
        while len(self.cards) < n:
            card = LayerCard(self.graph_area if branching else self.column)
            card.set_tight(self.compact)
            card.pressed.connect(self.card_pressed)
            card.shiftPressed.connect(self.graph.extend_run)
            card.menuRequested.connect(self.show_context_menu)
            card.fixRequested.connect(self.document.apply_fix)
            card.otherFixRequested.connect(
                lambda index: self.document.apply_fix(index, alternative=True))
            if not branching:
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
            selected = i == self.document.selected or self._in_run(i)
            self.cards[i].show_layer(i, layer, info, card_error, selected, self.language, warning)
        # An empty network gets a friendly hint (the placeholder), not a red error.
        network_error = error if error is not None and error.layer_index is None and n else None
        self.input_block.show_spec(spec)
        self.output_block.show_spec(spec, network_error, self.language)
        self.placeholder.setVisible(n == 0)
        if branching:
            self._show_graph(analysis)
        self.footer.show_analysis(analysis, self.language)
        self.mark_current_card()
        self._update_actions()
        self.column.update()

    # -- a network that branches -----------------------------------------------------------------
    def _show_graph(self, analysis: Analysis) -> None:
        """Move the cards into the graph area (once) and lay them out as a graph."""
        if self.graph.current is None:
            for card in self.cards:
                self._layout.removeWidget(card)
                card.setParent(self.graph_area)
            for block in (self.input_block, self.output_block):
                self._layout.setAlignment(block, Qt.AlignmentFlag.AlignHCenter)
            self.column.setMaximumWidth(16_777_215)
            self.graph_area.show()
        self.graph.show(analysis)
        # The input and output blocks keep a column's width above and below the graph.
        width = min(CARD_MAX_WIDTH, max(self.graph_area.sizeHint().width(),
                                        self.scroll.viewport().width() - 32))
        layout_ = self.graph_area.layout_
        assert layout_ is not None
        for block, x in ((self.input_block, layout_.entry_x), (self.output_block, layout_.exit_x)):
            block.setMinimumWidth(width)
            shift = round(self.graph_area.offset(x))
            # The drawn block narrows by twice its shift, so it stays inside the column.
            shift_block(block, max(-width // 4, min(width // 4, shift)))

    def _back_to_column(self) -> None:
        """The network is a column again: its cards go back into the stack, as before."""
        self.graph.leave()
        self.graph_area.hide()
        for i, card in enumerate(self.cards):
            card.setParent(self.column)
            card.set_narrow(False)
            card.setMinimumWidth(0)
            card.setMaximumWidth(CARD_MAX_WIDTH)
            self._layout.insertWidget(1 + i, card)
            card.show()
        for block in (self.input_block, self.output_block):
            self._layout.setAlignment(block, Qt.AlignmentFlag(0))
            block.setMinimumWidth(0)
            shift_block(block, 0)
        self.column.setMaximumWidth(CARD_MAX_WIDTH)

    def room_for_graph(self) -> float:
        """The width a graph may take without scrolling sideways (pixels)."""
        margins = self._outer.contentsMargins()
        return self.scroll.viewport().width() - margins.left() - margins.right() - 24

    def flow_blocks(self) -> list[QWidget]:
        """The blocks the column joins with arrows, top to bottom."""
        if self.graph.current is not None:
            return [self.input_block, self.graph_area, self.output_block]
        return [self.input_block, *(self.visible_cards() or [self.placeholder]),
                self.output_block]

    def _in_run(self, index: int) -> bool:
        run = self.graph.run
        return run is not None and run[0] <= index <= run[1]

    def show_run(self) -> None:
        """Mark the cards of the shift-selected run as selected."""
        self._show_selection(self.document.selected)

    def retranslate(self) -> None:
        """Say the last refusal again in the new language."""
        self.graph.show_refusal()

    def _show_selection(self, index: int) -> None:
        for i, card in enumerate(self.visible_cards()):
            selected = i == index or self._in_run(i)
            if card.selected != selected:
                card.selected = selected
                card.update()
        for merge, card in self.graph.block_cards.items():
            if card.selected != (merge == index):
                card.selected = merge == index
                card.update()
        self.mark_current_card()
        if 0 <= index < len(self.cards) and self.cards[index].isVisibleTo(self):
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

    def card_pressed(self, index: int) -> None:
        if self.graph.run is not None:
            self.graph.run = None
            self.show_run()
        self.edge_picked(None)
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
        if self.graph.current is not None:
            return self._graph_drop_index(pos)
        y = self.column.mapFrom(self.canvas, pos).y()
        for i, card in enumerate(self.visible_cards()):
            if y < card.geometry().center().y():
                return i
        return len(self.document.spec.layers)

    def _graph_drop_index(self, pos: QPoint) -> int:
        """In a graph, a layer dropped on (or just below) a card goes after it; below every
        card, at the end (before the output)."""
        at = self.graph_area.mapFrom(self.canvas, pos)
        for i, card in enumerate(self.visible_cards()):
            g = card.geometry()
            if card.isVisible() and g.left() <= at.x() <= g.right() and (
                    g.top() <= at.y() <= g.bottom() + 30):
                return i + 1
        return len(self.document.spec.layers)

    def show_drop_indicator(self, index: int) -> None:
        self.drop_index = index
        height = 12
        cards = self.visible_cards()
        if self.graph.current is not None and 0 < index <= len(cards):
            g = cards[index - 1].geometry()
            corner = self.graph_area.mapTo(self.column, g.bottomLeft())
            self.drop_indicator.setGeometry(corner.x(), corner.y() + 3, g.width(), height)
            self.drop_indicator.show()
            self.drop_indicator.raise_()
            return
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
            self.graph.attempt(lambda: self.drop_layer_type(type_name, index))
            return True
        if mime.hasFormat(INDEX_MIME):
            try:
                source = int(bytes(mime.data(INDEX_MIME).data()).decode())
            except ValueError:
                return False
            destination = index - 1 if index > source else index
            self.graph.attempt(lambda: self.document.move_layer(source, destination))
            return True
        return False

    # -- context menu ----------------------------------------------------------------------------
    def build_context_menu(self, index: int) -> QMenu:
        """The menu of the card at ``index``: duplicate, remove, insert before or after."""
        if not self._in_run(index):
            self.graph.run = None
            self.show_run()
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
                            self.graph.attempt(lambda: self.document.insert_layer(at, t))
                        )
        menu.addSeparator()
        menu.addAction(self.move_up_action)
        menu.addAction(self.move_down_action)
        self.graph.add_menu_entries(menu, index)
        return menu

    def show_context_menu(self, index: int, global_pos: QPoint) -> None:
        menu = self.build_context_menu(index)
        menu.exec(global_pos)
        menu.deleteLater()
