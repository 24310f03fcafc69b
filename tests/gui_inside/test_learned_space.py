"""The "Learned space" tab: the map of a layer, hovering and clicking its dots, t-SNE that can be
stopped, the drawing among the samples with its nearest training examples, and replaying."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import torch
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from playground.core.explain.projection import layer_activations
from playground.core.network.build import model_from_weights
from playground.gui.background import background
from playground.gui.inside.learned_space_maps import MAP_KEY
from playground.gui.inside.learned_space_view import (
    PALETTE,
    LearnedSpaceView,
    class_colour,
    class_label,
)

POINTS = 300  # test samples on the map: a small slice keeps the tests fast
BANK = 400  # training samples searched for the drawing's neighbours


def open_view(qtbot, open_window, template: str = "cnn-mnist", epochs: int = 2):
    window = open_window(template, epochs=epochs)
    pane = window.features["inside"].pane
    view: LearnedSpaceView = pane.learned_space
    view.maker.max_points, view.side.bank_size = POINTS, BANK
    pane.tabs.setCurrentWidget(view)
    return window, pane, view


def a_stroke() -> np.ndarray:
    """A vertical bar, as a student draws a 1 (values in [0, 1], like the Draw pane's)."""
    picture = np.zeros((28, 28), dtype=np.float32)
    picture[4:24, 12:16] = 1.0
    return picture


def on_screen(view: LearnedSpaceView) -> np.ndarray:
    """Where each dot of the map is in the plot widget's viewport: (N, 2) pixels."""
    graphics = view.plot_widget
    return np.array([[p.x(), p.y()] for p in (
        graphics.mapFromScene(view.plot.mapViewToScene(QPointF(*map(float, xy))))
        for xy in view.projection.points)], dtype=float)


def loneliest_point(view: LearnedSpaceView) -> int:
    """A dot far from every other on screen: the mouse cannot hit a neighbour instead."""
    graphics = view.plot_widget
    screen = on_screen(view)
    inside = (screen[:, 0] > 10) & (screen[:, 1] > 10) & \
             (screen[:, 0] < graphics.width() - 10) & (screen[:, 1] < graphics.height() - 10)
    gaps = np.linalg.norm(screen[:, None] - screen[None], axis=2)
    np.fill_diagonal(gaps, np.inf)
    nearest = np.where(inside, gaps.min(axis=1), -1)
    index = int(np.argmax(nearest))
    assert nearest[index] > 8, "no dot stands alone on screen"
    return index


def position(view: LearnedSpaceView, index: int) -> QPoint:
    """Where dot ``index`` is now (a layout pass may have moved the map since)."""
    return QPoint(*map(int, on_screen(view)[index].round()))


def test_the_map_colours_by_class_shows_a_hovered_sample_and_emits_a_click(
        qtbot, open_window) -> None:
    window, _pane, view = open_view(qtbot, open_window)
    qtbot.waitUntil(lambda: view.projection is not None, timeout=30_000)
    projection, data = view.projection, view.data
    assert view.layer_combo.currentData() == 6 and view.layer_combo.currentText() == "7 Dense"
    assert projection.points.shape == (POINTS, 2) and np.isfinite(projection.points).all()
    np.testing.assert_array_equal(projection.labels, data.test_y[:POINTS].numpy())
    spots = view.scatter.points()
    assert len(spots) == POINTS
    for spot, label, wrong in zip(spots[:50], projection.labels, projection.wrong, strict=False):
        assert spot.brush().color().getRgb()[:3] == PALETTE[label]
        assert (spot.pen().style() != Qt.PenStyle.NoPen) == wrong  # a ring marks a mistake
    assert sorted(item.class_index for item in view.class_labels) == \
        sorted(set(projection.labels.tolist()))
    assert f"{POINTS} test samples" in view.note.text() and "PCA" in view.note.text()

    QTest.qWait(50)  # the first layout passes of the shown tab
    index = loneliest_point(view)
    viewport = view.plot_widget.viewport()
    moves = [0]

    def hover() -> bool:  # pyqtgraph drops moves too close in time: move to and fro
        moves[0] += 1
        QTest.mouseMove(viewport, position(view, index) + QPoint(moves[0] % 2, 0))
        QTest.qWait(30)
        return view.hovered == index

    qtbot.waitUntil(hover, timeout=10_000)
    assert f"Test sample {index}\n" in view.side.preview_text.text()
    assert view.side.preview.pixmap() is not None and not view.side.preview.pixmap().isNull()
    with qtbot.waitSignal(view.sampleChosen, timeout=5000) as clicked:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=position(view, index))
    assert clicked.args == [index]

    # The window opened the picked sample in the Draw pane, in front: back to the map.
    window.features["inside"].dock.raise_()
    view.layer_combo.setCurrentIndex(4)  # the Flatten: a wider space, another map
    qtbot.waitUntil(lambda: view.projection is not None and view.projection.layer == 4,
                    timeout=30_000)
    assert view.projection is not projection


