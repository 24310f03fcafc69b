"""The recorder's pane in the window, and handing out the lesson it records (or the open one).

One recording at a time: Lessons ▸ New Lesson… starts one in a pane beside the palette (the
teacher goes on using the window to record), Close puts the pane away, asking first when the
recorded lesson is not saved.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMessageBox

from playground.core.errors import PlaygroundError
from playground.core.teaching.lessons import Lesson
from playground.gui.host import WindowHost
from playground.gui.lessons.recorder import LessonRecorder
from playground.gui.lessons.recorder_files import PROJECT_SUFFIX, write_hand_out
from playground.gui.lessons.recorder_panel import RecorderPanel

SHARE_OF_WIDTH = 0.3
DOCK_MIN_WIDTH, DOCK_MAX_WIDTH = 420, 560
SHARE_OF_HEIGHT = 0.72


def tr(text: str) -> str:
    return QCoreApplication.translate("Lessons", text)


class RecorderDock(QObject):
    """The recorder of one window: its pane, and the lesson being recorded, if any."""

    def __init__(self, host: WindowHost, show_lesson: Callable[[Lesson], object],
                 close_lesson: Callable[[], object]) -> None:
        super().__init__(host.window_widget())
        self.host = host
        self._show_lesson, self._close_lesson = show_lesson, close_lesson
        self.recorder: LessonRecorder | None = None
        self.panel: RecorderPanel | None = None
        self.dock: QDockWidget | None = None
        self._corner: Qt.DockWidgetArea | None = None  # the window's own, while recording

    def start(self) -> LessonRecorder:
        """A new recording that starts from what the window shows now."""
        self.recorder = LessonRecorder(self.host, self._show_lesson, self._close_lesson)
        old, self.panel = self.panel, RecorderPanel(self.recorder)
        self.panel.closeRequested.connect(self.close)
        # Back from a preview: the recorder unfolds to its share of the column again.
        self.recorder.previewChanged.connect(
            lambda previewing: previewing or self.dock is None or self._give_room(self.dock))
        if self.dock is None:
            self.dock = self.host.add_pane(self.panel, tr("Lesson Recorder"),
                                           "lessonRecorderDock",
                                           Qt.DockWidgetArea.LeftDockWidgetArea)
        else:
            self.dock.setWidget(self.panel)
        if old is not None:
            old.deleteLater()
        self.dock.show()
        self.dock.raise_()
        self._give_room(self.dock)
        self.recorder.take_start()
        self.recorder.unsaved = False
        return self.recorder

    def _give_room(self, dock: QDockWidget) -> None:
        """Width for its two-language texts, and most of its column's height (the palette
        above it keeps a few rows to drag layers from)."""
        window = self.host.window_widget()
        # The recorder's column runs down to the bottom of the window, as a lesson's does.
        if self._corner is None:
            self._corner = window.corner(Qt.Corner.BottomLeftCorner)
        window.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        width = max(DOCK_MIN_WIDTH, min(DOCK_MAX_WIDTH, round(window.width() * SHARE_OF_WIDTH)))
        window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
        column = [d for d in window.findChildren(QDockWidget)
                  if d is not dock and d.isVisible() and not d.isFloating()
                  and window.dockWidgetArea(d) == window.dockWidgetArea(dock)]
        if column:
            height = window.height()
            mine = round(height * SHARE_OF_HEIGHT)
            others = [max((height - mine) // len(column), 1)] * len(column)
            window.resizeDocks([*column, dock], [*others, mine], Qt.Orientation.Vertical)

    def close(self) -> bool:
        """Stop recording (after asking, when recorded work is not saved); False if the
        teacher keeps it."""
        recorder = self.recorder
        if recorder is None:
            return True
        if recorder.unsaved and recorder.draft.steps and not self.ask_discard():
            return False
        if not recorder.end_preview():
            return False
        self.recorder = None
        if self.dock is not None:
            self.dock.hide()
        if self._corner is not None:
            self.host.window_widget().setCorner(Qt.Corner.BottomLeftCorner, self._corner)
            self._corner = None
        return True

    def ask_discard(self) -> bool:
        """Whether the unsaved recorded lesson may go (a question; replaced in tests)."""
        answer = QMessageBox.question(
            self.host.window_widget(), tr("Lesson Recorder"),
            tr("The lesson you are recording is not saved. Close the recorder anyway?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def retranslate(self) -> None:
        if self.panel is not None:
            self.panel.retranslate()

    def hand_out(self, open_lesson: Lesson | None) -> bool:
        """Lessons ▸ Save Lesson for Students…: the lesson being recorded (else
        ``open_lesson``) as one project that opens it at its first step."""
        if self.recorder is not None and not self.recorder.previewing:
            lesson = self.recorder.build()
        elif open_lesson is not None:
            lesson = open_lesson
        else:
            self.host.show_status(tr("Open or record a lesson first."), 10_000)
            return False
        if lesson is None:
            self.host.show_status(tr("The lesson is not complete yet: see the recorder."),
                                  10_000)
            return False
        title = tr("Save Lesson for Students")
        path = self.host.ask_save_path(title, f"{lesson.id}{PROJECT_SUFFIX}",
                                       tr("Playground projects (*.nnp)"))
        if not path:
            return False
        try:
            saved = write_hand_out(lesson, path)
        except PlaygroundError as exc:
            self.host.report_error(title, exc)
            return False
        self.host.show_status(tr("Saved {0} for students.").format(saved.name), 8000)
        return True
