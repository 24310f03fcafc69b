"""The Draw pane with real networks: digits drawn anywhere are recognised through the pad's own
path, pictures are opened and pasted, test images browsed, 2D points clicked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch
from draw_helpers import DRAWINGS, mouse_drawing, settle, trained_cnn_mnist
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, QRectF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from playground.core.data.datasets import load_dataset
from playground.core.data.digits import load_image_file, mnistify
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES
from playground.gui.document import Document
from playground.gui.draw.draw_pane import DrawPane
from playground.gui.draw.session import DIGITS, IMAGES, PLANE, LiveSession
from playground.gui.training.worker import TrainingRunner


def make_pane(qtbot, document: Document) -> DrawPane:
    session = LiveSession(document, TrainingRunner())
    pane = DrawPane(session)
    pane.resize(1000, 320)
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitExposed(pane)
    qtbot.waitUntil(lambda: session.data is not None or bool(session.data_error),
                    timeout=30_000)
    return pane


def mnist_document(weights: dict | None) -> Document:
    document = Document()
    document.load_template(TEMPLATES["cnn-mnist"])
    if weights is not None:
        document.weights, document.weights_spec = weights, document.spec
    return document


@pytest.fixture
def pane(qtbot) -> Iterator[DrawPane]:
    _spec, state = trained_cnn_mnist()
    widget = make_pane(qtbot, mnist_document(state))
    qtbot.waitUntil(lambda: widget.session.ready, timeout=10_000)
    yield widget


def shown_after(qtbot, pane: DrawPane, action) -> np.ndarray:
    """Do ``action`` and return the probabilities the bars show for it."""
    with qtbot.waitSignal(pane.bars.probabilitiesShown, timeout=5000) as shown:
        action()
    return shown.args[0]


def digit_picture(digit: np.ndarray, size: tuple[int, int], dark_on_light: bool) -> Image.Image:
    """A photo-like picture of a 28×28 digit: enlarged, grey paper, some noise."""
    big = np.asarray(Image.fromarray(np.uint8(digit * 255)).resize((112, 112), Image.BILINEAR))
    rng = np.random.default_rng(0)
    page = np.full(size[::-1], 30.0) + rng.normal(0, 4, size[::-1])
    top, left = (size[1] - 112) // 3, (size[0] - 112) // 2
    page[top : top + 112, left : left + 112] = np.maximum(page[top : top + 112, left : left + 112],
                                                          big)  # fmt: skip
    page = np.clip(page, 0, 255)
    return Image.fromarray(np.uint8(255 - page if dark_on_light else page))


@pytest.mark.slow
def test_a_trained_cnn_recognises_digits_drawn_anywhere_at_any_size(qtbot, pane) -> None:
    data = load_dataset("mnist")
    labels = data.test_y.numpy()
    rng = np.random.default_rng(2024)
    right = []
    for digit_class in range(10):
        index = int(np.flatnonzero(labels == digit_class)[0])  # the first test digit of each
        digit = data.test_x[index, 0].numpy()
        side = float(rng.uniform(60, 270))
        x, y = rng.uniform(0, 280 - side, size=2)
        where = QRectF(x, y, side, side)
        probabilities = shown_after(qtbot, pane, lambda d=digit, r=where: pane.show_picture(d, r))
        predicted = int(np.argmax(probabilities))
        assert pane.bars.answer_label.text() == str(predicted)
        assert pane.input_view.picture is not None
        assert np.abs(pane.input_view.picture - mnistify(pane.pad.canvas_array())).max() == 0
        right.append(predicted == digit_class)
    assert sum(right) >= 9, right


def test_each_stroke_segment_updates_the_input_and_the_bars(qtbot, pane) -> None:
    inputs: list[np.ndarray] = []
    pane.inputChanged.connect(inputs.append)
    shown: list[np.ndarray] = []
    pane.bars.probabilitiesShown.connect(shown.append)
    mouse_drawing(pane.pad, DRAWINGS["seven"], live=True)
    qtbot.waitUntil(lambda: len(shown) > 0 and not pane._predict_timer.isActive(), timeout=5000)
    assert len(inputs) > 20  # one per painted segment
    assert all(a.shape == (28, 28) and a.dtype == np.float32 for a in inputs)
    np.testing.assert_array_equal(inputs[-1], mnistify(pane.pad.canvas_array()))
    assert len(shown) > 20  # predictions followed the stroke, not only its end
    np.testing.assert_allclose(shown[-1], pane.session.predictor.predict(inputs[-1]), atol=1e-6)
    assert pane.bars.answer_label.text() == "7"
    qtbot.mouseClick(pane.clear_button, Qt.MouseButton.LeftButton)
    assert pane.pad.is_empty() and pane.bars.probabilities is None
    assert "Draw a digit" in pane.bars.message_label.text()
    # A drawing wiped out before its prediction ran: the stale result is never shown.
    count = len(shown)
    mouse_drawing(pane.pad, DRAWINGS["one"])  # events only, the prediction waits
    pane.pad.clear()
    settle()
    assert len(shown) == count and pane.bars.probabilities is None


def test_without_trained_weights_the_pane_asks_to_train(qtbot) -> None:
    pane = make_pane(qtbot, mnist_document(None))
    session = pane.session
    assert session.mode == DIGITS and not session.ready
    mouse_drawing(pane.pad, DRAWINGS["one"])
    settle()
    assert pane.input_view.picture is not None  # the input is shown all the same
    assert pane.bars.probabilities is None
    assert pane.bars.message_label.text().startswith("Train the network first")
    _spec, state = trained_cnn_mnist()
    document = session.document
    document.weights, document.weights_spec = state, document.spec
    probabilities = shown_after(qtbot, pane, session.refresh)  # what a finished run triggers
    assert int(np.argmax(probabilities)) == 1 and session.weights_text == "Trained weights"
    # New weights in place of the old ones (another run): the bars follow them.
    from playground.core.network.build import build_model

    document.weights = build_model(document.spec, seed=5).state_dict()
    untrained = shown_after(qtbot, pane, session.refresh)
    assert np.abs(untrained - probabilities).max() > 0.1


def test_open_a_picture_file(qtbot, pane, tmp_path: Path) -> None:
    data = load_dataset("mnist", limit=10)
    digit, label = data.test_x[0, 0].numpy(), int(data.test_y[0])
    path = tmp_path / "my digit.png"
    digit_picture(digit, (300, 220), dark_on_light=True).save(path)
    pane.ask_image_path = lambda: str(path)
    probabilities = shown_after(qtbot, pane, lambda: qtbot.mouseClick(
        pane.open_button, Qt.MouseButton.LeftButton))
    assert int(np.argmax(probabilities)) == label
    assert pane.status_label.text() == "Opened my digit.png"
    expected = mnistify(load_image_file(path))  # the core recipe straight from the file
    assert np.corrcoef(pane.current_input.ravel(), expected.ravel())[0, 1] > 0.97

    broken = tmp_path / "notes.png"
    broken.write_text("not a picture")
    before = pane.pad.canvas_array()
    assert not pane.open_image(broken)
    assert "notes.png" in pane.status_label.text() and "PNG or JPEG" in pane.status_label.text()
    np.testing.assert_array_equal(pane.pad.canvas_array(), before)


def test_paste_a_picture_from_the_clipboard(qtbot, pane) -> None:
    data = load_dataset("mnist", limit=10)
    digit, label = data.test_x[1, 0].numpy(), int(data.test_y[1])
    picture = np.ascontiguousarray(np.asarray(digit_picture(digit, (260, 260), True)))
    image = QImage(picture.data, 260, 260, 260, QImage.Format.Format_Grayscale8).copy()
    clipboard = QGuiApplication.clipboard()
    clipboard.setImage(image)
    probabilities = shown_after(qtbot, pane, lambda: qtbot.mouseClick(
        pane.paste_button, Qt.MouseButton.LeftButton))
    assert int(np.argmax(probabilities)) == label
    assert pane.status_label.text() == "Pasted a picture"

    # Text only (setText, not a Python-made QMimeData: the clipboard would own and delete it
    # while Python still held it, and the interpreter crashed at exit).
    clipboard.setText("seven")
    before = pane.pad.canvas_array()
    assert not pane.paste()
    assert "The clipboard holds no picture" in pane.status_label.text()
    np.testing.assert_array_equal(pane.pad.canvas_array(), before)
    clipboard.clear()


def test_the_browser_steps_through_test_images_right_and_wrong(qtbot, pane) -> None:
    browser = pane.browser
    pane.tabs.setCurrentIndex(pane.browser_tab)
    labels = pane.session.data.test_y.numpy()
    seen = {True: 0, False: 0}
    for step in range(400):
        if seen[True] and seen[False]:
            break
        assert browser.index == step
        assert browser.truth_label.text() == f"It is: {labels[step]}"
        predicted = pane.bars.top_class
        assert browser.verdict == (predicted == labels[step])
        assert browser.verdict_label.text().startswith("✓ Right" if browser.verdict
                                                       else "✗ Wrong")
        assert browser.verdict_label.text().endswith(f"says {predicted}")
        seen[browser.verdict] += 1
        qtbot.mouseClick(browser.next_button, Qt.MouseButton.LeftButton)
    assert seen[True] > 5 * seen[False] > 0  # mostly right, and a mistake was found
    browser.show_index(-1)
    assert browser.index == browser.count() - 1 and browser.position_label.text().endswith(
        f"of {browser.count():,}")


def test_a_picture_dataset_of_another_size_is_browsed_not_drawn(qtbot, tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    for name, channel in (("red", 0), ("blue", 2)):
        (tmp_path / name).mkdir()
        for i in range(6):
            picture = rng.integers(0, 60, (16, 16, 3), dtype=np.uint8)
            picture[..., channel] = 230
            Image.fromarray(picture).save(tmp_path / name / f"{i}.png")
    spec = NetworkSpec((3, 16, 16), f"folder:{tmp_path}", 2,
                       (LayerSpec.create("Flatten"), LayerSpec.create("Dense", units=2,
                                                                      activation="softmax")))
    document = Document()
    document.reset(spec, options={"image_size": 16, "channels": 3})
    from playground.core.network.build import build_model

    document.weights, document.weights_spec = build_model(spec, seed=1).state_dict(), spec
    pane = make_pane(qtbot, document)
    qtbot.waitUntil(lambda: pane.session.ready, timeout=10_000)
    assert pane.session.mode == IMAGES
    assert pane.tabs.currentIndex() == pane.browser_tab
    assert not pane.pad.isEnabled() and "not a 28×28 image" in pane.pad.hint
    assert pane.bars.class_names == ("blue", "red")
    assert pane.browser.picture.picture.shape == (3, 16, 16)
    assert pane.browser.verdict is not None and pane.bars.probabilities is not None


def test_clicking_the_plane_classifies_the_point(qtbot) -> None:
    from playground.core.inspect.boundary import class_probabilities
    from playground.core.network.build import build_model
    from playground.core.training.loop import Trainer

    template = TEMPLATES["toy-spiral"]
    config = replace(template.config, epochs=3)
    data = load_dataset("toy-spiral", seed=config.seed, **template.dataset_options)
    state = Trainer(template.spec, config, data).run().state_dict
    document = Document()
    document.load_template(template)
    document.weights, document.weights_spec = state, document.spec
    pane = make_pane(qtbot, document)
    qtbot.waitUntil(lambda: pane.session.ready, timeout=10_000)
    assert pane.session.mode == PLANE and pane.tabs.currentIndex() == pane.plane_tab
    plane = pane.plane
    assert plane.boundary_item.image is not None and plane.points_item.data.size > 0
    settle()
    for x, y in ((0.5, -0.3), (-0.6, 0.7)):
        where = plane.view_pos(x, y).toPoint()
        probabilities = shown_after(qtbot, pane, lambda w=where: qtbot.mouseClick(
            plane.plot.viewport(), Qt.MouseButton.LeftButton, pos=w))
        cx, cy = plane.chosen
        assert abs(cx - x) < 0.03 and abs(cy - y) < 0.03
        model = build_model(template.spec)
        model.load_state_dict(state)
        with torch.no_grad():
            expected = class_probabilities(model.eval(), torch.tensor([[cx, cy]]))[0].numpy()
        np.testing.assert_allclose(probabilities, expected, atol=1e-5)
        names = pane.bars.class_names
        assert pane.bars.answer_label.text() == names[int(np.argmax(expected))]
    assert plane.marker.data["x"][0] == pytest.approx(plane.chosen[0])


def test_an_opened_project_predicts_with_its_saved_weights(qtbot, tmp_path: Path) -> None:
    _spec, state = trained_cnn_mnist()
    saved = tmp_path / "digits.nnp"
    mnist_document(state).save(saved)
    pane = make_pane(qtbot, mnist_document(None))
    mouse_drawing(pane.pad, DRAWINGS["zero"])
    assert pane.bars.probabilities is None
    probabilities = shown_after(qtbot, pane, lambda: pane.session.document.open(saved))
    assert int(np.argmax(probabilities)) == 0 and pane.session.weights_text == "Trained weights"


def test_a_dropped_picture_file_is_drawn_into_the_pad(qtbot, pane, tmp_path: Path) -> None:
    data = load_dataset("mnist", limit=10)
    path = tmp_path / "dropped.jpg"
    digit_picture(data.test_x[2, 0].numpy(), (200, 200), dark_on_light=True).save(path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    where = QPointF(pane.pad.geometry().center())
    actions, left = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    none = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where.toPoint(), actions, mime, left, none)
    QApplication.sendEvent(pane, enter)
    assert enter.isAccepted()
    probabilities = shown_after(qtbot, pane, lambda: QApplication.sendEvent(
        pane, QDropEvent(where, actions, mime, left, none)))
    assert int(np.argmax(probabilities)) == int(data.test_y[2])
    assert pane.status_label.text() == "Dropped a picture"


def test_the_pad_says_what_to_draw_for_the_dataset(qtbot) -> None:
    """A digit on MNIST; on Fashion-MNIST some of its classes, and that drawings are hard."""
    pane = make_pane(qtbot, mnist_document(None))
    assert pane.pad.hint == "Draw a digit here"
    document = Document()
    document.load_template(TEMPLATES["cnn-fashion"])
    clothes = make_pane(qtbot, document)
    assert clothes.session.mode == DIGITS
    assert "T-shirt/top, Trouser, Pullover" in clothes.pad.hint and "photos" in clothes.pad.hint
    assert "digit" not in clothes.pad.hint
