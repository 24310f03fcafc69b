"""The recorder's question form: the question a recorded step asks, in the file's own form.

It writes what the teacher typed into the question object of the lesson format (see
:mod:`playground.core.teaching.questions`) without judging it: a number that is not one or an
answer that is no option goes in as typed, and the lesson reader, which checks every lesson
file, says what is wrong when the lesson is built. The teacher so meets the same messages a
hand-written lesson file would get.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from playground.core.teaching.questions import KINDS, MAX_OPTIONS, REVEALS
from playground.gui.lessons.question_box import parse_number

TEXT_LINES = 3  # the height of the prompt and explanation boxes, in lines


def _named(widget: QWidget, name: str, accessible: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


def _number(text: str) -> float | str:
    """The number typed (decimal comma or point), or the text itself for the reader to refuse."""
    value = parse_number(text)
    if value is None:
        return text.strip()
    return int(value) if value.is_integer() else value


class QuestionEditor(QWidget):
    """Kind, prompt, explanation, when to reveal, and the answer fields of the chosen kind."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recorderQuestion")
        self._loading = False
        self.kind = _named(QComboBox(), "recorderQuestionKind", self.tr("Question kind"))
        self.kind.addItem(self.tr("No question"), "")
        for kind, text in zip(KINDS, (self.tr("Choose an answer"), self.tr("Type a number"),
                                      self.tr("Select a layer")), strict=True):
            self.kind.addItem(text, kind)
        self.prompt_en, self.prompt_es, self.explain_en, self.explain_es = (
            self._text_box(name, text) for name, text in (
                ("recorderPromptEn", self.tr("Question (English)")),
                ("recorderPromptEs", self.tr("Question (Spanish)")),
                ("recorderExplainEn", self.tr("Explanation (English)")),
                ("recorderExplainEs", self.tr("Explanation (Spanish)"))))
        self.reveal = _named(QComboBox(), "recorderReveal", self.tr("When to show the answer"))
        for reveal, text in zip(REVEALS, (self.tr("On answering"),
                                          self.tr("After one of the step's buttons"),
                                          self.tr("After a training run")), strict=True):
            self.reveal.addItem(text, reveal)
        self.pages = QStackedWidget(objectName="recorderAnswerPages")
        # The pages kept as attributes, so that no wrapper of theirs is left to the collector.
        self.page_list = [QWidget(), self._choice_page(), self._number_page(),
                          self._layer_page()]
        for page in self.page_list:
            self.pages.addWidget(page)
        self.fields = QWidget()
        form = QFormLayout(self.fields)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setContentsMargins(0, 0, 0, 0)
        for label, widget in ((self.tr("Question (English):"), self.prompt_en),
                              (self.tr("Question (Spanish):"), self.prompt_es),
                              (self.tr("Explanation (English):"), self.explain_en),
                              (self.tr("Explanation (Spanish):"), self.explain_es),
                              (self.tr("Show the answer:"), self.reveal)):
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.kind)
        layout.addWidget(self.fields)
        layout.addWidget(self.pages)
        layout.addStretch(1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.reveal.currentIndexChanged.connect(self._changed)
        self._kind_changed()

    def _text_box(self, name: str, accessible: str) -> QPlainTextEdit:
        box = _named(QPlainTextEdit(), name, accessible)
        assert isinstance(box, QPlainTextEdit)
        box.setTabChangesFocus(True)
        box.setFixedHeight(TEXT_LINES * box.fontMetrics().lineSpacing() + 12)
        box.textChanged.connect(self._changed)
        return box

    def _line(self, name: str, accessible: str) -> QLineEdit:
        line = _named(QLineEdit(), name, accessible)
        assert isinstance(line, QLineEdit)
        line.textChanged.connect(self._changed)
        return line

    def _choice_page(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(self.tr("Right")), 0, 0)
        grid.addWidget(QLabel(self.tr("Answer (English)")), 0, 1)
        grid.addWidget(QLabel(self.tr("Answer (Spanish)")), 0, 2)
        self.right = QButtonGroup(page)
        self.options: list[tuple[QLineEdit, QLineEdit]] = []
        for i in range(MAX_OPTIONS):
            radio = _named(QRadioButton(), f"recorderRight{i}",
                           self.tr("Answer {0} is the right one").format(i + 1))
            radio.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            self.right.addButton(radio, i)
            en = self._line(f"recorderOptionEn{i}", self.tr("Answer {0} (English)").format(i + 1))
            es = self._line(f"recorderOptionEs{i}", self.tr("Answer {0} (Spanish)").format(i + 1))
            for column, widget in enumerate((radio, en, es)):
                grid.addWidget(widget, i + 1, column)
            self.options.append((en, es))
        self.right.button(0).setChecked(True)
        self.right.idToggled.connect(lambda _i, on: on and self._changed())
        return page

    def _number_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.answer = self._line("recorderNumber", self.tr("Right number"))
        self.tolerance = self._line("recorderTolerance", self.tr("Tolerance"))
        self.relative = _named(QCheckBox(self.tr("As a share of the answer (0 to 1)")),
                               "recorderRelative", self.tr("Relative tolerance"))
        assert isinstance(self.relative, QCheckBox)
        self.relative.toggled.connect(self._changed)
        self.unit_en = self._line("recorderUnitEn", self.tr("Unit (English)"))
        self.unit_es = self._line("recorderUnitEs", self.tr("Unit (Spanish)"))
        for label, widget in ((self.tr("Right number:"), self.answer),
                              (self.tr("Tolerance (±):"), self.tolerance),
                              ("", self.relative),
                              (self.tr("Unit (English):"), self.unit_en),
                              (self.tr("Unit (Spanish):"), self.unit_es)):
            form.addRow(label, widget)
        return page

    def _layer_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.layers = self._line("recorderLayers", self.tr("Right layers"))
        self.layers.setPlaceholderText(self.tr("Layer numbers, such as 2, 3"))
        form.addRow(self.tr("Right layers:"), self.layers)
        return page

    # -- reading and showing -----------------------------------------------------------------
    def _kind_changed(self) -> None:
        index = self.kind.currentIndex()
        self.pages.setCurrentIndex(index)
        self.fields.setVisible(index > 0)
        self.pages.setVisible(index > 0)
        self._changed()

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def question(self) -> dict[str, Any] | None:
        """The question in the file's form, its prompt and explanation as typed (the draft
        makes them lesson texts), or None for no question."""
        kind = self.kind.currentData()
        if not kind:
            return None
        data: dict[str, Any] = {
            "kind": kind,
            "prompt": {"en": self.prompt_en.toPlainText(), "es": self.prompt_es.toPlainText()},
        }
        if kind == "choice":
            filled = [(en.text().strip(), es.text().strip()) for en, es in self.options
                      if en.text().strip() or es.text().strip()]
            data["options"] = [{"en": en, "es": es} for en, es in filled]
            right = self.right.checkedId()
            rows = [i for i, (en, es) in enumerate(self.options)
                    if en.text().strip() or es.text().strip()]
            data["answer"] = rows.index(right) if right in rows else right
        elif kind == "number":
            data["answer"] = _number(self.answer.text())
            data["tolerance"] = _number(self.tolerance.text() or "0")
            if self.relative.isChecked():
                data["relative"] = True
            if self.unit_en.text().strip() or self.unit_es.text().strip():
                data["unit"] = {"en": self.unit_en.text().strip(),
                                "es": self.unit_es.text().strip()}
        else:
            parts = [p for p in re.split(r"[,;\s]+", self.layers.text()) if p]
            data["answer"] = [int(p) if p.isdigit() else p for p in parts]
        data["explanation"] = {"en": self.explain_en.toPlainText(),
                               "es": self.explain_es.toPlainText()}
        data["reveal"] = self.reveal.currentData()
        return data

    def show_question(self, data: dict[str, Any] | None) -> None:
        """Fill the form from a question in the file's form (None: no question)."""
        self._loading = True
        try:
            data = data or {}
            kind = data.get("kind", "")
            self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
            for box, key, language in ((self.prompt_en, "prompt", "en"),
                                       (self.prompt_es, "prompt", "es"),
                                       (self.explain_en, "explanation", "en"),
                                       (self.explain_es, "explanation", "es")):
                box.setPlainText(data.get(key, {}).get(language, ""))
            self.reveal.setCurrentIndex(max(self.reveal.findData(data.get("reveal", "now")), 0))
            options = data.get("options", []) if kind == "choice" else []
            for i, (en, es) in enumerate(self.options):
                option = options[i] if i < len(options) else {}
                en.setText(option.get("en", ""))
                es.setText(option.get("es", ""))
            answer = data.get("answer")
            right = self.right.button(answer if kind == "choice" and isinstance(answer, int)
                                      and 0 <= answer < MAX_OPTIONS else 0)
            right.setChecked(True)
            number = kind == "number"
            self.answer.setText(str(answer) if number and answer is not None else "")
            self.tolerance.setText(str(data.get("tolerance", "")) if number else "")
            self.relative.setChecked(bool(data.get("relative", False)))
            unit = data.get("unit", {}) if number else {}
            self.unit_en.setText(unit.get("en", ""))
            self.unit_es.setText(unit.get("es", ""))
            layers = answer if kind == "layer" and isinstance(answer, list) else []
            self.layers.setText(", ".join(str(n) for n in layers))
        finally:
            self._loading = False
