"""The recorder's form for one step: its text, its button, its question and what it locks.

The edits a step's button makes were recorded from what the teacher did in the window; here
they are listed in words, and the teacher names the button, adds a Train button, a view, a
question and the controls the step locks. The controls are offered by the names the lesson
format uses (a setting's field, a pane, a menu command), read from this window, so a lesson
never names a control that does not exist.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QFrame,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from playground.core.teaching.lessons import VIEWS
from playground.gui.lessons.recorder_draft import DraftStep
from playground.gui.lessons.recorder_question import QuestionEditor

#: Panes and commands a lesson does not lock: the lesson's own, and the ones that leave it.
NOT_LOCKABLE = ("lessonDock", "lessonRecorderDock", "closeLessonAction", "quitAction",
                "aboutAction", "shortcutsAction", "leavePresentationAction")


def tr(text: str) -> str:
    return QCoreApplication.translate("LessonRecorder", text)


def describe_edit(edit: dict[str, Any]) -> str:
    """One recorded edit in words, for the teacher."""
    op = edit.get("op")

    def value(x: Any) -> str:
        return x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)

    def pairs(changes: dict[str, Any]) -> str:
        return ", ".join(f"{k} = {value(v)}" for k, v in changes.items())

    if op == "set_config":
        return tr("Settings: {0}").format(pairs(edit["changes"]))
    if op == "set_param":
        return tr("Layer {0}: {1} = {2}").format(edit["layer"], edit["param"],
                                                 value(edit["value"]))
    if op == "insert_layer":
        return tr("Insert a {0} layer as layer {1}").format(edit["layer"]["type"], edit["at"])
    if op == "remove_layer":
        return tr("Remove layer {0}").format(edit["layer"])
    if op == "replace_layer":
        return tr("Layer {0} becomes a {1} layer").format(edit["layer"], edit["with"]["type"])
    if op == "set_dataset":
        return tr("Use the dataset {0}").format(edit["dataset"])
    if op == "set_dataset_options":
        return tr("Data options: {0}").format(pairs(edit["options"]))
    if op == "restore_start":
        return tr("Back to the lesson's start")
    if op == "show_pane" and edit.get("tab"):
        return tr("Show the pane {0}, page {1}").format(edit["pane"], edit["tab"])
    if op == "show_pane":
        return tr("Show the pane {0}").format(edit["pane"])
    return str(op)


def known_controls(window: QMainWindow) -> list[tuple[str, str]]:
    """(name, what it is) of every control a lesson may lock in ``window``: the training
    settings, the panes and the menu commands."""
    found: dict[str, str] = {}
    for widget in window.findChildren(QWidget):
        name = widget.objectName()
        if name.startswith("setting_"):
            found[name] = widget.accessibleName() or name
    for dock in window.findChildren(QDockWidget):
        if dock.objectName():
            found[dock.objectName()] = tr("Pane: {0}").format(dock.windowTitle())
    for action in window.findChildren(QAction):
        name = action.objectName()
        if name.endswith("Action") and not name.startswith("lesson"):
            found.setdefault(name, tr("Command: {0}").format(action.text().replace("&", "")))
    return [(name, found[name]) for name in found if name not in NOT_LOCKABLE]


class StepEditor(QTabWidget):
    """Edits one :class:`DraftStep` in place; ``edited`` after every change."""

    edited = Signal()

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recorderStepTabs")
        self.setAccessibleName(self.tr("The selected step"))
        self.step: DraftStep | None = None
        self._loading = False
        self.text_en = self._text_box("recorderTextEn", self.tr("Step text (English)"))
        self.text_es = self._text_box("recorderTextEs", self.tr("Step text (Spanish)"))
        text = self.text_page = QWidget()
        form = QFormLayout(text)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(self.tr("English:"), self.text_en)
        form.addRow(self.tr("Spanish:"), self.text_es)
        self.addTab(text, self.tr("Text"))

        self.edits = QListWidget(objectName="recorderEdits")
        self.edits.setAccessibleName(self.tr("What the step's button changes"))
        self.edits.setMaximumHeight(6 * self.fontMetrics().lineSpacing() + 8)
        self.label_en = self._line("recorderLabelEn", self.tr("Button (English)"))
        self.label_es = self._line("recorderLabelEs", self.tr("Button (Spanish)"))
        self.train = QCheckBox(self.tr("Add a Train button"), objectName="recorderTrain")
        self.train.setAccessibleName(self.tr("Add a Train button"))
        self.train.toggled.connect(self._changed)
        self.view = QComboBox(objectName="recorderView")
        self.view.setAccessibleName(self.tr("What the step shows"))
        self.view.addItem(self.tr("Nothing"), "")
        for kind, name in zip(VIEWS, (self.tr("One example's backward pass"),
                                      self.tr("Decision boundary"),
                                      self.tr("Convolution filters")), strict=True):
            self.view.addItem(name, kind)
        self.view.currentIndexChanged.connect(self._changed)
        button = self.button_page = QWidget()
        form = QFormLayout(button)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Changes:"), self.edits)
        form.addRow(self.tr("Button (English):"), self.label_en)
        form.addRow(self.tr("Button (Spanish):"), self.label_es)
        form.addRow("", self.train)
        form.addRow(self.tr("Shows:"), self.view)
        self.addTab(button, self.tr("Button"))

        self.question = QuestionEditor()
        self.question.edited.connect(self._changed)
        # Kept as an attribute: a page known to Python only as a local was seen deleted, with
        # the form in it, when the garbage collector freed the page's wrapper.
        self.question_scroll = QScrollArea(objectName="recorderQuestionScroll")
        self.question_scroll.setWidgetResizable(True)
        self.question_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.question_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.question_scroll.setWidget(self.question)
        self.addTab(self.question_scroll, self.tr("Question"))

        self.locks = QListWidget(objectName="recorderLocks")
        self.locks.setAccessibleName(self.tr("Controls the step locks"))
        for name, what in known_controls(window):
            item = QListWidgetItem(f"{what} ({name})")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.locks.addItem(item)
        self.locks.itemChanged.connect(self._changed)
        locks = self.locks_page = QWidget()
        QVBoxLayout(locks).addWidget(self.locks)
        self.addTab(locks, self.tr("Locks"))
        self.show_step(None)

    def _text_box(self, name: str, accessible: str) -> QPlainTextEdit:
        box = QPlainTextEdit(objectName=name)
        box.setAccessibleName(accessible)
        box.setTabChangesFocus(True)
        box.setPlaceholderText(self.tr("Blank lines start new paragraphs"))
        box.textChanged.connect(self._changed)
        return box

    def _line(self, name: str, accessible: str) -> QLineEdit:
        line = QLineEdit(objectName=name)
        line.setAccessibleName(accessible)
        line.textChanged.connect(self._changed)
        return line

    # -- showing and keeping -----------------------------------------------------------------
    def show_step(self, step: DraftStep | None) -> None:
        """Show ``step`` (None: no step selected, the form is disabled)."""
        self._loading = True
        try:
            self.step = step
            self.setEnabled(step is not None)
            shown = step or DraftStep(label_en="", label_es="")
            self.text_en.setPlainText(shown.text_en)
            self.text_es.setPlainText(shown.text_es)
            self.label_en.setText(shown.label_en)
            self.label_es.setText(shown.label_es)
            self.show_edits()
            self.train.setChecked(shown.train)
            self.view.setCurrentIndex(max(self.view.findData(shown.view or ""), 0))
            self.question.show_question(shown.question)
            for i in range(self.locks.count()):
                item = self.locks.item(i)
                on = item.data(Qt.ItemDataRole.UserRole) in shown.lock
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        finally:
            self._loading = False

    def show_edits(self) -> None:
        """The step's recorded edits in words (again after a change of language)."""
        self.edits.clear()
        edits = self.step.edits if self.step is not None else []
        for edit in edits:
            self.edits.addItem(describe_edit(edit))
        if not edits:
            self.edits.addItem(self.tr("Nothing: this step has no button of its own"))
        for widget in (self.label_en, self.label_es):
            widget.setEnabled(bool(edits))

    def _changed(self, *_args: object) -> None:
        step = self.step
        if self._loading or step is None:
            return
        step.text_en = self.text_en.toPlainText()
        step.text_es = self.text_es.toPlainText()
        step.label_en = self.label_en.text()
        step.label_es = self.label_es.text()
        step.train = self.train.isChecked()
        step.view = self.view.currentData() or None
        step.question = self.question.question()
        step.lock = [self.locks.item(i).data(Qt.ItemDataRole.UserRole)
                     for i in range(self.locks.count())
                     if self.locks.item(i).checkState() == Qt.CheckState.Checked]
        self.edited.emit()
