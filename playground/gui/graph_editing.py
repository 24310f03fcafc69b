"""What the network editor does with a network that branches: runs of selected cards, the
graph edits of the context menu, edges picked and deleted, connections dragged, blocks folded,
zoom, and refusals said in words.

The editor stays the column it always was; this object only takes over its cards while the
network branches (:meth:`GraphEditing.show`), and adds the menu entries that make it branch.
Every edit goes to the :class:`~playground.gui.document.Document` as one undoable step; an
edit the network refuses changes nothing and the reason is shown under the diagram.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QLabel, QMenu

from playground.core.errors import PlaygroundError
from playground.core.network.layers import LAYER_TYPES
from playground.core.network.shapes import Analysis
from playground.gui.block_card import BlockCard
from playground.gui.document import Document
from playground.gui.graph_layout import Block, GraphLayout, layout, skip_blocks
from playground.gui.graph_view import GraphArea
from playground.gui.i18n import translate_message
from playground.gui.layer_card import LayerCard

ZOOM_STEP = 1.2
ZOOM_RANGE = (0.5, 1.6)


class GraphEditor(Protocol):
    """What graph editing asks of the network editor that owns it."""

    document: Document
    language: str
    graph_area: GraphArea
    notice: QLabel

    def refresh(self, analysis: Analysis | None = None) -> None: ...

    def show_run(self) -> None: ...

    def visible_cards(self) -> list[LayerCard]: ...

    def card_pressed(self, index: int) -> None: ...

    def show_context_menu(self, index: int, global_pos: QPoint) -> None: ...

    def room_for_graph(self) -> float: ...


class GraphEditing(QObject):
    """The editor's graph mode and graph edits (see the module's docstring)."""

    def __init__(self, editor: GraphEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.run: tuple[int, int] | None = None  # a run of selected cards (first, last)
        self.collapsed: set[int] = set()  # the merges of the folded blocks
        self.block_cards: dict[int, BlockCard] = {}
        self.current: GraphLayout | None = None
        self.refusal: Exception | None = None

    # -- the selection of a run ------------------------------------------------------------------
    def extend_run(self, index: int) -> None:
        """A shift-click: select the cards from the one selected before to ``index``."""
        doc = self.editor.document
        anchor = self.run[0] if self.run is not None else doc.selected
        if anchor < 0:
            anchor = index
        self.run = (min(anchor, index), max(anchor, index))
        doc.select(index)
        self.editor.show_run()

    def selected_run(self) -> tuple[int, int] | None:
        """The run the graph edits apply to: the shift-selected run, or the selected card."""
        if self.run is not None:
            return self.run
        index = self.editor.document.selected
        return (index, index) if index >= 0 else None

    # -- edits: each one step; a refusal is said in words and changes nothing --------------------
    def attempt(self, edit: Callable[[], object]) -> bool:
        """Run ``edit``; if the network refuses it, show why. True when it went through."""
        try:
            edit()
        except PlaygroundError as refusal:
            self.refuse(refusal)
            return False
        return True

    def refuse(self, refusal: Exception) -> None:
        self.refusal = refusal
        self.show_refusal()

    def show_refusal(self) -> None:
        notice = self.editor.notice
        if self.refusal is None:
            notice.hide()
            return
        notice.setText(translate_message(self.refusal))
        notice.setAccessibleName(notice.text())
        notice.show()

    def clear_refusal(self) -> None:
        if self.refusal is not None:
            self.refusal = None
            self.editor.notice.hide()

    def add_skip(self) -> bool:
        run = self.selected_run()
        if run is None:
            return False
        doc = self.editor.document
        done = self.attempt(lambda: doc.add_skip(run[0], run[1]))
        if done:
            self.run = None
        return done

    def add_branch(self, merge: str) -> bool:
        run = self.selected_run()
        if run is None:
            return False
        doc = self.editor.document
        done = self.attempt(lambda: doc.add_branch(run[0], run[1], merge))
        if done:
            self.run = None
        return done

    def connect(self, source: int, target: int | None) -> bool:
        """A drag from ``source``'s output handle ended on ``target`` (a shown node)."""
        if target is None or self.current is None or target == source:
            return False
        real = self.current.members[target][0]  # a folded block is read by its first layer
        doc = self.editor.document
        return self.attempt(lambda: doc.connect(source, real))

    def disconnect_selected(self) -> bool:
        """Delete the selected edge (the spec refuses if a layer would lead nowhere)."""
        area = self.editor.graph_area
        if area.selected_edge is None or self.current is None:
            return False
        source, target = area.selected_edge
        doc = self.editor.document
        inputs = doc.spec.connections
        real = next((i for i in self.current.members.get(target, ()) if source in inputs[i]),
                    None)
        if real is None:  # the edge to the output: the last layer is the output
            self.refuse(PlaygroundError(
                "The last layer is the network's output; its connection cannot be deleted."))
            return False
        done = self.attempt(lambda: doc.disconnect(source, real))
        if done:
            area.selected_edge = None
        return done

    # -- blocks ----------------------------------------------------------------------------------
    def blocks(self) -> list[Block]:
        spec = self.editor.document.spec
        return skip_blocks(spec.connections,
                           lambda i: LAYER_TYPES[spec.layers[i].type].merges)

    def block_of(self, index: int) -> Block | None:
        """The residual block ``index`` belongs to (the innermost), if any."""
        found = [b for b in self.blocks() if index in b.members]
        return min(found, key=lambda b: b.merge - b.first) if found else None

    def collapse(self, block: Block) -> None:
        self.collapsed.add(block.merge)
        self.editor.refresh()

    def expand(self, merge: int) -> None:
        self.collapsed.discard(merge)
        self.editor.refresh()

    # -- zoom ------------------------------------------------------------------------------------
    def zoom_by(self, factor: float) -> None:
        self.zoom_to(self.editor.graph_area.zoom * factor)

    def zoom_to(self, zoom: float) -> None:
        area = self.editor.graph_area
        low, high = ZOOM_RANGE
        zoom = max(low, min(high, round(zoom, 4)))
        if zoom != area.zoom:
            area.zoom = zoom
            if self.current is not None:
                self.editor.refresh()

    def reset_zoom(self) -> None:
        self.zoom_to(1.0)

    # -- showing the graph -----------------------------------------------------------------------
    def show(self, analysis: Analysis) -> None:
        """Lay the cards out as a graph (rows by depth, branches side by side)."""
        editor, spec = self.editor, analysis.spec
        blocks = {b.merge: b for b in self.blocks()}
        self.collapsed &= set(blocks)
        folded = [blocks[m] for m in sorted(self.collapsed)]
        self.current = layout(spec.connections, folded)
        shown: dict[int, object] = {}
        for merge in list(self.block_cards):
            if merge not in self.collapsed:
                card = self.block_cards.pop(merge)
                card.hide()
                card.deleteLater()
        for block in folded:
            card = self.block_cards.get(block.merge)
            if card is None:
                card = BlockCard(editor.graph_area)
                card.pressed.connect(editor.card_pressed)
                card.shiftPressed.connect(self.extend_run)
                card.menuRequested.connect(editor.show_context_menu)
                card.expandRequested.connect(self.expand)
                self.block_cards[block.merge] = card
            card.show_block(block, analysis, block.merge == editor.document.selected,
                            editor.language)
            card.show()
            shown[block.merge] = card
        hidden = {i for b in folded for i in b.members}
        for i, card in enumerate(editor.visible_cards()):
            if i in hidden:
                card.hide()
            else:
                card.show()
                shown[i] = card
        editor.graph_area.arrange(self.current, shown,  # type: ignore[arg-type]
                                  editor.room_for_graph())

    def leave(self) -> None:
        """Back to a column: no blocks to fold, no edges to pick."""
        for card in self.block_cards.values():
            card.hide()
            card.deleteLater()
        self.block_cards.clear()
        self.collapsed.clear()
        self.current = None
        self.editor.graph_area.clear()

    # -- the context menu ------------------------------------------------------------------------
    def add_menu_entries(self, menu: QMenu, index: int) -> None:
        """The graph edits of the card at ``index``: skip, branch, fold or unfold."""
        run = self.selected_run() or (index, index)
        several = run[0] != run[1]
        menu.addSeparator()
        skip = menu.addAction(self.tr("Add S&kip Connection Around These") if several
                              else self.tr("Add S&kip Connection Around This Layer"))
        skip.setObjectName("addSkip")
        skip.triggered.connect(self.add_skip)
        branch = menu.addMenu(self.tr("Add a Parallel &Branch"))
        branch.setObjectName("addBranch")
        for merge in (name for name, entry in LAYER_TYPES.items() if entry.merges):
            act = branch.addAction(self.tr("Joined by {0}").format(
                LAYER_TYPES[merge].title.get(self.editor.language)))
            act.setObjectName(f"addBranch_{merge}")
            act.triggered.connect(lambda _=False, m=merge: self.add_branch(m))
        if index in self.block_cards:
            expand = menu.addAction(self.tr("E&xpand Block"))
            expand.setObjectName("expandBlock")
            expand.triggered.connect(lambda: self.expand(index))
            return
        block = self.block_of(index)
        if block is not None and not self.editor.document.spec.is_sequential:
            collapse = menu.addAction(self.tr("Co&llapse Block"))
            collapse.setObjectName("collapseBlock")
            collapse.triggered.connect(lambda: self.collapse(block))
