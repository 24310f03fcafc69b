"""The results pane on a real (one-epoch) run: counts, a clicked cell's images, the mistakes."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from playground.core.data.datasets import load_dataset
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.evaluation import Evaluation
from playground.core.training.loop import train
from playground.core.training.result import TrainingResult
from playground.gui.training.gallery import MAX_THUMBNAILS
from playground.gui.training.results_data import ResultsData, display_images, results_from
from playground.gui.training.results_pane import ResultsPane

MLP = TEMPLATES["mlp-mnist"]


@pytest.fixture(scope="module")
def mnist_run():
    data = load_dataset("mnist", limit=1000)
    result = train(MLP.spec, replace(MLP.config, epochs=1, device="cpu"), data)
    assert result.status == "completed"
    return result, data


@pytest.fixture(scope="module")
def results(mnist_run) -> ResultsData:
    result, data = mnist_run
    return results_from(result, data.test_x, data.test_y, data.info.class_names)


@pytest.fixture
def pane(qtbot, results: ResultsData) -> ResultsPane:
    widget = ResultsPane()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_results(results)
    return widget


def pixels(image: QImage) -> np.ndarray:
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    row = np.frombuffer(grey.constBits(), np.uint8).reshape(grey.height(), grey.bytesPerLine())
    return row[:, : grey.width()]


# -- the data -------------------------------------------------------------------------------------
def test_results_from_a_real_run(mnist_run, results: ResultsData) -> None:
    result, data = mnist_run
    assert results.images is not None and results.images.dtype == np.uint8
    assert results.images.shape == (1000, 28, 28)
    assert results.images.min() == 0 and results.images.max() == 255
    np.testing.assert_array_equal(results.labels, data.test_y.numpy())
    np.testing.assert_array_equal(results.confusion, result.test.confusion)
    assert results.test_accuracy == result.test.accuracy
    assert results.class_names == tuple(str(d) for d in range(10))
    for t in range(10):
        for p in range(10):
            assert len(results.cell_indices(t, p)) == results.confusion[t, p]
    assert len(results.misclassified()) == results.samples - np.trace(results.confusion)


def test_pictures_survive_any_preprocessing_and_view() -> None:
    scaled = load_dataset("mnist", limit=50).test_x
    standardized = load_dataset("mnist", limit=50, preprocessing="standardize").test_x
    reference = display_images(scaled)
    # Min/max scaling undoes any linear preprocessing, whatever view the network reads.
    for x in (standardized, scaled.reshape(50, 784), scaled.reshape(50, 28, 28)):
        got = display_images(x)
        assert got is not None and got.shape == (50, 28, 28)
        assert np.abs(got.astype(int) - reference.astype(int)).max() <= 1
    colour = torch.rand(4, 3, 32, 32)
    assert display_images(colour).shape == (4, 3, 32, 32)
    assert display_images(colour.reshape(4, 3072)).shape == (4, 3, 32, 32)
    assert display_images(np.zeros((3, 28, 28), np.uint8)).shape == (3, 28, 28)
    assert display_images(torch.zeros(5, 2)) is None  # 2D toy points
    assert display_images(torch.zeros(5, 100, dtype=torch.int64)) is None  # token ids
    assert display_images(torch.zeros(5, 50)) is None  # 50 values: no square picture
    assert display_images(torch.ones(5, 1, 28, 28)).max() == 0  # flat input: no division by 0


def test_runs_without_test_results_or_classes() -> None:
    config = MLP.config
    with pytest.raises(ValueError, match="no test results"):
        results_from(TrainingResult("diverged", config), torch.zeros(2, 784), torch.zeros(2), ())
    regression = TrainingResult("completed", config, test=Evaluation(loss=0.25, accuracy=None))
    data = results_from(regression, torch.zeros(2, 2), torch.zeros(2), ())
    assert not data.is_classification and data.test_loss == 0.25


# -- the pane -------------------------------------------------------------------------------------
def test_headline_and_counts_in_every_cell(pane: ResultsPane, results: ResultsData) -> None:
    assert f"{results.test_accuracy:.1%}" in pane.accuracy_label.text()
    assert f"{results.test_loss:.4g}" in pane.loss_label.text()
    for t in range(10):
        for p in range(10):
            assert pane.confusion_view.cell_text(t, p) == str(results.confusion[t, p])
    wrong = len(results.misclassified())
    assert f"{wrong:,} wrong" in pane.summary_label.text()
    heights = pane.bars.opts["width"]
    np.testing.assert_allclose(heights, np.array(results.per_class_accuracy) * 100)


def test_clicking_a_cell_shows_exactly_its_images(qtbot, pane: ResultsPane,
                                                  results: ResultsData) -> None:
    # A cell with a few images that is not the one the pane opened on.
    candidates = [(t, p) for t in range(10) for p in range(10)
                  if 0 < results.confusion[t, p] <= MAX_THUMBNAILS and (t, p) != pane.selected]
    t, p = max(candidates, key=lambda c: results.confusion[c])
    view = pane.confusion_view
    where = view.cell_view_pos(t, p).toPoint()
    with qtbot.waitSignal(pane.cellSelected, timeout=2000) as signal:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert signal.args == [t, p] and pane.selected == (t, p)
    gallery = pane.cell_gallery
    assert pane.tabs.currentWidget() is gallery
    expected = np.flatnonzero((results.labels == t) & (results.predictions == p))
    np.testing.assert_array_equal(gallery.indices, expected)
    assert gallery.count() == results.confusion[t, p] == len(expected)
    assert gallery.caption.text() == f"true: {t}, predicted: {p} — {len(expected)} images"
    first = pixels(gallery.grid.images[0])
    np.testing.assert_array_equal(first, results.images[expected[0]])


def test_a_full_cell_is_capped_with_a_count(pane: ResultsPane, results: ResultsData) -> None:
    t = int(np.argmax(np.diag(results.confusion)))
    pane.select_cell(t, t)
    n = int(results.confusion[t, t])
    assert pane.cell_gallery.total == n
    assert pane.cell_gallery.count() == min(n, MAX_THUMBNAILS)
    if n > MAX_THUMBNAILS:
        assert f"showing the first {MAX_THUMBNAILS}" in pane.cell_gallery.caption.text()


def test_the_pane_opens_on_the_most_frequent_mistake(pane: ResultsPane,
                                                     results: ResultsData) -> None:
    off = results.confusion.copy()
    np.fill_diagonal(off, 0)
    t, p = np.unravel_index(np.argmax(off), off.shape)
    assert pane.selected == (t, p)
    assert pane.cell_gallery.total == off[t, p]
    assert pane.tabs.currentWidget() is pane.misclassified_gallery


def test_misclassified_gallery_lists_the_mistakes(pane: ResultsPane, results: ResultsData) -> None:
    gallery = pane.misclassified_gallery
    wrong = results.misclassified()
    assert gallery.total == len(wrong)
    assert gallery.count() == min(len(wrong), MAX_THUMBNAILS)
    np.testing.assert_array_equal(gallery.indices, wrong[:MAX_THUMBNAILS])
    said, truth = gallery.grid.captions[0]
    i = wrong[0]
    assert said == f"said {results.predictions[i]}" and truth == f"true {results.labels[i]}"
    assert f"({len(wrong):,})" in pane.tabs.tabText(0)
    tooltip_rect = gallery.grid.item_rect(0)
    assert gallery.grid.item_at(tooltip_rect.center()) == 0
    assert gallery.grid.item_at(QPoint(-5, -5)) is None


def test_more_than_a_hundred_mistakes_are_capped(qtbot) -> None:
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, 500)
    predictions = (labels + 1) % 3  # all wrong
    confusion = np.zeros((3, 3), np.int64)
    np.add.at(confusion, (labels, predictions), 1)
    data = ResultsData(2.0, 0.0, (0.0, 0.0, 0.0), confusion, ("a", "b", "c"),
                       rng.integers(0, 256, (500, 3, 16, 16), dtype=np.uint8), labels, predictions)
    pane = ResultsPane()
    qtbot.addWidget(pane)
    pane.show_results(data)
    assert pane.misclassified_gallery.count() == MAX_THUMBNAILS
    assert pane.misclassified_gallery.total == 500
    assert "Showing the first 100" in pane.misclassified_gallery.caption.text()
    assert pane.misclassified_gallery.grid.images[0].format() == QImage.Format.Format_RGB888


def test_toy_data_without_pictures(qtbot) -> None:
    spiral = TEMPLATES["toy-spiral"]
    data = load_dataset("toy-spiral", **spiral.dataset_options)
    result = train(spiral.spec, replace(spiral.config, epochs=2, device="cpu"), data)
    results = results_from(result, data.test_x, data.test_y, data.info.class_names)
    assert results.images is None
    pane = ResultsPane()
    qtbot.addWidget(pane)
    pane.show()
    pane.show_results(results)
    assert pane.note.isVisible() and "not pictures" in pane.note.text()
    assert pane.confusion_view.cell_text(0, 0) == str(results.confusion[0, 0])
    wrong = len(results.misclassified())
    assert pane.misclassified_gallery.count() == 0
    assert pane.misclassified_gallery.total == wrong
    assert pane.confusion_view.class_names == data.info.class_names


def test_regression_shows_only_the_loss(qtbot) -> None:
    result = TrainingResult("completed", MLP.config, test=Evaluation(loss=0.125, accuracy=None))
    pane = ResultsPane()
    qtbot.addWidget(pane)
    pane.show()
    pane.show_results(results_from(result, torch.zeros(3, 4), torch.zeros(3), ()))
    assert "0.125" in pane.loss_label.text()
    assert not pane.accuracy_label.isVisible()
    assert not pane.details.isVisible()
    assert pane.note.isVisible()


def test_export_png(pane: ResultsPane, tmp_path) -> None:
    path = tmp_path / "results.png"
    assert pane.export_png(path)
    image = QImage(str(path))
    assert image.width() == pane.width() and image.height() == pane.height()


def test_interactive_widgets_are_named(pane: ResultsPane) -> None:
    from PySide6.QtWidgets import QAbstractButton, QTabWidget

    for widget in [*pane.findChildren(QAbstractButton), *pane.findChildren(QTabWidget),
                   pane.confusion_view, pane.class_plot]:
        if isinstance(widget, QAbstractButton) and widget.parent() is not pane:
            continue  # the tab bar's own scroll buttons
        assert widget.objectName() and widget.accessibleName(), widget
