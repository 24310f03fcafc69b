"""One class's samples as a horizontal strip of thumbnails, with Delete and Move to ▸ on each.

The strip shows the samples in their order, newest at the end (scrolled into view as they
come). It never changes the classes itself: Delete (the key or the context menu) and Move to ▸
ask for the change with a signal, and the window makes it one undoable step of the document.
Updates are incremental: when the new samples begin with the ones shown (a drawing or a drop
added), only the new ones get an item; any other change rebuilds the strip.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QIcon, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QMenu

from playground.gui.own_classes.thumbnails import THUMB, sample_pixmap

__all__ = ["SampleStrip"]

SPACING = 4


class SampleStrip(QListWidget):
    """Thumbnails of one class's samples in a row that scrolls sideways."""

    deleteRequested = Signal(int)  # sample index
    moveRequested = Signal(int, int)  # sample index, target class index

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self.setObjectName("sampleStrip")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setGridSize(QSize(THUMB + SPACING, THUMB + SPACING))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        bar = self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(THUMB + SPACING + bar + 2 * self.frameWidth() + 2)
        self._samples: tuple[np.ndarray, ...] = ()
        self._class_index = 0
        self._class_names: tuple[str, ...] = ()

    # -- contents --------------------------------------------------------------------------------
    def set_samples(self, samples: Sequence[np.ndarray], class_index: int,
                    class_names: Sequence[str]) -> None:  # fmt: skip
        """Show ``samples`` of class ``class_index`` (whose classes are ``class_names``)."""
        samples = tuple(samples)
        self._class_index, self._class_names = class_index, tuple(class_names)
        old = self._samples
        grew = len(samples) > len(old) and all(a is b for a, b in zip(old, samples, strict=False))
        if not grew and len(samples) == len(old) and all(
            a is b for a, b in zip(old, samples, strict=True)
        ):
            self._name_items()
            return
        if not grew:
            self.clear()
            old = ()
        self._samples = samples
        for sample in samples[len(old):]:
            item = QListWidgetItem(QIcon(sample_pixmap(sample)), "")
            item.setSizeHint(QSize(THUMB + SPACING, THUMB + SPACING))
            self.addItem(item)
        self._name_items()
        if grew and self.count():
            self.scrollToItem(self.item(self.count() - 1))

    def _name_items(self) -> None:
        name = self._class_names[self._class_index] if self._class_index < len(
            self._class_names) else ""
        self.setAccessibleName(self.tr("Samples of {0}").format(name))
        for i in range(self.count()):
            text = self.tr("Sample {0} of {1}").format(i + 1, name)
            item = self.item(i)
            item.setToolTip(text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)

    @property
    def samples(self) -> tuple[np.ndarray, ...]:
        return self._samples

    # -- asking for changes ------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.currentRow()
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and 0 <= row < self.count():
            self.deleteRequested.emit(row)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        item = self.itemAt(event.pos())
        if item is None:
            return
        self.setCurrentItem(item)
        menu = self.sample_menu(self.row(item))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def sample_menu(self, row: int) -> QMenu:
        """The context menu of sample ``row``: Delete, and Move to ▸ each other class."""
        menu = QMenu(self)
        menu.setObjectName("sampleMenu")
        delete = menu.addAction(self.tr("Delete Sample"))
        delete.setObjectName("deleteSampleAction")
        delete.triggered.connect(lambda _c=False: self.deleteRequested.emit(row))
        move = menu.addMenu(self.tr("Move to"))
        move.setObjectName("moveSampleMenu")
        for index, name in enumerate(self._class_names):
            if index == self._class_index:
                continue
            action = move.addAction(name)
            action.setObjectName(f"moveSampleTo{index}")
            action.triggered.connect(
                lambda _c=False, i=index: self.moveRequested.emit(row, i))
        move.setEnabled(len(self._class_names) > 1)
        return menu
