"""The challenge block of the lesson panel: goal, live progress, verdict and the leaderboard.

It only shows what a :class:`~playground.gui.lessons.challenge_tracker.ChallengeTracker` knows,
redrawn whenever the tracker says something changed, and asks for the export; the tracker
follows the runs. The board lists the best attempts on this computer, best first, and marks
the one the last run recorded (▶, in bold), also when it ranks below the rows shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.core.teaching.challenge_board import Attempt
from playground.core.teaching.challenge_text import goal_lines
from playground.gui import looks
from playground.gui.i18n import translate_message
from playground.gui.lessons.challenge_tracker import ChallengeTracker
from playground.gui.numbers import localized

SHOWN_ATTEMPTS = 8  # rows of the board; the last run's attempt is added when it ranks lower
_TAGS = ("<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<em>", "</em>", "<strong>", "</strong>")


class ChallengeBox(QWidget):
    """Shown under the step while the open lesson sets a challenge."""

    exportRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonChallenge")
        self.tracker: ChallengeTracker | None = None
        self.language = "en"
        self.heading = QLabel(objectName="challengeHeading")
        font = QFont(self.heading.font())
        font.setBold(True)
        self.heading.setFont(font)
        self.goal = QLabel(objectName="challengeGoal", wordWrap=True)
        self.progress = QLabel(objectName="challengeProgress", wordWrap=True)
        self.result = QLabel(objectName="challengeResult", wordWrap=True)
        self.problem = QLabel(objectName="challengeProblem", wordWrap=True)
        self.board = QTableWidget(0, 5, objectName="challengeBoard")
        self.board.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.board.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.board.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.board.verticalHeader().hide()
        self.board.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.board.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.board.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.export_button = QPushButton(objectName="challengeExport")
        self.export_button.clicked.connect(self.exportRequested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        for widget in (self.heading, self.goal, self.progress, self.result, self.problem,
                       self.board):
            layout.addWidget(widget)
        layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Challenge"))
        self.goal.setAccessibleName(self.tr("Challenge goal"))
        self.progress.setAccessibleName(self.tr("Challenge progress"))
        self.result.setAccessibleName(self.tr("Last run's score"))
        self.board.setAccessibleName(self.tr("Leaderboard"))
        self.board.setHorizontalHeaderLabels([
            "#", self.tr("Score"), self.tr("Parameters"), self.tr("Accuracy"), self.tr("Epochs")])
        self.board.horizontalHeaderItem(3).setToolTip(self.tr("Accuracy on the test data"))
        self.export_button.setText(self.tr("Export Challenge…"))
        self.export_button.setAccessibleName(self.tr("Export Challenge"))
        self.export_button.setToolTip(self.tr("Save this challenge as a lesson file to hand "
                                              "to a class"))
        self.refresh()

    def show_tracker(self, tracker: ChallengeTracker | None, language: str) -> None:
        if self.tracker is not None and self.tracker is not tracker:
            self.tracker.changed.disconnect(self.refresh)
        if tracker is not None and tracker is not self.tracker:
            tracker.changed.connect(self.refresh)
        self.tracker, self.language = tracker, language
        self.setVisible(tracker is not None)
        self.refresh()

    # -- drawing ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        tracker = self.tracker
        if tracker is None:
            return
        challenge = tracker.challenge
        if challenge.text is not None:  # the author's words, else the goal's own
            text = challenge.text.get(self.language)
            for tag in _TAGS:
                text = text.replace(tag, "")
            self.goal.setText(" ".join(text.split()))
        else:
            self.goal.setText("\n".join(translate_message(line) for line in goal_lines(challenge)))
        self.progress.setText(tracker.progress_text())
        outcome = tracker.outcome
        self.result.setText(tracker.verdict_text())
        self.result.setVisible(outcome is not None)
        passed = outcome is not None and outcome.passed
        looks.set_style(self.result, "font-weight: bold; color: {ok};" if passed
                        else "font-weight: bold;")
        self.problem.setText(tracker.problem_text())
        self.problem.setVisible(bool(self.problem.text()))
        looks.set_style(self.problem, "color: {error};")
        self._fill_board(tracker)

    def _fill_board(self, tracker: ChallengeTracker) -> None:
        ranked = list(enumerate(tracker.attempts[:SHOWN_ATTEMPTS], start=1))
        shown = {attempt.id for _rank, attempt in ranked}
        latest = tracker.latest
        if latest is not None and latest.id == tracker.current and latest.id not in shown:
            rank = next((i for i, a in enumerate(tracker.attempts, start=1)
                         if a.id == latest.id), len(tracker.attempts) + 1)
            ranked.append((rank, latest))
        self.board.setRowCount(len(ranked))
        for row, (rank, attempt) in enumerate(ranked):
            self._fill_row(row, rank, attempt, attempt.id == tracker.current)
        self.board.setVisible(bool(ranked))
        self.board.resizeRowsToContents()
        height = self.board.horizontalHeader().height() + 2 * self.board.frameWidth()
        height += sum(self.board.rowHeight(r) for r in range(self.board.rowCount()))
        self.board.setFixedHeight(height)

    def _fill_row(self, row: int, rank: int, attempt: Attempt, current: bool) -> None:
        accuracy = ("–" if attempt.accuracy is None
                    else localized("{0:.1%}", attempt.accuracy))
        parameters = ("–" if attempt.parameters is None
                      else localized("{0:,}", attempt.parameters))
        cells = (f"▶ {rank}" if current else str(rank),
                 f"{attempt.score} ✓" if attempt.passed else str(attempt.score),
                 parameters, accuracy, str(attempt.epochs))
        tip = f"{attempt.network}\n{attempt.date.replace('T', ' ')[:16]} UTC"
        look = looks.current()
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            if column:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if current:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            if column == 1:
                item.setForeground(QColor(look.ok if attempt.passed else look.muted))
            self.board.setItem(row, column, item)
