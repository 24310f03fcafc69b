"""The main window's questions and messages to the user: which file to open or save to (and
the files opened lately), what to do with unsaved changes, a refused save or weights that do
not fit, an error.

Kept apart from the window so its file handling reads in one place, and so tests replace one
question (``window.ask_unsaved_changes = …``) without a dialog. A mixin of
:class:`~playground.gui.main_window.MainWindow`: it uses the window's document, training
controller, status bar and recent files.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from playground.core.messages import Message
from playground.gui.i18n import translate_message

if TYPE_CHECKING:
    from playground.gui.document import Document
    from playground.gui.training.controller import TrainingController

Button = QMessageBox.StandardButton
MAX_RECENT = 8
logger = logging.getLogger("playground.gui.main_window")


class WindowQuestions(QMainWindow):
    """The recent files, and the questions asked and errors shown by the main window (each
    question replaced in tests)."""

    document: Document
    training: TrainingController

    # -- the files opened lately (File ▸ Open Recent, and where the file dialogs start) ---------
    def recent_files(self) -> list[str]:
        value = QSettings().value("recentFiles", [])
        if isinstance(value, str):  # QSettings returns a lone string for one-item lists
            value = [value]
        return [str(v) for v in value or []]

    def add_recent(self, path: str) -> None:
        files = [path, *(f for f in self.recent_files() if f != path)][:MAX_RECENT]
        QSettings().setValue("recentFiles", files)

    def forget_recent(self, path: str) -> None:
        files = [f for f in self.recent_files() if f != str(Path(path).resolve()) and f != path]
        QSettings().setValue("recentFiles", files)

    def clear_recent(self) -> None:
        QSettings().setValue("recentFiles", [])

    # -- questions ------------------------------------------------------------------------------
    def ask_open_path(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open Project"), self._last_folder(), self._project_filter()
        )
        return path or None

    def ask_save_path(self, title: str, suggestion: str, file_filter: str) -> str | None:
        start = str(Path(self._last_folder()) / suggestion)
        path, _ = QFileDialog.getSaveFileName(self, title, start, file_filter)
        return path or None

    def unsaved_changes_question(self) -> tuple[str, Button, Button]:
        """The text, buttons and default answer of the question before the project goes.

        During a run the question says so, and what saving would keep: the run's weights reach
        the project only when it ends, so saving now keeps those from before it. The default
        is then Cancel, the one answer that loses nothing (Enter used to save).
        """
        name = self.document.display_name
        if not self.training.runner.running:
            return (self.tr("“{name}” has changes that are not saved. Save them?").format(
                name=name), Button.Save | Button.Discard | Button.Cancel, Button.Save)
        text = self.tr("A training run is in progress: going on stops it, and what it has "
                       "learned so far is lost. Saving now keeps the weights from before the "
                       "run.")
        if not self.document.dirty:
            return text, Button.Discard | Button.Cancel, Button.Cancel
        text += " " + self.tr("“{name}” has changes that are not saved. Save them?").format(
            name=name)
        return text, Button.Save | Button.Discard | Button.Cancel, Button.Cancel

    def unsaved_changes_box(self) -> QMessageBox:
        """The question before the project goes, as a message box not yet shown.

        Its buttons carry their own labels with a mnemonic each: the desktop's labels for
        Discard ("Close without Saving", "Discard") have none, so Alt+D did nothing. "Don't
        Save" and its Spanish "Descartar" both answer to Alt+D.
        """
        text, buttons, default = self.unsaved_changes_question()
        title = (self.tr("Training in Progress") if self.training.runner.running
                 else self.tr("Unsaved Changes"))
        box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, self)
        box.setObjectName("unsavedChangesBox")
        for kind, name, label in (
            (Button.Save, "unsavedSaveButton", self.tr("&Save")),
            (Button.Discard, "unsavedDiscardButton", self.tr("&Don't Save")),
            (Button.Cancel, "unsavedCancelButton", self.tr("Cancel")),
        ):
            button = box.button(kind)
            if button is not None:
                button.setText(label)
                button.setObjectName(name)
                button.setAccessibleName(label.replace("&", ""))
        box.setDefaultButton(default)
        box.setEscapeButton(Button.Cancel)
        return box

    def ask_unsaved_changes(self) -> QMessageBox.StandardButton:
        box = self.unsaved_changes_box()
        answer = Button(box.exec())
        box.deleteLater()
        return answer

    def report_error(self, title: str, message: str | Message | BaseException) -> None:
        # Called from except blocks: the exception being handled goes to the log with its
        # traceback (none when there is no exception).
        logger.warning("%s: %s", title, message, exc_info=sys.exc_info()[1])
        message = translate_message(message)  # the core's messages are written in English
        self.statusBar().showMessage(message, 10_000)
        QMessageBox.warning(self, title, message)

    def ask_save_elsewhere(self, title: str, message: str | BaseException) -> bool:
        """Explain a refused save and offer Save As; True when the user chooses Save As."""
        logger.warning("%s: %s", title, message, exc_info=sys.exc_info()[1])
        message = translate_message(message)
        self.statusBar().showMessage(message, 10_000)
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, Button.Cancel, self)
        save_as = box.addButton(self.tr("Save &As…"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(save_as)
        box.exec()
        return box.clickedButton() is save_as

    def ask_open_without_weights(self, message: str | BaseException) -> bool:
        """Explain refused weights and offer to open the file without them."""
        message = translate_message(message)
        self.statusBar().showMessage(message, 10_000)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Cannot Open Project"), message,
                          Button.Cancel, self)
        without = box.addButton(self.tr("Open &Without Weights"),
                                QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(without)
        box.exec()
        return box.clickedButton() is without

    def _project_filter(self) -> str:
        return self.tr("Playground projects (*.nnp)")

    def _last_folder(self) -> str:
        recent = self.recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())
