"""The Inside pane on the teaching templates (branching ones too): a real window, a real run.

Each template is drawn before training (the seed's initial weights) and after two epochs (the
run's newest snapshot): every applicable picture has the expected shape, is not flat, and
changes with training. The scrubber then goes back to epoch 1 and must show exactly what the
recorder kept for it, and every tab exports a PNG through its button.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from playground.core.inspect.inside import recurrent_sequences
from playground.core.network.build import model_from_weights

# Pictures that follow the weights, with their shapes. "map i" is feature-map row i (row 0 is
# the input); "filters i" and "weights" hold at most 64 tiles.
EXPECTED = {
    "cnn-mnist": {"filters 0": (32, 3, 3), "filters 2": (64, 3, 3), "map 1": (32, 26, 26),
                  "map 3": (64, 11, 11), "map 8": (10,)},
    "mlp-mnist": {"weights": (64, 28, 28), "map 2": (64,), "map 4": (10,)},
    "rnn-mnist": {"map 1": (1, 28, 64), "map 2": (10,)},
    "toy-spiral": {"boundary": (60, 60), "units": (16, 40, 40), "map 1": (16,)},
    # Networks that branch: every node has its own row, filters and histograms.
    "resnet-fashion": {"filters 0": (16, 3, 3), "filters 2": (16, 3, 3), "map 1": (16, 28, 28),
                       "map 5": (16, 14, 14), "map 15": (10,)},
    "inception-mnist": {"filters 0": (16, 3, 3), "map 1": (16, 28, 28), "map 12": (10,)},
}


def draw_everything(qtbot, pane) -> None:
    """Every tab drawn for the current state, and its health measured."""
    qtbot.waitUntil(lambda: pane.samples.data is not None, timeout=30_000)
    previous = pane.health.report
    pane.refresh_all()
    qtbot.waitUntil(lambda: pane.health.report is not None
                    and pane.health.report is not previous, timeout=30_000)


def pictures(pane) -> dict[str, np.ndarray]:
    found: dict[str, np.ndarray] = {}
    for index, tiles in pane.filters.shown.items():
        found[f"filters {index}"] = tiles
    for index, row in enumerate(pane.feature_maps.canvas.rows):
        found[f"map {index}"] = row.values
    if pane.weight_images.shown is not None:
        found["weights"] = pane.weight_images.shown
    if pane.boundary.probabilities is not None:
        found["boundary"] = pane.boundary.probabilities
    if pane.boundary.unit_values is not None:
        found["units"] = pane.boundary.unit_values
    return found


def weight_histograms(pane) -> list[np.ndarray]:
    return [h.weights.counts for h in pane.health.report.layers if h.weights is not None]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_pane_renders_changes_with_training_and_replays_epoch_one(
        qtbot, open_window, monkeypatch, tmp_path, name) -> None:
    window = open_window(name, epochs=2)
    pane = window.features["inside"].pane
    pane.boundary.units_check.setChecked(True)
    draw_everything(qtbot, pane)
    before = pictures(pane)
    before_histograms = weight_histograms(pane)
    for key, shape in EXPECTED[name].items():
        assert before[key].shape == shape, key
        assert np.nanmax(before[key]) > np.nanmin(before[key]), f"{key} is flat"
    assert "before training" in pane.feature_maps.note.text()
    spec = window.document.spec
    report = pane.health.report
    assert [h.layer_type for h in report.layers] == [layer.type for layer in spec.layers]
    assert all(h.gradients is not None for h in report.layers if h.weights is not None)
    assert pane.health.indicator_lines and all(pane.health.indicator_lines)
    assert pane.health.indicators.text()

    with qtbot.waitSignal(window.training.runFinished, timeout=60_000):
        window.training.train()
    qtbot.waitUntil(lambda: not window.training.runner.running, timeout=10_000)
    recorder = window.training.runner.recorder
    draw_everything(qtbot, pane)
    after = pictures(pane)
    assert pane.scrubber.live and pane.scrubber.index == len(recorder) - 1
    for key in EXPECTED[name]:
        assert after[key].shape == before[key].shape
        if key != "map 0":
            assert not np.allclose(after[key], before[key], equal_nan=True), f"{key} unchanged"
    assert any(not np.array_equal(a, b) for a, b in
               zip(before_histograms, weight_histograms(pane), strict=True))

    # Back to the end of epoch 1, after epoch 2 ran: exactly the weights recorded then.
    first = recorder.index_of_epoch(1)
    assert first is not None and first < len(recorder) - 1
    pane.scrubber.select(first)
    assert not pane.scrubber.live
    assert pane.scrubber.caption.text().startswith("end of epoch 1")
    draw_everything(qtbot, pane)
    snapshot = recorder.at(first)
    if name == "cnn-mnist":
        for shown, filters in zip(pane.filters.shown.values(), snapshot.filters(), strict=True):
            np.testing.assert_array_equal(shown, filters.images(None)[:64])
        assert not np.array_equal(pane.filters.shown[0], after["filters 0"])
    if name == "mlp-mnist":
        np.testing.assert_array_equal(pane.weight_images.shown,
                                      snapshot.dense_images(spec).averaged()[:64])
    if name == "rnn-mnist":
        sample = pane.samples.data.test_x[0]
        sequence = recurrent_sequences(model_from_weights(spec, snapshot.state), sample)[0]
        np.testing.assert_allclose(pane.feature_maps.canvas.rows[1].values[0], sequence,
                                   rtol=1e-5, atol=1e-6)
    if name == "toy-spiral":
        np.testing.assert_array_equal(pane.boundary.probabilities,
                                      snapshot.boundary.probabilities)
    else:
        assert pane.confusion.shown is snapshot.confusion
        assert pane.confusion.matrix_view.confusion.sum() > 0

    # Every tab's PNG button writes a picture.
    for view in pane.views:
        target = tmp_path / f"{view.objectName()}.png"
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *_a, t=target, **_k: (str(t.with_suffix("")), ""))
        pane.tabs.setCurrentWidget(view)
        qtbot.mouseClick(view.png_button, Qt.MouseButton.LeftButton)
        image = QImage(str(target))
        assert not image.isNull() and image.width() > 50 and image.height() > 50, target
