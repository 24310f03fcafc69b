"""The own classes as a whole: a new set, an image folder in or out, how a run starts, Train.

Why it works this way:

* Data ▸ New Own Classes… names the classes (:class:`~playground.gui.own_classes.dialogs.
  NamesDialog`), then sets the classes, the network (the small default one, or the user's when
  they keep it and it fits) and the recommended settings as *one* undoable step: Edit ▸ Undo
  gives back the project as it was. The default network and the settings come from the core's
  ``transfer`` module, which imports torch, so they are worked out on the background pool.
* Choosing "Train from scratch" or "Start from what the digits network learned" changes the
  network (and the settings, when the recommended ones are used) as one undoable step. Transfer
  also puts the digits network's learned weights in the document (weights are not part of undo:
  the document keeps them for the network they belong to, so undoing the network leaves them
  unused and redoing it uses them again).
* Train (the pane's button) first sets up the start again, with the settings recommended for
  the samples there are now, so every run from the digits network starts from its learned
  weights, never from the previous run's: runs compared in Compare Runs start alike.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QFileDialog

from playground.core.data.own_classes import OWN_CLASSES_NAME, OwnClasses
from playground.core.messages import Message
from playground.core.training.config import DIGITS_NETWORK_SOURCE
from playground.gui.background import background, error_message
from playground.gui.host import WindowHost
from playground.gui.i18n import translate_message
from playground.gui.own_classes.dialogs import NamesDialog
from playground.gui.own_classes.edits import classes_edit, own_network
from playground.gui.own_classes.jobs import (
    SCRATCH,
    Start,
    mode_of,
    new_classes_design,
    plan_start,
)
from playground.gui.own_classes.panel import OwnClassesPane

__all__ = ["ClassesWorkflow"]

MAX_PROBLEMS_SHOWN = 5


class ClassesWorkflow(QObject):
    """New classes, image folders, the start of a run and Train (see the module docstring).

    ``shown`` is called when the classes should be seen (the pane shown, the pad raised).
    """

    def __init__(self, host: WindowHost, pane: OwnClassesPane,
                 shown: Callable[[], None]) -> None:  # fmt: skip
        super().__init__(pane)
        self.setObjectName("ownClassesWorkflow")
        self.host, self.pane, self.document = host, pane, host.document
        self._shown = shown
        self.names_dialog: NamesDialog | None = None  # while it is open
        self.ask_folder: Callable[[str], str] = self._ask_folder  # replaced in tests
        pane.start.modeChosen.connect(self.choose_mode)
        pane.start.trainClicked.connect(self.train)
        pane.newClassesClicked.connect(self.new_classes)

    def _say(self, compose: Callable[[], str], error: bool = False) -> None:
        self.pane.show_message(compose, error)
        if error:
            self.host.show_status(compose(), 8000)

    def _busy_training(self) -> bool:
        if self.host.training.runner.running:
            self._say(lambda: self.tr("Stop the training run first."), error=True)
            return True
        return False

    # -- a new set of classes ----------------------------------------------------------------
    def new_classes(self) -> NamesDialog | None:
        """Ask the names (window-modal, not blocking); accepting makes the classes."""
        if self._busy_training():
            return None
        doc = self.document

        def fits(count: int) -> bool:
            return own_network(doc.spec, count) is not None

        dialog = NamesDialog(fits, self.host.window_widget())
        self.names_dialog = dialog

        def finished(result: int) -> None:
            self.names_dialog = None
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted:
                self._make(dialog.classes(), dialog.keep_network(),
                           Message("New own classes"))

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def _make(self, own: OwnClasses, keep: bool, text: Message,
              done: Callable[[], str] | None = None) -> None:  # fmt: skip
        """Make ``own`` the project's classes with a network and settings for them."""
        doc = self.document
        spec, config = doc.spec, doc.config
        background().submit(
            lambda job: new_classes_design(own, spec, config, keep, job), owner=self,
            key="design", name="own-classes-design",
            on_result=lambda start: self._made(own, start, text, done),
            on_error=lambda exc: self._say(lambda: error_message(exc), error=True))

    def _made(self, own: OwnClasses, start: Start, text: Message,
              done: Callable[[], str] | None) -> None:  # fmt: skip
        if not classes_edit(self.document, own, text, spec=start.spec, config=start.config,
                            dataset_options={}):
            return
        self._shown()
        self._say(done or (lambda: self.tr(
            "Now give each class examples: draw one on the pad and press its key (1, 2, 3…), "
            "paste one, or drop picture files on its row.")))

    # -- image folders -----------------------------------------------------------------------
    def _ask_folder(self, title: str) -> str:
        return QFileDialog.getExistingDirectory(self.host.window_widget(), title,
                                                str(Path.home()))

    def export_folder(self) -> None:
        """Write the classes as an image folder (one sub-folder of PNGs per class)."""
        own = self.document.own_classes
        if own is None:
            self._say(lambda: self.tr("There are no own classes to export."), error=True)
            return
        folder = self.ask_folder(self.tr("Export Own Classes to an Empty Folder"))
        if not folder:
            return
        from playground.core.data.own_classes_io import export_image_folder

        background().submit(
            lambda _job: export_image_folder(own, folder), owner=self, name="own-classes-export",
            on_result=lambda root: self._say(lambda: self.tr(
                "Exported {0} pictures in {1} classes to {2}.").format(own.total, len(own), root)),
            on_error=lambda exc: self._say(lambda: error_message(exc), error=True))

    def import_folder(self) -> None:
        """Make the classes of an image folder the project's (one undoable step)."""
        if self._busy_training():
            return
        folder = self.ask_folder(self.tr("Import Own Classes from an Image Folder"))
        if not folder:
            return
        from playground.core.data.own_classes_io import import_image_folder

        background().submit(
            lambda _job: import_image_folder(folder), owner=self, name="own-classes-import",
            on_result=lambda outcome: self._imported(*outcome),
            on_error=lambda exc: self._say(lambda: error_message(exc), error=True))

    def _imported(self, own: OwnClasses, report: object) -> None:
        problems = [f"{p.path}: {translate_message(p.message)}"
                    for p in getattr(report, "problems", ())]
        shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])

        def done() -> str:
            text = self.tr("Imported {0} pictures in {1} classes.").format(own.total, len(own))
            return text + (" " + self.tr("Left out: {0}").format(shown) if problems else "")

        if len(own) < 2:
            self._say(lambda: self.tr("The folder needs at least two class folders with "
                                      "pictures.") + (" " + shown if shown else ""), error=True)
            return
        self._make(own, False, Message("Import own classes"), done)

    # -- how a run starts, and Train ---------------------------------------------------------
    def _plan(self, mode: str, then: Callable[[Start], None]) -> None:
        own = self.document.own_classes
        if own is None or len(own) < 2:
            return
        doc, recommended = self.document, self.pane.start.recommended.isChecked()
        spec, config = doc.spec, doc.config
        background().submit(
            lambda job: plan_start(own, mode, spec, config, recommended, job), owner=self,
            key="start", name="own-classes-start", on_result=then,
            on_error=lambda exc: self._failed_plan(exc))

    def _failed_plan(self, exc: BaseException) -> None:
        self.pane.start.show_mode(mode_of(self.document.spec, self.document.config))
        self._say(lambda: error_message(exc), error=True)

    def choose_mode(self, mode: str) -> None:
        """From scratch, or from the digits network frozen or fine-tuned (one undo step)."""
        if self._busy_training():
            self.pane.start.show_mode(mode_of(self.document.spec, self.document.config))
            return
        self._plan(mode, lambda start: self.apply_start(start, mode))

    def apply_start(self, start: Start, mode: str) -> bool:
        """Put ``start`` in the document: network and settings undoably, weights beside."""
        doc = self.document
        own = doc.own_classes
        if own is None:
            return False
        text = Message("Train from scratch") if mode == SCRATCH else Message(
            "Start from the digits network")
        classes_edit(doc, own, text, spec=start.spec, config=start.config)
        if doc.spec != start.spec:  # refused: a run kept going
            self.pane.start.show_mode(mode_of(doc.spec, doc.config))
            return False
        if start.weights is not None:
            doc.weights, doc.best_weights, doc.weights_spec = start.weights, None, start.spec
            # The run starts from the digits network, not from the latest run on this network.
            self.host.training.note_weights_source(start.weights, DIGITS_NETWORK_SOURCE)
            doc.mark_modified()
            self.host.signals.weightsChanged.emit()
        self.pane.start.show_mode(mode)
        return True

    def train(self) -> None:
        """Set the start up again for the samples there are now, then train."""
        training, doc = self.host.training, self.document
        blocker = doc.train_blocker
        if training.runner.running or blocker is not None or \
                doc.own_classes is None or doc.spec.dataset != OWN_CLASSES_NAME:
            training.train()  # resumes a paused run, or refuses and says why
            if blocker is not None and not training.runner.running:
                self._say(lambda: self.tr("Can't train: {0}").format(
                    translate_message(blocker.problem)), error=True)
            return
        mode = mode_of(doc.spec, doc.config)

        def planned(start: Start) -> None:
            if self.apply_start(start, mode):
                training.train(start="fresh" if mode == SCRATCH else "continue")
                self._say(lambda: self.tr("Training on your classes: when it ends, draw on the "
                                          "pad to test the network."))

        self._say(lambda: self.tr("Getting the network ready…"))
        self._plan(mode, planned)
