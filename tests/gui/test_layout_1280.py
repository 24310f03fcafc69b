"""The window fits a 1280×800 screen: no pane needs a horizontal scroll bar, no toolbar button
hides in the overflow menu, and the bottom panes are tall enough to read.

What "readable" means here: the confusion matrix's rows at least 20 px (its counts are written
at 10 pt), every health histogram at least 120 px tall, both without scrolling at the default
bottom pane height, and Stop on the toolbar even with presentation mode's enlarged type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pytest
from gui_helpers import settle
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QDockWidget, QToolBar

from playground.app import create_window
from playground.core.teaching.templates import TEMPLATES
from playground.gui.i18n import install_language
from playground.gui.inside.health_view import PLOT_MIN_HEIGHT
from playground.gui.main_window import MainWindow
from playground.gui.training.confusion_view import MIN_ROW_PX, ConfusionView
from playground.gui.training.results_data import ResultsData
from playground.gui.training.results_pane import ResultsPane

SIZES = ((1280, 800), (1400, 900))
CLASSES = 10
# The health rows a measured cnn-mnist gets: one per layer.
CNN_LAYERS = ["1 Conv2D", "2 MaxPool2D", "3 Conv2D", "4 MaxPool2D", "5 Flatten", "6 Dropout",
              "7 Dense", "8 Dense"]
T = TypeVar("T")


def resize(window: MainWindow, qtbot, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == (width, height), timeout=2000)


def overflowing(toolbar: QToolBar) -> list[str]:
    """The toolbar's actions whose buttons went into its overflow menu."""
    return [a.text() for a in toolbar.actions() if not a.isSeparator()
            and toolbar.widgetForAction(a) is not None
            and not toolbar.widgetForAction(a).isVisible()]


def test_every_pane_fits_1280_by_800_without_a_horizontal_scroll_bar(window, qtbot) -> None:
    window.document.load_template(TEMPLATES["cnn-mnist"])
    window.training.results.show_results(ten_class_results())  # the panes with content
    window.features["inside"].pane.health._ensure_rows(CNN_LAYERS)
    resize(window, qtbot, 1280, 800)
    checked, scrolling = 0, []
    for dock in window.findChildren(QDockWidget):
        if dock.isHidden() and not dock.toggleViewAction().isChecked():
            continue  # a pane the window does not show (an unopened lesson)
        dock.raise_()
        qtbot.waitUntil(lambda d=dock: not d.visibleRegion().isEmpty(), timeout=2000)
        for area in dock.findChildren(QAbstractScrollArea):
            if area.isVisible():
                checked += 1
                bar = area.horizontalScrollBar()
                if bar.isVisible() and bar.maximum() > 0:  # something is cut off
                    scrolling.append(f"{dock.objectName()}/{area.objectName() or type(area)}")
    assert checked >= 5 and scrolling == []
    for toolbar in window.findChildren(QToolBar):
        assert overflowing(toolbar) == []  # Stop and the rest stay on the toolbar


def ten_class_results() -> ResultsData:
    """A finished run's test results on 10 classes, a third of them wrong."""
    rng = np.random.default_rng(0)
    labels = rng.integers(0, CLASSES, 300)
    predictions = np.where(rng.random(300) < 0.66, labels, rng.integers(0, CLASSES, 300))
    confusion = np.zeros((CLASSES, CLASSES), np.int64)
    np.add.at(confusion, (labels, predictions), 1)
    per_class = tuple(float(confusion[i, i] / max(1, confusion[i].sum()))
                      for i in range(CLASSES))
    return ResultsData(
        test_loss=0.9, test_accuracy=float(np.mean(labels == predictions)),
        per_class_accuracy=per_class, confusion=confusion,
        class_names=tuple(str(i) for i in range(CLASSES)),
        images=rng.integers(0, 256, (300, 28, 28), dtype=np.uint8), labels=labels,
        predictions=predictions)


def laid_out(measure: Callable[[], T]) -> T:
    """What ``measure`` gives once the layouts' posted work is done (twice the same answer)."""
    previous = measure()
    for _ in range(20):
        settle()
        current = measure()
        if current == previous:
            return current
        previous = current
    return previous


def row_height(view: ConfusionView) -> float:
    return view.cell_view_pos(1, 0).y() - view.cell_view_pos(0, 0).y()


def show_results(window: MainWindow, qtbot) -> ResultsPane:
    results = window.training.results
    results.show_results(ten_class_results())
    window.results_dock.raise_()
    qtbot.waitUntil(results.confusion_view.isVisible, timeout=2000)
    return results


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_confusion_rows_are_readable_at_the_default_pane_height(window, qtbot, size) -> None:
    resize(window, qtbot, *size)
    results = show_results(window, qtbot)
    bar = results.scroll.verticalScrollBar()
    row, scrolled = laid_out(lambda: (row_height(results.confusion_view), bar.maximum()))
    assert row >= MIN_ROW_PX, f"confusion rows {row:.1f} px"
    assert scrolled == 0  # the bottom pane is tall enough for the whole matrix
    assert window.editor.height() >= 340  # and the network editor keeps its room


