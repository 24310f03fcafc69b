"""The dataset chooser in the real window: the table, the previews, and applying a choice."""

from __future__ import annotations

import numpy as np
import pytest
from data_helpers import open_chooser, select
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QSlider,
    QWidget,
)

from playground.core.data.datasets import dataset_status, list_datasets
from playground.core.teaching.templates import TEMPLATES
from playground.gui.data.catalog import status_words

INTERACTIVE = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView,
               QSlider)


def cell(chooser, row: int, column: str) -> str:
    from playground.gui.data.chooser import COLUMNS

    return chooser.table.item(row, COLUMNS.index(column)).text()


def test_the_data_menu_is_added_once(window) -> None:
    titles = [a.menu().objectName() for a in window.menuBar().actions() if a.menu()]
    assert titles.count("dataMenu") == 1
    assert titles.index("dataMenu") < titles.index("trainingMenu")
    for name in ("chooseDatasetAction", "newFromDatasetAction", "ownImagesAction",
                 "ownTableAction"):
        assert window.actions_by_name[name].objectName() == name
    file_menu = next(a.menu() for a in window.menuBar().actions()
                     if a.menu() and a.menu().objectName() == "fileMenu")
    assert window.actions_by_name["newFromDatasetAction"] in file_menu.actions()
    settings = window.training.panel.settings
    assert settings.dataset_label.text() == "MNIST (bundled, 10,000 digits)"
    added = [settings.choose_dataset] + [settings.widgets[n] for n in (
        "augment", "augment_shift", "augment_rotation", "augment_scale")]
    assert all(w.objectName() and w.accessibleName() for w in added)
    assert not settings.widgets["augment_shift"].isEnabled()  # until augmentation is on
    settings.widgets["augment"].setChecked(True)
    assert window.document.config.augment and settings.widgets["augment_shift"].isEnabled()


def test_the_table_lists_every_dataset_with_its_status_and_licence(qtbot, window) -> None:
    chooser = open_chooser(qtbot, window)
    infos = list_datasets()
    names = [chooser.table.item(r, 0).data(Qt.ItemDataRole.UserRole)
             for r in range(chooser.table.rowCount())]
    assert names[: len(infos)] == [i.name for i in infos]
    assert names[len(infos):] == ["own-folder", "own-table"]
    words = status_words()
    for r, info in enumerate(infos):
        status = dataset_status(info.name)
        assert cell(chooser, r, "Where").startswith(words[status]), info.name
        assert cell(chooser, r, "Licence") == info.license
        assert cell(chooser, r, "Dataset") == info.title
    by_name = dict(zip(names, range(len(names)), strict=True))
    assert cell(chooser, by_name["mnist"], "Where") == "bundled with the app"
    assert cell(chooser, by_name["toy-xor"], "Where") == "generated on the fly"
    assert cell(chooser, by_name["mnist-full"], "Where") == "needs download (about 12 MB)"
    assert cell(chooser, by_name["cifar10"], "Input") == "(3, 32, 32)"
    assert chooser.current_row().name == "mnist"  # the open project's dataset
    chooser.reject()


def test_every_interactive_widget_of_the_chooser_is_named(qtbot, window) -> None:
    chooser = open_chooser(qtbot, window)
    for name in ("mnist", "toy-spiral", "own-folder", "own-table", "mnist-full"):
        select(qtbot, chooser, name)
        widgets = [w for w in chooser.findChildren(QWidget)
                   if isinstance(w, INTERACTIVE) and w.isVisible()
                   and not isinstance(w, QHeaderView)  # part of its table
                   and not w.objectName().startswith("qt_")]
        assert len(widgets) > 3
        missing = [f"{type(w).__name__} {w.objectName()!r}" for w in widgets
                   if not (w.objectName() and w.accessibleName())]
        assert missing == [], (name, missing)
    chooser.reject()


