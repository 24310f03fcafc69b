"""The rows of the dataset chooser: what each dataset is, where it lives, and how to say so.

Each row is plain text worked out from the core registry (:func:`list_datasets`,
:func:`dataset_status`) so the table, its tooltips and the tests read the same words. The two
last rows stand for the user's own data (a folder of images, a CSV table) until a path is
chosen. The registry imports torch, so rows are built only when the chooser opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from playground.core.messages import render
from playground.gui.inputs import (
    dataset_title,
    translated_classes,
    translated_text,
    translated_title,
)
from playground.gui.layer_card import format_shape
from playground.gui.numbers import number

FOLDER_PREFIX, CSV_PREFIX = "folder:", "csv:"
OWN_FOLDER, OWN_TABLE = "own-folder", "own-table"  # the rows for data not chosen yet
IMAGE_KINDS = ("image", "folder")


def tr(text: str) -> str:
    return QCoreApplication.translate("DataCatalog", text)


def status_words() -> dict[str, str]:
    """How each of the core's statuses reads in the "Where" column."""
    return {
        "bundled": tr("bundled with the app"),
        "generated": tr("generated on the fly"),
        "system": tr("system copy"),
        "downloaded": tr("downloaded"),
        "needs-download": tr("needs download"),
        "local": tr("your own data"),
        "missing": tr("not found"),
        "choose": tr("choose…"),
    }


@dataclass(frozen=True)
class DatasetRow:
    """One line of the chooser's table."""

    name: str  # registry name, "folder:<path>", "csv:<path>", or OWN_FOLDER / OWN_TABLE
    title: str
    description: str
    samples: str
    shape: str
    classes: str
    classes_tip: str
    status: str  # the core's status word (see status_words)
    where: str
    license: str
    kind: str

    @property
    def usable(self) -> bool:
        """Whether training can read this dataset now, without a download or a path."""
        return self.status not in ("needs-download", "missing", "choose")


def download_size(name: str) -> str:
    """'about 11 MB' for a downloadable set, from the sizes of its files."""
    from playground.core.data.downloads import plan

    total = sum(f.size or 0 for f in plan(name).files)
    return tr("about {0} MB").format(max(1, round(total / 1e6)))


def where_text(name: str, status: str) -> str:
    words = status_words()[status]
    if status == "needs-download":
        return f"{words} ({download_size(name)})"
    return words


def row_for(info: Any, status: str, language: str = "en") -> DatasetRow:
    """The row of one dataset from its registry information and status."""
    classes = ", ".join(translated_classes(info.class_names))
    count = tr("a number") if info.task == "regression" else str(info.num_classes)
    samples = f"{number(info.train_size, ',')} + {number(info.test_size, ',')}"
    return DatasetRow(
        info.name, translated_title(info.title), render(info.description, language), samples,
        format_shape(info.input_shape), count, classes, status, where_text(info.name, status),
        translated_text(info.license), info.kind,
    )  # fmt: skip


def registry_rows(language: str = "en", data_root: Path | None = None) -> list[DatasetRow]:
    """A row for every dataset of the registry, with its status on this computer."""
    from playground.core.data.datasets import dataset_status, list_datasets

    return [row_for(i, dataset_status(i.name, data_root), language) for i in list_datasets()]


def own_rows() -> list[DatasetRow]:
    """The rows that stand for the user's own data before a folder or file is chosen."""
    return [
        DatasetRow(OWN_FOLDER, tr("Your images (a folder)"),
                   tr("A folder with one sub-folder per class, each holding that class's "
                      "pictures (PNG, JPEG, …)."),
                   "—", "—", "—", "", "choose", status_words()["choose"], tr("yours"), "folder"),
        DatasetRow(OWN_TABLE, tr("Your table (CSV)"),
                   tr("A CSV file of numeric columns and one label column, as a spreadsheet "
                      "saves it."),
                   "—", "—", "—", "", "choose", status_words()["choose"], tr("yours"), "table"),
    ]  # fmt: skip


def own_kind(name: str) -> str | None:
    """"folder" or "table" for the user's own data (chosen or not), else None."""
    if name == OWN_FOLDER or name.startswith(FOLDER_PREFIX):
        return "folder"
    if name == OWN_TABLE or name.startswith(CSV_PREFIX):
        return "table"
    return None


def short_name(dataset: str) -> str:
    """A dataset as a label: the registry's title, or the folder/file name of the user's data."""
    if dataset.startswith(FOLDER_PREFIX):
        return tr("{0} (your images)").format(Path(dataset[len(FOLDER_PREFIX):]).name)
    if dataset.startswith(CSV_PREFIX):
        return tr("{0} (your table)").format(Path(dataset[len(CSV_PREFIX):]).name)
    return dataset_title(dataset)
