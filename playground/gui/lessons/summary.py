"""The end-of-lesson summary: each question, the student's answer, right or wrong, and a score.

It opens from the panel's Results button (shown when the lesson asks questions) and from Next on
the last step; it is not modal, so the student can look at the network while reading it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.core.teaching.questions import QuestionResult, score
from playground.gui import looks

ANSWER_COLUMN_WIDTH = 190
_TAGS = ("<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<em>", "</em>", "<strong>", "</strong>",
         "<code>", "</code>", "<br>", "<sub>", "</sub>", "<sup>", "</sup>")


def _plain(text: str) -> str:
    """A prompt without its formatting tags, for one cell of the table."""
    for tag in _TAGS:
        text = text.replace(tag, " " if tag in ("</p>", "<br>") else "")
    return " ".join(text.split())


class LessonSummary(QDialog):
    """The table of answers and the score line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonSummary")
        self.setWindowTitle(self.tr("Your answers"))
        self.score_label = QLabel(objectName="lessonScore")
        font = self.score_label.font()
        font.setBold(True)
        self.score_label.setFont(font)
        self.table = QTableWidget(0, 4, objectName="lessonAnswers")
        self.table.setHorizontalHeaderLabels([self.tr("Question"), self.tr("Your answer"),
                                              self.tr("Right answer"), ""])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):  # long options wrap in a column of their own width
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, ANSWER_COLUMN_WIDTH)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.score_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 360)

    def show_results(self, results: list[QuestionResult], language: str) -> None:
        right, total = score(results)
        self.score_label.setText(self.tr("Score: {0} of {1} right").format(right, total))
        self.table.setRowCount(len(results))
        look = looks.current()
        for row, result in enumerate(results):
            question = result.question
            given = question.shown_answer(result.given, language) or self.tr("(no answer)")
            if result.given is not None and not result.revealed:
                mark, colour = self.tr("waiting"), None
            elif result.right:
                mark, colour = "✓", look.ok
            else:
                mark, colour = "✗", look.error
            prompt = self.tr("Step {0}: {1}").format(result.step + 1,
                                                      _plain(question.prompt.get(language)))
            cells = (prompt, given, question.right_answer(language) if result.revealed else "",
                     mark)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 3 and colour is not None:
                    item.setForeground(QColor(colour))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
