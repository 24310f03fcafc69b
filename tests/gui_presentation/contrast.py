"""Text contrast measured on rendered pixels, as a reader sees it (WCAG 2, AA is 4.5:1).

For every piece of text on screen in a window (labels, buttons, fields, tabs, menu titles,
item-view rows, text browsers, and the texts of pyqtgraph plots: axes, titles, legends, text
items) the window is grabbed once and the box the text sits in is cropped from that picture.
The box's most common colour is its background; its text colour is the pixel that stands out
most from that background (a glyph's core, where antialiasing has not blended it). The
contrast of the two is what the reader gets.

Only text is checked: icons, data pictures and plot curves carry no words. Text of a disabled
control is left out, as WCAG 1.4.3 leaves it out: greyed is how it says "not now". A box is cropped
inside its frame, and an item's icon is cut off, so borders and icons do not pass for text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenuBar,
    QTabBar,
    QTextEdit,
    QToolButton,
    QWidget,
)

AA = 4.5
MAX_ROWS = 60  # rows of one item view checked (they all share a style)


@dataclass(frozen=True)
class TextSample:
    """One piece of text: where it is, what it says, and the contrast it was drawn with."""

    where: str
    text: str
    ratio: float
    background: str
    foreground: str


def _luminance(rgb: np.ndarray) -> np.ndarray:
    c = rgb / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def _pixels(image: QImage) -> np.ndarray:
    """An (h, w, 3) RGB array of ``image``."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), np.uint8, count=stride * height)
    return data.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()


def measure(pixels: np.ndarray) -> tuple[float, str, str] | None:
    """Contrast of the text in a crop: (ratio, background, text colour), None for no text."""
    flat = pixels.reshape(-1, 3).astype(np.int64)
    if len(flat) < 20:
        return None
    packed = (flat[:, 0] << 16) | (flat[:, 1] << 8) | flat[:, 2]
    values, counts = np.unique(packed, return_counts=True)
    background = int(values[np.argmax(counts)])
    back_rgb = np.array([(background >> 16) & 255, (background >> 8) & 255, background & 255])
    lum = _luminance(flat.astype(float))
    lum_back = float(_luminance(back_rgb.astype(float)))
    ratios = (np.maximum(lum, lum_back) + 0.05) / (np.minimum(lum, lum_back) + 0.05)
    best = int(np.argmax(ratios))
    if ratios[best] <= 1.0:  # one flat colour: no text drawn here
        return None
    text_rgb = flat[best]
    r, g, b = (int(v) for v in text_rgb)
    return float(ratios[best]), f"#{background:06x}", f"#{r:02x}{g:02x}{b:02x}"


def _text_boxes(widget: QWidget) -> Iterator[tuple[str, QRect]]:
    """The boxes (in ``widget``'s coordinates) in which ``widget`` draws text."""
    if isinstance(widget, QLabel):
        pixmap = widget.pixmap()
        if widget.text().strip() and (pixmap is None or pixmap.isNull()):
            yield widget.text(), widget.contentsRect()
    elif isinstance(widget, QToolButton):
        if widget.text() and widget.toolButtonStyle() != Qt.ToolButtonStyle.ToolButtonIconOnly \
                and (widget.icon().isNull()
                     or widget.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextOnly):
            yield widget.text(), widget.rect().adjusted(3, 3, -3, -3)
    elif isinstance(widget, QAbstractButton):
        if widget.text():
            box = widget.rect().adjusted(3, 3, -3, -3)
            if not widget.icon().isNull():
                box.setLeft(box.left() + widget.iconSize().width() + 4)
            yield widget.text(), box
    elif isinstance(widget, QLineEdit):
        if widget.text() and not isinstance(widget.parentWidget(), (QAbstractSpinBox, QComboBox)):
            yield widget.text(), widget.rect().adjusted(3, 3, -3, -3)
    elif isinstance(widget, QAbstractSpinBox):
        if widget.text():
            yield widget.text(), widget.rect().adjusted(3, 3, -18, -3)
    elif isinstance(widget, QComboBox):
        if widget.currentText() and widget.itemIcon(widget.currentIndex()).isNull():
            yield widget.currentText(), widget.rect().adjusted(4, 3, -22, -3)
    elif isinstance(widget, QTabBar):
        for i in range(widget.count()):
            if widget.tabText(i) and widget.isTabEnabled(i) and widget.isTabVisible(i):
                yield widget.tabText(i), widget.tabRect(i).adjusted(5, 4, -5, -4)
    elif isinstance(widget, QMenuBar):
        for action in widget.actions():
            if action.isVisible() and action.text():
                yield action.text(), widget.actionGeometry(action).adjusted(2, 2, -2, -2)
    elif isinstance(widget, QTextEdit):
        if widget.toPlainText().strip():
            viewport = widget.viewport()
            yield widget.toPlainText()[:40], viewport.geometry().adjusted(4, 4, -4, -4)
    elif isinstance(widget, QAbstractItemView):
        yield from _item_boxes(widget)