def test_image_preview_shows_samples_counts_preprocessing_and_augmentation(qtbot, window) -> None:
    chooser = open_chooser(qtbot, window)
    page = chooser.preview.image_page
    assert chooser.preview.current_page is page
    data = chooser.preview_data
    assert data.grid is not None and page.samples.shown == len(data.grid) == 40
    assert page.samples.caption_texts[:4] == ["0", "0", "0", "0"]  # class by class
    assert sum(page.counts.counts.values()) == 2000 and len(page.counts.counts) == 10
    assert "first 2,000" in page.caption.text()
    assert not page.problems.isVisible()

    page.preprocessing.setCurrentIndex(page.preprocessing.findData("standardize"))
    text = page.processed_label.text()
    low = float(text.split("values from ")[2].split(" to ")[0])
    assert "standardize" in text and low < 0  # the background moved below zero
    assert page.processed.shown == 2 * len(data.examples)

    indicator = QPoint(8, page.augment.height() // 2)  # the box, not the (wide) label
    qtbot.mouseClick(page.augment, Qt.MouseButton.LeftButton, pos=indicator)
    assert page.augment.isChecked() and page.shift.isEnabled()
    page.shift.setValue(3.0)
    page.rotation.setValue(20.0)
    assert page.augmented.shown == 3 * 6
    tiles = page.augmented.image.image
    assert tiles is not None and tiles.shape[2] == 3
    # The copies are real augmentations: not the original pixels again.
    h = data.examples.shape[2]
    original, first_copy = tiles[:h, :h], tiles[:h, h + 2 : 2 * h + 2]
    assert not np.array_equal(original, first_copy)

    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)
    config = window.document.config
    assert (config.preprocessing, config.augment) == ("standardize", True)
    assert (config.augment_shift, config.augment_rotation) == (3.0, 20.0)
    settings = window.training.panel.settings
    assert settings.widgets["augment"].isChecked()
    assert settings.widgets["augment_shift"].value() == 3.0
    assert window.document.dirty


def test_toy_points_regenerate_live_and_the_choice_becomes_the_projects(qtbot, window) -> None:
    window.document.load_template(TEMPLATES["mlp-mnist"])
    chooser = open_chooser(qtbot, window)
    select(qtbot, chooser, "toy-circle")
    page = chooser.preview.toy_page
    assert chooser.preview.current_page is page
    assert page.points.point_count() == (250, 250)
    before = np.array(page.points.train.data["x"])
    page.noise.setValue(30)
    after = np.array(page.points.train.data["x"])
    assert after.shape == before.shape and not np.allclose(after, before)
    page.ratio.setValue(70)
    assert page.points.point_count() == (350, 150)
    assert "70%" in page.ratio_text.text()

    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)
    doc = window.document
    assert doc.spec.dataset == "toy-circle"
    assert doc.spec.input_shape == (2,) and doc.spec.num_classes == 2
    assert doc.dataset_options == {"noise": 0.3, "train_ratio": 0.7, "samples": 500}
    assert not doc.config.augment
    assert window.training.panel.settings.dataset_label.text() == "Circle (2D toy)"
    doc.undo_stack.undo()  # one undoable step, options and settings included
    assert doc.spec == TEMPLATES["mlp-mnist"].spec
    assert doc.dataset_options == TEMPLATES["mlp-mnist"].dataset_options
    assert doc.config == TEMPLATES["mlp-mnist"].config
    assert not doc.dirty  # back to the template as loaded
    doc.undo_stack.redo()
    assert doc.spec.dataset == "toy-circle" and doc.dataset_options["noise"] == 0.3


def test_words_and_sequences_show_tokens_vocabulary_and_windows(qtbot, window) -> None:
    chooser = open_chooser(qtbot, window)
    select(qtbot, chooser, "text-sentiment")
    page = chooser.preview.text_page
    assert chooser.preview.current_page is page
    first = chooser.preview_data.sentences[0]
    shown = page.sentences.text()
    assert first.words and f"{first.words[0][0]}→{first.words[0][1]}" in shown
    assert " ".join(map(str, first.ids)) in shown  # the padded row the network reads
    assert first.ids[0] == 0 and len(first.ids) == 20
    assert "380 words" in page.vocabulary.text() and "0 <pad>, 1 <unk>" in page.vocabulary.text()

    select(qtbot, chooser, "sine-next")
    sequences = chooser.preview.sequence_page
    assert chooser.preview.current_page is sequences
    assert len(sequences.view.plot.listDataItems()) == 2 * 4  # four windows and their targets
    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)
    assert window.document.spec.dataset == "sine-next"
    assert window.document.spec.num_classes == 1


@pytest.mark.parametrize("entry", ["button", "new"])
def test_the_panel_button_and_new_project_open_the_chooser(qtbot, window, entry) -> None:
    if entry == "button":
        qtbot.mouseClick(window.training.panel.settings.choose_dataset, Qt.MouseButton.LeftButton)
        chooser = window.features["data"].chooser
    else:
        chooser = open_chooser(qtbot, window, "newFromDatasetAction")
        assert chooser.ok_button.text() == "Create Project"
    select(qtbot, chooser, "toy-xor")
    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)
    doc = window.document
    assert doc.spec.dataset == "toy-xor" and doc.spec.input_shape == (2,)
    if entry == "new":
        assert doc.spec.layers == () and not doc.dirty
        assert doc.dataset_options["train_ratio"] == 0.5
