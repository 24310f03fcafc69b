"""The user's own data through the chooser: a folder of generated PNGs and a CSV table, chosen,
previewed, applied to the project and trained on from the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from data_helpers import open_chooser, two_class_csv, type_path, wait_idle
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from test_own_data import make_shape_folder

from playground.core.network.spec import LayerSpec, NetworkSpec

L = LayerSpec.create


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three classes of drawn shapes (mixed sizes, grey and colour), a broken PNG, an empty
    class, a text file and a README outside the classes."""
    return make_shape_folder(tmp_path_factory.mktemp("own") / "shapes", per_class=16)


def train_from_the_panel(qtbot, window, epochs: int):
    window.training.panel.settings.widgets["epochs"].setValue(epochs)
    with qtbot.waitSignal(window.training.runFinished, timeout=60_000) as finished:
        qtbot.mouseClick(window.training.panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.training.runner.running, timeout=10_000)
    return finished.args[0]


def test_an_image_folder_is_previewed_reported_and_trains_a_small_cnn(
    qtbot, window, shapes: Path
) -> None:
    doc = window.document
    doc.reset(NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Conv2D", filters=4, kernel_size=3, activation="relu"), L("MaxPool2D"), L("Flatten"),
        L("Dense", units=3, activation="softmax"),
    ), "small-cnn"))  # fmt: skip
    chooser = open_chooser(qtbot, window, "ownImagesAction")
    assert chooser.current_row().name == "own-folder"
    assert chooser.folder_options.isVisible() and not chooser.ok_button.isEnabled()
    chooser.folder_options.size.setValue(16)
    type_path(qtbot, chooser.folder_options.path, shapes.parent / "no-such-folder")
    wait_idle(qtbot, chooser)
    assert "no-such-folder does not exist" in chooser.preview.message.text()
    assert not chooser.ok_button.isEnabled()
    chooser.folder_options.ask_folder = lambda: str(shapes)  # the file dialog's answer
    qtbot.mouseClick(chooser.findChild(QPushButton, "ownFolderBrowse"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, chooser)

    page = chooser.preview.image_page
    assert chooser.preview.current_page is page
    problems = [page.problems.item(i).text() for i in range(page.problems.count())]
    assert page.problems.isVisible() and "4 left out" in page.problems_label.text()
    assert any(p.startswith("circle/broken.png: cannot be read") for p in problems)
    assert any(p.startswith("empty/: has no usable images") for p in problems)
    assert any(p.startswith("square/notes.txt") for p in problems)
    assert any(p.startswith("README.md") for p in problems)
    assert page.counts.counts == {"circle": 16, "empty": 0, "square": 16, "triangle": 16}
    assert page.samples.shown == 12 and set(page.samples.caption_texts) == {
        "circle", "square", "triangle"}
    assert chooser.preview_data.grid.shape[1:] == (1, 16, 16)
    assert "32×32 (36), 40×30 (12); all are resized to 16×16" in page.caption.text()
    row = chooser.rows[chooser.row_index("own-folder")]
    assert (row.shape, row.classes, row.where) == ("(1, 16, 16)", "3", "your own data")

    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)
    assert doc.spec.dataset == f"folder:{shapes}"
    assert doc.spec.input_shape == (1, 16, 16) and doc.spec.num_classes == 3
    assert doc.dataset_options == {"image_size": 16, "channels": 1}
    assert doc.can_train
    message = window.training.panel.message.text()
    assert "circle/broken.png" in message and "empty/" in message
    assert window.training.panel.settings.dataset_label.text() == "shapes (your images)"

    result = train_from_the_panel(qtbot, window, epochs=2)
    assert result.status == "completed"
    assert result.test is not None and result.test.samples == 9  # 20 % of 48, per class
    assert "test accuracy" in window.training.panel.message.text()

    again = open_chooser(qtbot, window)  # the project's folder comes back as it was chosen
    assert again.current_row().name == "own-folder"
    assert again.folder_options.path.text() == str(shapes)
    assert again.folder_options.size.value() == 16 and again.choice() is not None
    again.reject()


def test_a_csv_table_chooses_its_label_column_and_trains(qtbot, window, tmp_path: Path) -> None:
    table = two_class_csv(tmp_path / "fruit.csv")
    text = table.read_text().splitlines()
    # The label column first: the default (the last column) holds numbers, not the classes.
    swapped = [",".join([line.split(",")[2], *line.split(",")[:2]]) for line in text]
    table.write_text("\n".join(swapped) + "\n")
    doc = window.document
    doc.reset(NetworkSpec((784,), "mnist", 10, (
        L("Dense", units=8, activation="relu"), L("Dense", units=2, activation="softmax"),
    ), "dense"))  # fmt: skip
    doc.config = doc.config.with_changes(learning_rate=0.02, validation_split=0.0)
    chooser = open_chooser(qtbot, window, "ownTableAction")
    type_path(qtbot, chooser.table_options.path, table)
    wait_idle(qtbot, chooser)
    labels = chooser.table_options.label
    assert [labels.itemText(i) for i in range(labels.count())] == ["kind", "height_cm",
                                                                   "weight_g"]
    assert chooser.preview.message.isVisible() and not chooser.ok_button.isEnabled()
    assert "Line 2, column 'kind'" in chooser.preview.message.text()  # where, in plain words

    labels.setCurrentIndex(0)
    wait_idle(qtbot, chooser)
    page = chooser.preview.table_page
    assert chooser.preview.current_page is page
    assert page.counts.counts == {"apple": 100, "melon": 100}
    assert page.points.isVisible() and page.points.point_count()[0] == 160
    first = page.rows.item(0, 0).text()
    assert "→" in first and page.rows.horizontalHeaderItem(2).text() == "kind"
    assert "standardised" in page.summary.text()

    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)
    assert doc.spec.dataset == f"csv:{table}" and doc.spec.input_shape == (2,)
    assert doc.spec.num_classes == 2 and doc.dataset_options == {"label_column": 0}
    result = train_from_the_panel(qtbot, window, epochs=5)
    assert result.status == "completed" and result.test.accuracy > 0.9
