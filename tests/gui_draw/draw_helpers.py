"""Helpers the Draw pane tests share: drawings, real mouse strokes, a reference renderer, and
a small trained network."""

from __future__ import annotations

import itertools
from dataclasses import replace
from functools import cache

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from playground.gui.draw.pad import CANVAS_SIZE, DrawingPad

Stroke = list[tuple[float, float]]  # (x, y) canvas points of one pen stroke

_T = np.linspace(0.0, 2 * np.pi + 0.4, 41)  # once round and a little more: the ends overlap
# Digits as a student might draw them on the 280×280 canvas, in (x, y) canvas pixels.
DRAWINGS: dict[str, list[Stroke]] = {
    "one": [[(122, 88), (150, 60), (132, 220)]],
    "seven": [[(84, 70), (200, 66), (118, 220)]],
    "zero": [[(float(140 + 52 * np.sin(t) - 14 * np.cos(t)), float(140 - 80 * np.cos(t)))
              for t in _T]],
    "four": [[(160, 60), (78, 170), (205, 170)], [(165, 105), (160, 230)]],
}
LABELS = {"one": 1, "seven": 7, "zero": 0, "four": 4}
MOVE_STEP = 6.0  # canvas pixels between two mouse-move events, like a hand-held mouse


def settle() -> None:
    QApplication.processEvents()
    QApplication.processEvents()


def widget_point(pad: DrawingPad, x: float, y: float) -> QPoint:
    return pad.from_canvas(QPointF(x, y)).toPoint()


def mouse_stroke(pad: DrawingPad, stroke: Stroke, live: bool = False) -> None:
    """Press, move (every few pixels along the stroke) and release with real mouse events.

    ``live`` lets the event loop run after each event, as it does between the events of a real
    hand-held mouse (QTest sends them all at once otherwise).
    """
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(pad, left, none, widget_point(pad, *stroke[0]))
    for (x0, y0), (x1, y1) in itertools.pairwise(stroke):
        steps = max(1, int(np.hypot(x1 - x0, y1 - y0) // MOVE_STEP))
        for k in range(1, steps + 1):
            t = k / steps
            QTest.mouseMove(pad, widget_point(pad, x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
            if live:
                QApplication.processEvents()
    QTest.mouseRelease(pad, left, none, widget_point(pad, *stroke[-1]))


def mouse_drawing(pad: DrawingPad, strokes: list[Stroke], live: bool = False) -> None:
    for stroke in strokes:
        mouse_stroke(pad, stroke, live)


def reference_canvas(strokes: list[Stroke], width: float) -> np.ndarray:
    """The same strokes rendered independently of Qt: a pixel's ink is how far its centre lies
    inside the pen (clipped to 0..1), on the pad's canvas size."""
    ys, xs = np.mgrid[0:CANVAS_SIZE, 0:CANVAS_SIZE].astype(np.float32) + 0.5
    canvas = np.zeros((CANVAS_SIZE, CANVAS_SIZE), np.float32)
    for stroke in strokes:
        p = np.asarray(stroke, np.float32)
        for (ax, ay), (bx, by) in itertools.pairwise(p):
            dx, dy = bx - ax, by - ay
            t = np.clip(((xs - ax) * dx + (ys - ay) * dy) / max(dx * dx + dy * dy, 1e-9), 0, 1)
            dist = np.hypot(xs - (ax + t * dx), ys - (ay + t * dy))
            np.maximum(canvas, np.clip(width / 2 + 0.5 - dist, 0.0, 1.0), out=canvas)
    return canvas


@cache
def trained_cnn_mnist() -> tuple[object, dict]:
    """``cnn-mnist`` trained 3 epochs on the first 3,000 bundled digits: (spec, state dict).

    Trained once per test session with the core engine (the GUI runner would take the same
    time on a worker thread): 5 to 10 seconds on two cores. It reaches about 94 % on the test
    set, and recognises the first test digit of every class at any size and place on the pad.
    """
    from playground.core.data.datasets import load_dataset
    from playground.core.teaching.templates import TEMPLATES
    from playground.core.training.loop import Trainer

    template = TEMPLATES["cnn-mnist"]
    data = load_dataset("mnist", preprocessing=template.config.preprocessing, limit=3000)
    result = Trainer(template.spec, replace(template.config, epochs=3), data).run()
    return template.spec, result.state_dict
