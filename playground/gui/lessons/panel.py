"""The lesson side panel: the step's text in a large readable font, its buttons, Back and Next.

It shows a :class:`LessonSession` and forwards clicks to it; the session decides what an action
does. Under the text sits the step's view, if it has one (the backward pass of one example, the
decision boundary, the filters). The text is rich text limited to a few tags by the lesson
reader, and links are never followed, so a lesson from a shared project cannot open anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from playground.gui import looks
from playground.gui.lessons.action_button import ActionButton
from playground.gui.lessons.challenge_box import ChallengeBox
from playground.gui.lessons.question_box import QuestionBox
from playground.gui.lessons.summary import LessonSummary
from playground.gui.lessons.views import LessonView

if TYPE_CHECKING:
    from playground.gui.host import WindowHost
    from playground.gui.lessons.session import LessonSession

TEXT_SCALE = 1.3  # read from the back of a classroom
TITLE_SCALE = 1.5
MIN_TEXT_POINTS = 12
MIN_TEXT_HEIGHT = 140  # with the message's reserved lines below, the view keeps its share
MESSAGE_LINES = 2  # the lesson message's room, kept even when it is empty
TEXT_SHARE = 0.4  # of the panel's height when the step has a view


def _scaled(font: QFont, factor: float, minimum: float, bold: bool = False) -> QFont:
    scaled = QFont(font)
    if font.pointSizeF() > 0:
        scaled.setPointSizeF(max(font.pointSizeF() * factor, minimum))
    else:  # a font sized in pixels
        scaled.setPixelSize(max(round(font.pixelSize() * factor), round(minimum * 4 / 3)))
    scaled.setBold(bold)
    return scaled


def _make_view(kind: str, window: WindowHost) -> LessonView:
    if kind == "backprop":
        from playground.gui.lessons.backprop_view import BackpropView

        return BackpropView(window)
    if kind == "boundary":
        from playground.gui.lessons.boundary_view import BoundaryView

        return BoundaryView(window)
    from playground.gui.lessons.filters_view import FiltersView

    return FiltersView(window)


class _Top(QWidget):
    """The title, text, buttons and message: its least height counts the wrapped lines of
    the title and of the buttons' labels at its present width, which a plain widget leaves
    out; in a short column they would be squeezed over each other instead of scrolled."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        layout = self.layout()
        if layout is None or not layout.hasHeightForWidth() or self.width() <= 0:
            return hint
        return QSize(hint.width(), max(hint.height(), layout.minimumHeightForWidth(self.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()


class _Body(QScrollArea):
    """The lesson's text, buttons and view, scrolled as one only when their column is shorter
    than they need (presentation mode's large type on a small screen, a step with many
    buttons and a view): the column then never pushes Back and Next, or the panes below it,
    off the screen. With room enough it shows no scroll bar and looks as the bare content."""

    def __init__(self, content: QWidget) -> None:
        super().__init__()
        self.setObjectName("lessonBody")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its buttons and text take the focus
        self.setWidget(content)

    def _bar(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)

    def minimumSizeHint(self) -> QSize:
        """As narrow as the content allows (it never scrolls sideways), and a few lines high."""
        return QSize(self.widget().minimumSizeHint().width() + self._bar(),
                     3 * self.fontMetrics().lineSpacing())

    def sizeHint(self) -> QSize:
        hint = self.widget().sizeHint()
        return QSize(hint.width() + self._bar(), hint.height())


class LessonPanel(QWidget):
    """Title, step counter, text, action buttons, message, the step's view and navigation."""

    closeRequested = Signal()

    def __init__(self, window: WindowHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonPanel")
        self.setAccessibleName(self.tr("Lesson"))
        self.window_ = window
        self.session: LessonSession | None = None
        self.views: dict[str, LessonView] = {}
        self.action_buttons: list[QPushButton] = []

        self.title = QLabel(objectName="lessonTitle", wordWrap=True)
        self.title.setAccessibleName(self.tr("Lesson title"))
        self.counter = QLabel(objectName="lessonStepCounter")
        self.counter.setAccessibleName(self.tr("Step number"))
        self.text = QTextBrowser(objectName="lessonText")
        self.text.setAccessibleName(self.tr("Lesson step"))
        self.text.setOpenLinks(False)
        self.text.setOpenExternalLinks(False)
        self._scale_fonts()
        self.actions_box = QVBoxLayout()
        self.question = QuestionBox()
        self.question.answered.connect(lambda value: self.session and self.session.answer(value))
        self.summary: LessonSummary | None = None
        self.challenge = ChallengeBox()
        self.challenge.exportRequested.connect(self.export_challenge)
        self.message = QLabel(objectName="lessonMessage", wordWrap=True)
        self.message.setAccessibleName(self.tr("Lesson message"))
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._reserve_message_lines()

        def button(name: str, text: str, tip: str) -> QPushButton:
            b = QPushButton(text, objectName=name)
            b.setAccessibleName(text.replace("&", ""))
            b.setToolTip(tip)
            return b

        self.back_button = button("lessonBack", self.tr("◀ Back"), "")
        self.next_button = button("lessonNext", self.tr("Next ▶"), "")
        self._step_keys = ("", "")  # the keys of Previous and Next Step, named in the tooltips
        self._tip_step_buttons()
        self.close_button = button("lessonClose", self.tr("Close lesson"),
                                   self.tr("Close the lesson and unlock every control"))
        self.back_button.clicked.connect(lambda: self.session and self.session.back())
        self.next_button.clicked.connect(lambda: self.session and self.session.next())
        self.close_button.clicked.connect(self.closeRequested)
        self.results_button = button("lessonResults", self.tr("Results"),
                                     self.tr("Your answers to this lesson's questions and your "
                                             "score"))
        self.results_button.clicked.connect(self.show_summary)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        nav.addWidget(self.results_button)
        nav.addWidget(self.close_button)

        top = self._top = _Top()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.title)
        top_layout.addWidget(self.counter)
        top_layout.addWidget(self.text, 1)
        top_layout.addLayout(self.actions_box)
        top_layout.addWidget(self.message)
        # Below the buttons: in a short column (presentation mode) the buttons the teacher
        # presses stay next to the text, and the question scrolls into view under them.
        top_layout.addWidget(self.question)
        top_layout.addWidget(self.challenge)
        self.text.setMinimumHeight(MIN_TEXT_HEIGHT)
        views = QWidget()
        self.view_layout = QVBoxLayout(views)
        self.view_layout.setContentsMargins(0, 0, 0, 0)
        self.view_holder = QScrollArea(objectName="lessonViewHolder")
        self.view_holder.setAccessibleName(self.tr("What this step shows"))
        self.view_holder.setWidgetResizable(True)
        self.view_holder.setWidget(views)
        self.splitter = QSplitter(Qt.Orientation.Vertical, objectName="lessonSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.view_holder)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.body = _Body(self.splitter)
        self.body.setAccessibleName(self.tr("Lesson step and its buttons"))
        # The body's content grew or shrank (another step, a wrapped title): buttons in view.
        self.body.verticalScrollBar().rangeChanged.connect(
            lambda *_range: QTimer.singleShot(0, self, self._keep_buttons_in_view))
        layout = QVBoxLayout(self)
        layout.addWidget(self.body, 1)
        layout.addLayout(nav)
        self.show_session(None)

    def _scale_fonts(self) -> None:
        """Title and text larger than the rest of the window, following its font (presentation
        mode enlarges the whole application's font; this keeps the lesson larger still)."""
        self.title.setFont(_scaled(self.font(), TITLE_SCALE, MIN_TEXT_POINTS + 4, bold=True))
        self.text.setFont(_scaled(self.font(), TEXT_SCALE, MIN_TEXT_POINTS))
        if hasattr(self, "message"):
            self._reserve_message_lines()

    def _reserve_message_lines(self) -> None:
        """Keep room for a two-line message ("Done: …") even while there is none, so the step's
        buttons above it do not jump when one appears."""
        lines = MESSAGE_LINES * self.message.fontMetrics().lineSpacing()
        self.message.setMinimumHeight(lines + 2)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            # Once the font change is over: presentation mode enlarges the title and the text
            # one by one as well, in no set order, and the lesson's own rule must come last.
            QTimer.singleShot(0, self, self._scale_fonts)

    @property
    def language(self) -> str:
        return self.window_.language

    def set_step_keys(self, back: str, next_: str) -> None:
        """Name the keys that go back and forward (what presenter remotes send) in the
        buttons' tooltips."""
        self._step_keys = (back, next_)
        self._tip_step_buttons()

    def _tip_step_buttons(self) -> None:
        back, next_ = self._step_keys
        for button, tip, keys in ((self.back_button, self.tr("The previous step"), back),
                                  (self.next_button, self.tr("The next step"), next_)):
            button.setToolTip(f"{tip} ({keys})" if keys else tip)

    def retranslate(self) -> None:
        """After a change of language: the open step (a lesson is written in each language)
        and the composed tooltips, in the new language."""
        self._tip_step_buttons()
        self.question.retranslate()
        self.challenge.language = self.language
        self.challenge.retranslate()
        if self.session is not None:
            self._show_step(self.session.step_index)
        else:
            self.show_session(None)

    @property
    def current_view(self) -> LessonView | None:
        step = self.session.step if self.session is not None else None
        return self.views.get(step.view) if step is not None and step.view else None

    # -- showing ---------------------------------------------------------------------------------
    def show_session(self, session: LessonSession | None) -> None:
        self.session = session
        if session is not None:
            session.stepChanged.connect(self._show_step)
            session.message.connect(self.show_message)
            session.applied.connect(self._action_applied)
            session.questionChanged.connect(self._question_changed)
            self._show_step(session.step_index)
        else:
            self.title.setText(self.tr("No lesson open"))
            self.counter.setText("")
            self.text.setHtml(self.tr("<p>Choose a lesson from the Lessons menu.</p>"))
            self._set_actions([])
            self._show_view(None)
            self.show_message("", False)
            self.question.show_question(None, None, False, "", self.language)
            if self.summary is not None:
                self.summary.close()
        self.challenge.show_tracker(session.challenge if session is not None else None,
                                    self.language)
        for b in (self.back_button, self.next_button, self.close_button):
            b.setEnabled(session is not None)
        self.results_button.setVisible(session is not None
                                       and bool(session.lesson.question_steps))

    def _show_step(self, index: int) -> None:
        session = self.session
        if session is None:
            return
        lesson, language = session.lesson, self.language
        step = lesson.steps[index]
        self.title.setText(lesson.title.get(language))
        self.counter.setText(self.tr("Step {0} of {1}").format(index + 1, len(lesson.steps)))
        intro = lesson.intro.get(language) if index == 0 else ""
        self.text.setHtml(intro + step.text.get(language))
        self._set_actions([a.label.get(language) for a in step.actions])
        self._show_view(step.view)
        self._question_changed(index)
        self.show_message("", False)
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(lesson.steps) - 1)

    def _question_changed(self, index: int) -> None:
        session = self.session
        if session is None or index != session.step_index:
            return
        given, revealed = session.answers.get(index, (None, False))
        self.question.show_question(session.step.question, given, revealed,
                                    session.waiting(index), self.language)
        # The block's wrapped lines changed the column's least height: lay it out again, now
        # and once the new texts have their sizes, so that they are scrolled, never squeezed.
        self._top.updateGeometry()
        QTimer.singleShot(0, self, self._top.updateGeometry)
        if self.summary is not None and self.summary.isVisible():
            self.summary.show_results(session.results(), self.language)

    def show_summary(self) -> LessonSummary | None:
        """The end-of-lesson summary (each question, the answer given, right or wrong, score)."""
        if self.session is None:
            return None
        if self.summary is None:
            self.summary = LessonSummary(self.window_.window_widget())
        self.summary.show_results(self.session.results(), self.language)
        self.summary.show()
        self.summary.raise_()
        return self.summary

    def export_challenge(self) -> None:
        """Save the open challenge as a lesson file for a class (see challenge_export)."""
        if self.session is not None:
            from playground.gui.lessons.challenge_export import export_challenge

            export_challenge(self.window_, self.session.lesson)

    def _keep_buttons_in_view(self) -> None:
        """In a column too short for the whole step, scroll it so that its buttons show: the
        text scrolls in its own box, the buttons are what the teacher must press."""
        if self.action_buttons:
            self.body.ensureWidgetVisible(self.action_buttons[-1], 0, 0)

    def _action_applied(self, _index: int) -> None:
        # Settings changed by an action reach the form without its change signal: redraw here.
        view = self.current_view
        if view is not None:
            view.invalidate()

    def _set_actions(self, labels: list[str]) -> None:
        for b in self.action_buttons:
            self.actions_box.removeWidget(b)
            b.hide()  # until it is deleted, at the event loop's next turn
            b.deleteLater()
        self.action_buttons = []
        for i, label in enumerate(labels):
            b = ActionButton(label)
            b.setObjectName(f"lessonAction{i}")
            b.setAccessibleName(label)
            b.setToolTip(label)
            b.clicked.connect(lambda _c=False, n=i: self.session and self.session.apply(n))
            self.actions_box.addWidget(b)
            self.action_buttons.append(b)

    def _show_view(self, kind: str | None) -> None:
        for view in self.views.values():
            view.hide()
        self.view_holder.setVisible(kind is not None)
        if kind is None:
            return
        if kind not in self.views:
            self.views[kind] = _make_view(kind, self.window_)
            self.view_layout.addWidget(self.views[kind])
        view = self.views[kind]
        view.invalidate()
        view.show()
        self._give_the_view_its_share()
        # A view shown while the dock is still being laid out has no height to share yet (and
        # ended up a strip under the text): share again once the layout has run.
        QTimer.singleShot(0, self, self._give_the_view_its_share)

    def _give_the_view_its_share(self) -> None:
        if not self.view_holder.isVisible():
            return
        total = sum(self.splitter.sizes())
        if total > 0:
            self.splitter.setSizes([int(total * TEXT_SHARE), total - int(total * TEXT_SHARE)])

    def show_message(self, text: str, error: bool) -> None:
        self.message.setText(text)
        looks.set_style(self.message, "color: {error}; font-weight: bold;" if error else "")