def _count(method: Callable[[QModelIndex], int], parent: QModelIndex, fallback: int) -> int:
    """A model's row or column count; some Qt models keep one of them private to Python."""
    try:
        return method(parent)
    except TypeError:
        return fallback


def _item_boxes(view: QAbstractItemView) -> Iterator[tuple[str, QRect]]:
    model = view.model()
    if model is None:
        return
    viewport = view.viewport()
    offset = viewport.geometry().topLeft()
    indexes = []
    root = QModelIndex()
    columns = _count(model.columnCount, root, 1)
    stack = [model.index(r, c, root) for r in range(min(_count(model.rowCount, root, 0), MAX_ROWS))
             for c in range(columns)]
    while stack and len(indexes) < MAX_ROWS * 4:
        index = stack.pop(0)
        indexes.append(index)
        children = _count(model.rowCount, index, 0) if index.column() == 0 else 0
        stack.extend(model.index(r, 0, index) for r in range(min(children, 20)))
    for index in indexes:
        text = index.data()
        if not isinstance(text, str) or not text.strip():
            continue
        rect = view.visualRect(index)
        if not rect.isValid() or not viewport.rect().intersects(rect):
            continue
        rect = rect.intersected(viewport.rect()).adjusted(2, 1, -2, -1)
        if index.data(Qt.ItemDataRole.DecorationRole) is not None:
            rect.setLeft(rect.left() + view.iconSize().width() + 6)
        yield text, rect.translated(offset)


def _plot_boxes(view: pg.GraphicsView) -> Iterator[tuple[str, QRect]]:
    """Boxes of a plot's texts, in the view's coordinates."""
    for item in view.scene().items():
        if not item.isVisible():
            continue
        if isinstance(item, pg.AxisItem):
            if item.style.get("showValues", True) and item.isVisible():
                text = f"axis {item.orientation}"
            else:
                continue
        elif isinstance(item, pg.LabelItem) and item.text:
            text = item.text
        elif isinstance(item, pg.TextItem) and item.toPlainText():
            text = item.toPlainText()
        else:
            continue
        box = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        box = box.intersected(view.viewport().rect())
        if box.width() > 4 and box.height() > 4:
            yield text, box


def samples(window: QWidget) -> list[TextSample]:
    """Every text visible in ``window``, with the contrast it is drawn with."""
    picture = _pixels(window.grab().toImage())
    scale = picture.shape[1] / max(window.width(), 1)
    found: list[TextSample] = []

    def add(owner: QWidget, text: str, box: QRect) -> None:
        top_left = owner.mapTo(window, box.topLeft()) if owner is not window else box.topLeft()
        area = QRect(top_left, box.size()).intersected(window.rect())
        if area.width() < 3 or area.height() < 3:
            return
        x0, y0 = round(area.left() * scale), round(area.top() * scale)
        x1, y1 = round((area.right() + 1) * scale), round((area.bottom() + 1) * scale)
        result = measure(picture[y0:y1, x0:x1])
        if result is not None:
            name = owner.objectName() or type(owner).__name__
            found.append(TextSample(f"{type(owner).__name__} {name}", text.strip()[:60], *result))

    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisible() or not widget.isEnabled():
            continue
        if isinstance(widget, pg.GraphicsView):  # the viewport covers the whole view
            viewport = widget.viewport()
            visible = viewport.visibleRegion().boundingRect()
            for text, box in _plot_boxes(widget):
                box = box.intersected(visible)
                if not box.isEmpty():
                    add(viewport, text, box)
            continue
        if widget.visibleRegion().isEmpty():
            continue
        visible = widget.visibleRegion().boundingRect()
        for text, full in _text_boxes(widget):
            box = full.intersected(visible)
            if box.height() < full.height():  # cut by a scroll area's edge: not all drawn
                continue
            if not box.isEmpty():
                add(widget, text, box)
    return found


def below(found: list[TextSample], minimum: float = AA) -> list[TextSample]:
    """The samples whose contrast is under ``minimum``."""
    return [s for s in found if s.ratio < minimum]

