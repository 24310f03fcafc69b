"""The Results pane's per-class table: precision, recall and F1 next to the accuracy.

After a short real run in the window the table holds one row per class and the macro average,
with exactly the numbers :func:`class_quality` gives for the run's confusion matrix, names the
class missed most often and tints its row; switched to Spanish its titles are Spanish and its
numbers carry decimal commas. On a made-up matrix: a class never predicted reads "—" with the
reason, and clicking a column title sorts by it with the average kept last.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QTableWidget

from playground.app import create_window
from playground.core.training.class_quality import class_quality, explanations
from playground.gui import looks
from playground.gui.i18n import install_language
from playground.gui.language_switch import switch_language
from playground.gui.main_window import MainWindow
from playground.gui.retranslate import shown_texts
from playground.gui.training.class_quality_table import UNDEFINED
from playground.gui.training.results_data import ResultsData
from playground.gui.training.results_pane import ResultsPane
from tests.gui_training.trained_window import trained_window

ENGLISH_TITLES = ["Class", "Precision", "Recall", "F1", "Support"]


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    install_language(qapp, "en")
    yield
    install_language(qapp, "en")


def trained(qtbot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """An English window after one short epoch of mlp-mnist, its per-class table shown."""
    window = trained_window(qtbot, monkeypatch, "mlp-mnist")
    results = window.training.results
    window.results_dock.raise_()
    results.tabs.setCurrentWidget(results.per_class)
    qtbot.waitUntil(results.class_table.table.isVisible, timeout=5000)
    return window


def cells(table: QTableWidget) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def titles(table: QTableWidget) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def ratio(value: float | None) -> str:
    return UNDEFINED if value is None else f"{value:.1%}"


def results_of(confusion: np.ndarray, names: tuple[str, ...]) -> ResultsData:
    """Results whose labels and predictions make up ``confusion`` (no pictures needed)."""
    k = len(confusion)
    labels = np.repeat(np.arange(k), confusion.sum(axis=1))
    predictions = np.concatenate([np.repeat(np.arange(k), row) for row in confusion])
    per_class = tuple(float(confusion[i, i] / max(1, confusion[i].sum())) for i in range(k))
    return ResultsData(1.0, float(np.trace(confusion) / confusion.sum()), per_class, confusion,
                       names, None, labels, predictions)


def test_after_a_run_the_table_matches_the_run_in_english_and_spanish(
        qtbot, english, monkeypatch: pytest.MonkeyPatch) -> None:
    window = trained(qtbot, monkeypatch)
    results = window.training.results
    data = results.data
    assert data is not None and data.confusion.sum() == data.samples == 400
    assert np.trace(data.confusion) / 400 == pytest.approx(data.test_accuracy)
    quality = class_quality(data.confusion, data.class_names)
    view = results.class_table
    table = view.table

    # One row per class in class order, then the macro average, with class_quality's numbers.
    assert titles(table) == ENGLISH_TITLES
    expected = [[c.name, ratio(c.precision), ratio(c.recall), ratio(c.f1), str(c.support)]
                for c in quality.classes]
    macro = quality.macro
    expected.append(["Macro average", ratio(macro.precision), ratio(macro.recall),
                     ratio(macro.f1), "400"])
    english_cells = cells(table)
    assert english_cells == expected
    recalls = [c.recall for c in quality.classes]
    np.testing.assert_allclose(recalls, data.per_class_accuracy)  # the bars beside it

    # The sentences behind the titles, the line under the table, the class missed most often.
    sentences = explanations()
    tips = [table.horizontalHeaderItem(c).toolTip() for c in range(1, 5)]
    assert tips == [str(sentences[key]) for key in ("precision", "recall", "f1", "support")]
    assert view.note.isVisible() and view.note.text().startswith("Precision: how often")
    worst = quality.worst_recall()
    assert worst is not None and worst.recall < 1
    hint = f"The network most often misses: {worst.name} (recall {worst.recall:.0%})."
    assert view.hint.isVisible() and view.hint.text() == hint
    tint = QColor(looks.current().error_background)
    for row in range(table.rowCount()):
        shaded = table.item(row, 2).background().color() == tint
        assert shaded == (row == worst.index), row
    for row, score in enumerate(quality.classes):
        if score.precision is None:  # a class the short run never predicted
            assert table.item(row, 1).toolTip() == str(sentences["undefined_precision"])

    # In Spanish: Spanish titles and decimal commas, the same numbers.
    english_texts = [text for _owner, text in shown_texts(results)]
    switch_language(window, "es")
    assert titles(table) == ["Clase", "Precisión", "Exhaustividad", "F1", "Soporte"]
    spanish_cells = cells(table)
    assert spanish_cells[-1][0] == "Promedio macro"
    assert [row[1:] for row in spanish_cells] == [
        [text.replace(".", ",") for text in row[1:]] for row in english_cells]
    assert any("," in text for row in spanish_cells for text in row[1:4])
    assert view.hint.text().startswith(f"La clase que la red pasa por alto más a menudo: "
                                       f"{worst.name} (exhaustividad ")
    assert table.horizontalHeaderItem(2).toolTip().startswith("Exhaustividad: de las muestras")

    switch_language(window, "en")
    assert titles(table) == ENGLISH_TITLES and cells(table) == english_cells
    assert view.hint.text() == hint
    assert [text for _owner, text in shown_texts(results)] == english_texts


def test_a_class_never_predicted_and_sorting_by_a_column(qtbot) -> None:
    confusion = np.array([[8, 2, 0], [1, 4, 0], [3, 2, 0]])  # "cat" is never predicted
    pane = ResultsPane()
    qtbot.addWidget(pane)
    pane.resize(1200, 400)
    pane.show()
    qtbot.waitExposed(pane)
    pane.show_results(results_of(confusion, ("dog", "fox", "cat")))
    pane.tabs.setCurrentWidget(pane.per_class)
    view = pane.class_table
    table = view.table
    qtbot.waitUntil(table.isVisible, timeout=5000)

    assert [row[0] for row in cells(table)] == ["dog", "fox", "cat", "Macro average"]
    undefined = table.item(2, 1)
    assert undefined.text() == UNDEFINED
    assert undefined.toolTip() == str(explanations()["undefined_precision"])
    assert cells(table)[2][2:] == ["0.0%", "0.0%", "5"]  # present, but always missed
    assert view.hint.text() == "The network most often misses: cat (recall 0%)."
    # The average of precision leaves "cat" out, and says so.
    assert table.item(3, 1).text() == f"{(8 / 12 + 4 / 8) / 2:.1%}"
    assert "2 classes" in table.item(3, 1).toolTip()

    header = table.horizontalHeader()

    def click(column: int) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(x, header.height() // 2))

    click(3)  # F1, lowest first
    assert [row[0] for row in cells(table)] == ["cat", "fox", "dog", "Macro average"]
    click(3)  # highest first: the average still last
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert [row[0] for row in cells(table)] == ["dog", "fox", "cat", "Macro average"]
    click(1)  # precision: the undefined one below every number
    assert [row[0] for row in cells(table)] == ["cat", "fox", "dog", "Macro average"]
    assert table.item(view.row_of(2), 2).background().color() == QColor(
        looks.current().error_background)  # the tint follows its row
    click(0)
    assert [row[0] for row in cells(table)] == ["dog", "fox", "cat", "Macro average"]


def test_the_per_class_tab_fits_a_1280_window(qtbot, english) -> None:
    window = create_window("en", restore_layout=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    rng = np.random.default_rng(0)
    confusion = rng.integers(0, 40, (10, 10)) + np.diag(rng.integers(50, 90, 10))
    names = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
             "Sneaker", "Bag", "Ankle boot")
    results = window.training.results
    results.show_results(results_of(confusion, names))
    window.results_dock.raise_()
    results.tabs.setCurrentWidget(results.per_class)
    table = results.class_table.table
    qtbot.waitUntil(table.isVisible, timeout=5000)
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: header.length() <= table.viewport().width(), timeout=5000)
    assert results.scroll.horizontalScrollBar().maximum() == 0
    assert results.class_plot.width() >= 150  # the bars keep room beside it
