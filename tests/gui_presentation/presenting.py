"""Helpers for presentation-mode tests: a window the size of a projector, and what is in view.

The test screen (the offscreen platform's) is 800 px square, so a projector is played by a
window of its size: the mode is entered, the window leaves full screen and takes the size, and
the mode fits its type and panes to it as it would to a screen of that size.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QPushButton, QWidget

from playground.gui import presentation
from playground.gui.lessons import LessonsController
from playground.gui.main_window import MainWindow

PROJECTORS = [(1280, 800), (1024, 768)]
LESSON = "convolutions"  # the third lesson


def mode_of(window: MainWindow) -> presentation.PresentationMode:
    return presentation.install(window)  # idempotent: the one already installed


def lessons_of(window: MainWindow) -> LessonsController:
    return window.features["lessons"]


def open_lesson(window: MainWindow, step: int = 2) -> LessonsController:
    """The third lesson open at ``step`` (from 1), as a teacher would show it."""
    lessons = lessons_of(window)
    assert lessons.open_lesson(LESSON)
    lessons.session.go_to(step - 1)
    return lessons


def expected_scale(window: MainWindow, width: int, height: int) -> float:
    mode = mode_of(window)
    return mode.font_scale_for(QSize(width, height))


def on_projector(qtbot, window: MainWindow, width: int, height: int) -> None:
    """Presentation mode in a window of ``width`` × ``height``, its type and panes fitted."""
    mode = mode_of(window)
    mode.enter()
    qtbot.waitUntil(window.isFullScreen, timeout=3000)
    window.showNormal()
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.size() == QSize(width, height), timeout=3000)
    scale = expected_scale(window, width, height)
    qtbot.waitUntil(lambda: mode.font_scale == scale, timeout=3000)


def wholly_in_view(widget: QWidget) -> bool:
    """Shown, and not a pixel of it cut off by its pane, a scroll area or the window's edge."""
    if not widget.isVisible():
        return False
    region = widget.visibleRegion()
    window = widget.window()
    top_left = widget.mapTo(window, widget.rect().topLeft())
    inside = window.rect().contains(top_left) and window.rect().contains(
        widget.mapTo(window, widget.rect().bottomRight()))
    return inside and region.rectCount() == 1 and region.boundingRect() == widget.rect()


def teacher_buttons(window: MainWindow) -> list[QPushButton]:
    """What a lesson asks the teacher to press: Back, Next, the step's own buttons, and the
    training panel's Train, Pause, Step, Stop and Reset."""
    panel, training = lessons_of(window).panel, window.training.panel
    return [panel.back_button, panel.next_button, *panel.action_buttons,
            training.train_button, training.pause_button, training.step_button,
            training.stop_button, training.reset_button]


def out_of_view(window: MainWindow) -> list[str]:
    return [b.objectName() for b in teacher_buttons(window) if not wholly_in_view(b)]
