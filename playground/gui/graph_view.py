"""The part of the editor that shows a network that branches: cards placed by the graph
layout, and the connections between them drawn as arrows.

The cards are the editor's own :class:`~playground.gui.layer_card.LayerCard` widgets, moved in
here while the network branches, so they look and behave as in a column. This widget places
them (:meth:`GraphArea.arrange`), paints the edges, lets the user pick an edge (to delete it)
and drag from a card's output handle to a merge card (to connect them). What a pick or a drag
means is the editor's business: it is told through :class:`GraphOwner`.
"""

from __future__ import annotations

import itertools
import math
from typing import Protocol

from PySide6.QtCore import QPointF, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QWidget

from playground.gui import looks
from playground.gui.graph_layout import INPUT, OUTPUT, Edge, GraphLayout, polyline

SLOT_WIDTH = 340  # pixels per card slot when branches sit side by side, at zoom 1
COLUMN_SLOT = 560  # a graph one card wide (residual blocks in a column) keeps wide cards
CARD_SHARE = 0.9  # of a slot; the rest is the room between neighbours
ROW_GAP = 46  # pixels between rows at zoom 1: room for arrows, handles and bends
HANDLE_RADIUS = 5
TRACK_GAP = 9  # pixels between the parallel tracks of nested skips
BRIEF_ZOOM = 0.8  # zoomed out further, cards leave out their settings and counts
EXTRA = 6 * TRACK_GAP  # room beside the cards for the tracks of nested skips
PICK_DISTANCE = 6  # how near (pixels) a click must be to pick an edge


class GraphOwner(Protocol):
    """What the graph area asks of the editor."""

    def edge_picked(self, edge: tuple[int, int] | None) -> None: ...

    def connect_dragged(self, source: int, target: int | None) -> None: ...


def _distance(p: QPointF, a: QPointF, b: QPointF) -> float:
    """From ``p`` to the segment ``ab``."""
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p.x() - a.x()) * dx
                                                  + (p.y() - a.y()) * dy) / length))
    return math.hypot(p.x() - a.x() - t * dx, p.y() - a.y() - t * dy)


