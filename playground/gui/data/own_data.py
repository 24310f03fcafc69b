"""Choosing the user's own data: a folder of images, or a CSV table.

These are the option rows the dataset chooser shows above the preview when "Your images" or
"Your table" is selected. A path can be typed (or pasted) or picked with Browse…; the chooser
then loads a preview off the GUI thread, which lists every file that could not be used (broken
images, non-image files, empty classes) by name. Image size and grey or colour decide the
network's input shape; for a table the label column decides the classes.

The file dialogs are methods (:meth:`FolderOptions.ask_folder`, :meth:`TableOptions.ask_file`)
so tests can answer them without a modal dialog.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from playground.core.data.image_folder import IMAGE_SIZE_RANGE
from playground.gui.data.catalog import CSV_PREFIX, FOLDER_PREFIX
from playground.gui.data.preview_data import table_columns


def _path_row(owner: QWidget, name: str, accessible: str, tip: str) -> tuple[QLineEdit,
                                                                             QPushButton, QWidget]:
    edit = QLineEdit(objectName=f"{name}Path")
    edit.setAccessibleName(accessible)
    edit.setToolTip(tip)
    edit.setClearButtonEnabled(True)
    browse = QPushButton(owner.tr("Browse…"), objectName=f"{name}Browse")
    browse.setAccessibleName(owner.tr("Browse for {0}").format(accessible.lower()))
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(browse)
    return edit, browse, row


class FolderOptions(QWidget):
    """Folder, image size and grey or colour for the user's own images."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = self.tr
        self.path, browse, row = _path_row(
            self, "ownFolder", tr("Image folder"),
            tr("A folder with one sub-folder per class; each sub-folder's name is the class"))
        browse.clicked.connect(self._browse)
        self.size = QSpinBox(objectName="ownImageSize")
        self.size.setAccessibleName(tr("Image size"))
        self.size.setRange(*IMAGE_SIZE_RANGE)
        self.size.setValue(28)
        self.size.setSuffix(tr(" pixels"))
        self.size.setToolTip(tr("Every picture is resized to this many pixels a side (squashed, "
                                "never cropped); bigger keeps detail but trains slower"))
        self.colour = QComboBox(objectName="ownImageColour")
        self.colour.setAccessibleName(tr("Grey or colour"))
        self.colour.addItem(tr("grey (1 channel)"), 1)
        self.colour.addItem(tr("colour (3 channels)"), 3)
        self.colour.setToolTip(tr("Grey pictures are smaller and train faster; keep colour when "
                                  "colour tells the classes apart"))
        hint = QLabel(tr("Put each class's pictures in its own sub-folder: shapes/circle/1.png, "
                         "shapes/square/1.png, …"))
        hint.setWordWrap(True)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("Folder"), row)
        form.addRow(tr("Image size"), self.size)
        form.addRow(tr("Colours"), self.colour)
        form.addRow(hint)
        self._edited = ""  # the path as last reported: leaving the field unchanged reloads nothing
        self.path.editingFinished.connect(self._path_edited)
        self.size.valueChanged.connect(self.changed)
        self.colour.currentIndexChanged.connect(self.changed)

    def ask_folder(self) -> str | None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a Folder of Images"),
                                                self.path.text() or str(Path.home()))
        return path or None

    def _browse(self) -> None:
        path = self.ask_folder()
        if path:
            self.path.setText(path)
            self._path_edited()

    def _path_edited(self) -> None:
        if self.path.text().strip() != self._edited:
            self._edited = self.path.text().strip()
            self.changed.emit()

    def dataset_name(self) -> str | None:
        text = self.path.text().strip()
        return FOLDER_PREFIX + text if text else None

    def options(self) -> dict[str, Any]:
        return {"image_size": self.size.value(), "channels": int(self.colour.currentData())}

    def input_shape(self) -> tuple[int, int, int]:
        side = self.size.value()
        return (int(self.colour.currentData()), side, side)

    def set_choice(self, dataset: str, options: dict[str, Any]) -> None:
        """Show a folder chosen earlier (the open project's) without emitting ``changed``."""
        self.blockSignals(True)
        self.path.setText(dataset.removeprefix(FOLDER_PREFIX))
        self._edited = self.path.text().strip()
        self.size.setValue(int(options.get("image_size", 28)))
        self.colour.setCurrentIndex(max(0, self.colour.findData(int(options.get("channels", 1)))))
        self.blockSignals(False)


class TableOptions(QWidget):
    """CSV file and label column for the user's own table."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = self.tr
        self.path, browse, row = _path_row(
            self, "ownTable", tr("CSV file"),
            tr("A table of numeric columns and one column with each row's class"))
        browse.clicked.connect(self._browse)
        self.label = QComboBox(objectName="ownLabelColumn")
        self.label.setAccessibleName(tr("Label column"))
        self.label.setToolTip(tr("The column that says each row's class; every other column is a "
                                 "feature and must hold numbers"))
        hint = QLabel(tr("Features are standardised (mean 0, spread 1) with the training rows' "
                         "statistics. With two features the points can be drawn in 2D."))
        hint.setWordWrap(True)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("File"), row)
        form.addRow(tr("Label column"), self.label)
        form.addRow(hint)
        self.path.editingFinished.connect(self._path_edited)
        self.label.currentIndexChanged.connect(self.changed)
        self._columns_of = ""

    def ask_file(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a Table"), self.path.text() or str(Path.home()),
            self.tr("Tables (*.csv *.tsv *.txt);;All files (*)"))
        return path or None

    def _browse(self) -> None:
        path = self.ask_file()
        if path:
            self.path.setText(path)
            self._path_edited()

    def _path_edited(self) -> None:
        if self.path.text().strip() != self._columns_of:  # not on leaving the field unchanged
            self._read_columns()
            self.changed.emit()

    def _read_columns(self, label_column: int = -1) -> None:
        """Offer the file's columns as label choices (the last one by default)."""
        text = self.path.text().strip()
        if text == self._columns_of:
            return
        self._columns_of = text
        columns = table_columns(text) if text else ()
        self.label.blockSignals(True)
        self.label.clear()
        for i, name in enumerate(columns):
            self.label.addItem(name or self.tr("column {0}").format(i + 1), i)
        if columns:
            self.label.setCurrentIndex(label_column % len(columns))
        self.label.blockSignals(False)

    def dataset_name(self) -> str | None:
        text = self.path.text().strip()
        return CSV_PREFIX + text if text else None

    def options(self) -> dict[str, Any]:
        index = self.label.currentData()
        return {"label_column": int(index) if index is not None else -1}

    def set_choice(self, dataset: str, options: dict[str, Any]) -> None:
        """Show a table chosen earlier (the open project's) without emitting ``changed``."""
        self.blockSignals(True)
        self.path.setText(dataset.removeprefix(CSV_PREFIX))
        column = options.get("label_column", -1)
        self._read_columns(column if isinstance(column, int) else -1)
        if isinstance(column, str):
            self.label.setCurrentIndex(max(0, self.label.findText(column)))
        self.blockSignals(False)
