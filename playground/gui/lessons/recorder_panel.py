"""The recorder's pane: the lesson's title and introduction, its steps, the selected step's form.

A pane, not a dialog: the teacher keeps working in the window (the palette, the editor, the
settings) while recording, and every step records what the window shows. During a preview the
form is set aside and one button brings the teacher back to it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from playground.gui import looks
from playground.gui.lessons.recorder import LessonRecorder
from playground.gui.lessons.recorder_step import StepEditor

INTRO_LINES = 4
STEP_LIST_LINES = 6
FIRST_WORDS = 60  # characters of a step's text in the list of steps


class RecorderPanel(QWidget):
    """Shows a :class:`LessonRecorder` and forwards the teacher's clicks to it."""

    closeRequested = Signal()

    def __init__(self, recorder: LessonRecorder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonRecorder")
        self.setAccessibleName(self.tr("Lesson recorder"))
        self.recorder = recorder
        window = recorder.host.window_widget()

        def button(name: str, text: str, tip: str) -> QPushButton:
            b = QPushButton(text, objectName=name)
            b.setAccessibleName(text.replace("&", ""))
            b.setToolTip(tip)
            return b

        def line(name: str, accessible: str) -> QLineEdit:
            widget = QLineEdit(objectName=name)
            widget.setAccessibleName(accessible)
            widget.textChanged.connect(self._lesson_edited)
            return widget

        def box(name: str, accessible: str) -> QPlainTextEdit:
            widget = QPlainTextEdit(objectName=name)
            widget.setAccessibleName(accessible)
            widget.setTabChangesFocus(True)
            widget.setFixedHeight(INTRO_LINES * widget.fontMetrics().lineSpacing() + 12)
            widget.textChanged.connect(self._lesson_edited)
            return widget

        # The preview's bar, shown instead of the form while the lesson is previewed.
        self.preview_bar = QFrame(objectName="recorderPreviewBar")
        self.back_button = button("recorderBack", self.tr("Back to the Recorder"),
                                  self.tr("Close the preview and go on recording"))
        self.back_button.clicked.connect(recorder.end_preview)
        bar = QVBoxLayout(self.preview_bar)
        bar.addWidget(QLabel(self.tr("Previewing the lesson as a student gets it."),
                             wordWrap=True))
        bar.addWidget(self.back_button)

        self.title_en = line("recorderTitleEn", self.tr("Lesson title (English)"))
        self.title_es = line("recorderTitleEs", self.tr("Lesson title (Spanish)"))
        self.intro_en = box("recorderIntroEn", self.tr("Introduction (English)"))
        self.intro_es = box("recorderIntroEs", self.tr("Introduction (Spanish)"))
        self.start_button = button("recorderStart", self.tr("Use the Window as the Start"),
                                   self.tr("The network, settings and data now in the window "
                                           "become where the lesson starts"))
        self.start_button.clicked.connect(recorder.take_start)
        about = self.lesson_page = QWidget()
        form = QFormLayout(about)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(self.tr("Title (English):"), self.title_en)
        form.addRow(self.tr("Title (Spanish):"), self.title_es)
        form.addRow(self.tr("Introduction (English):"), self.intro_en)
        form.addRow(self.tr("Introduction (Spanish):"), self.intro_es)
        form.addRow(self.start_button)

        self.steps = QListWidget(objectName="recorderSteps")
        self.steps.setAccessibleName(self.tr("Steps"))
        self.steps.setFixedHeight(STEP_LIST_LINES * self.fontMetrics().lineSpacing() + 8)
        self.steps.currentRowChanged.connect(self._row_changed)
        self.record_button = button("recorderRecord", self.tr("&Record Step"),
                                    self.tr("A new step whose button makes what you changed "
                                            "in the window since the previous step"))
        self.record_button.clicked.connect(self._record)
        self.up_button = button("recorderUp", self.tr("Move Up"), self.tr("Move the step up"))
        self.down_button = button("recorderDown", self.tr("Move Down"),
                                  self.tr("Move the step down"))
        self.delete_button = button("recorderDelete", self.tr("Delete Step"),
                                    self.tr("Delete the step"))
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.delete_button.clicked.connect(self._delete)
        row = QHBoxLayout()
        for b in (self.up_button, self.down_button, self.delete_button):
            row.addWidget(b)
        row.addStretch(1)
        self.editor = StepEditor(window)
        self.editor.edited.connect(self._step_edited)
        steps = self.steps_page = QWidget()
        steps_layout = QVBoxLayout(steps)
        steps_layout.addWidget(self.steps)
        steps_layout.addLayout(row)
        steps_layout.addWidget(self.editor, 1)

        # The lesson's own texts on one page, its steps on the other: the selected step's
        # form gets the pane's height.
        self.pages = QTabWidget(objectName="recorderPages")
        self.pages.setAccessibleName(self.tr("Lesson recorder pages"))
        self.pages.addTab(about, self.tr("Lesson"))
        self.pages.addTab(steps, self.tr("Steps"))
        self.pages.setCurrentIndex(1)

        self.message = QLabel(objectName="recorderMessage", wordWrap=True)
        self.message.setAccessibleName(self.tr("Recorder message"))
        self.preview_button = button("recorderPreview", self.tr("&Preview"),
                                     self.tr("Open the lesson as a student gets it"))
        self.preview_button.clicked.connect(recorder.preview)
        self.save_button = button("recorderSave", self.tr("&Save Lesson…"),
                                  self.tr("Write the lesson file"))
        self.save_button.clicked.connect(recorder.save)
        self.close_button = button("recorderClose", self.tr("Close"),
                                   self.tr("Stop recording"))
        self.close_button.clicked.connect(self.closeRequested)
        bottom = QHBoxLayout()
        for b in (self.record_button, self.preview_button, self.save_button):
            bottom.addWidget(b)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview_bar)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)

        recorder.stepsChanged.connect(self.show_steps)
        recorder.message.connect(self.show_message)
        recorder.previewChanged.connect(self._preview_changed)
        self._preview_changed(False)
        self.show_steps()

    # -- the lesson's own fields -----------------------------------------------------------------
    def _lesson_edited(self) -> None:
        draft = self.recorder.draft
        draft.title_en, draft.title_es = self.title_en.text(), self.title_es.text()
        draft.intro_en = self.intro_en.toPlainText()
        draft.intro_es = self.intro_es.toPlainText()
        self.recorder.unsaved = True

    # -- steps -----------------------------------------------------------------------------------
    def show_steps(self, select: int | None = None) -> None:
        """The list of steps, each by its number and first words; keeps or moves the
        selection."""
        steps = self.recorder.draft.steps
        row = self.steps.currentRow() if select is None else select
        self.steps.blockSignals(True)
        self.steps.clear()
        for i, step in enumerate(steps):
            words = " ".join(step.text_en.split())[:FIRST_WORDS] or self.tr("(no text yet)")
            self.steps.addItem(self.tr("{0}. {1}").format(i + 1, words))
        self.steps.blockSignals(False)
        row = min(row, len(steps) - 1)
        self.steps.setCurrentRow(row)
        self._row_changed(row)

    def _row_changed(self, row: int) -> None:
        steps = self.recorder.draft.steps
        step = steps[row] if 0 <= row < len(steps) else None
        if step is not self.editor.step:
            self.editor.show_step(step)
        self.up_button.setEnabled(step is not None and row > 0)
        self.down_button.setEnabled(step is not None and row < len(steps) - 1)
        self.delete_button.setEnabled(step is not None)

    def _record(self) -> None:
        if self.recorder.record_step() is not None:
            self.pages.setCurrentIndex(1)
            self.show_steps(len(self.recorder.draft.steps) - 1)
            self.editor.setCurrentIndex(0)
            self.editor.text_en.setFocus()

    def _move(self, offset: int) -> None:
        row = self.steps.currentRow()
        self.show_steps(self.recorder.move(row, offset))

    def _delete(self) -> None:
        self.recorder.delete(self.steps.currentRow())

    def _step_edited(self) -> None:
        self.recorder.unsaved = True
        row = self.steps.currentRow()
        step = self.editor.step
        if step is not None and 0 <= row < self.steps.count():
            words = " ".join(step.text_en.split())[:FIRST_WORDS] or self.tr("(no text yet)")
            self.steps.item(row).setText(self.tr("{0}. {1}").format(row + 1, words))

    # -- preview and messages --------------------------------------------------------------------
    def _preview_changed(self, previewing: bool) -> None:
        # While the lesson is previewed the recorder is one bar: the lesson takes its room.
        self.preview_bar.setVisible(previewing)
        for widget in (self.pages, self.message, self.record_button, self.preview_button,
                       self.save_button, self.close_button):
            widget.setVisible(not previewing)
        if previewing:
            self.show_message("", False)

    def show_message(self, text: str, error: bool) -> None:
        self.message.setText(text)
        looks.set_style(self.message, "color: {error}; font-weight: bold;" if error else "")

    def retranslate(self) -> None:
        """After a change of language: the texts composed from values."""
        self.show_steps()
        self.editor.show_edits()
