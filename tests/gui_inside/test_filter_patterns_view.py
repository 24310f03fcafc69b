"""The Filters tab's "What it looks for" mode: best pictures and strongest training patches."""

from __future__ import annotations

import numpy as np

from playground.gui.inside.filter_patterns_panel import MAX_FILTERS, PER_LINE, TOP


def test_cnn_mnist_shows_what_each_filter_of_the_chosen_layer_looks_for(qtbot,
                                                                       open_window) -> None:
    window = open_window("cnn-mnist")
    pane = window.features["inside"].pane
    view = pane.filters
    pane.tabs.setCurrentWidget(view)
    panel = view.patterns
    assert not panel.isVisible() and view.canvas.isVisible()
    view.set_mode("patterns")
    assert panel.isVisible() and not view.canvas.isVisible()
    assert not view.channel_combo.isVisible() and panel.layer_combo.isVisible()
    assert [panel.layer_combo.itemData(i) for i in range(panel.layer_combo.count())] in ([], [0, 2])
    qtbot.waitUntil(lambda: panel.shown is not None, timeout=60_000)
    shown = panel.shown
    assert [panel.layer_combo.itemData(i) for i in range(panel.layer_combo.count())] == [0, 2]
    assert shown.layer == 0 and shown.filters == 32
    assert shown.found.patches.shape == (32, TOP, 1, 3, 3)
    assert shown.pictures.shape == (32, 1, 28, 28)
    (row,) = panel.canvas.rows
    lines = 32 // PER_LINE
    columns = PER_LINE * (TOP + 1) + PER_LINE - 1
    assert row.values.shape[0] == lines * columns  # every tile of every line
    assert "computing" not in view.note.text() and "layer 1" in view.note.text()

    # The second convolution: its patches are 8×8 windows of the digits.
    panel.layer_combo.setCurrentIndex(1)
    assert "computing" in view.note.text()
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown.layer == 2, timeout=60_000)
    found = panel.shown.found
    assert found.patches.shape == (64, TOP, 1, 8, 8) and found.field.stride == 2
    assert min(panel.shown.filters, MAX_FILTERS) == 64
    assert np.isfinite(panel.shown.pictures).all()
    # Pointing at a tile names the filter and the sample.
    words = panel.canvas.describe(1)
    assert words is not None and "Filter 1, patch 1" in words
    assert panel.canvas.describe(TOP + 1) is None  # the blank between two filters
    assert "Filter 2" in panel.canvas.describe(TOP + 2)
    panel.canvas._hovered(0, 0)  # as the mouse does: the tile is enlarged with its words
    assert panel.canvas.zoom.caption.text().startswith("Filter 1: the picture it would like")

    view.set_mode("weights")  # back to the kernels, drawn at once
    assert view.canvas.isVisible() and len(view.canvas.rows) == 2


def test_a_network_without_convolution_says_so(qtbot, open_window) -> None:
    window = open_window("mlp-mnist")
    pane = window.features["inside"].pane
    view = pane.filters
    pane.tabs.setCurrentWidget(view)
    view.set_mode("patterns")
    qtbot.waitUntil(lambda: "no Conv2D layer" in view.note.text(), timeout=20_000)
    assert view.patterns.layer_combo.count() == 0
    assert view.patterns.shown is None and view.patterns.canvas.rows == []
