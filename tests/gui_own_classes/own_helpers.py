"""Helpers the own-classes window tests share: the names dialog answered as a user would, and
circles, triangles and crosses drawn on the pad with real mouse events."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from playground.gui.main_window import MainWindow

NAMES = ("circle", "triangle", "cross")
MOVE_STEP = 6.0  # canvas pixels between two mouse moves, like a hand-held mouse
Stroke = list[tuple[float, float]]


def shape(kind: str, rng: np.random.Generator) -> list[Stroke]:
    """A shape as a student draws it on the pad's 280×280 canvas: placed, sized and turned a
    little differently each time, with a shaky hand."""
    cx, cy = 140 + rng.uniform(-25, 25, 2)
    radius = rng.uniform(50, 90)
    turn = rng.uniform(-0.35, 0.35)

    def at(angle: float, r: float = radius) -> tuple[float, float]:
        return (float(cx + r * math.cos(angle + turn) + rng.normal(0, 2.5)),
                float(cy + r * math.sin(angle + turn) + rng.normal(0, 2.5)))

    if kind == "circle":
        squash = rng.uniform(0.85, 1.15)
        return [[(cx + (x - cx) * squash, y) for x, y in
                 (at(t) for t in np.linspace(0, 2 * math.pi + 0.3, 40))]]
    if kind == "triangle":
        corners = [at(-math.pi / 2 + k * 2 * math.pi / 3) for k in range(3)]
        return [[*corners, corners[0]]]
    if kind == "cross":
        return [[at(math.pi / 4), at(5 * math.pi / 4)], [at(3 * math.pi / 4), at(-math.pi / 4)]]
    raise ValueError(kind)


def mouse_stroke(pad, stroke: Stroke) -> None:
    """Press, move every few pixels along the stroke, release: real mouse events on the pad."""
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier

    def point(x: float, y: float):
        return pad.from_canvas(QPointF(x, y)).toPoint()

    QTest.mousePress(pad, left, none, point(*stroke[0]))
    for (x0, y0), (x1, y1) in itertools.pairwise(stroke):
        steps = max(1, int(math.hypot(x1 - x0, y1 - y0) // MOVE_STEP))
        for k in range(1, steps + 1):
            t = k / steps
            QTest.mouseMove(pad, point(x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
    QTest.mouseRelease(pad, left, none, point(*stroke[-1]))


def draw(pad, strokes: Sequence[Stroke]) -> None:
    """Clear the pad with its key (Esc) and draw ``strokes`` with the mouse."""
    pad.setFocus()
    QTest.keyClick(pad, Qt.Key.Key_Escape)
    for stroke in strokes:
        mouse_stroke(pad, stroke)


def activate(qtbot, window: MainWindow) -> None:
    """Make ``window`` the active one: keys reach their shortcuts only there."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def make_classes(qtbot, window: MainWindow, names: Sequence[str] = NAMES) -> None:
    """Data ▸ New Own Classes…, the names typed into its dialog, OK."""
    feature = window.features["own-classes"]
    window.action("newOwnClassesAction").trigger()
    dialog = feature.workflow.names_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.set_names(names)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.document.own_classes is not None
                    and window.document.own_classes.names == tuple(names), timeout=60_000)
    pad = window.features["draw"].pane.pad
    qtbot.waitUntil(pad.isEnabled, timeout=60_000)  # the Draw pane reads 28×28 pictures
    activate(qtbot, window)


def draw_sample(qtbot, window: MainWindow, strokes: Sequence[Stroke], index: int) -> None:
    """Draw on the pad, then press the class's key with the pad focused."""
    pad = window.features["draw"].pane.pad
    before = window.document.own_classes.counts[index]
    draw(pad, strokes)
    QTest.keyClick(pad, Qt.Key(Qt.Key.Key_1 + index))
    qtbot.waitUntil(lambda: window.document.own_classes.counts[index] == before + 1,
                    timeout=5000)
