"""Galleries of test images: the pictures behind a confusion cell, or every mistake.

One widget paints the whole grid (a hundred 28×28 digits would otherwise be two hundred
labels): thumbnails are enlarged with nearest-neighbour scaling so the pixels stay crisp on a
projector, each may carry two caption lines (the prediction in red, the truth in grey), the
layout reflows with the width, and a tooltip names the test image under the mouse. At most
:data:`MAX_THUMBNAILS` are drawn; the caption above says how many there are in all.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QToolTip, QVBoxLayout, QWidget

from playground.gui import looks

MAX_THUMBNAILS = 100
THUMB_TARGET = 56  # pixels a thumbnail aims for (a 28×28 digit drawn twice as large)
SPACING = 6
MAX_CAPTION_WIDTH = 120


def to_qimage(picture: np.ndarray) -> QImage:
    """A QImage that owns a copy of one (H, W) grey or (3, H, W) colour uint8 picture."""
    if picture.ndim == 3:  # channels first -> rows of RGB triples
        rgb = np.ascontiguousarray(np.moveaxis(picture[:3], 0, -1))
        h, w = rgb.shape[:2]
        return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    grey = np.ascontiguousarray(picture)
    h, w = grey.shape
    return QImage(grey.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


class ThumbnailGrid(QWidget):
    """A reflowing grid of small pictures with optional two-line captions."""

    clicked = Signal(int)  # the position of the thumbnail clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thumbnailGrid")
        self.images: list[QImage] = []
        self.captions: list[tuple[str, str]] = []
        self.tooltips: list[str] = []
        self.message = ""
        self.thumb = THUMB_TARGET
        self.caption_font = QFont(self.font())
        self.caption_font.setPointSizeF(max(7.5, self.font().pointSizeF() - 1))
        self.setMouseTracking(True)

    def set_items(
        self,
        images: list[QImage],
        captions: list[tuple[str, str]] | None = None,
        tooltips: list[str] | None = None,
        message: str = "",
    ) -> None:
        """Show ``images`` (or ``message`` when there are none)."""
        self.images = images
        self.captions = captions or []
        self.tooltips = tooltips or []
        self.message = message
        side = max((max(i.width(), i.height()) for i in images), default=THUMB_TARGET)
        self.thumb = side * max(1, round(THUMB_TARGET / side))
        self.setAccessibleDescription(message or self.tr("{0} images").format(len(images)))
        self._update_height()
        self.update()

    def count(self) -> int:
        return len(self.images)

    # -- layout ---------------------------------------------------------------------------------
    def _caption_height(self) -> int:
        return 2 * QFontMetrics(self.caption_font).height() if self.captions else 0

    def _cell_size(self) -> QSize:
        width = self.thumb
        if self.captions:  # wide enough for most class names, long ones are elided
            metrics = QFontMetrics(self.caption_font)
            longest = max(metrics.horizontalAdvance(t) for pair in self.captions for t in pair)
            width = max(self.thumb + 24, min(MAX_CAPTION_WIDTH, longest + 8))
        return QSize(width, self.thumb + self._caption_height())

    def _columns(self) -> int:
        cell = self._cell_size()
        return max(1, (self.width() - SPACING) // (cell.width() + SPACING))

    def item_rect(self, index: int) -> QRect:
        cell = self._cell_size()
        columns = self._columns()
        row, col = divmod(index, columns)
        used = columns * (cell.width() + SPACING) + SPACING
        left = max(0, (self.width() - used) // 2) if len(self.images) >= columns else 0
        return QRect(left + SPACING + col * (cell.width() + SPACING),
                     SPACING + row * (cell.height() + SPACING), cell.width(), cell.height())

    def item_at(self, pos: QPoint) -> int | None:
        for i in range(len(self.images)):
            if self.item_rect(i).contains(pos):
                return i
        return None

    def _needed_height(self) -> int:
        if not self.images:
            return 60
        rows = -(-len(self.images) // self._columns())
        return SPACING + rows * (self._cell_size().height() + SPACING)

    def _update_height(self) -> None:
        self.setMinimumHeight(self._needed_height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_height()

    def sizeHint(self) -> QSize:
        return QSize(8 * (self._cell_size().width() + SPACING), self._needed_height())

    # -- painting and tooltips -----------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        look = looks.current()
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(look.base))
        if not self.images:
            painter.setPen(QColor(look.muted))
            painter.drawText(self.rect().adjusted(12, 0, -12, 0),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
            painter.end()
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        metrics = QFontMetrics(self.caption_font)
        painter.setFont(self.caption_font)
        visible = event.rect()
        for i, image in enumerate(self.images):
            rect = self.item_rect(i)
            if not rect.intersects(visible):
                continue
            target = QRect(rect.x() + (rect.width() - self.thumb) // 2, rect.y(), self.thumb,
                           self.thumb)
            painter.drawImage(target, image)
            painter.setPen(QColor(look.mid))
            painter.drawRect(target.adjusted(0, 0, -1, -1))
            if i < len(self.captions):
                line = metrics.height()
                for n, (text, colour) in enumerate(zip(self.captions[i],
                                                       (QColor(look.error), QColor(look.muted)),
                                                       strict=True)):
                    box = QRect(rect.x(), target.bottom() + 1 + n * line, rect.width(), line)
                    painter.setPen(colour)
                    painter.drawText(box, Qt.AlignmentFlag.AlignHCenter, metrics.elidedText(
                        text, Qt.TextElideMode.ElideRight, rect.width()))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.item_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and index is not None:
            self.clicked.emit(index)
            event.accept()
            return
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            index = self.item_at(event.pos())
            if index is not None and index < len(self.tooltips):
                QToolTip.showText(event.globalPos(), self.tooltips[index], self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


class Gallery(QWidget):
    """A caption line above a scrolling :class:`ThumbnailGrid`.

    Clicking a picture emits :attr:`sampleChosen` with its test sample index: the window opens
    it in the Draw pane's test browser, where the network's answer is shown and explained.
    """

    sampleChosen = Signal(int)

    def __init__(self, name: str, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.caption = QLabel(objectName=f"{name}Caption")
        self.caption.setWordWrap(True)
        self.caption.setAccessibleName(accessible_name)
        self.grid = ThumbnailGrid()
        self.grid.setObjectName(f"{name}Grid")
        self.grid.setAccessibleName(accessible_name)
        self.grid.clicked.connect(self._clicked)
        self.indices = np.zeros(0, np.int64)  # test sample index of each thumbnail
        self.total = 0  # how many there are in all (the grid shows at most MAX_THUMBNAILS)
        self.scroll = QScrollArea(objectName=f"{name}Scroll")
        self.scroll.setAccessibleName(accessible_name)  # the Tab stop: its keys scroll the grid
        self.scroll.setWidget(self.grid)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.caption)
        layout.addWidget(self.scroll, 1)

    def show_samples(
        self,
        caption: str,
        images: np.ndarray | None,
        indices: np.ndarray,
        captions: list[tuple[str, str]] | None = None,
        tooltips: list[str] | None = None,
        empty_message: str = "",
        no_images_message: str = "",
    ) -> None:
        """Show the pictures of test samples ``indices`` (the first :data:`MAX_THUMBNAILS`)."""
        self.caption.setText(caption)
        self.total = len(indices)
        shown = np.asarray(indices[:MAX_THUMBNAILS], dtype=np.int64)
        if images is None:
            self.indices = np.zeros(0, np.int64)
            self.grid.set_items([], message=no_images_message if len(indices) else empty_message)
            return
        self.indices = shown
        self.grid.set_items(
            [to_qimage(images[i]) for i in shown],
            captions[: len(shown)] if captions else None,
            tooltips[: len(shown)] if tooltips else None,
            message=empty_message,
        )

    def count(self) -> int:
        return self.grid.count()

    def _clicked(self, position: int) -> None:
        if 0 <= position < len(self.indices):
            self.sampleChosen.emit(int(self.indices[position]))
