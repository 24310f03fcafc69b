"""The ready-trained network: a fresh window's Draw pane reads digits before any training,
says who is answering, and gives way to the user's network once it has trained."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.app import create_window
from playground.core.data.datasets import load_dataset
from playground.core.teaching.templates import TEMPLATES
from playground.gui.main_window import MainWindow
from playground.gui.training import controller
from playground.gui.training.worker import RunRequest

NOTE = "A ready-trained network is answering; train yours to replace it."


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


def show_digit(qtbot, window: MainWindow, image: np.ndarray) -> np.ndarray:
    """Put a 28×28 digit on the pad and return the probabilities the bars show for it."""
    pane = window.features["draw"].pane
    with qtbot.waitSignal(pane.bars.probabilitiesShown, timeout=10_000) as shown:
        pane.pad.clear()
        pane.show_picture(image)
    return np.asarray(shown.args[0])


def test_a_fresh_window_reads_digits_before_training_and_gives_way_after(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(controller, "RunRequest", functools.partial(RunRequest, limit=640))
    window.features["draw"].dock.raise_()
    session, pane = window.features["draw"].session, window.features["draw"].pane
    qtbot.waitUntil(lambda: session.ready, timeout=60_000)
    assert window.document.weights is None
    assert session.using_ready_trained and pane.weights_label.text() == NOTE
    test = load_dataset("mnist", limit=20)
    first_of = {int(label): i for i, label in reversed(list(enumerate(test.test_y)))}
    for digit in (3, 7):
        image = test.test_x[first_of[digit], 0].numpy()
        assert int(np.argmax(show_digit(qtbot, window, image))) == digit
    assert pane.weights_label.text() == NOTE

    doc = window.document
    doc.config = replace(doc.config, epochs=1)
    with qtbot.waitSignal(window.training.runFinished, timeout=120_000):
        qtbot.mouseClick(window.training.panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.training.runner.running, timeout=10_000)
    assert doc.weights is not None and not session.using_ready_trained
    assert pane.weights_label.text() == "Trained weights"
    assert NOTE not in pane.weights_label.text()


def test_no_stand_in_for_pictures_that_are_not_digits(qtbot, window: MainWindow) -> None:
    window.features["draw"].dock.raise_()
    session = window.features["draw"].session
    qtbot.waitUntil(lambda: session.ready, timeout=60_000)
    window.document.load_template(TEMPLATES["cnn-fashion"])  # 28×28 too, but clothes
    qtbot.waitUntil(lambda: session.data is not None or bool(session.data_error),
                    timeout=60_000)
    qtbot.waitUntil(lambda: session.hint != "Loading the dataset…", timeout=60_000)
    assert not session.using_ready_trained and not session.ready
    assert session.data_error or session.hint.startswith("Train the network first")
    assert window.features["draw"].pane.weights_label.text() == ""