def test_a_short_results_pane_scrolls_rather_than_squash_the_matrix(window, qtbot) -> None:
    resize(window, qtbot, 1280, 800)
    results = show_results(window, qtbot)
    window.resizeDocks([window.results_dock], [200], Qt.Orientation.Vertical)
    bar = results.scroll.verticalScrollBar()
    row, scrolled = laid_out(lambda: (row_height(results.confusion_view), bar.maximum()))
    assert row >= MIN_ROW_PX and scrolled > 0


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_health_histograms_are_tall_enough_to_read(window, qtbot, size) -> None:
    resize(window, qtbot, *size)
    inside = window.features["inside"]
    inside.dock.raise_()
    health = inside.pane.health
    inside.pane.tabs.setCurrentWidget(health)
    qtbot.waitUntil(health.isVisible, timeout=2000)
    health._ensure_rows(CNN_LAYERS)
    scroll = health.findChild(QAbstractScrollArea, "healthScroll")

    def plots() -> tuple[list[int], float, int]:
        boxes = [view.sceneBoundingRect() for view in health.views.values()]
        first = health.views[(0, "weights")].sceneBoundingRect()
        return sorted({round(b.height()) for b in boxes}), first.bottom(), \
            scroll.viewport().height()

    heights, first_bottom, shown = laid_out(plots)
    assert min(heights) >= PLOT_MIN_HEIGHT, f"histograms {heights} px tall"
    assert first_bottom <= shown  # a whole row of them shows before any scrolling


@pytest.mark.parametrize("language", ["en", "es"])
def test_stop_stays_on_the_toolbar_at_1280_in_presentation_mode(qtbot, qapp, language) -> None:
    """Presentation mode enlarges every font (1.6× by default), as on a 1280×800 projector."""
    install_language(qapp, language)
    window = create_window(language, restore_layout=False)
    qtbot.addWidget(window)
    mode = window.features["presentation"]
    try:
        window.show()
        qtbot.waitExposed(window)
        mode.enter()
        assert mode.scale >= 1.6
        window.showNormal()  # full screen would be the test screen's width, not 1280
        resize(window, qtbot, 1280, 800)
        toolbar = window.toolbar
        stop = toolbar.widgetForAction(window.actions_by_name["stopAction"])
        qtbot.waitUntil(lambda: toolbar.width() == 1280, timeout=2000)
        assert stop.isVisible() and overflowing(toolbar) == []
    finally:
        mode.leave()
        window.close()
        install_language(qapp, "en")


def test_a_layout_saved_before_the_taller_bottom_panes_is_not_restored(qtbot) -> None:
    """Version 2 layouts kept the old, cramped bottom height: the new default replaces them."""
    old = create_window(restore_layout=False)
    qtbot.addWidget(old)
    old.show()
    qtbot.waitExposed(old)
    default = laid_out(old.curves_dock.height)
    old.resizeDocks([old.curves_dock], [260], Qt.Orientation.Vertical)
    assert laid_out(old.curves_dock.height) < default - 50
    QSettings().setValue("window/state", old.saveState(2))
    window = create_window()  # restores the saved layout, if it may
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert laid_out(window.curves_dock.height) == default


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_bottom_pane_fits_its_dock_instead_of_scrolling(window, qtbot, size) -> None:
    """A pane with wrapping text (the Inside pane's notes) was given the height it prefers
    (about 600 px) by its scroll area, so it scrolled in a dock that had room for it."""
    from PySide6.QtWidgets import QScrollArea

    resize(window, qtbot, *size)
    inside = window.features["inside"]
    inside.dock.raise_()
    pane = inside.pane
    scroll = next(w for w in inside.dock.findChildren(QScrollArea)
                  if w.widget() is not None and w.widget().isAncestorOf(pane))

    def fitted() -> tuple[int, int, int, int]:
        return (pane.height(), scroll.viewport().height(), pane.minimumSizeHint().height(),
                scroll.verticalScrollBar().maximum())

    height, shown, least, scrolls = laid_out(fitted)
    assert shown >= least, f"the dock ({shown} px) is shorter than the pane's minimum ({least})"
    assert height == shown and scrolls == 0
    window.resizeDocks([inside.dock], [least // 2], Qt.Orientation.Vertical)
    height, shown, least, scrolls = laid_out(fitted)
    assert height >= least > shown and scrolls > 0  # squeezed below its minimum: it scrolls
