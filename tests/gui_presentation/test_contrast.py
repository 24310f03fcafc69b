"""Every pane, in the light and the dark theme, has readable text (WCAG AA, 4.5:1).

A convolutional network is trained briefly so every pane has real content (curves, results,
a comparison of two runs, filters, feature maps, layer health, the drawing pane), then each
pane is raised in turn, in each theme, and every visible text is measured on the rendered
window (see ``contrast.py``). An error card, a warning and a training message in red are on
screen too, since those are the colours most easily lost on a dark background.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

from playground.core.teaching.templates import TEMPLATES
from playground.gui import theme
from playground.gui.main_window import MainWindow
from playground.gui.training import controller
from playground.gui.training.worker import RunRequest
from tests.gui_presentation.contrast import AA, TextSample, below, samples

pytestmark = pytest.mark.slow
TRAIN_LIMIT = 300


def _train(qtbot, window: MainWindow) -> None:
    finished: list[object] = []
    window.training.runFinished.connect(finished.append)
    window.training.train()
    qtbot.waitUntil(lambda: bool(finished) and not window.training.runner.running,
                    timeout=120_000)
    window.training.runFinished.disconnect(finished.append)


def _scenes(window: MainWindow) -> dict[str, Callable[[], None]]:
    """Ways to put each pane on screen, by name."""
    features = window.features
    inside = features["inside"]

    def raise_dock(name: str) -> Callable[[], None]:
        return lambda: window.findChild(QDockWidget, name).raise_()

    def inside_tab(index: int) -> Callable[[], None]:
        def show() -> None:
            inside.dock.raise_()
            inside.pane.tabs.setCurrentIndex(index)
            inside.pane.refresh(force=True)
        return show

    scenes = {
        "editor, palette, inspector, curves": raise_dock("curvesDock"),
        "training panel": raise_dock("trainingDock"),
        "results": raise_dock("resultsDock"),
        "compare": raise_dock("compareDock"),
        "draw": raise_dock("drawDock"),
    }
    for i in range(inside.pane.tabs.count()):
        scenes[f"inside: {inside.pane.tabs.tabText(i)}"] = inside_tab(i)
    return scenes


def _measure(qtbot, window: MainWindow, show: Callable[[], None],
             name: str = "") -> list[TextSample]:
    """The texts of ``window`` once ``show`` has put a pane on screen.

    With ``PLAYGROUND_SCREENS`` set to a folder, a picture of each scene is saved there too.
    """
    show()
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(30)
    folder = os.environ.get("PLAYGROUND_SCREENS")
    if folder and name:
        Path(folder).mkdir(parents=True, exist_ok=True)
        file = "".join(c if c.isalnum() else "-" for c in name.lower()) + ".png"
        window.grab().save(str(Path(folder) / file))
    return samples(window)


def test_every_pane_reads_at_aa_contrast_in_both_themes(
        qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(controller, "RunRequest", functools.partial(RunRequest, limit=TRAIN_LIMIT))
    window.resize(1400, 900)
    document = window.document
    document.load_template(TEMPLATES["cnn-mnist"])
    document.config = replace(document.config, epochs=1)
    _train(qtbot, window)
    document.config = replace(document.config, epochs=1, learning_rate=0.002)
    _train(qtbot, window)
    window.training.panel.show_message("The loss exploded: lower the learning rate.", error=True)
    document.select(1)

    measured: dict[str, list[TextSample]] = {}
    for look in ("light", "dark"):
        theme.theme_manager().set_theme(look)
        for scene, show in _scenes(window).items():
            measured[f"{look}: {scene}"] = _measure(qtbot, window, show, f"{look} {scene}")
        # A layer that cannot work where it is: an error card, its Fix button, the footer.
        document.insert_layer(len(document.spec.layers) - 1, "Conv2D")
        measured[f"{look}: editor with a broken layer"] = _measure(
            qtbot, window, window.findChild(QDockWidget, "curvesDock").raise_,
            f"{look} editor with a broken layer")
        document.undo_stack.undo()

    checked = sum(len(found) for found in measured.values())
    failures = {scene: below(found) for scene, found in measured.items() if below(found)}
    print(f"\ncontrast: {checked} texts checked in {len(measured)} scenes, "
          f"{sum(map(len, failures.values()))} below {AA}:1")
    for scene, found in measured.items():
        print(f"  {scene}: {len(found)} texts, lowest "
              f"{min((s.ratio for s in found), default=0):.2f}:1")
    assert checked > 400
    assert all(measured.values()), [scene for scene, found in measured.items() if not found]
    assert not failures, "\n".join(
        f"{scene}: {s.where} {s.text!r} {s.ratio:.2f}:1 ({s.foreground} on {s.background})"
        for scene, found in failures.items() for s in found)


def test_the_sampler_finds_grey_on_grey_and_passes_black_on_white(qtbot) -> None:
    """The measurement itself: a label known to fail is caught, one known to pass is not."""
    from PySide6.QtWidgets import QLabel, QVBoxLayout

    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    for name, style in (("pale", "color: #9a9a9a; background: #bdbdbd;"),
                        ("plain", "color: #000000; background: #ffffff;")):
        label = QLabel("Readable?", objectName=name)
        label.setStyleSheet(style)
        layout.addWidget(label)
    holder.show()
    qtbot.waitExposed(holder)
    found = {s.where.split()[-1]: s for s in samples(holder)}
    assert found["pale"].ratio < 2.0
    assert found["plain"].ratio > 15
