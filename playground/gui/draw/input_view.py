"""What the network sees: its input picture drawn large with crisp pixels.

After the MNIST recipe a drawing is only 28×28 pixels; showing exactly that, enlarged without
smoothing and with a faint pixel grid, tells a student why a digit drawn in a corner still
works (it was moved and scaled) and why a very thin one may not (few pixels survive). Colour
pictures (CIFAR-10) are shown the same way.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

GRID_MIN_SCALE = 4  # draw the pixel grid when a pixel is at least this many screen pixels


def rgba_to_qimage(rgba: np.ndarray) -> QImage:
    """A QImage owning a copy of an (H, W, 4) uint8 RGBA picture (a heat map to lay over)."""
    a = np.ascontiguousarray(rgba, dtype=np.uint8)
    if a.ndim != 3 or a.shape[2] != 4:
        raise ValueError(f"An overlay must be (H, W, 4) RGBA, not shape {a.shape}.")
    h, w = a.shape[:2]
    return QImage(a.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()


def picture_to_qimage(picture: np.ndarray) -> QImage:
    """A QImage owning a copy of an (H, W) grey or (C, H, W) picture with values in [0, 1]."""
    a = np.asarray(picture, dtype=np.float32)
    if a.ndim == 3 and a.shape[0] == 1:
        a = a[0]
    u8 = np.round(np.clip(np.nan_to_num(a), 0.0, 1.0) * 255.0).astype(np.uint8)
    if u8.ndim == 3:  # channels first -> rows of RGB triples
        rgb = np.ascontiguousarray(np.moveaxis(u8[:3], 0, -1))
        h, w = rgb.shape[:2]
        return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    if u8.ndim != 2:
        raise ValueError(f"A picture must be (H, W) or (C, H, W), not shape {a.shape}.")
    grey = np.ascontiguousarray(u8)
    h, w = grey.shape
    return QImage(grey.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


class InputView(QWidget):
    """A small picture enlarged with nearest-neighbour pixels; ``picture`` is what it shows."""

    def __init__(self, side: int = 112, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inputView")
        self.setAccessibleName(self.tr("What the network sees"))
        self.setToolTip(self.tr("The picture the network gets: the drawing moved, scaled and "
                                "centred the way the MNIST digits were made."))
        self.side = side
        self.picture: np.ndarray | None = None
        self._image: QImage | None = None
        self.overlay: np.ndarray | None = None  # an RGBA heat map laid over the picture
        self._overlay_image: QImage | None = None
        self._grid_cache: tuple[tuple[int, ...], QPixmap] | None = None
        self.setMinimumSize(56, 56)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(self.side, self.side)

    def set_picture(self, picture: np.ndarray | None) -> None:
        """Show ``picture`` ((H, W) grey or (C, H, W) colour, in [0, 1]); None shows black."""
        if picture is None:
            self.picture, self._image = None, None
        else:
            self.picture = np.array(picture, dtype=np.float32, copy=True)
            self._image = picture_to_qimage(self.picture)
        self.update()

    def set_overlay(self, rgba: np.ndarray | None) -> None:
        """Lay an (H, W, 4) RGBA map over the picture, pixel for pixel; None removes it."""
        if rgba is None and self.overlay is None:
            return
        self.overlay = None if rgba is None else np.array(rgba, dtype=np.uint8, copy=True)
        self._overlay_image = None if rgba is None else rgba_to_qimage(self.overlay)
        self.update()

    def _target(self) -> QRectF:
        side = float(min(self.width(), self.height()))
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        r = self._target()
        painter.fillRect(r, QColor(0, 0, 0))
        image = self._image
        if image is not None:
            painter.drawImage(r, image)  # no smoothing: each pixel stays a square
            if self._overlay_image is not None:
                painter.drawImage(r, self._overlay_image)
            if r.width() / max(image.width(), 1) >= GRID_MIN_SCALE:
                painter.drawPixmap(r.topLeft(), self._grid(image.width(), image.height(), r))
        painter.setPen(QPen(QColor(110, 110, 110), 1))
        painter.drawRect(r.adjusted(0, 0, -1, -1))
        painter.end()

    def _grid(self, columns: int, rows: int, r: QRectF) -> QPixmap:
        """The pixel grid, drawn once per size: blended lines cost about a millisecond per
        repaint, and the view repaints with every stroke segment."""
        key = (columns, rows, round(r.width()), round(r.height()))
        if self._grid_cache is None or self._grid_cache[0] != key:
            grid = QPixmap(key[2], key[3])
            grid.fill(QColor(0, 0, 0, 0))
            painter = QPainter(grid)
            painter.setPen(QPen(QColor(60, 60, 60, 110), 0))
            for i in range(1, columns):
                x = round(i * r.width() / columns)
                painter.drawLine(x, 0, x, key[3])
            for i in range(1, rows):
                y = round(i * r.height() / rows)
                painter.drawLine(0, y, key[2], y)
            painter.end()
            self._grid_cache = (key, grid)
        return self._grid_cache[1]

    def minimumSizeHint(self) -> QSize:
        return QSize(56, 56)
