"""The Draw pane inside the main window: its dock and menu entry, and live predictions that
follow a real training run."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pytest
from draw_helpers import DRAWINGS, mouse_drawing
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QGraphicsView,
    QWidget,
)

from playground.app import create_window
from playground.core.teaching.templates import TEMPLATES
from playground.gui.main_window import MainWindow
from playground.gui.training import controller
from playground.gui.training.worker import RunRequest


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:
    win = create_window(restore_layout=False)
    qtbot.addWidget(win)
    win.document.load_template(TEMPLATES["cnn-mnist"])
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.training.runner.shutdown(5000)
    win.close()


def test_install_adds_one_draw_dock_with_a_view_toggle(qtbot, window: MainWindow) -> None:
    dock = window.features["draw"].dock
    assert window.findChildren(type(dock), "drawDock") == [dock]
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert dock in window.tabifiedDockWidgets(window.curves_dock)
    # Behind the learning curves: nothing loaded yet.
    assert not window.features["draw"].session.active
    toggle = window.actions_by_name["drawDockToggle"]
    assert toggle in window.view_menu.actions()
    assert window.view_menu.actions().index(toggle) < window.view_menu.actions().index(
        window.actions_by_name["resetLayoutAction"])
    assert window.minimumSizeHint().height() <= 800  # fits a 1280×800 screen
    dock.raise_()
    qtbot.waitUntil(lambda: window.features["draw"].pane.isVisible()
                    and window.features["draw"].session.active)
    pane = window.features["draw"].pane
    assert pane.width() > pane.height()  # the side-by-side layout
    assert window.features["draw"].pane.pad.width() >= 180


def test_every_control_of_the_pane_has_an_object_and_accessible_name(qtbot, window) -> None:
    raise_draw_pane(qtbot, window)
    pane = window.features["draw"].pane
    controls: set[QWidget] = {pane.pad}
    for tab in range(pane.tabs.count()):
        pane.tabs.setTabVisible(tab, True)
        pane.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(pane.tabs.currentWidget().isVisible)
        controls.update(w for w in pane.findChildren(QWidget) if w.isVisible() and isinstance(
            w, (QAbstractButton, QAbstractSpinBox, QAbstractSlider, QGraphicsView)))
    assert len(controls) > 10
    missing = [f"{type(w).__name__} {w.objectName()!r}" for w in controls
               if not (w.objectName() and w.accessibleName())]
    assert missing == []


def raise_draw_pane(qtbot, window: MainWindow) -> None:
    window.features["draw"].dock.raise_()
    qtbot.waitUntil(lambda: window.features["draw"].session.data is not None, timeout=60_000)


def test_ctrl_z_on_the_pad_undoes_a_stroke_not_a_network_edit(qtbot, window) -> None:
    raise_draw_pane(qtbot, window)
    pad = window.features["draw"].pane.pad
    window.document.remove_layer(len(window.document.spec.layers) - 2)  # one network edit
    layers = len(window.document.spec.layers)
    mouse_drawing(pad, DRAWINGS["four"])
    pad.setFocus()
    QTest.keyClick(pad, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(pad.items) == 1 and len(window.document.spec.layers) == layers


def test_predictions_follow_the_weights_while_the_network_trains(
    qtbot, window, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The Train button's own path, on the first 640 digits only.
    monkeypatch.setattr(controller, "RunRequest", functools.partial(RunRequest, limit=640))
    raise_draw_pane(qtbot, window)
    pane, session = window.features["draw"].pane, window.features["draw"].session
    mouse_drawing(pane.pad, DRAWINGS["seven"])
    # Before training, the ready-trained digits network answers and says so.
    assert session.using_ready_trained and pane.weights_label.text() == (
        "A ready-trained network is answering; train yours to replace it.")
    shown: list[tuple[str, np.ndarray]] = []
    pane.bars.probabilitiesShown.connect(
        lambda p: shown.append((pane.session.weights_text, np.array(p))))
    snapshots: list = []
    runner = window.training.runner
    runner.snapshotTaken.connect(snapshots.append)
    doc = window.document
    doc.config = replace(doc.config, epochs=2)
    with qtbot.waitSignal(window.training.runFinished, timeout=120_000):
        qtbot.mouseClick(window.training.panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not runner.running, timeout=10_000)
    during = [p for text, p in shown if "run in progress" in text]
    assert len(snapshots) >= 3 and len(during) >= 2
    assert len({tuple(np.round(p, 6)) for p in during}) >= 2  # the bars moved as it learned
    # Each prediction shown during the run is the answer of one of the snapshots' weights.
    from playground.core.inspect.live_predict import LivePredictor

    answers = [LivePredictor(doc.spec, None, s.state).predict(pane.current_input)
               for s in snapshots]
    for p in during:
        assert min(np.abs(p - a).max() for a in answers) < 1e-5
    # Once the run is over, the document's trained weights take over.
    assert session.weights_text == "Trained weights" and doc.weights is not None
    final = LivePredictor(doc.spec, None, doc.weights).predict(pane.current_input)
    np.testing.assert_allclose(pane.bars.probabilities, final, atol=1e-5)


def test_a_network_that_branches_answers_the_pad_and_joins_compare_runs(
    qtbot, window, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(controller, "RunRequest", functools.partial(RunRequest, limit=320))
    doc = window.document
    doc.load_template(TEMPLATES["inception-mnist"])
    assert not doc.spec.is_sequential
    doc.config = replace(doc.config, epochs=1)
    raise_draw_pane(qtbot, window)
    pane, session = window.features["draw"].pane, window.features["draw"].session
    mouse_drawing(pane.pad, DRAWINGS["seven"])
    with qtbot.waitSignal(window.training.runFinished, timeout=120_000):
        window.training.train()
    qtbot.waitUntil(lambda: not window.training.runner.running, timeout=10_000)
    qtbot.waitUntil(lambda: session.weights_text == "Trained weights", timeout=10_000)
    from playground.core.inspect.live_predict import LivePredictor

    final = LivePredictor(doc.spec, None, doc.weights).predict(pane.current_input)
    qtbot.waitUntil(lambda: pane.bars.probabilities is not None
                    and np.allclose(pane.bars.probabilities, final, atol=1e-5), timeout=10_000)
    assert window.training.compare.run_list.count() == 1