def test_a_drawing_is_a_star_on_the_map_with_its_eight_nearest_training_examples(
        qtbot, open_window) -> None:
    _window, pane, view = open_view(qtbot, open_window)
    qtbot.waitUntil(lambda: view.projection is not None, timeout=30_000)
    assert "Draw a digit" in view.side.note.text()
    view.show_drawing(a_stroke())
    qtbot.waitUntil(lambda: view.side.look is not None, timeout=30_000)
    look, data, state = view.side.look, view.data, pane.context().state
    assert len(view.live_point.points()) == 1
    star = view.live_point.points()[0].pos()
    np.testing.assert_allclose([star.x(), star.y()], look.position, rtol=1e-5)
    # The same nearest examples, found again by hand in the layer's space.
    model = model_from_weights(state.spec, state.snapshot.state)
    bank = layer_activations(model, data.train_x[:BANK], 6)
    drawing = layer_activations(model, data.normalize(torch.from_numpy(a_stroke())), 6)[0]
    expected = np.argsort(np.linalg.norm(bank - drawing, axis=1), kind="stable")[:8]
    assert look.indices.tolist() == expected.tolist()
    np.testing.assert_allclose(look.position, view.projection.basis.transform(drawing),
                               rtol=1e-4, atol=1e-5)  # PCA: the same projection matrix
    names = [caption.text() for _tile, caption in view.side.tiles]
    assert names == [str(int(data.train_y[i])) for i in expected]
    assert all(not tile.pixmap().isNull() for tile, _caption in view.side.tiles)
    assert view.side.title.text() == "It looks like these"
    assert "the network says" in view.side.note.text()


def test_t_sne_reports_progress_can_be_stopped_and_started_again(qtbot, open_window) -> None:
    _window, pane, view = open_view(qtbot, open_window, "mlp-mnist")
    qtbot.waitUntil(lambda: view.projection is not None, timeout=30_000)
    view.method_combo.setCurrentIndex(view.method_combo.findData("tsne"))
    qtbot.waitUntil(lambda: "% done" in view.note.text() and view.run_button.isVisible(),
                    timeout=20_000)
    assert view.run_button.text() == "Stop"
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    assert "stopped" in view.note.text()
    assert not background().pending(MAP_KEY, owner=view.maker)
    assert view.run_button.text() == "Start t-SNE" and view.projection is None
    pane.refresh()  # a redraw does not start it again by itself
    assert not background().pending(MAP_KEY, owner=view.maker)
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.projection is not None and view.projection.method == "tsne",
                    timeout=60_000)
    assert view.projection.points.shape == (POINTS, 2) and not view.run_button.isVisible()
    assert "t-SNE" in view.note.text()
    view.show_drawing(a_stroke())  # on a t-SNE map: among its nearest map samples
    qtbot.waitUntil(lambda: view.side.look is not None, timeout=30_000)
    assert view.side.look.test_features is not None and np.isfinite(view.side.look.position).all()


def test_a_hidden_tab_costs_nothing_and_its_unfinished_work_stops(qtbot, open_window) -> None:
    _window, pane, view = open_view(qtbot, open_window, "mlp-mnist")
    qtbot.waitUntil(lambda: view.projection is not None, timeout=30_000)
    view.method_combo.setCurrentIndex(view.method_combo.findData("tsne"))
    qtbot.waitUntil(lambda: "% done" in view.note.text(), timeout=20_000)
    pane.tabs.setCurrentWidget(pane.filters)
    assert not background().pending(MAP_KEY, owner=view.maker)  # t-SNE stopped with the tab
    drawn = view.redraws
    view.show_drawing(a_stroke())
    for _ in range(3):
        pane.refresh()
    assert view.redraws == drawn and not background().pending(MAP_KEY, owner=view.maker)
    pane.tabs.setCurrentWidget(view)  # back: the map is made again
    qtbot.waitUntil(lambda: view.projection is not None and view.projection.method == "tsne",
                    timeout=60_000)


def test_replaying_the_scrubber_shows_each_epoch_and_a_kept_map_at_once(
        qtbot, open_window) -> None:
    window, pane, view = open_view(qtbot, open_window, "mlp-mnist", epochs=2)
    with qtbot.waitSignal(window.training.runFinished, timeout=60_000):
        window.training.train()
    window.features["inside"].dock.raise_()
    pane.tabs.setCurrentWidget(view)
    recorder = window.training.runner.recorder
    qtbot.waitUntil(lambda: pane.scrubber.count == len(recorder) > 2, timeout=10_000)
    maps = {}
    for index in (recorder.index_of_epoch(1), len(recorder) - 1):
        pane.scrubber.select(index)
        pane.refresh()
        qtbot.waitUntil(lambda i=index: view.projection is not None and
                        view.projection.state_label == pane.context().state.label,
                        timeout=30_000)
        maps[index] = view.projection
    assert not np.allclose(maps[recorder.index_of_epoch(1)].points,
                           maps[len(recorder) - 1].points)
    pane.scrubber.select(recorder.index_of_epoch(1))  # back: drawn from the kept map
    pane.refresh()
    assert view.projection is maps[recorder.index_of_epoch(1)]
    assert not background().pending(MAP_KEY, owner=view.maker)


def test_a_class_name_over_its_own_cluster_reads_at_aa_contrast(qtbot) -> None:
    """A class's name sits at the middle of its dots: its box is opaque, so the text is read on
    white however dense the cluster (a see-through one measured 4.3:1 on the purple of 4)."""
    from tests.gui_presentation.contrast import AA, samples

    plot = pg.PlotWidget(background="#1e1e1e")
    qtbot.addWidget(plot)
    plot.resize(300, 300)
    purple = class_colour(4, 10)
    rng = np.random.default_rng(0)
    label = class_label(purple)
    label.setText("4")
    plot.addItem(label)
    # Dots drawn again after the labels (a new map of the same samples) stay under them.
    plot.addItem(pg.ScatterPlotItem(pos=rng.normal(0, 0.05, (3000, 2)), size=9,
                                    brush=pg.mkBrush(purple), pen=pg.mkPen(None)))
    plot.setRange(xRange=(-0.3, 0.3), yRange=(-0.3, 0.3), padding=0)
    plot.show()
    qtbot.waitExposed(plot)
    found = [s for s in samples(plot) if s.text == "4"]
    assert found and all(s.ratio >= AA for s in found), found
