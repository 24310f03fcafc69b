"""The drawing pad: a canvas a student draws a digit on with the mouse, a pen or a finger.

Why it works this way:

* The ink is painted into a fixed 280×280 greyscale :class:`QImage` (ink 255 on 0, as MNIST
  stores digits), whatever the widget's size; the widget shows it scaled to fit. The MNIST
  recipe (:mod:`playground.core.data.digits`) only cares about the ink's shape, and a fixed canvas
  makes the same strokes give the same 28×28 input on every screen.
* Every stroke is kept (points, pressures, brush width), so Undo removes the last one by
  repainting the others; while drawing, only the new segment is painted (microseconds).
* A segment is an antialiased line with round caps, so consecutive segments join without gaps
  and a pen's pressure can change the width from one segment to the next.
* A pen reports pressure through :class:`QTabletEvent`; a finger through :class:`QTouchEvent`
  (the first finger draws). While a pen or finger stroke is going, mouse events (which some
  platforms send as well) are ignored, so nothing is drawn twice.
* Esc clears and Ctrl+Z (or Backspace) undoes while the pad has the keyboard focus: the pad
  claims those keys in ``ShortcutOverride``, so the window's Ctrl+Z (undo a network edit)
  does not fire instead.
* A picture (an opened file, the clipboard, a test digit) is *stamped* into the canvas as one
  undoable item, so it reaches the network along exactly the same path as drawn ink.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QInputDevice,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from playground.gui import looks

CANVAS_SIZE = 280  # canvas pixels on each side: ten times MNIST's 28
DEFAULT_BRUSH = 20.0  # canvas pixels; after the MNIST recipe about 2 pixels, like MNIST's pens
MIN_BRUSH, MAX_BRUSH = 6.0, 48.0
MIN_PRESSURE_WIDTH = 0.3  # the lightest pen touch draws this share of the brush width
MARGIN = 4  # widget pixels around the canvas, for the frame
OVERLAY_OPACITY = 0.6  # a heat map over the drawing lets the strokes show through

Point = tuple[float, float, float]  # x, y on the canvas, pressure 0..1


@dataclass
class Stroke:
    """One pen-down-to-pen-up line: canvas points and the brush diameter at full pressure."""

    width: float
    points: list[Point] = field(default_factory=list)


@dataclass(frozen=True)
class Stamp:
    """A picture pasted into ``rect`` of the canvas; ``image`` carries its ink as alpha."""

    image: QImage
    rect: QRectF


def _ink_image(picture: np.ndarray) -> QImage:
    """White ink whose opacity is the picture's ink (float in [0, 1]), premultiplied ARGB."""
    ink = np.clip(np.nan_to_num(np.asarray(picture, np.float32)), 0.0, 1.0)
    if ink.ndim != 2 or ink.size == 0:
        raise ValueError(f"A picture for the pad must be a non-empty 2D array, not {ink.shape}.")
    a = np.round(ink * 255.0).astype(np.uint32)
    argb = np.ascontiguousarray((a << 24) | (a << 16) | (a << 8) | a)
    h, w = argb.shape
    image = QImage(argb.data, w, h, 4 * w, QImage.Format.Format_ARGB32_Premultiplied)
    return image.copy()  # owns its pixels: the numpy buffer may go


