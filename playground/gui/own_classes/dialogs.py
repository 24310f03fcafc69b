"""The own classes' two dialogs: naming a new set of classes, and a preview of pictures to add.

:class:`NamesDialog` asks how many classes (2 to 20) and their names ("Class 1", "Class 2"...
to start with), and whether to keep the open network when it can learn them. Names are checked
as the classes will check them (no two alike, none a folder name cannot be) before the dialog
closes, so a refused name is said next to the fields, not after.

:class:`PicturesPreview` shows the chosen pictures as the network will see them (prepared to
28×28 like a drawing) and the files that cannot be used, before they are added.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.core.data.image_folder import FolderProblem
from playground.core.data.own_classes import MAX_CLASSES, MAX_NAME_LENGTH, OwnClasses
from playground.core.errors import PlaygroundError
from playground.gui import looks
from playground.gui.i18n import translate_message
from playground.gui.own_classes.thumbnails import THUMB, sample_pixmap

__all__ = ["NamesDialog", "PicturesPreview"]

MIN_CLASSES = 2


class NamesDialog(QDialog):
    """How many classes and their names; ``fits(count)`` says whether the open network can learn
    that many (then "Keep my network" may be ticked)."""

    def __init__(self, fits: Callable[[int], bool], parent: QWidget | None = None,
                 count: int = MIN_CLASSES) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("ownClassesNamesDialog")
        self.setWindowTitle(self.tr("New Own Classes"))
        self.setAccessibleName(self.tr("New own classes"))
        self._fits = fits
        intro = QLabel(self.tr("Name the classes the network will learn to tell apart, such as "
                               "circle, triangle and cross. You give each a few examples next."))
        intro.setWordWrap(True)
        self.count = QSpinBox(objectName="classCountSpin")
        self.count.setRange(MIN_CLASSES, MAX_CLASSES)
        self.count.setAccessibleName(self.tr("Number of classes"))
        self.form = QFormLayout()
        self.form.addRow(self.tr("Classes:"), self.count)
        self.edits: list[QLineEdit] = []
        self.keep = QCheckBox(self.tr("Keep my network (only its last layer changes)"),
                              objectName="keepNetworkCheck")
        self.error = QLabel(objectName="namesError")
        self.error.setWordWrap(True)
        looks.set_style(self.error, "color: {error};")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addWidget(self.keep)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.count.valueChanged.connect(self._set_count)
        self.count.setValue(count)
        self._set_count(count)

    def _set_count(self, count: int) -> None:
        while len(self.edits) < count:
            n = len(self.edits) + 1
            edit = QLineEdit(self.tr("Class {0}").format(n), objectName=f"className{n}")
            edit.setMaxLength(MAX_NAME_LENGTH)
            edit.setAccessibleName(self.tr("Name of class {0}").format(n))
            self.form.addRow(self.tr("Class {0}:").format(n), edit)
            self.edits.append(edit)
        while len(self.edits) > count:
            self.form.removeRow(self.form.rowCount() - 1)
            self.edits.pop()
        fits = self._fits(count)
        self.keep.setEnabled(fits)
        if not fits:
            self.keep.setChecked(False)
        self.keep.setToolTip(self.tr(
            "Train the network that is open now, with one output per class.") if fits else
            self.tr("The open network cannot read 28×28 grey pictures into one output per class, "
                    "so a small network made for your classes is used."))

    def names(self) -> list[str]:
        return [edit.text() for edit in self.edits]

    def set_names(self, names: Sequence[str]) -> None:
        """Fill in ``names`` (as a user typing them would)."""
        self.count.setValue(len(names))
        for edit, name in zip(self.edits, names, strict=True):
            edit.setText(name)

    def keep_network(self) -> bool:
        return self.keep.isEnabled() and self.keep.isChecked()

    def classes(self) -> OwnClasses:
        """The new classes (no samples yet); raises with the reason when a name is refused."""
        return OwnClasses.create(self.names())

    def accept(self) -> None:
        try:
            self.classes()
        except PlaygroundError as exc:
            self.error.setText(translate_message(exc))
            self.error.show()
            return
        super().accept()


class PicturesPreview(QDialog):
    """The pictures about to be added to a class, as samples, and the files left out."""

    def __init__(self, class_name: str, samples: Sequence[np.ndarray],
                 problems: Sequence[FolderProblem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("picturesPreview")
        self.setWindowTitle(self.tr("Add Pictures"))
        self.setAccessibleName(self.tr("Add pictures"))
        text = QLabel(self.tr("{0} pictures as the network will see them, ready to add to {1}:")
                      .format(len(samples), class_name))
        text.setWordWrap(True)
        self.grid = QListWidget(objectName="previewGrid")
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(QSize(THUMB, THUMB))
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setAccessibleName(self.tr("Pictures to add"))
        for sample in samples:
            self.grid.addItem(QListWidgetItem(QIcon(sample_pixmap(sample)), ""))
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.grid, 1)
        if problems:
            left_out = QLabel(self.tr("Left out: {0}").format("; ".join(
                f"{p.path}: {translate_message(p.message)}" for p in problems)))
            left_out.setObjectName("previewProblems")
            left_out.setWordWrap(True)
            looks.set_style(left_out, "color: {warning};")
            layout.addWidget(left_out)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton(
            self.tr("Add {0} Pictures").format(len(samples)),
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setObjectName("addPreviewedButton")
        self.add_button.setEnabled(bool(samples))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        self.setWindowModality(Qt.WindowModality.WindowModal)
