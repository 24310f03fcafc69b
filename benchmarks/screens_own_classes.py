"""A picture of the Own classes pane at 1280×800: three classes of drawn shapes, trained, and the
Draw pane reading a new drawing beside it.

Makes the classes through Data ▸ New Own Classes… (the names typed into its dialog), draws
circles, triangles and crosses on the Draw pane's pad (its own stroke drawing, as a mouse
would) and adds each with its class's key, trains a short run from the pane's Train button,
then draws one more circle and saves the whole window as a PNG. Prints what the pane shows
(its guidance, the counts, the Draw pane's answer).

Run it offscreen, or on a real X server::

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/screens_own_classes.py --out /tmp/own
    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python benchmarks/screens_own_classes.py

Settings, data caches and logs go to temporary folders: the user's own are never touched.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from screen_session import private_settings, settle, wait_until  # first: private folders

from playground.app import create_window
from playground.gui.main_window import MainWindow

NAMES = ("circle", "triangle", "cross")
Stroke = list[tuple[float, float]]


def shape(kind: str, rng: np.random.Generator) -> list[Stroke]:
    """A hand-drawn-looking shape on the pad's 280×280 canvas, a little different each time."""
    cx, cy = 140 + rng.uniform(-20, 20, 2)
    r = rng.uniform(55, 85)
    turn = rng.uniform(-0.3, 0.3)

    def at(angle: float, radius: float = r) -> tuple[float, float]:
        return (float(cx + radius * math.cos(angle + turn) + rng.normal(0, 2)),
                float(cy + radius * math.sin(angle + turn) + rng.normal(0, 2)))

    if kind == "circle":
        return [[at(t, r * rng.uniform(0.95, 1.05)) for t in np.linspace(0, 2 * math.pi + 0.3, 36)]]
    if kind == "triangle":
        corners = [at(-math.pi / 2 + k * 2 * math.pi / 3) for k in range(3)]
        return [[*corners, corners[0]]]
    return [[at(math.pi / 4), at(5 * math.pi / 4)], [at(3 * math.pi / 4), at(-math.pi / 4)]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="/tmp/screens_own_classes")
    parser.add_argument("--per-class", type=int, default=10)
    parser.add_argument("--language", default="en")
    parser.add_argument("--theme", default="light", choices=("light", "dark"))
    parser.add_argument("--no-train", action="store_true", help="only the samples, no run")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    private_settings("screens-own-classes")
    from playground.gui.i18n import install_language
    from playground.gui.theme import theme_manager

    language = install_language(app, args.language)
    theme_manager(app, args.theme)
    MainWindow.ask_unsaved_changes = lambda self: QMessageBox.StandardButton.Discard
    window = create_window(language, restore_layout=False)
    window.resize(1280, 800)
    window.show()
    settle(app, 1.5)
    feature = window.features["own-classes"]
    window.actions_by_name["newOwnClassesAction"].trigger()
    dialog = feature.workflow.names_dialog
    dialog.set_names(NAMES)
    dialog.accept()
    if not wait_until(app, lambda: window.document.own_classes is not None, 60):
        raise SystemExit("the classes were not made")
    pad = window.features["draw"].pane.pad
    wait_until(app, pad.isEnabled, 60)
    window.activateWindow()  # keys reach the pad only in the active window
    wait_until(app, lambda: QApplication.activeWindow() is window, 5)
    rng = np.random.default_rng(7)
    for _round in range(args.per_class):
        for index, kind in enumerate(NAMES):
            pad.clear()
            for stroke in shape(kind, rng):
                pad.draw_stroke(stroke)
            settle(app, 0.02)
            pad.setFocus()
            QTest.keyClick(pad, Qt.Key(Qt.Key.Key_1 + index))
    settle(app, 1.0)
    print("samples:", window.document.own_classes)
    if not args.no_train:
        finished: list[object] = []
        window.training.runFinished.connect(finished.append)
        feature.pane.start.train_button.click()
        if not wait_until(app, lambda: bool(finished), 300):
            raise SystemExit("the run did not finish")
        # The Draw pane's session keeps the data it loaded for the dataset's name; until it
        # follows the own classes it is told to load them again (its prediction is its own).
        session = window.features["draw"].session
        session._data_key = None
        session.refresh()
        wait_until(app, lambda: session.weights_text == "Trained weights", 60)
        pad.clear()
        for stroke in shape("circle", rng):
            pad.draw_stroke(stroke)
    settle(app, 2.0)
    pane = feature.pane
    print("guidance:", pane.problem_texts())
    print("reasons:", pane.start.reasons.text().replace("\n", " | "))
    print("message:", pane.message.text())
    prediction = window.features["draw"].pane.prediction
    if prediction is not None:
        print("the pad's circle reads as:", NAMES[int(prediction.label)])
    path = out / f"own-classes-{args.language}-{args.theme}.png"
    window.grab().save(str(path))
    print(path)
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
