"""The drawing pad driven by real mouse, pen, touch and key events: the 28×28 input it yields.

Golden arrays (uint8, ``tests/gui_draw/golden/pad_<name>.npy``) pin the exact 28×28 input each
drawing gives after the MNIST recipe. They were written by this module itself: after a
deliberate change to the pad or the recipe, regenerate them with

    PLAYGROUND_UPDATE_GOLDEN=1 QT_QPA_PLATFORM=offscreen .venv/bin/pytest tests/gui_draw/test_pad.py

and look at them before committing. Each drawing is also checked against an independent
rendering of the same strokes (numpy, no Qt), so a golden array cannot pin a wrong picture.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from draw_helpers import DRAWINGS, mouse_drawing, mouse_stroke, reference_canvas, widget_point
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from playground.core.data.digits import mnistify
from playground.gui.draw.pad import CANVAS_SIZE, DEFAULT_BRUSH, MARGIN, DrawingPad

GOLDEN = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("PLAYGROUND_UPDATE_GOLDEN") == "1"


@pytest.fixture
def pad(qtbot) -> DrawingPad:
    """A pad whose canvas is shown at exactly its own size: one widget pixel, one canvas pixel."""
    widget = DrawingPad()
    widget.setFixedSize(CANVAS_SIZE + 2 * MARGIN, CANVAS_SIZE + 2 * MARGIN)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def pad_input(pad: DrawingPad) -> np.ndarray:
    """The 28×28 input the pad's drawing gives, as the Draw pane prepares it."""
    return mnistify(pad.canvas_array())


@pytest.mark.parametrize("name", sorted(DRAWINGS))
def test_mouse_strokes_give_the_golden_input(pad: DrawingPad, name: str) -> None:
    mouse_drawing(pad, DRAWINGS[name])
    image = pad_input(pad)
    path = GOLDEN / f"pad_{name}.npy"
    if UPDATE_GOLDEN:
        path.parent.mkdir(exist_ok=True)
        np.save(path, np.round(image * 255).astype(np.uint8))
    golden = np.load(path).astype(np.float32) / 255
    # The same Qt renders the same pixels; a little slack for another Qt's antialiasing.
    assert np.abs(image - golden).mean() < 0.004, name
    assert np.abs(image - golden).max() < 0.15, name
    # And the golden picture is the drawing: the strokes rendered without Qt look the same, up
    # to a one-pixel shift (the centre of mass may round either way on a half pixel).
    reference = mnistify(reference_canvas(DRAWINGS[name], DEFAULT_BRUSH))
    difference, correlation = closest_shift(golden, reference)
    assert difference < 0.01 and correlation > 0.99, name


