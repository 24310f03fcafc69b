"""The question block under a lesson step's text: the prompt, the answer field, Answer, verdict.

A choice shows radio buttons, a number a text field (a comma or a point for the decimals, as the
student types them), a layer question a line asking to select the layer in the editor. Once the
answer is revealed the block shows ✓ or ✗ in the theme's colours and the explanation, and the
answer can no longer be changed: a prediction is only worth something made before the result.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from playground.core.teaching.questions import Answer, Question
from playground.gui import looks


def parse_number(text: str) -> float | None:
    """The number typed, with a decimal comma or point; None if it is not one."""
    cleaned = text.strip().replace("\u2212", "-").replace(" ", "").rstrip("%")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


class _OptionText(QLabel):
    """An option's text beside its radio button: it wraps (a radio button's own text does not,
    and a long option would widen the lesson column past the screen), and a click on it
    chooses the option, as a click on a radio button's own text would."""

    def __init__(self, radio: QRadioButton) -> None:
        super().__init__(wordWrap=True)
        self.radio = radio
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setBuddy(radio)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.radio.isEnabled():
            self.radio.click()
        event.accept()


class QuestionBox(QFrame):
    """Shows one question and its state; ``answered`` carries the student's answer (an option
    index or a number; a layer question's answer is read from the editor by the session)."""

    answered = Signal(object)  # int | float | None (None: the layer selected in the editor)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonQuestion")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Question"))
        self.question: Question | None = None
        self.prompt = QLabel(objectName="lessonQuestionPrompt", wordWrap=True)
        self.prompt.setAccessibleName(self.tr("Question"))
        self.options_box = QGridLayout()  # radio, wrapped text: one row per option
        self.options_box.setColumnStretch(1, 1)
        self.group = QButtonGroup(self)
        self.radios: list[QRadioButton] = []
        self.option_texts: list[_OptionText] = []
        self.number = QLineEdit(objectName="lessonQuestionNumber")
        self.number.setAccessibleName(self.tr("Your answer"))
        self.number.returnPressed.connect(self._answer)
        self.unit = QLabel(objectName="lessonQuestionUnit")
        number_row = QHBoxLayout()
        number_row.addWidget(self.number, 1)
        number_row.addWidget(self.unit)
        self.number_row = QWidget()
        self.number_row.setLayout(number_row)
        number_row.setContentsMargins(0, 0, 0, 0)
        self.layer_hint = QLabel(self.tr("Select the layer in the editor, then press Answer."),
                                 objectName="lessonQuestionLayerHint", wordWrap=True)
        self.answer_button = QPushButton(self.tr("Answer"), objectName="lessonAnswer")
        self.answer_button.setAccessibleName(self.tr("Answer"))
        self.answer_button.clicked.connect(self._answer)
        self.verdict = QLabel(objectName="lessonVerdict", wordWrap=True)
        self.verdict.setAccessibleName(self.tr("Verdict"))
        self.explanation = QLabel(objectName="lessonExplanation", wordWrap=True)
        self.explanation.setAccessibleName(self.tr("Explanation"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addLayout(self.options_box)
        layout.addWidget(self.number_row)
        layout.addWidget(self.layer_hint)
        row = QHBoxLayout()
        row.addWidget(self.answer_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.verdict)
        layout.addWidget(self.explanation)
        self.hide()

    def retranslate(self) -> None:
        self.layer_hint.setText(self.tr("Select the layer in the editor, then press Answer."))
        self.answer_button.setText(self.tr("Answer"))

    def show_question(self, question: Question | None, given: Answer | None, revealed: bool,
                      waiting: str, language: str) -> None:
        """Show ``question`` with the student's answer so far; ``waiting`` says what the
        verdict waits for (an action, a run) when the answer is given but not yet revealed."""
        self.question = question
        self.setVisible(question is not None)
        if question is None:
            return
        if self.radios and len(self.radios) != len(question.options):
            self._clear_radios()
        self.prompt.setText(question.prompt.get(language))
        if question.kind == "choice":
            if not self.radios:
                for i, _option in enumerate(question.options):
                    radio = QRadioButton(objectName=f"lessonOption{i}")
                    radio.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
                    text = _OptionText(radio)
                    self.group.addButton(radio, i)
                    self.options_box.addWidget(radio, i, 0, Qt.AlignmentFlag.AlignTop)
                    self.options_box.addWidget(text, i, 1)
                    self.radios.append(radio)
                    self.option_texts.append(text)
            for radio, text, option in zip(self.radios, self.option_texts, question.options,
                                           strict=True):
                text.setText(option.get(language))
                radio.setAccessibleName(option.get(language))
            self.group.setExclusive(False)
            for i, radio in enumerate(self.radios):
                radio.setChecked(given is not None and int(given) == i)
            self.group.setExclusive(True)
        else:
            self._clear_radios()
        self.number_row.setVisible(question.kind == "number")
        self.unit.setText(question.unit.get(language) if question.unit is not None else "")
        if question.kind == "number":
            shown = "" if given is None else f"{float(given):g}"
            self.number.setText(shown.replace(".", ",") if language.startswith("es") else shown)
        self.layer_hint.setVisible(question.kind == "layer")
        for widget in (*self.radios, *self.option_texts, self.number, self.answer_button):
            widget.setEnabled(not revealed)
        self._show_verdict(question, given, revealed, waiting, language)

    def _show_verdict(self, question: Question, given: Answer | None, revealed: bool,
                      waiting: str, language: str) -> None:
        if not revealed:
            self.verdict.setText(waiting if given is not None else "")
            looks.set_style(self.verdict, "")
            self.explanation.setText("")
            self.explanation.hide()
            return
        if question.is_right(given):
            self.verdict.setText(self.tr("✓ Right."))
            looks.set_style(self.verdict, "color: {ok}; font-weight: bold;")
        else:
            self.verdict.setText(self.tr("✗ Not quite: the answer is {0}.").format(
                question.right_answer(language)))
            looks.set_style(self.verdict, "color: {error}; font-weight: bold;")
        self.explanation.setText(question.explanation.get(language))
        self.explanation.show()

    def _clear_radios(self) -> None:
        for radio in self.radios:
            self.group.removeButton(radio)
        for widget in (*self.radios, *self.option_texts):
            self.options_box.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self.radios, self.option_texts = [], []

    def _answer(self) -> None:
        question = self.question
        if question is None or not self.answer_button.isEnabled():
            return
        if question.kind == "choice":
            self.answered.emit(self.group.checkedId() if self.group.checkedId() >= 0 else -1)
        elif question.kind == "number":
            value = parse_number(self.number.text())
            self.answered.emit(value if value is not None else float("nan"))
        else:
            self.answered.emit(None)
