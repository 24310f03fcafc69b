"""The Inside pane's behaviour: docking, when it redraws, its inputs, hover and background jobs."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import torch
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QSlider,
    QWidget,
)

from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES
from playground.gui.inside.samples import SAMPLE_LIMIT, SampleStore

INTERACTIVE = (QAbstractButton, QAbstractSpinBox, QComboBox, QSlider)


def test_install_once_tabbed_at_the_bottom_with_a_view_menu_toggle(qtbot, open_window) -> None:
    window = open_window("mlp-mnist")
    dock = window.features["inside"].dock
    assert len([d for d in window.findChildren(QDockWidget) if d.objectName() == "insideDock"]) == 1
    assert dock in window.tabifiedDockWidgets(window.curves_dock)
    toggle = window.actions_by_name["insideDockToggle"]
    assert toggle in window.view_menu.actions() and toggle.isChecked()
    pane = window.features["inside"].pane
    qtbot.waitUntil(lambda: pane.on_screen() and pane.timer.isActive())
    missing = [f"{type(w).__name__} {w.objectName()!r}" for w in pane.findChildren(QWidget)
               if isinstance(w, INTERACTIVE) and not (w.objectName() and w.accessibleName())]
    assert missing == []
    toggle.trigger()
    assert not dock.isVisible() and not pane.timer.isActive()
    assert not pane.refresh()
    toggle.trigger()
    qtbot.waitUntil(lambda: pane.timer.isActive())


def test_a_hidden_pane_draws_nothing_while_a_run_trains(qtbot, open_window) -> None:
    window = open_window("toy-spiral", epochs=3)
    pane = window.features["inside"].pane
    window.curves_dock.raise_()  # the Inside tab is behind the learning curves
    qtbot.waitUntil(lambda: not pane.on_screen() and not pane.timer.isActive())
    drawn = [view.redraws for view in pane.views]
    loaded = pane.samples.serial
    with qtbot.waitSignal(window.training.runFinished, timeout=30_000):
        window.training.train()
    QApplication.processEvents()  # whatever the run's end queued has been handled
    assert not pane.timer.isActive()  # and nothing is scheduled to draw later
    assert [view.redraws for view in pane.views] == drawn
    assert pane.samples.serial == loaded  # not even samples were asked for
    window.features["inside"].dock.raise_()
    qtbot.waitUntil(lambda: pane.boundary.probabilities is not None or
                    pane.tabs.currentWidget().redraws > 0, timeout=10_000)
    assert pane.scrubber.count == len(window.training.runner.recorder) >= 4


def test_a_view_redraws_only_when_what_it_shows_changed(qtbot, open_window) -> None:
    window = open_window("mlp-mnist")
    pane = window.features["inside"].pane
    view = pane.feature_maps
    pane.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: pane.samples.data is not None and bool(view.canvas.rows),
                    timeout=20_000)
    pane.refresh()
    count = view.redraws
    first_input = view.canvas.rows[0].values.copy()
    for _ in range(3):
        assert not pane.refresh()
    assert view.redraws == count
    view.sample_spin.setValue(5)  # a different test sample: drawn at once
    assert view.redraws == count + 1
    assert not np.array_equal(view.canvas.rows[0].values, first_input)
    np.testing.assert_array_equal(view.canvas.rows[0].values[0],
                                  pane.samples.data.test_x[5].numpy()[0])
    assert "true class: " in view.label_text.text()


def test_feature_maps_take_a_drawn_digit_and_explain_one_that_does_not_fit(
        qtbot, open_window) -> None:
    window = open_window("cnn-mnist")
    pane = window.features["inside"].pane
    view = pane.feature_maps
    pane.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: pane.samples.data is not None and bool(view.canvas.rows),
                    timeout=20_000)
    digit = np.zeros((1, 28, 28), np.float32)
    digit[0, 4:24, 13:16] = 1.0  # a "1", as the drawing pad would send it
    view.show_input(digit)
    np.testing.assert_array_equal(view.canvas.rows[0].values, digit)
    assert view.label_text.text() == "your drawing" and view.test_button.isVisible()
    conv = view.canvas.rows[1].values
    assert conv.shape == (32, 26, 26) and np.ptp(conv) > 0
    view.show_input(np.zeros(10, np.float32))
    assert "does not fit" in view.note.text() and "784" in view.note.text()
    view.test_button.click()
    assert not view.test_button.isVisible() and view.canvas.rows[0].values.shape == (1, 28, 28)
    assert "test sample 0" in view.note.text()


def test_the_drawing_pad_digit_reaches_the_feature_maps_preprocessed(qtbot, open_window) -> None:
    window = open_window("mlp-mnist")
    window.document.config = replace(window.document.config, preprocessing="standardize")
    pane = window.features["inside"].pane
    view = pane.feature_maps
    pane.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: pane.samples.data is not None and bool(view.canvas.rows),
                    timeout=20_000)
    drawing = np.zeros((28, 28), np.float32)
    drawing[6:22, 8:20] = 1.0  # bright ink on dark, in [0, 1], as the pad sends it
    window.features["draw"].pane.inputChanged.emit(drawing)
    assert pane.refresh()  # drawn on the next beat, not on every stroke
    expected = pane.samples.data.normalize(torch.from_numpy(drawing)).numpy()
    assert not np.allclose(expected, drawing)
    np.testing.assert_allclose(view.canvas.rows[0].values.reshape(28, 28), expected, rtol=1e-6)
    assert view.label_text.text() == "your drawing"


def test_pointing_at_a_map_enlarges_it_with_its_value_range(qtbot, open_window) -> None:
    window = open_window("cnn-mnist")
    pane = window.features["inside"].pane
    view = pane.filters
    qtbot.waitUntil(lambda: bool(view.canvas.rows)
                    and view.canvas.rows[0].image.mosaic is not None, timeout=20_000)
    row = view.canvas.rows[0]
    tiles = row.image.mosaic
    _, h, w = tiles.tiles.shape
    col, line = 5 % tiles.columns, 5 // tiles.columns
    centre = QPointF(col * (w + 1) + w / 2, line * (h + 1) + h / 2)
    graphics = view.canvas.graphics

    moves = [0]

    def point_at_filter_6() -> bool:
        # pyqtgraph drops moves closer than its rate limit to the previous one, and a late
        # layout pass can shift the row: like a real hand, move again until the panel answers
        # (a pixel to and fro, as Qt ignores a move to where the mouse already is).
        moves[0] += 1
        point = graphics.mapFromScene(row.image.mapToScene(centre))
        QTest.mouseMove(graphics.viewport(), point + QPoint(moves[0] % 2, 0))
        QTest.qWait(30)
        return "filter 6" in view.canvas.zoom.caption.text()

    qtbot.waitUntil(point_at_filter_6, timeout=10_000)
    np.testing.assert_array_equal(view.canvas.zoom.image.image, tiles.tiles[5])
    low, high = float(tiles.tiles[5].min()), float(tiles.tiles[5].max())
    assert f"{low:.3g}" in view.canvas.zoom.caption.text()
    assert f"{high:.3g}" in view.canvas.zoom.caption.text()


def test_editing_the_network_after_a_run_goes_back_to_its_current_weights(
        qtbot, open_window) -> None:
    window = open_window("toy-spiral", epochs=2)
    pane = window.features["inside"].pane
    with qtbot.waitSignal(window.training.runFinished, timeout=30_000):
        window.training.train()
    window.features["inside"].dock.raise_()  # the results pane came forward when the run ended
    qtbot.waitUntil(lambda: pane.scrubber.count > 0, timeout=5000)
    pane.tabs.setCurrentWidget(pane.boundary)
    pane.refresh()
    assert pane.boundary.note.text().startswith("End of epoch 2")
    window.document.set_param(0, "units", 8)
    pane.refresh()
    assert pane.scrubber.count == 0 and not pane.scrubber.slider.isEnabled()
    assert "Train the network" in pane.scrubber.caption.text()
    assert pane.boundary.note.text().startswith("Initial weights")
    window.document.undo_stack.undo()  # the trained network again: its run is shown again
    pane.refresh()
    assert pane.scrubber.count == len(window.training.runner.recorder)
    window.document.load_template(TEMPLATES["toy-spiral"])  # same network, a new project
    pane.refresh()
    assert pane.recorder is None and pane.scrubber.count == 0
    window.document.undo_stack.setClean()


def test_a_reopened_project_shows_its_trained_weights_and_their_epochs(
        qtbot, open_window, tmp_path) -> None:
    trained = open_window("mlp-mnist", epochs=2)
    with qtbot.waitSignal(trained.training.runFinished, timeout=60_000):
        trained.training.train()
    path = trained.document.save(tmp_path / "mlp.nnp")
    window = open_window()
    assert window.open_path(path)
    pane = window.features["inside"].pane
    pane.tabs.setCurrentWidget(pane.weight_images)
    qtbot.waitUntil(lambda: pane.weight_images.shown is not None, timeout=20_000)
    assert pane.weight_images.note.text().startswith("Trained weights")
    first_layer = window.document.weights["layers.1.0.weight"].numpy()
    np.testing.assert_array_equal(pane.weight_images.shown, first_layer.reshape(64, 28, 28))
    context = pane.context()
    assert [r.epoch for r in context.history] == [1, 2]
    assert all(r.val_loss is not None for r in context.history)
    assert pane.scrubber.count == 0


def test_the_sample_store_shows_only_the_newest_request(qtbot) -> None:
    spiral = TEMPLATES["toy-spiral"]
    options = dict(spiral.dataset_options)
    store = SampleStore()
    shown: list[object] = []
    store.changed.connect(lambda: shown.append(store.data))
    store.request(spiral.spec, spiral.config, options)
    newer = replace(spiral.config, seed=spiral.config.seed + 1)
    store.request(spiral.spec, newer, options)  # replaces the first before it is shown
    assert store.loading
    qtbot.waitUntil(lambda: not store.loading, timeout=30_000)
    assert len(shown) == 1 and shown[0] is store.data and store.message == ""
    from playground.core.data.datasets import load_dataset

    expected = load_dataset("toy-spiral", preprocessing=newer.preprocessing, seed=newer.seed,
                            limit=SAMPLE_LIMIT, **options)
    assert torch.equal(store.data.train_x, expected.train_x)


def test_a_sample_load_that_fails_says_why(qtbot) -> None:
    spiral = TEMPLATES["toy-spiral"]
    store = SampleStore()
    with qtbot.waitSignal(store.changed, timeout=30_000):
        store.request(replace(spiral.spec, dataset="no-such-dataset"), spiral.config, {})
    assert store.data is None and "could not be loaded" in store.message


def test_filters_of_colour_pictures_are_drawn_in_colour(qtbot, open_window) -> None:
    window = open_window()
    spec = NetworkSpec((3, 32, 32), "cifar10", 10, (
        LayerSpec.create("Conv2D", filters=6, kernel_size=5),
        LayerSpec.create("Conv2D", filters=4, kernel_size=3),
        LayerSpec.create("Flatten"), LayerSpec.create("Dense", units=10, activation="softmax")))
    window.document.reset(spec)
    pane = window.features["inside"].pane
    view = pane.filters
    pane.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: len(view.canvas.rows) == 2
                    and view.canvas.rows[0].image.mosaic is not None, timeout=20_000)
    pane.refresh()
    assert view.in_colour  # chosen by itself: the first layer reads red, green and blue
    first, second = (row.image.mosaic for row in view.canvas.rows)
    assert first.colour and first.image.shape[-1] == 3 and first.tiles.shape == (6, 5, 5, 3)
    assert not second.colour  # 6 input channels: averaged
    kernels = first.values  # (filters, k, k, rgb): the weights pictured
    level = float(np.abs(kernels).max())
    np.testing.assert_allclose(first.tiles, 0.5 + 0.5 * kernels / level, atol=1e-6)
    assert view.canvas.rows[0].image.lut is None  # colours as they are, no colour map

    view.canvas._hovered(0, 2)  # pointing at filter 3 reads its weights, not its colours
    low, high = float(kernels[2].min()), float(kernels[2].max())
    caption = view.canvas.zoom.caption.text()
    assert "filter 3" in caption and f"{low:.3g}" in caption and f"{high:.3g}" in caption
    assert view.canvas.zoom.image.image.shape == (5, 5, 3)

    view.set_channel(None)  # back to the average: one value per pixel, blue-white-red again
    pane.refresh()
    first = view.canvas.rows[0].image.mosaic
    assert not first.colour and view.canvas.rows[0].image.lut is not None


def test_a_colour_input_is_shown_as_one_colour_picture(qtbot, open_window) -> None:
    window = open_window("cnn-mnist")
    view = window.features["inside"].pane.feature_maps
    (row,) = view.canvas.set_rows(["tiles"])
    photo = np.random.default_rng(0).normal(size=(3, 8, 8)).astype(np.float32)
    view._draw_input(row, photo)
    shown = row.image.mosaic
    assert shown.colour and shown.tiles.shape == (1, 8, 8, 3)
    assert shown.tiles.min() == 0.0 and shown.tiles.max() == 1.0  # stretched to be visible
    np.testing.assert_array_equal(shown.values[0], photo.transpose(1, 2, 0))  # hover reads these
    (grey,) = view.canvas.set_rows(["tiles"])
    view._draw_input(grey, photo[:1])  # one channel: the grey colour map again
    assert not grey.image.mosaic.colour and grey.image.lut is not None


def test_pointing_at_a_histogram_bar_reads_its_range_and_count(qtbot, open_window) -> None:
    window = open_window("cnn-mnist")
    pane = window.features["inside"].pane
    view = pane.health
    pane.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: pane.samples.data is not None, timeout=30_000)
    pane.refresh()
    qtbot.waitUntil(lambda: view.report is not None and bool(view.views), timeout=30_000)
    hist = view.report.layers[0].weights
    i = int(np.argmax(hist.counts))  # the tallest bar of the first Conv2D's weights
    middle = float(hist.edges[i] + hist.edges[i + 1]) / 2
    text = view.describe_bar(0, "weights", middle)
    assert text.startswith("Layer 1 Conv2D, weights:") and f"{int(hist.counts[i]):,}" in text
    assert view.describe_bar(0, "weights", float(hist.edges[-1]) + 1.0) == ""  # off the bars
    box = view.views[(0, "weights")]
    qtbot.waitUntil(lambda: box.sceneBoundingRect().width() > 0, timeout=5000)

    def point_at_the_bar() -> bool:
        # The plot settles its view range after the histogram arrives; a busy machine may still
        # map the point with the old range, so point again until the read-out answers.
        view._mouse_moved(box.mapViewToScene(QPointF(middle, 1.0)))
        return view.readout.text() == text

    qtbot.waitUntil(point_at_the_bar, timeout=10_000)
    view._mouse_moved(QPointF(-50.0, -50.0))
    assert view.readout.text() == ""
