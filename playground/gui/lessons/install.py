"""The Lessons menu and the lesson dock as a window feature, and which lesson is open.

Opening a lesson loads its starting network, settings and data options into the window as a new
project that carries the lesson (``Document.lesson``), so saving the project keeps the lesson
and the step the student reached, and opening that file again brings the lesson back. Loading
any project without a lesson closes the open one and gives back every control it locked.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QPushButton

from playground.core.teaching.lessons import (
    Lesson,
    LessonError,
    bundled_lessons,
    read_project_answers,
    read_project_lesson,
)
from playground.core.teaching.questions import Answer
from playground.gui.host import WindowHost
from playground.gui.i18n import translate_message
from playground.gui.lessons.panel import LessonPanel
from playground.gui.lessons.recorder import LessonRecorder
from playground.gui.lessons.recorder_dock import RecorderDock
from playground.gui.lessons.recorder_files import LESSON_SUFFIX, read_lesson_file
from playground.gui.lessons.recorder_files import ask_lesson_path as ask_lesson_file
from playground.gui.lessons.session import LessonSession

# The lesson column's width: its share of the window, within bounds. On a 1400-px window it
# leaves the editor room for whole layer cards; on a wide projector it grows to read easily.
DOCK_SHARE_OF_WIDTH = 0.27
DOCK_MIN_WIDTH, DOCK_MAX_WIDTH = 340, 520
DOCK_SHARE_OF_HEIGHT = 0.75  # of its column: the lesson comes first while it is open


def _key_names(action: QAction) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def tr(text: str) -> str:
    return QCoreApplication.translate("Lessons", text)


class LessonsController(QObject):
    """One per window: the bundled lessons, the menu, the dock and the open session."""

    def __init__(self, host: WindowHost) -> None:
        super().__init__(host.window_widget())
        self.host = host
        self.window = host.window_widget()
        self.session: LessonSession | None = None
        self._corner: Qt.DockWidgetArea | None = None  # the window's own, while a lesson is open
        self.load_error = ""
        try:
            self.lessons: list[Lesson] = bundled_lessons()
        except LessonError as exc:  # a damaged installation: say so in the menu, keep working
            self.lessons, self.load_error = [], translate_message(exc)
        self.panel = LessonPanel(host)
        self.panel.closeRequested.connect(self.close_lesson)
        self.dock = host.add_pane(self.panel, tr("Lesson"), "lessonDock",
                                  Qt.DockWidgetArea.LeftDockWidgetArea)
        self.dock.hide()
        self.recording = RecorderDock(host, self.show_lesson, self.close_lesson)
        self.menu = self._build_menu()
        host.document.replaced.connect(self._document_replaced)
        host.add_file_drop((LESSON_SUFFIX,), self.open_lesson_file)
        # A lesson's dock appears only when a lesson is open, whatever the saved layout says.
        host.after_layout(self._hide_unless_open)

    def _hide_unless_open(self) -> None:
        if self.session is None:
            self.dock.hide()

    # -- menu ------------------------------------------------------------------------------------
    def _build_menu(self) -> QMenu:
        window, host = self.window, self.host
        menu = host.add_menu("lessons", tr("&Lessons"), before="help")
        menu.setToolTipsVisible(True)
        self.lesson_actions: list[QAction] = []
        for lesson in self.lessons:
            action = QAction(window)
            action.setObjectName(f"lesson_{lesson.id}")
            action.triggered.connect(lambda _c=False, item=lesson: self.open_lesson(item))
            host.add_action("lessons", action)
            self.lesson_actions.append(action)
        self._name_lessons()
        if self.load_error:
            broken = menu.addAction(tr("Lessons could not be loaded: {0}").format(
                self.load_error))
            broken.setEnabled(False)
        menu.addSeparator()
        for name, text, tip, slot in (
                ("newLessonAction", tr("Ne&w Lesson…"),
                 tr("Record a lesson: set up its start, then record each step"), self.new_lesson),
                ("openLessonFileAction", tr("&Open Lesson File…"), tr("Open a lesson from a file"),
                 self.open_lesson_file),
                ("handOutLessonAction", tr("Save Lesson for &Students…"),
                 tr("One project file that opens the lesson at its first step"),
                 self.save_for_students)):
            action = QAction(text, window)
            action.setObjectName(name)
            action.setStatusTip(tip)
            action.triggered.connect(lambda _c=False, do=slot: do())
            host.add_action("lessons", action)
        menu.addSeparator()
        self.next_action = self._step_action("lessonNextAction", tr("&Next Step"),
                                             tr("The lesson's next step"),
                                             Qt.Key.Key_PageDown, lambda s: s.next(),
                                             self.panel.next_button)
        self.back_action = self._step_action("lessonBackAction", tr("&Previous Step"),
                                             tr("The lesson's previous step"),
                                             Qt.Key.Key_PageUp, lambda s: s.back(),
                                             self.panel.back_button)
        self.panel.set_step_keys(*(_key_names(a) for a in (self.back_action, self.next_action)))
        menu.addSeparator()
        self.close_action = QAction(tr("&Close Lesson"), window)
        self.close_action.setObjectName("closeLessonAction")
        self.close_action.setStatusTip(tr("Close the lesson and unlock every control"))
        self.close_action.triggered.connect(lambda _c=False: self.close_lesson())
        self.close_action.setEnabled(False)
        host.add_action("lessons", self.close_action)
        toggle = self.dock.toggleViewAction()
        toggle.setObjectName("lessonDockToggle")
        host.add_action("view", toggle)
        return menu

    def _name_lessons(self) -> None:
        """The lessons' titles and introductions in the menu, in the window's language."""
        language = self.host.language
        for lesson, action in zip(self.lessons, self.lesson_actions, strict=True):
            action.setText(lesson.title.get(language))
            tip = lesson.intro.get(language).replace("<p>", "").replace("</p>", " ").strip()
            action.setToolTip(tip)
            action.setStatusTip(tip)

    def retranslate(self) -> None:
        """After a change of language: the lessons' own texts (written in each language)."""
        self._name_lessons()
        self.recording.retranslate()

    def _step_action(self, name: str, text: str, tip: str, key: Qt.Key,
                     move: Callable[[LessonSession], None], button: QPushButton) -> QAction:
        """Next or Previous Step in the Lessons menu, on the key every presenter remote sends
        (Page Down, Page Up); enabled only while the open lesson can move that way. The
        panel's own button names the key in its tooltip."""
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(key))
        action.setStatusTip(tip)
        action.setEnabled(False)
        action.triggered.connect(lambda _c=False: self.session and move(self.session))
        self.host.add_action("lessons", action)
        return action

    def _update_step_actions(self) -> None:
        session = self.session
        index = session.step_index if session is not None else -1
        last = len(session.lesson.steps) - 1 if session is not None else -1
        self.next_action.setEnabled(session is not None and index < last)
        self.back_action.setEnabled(session is not None and index > 0)

    def lesson(self, lesson_id: str) -> Lesson:
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        raise LessonError("There is no lesson {name}; the lessons are {known}.",
                          name=repr(lesson_id),
                          known=", ".join(lesson.id for lesson in self.lessons))

    # -- opening and closing -----------------------------------------------------------------------
    def open_lesson(self, lesson: Lesson | str) -> bool:
        """Load the lesson's starting project (after asking about unsaved changes) and show it."""
        if isinstance(lesson, str):
            lesson = self.lesson(lesson)
        if self.host.training.runner.running:
            self.host.show_status(tr("Stop the training before opening a lesson."), 10_000)
            return False
        if not self.host.maybe_save():
            return False
        self.show_lesson(lesson)
        return True

    def show_lesson(self, lesson: Lesson) -> None:
        """The lesson's starting project in the window, without asking (a preview keeps the
        project it replaces itself)."""
        start = lesson.start
        doc = self.host.document
        doc.reset(start.spec, start.config, dict(start.dataset_options))
        doc.lesson = lesson.to_json(0)
        self._start(lesson, 0)

    # -- lesson files ------------------------------------------------------------------------------
    def open_lesson_file(self, path: str | Path | None = None) -> bool:
        """Open a lesson ``.json`` (asking which, without ``path``); a broken or hostile file is
        refused with the reader's words and changes nothing."""
        if path is None:
            recent = self.host.recent_files()
            path = self.ask_lesson_path(str(Path(recent[0]).parent) if recent
                                        else str(Path.home()))
            if not path:
                return False
        try:
            lesson = read_lesson_file(path)
        except LessonError as exc:
            self.host.report_error(tr("Cannot Open Lesson"), exc)
            return False
        return self.open_lesson(lesson)

    def ask_lesson_path(self, folder: str) -> str | None:
        return ask_lesson_file(self.window, folder)

    def save_for_students(self) -> bool:
        """Lessons ▸ Save Lesson for Students…: one project that opens the lesson at step 1."""
        return self.recording.hand_out(self.session.lesson if self.session is not None else None)

    # -- the recorder ------------------------------------------------------------------------------
    @property
    def recorder(self) -> LessonRecorder | None:
        return self.recording.recorder

    def new_lesson(self) -> LessonRecorder | None:
        """Lessons ▸ New Lesson…: record a lesson starting from what the window shows."""
        if not self.recording.close():
            return None
        if self.session is not None:
            self.close_lesson()  # the window's project stays as it is: the lesson's start
        return self.recording.start()

    def close_lesson(self) -> None:
        """The student is done with the lesson: the project no longer carries it."""
        self.host.document.lesson = None
        self._end_session()

    def _end_session(self) -> None:
        if self.session is not None:
            self.session.close()

    def _start(self, lesson: Lesson, step: int,
               answers: dict[int, tuple[Answer, bool]] | None = None) -> None:
        old, self.session = self.session, None
        if old is not None:
            old.close()
        self.session = LessonSession(self.host, lesson, step, answers)
        self.session.closed.connect(self._session_closed)
        self.session.stepChanged.connect(self._update_step_actions)
        self.panel.show_session(self.session)
        self._update_step_actions()
        self.close_action.setEnabled(True)
        # The lesson's column runs down to the bottom of the window while it is open: its text
        # and its view need the height more than the learning curves need the width.
        if self._corner is None:
            self._corner = self.window.corner(Qt.Corner.BottomLeftCorner)
        self.window.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.dock.show()
        self.dock.raise_()
        self._give_the_lesson_room()

    def _give_the_lesson_room(self) -> None:
        window = self.window
        column = [d for d in window.findChildren(QDockWidget)
                  if d is not self.dock and d.isVisible() and not d.isFloating()
                  and window.dockWidgetArea(d) == window.dockWidgetArea(self.dock)]
        width = round(window.width() * DOCK_SHARE_OF_WIDTH)
        width = max(DOCK_MIN_WIDTH, min(DOCK_MAX_WIDTH, width))
        window.resizeDocks([self.dock], [width], Qt.Orientation.Horizontal)
        height = window.height()
        lesson = int(height * DOCK_SHARE_OF_HEIGHT)
        others = [max((height - lesson) // len(column), 1)] * len(column) if column else []
        window.resizeDocks([*column, self.dock], [*others, lesson], Qt.Orientation.Vertical)

    def _session_closed(self) -> None:
        session = self.sender()
        if session is not self.session:
            return
        self.session = None
        self.panel.show_session(None)
        self._update_step_actions()
        self.close_action.setEnabled(False)
        self.dock.hide()
        if self._corner is not None:
            self.window.setCorner(Qt.Corner.BottomLeftCorner, self._corner)
            self._corner = None

    def _document_replaced(self) -> None:
        # The document sets its lesson right after announcing the new project: look afterwards.
        QTimer.singleShot(0, self.sync_with_document)

    def sync_with_document(self) -> None:
        """Show the lesson the current project carries, or none."""
        doc = self.host.document
        try:
            found = read_project_lesson(doc.lesson)
        except LessonError as exc:
            self._end_session()
            self.host.show_status(
                tr("This project's lesson cannot be shown: {0}").format(translate_message(exc)),
                10_000)
            return
        if found is None:
            self._end_session()
            return
        lesson, step = found
        if self.session is not None and self.session.lesson.id == lesson.id:
            return
        self._start(lesson, step, read_project_answers(doc.lesson))
