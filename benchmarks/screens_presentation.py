"""Pictures of presentation mode with a lesson open, with the numbers that decide readability.

Opens the window, opens a lesson (the convolutions lesson by default), enters presentation
mode (full screen: the X server's screen size is the size measured) and saves a PNG of the
whole window. It prints the editor's height, how many layer cards are fully in view, the pixel
size of representative text (a lesson step, a training-panel label, a pane title, a tab), and
whether any of the buttons a lesson asks for (Back, Next, the step's actions, Train, Pause,
Step, Stop, Reset weights) is hidden or cut off.

Run it on a real X server with a window manager, once per screen size::

    xvfb-run -a -s "-screen 0 1280x800x24" sh -c \
        "openbox & sleep 1; .venv/bin/python benchmarks/screens_presentation.py --out /tmp/pres"
    xvfb-run -a -s "-screen 0 1024x768x24" sh -c \
        "openbox & sleep 1; .venv/bin/python benchmarks/screens_presentation.py --out /tmp/pres"

Settings, data caches and logs go to temporary folders: the user's own are never touched.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import (
    QRect,
)
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMessageBox,
    QTabBar,
    QWidget,
)
from screen_session import TEMP, private_settings, settle, wait_until  # noqa: F401  (first)

from playground.app import create_window
from playground.gui import presentation
from playground.gui.app_settings import AppSettings
from playground.gui.main_window import MainWindow


def pixels(widget: QWidget) -> int:
    return QFontInfo(widget.font()).pixelSize()


def in_view(widget: QWidget) -> bool:
    """Shown, and every pixel of it on screen (not cut by its pane, a scroll area or another)."""
    region = widget.visibleRegion()
    return widget.isVisible() and region.boundingRect() == widget.rect() and \
        region.rectCount() == 1


def cards_in_view(window: MainWindow) -> int:
    viewport = window.editor.scroll.viewport()
    area = QRect(viewport.mapToGlobal(viewport.rect().topLeft()), viewport.size())
    count = 0
    for card in window.editor.visible_cards():
        box = QRect(card.mapToGlobal(card.rect().topLeft()), card.size())
        count += card.isVisible() and area.contains(box)
    return count


def hidden_buttons(window: MainWindow) -> list[str]:
    """The lesson's and the training panel's buttons that are not wholly on screen."""
    panel, training = window.features["lessons"].panel, window.training.panel
    buttons = [panel.back_button, panel.next_button, *panel.action_buttons,
               training.train_button, training.pause_button, training.step_button,
               training.stop_button, training.reset_button]
    return [b.objectName() for b in buttons if not in_view(b)]


def sweep(app: QApplication, window: MainWindow, out: Path) -> None:
    """Every step of every lesson, in the mode: which buttons are not wholly in view (and a
    picture of each step in ``out``)."""
    out.mkdir(parents=True, exist_ok=True)
    size = f"{window.width()}x{window.height()}"
    lessons = window.features["lessons"]
    problems = 0
    for lesson in lessons.lessons:
        lessons.open_lesson(lesson.id)
        settle(app, 0.3)
        for index in range(len(lesson.steps)):
            lessons.session.go_to(index)
            settle(app, 0.3)
            hidden = hidden_buttons(window)
            if window.size() != app.primaryScreen().size():
                hidden.append(f"window {window.width()}x{window.height()}")
            window.grab().save(str(out / f"{size}-{lesson.id}-step{index + 1}.png"))
            if hidden:
                problems += 1
                print(f"  {lesson.id} step {index + 1}: not in view {hidden}")
    print(f"sweep: {problems} steps with a button not fully in view")


def measurements(window: MainWindow) -> list[str]:
    lessons = window.features["lessons"]
    panel, training = lessons.panel, window.training.panel
    lines = [f"window {window.width()}x{window.height()}",
             f"editor {window.editor.width()}x{window.editor.height()} px (layers shown in "
             f"{window.editor.scroll.viewport().height()} px), "
             f"{cards_in_view(window)} of {len(window.editor.visible_cards())} cards in view"]
    dock_title = window.findChild(QDockWidget, "curvesDock")
    tabs = [b for b in window.findChildren(QTabBar) if b.isVisible()]
    progress_label = training.findChild(QWidget, "trainingTiming")
    sizes = {"lesson text": pixels(panel.text), "lesson title": pixels(panel.title),
             "training button": pixels(training.train_button),
             "training label": pixels(progress_label) if progress_label else 0,
             "dock title": pixels(dock_title),
             "tab bar": min((pixels(b) for b in tabs), default=0),
             "app font": QFontInfo(QApplication.font()).pixelSize()}
    lines.append("font px: " + ", ".join(f"{k} {v}" for k, v in sizes.items()))
    lines.append(f"buttons not fully in view: {hidden_buttons(window) or 'none'}")
    legend = window.findChild(QWidget, "presentationKeys")
    lines.append(f"key legend shown: {legend is not None and legend.isVisible()}")
    for dock in window.findChildren(QDockWidget):
        if dock.isVisible():
            geo = dock.geometry()
            lines.append(f"  dock {dock.objectName()}: {geo.x()},{geo.y()} "
                         f"{geo.width()}x{geo.height()}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="/tmp/screens_presentation")
    parser.add_argument("--lesson", default="convolutions")
    parser.add_argument("--step", type=int, default=2, help="the lesson step shown (from 1)")
    parser.add_argument("--language", default="en")
    parser.add_argument("--sweep", action="store_true",
                        help="also go through every step of every lesson, save a picture of each "
                             "in OUT/sweep and list any button of the lesson or the training "
                             "panel not fully in view")
    parser.add_argument("--scale", type=float, default=None,
                        help="the presentation font scale (default: the app's default)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    private_settings()
    if args.scale is not None:
        AppSettings().presentation_scale = args.scale
    from playground.gui.i18n import install_language
    from playground.gui.theme import theme_manager

    language = install_language(app, args.language)
    theme_manager(app, "light")
    MainWindow.ask_unsaved_changes = lambda self: QMessageBox.StandardButton.Discard
    window = create_window(language, restore_layout=False)
    window.show()
    settle(app, 2.0)  # the device search and first paints
    lessons = window.features["lessons"]
    lessons.open_lesson(args.lesson)
    settle(app)
    lessons.session.go_to(args.step - 1)
    settle(app)
    mode = presentation.install(window)
    mode.enter()
    wait_until(app, window.isFullScreen, 5)
    screen = app.primaryScreen().size()
    wait_until(app, lambda: window.size() == screen, 5)
    settle(app, 1.5)
    path = out / f"{screen.width()}x{screen.height()}-{args.lesson}-step{args.step}.png"
    window.grab().save(str(path))
    print(path)
    for line in measurements(window):
        print(line)
    if args.sweep:
        sweep(app, window, out / "sweep")
    mode.leave()
    settle(app)
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