class GraphArea(QWidget):
    """Cards at their places in rows, and the edges between them."""

    def __init__(self, owner: GraphOwner) -> None:
        super().__init__()
        self.setObjectName("graphArea")
        self.owner = owner
        self.layout_: GraphLayout | None = None
        self.cards: dict[int, QWidget] = {}  # shown node -> its card
        self.zoom = 1.0
        self.selected_edge: tuple[int, int] | None = None
        self._lines: list[tuple[Edge, list[QPointF]]] = []
        self._connect_from: int | None = None
        self._pointer: QPointF | None = None
        self._size = QSize(0, 0)
        self._slot = float(SLOT_WIDTH)
        self._tops: dict[int, float] = {}
        self._bottoms: dict[int, float] = {}
        self._row_tops: list[float] = []
        self._gap = float(ROW_GAP)

    # -- geometry --------------------------------------------------------------------------------
    def slot_width(self, layout_: GraphLayout, cards: dict[int, QWidget],
                   room: float | None = None) -> float:
        """Pixels per slot: narrower cards when branches sit side by side, narrower still to
        fit the ``room`` there is (pixels), but never narrower than the widest card's text
        needs; then zoomed."""
        base = COLUMN_SLOT if layout_.lanes == 1 else SLOT_WIDTH
        if room is not None and room > 0:
            base = min(base, (room - EXTRA) / layout_.width)
        least = max((card.minimumSizeHint().width() for card in cards.values()), default=0)
        return max(base * self.zoom, least / CARD_SHARE)

    def card_width(self) -> int:
        return round(self._slot * CARD_SHARE)

    def sizeHint(self) -> QSize:
        return self._size

    def minimumSizeHint(self) -> QSize:
        return self._size

    def arrange(self, layout_: GraphLayout, cards: dict[int, QWidget],
                room: float | None = None) -> None:
        """Place ``cards`` (shown node -> card) as ``layout_`` says and size the area to fit;
        ``room`` is the width shown without scrolling, which the cards shrink to fit."""
        self.layout_, self.cards = layout_, cards
        narrow = layout_.lanes > 1
        for card in cards.values():
            set_narrow = getattr(card, "set_narrow", None)
            if set_narrow is not None:
                set_narrow(narrow, brief=self.zoom < BRIEF_ZOOM)
        self._slot = self.slot_width(layout_, cards, room)
        width = self.card_width()
        gap = max(18.0, ROW_GAP * self.zoom)
        heights: dict[int, int] = {}
        for node, card in cards.items():
            card.setFixedWidth(width)
            lay = card.layout()
            hint = card.sizeHint().height()
            if lay is not None and lay.hasHeightForWidth():
                hint = max(hint, lay.totalHeightForWidth(width))
            heights[node] = hint
        row_height = [0] * layout_.row_count
        for node, row in layout_.rows.items():
            row_height[row] = max(row_height[row], heights.get(node, 0))
        tops, y = [], gap
        for h in row_height:
            tops.append(y)
            y += h + gap
        total_width = layout_.width * self._slot + EXTRA
        self._size = QSize(math.ceil(total_width), math.ceil(y))
        self._row_tops, self._gap = tops, gap
        self._place(heights)
        self.setMinimumSize(self._size)  # may resize the area now: it places the cards again
        self.updateGeometry()

    def offset(self, slots: float) -> float:
        """Pixels from the area's middle line to ``slots`` (the input's and the output's
        blocks, which the column centres, move this far to sit over the first layer and under
        the last)."""
        assert self.layout_ is not None
        return (slots - self.layout_.input_x) * self._slot

    def _x(self, slots: float) -> float:
        """Pixels from the left for ``slots``: the layout's middle at the area's middle."""
        assert self.layout_ is not None
        return self.width() / 2 + (slots - self.layout_.input_x) * self._slot

    def _place(self, heights: dict[int, int]) -> None:
        assert self.layout_ is not None
        width = self.card_width()
        self._tops, self._bottoms = {}, {}
        for node, card in self.cards.items():
            top = self._row_tops[self.layout_.rows[node]]
            x = self._x(self.layout_.xs[node]) - width / 2
            card.setGeometry(QRect(round(x), round(top), width, heights[node]))
            self._tops[node], self._bottoms[node] = top, top + heights[node]
        self._bottoms[INPUT] = 0.0
        self._tops[OUTPUT] = float(self.height())
        self._lines = [
            (edge, [QPointF(*p) for p in polyline(
                edge, self.layout_, self._tops.__getitem__, self._bottoms.__getitem__, self._x,
                self._gap / 2, TRACK_GAP)])
            for edge in self.layout_.edges
        ]
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.layout_ is not None and self.cards and self._row_tops:
            self._place({node: card.height() for node, card in self.cards.items()})

    def handle_point(self, node: int) -> QPointF:
        """The output handle of ``node``'s card: drag it onto a merge to connect."""
        assert self.layout_ is not None
        return QPointF(self._x(self.layout_.xs[node]), self._bottoms[node] + HANDLE_RADIUS + 2)

    def edge_points(self, source: int, target: int) -> list[QPointF]:
        """The drawn line of one edge (shown nodes), for tests and the pick."""
        for edge, points in self._lines:
            if (edge.source, edge.target) == (source, target):
                return points
        raise KeyError((source, target))

    def edge_at(self, pos: QPointF) -> tuple[int, int] | None:
        """The edge nearest ``pos`` within :data:`PICK_DISTANCE`, if any."""
        best, found = PICK_DISTANCE + 0.0, None
        for edge, points in self._lines:
            for a, b in itertools.pairwise(points):
                d = _distance(pos, a, b)
                if d <= best:
                    best, found = d, (edge.source, edge.target)
        return found

    def node_at(self, pos: QPointF) -> int | None:
        for node, card in self.cards.items():
            if card.geometry().contains(pos.toPoint()):
                return node
        return None

    # -- painting --------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        if self.layout_ is None:
            return
        look = looks.current()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        plain, chosen = QColor(look.plot_axis), QColor(look.accent)
        for edge, points in self._lines:
            selected = (edge.source, edge.target) == self.selected_edge
            colour = chosen if selected else plain
            painter.setPen(QPen(colour, 3.5 if selected else 2, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            path = QPainterPath(points[0])
            for p in points[1:-1]:
                path.lineTo(p)
            end, before = points[-1], points[-2]
            length = math.hypot(end.x() - before.x(), end.y() - before.y()) or 1.0
            ux, uy = (end.x() - before.x()) / length, (end.y() - before.y()) / length
            if edge.target == OUTPUT:  # the column's arrow into the output block follows
                path.lineTo(end)
                painter.drawPath(path)
                continue
            path.lineTo(QPointF(end.x() - ux * 5, end.y() - uy * 5))
            painter.drawPath(path)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawPolygon(QPolygonF([
                end,
                QPointF(end.x() - ux * 9 - uy * 5, end.y() - uy * 9 + ux * 5),
                QPointF(end.x() - ux * 9 + uy * 5, end.y() - uy * 9 - ux * 5),
            ]))
        painter.setPen(QPen(plain, 1.5))
        painter.setBrush(QColor(look.canvas))
        for node in self.cards:
            painter.drawEllipse(self.handle_point(node), HANDLE_RADIUS, HANDLE_RADIUS)
        if self._connect_from is not None and self._pointer is not None:
            painter.setPen(QPen(chosen, 2, Qt.PenStyle.DashLine))
            painter.drawLine(self.handle_point(self._connect_from), self._pointer)
        painter.end()

    # -- the mouse: pick an edge, or drag from a handle to connect -------------------------------
    def _handle_at(self, pos: QPointF) -> int | None:
        for node in self.cards:
            p = self.handle_point(node)
            if math.hypot(pos.x() - p.x(), pos.y() - p.y()) <= HANDLE_RADIUS + 4:
                return node
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()  # the canvas pans with the middle button
            return
        pos = event.position()
        handle = self._handle_at(pos)
        if handle is not None:
            self._connect_from, self._pointer = handle, pos
            self.setCursor(Qt.CursorShape.CrossCursor)
            event.accept()
            return
        edge = self.edge_at(pos)
        self.owner.edge_picked(edge)
        if edge is None:
            event.ignore()  # empty room: the canvas pans
            return
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._connect_from is None:
            event.ignore()
            return
        self._pointer = event.position()
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._connect_from is None:
            event.ignore()
            return
        source, self._connect_from, self._pointer = self._connect_from, None, None
        self.unsetCursor()
        self.update()
        self.owner.connect_dragged(source, self.node_at(event.position()))
        event.accept()

    def clear(self) -> None:
        self.layout_, self.cards, self._lines, self._row_tops = None, {}, [], []
        self.selected_edge = None