class DrawingPad(QWidget):
    """A square canvas to draw on; ``inkChanged`` follows every painted segment."""

    inkChanged = Signal()  # the canvas changed (a segment, a dot, a stamp, clear, undo)
    strokeFinished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drawingPad")
        self.setAccessibleName(self.tr("Drawing pad"))
        self.setAccessibleDescription(self.tr(
            "Draw a digit with the mouse, a pen or a finger. Esc clears the pad; Ctrl+Z takes "
            "back the last stroke."))
        self.setToolTip(self.tr("Draw a digit here. Esc clears, Ctrl+Z undoes the last stroke."))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)
        self.canvas = QImage(CANVAS_SIZE, CANVAS_SIZE, QImage.Format.Format_Grayscale8)
        self.canvas.fill(0)
        self.items: list[Stroke | Stamp] = []
        self.brush = DEFAULT_BRUSH
        self.hint = self.tr("Draw a digit here")
        self._stroke: Stroke | None = None
        self.overlay: tuple[QImage, QRectF] | None = None  # a heat map over part of the canvas
        self._device_stroke = False  # a pen or finger is drawing: ignore mouse events

    # -- what the pad holds ----------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(260, 260)

    def is_empty(self) -> bool:
        return not self.items

    def canvas_array(self) -> np.ndarray:
        """A copy of the canvas as uint8 (rows, columns), ink 255 on 0."""
        c = self.canvas
        rows = np.frombuffer(c.constBits(), np.uint8, c.bytesPerLine() * c.height())
        return rows.reshape(c.height(), c.bytesPerLine())[:, : c.width()].copy()

    def set_brush_size(self, pixels: float) -> None:
        """The brush diameter in canvas pixels, for the strokes drawn from now on."""
        self.brush = float(min(max(pixels, MIN_BRUSH), MAX_BRUSH))

    def set_hint(self, text: str) -> None:
        """What the empty pad says (also why drawing is off, when it is disabled)."""
        self.hint = text
        self.update()

    def set_overlay(self, image: QImage | None, rect: QRectF | None = None) -> None:
        """Lay ``image`` (a heat map, drawn half transparent) over ``rect`` of the canvas, in
        canvas pixels; ``None`` removes it."""
        if image is None and self.overlay is None:
            return
        self.overlay = None if image is None or rect is None else (image, QRectF(rect))
        self.update()

    # -- geometry --------------------------------------------------------------------------------
    def canvas_rect(self) -> QRectF:
        """Where the canvas is shown: the largest centred square inside the margins."""
        side = max(1.0, min(self.width(), self.height()) - 2.0 * MARGIN)
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def to_canvas(self, pos: QPointF) -> QPointF:
        """A widget position in canvas pixels."""
        r = self.canvas_rect()
        scale = CANVAS_SIZE / r.width()
        return QPointF((pos.x() - r.x()) * scale, (pos.y() - r.y()) * scale)

    def from_canvas(self, pos: QPointF) -> QPointF:
        """A canvas position in widget coordinates (tests and scripts draw with it)."""
        r = self.canvas_rect()
        scale = r.width() / CANVAS_SIZE
        return QPointF(r.x() + pos.x() * scale, r.y() + pos.y() * scale)

    # -- editing ---------------------------------------------------------------------------------
    def clear(self) -> None:
        self._stroke = None
        if self.items:
            self.items.clear()
            self.canvas.fill(0)
            self.update()
            self.inkChanged.emit()

    def undo(self) -> None:
        """Take back the last stroke or picture."""
        if self._stroke is not None:
            self._stroke = None  # a stroke being drawn is the last one
        if self.items:
            self.items.pop()
            self._repaint_canvas()
            self.inkChanged.emit()

    def stamp(
        self, picture: np.ndarray, rect: QRectF | None = None, *, replace: bool = True
    ) -> None:
        """Paint a picture's ink (float in [0, 1], bright on dark) into ``rect`` of the canvas.

        Without ``rect`` the picture is fitted into the canvas keeping its aspect ratio. With
        ``replace`` the pad is cleared first; either way the picture is one undoable item.
        """
        image = _ink_image(picture)
        if rect is None:
            size = QSize(image.width(), image.height()).scaled(
                CANVAS_SIZE, CANVAS_SIZE, Qt.AspectRatioMode.KeepAspectRatio)
            rect = QRectF((CANVAS_SIZE - size.width()) / 2, (CANVAS_SIZE - size.height()) / 2,
                          size.width(), size.height())
        if image.width() > 2 * rect.width() or image.height() > 2 * rect.height():
            # Shrinking a large picture: Qt's smooth scaling averages, the painter would alias.
            image = image.scaled(max(1, round(rect.width())), max(1, round(rect.height())),
                                 Qt.AspectRatioMode.IgnoreAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        if replace:
            self.items.clear()
            self.canvas.fill(0)
        self._stroke = None
        item = Stamp(image, QRectF(rect))
        self.items.append(item)
        self._paint_items([item])
        self.update()
        self.inkChanged.emit()

    def draw_stroke(self, points: list[tuple[float, float]], width: float | None = None) -> None:
        """Draw a whole stroke through canvas points (x, y) at once, as one undoable item.

        For scripts and demonstrations (a screenshot with a hand-drawn-looking digit); a
        student's strokes arrive through the mouse, pen and touch events instead.
        """
        if not points:
            return
        self._stroke = None
        stroke = Stroke(self.brush if width is None else float(width),
                        [(float(x), float(y), 1.0) for x, y in points])
        self.items.append(stroke)
        self._paint_items([stroke])
        self.update()
        self.inkChanged.emit()

    def _begin(self, pos: QPointF, pressure: float = 1.0) -> None:
        p = self.to_canvas(pos)
        self._stroke = Stroke(self.brush, [(p.x(), p.y(), pressure)])
        self.items.append(self._stroke)
        self._paint_segment(self._stroke, 0)
        self.inkChanged.emit()

    def _extend(self, pos: QPointF, pressure: float = 1.0) -> None:
        stroke = self._stroke
        if stroke is None:
            return
        p = self.to_canvas(pos)
        last = stroke.points[-1]
        if abs(p.x() - last[0]) < 0.25 and abs(p.y() - last[1]) < 0.25:
            return  # the same canvas spot: nothing new to paint
        stroke.points.append((p.x(), p.y(), pressure))
        self._paint_segment(stroke, len(stroke.points) - 1)
        self.inkChanged.emit()

    def _end(self) -> None:
        if self._stroke is not None:
            self._stroke = None
            self.strokeFinished.emit()

    # -- painting the canvas ---------------------------------------------------------------------
    @staticmethod
    def _pen(width: float) -> QPen:
        pen = QPen(QColor(255, 255, 255), width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    @staticmethod
    def _segment_width(stroke: Stroke, a: Point, b: Point) -> float:
        pressure = (a[2] + b[2]) / 2
        return stroke.width * (MIN_PRESSURE_WIDTH + (1 - MIN_PRESSURE_WIDTH) * pressure)

    def _draw_segment(self, painter: QPainter, stroke: Stroke, index: int) -> None:
        """Point ``index`` of ``stroke``: a dot for the first, else a line from the one before."""
        b = stroke.points[index]
        a = stroke.points[index - 1] if index > 0 else b
        painter.setPen(self._pen(self._segment_width(stroke, a, b)))
        if index == 0:
            painter.drawPoint(QPointF(b[0], b[1]))
        else:
            painter.drawLine(QPointF(a[0], a[1]), QPointF(b[0], b[1]))

    def _painter(self) -> QPainter:
        painter = QPainter(self.canvas)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        return painter

    def _paint_segment(self, stroke: Stroke, index: int) -> None:
        painter = self._painter()
        try:
            self._draw_segment(painter, stroke, index)
        finally:
            painter.end()
        a = stroke.points[max(index - 1, 0)]
        b = stroke.points[index]
        self._update_canvas_area(a, b, stroke.width)

    def _paint_items(self, items: list[Stroke | Stamp]) -> None:
        painter = self._painter()
        try:
            for item in items:
                if isinstance(item, Stamp):
                    painter.drawImage(item.rect, item.image)
                else:
                    for i in range(len(item.points)):
                        self._draw_segment(painter, item, i)
        finally:
            painter.end()

    def _repaint_canvas(self) -> None:
        self.canvas.fill(0)
        self._paint_items(self.items)
        self.update()

    def _update_canvas_area(self, a: Point, b: Point, width: float) -> None:
        """Schedule a repaint of only the widget area a segment touched."""
        r = self.canvas_rect()
        scale = r.width() / CANVAS_SIZE
        pad = width / 2 + 2
        left, right = min(a[0], b[0]) - pad, max(a[0], b[0]) + pad
        top, bottom = min(a[1], b[1]) - pad, max(a[1], b[1]) + pad
        area = QRectF(r.x() + left * scale, r.y() + top * scale,
                      (right - left) * scale, (bottom - top) * scale)
        self.update(area.toAlignedRect())

    # -- painting the widget ---------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        r = self.canvas_rect()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(r, self.canvas)
        if self.overlay is not None:
            image, area = self.overlay
            scale = r.width() / CANVAS_SIZE
            painter.save()
            painter.setClipRect(r)
            painter.setOpacity(OVERLAY_OPACITY)
            painter.drawImage(QRectF(r.x() + area.x() * scale, r.y() + area.y() * scale,
                                     area.width() * scale, area.height() * scale), image)
            painter.restore()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = QColor(looks.current().accent) if self.hasFocus() else QColor(110, 110, 110)
        painter.setPen(QPen(frame, 2))
        painter.drawRect(r.adjusted(-1, -1, 1, 1))
        if not self.items or not self.isEnabled():
            painter.setPen(QColor(150, 150, 150))
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 1.3)
            painter.setFont(font)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(r.adjusted(16, 16, -16, -16), flags, self.hint)
        painter.end()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.EnabledChange:
            self.update()
        super().changeEvent(event)

    # -- mouse, pen, touch -----------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self._device_stroke:
            self._begin(event.position())
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton and not self._device_stroke:
            self._extend(event.position())
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self._device_stroke:
            self._extend(event.position())
            self._end()
            event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        device = event.pointingDevice()
        has_pressure = device is not None and bool(
            device.capabilities() & QInputDevice.Capability.Pressure)
        pressure = float(event.pressure()) if has_pressure else 1.0
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._device_stroke = True
            self._begin(event.position(), pressure)
        elif kind == QEvent.Type.TabletMove and self._device_stroke:
            self._extend(event.position(), pressure)
        elif kind == QEvent.Type.TabletRelease and self._device_stroke:
            self._end()
            self._device_stroke = False
        event.accept()  # no mouse events are synthesised for an accepted tablet event

    def _touch(self, event: QTouchEvent) -> None:
        points = event.points()
        if not points:
            return
        first = points[0]
        kind = event.type()
        if kind == QEvent.Type.TouchBegin:
            self._device_stroke = True
            self._begin(first.position())
        elif kind == QEvent.Type.TouchUpdate and self._device_stroke:
            self._extend(first.position())
        if kind in (QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            if kind == QEvent.Type.TouchEnd and self._device_stroke:
                self._extend(first.position())
            self._end()
            self._device_stroke = False

    # -- keys ------------------------------------------------------------------------------------
    @staticmethod
    def _is_undo(event: QKeyEvent) -> bool:
        return event.matches(QKeySequence.StandardKey.Undo) or (
            event.key() == Qt.Key.Key_Backspace
            and event.modifiers() == Qt.KeyboardModifier.NoModifier)

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
                    QEvent.Type.TouchCancel):
            if not self.isEnabled():
                return False
            self._touch(event)
            event.accept()
            return True
        if kind == QEvent.Type.ShortcutOverride and (
            event.key() == Qt.Key.Key_Escape or self._is_undo(event)
        ):
            event.accept()  # the pad's own keys win over the window's shortcuts
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
        elif self._is_undo(event):
            self.undo()
        else:
            super().keyPressEvent(event)
