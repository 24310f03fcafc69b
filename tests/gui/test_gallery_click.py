"""Clicking a picture in a gallery of the results names its test sample, and the window passes
it on to the features (the Draw pane opens it in its test browser, explained)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from playground.gui.training.gallery import Gallery


def test_a_clicked_thumbnail_names_its_test_sample(qtbot) -> None:
    gallery = Gallery("testGallery", "Test gallery")
    qtbot.addWidget(gallery)
    gallery.resize(500, 300)
    gallery.show()
    qtbot.waitExposed(gallery)
    images = np.zeros((50, 28, 28), np.uint8)
    gallery.show_samples("Three mistakes", images, np.array([7, 21, 42]))
    chosen: list[int] = []
    gallery.sampleChosen.connect(chosen.append)
    grid = gallery.grid
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.item_rect(1).center())
    assert chosen == [21]
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.rect().bottomRight())
    assert chosen == [21]  # between pictures: nothing


def test_the_window_passes_a_gallery_choice_to_the_features(window) -> None:
    seen: list[int] = []
    window.signals.testSampleChosen.connect(seen.append)
    window.training.results.misclassified_gallery.sampleChosen.emit(5)
    window.training.results.cell_gallery.sampleChosen.emit(9)
    assert seen == [5, 9]


def test_a_picture_picked_in_the_results_opens_in_the_draw_panes_browser(window, qtbot) -> None:
    from playground.core.teaching.templates import TEMPLATES

    window.document.load_template(TEMPLATES["mlp-mnist"])
    draw = window.features["draw"]
    browser = draw.pane.browser
    window.training.results.misclassified_gallery.sampleChosen.emit(17)
    # The pane was never shown: it loads its test pictures, then opens the one picked.
    qtbot.waitUntil(lambda: browser.count() > 0 and browser.index == 17, timeout=30_000)
    assert draw.pane.tabs.currentIndex() == draw.pane.browser_tab
    window.training.results.cell_gallery.sampleChosen.emit(3)  # loaded: at once
    assert browser.index == 3


def test_the_learned_space_hears_the_drawing_and_its_dots_open_in_the_browser(window) -> None:
    import numpy as np

    space = window.features["inside"].pane.learned_space
    seen: list[int] = []
    window.signals.testSampleChosen.connect(seen.append)
    picture = np.zeros((28, 28), np.float32)
    picture[10:18, 12:16] = 1.0
    window.signals.inputDrawn.emit(picture)  # what the Draw pane's pad sends reaches the map
    assert space.side.drawing is not None and np.array_equal(space.side.drawing, picture)
    space.sampleChosen.emit(12)
    assert seen == [12]
