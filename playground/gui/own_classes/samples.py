"""What the Own classes pane's rows ask for, done: samples added, deleted and moved, classes
renamed, added and removed, each as one undoable step of the document.

Why it works this way:

* "Add drawing" takes the newest picture the Draw pane's pad produced (the host's
  ``inputDrawn``: the pad's canvas already prepared as the network reads a drawing), so a sample
  is exactly what the pad feeds the network. A drawing is added once: pressing the key again
  says to clear the pad and draw another, instead of adding the same picture twice.
* A pasted, chosen or dropped picture may be a large photo: it is prepared on the background
  pool (:func:`playground.gui.own_classes.jobs.prepare_files`) and added when it comes back,
  to the same class even if the classes changed meanwhile (found again by name).
* The classes are immutable: every change builds new classes and hands them to
  :func:`playground.gui.own_classes.edits.classes_edit`, which changes the network's outputs
  with them when their number changes. A refused change (a limit, a name taken) is said in the
  pane, in the error colour, and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import QDialog, QFileDialog

from playground.core.data.own_classes import MAX_CLASSES, OwnClasses, as_sample
from playground.core.errors import PlaygroundError, shorten
from playground.core.messages import Message
from playground.gui.background import background, error_message
from playground.gui.host import WindowHost
from playground.gui.i18n import translate_message
from playground.gui.own_classes.class_row import dropped_files
from playground.gui.own_classes.dialogs import PicturesPreview
from playground.gui.own_classes.edits import classes_edit
from playground.gui.own_classes.jobs import Prepared, prepare_files, prepare_one
from playground.gui.own_classes.panel import OwnClassesPane
from playground.gui.own_classes.thumbnails import image_array

__all__ = ["SampleActions"]

PICTURE_FILTER = "*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff"


class SampleActions(QObject):
    """Carries out the rows' requests on the host's document (see the module docstring)."""

    def __init__(self, host: WindowHost, pane: OwnClassesPane) -> None:
        super().__init__(pane)
        self.setObjectName("ownClassesSamples")
        self.host, self.pane, self.document = host, pane, host.document
        self.drawing: np.ndarray | None = None  # the pad's newest prepared drawing
        self._added: np.ndarray | None = None  # the drawing added last (not added twice)
        self.preview: PicturesPreview | None = None  # the preview dialog while it is open
        self.ask_files: Callable[[str], list[str]] = self._ask_files  # replaced in tests
        host.signals.inputDrawn.connect(self._drawn)
        pane.addDrawingClicked.connect(self.add_drawing)
        pane.pasteClicked.connect(self.paste)
        pane.addPicturesClicked.connect(self.add_pictures)
        pane.filesDropped.connect(lambda index, files: self.add_files(index, files))
        pane.imageDropped.connect(self._add_image)
        pane.renamed.connect(self.rename)
        pane.removeClicked.connect(self.remove_class)
        pane.addClassClicked.connect(self.add_class)
        pane.deleteSample.connect(self.delete_sample)
        pane.moveSample.connect(self.move_sample)

    # -- helpers -----------------------------------------------------------------------------
    def _drawn(self, picture: object) -> None:
        self.drawing = picture if isinstance(picture, np.ndarray) else None

    def _own(self, index: int) -> OwnClasses | None:
        own = self.document.own_classes
        return own if own is not None and 0 <= index < len(own) else None

    def _say(self, compose: Callable[[], str], error: bool = False) -> None:
        self.pane.show_message(compose, error)

    def _refused(self, exc: BaseException) -> None:
        self._say(lambda: error_message(exc), error=True)

    def _change(self, build: Callable[[OwnClasses], OwnClasses], index: int,
                text: Callable[[OwnClasses], Message]) -> OwnClasses | None:  # fmt: skip
        """``build(own)`` as one undoable step named ``text(new)``; the new classes, or None
        when it was refused (the reason is shown)."""
        own = self._own(index)
        if own is None:
            return None
        try:
            new = build(own)
        except PlaygroundError as exc:
            self._refused(exc)
            return None
        if not classes_edit(self.document, new, text(new)):
            return None
        return new

    # -- adding samples ----------------------------------------------------------------------
    def add_drawing(self, index: int) -> bool:
        """Add the pad's drawing to class ``index`` (the row's button, or key 1..9)."""
        own = self._own(index)
        if own is None:
            return False
        drawing, name = self.drawing, own.names[index]
        if drawing is None:
            self._say(lambda: self.tr("Draw on the pad in the Draw pane first, then add the "
                                      "drawing."), error=True)
            return False
        if drawing is self._added:
            self._say(lambda: self.tr("This drawing is already added. Clear the pad (Esc) and "
                                      "draw another."), error=True)
            return False
        new = self._change(lambda o: o.add_sample(index, as_sample(drawing)), index,
                           lambda _n: Message("Add a drawing to {name}", name=shorten(name)))
        if new is None:
            return False
        self._added = drawing
        count = new.counts[index]
        self._say(lambda: self.tr("Added the drawing to {0} ({1} samples).").format(name, count)
                  if count != 1 else self.tr("Added the drawing to {0}, its first sample.")
                  .format(name))
        return True

    def paste(self, index: int) -> None:
        """Add the clipboard's picture (or picture files) to class ``index``."""
        mime = QGuiApplication.clipboard().mimeData()
        files = dropped_files(mime.urls()) if mime is not None and mime.hasUrls() else []
        if files:
            self.add_files(index, files)
            return
        image = mime.imageData() if mime is not None and mime.hasImage() else None
        if isinstance(image, QPixmap):
            image = image.toImage()
        if not isinstance(image, QImage) or image.isNull():
            self._say(lambda: self.tr("The clipboard holds no picture. Copy a picture (or a "
                                      "picture file), then paste it."), error=True)
            return
        self._add_image(index, image)

    def _add_image(self, index: int, image: QImage) -> None:
        own = self._own(index)
        if own is None:
            return
        picture, name = image_array(image), own.names[index]
        background().submit(
            lambda _job: prepare_one(picture), owner=self, name="own-classes-paste",
            on_result=lambda sample: self._add_prepared(index, name, Prepared((sample,))),
            on_error=self._refused)

    def add_pictures(self, index: int) -> None:
        """Choose picture files, see them prepared, and add them to class ``index``."""
        own = self._own(index)
        if own is None:
            return
        files = self.ask_files(self.tr("Add Pictures to {0}").format(own.names[index]))
        if files:
            self.add_files(index, files, preview=True)

    def _ask_files(self, title: str) -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(
            self.host.window_widget(), title, str(Path.home()),
            self.tr("Pictures ({0})").format(PICTURE_FILTER))
        return files

    def add_files(self, index: int, files: Sequence[str], preview: bool = False) -> None:
        """Prepare ``files`` on the pool and add them to class ``index`` (after a preview)."""
        own = self._own(index)
        if own is None:
            return
        try:
            own.check_room(index, len(files))  # refused before a single file is read
        except PlaygroundError as exc:
            self._refused(exc)
            return
        name, paths = own.names[index], list(files)
        self._say(lambda: self.tr("Preparing {0} pictures…").format(len(paths)))
        background().submit(
            lambda job: prepare_files(paths, job), owner=self, name="own-classes-pictures",
            on_result=lambda prepared: (self._show_preview if preview else self._add_prepared)(
                index, name, prepared),
            on_error=self._refused)

    def _show_preview(self, index: int, name: str, prepared: Prepared) -> None:
        dialog = PicturesPreview(name, prepared.samples, prepared.problems,
                                 self.host.window_widget())
        self.preview = dialog

        def done(result: int) -> None:
            self.preview = None
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted:
                self._add_prepared(index, name, prepared)
            else:
                self._say(lambda: "")

        dialog.finished.connect(done)
        dialog.open()

    def _add_prepared(self, index: int, name: str, prepared: Prepared) -> None:
        """Add prepared samples to the class that was ``index`` called ``name``."""
        own = self.document.own_classes
        if own is not None and not (index < len(own) and own.names[index] == name):
            index = own.names.index(name) if name in own.names else -1
        if own is None or index < 0:
            self._say(lambda: self.tr("The class {0} is gone: nothing was added.").format(name),
                      error=True)
            return
        left_out = "; ".join(f"{p.path}: {translate_message(p.message)}"
                             for p in prepared.problems)
        if not prepared.samples:
            self._say(lambda: self.tr("Nothing was added: {0}").format(left_out), error=True)
            return
        count = len(prepared.samples)
        text = (Message("Add a picture to {name}", name=shorten(name)) if count == 1 else
                Message("Add {count} pictures to {name}", count=count, name=shorten(name)))
        if self._change(lambda o: o.add_samples(index, prepared.samples), index,
                        lambda _n: text) is None:
            return
        self._say(lambda: self.tr("Added {0} pictures to {1}.").format(count, name) + (
            " " + self.tr("Left out: {0}").format(left_out) if left_out else ""),
            error=bool(left_out))

    # -- classes and samples -----------------------------------------------------------------
    def rename(self, index: int, text: str) -> None:
        own = self._own(index)
        if own is None:
            return
        old = own.names[index]
        if self._change(lambda o: o.rename_class(index, text), index, lambda n: Message(
                "Rename class {old} to {new}", old=shorten(old),
                new=shorten(n.names[index]))) is None:
            self.pane.rows[index].name_edit.setText(old)  # refused: the name stays

    def add_class(self) -> None:
        own = self.document.own_classes
        if own is None:
            return
        if len(own) >= MAX_CLASSES:
            self._say(lambda: self.tr("There can be at most {0} classes.").format(MAX_CLASSES),
                      error=True)
            return
        taken = {n.casefold() for n in own.names}
        number = next(n for n in range(len(own) + 1, 2 * MAX_CLASSES + 2)
                      if self.tr("Class {0}").format(n).casefold() not in taken)
        name = self.tr("Class {0}").format(number)
        self._change(lambda o: o.add_class(name), 0,
                     lambda _n: Message("Add class {name}", name=shorten(name)))

    def remove_class(self, index: int) -> None:
        own = self._own(index)
        if own is None:
            return
        name = own.names[index]
        self._change(lambda o: o.remove_class(index), index,
                     lambda _n: Message("Remove class {name}", name=shorten(name)))

    def delete_sample(self, index: int, sample: int) -> None:
        own = self._own(index)
        if own is not None:
            name = own.names[index]
            self._change(lambda o: o.remove_sample(index, sample), index,
                         lambda _n: Message("Delete a sample of {name}", name=shorten(name)))

    def move_sample(self, index: int, sample: int, target: int) -> None:
        own = self._own(index)
        if own is not None and 0 <= target < len(own):
            name = own.names[target]
            self._change(lambda o: o.move_sample(index, sample, target), index,
                         lambda _n: Message("Move a sample to {name}", name=shorten(name)))
