"""One class in the Own classes pane: its name (renamed in place), its count, its samples and the
ways to add more (the pad's drawing, the clipboard, picture files, a drop of files).

A row only asks: every button, rename, drop and sample menu becomes a signal carrying the row's
class index, and the pane's owner turns it into one undoable change of the document. The row
shows whatever the document holds when :meth:`ClassRow.show_class` is called, so undo, redo and
a project opened are shown the same way as the user's own changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent, QImage
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout

from playground.core.data.image_folder import IMAGE_EXTENSIONS
from playground.core.data.own_classes import MAX_NAME_LENGTH
from playground.gui import looks
from playground.gui.own_classes.sample_strip import SampleStrip

__all__ = ["KEYED_CLASSES", "ClassRow", "dropped_files"]

KEYED_CLASSES = 9  # keys 1..9 add the drawing to classes 1..9
NAME_WIDTH = 104  # pixels: the name field, with the count under it, left of the samples


def dropped_files(urls: Sequence[object]) -> list[str]:
    """The local picture files among dropped URLs (others are left out)."""
    files = []
    for url in urls:
        if url.isLocalFile():  # type: ignore[attr-defined]
            path = Path(url.toLocalFile())  # type: ignore[attr-defined]
            if path.suffix.lower() in IMAGE_EXTENSIONS and path.is_file():
                files.append(str(path))
    return files


class ClassRow(QFrame):
    """One class: name, count, strip of samples, and the buttons that add samples."""

    renamed = Signal(int, str)
    addDrawingClicked = Signal(int)
    pasteClicked = Signal(int)
    addPicturesClicked = Signal(int)
    removeClicked = Signal(int)
    filesDropped = Signal(int, list)  # picture file paths
    imageDropped = Signal(int, object)  # a QImage dragged from another program
    deleteSample = Signal(int, int)  # class, sample
    moveSample = Signal(int, int, int)  # class, sample, target class

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index
        self.setObjectName(f"classRow{index}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAcceptDrops(True)
        self.name_edit = QLineEdit(objectName="classNameEdit")
        self.name_edit.setMaxLength(MAX_NAME_LENGTH)
        self.name_edit.setFixedWidth(NAME_WIDTH)
        self.name_edit.editingFinished.connect(self._rename)
        self.count_label = QLabel(objectName="classCount")
        looks.set_style(self.count_label, "color: {muted};")
        self.draw_button = self._button("addDrawingButton", self.addDrawingClicked)
        self.paste_button = self._button("pasteSampleButton", self.pasteClicked)
        self.files_button = self._button("addPicturesButton", self.addPicturesClicked)
        self.remove_button = self._button("removeClassButton", self.removeClicked)
        self.strip = SampleStrip()
        self.strip.deleteRequested.connect(lambda row: self.deleteSample.emit(self.index, row))
        self.strip.moveRequested.connect(
            lambda row, target: self.moveSample.emit(self.index, row, target))
        count = QHBoxLayout()
        count.setContentsMargins(0, 0, 0, 0)
        count.addWidget(self.count_label, 1)
        count.addWidget(self.remove_button)
        label = QVBoxLayout()
        label.setContentsMargins(0, 0, 0, 0)
        label.setSpacing(2)
        label.addWidget(self.name_edit)
        label.addLayout(count)
        label.addStretch(1)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addLayout(label)
        top.addWidget(self.strip, 1)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.draw_button, self.paste_button, self.files_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addLayout(buttons)
        self._name = ""
        self.retranslate()

    def _button(self, name: str, signal: SignalInstance) -> QToolButton:
        button = QToolButton(objectName=name)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.clicked.connect(lambda _c=False: signal.emit(self.index))
        return button

    # -- showing -----------------------------------------------------------------------------
    def show_class(self, name: str, samples: Sequence[np.ndarray], names: Sequence[str],
                   removable: bool) -> None:  # fmt: skip
        """Show class ``name`` with ``samples`` (``names``: every class, for Move to ▸)."""
        self._name = name
        if not self.name_edit.hasFocus() or self.name_edit.text() == name:
            self.name_edit.setText(name)
        self.strip.set_samples(samples, self.index, names)
        self.remove_button.setEnabled(removable)
        self.retranslate()

    def retranslate(self) -> None:
        """The texts composed from the class's name, count and key, in the current language."""
        n, name, key = len(self.strip.samples), self._name, self.index + 1
        self.count_label.setText(self.tr("{0} samples").format(n) if n != 1
                                 else self.tr("1 sample"))
        self.name_edit.setAccessibleName(self.tr("Name of class {0}").format(key))
        self.name_edit.setToolTip(self.tr("The class's name: type a new one to rename it"))
        keyed = self.index < KEYED_CLASSES
        self.draw_button.setText(self.tr("Add drawing ({0})").format(key) if keyed
                                 else self.tr("Add drawing"))
        self.paste_button.setText(self.tr("Paste"))
        self.files_button.setText(self.tr("Pictures…"))
        self.remove_button.setText("✕")
        self.remove_button.setAutoRaise(True)
        for button, tip in (
            (self.draw_button, self.tr("Add the drawing on the Draw pane's pad to {0} (key {1})")
             .format(name, key) if keyed else
             self.tr("Add the drawing on the Draw pane's pad to {0}").format(name)),
            (self.paste_button, self.tr("Add the picture on the clipboard to {0}").format(name)),
            (self.files_button, self.tr("Add picture files to {0}: any size or colour, prepared "
                                        "like a drawing").format(name)),
            (self.remove_button, self.tr("Remove the class {0} and its samples").format(name)),
        ):
            button.setToolTip(tip)
            button.setAccessibleName(tip)
        self.setToolTip(self.tr("Drop picture files here to add them to {0}").format(name))

    def _rename(self) -> None:
        text = self.name_edit.text()
        if text.strip() != self._name:
            self.renamed.emit(self.index, text)

    # -- drops -------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasImage() or dropped_files(mime.urls()):
            event.acceptProposedAction()
            looks.set_style(self, "#" + self.objectName() + " {{ border: 2px solid {accent}; }}")

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        looks.set_style(self, "")

    def dropEvent(self, event: QDropEvent) -> None:
        looks.set_style(self, "")
        mime = event.mimeData()
        files = dropped_files(mime.urls()) if mime.hasUrls() else []
        if files:
            self.filesDropped.emit(self.index, files)
        elif mime.hasImage() and isinstance(mime.imageData(), QImage):
            self.imageDropped.emit(self.index, mime.imageData())
        else:
            return
        event.acceptProposedAction()
