"""How presentation mode makes type and plots larger, and how it puts them back.

Fonts are scaled from what each widget had before the mode (and whether the font was its own),
so leaving gives every widget its old font exactly; plot lines, symbols, axis and title fonts
are enlarged one item at a time, each returning the function that undoes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

MIN_LINE_WIDTH = 3.0
LINE_SCALE = 2.0
SYMBOL_SCALE = 1.6


def refont(widget_fonts: Mapping[QWidget, tuple[QFont, bool]], app_font: QFont,
           font_for: Callable[[QFont, bool], QFont], ratio: float) -> None:
    """Set the app font, and each widget's from its font before the mode (and whether it was
    its own) by ``font_for``; widgets built during the mode with a size of their own (a new
    layer card's title) grow or shrink by ``ratio``.

    Those built during the mode are told apart after the others have their fonts: one whose
    size followed its parent's meanwhile inherits it and is left alone, or it would change
    twice.
    """
    app = QApplication.instance()
    widgets = app.allWidgets()
    built = [w for w in widgets if w not in widget_fonts
             and w.testAttribute(Qt.WidgetAttribute.WA_SetFont)]
    sizes = [_size_of(w.font()) for w in built]
    app.setFont(app_font)
    for widget in widgets:
        if widget in widget_fonts:
            widget.setFont(font_for(*widget_fonts[widget]))
    for widget, size in zip(built, sizes, strict=True):
        if _size_of(widget.font()) == size:
            widget.setFont(scaled(widget.font(), ratio))


def _size_of(font: QFont) -> float:
    return font.pointSizeF() if font.pointSizeF() > 0 else float(font.pixelSize())


def scaled(font: QFont, factor: float) -> QFont:
    """``font`` ``factor`` times as large, in the unit it was given in."""
    result = QFont(font)
    if font.pointSizeF() > 0:
        result.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        result.setPixelSize(max(1, round(font.pixelSize() * factor)))
    return result


def _scaled_css(size: object, factor: float) -> object:
    """"9pt" times ``factor``; any other size (None, "large") is kept."""
    if isinstance(size, str) and size.endswith("pt"):
        try:
            return f"{float(size[:-2]) * factor:g}pt"
        except ValueError:
            return size
    return size


def enlarge(item: object, scale: float, tick_font: QFont) -> Callable[[], None] | None:
    """Thicken or enlarge one plot item for the projector; returns how to undo it."""
    if isinstance(item, pg.PlotDataItem):
        pen, size = item.opts["pen"], item.opts["symbolSize"]
        if pen is not None:
            thick = pg.mkPen(pen)
            if thick.style() != Qt.PenStyle.NoPen:
                thick.setWidthF(max(MIN_LINE_WIDTH, thick.widthF() * LINE_SCALE))
                item.setPen(thick)
        if item.opts["symbol"] is not None:
            item.setSymbolSize(size * SYMBOL_SCALE)

        def undo_line() -> None:
            if shiboken6.isValid(item):
                item.setPen(pen)
                item.setSymbolSize(size)
        return undo_line
    if isinstance(item, pg.AxisItem):
        font, label_style = item.style["tickFont"], dict(item.labelStyle)
        # The room kept for the tick labels grows with them, but shrinks back only when they
        # are 10 px narrower: it is put back as it was.
        text_size = (item.textWidth, item.textHeight)
        item.setStyle(tickFont=scaled(font, scale) if font is not None else tick_font)
        if "font-size" in label_style:  # the axis title ("loss", "epoch")
            item.labelStyle["font-size"] = _scaled_css(label_style["font-size"], scale)
        elif tick_font.pointSizeF() > 0:
            item.labelStyle["font-size"] = f"{tick_font.pointSizeF():g}pt"
        item._updateLabel()

        def undo_axis() -> None:
            if shiboken6.isValid(item):
                item.setStyle(tickFont=font)
                item.labelStyle = label_style
                item.textWidth, item.textHeight = text_size
                item._updateLabel()
        return undo_axis
    if isinstance(item, pg.LabelItem) and "size" in item.opts:
        size = item.opts["size"]
        if item.text:
            item.setText(item.text, size=_scaled_css(size, scale))
        else:
            item.opts["size"] = _scaled_css(size, scale)

        def undo_label() -> None:
            if shiboken6.isValid(item):
                item.setText(item.text, size=size) if item.text else None
                item.opts["size"] = size
        return undo_label
    return None