def closest_shift(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Mean absolute difference and correlation of ``a`` and ``b`` shifted by at most one pixel
    to match best."""
    shifted = [np.roll(b, (dy, dx), axis=(0, 1)) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
    best = min(shifted, key=lambda s: float(np.abs(a - s).mean()))
    return float(np.abs(a - best).mean()), float(np.corrcoef(a.ravel(), best.ravel())[0, 1])


def test_ink_lands_where_the_mouse_went(pad: DrawingPad) -> None:
    mouse_stroke(pad, [(60, 140), (220, 140)])  # a horizontal bar across the middle
    canvas = pad.canvas_array()
    assert canvas[140, 60:221].min() == 255  # solid along the stroke
    assert canvas[:100].max() == 0
    assert canvas[180:].max() == 0 and canvas[:, :40].max() == 0 and canvas[:, 241:].max() == 0
    image = pad_input(pad)  # a bar is scaled to 20 wide, centred by its centre of mass
    rows = np.flatnonzero(image.max(axis=1) > 0.5)
    cols = np.flatnonzero(image.max(axis=0) > 0.5)
    assert rows.min() >= 12 and rows.max() <= 15
    assert cols.min() <= 5 and cols.max() >= 22


def test_a_click_is_a_dot_and_moves_without_a_button_draw_nothing(pad: DrawingPad) -> None:
    QTest.mouseMove(pad, widget_point(pad, 50, 50))
    QTest.mouseMove(pad, widget_point(pad, 90, 90))
    assert pad.is_empty() and pad.canvas_array().max() == 0
    QTest.mouseClick(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     widget_point(pad, 100, 100))
    ink = np.argwhere(pad.canvas_array() > 127)
    assert len(ink) > 0
    assert np.abs(ink.mean(axis=0) - (99.5, 99.5)).max() < 1.5
    assert np.ptp(ink[:, 0]) <= DEFAULT_BRUSH


def test_undo_takes_back_the_last_stroke_and_escape_clears(qtbot, pad: DrawingPad) -> None:
    first, second = DRAWINGS["four"]
    mouse_stroke(pad, first)
    only_first = pad.canvas_array()
    mouse_stroke(pad, second)
    assert (pad.canvas_array() > only_first).any()
    pad.setFocus()
    with qtbot.waitSignal(pad.inkChanged, timeout=1000):
        QTest.keyClick(pad, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    np.testing.assert_array_equal(pad.canvas_array(), only_first)
    QTest.keyClick(pad, Qt.Key.Key_Escape)
    assert pad.is_empty() and pad.canvas_array().max() == 0
    QTest.keyClick(pad, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # nothing left
    assert pad.is_empty()


def test_a_thicker_brush_puts_more_ink(pad: DrawingPad) -> None:
    stroke = [(80, 80), (200, 200)]
    mouse_stroke(pad, stroke)
    thin = int((pad.canvas_array() > 127).sum())
    pad.clear()
    pad.set_brush_size(2 * DEFAULT_BRUSH)
    mouse_stroke(pad, stroke)
    thick = int((pad.canvas_array() > 127).sum())
    assert 1.6 * thin < thick < 2.4 * thin


def _pen() -> QPointingDevice:
    return QPointingDevice(
        "test pen", 1, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 3)


def _tablet(pad: DrawingPad, kind: QEvent.Type, x: float, y: float, pressure: float,
            device: QPointingDevice) -> None:
    pos = pad.from_canvas(QPointF(x, y))
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease else \
        Qt.MouseButton.LeftButton
    event = QTabletEvent(kind, device, pos, pad.mapToGlobal(pos), pressure, 0.0, 0.0, 0.0, 0.0,
                         0.0, Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton,
                         buttons)
    QApplication.sendEvent(pad, event)


@pytest.mark.parametrize("pressure", [0.1, 1.0])
def test_pen_pressure_sets_the_width(pad: DrawingPad, pressure: float) -> None:
    device = _pen()
    _tablet(pad, QEvent.Type.TabletPress, 60, 140, pressure, device)
    for x in range(70, 230, 10):
        _tablet(pad, QEvent.Type.TabletMove, x, 140, pressure, device)
    _tablet(pad, QEvent.Type.TabletRelease, 220, 140, pressure, device)
    column = pad.canvas_array()[:, 140] > 127
    expected = DEFAULT_BRUSH * (0.3 + 0.7 * pressure)  # MIN_PRESSURE_WIDTH of the pad
    assert abs(int(column.sum()) - expected) <= 2
    assert len(pad.items) == 1


def test_a_finger_draws_one_stroke(pad: DrawingPad) -> None:
    device = QTest.createTouchDevice()
    QTest.touchEvent(pad, device).press(0, widget_point(pad, 140, 60)).commit()
    for y in range(70, 221, 10):
        QTest.touchEvent(pad, device).move(0, widget_point(pad, 140, y)).commit()
    QTest.touchEvent(pad, device).release(0, widget_point(pad, 140, 220)).commit()
    canvas = pad.canvas_array()
    assert len(pad.items) == 1
    assert canvas[60:221, 140].min() == 255 and canvas[:, :100].max() == 0


def test_a_stamped_picture_is_one_undoable_item(pad: DrawingPad) -> None:
    mouse_stroke(pad, [(20, 20), (60, 20)])
    digit = np.zeros((28, 28), np.float32)
    digit[6:22, 12:16] = 1.0  # a "1"
    pad.stamp(digit, replace=False)
    canvas = pad.canvas_array()
    assert canvas[140, 140] == 255 and canvas[20, 40] == 255  # both there
    assert canvas[140, 60] == 0
    pad.undo()
    assert pad.canvas_array()[140, 140] == 0 and pad.canvas_array()[20, 40] == 255


def test_a_scripted_stroke_draws_what_the_mouse_draws(pad: DrawingPad) -> None:
    stroke = DRAWINGS["seven"][0]
    mouse_stroke(pad, stroke)
    by_mouse = pad.canvas_array().astype(np.float32)
    pad.clear()
    pad.draw_stroke(stroke)
    scripted = pad.canvas_array().astype(np.float32)
    assert len(pad.items) == 1
    # The same line, but for its edges: mouse positions are whole widget pixels.
    assert np.abs(scripted - by_mouse).mean() < 1.0  # of 255 levels
    a, b = scripted > 127, by_mouse > 127
    assert (a & b).sum() / (a | b).sum() > 0.97
