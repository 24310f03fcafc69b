"""Pictures of every bottom pane at 1280×800 and 1400×900, with the sizes that make them readable.

Trains ``cnn-mnist`` on a few hundred samples for a short run so Results and Inside ▸ Health
have content, then for each window size raises every pane (and each tab of Inside the Network)
and saves a PNG of the whole window. Alongside, it prints what decides whether a pane is
cramped: the confusion matrix's row height, the health histograms' plot heights, the bottom
dock's height, the toolbar buttons that fell into the overflow menu and any visible horizontal
scroll bar.

Run it on a real X server (a window manager makes resizes behave as on a desktop)::

    xvfb-run -a -s "-screen 0 1920x1080x24" sh -c \
        "openbox & sleep 1; .venv/bin/python benchmarks/screens_1280.py --out /tmp/screens"

Settings, data caches and logs go to temporary folders: the user's own are never touched.
"""

from __future__ import annotations

import argparse
import functools
import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QDockWidget,
    QMessageBox,
    QToolBar,
)
from screen_session import TEMP, private_settings, settle, wait_until  # noqa: F401  (first)

from playground.app import create_window
from playground.core.teaching.templates import TEMPLATES
from playground.gui.main_window import MainWindow
from playground.gui.training import controller
from playground.gui.training.worker import RunRequest

SIZES = ((1280, 800), (1400, 900))
BOTTOM_DOCKS = ("curvesDock", "resultsDock", "compareDock", "insideDock", "drawDock")








def train(app: QApplication, window: MainWindow, epochs: int) -> None:
    finished: list[object] = []
    window.training.runFinished.connect(finished.append)
    window.actions_by_name["trainAction"].trigger()
    if not wait_until(app, lambda: bool(finished), 300):
        raise SystemExit("the run did not finish")
    print(f"trained {epochs} epochs")


def measurements(window: MainWindow) -> list[str]:
    """What decides whether the panes are cramped, in pixels."""
    lines = []
    results = window.training.results
    view = results.confusion_view
    if view.confusion.size and not window.results_dock.visibleRegion().isEmpty():
        top, below = view.cell_view_pos(0, 0), view.cell_view_pos(1, 0)
        lines.append(f"confusion rows {below.y() - top.y():.1f} px, "
                     f"matrix {view.width()}x{view.height()}")
    inside = window.features["inside"]
    health = inside.pane.health
    if health.views and health.isVisible() and not inside.dock.visibleRegion().isEmpty():
        heights = sorted({round(v.sceneBoundingRect().height()) for v in health.views.values()})
        lines.append(f"health plot heights {heights} px")
    for name in BOTTOM_DOCKS:
        dock = window.findChild(QDockWidget, name)
        if dock is not None and dock.isVisible() and not dock.visibleRegion().isEmpty():
            lines.append(f"bottom dock {dock.width()}x{dock.height()}, "
                         f"editor {window.editor.height()} px tall")
            break
    for toolbar in window.findChildren(QToolBar):
        hidden = [a.text() for a in toolbar.actions() if not a.isSeparator()
                  and toolbar.widgetForAction(a) is not None
                  and not toolbar.widgetForAction(a).isVisible()]
        lines.append(f"toolbar {toolbar.objectName()} {toolbar.width()} px wide, "
                     f"needs {toolbar.sizeHint().width()}, overflow {hidden}")
    for dock in window.findChildren(QDockWidget):
        if dock.visibleRegion().isEmpty():
            continue
        for area in dock.findChildren(QAbstractScrollArea):
            bar = area.horizontalScrollBar()
            if area.isVisible() and bar.isVisible() and bar.maximum() > 0:
                lines.append(f"HORIZONTAL SCROLL {dock.objectName()}/{area.objectName()}")
    return lines


def shoot(app: QApplication, window: MainWindow, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    window.grab().save(str(path))
    print(f"{path}: " + "; ".join(measurements(window)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="/tmp/screens_1280")
    parser.add_argument("--template", default="cnn-mnist")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=300, help="training and test samples")
    parser.add_argument("--language", default="en")
    parser.add_argument("--theme", default="light", choices=("light", "dark"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    private_settings()
    from playground.gui.i18n import install_language
    from playground.gui.theme import theme_manager

    language = install_language(app, args.language)
    theme_manager(app, args.theme)
    controller.RunRequest = functools.partial(RunRequest, limit=args.limit)  # a short run
    MainWindow.ask_unsaved_changes = lambda self: QMessageBox.StandardButton.Discard
    window = create_window(language, restore_layout=False)
    window.document.load_template(TEMPLATES[args.template])
    window.document.config = replace(window.document.config, epochs=args.epochs)
    window.document.undo_stack.setClean()
    window.show()
    settle(app, 2.0)  # the device search and first paints
    for width, height in SIZES:
        window.resize(width, height)
        wait_until(app, lambda w=width: window.width() == w, 5)
        settle(app)
        shoot(app, window, out, f"{width}x{height}-start")
    train(app, window, args.epochs)
    inside = window.features["inside"]
    for width, height in SIZES:
        window.resize(width, height)
        wait_until(app, lambda w=width: window.width() == w, 5)
        settle(app)
        size = f"{width}x{height}"
        for name in BOTTOM_DOCKS:
            dock = window.findChild(QDockWidget, name)
            if dock is None:
                continue
            dock.raise_()
            settle(app)
            if name != "insideDock":
                shoot(app, window, out, f"{size}-{name}")
                continue
            tabs = inside.pane.tabs
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                view = tabs.widget(index)
                if view is inside.pane.health:
                    wait_until(app, lambda: inside.pane.health.report is not None, 30)
                settle(app, 1.0)
                shoot(app, window, out, f"{size}-inside-{index}-{view.objectName()}")
        window.training_dock.raise_()
        settle(app)
        shoot(app, window, out, f"{size}-trainingDock")
        window.inspector_dock.raise_()
    presentation = window.features.get("presentation")
    if presentation is not None:  # large type on a 1280×800 projector
        presentation.enter()
        window.showNormal()  # full screen would take the whole X screen
        window.resize(1280, 800)
        wait_until(app, lambda: window.width() == 1280, 5)
        settle(app)
        shoot(app, window, out, "1280x800-presentation")
        presentation.leave()
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
