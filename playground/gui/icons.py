"""Family colours and small layer icons, drawn with QPainter so the app ships no image files.

Colours come from the Okabe-Ito palette, which stays distinguishable for the common forms of
colour blindness and on a washed-out classroom projector. Red is kept for errors only, and the
family is always written next to its colour, so colour is never the only cue.
"""

from __future__ import annotations

import math
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QWidget

from playground.core.network.layers import FAMILY_COLOURS, LAYER_TYPES
from playground.gui import looks

__all__ = [
    "FAMILY_COLOURS",
    "family_colour",
    "glyph_icon",
    "layer_icon",
    "layer_pixmap",
    "retint_glyphs",
    "set_standard_icon",
    "type_colour",
]


def family_colour(family: str) -> QColor:
    """The colour of a layer family (grey for anything unknown)."""
    return QColor(FAMILY_COLOURS.get(family, "#777777"))


def type_colour(type_name: str) -> QColor:
    """The colour the layer type's registry entry asks for (its family's)."""
    return QColor(LAYER_TYPES[type_name].colour)


def _glyph(p: QPainter, name: str, s: float) -> None:
    """Draw the white glyph ``name`` (a layer type's ``icon``) in an ``s``-sized square."""
    u = s / 16.0  # design grid: 16 units
    pen = QPen(QColor("white"), max(1.2, 1.3 * u), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    white = QColor("white")

    def dot(x: float, y: float, r: float = 1.3) -> None:
        saved = p.pen()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(white)
        p.drawEllipse(QPointF(x * u, y * u), r * u, r * u)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(saved)

    if name == "dense":  # two fully connected columns
        left, right = (3.5, 8, 12.5), (5.5, 10.5)
        p.setPen(QPen(QColor("white"), max(1.0, 0.8 * u)))
        for y1 in left:
            for y2 in right:
                p.drawLine(QPointF(4 * u, y1 * u), QPointF(12 * u, y2 * u))
        for y in left:
            dot(4, y, 1.9)
        for y in right:
            dot(12, y, 1.9)
    elif name == "conv":  # a grid with a highlighted 2x2 kernel
        for i in range(4):
            p.drawLine(QPointF((3 + 3 * i) * u, 3 * u), QPointF((3 + 3 * i) * u, 12 * u))
            p.drawLine(QPointF(3 * u, (3 + 3 * i) * u), QPointF(12 * u, (3 + 3 * i) * u))
        p.fillRect(QRectF(3 * u, 3 * u, 6 * u, 6 * u), QColor(255, 255, 255, 170))
    elif name in ("max_pool", "avg_pool"):  # 2x2 block -> one cell
        for dx in (0, 3):
            for dy in (0, 3):
                p.drawRect(QRectF((2 + dx) * u, (4 + dy) * u, 3 * u, 3 * u))
        p.drawLine(QPointF(9 * u, 8 * u), QPointF(11 * u, 8 * u))
        cell = QRectF(11.5 * u, 6.5 * u, 3 * u, 3 * u)
        if name == "max_pool":
            p.fillRect(cell, white)
        else:
            p.drawRect(cell)
            p.drawLine(QPointF(12.2 * u, 8 * u), QPointF(13.8 * u, 8 * u))
    elif name == "flatten":  # a 3x3 grid becomes one column
        for i in range(3):
            for j in range(3):
                dot(3 + 2.4 * i, 5.6 + 2.4 * j, 0.95)
        p.drawLine(QPointF(9.2 * u, 8 * u), QPointF(10.8 * u, 8 * u))
        for k in range(5):
            dot(13, 3 + 2.5 * k, 0.95)
    elif name == "reshape":  # a 2x2 block rearranged into a 4x1 strip
        for dx in (0, 3):
            for dy in (0, 3):
                p.drawRect(QRectF((2 + dx) * u, (3 + dy) * u, 3 * u, 3 * u))
        for k in range(4):
            p.drawRect(QRectF(11 * u, (2 + 3 * k) * u, 3 * u, 3 * u))
        p.drawLine(QPointF(8.8 * u, 8 * u), QPointF(10 * u, 8 * u))
    elif name == "activation":  # a ReLU-like bend
        path = QPainterPath(QPointF(2.5 * u, 11.5 * u))
        path.lineTo(8 * u, 11.5 * u)
        path.lineTo(13.5 * u, 4 * u)
        p.drawPath(path)
    elif name == "dropout":  # a grid of dots with some missing
        for i in range(3):
            for j in range(3):
                if (i, j) in ((0, 1), (2, 0), (1, 2)):
                    p.drawEllipse(QPointF((4 + 4 * i) * u, (4 + 4 * j) * u), 1.3 * u, 1.3 * u)
                else:
                    dot(4 + 4 * i, 4 + 4 * j, 1.9)
    elif name == "batch_norm":  # a bell curve over a baseline
        path = QPainterPath(QPointF(2 * u, 12 * u))
        for k in range(41):
            x = -2.5 + 5 * k / 40
            path.lineTo((8 + x * 2.4) * u, (12 - 8 * math.exp(-x * x)) * u)
        p.drawPath(path)
        p.drawLine(QPointF(2 * u, 13 * u), QPointF(14 * u, 13 * u))
    elif name.startswith("loop_"):  # a loop: the state feeds back into itself
        r, start, span = 5.0, 110.0, 290.0
        p.drawArc(QRectF((8 - r) * u, (8 - r) * u, 2 * r * u, 2 * r * u),
                  int(start * 16), int(span * 16))
        end = math.radians(start + span)
        tip = QPointF((8 + r * math.cos(end)) * u, (8 - r * math.sin(end)) * u)
        travel = math.atan2(-math.cos(end), -math.sin(end))  # screen direction at the arc's end
        for wing in (travel + 2.6, travel - 2.6):
            p.drawLine(tip, tip + QPointF(math.cos(wing) * 2.6 * u, math.sin(wing) * 2.6 * u))
        gates = int(name[len("loop_"):])  # dots: SimpleRNN 1 cell, GRU 2, LSTM 3 gates
        for g in range(gates):
            dot(8 + 2.4 * (g - (gates - 1) / 2), 8, 1.05)
    elif name == "embedding":  # a lookup table: one highlighted row
        for i in range(4):
            p.drawRect(QRectF(3 * u, (2.5 + 3 * i) * u, 10 * u, 3 * u))
        p.fillRect(QRectF(3 * u, 5.5 * u, 10 * u, 3 * u), QColor(255, 255, 255, 190))
    elif name in ("add", "multiply"):  # two branches meeting in a circled + or ×
        p.drawLine(QPointF(3 * u, 2.5 * u), QPointF(6.3 * u, 6.3 * u))
        p.drawLine(QPointF(13 * u, 2.5 * u), QPointF(9.7 * u, 6.3 * u))
        p.drawEllipse(QPointF(8 * u, 9 * u), 3.4 * u, 3.4 * u)
        if name == "add":
            p.drawLine(QPointF(6 * u, 9 * u), QPointF(10 * u, 9 * u))
            p.drawLine(QPointF(8 * u, 7 * u), QPointF(8 * u, 11 * u))
        else:
            p.drawLine(QPointF(6.6 * u, 7.6 * u), QPointF(9.4 * u, 10.4 * u))
            p.drawLine(QPointF(9.4 * u, 7.6 * u), QPointF(6.6 * u, 10.4 * u))
    elif name == "concatenate":  # two blocks joined side by side into one
        p.drawRect(QRectF(2.5 * u, 2.5 * u, 4 * u, 4 * u))
        p.drawRect(QRectF(9.5 * u, 2.5 * u, 4 * u, 4 * u))
        p.drawLine(QPointF(4.5 * u, 7 * u), QPointF(6.5 * u, 9 * u))
        p.drawLine(QPointF(11.5 * u, 7 * u), QPointF(9.5 * u, 9 * u))
        p.fillRect(QRectF(4 * u, 9.5 * u, 4 * u, 4 * u), white)
        p.drawRect(QRectF(8 * u, 9.5 * u, 4 * u, 4 * u))


@lru_cache(maxsize=64)
def layer_pixmap(type_name: str, size: int = 32) -> QPixmap:
    """A rounded square in the family colour with the type's white symbol."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(type_colour(type_name))
    painter.drawRoundedRect(QRectF(0, 0, size, size), size * 0.22, size * 0.22)
    _glyph(painter, LAYER_TYPES[type_name].icon, float(size))
    painter.end()
    return pixmap


@lru_cache(maxsize=64)
def layer_icon(type_name: str) -> QIcon:
    """The type's icon in the sizes lists and menus ask for."""
    icon = QIcon()
    for size in (16, 24, 32, 48):
        icon.addPixmap(layer_pixmap(type_name, size))
    return icon


# -- standard toolbar glyphs ----------------------------------------------------------------------
GLYPH_PROPERTY = "standardGlyph"  # on an action whose icon is a tinted standard glyph
_SP = QStyle.StandardPixmap
# Fusion draws these as black shapes: on a dark theme they would vanish, so they are painted in
# the theme's text colour. The file icons are coloured pictures and stay as they are.
MONOCHROME_GLYPHS = frozenset({
    _SP.SP_ArrowBack, _SP.SP_ArrowForward, _SP.SP_MediaPlay, _SP.SP_MediaPause,
    _SP.SP_MediaSeekForward, _SP.SP_MediaStop, _SP.SP_BrowserReload,
})


def glyph_icon(style: QStyle, glyph: QStyle.StandardPixmap, colour: str) -> QIcon:
    """A standard one-colour glyph painted in ``colour``, at the sizes toolbars and menus use."""
    source = style.standardIcon(glyph)
    icon = QIcon()
    for size in (16, 22, 24, 32, 48):
        pixmap = source.pixmap(size, size)
        if pixmap.isNull():
            continue
        painter = QPainter(pixmap)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(pixmap.rect(), QColor(colour))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def set_standard_icon(action: QAction, style: QStyle, glyph: QStyle.StandardPixmap) -> None:
    """Give ``action`` a standard icon; one-colour glyphs follow the theme's text colour."""
    if glyph in MONOCHROME_GLYPHS:
        action.setProperty(GLYPH_PROPERTY, glyph.value)
        action.setIcon(glyph_icon(style, glyph, looks.current().text))
    else:
        action.setProperty(GLYPH_PROPERTY, None)
        action.setIcon(style.standardIcon(glyph))


def retint_glyphs(root: QWidget, look: looks.Look) -> None:
    """Paint again, in ``look``'s text colour, the glyph icons of the actions under ``root``."""
    for action in root.findChildren(QAction):
        value = action.property(GLYPH_PROPERTY)
        if value is not None:
            action.setIcon(glyph_icon(root.style(), QStyle.StandardPixmap(value), look.text))
