"""Render the README's pictures of the real app, offscreen, and write them beside this script.

    .venv/bin/python assets/screenshots/make_screenshots.py [training draw presentation spanish]

* ``training.png``: ``cnn-mnist`` mid-run (after its first epoch), curves and progress live.
* ``draw-pad.png``: ``cnn-mnist`` after two epochs, a hand-drawn 3 on the pad and its bars.
* ``presentation.png``: presentation mode (F11) with ``mlp-mnist`` after a short run.
* ``spanish.png``: the window in Spanish with the LeNet-like CNN and the inspector.

``editor-cnn-fashion.png`` comes from ``python -m playground snapshot --template cnn-fashion``.
"""

from __future__ import annotations

import math
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from playground.app import create_window
from playground.core.teaching.templates import TEMPLATES
from playground.gui.main_window import MainWindow
from playground.gui.training.controller import finish_device_detection

HERE = Path(__file__).resolve().parent
SIZE = (1400, 900)


def wait(app: QApplication, seconds: float, until=None) -> None:
    """Run the event loop for ``seconds`` or until ``until()`` is true."""
    end = time.monotonic() + seconds
    while time.monotonic() < end and not (until and until()):
        app.processEvents()
        time.sleep(0.01)


def window_with(app: QApplication, template: str, epochs: int, language: str = "en") -> MainWindow:
    window = create_window(language=language, restore_layout=False)
    window.document.load_template(TEMPLATES[template])
    config = replace(window.document.config, epochs=epochs)
    window.document.config = config
    window.training.panel.settings.set_config(config)
    window.resize(*SIZE)
    window.show()
    wait(app, 1.5)
    return window


def train_to_the_end(app: QApplication, window: MainWindow) -> None:
    done: list[object] = []
    window.training.runFinished.connect(done.append)
    window.training.train()
    wait(app, 600, lambda: bool(done))
    wait(app, 0.5)


def save(window: MainWindow, name: str) -> None:
    window.grab().save(str(HERE / name), "PNG")
    print(f"wrote {HERE / name}")


def close(app: QApplication, window: MainWindow) -> None:
    window.training.shutdown()
    window.document.undo_stack.setClean()
    window.close()
    wait(app, 0.2)


def training(app: QApplication) -> None:
    window = window_with(app, "cnn-mnist", 5)
    epochs: list[object] = []
    window.training.runner.epochEnded.connect(epochs.append)
    window.training.train()
    wait(app, 600, lambda: len(epochs) >= 1)
    wait(app, 2.0)  # into the second epoch
    save(window, "training.png")
    close(app, window)


def three(scale: float = 1.0) -> list[list[tuple[float, float]]]:
    """Two arcs of a handwritten 3 on the pad's 280×280 canvas."""
    def arc(cx: float, cy: float, r: float, start: float, end: float) -> list[tuple[float, float]]:
        steps = 24
        return [(cx + r * scale * math.cos(start + (end - start) * i / steps),
                 cy + r * scale * math.sin(start + (end - start) * i / steps))
                for i in range(steps + 1)]
    return [arc(135, 95, 48, -2.6, 1.6), arc(135, 190, 52, -1.6, 2.7)]


def draw(app: QApplication) -> None:
    window = window_with(app, "cnn-mnist", 2)
    train_to_the_end(app, window)
    window.features["draw"].dock.raise_()
    wait(app, 60, lambda: window.features["draw"].session.ready)
    for stroke in three():
        window.features["draw"].pane.pad.draw_stroke(stroke)
        wait(app, 0.2)
    wait(app, 1.0)
    save(window, "draw-pad.png")
    close(app, window)


def presentation(app: QApplication) -> None:
    from playground.gui import presentation as mode

    window = window_with(app, "mlp-mnist", 3)
    train_to_the_end(app, window)
    window.curves_dock.raise_()
    mode.install(window).enter()
    # The offscreen screen is 800×800; show the mode at a projector's 16:9 instead.
    window.showNormal()
    window.resize(1600, 900)
    wait(app, 1.0)
    save(window, "presentation.png")
    mode.install(window).leave()
    close(app, window)


def spanish(app: QApplication) -> None:
    from playground.gui.i18n import install_language

    install_language(app, "es")
    window = window_with(app, "cnn-fashion", 1, language="es")
    window.document.select(0)
    combo = window.editor.input_block.dataset_combo
    wait(app, 15, lambda: combo.currentText() != "fashion-mnist")  # the full title, once known
    wait(app, 0.5)
    save(window, "spanish.png")
    close(app, window)
    install_language(app, "en")


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("nn-playground-screenshots")  # never the user's settings
    shots = {"training": training, "draw": draw, "presentation": presentation,
             "spanish": spanish}
    for name in sys.argv[1:] or list(shots):
        shots[name](app)
    finish_device_detection()
    return 0


if __name__ == "__main__":
    sys.exit(main())
