"""Lessons ▸ New Lesson…: a teacher writes a lesson by doing it in the window.

The network, settings and data in the window when recording starts are the lesson's start
(taken again with "Use the Window as the Start"). The teacher then changes what the lesson
should change (a setting, a layer, a pane) and presses Record Step: the changes since the
previous step become that step's button, as edits the lesson reader applies
(:func:`~playground.core.teaching.lesson_writer.state_edits` checks each list by applying it).
Texts, questions and locks are typed in the recorder's pane.

Preview opens the lesson in this window as a student gets it; Back to the Recorder closes it and
puts the window's project back exactly as it was (network, settings, runs, weights, file name,
unsaved mark), so recording goes on where it stopped. Save writes the lesson file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDockWidget, QTabWidget

from playground.core.errors import PlaygroundError
from playground.core.teaching.lesson_writer import lesson_to_json, state_edits
from playground.core.teaching.lessons import (
    MAX_EDITS,
    MAX_STEPS,
    Lesson,
    LessonError,
    LessonState,
    check_lesson,
)
from playground.gui.host import WindowHost
from playground.gui.i18n import translate_message
from playground.gui.lessons.recorder_draft import DraftStep, LessonDraft

PANES_NOT_RECORDED = frozenset({"lessonDock", "lessonRecorderDock"})


@dataclass
class _Snapshot:
    """The window's whole project before a preview, to be put back after it."""

    spec: Any
    training: Any
    dataset_options: dict[str, Any]
    history: list[dict[str, Any]]
    lesson: str | None
    weights: Any
    best_weights: Any
    own_classes: Any
    path: Path | None
    dirty: bool
    weights_spec: Any


class LessonRecorder(QObject):
    """The lesson being recorded in one window, and what its buttons do."""

    stepsChanged = Signal()  # a step was recorded, moved or deleted
    message = Signal(str, bool)  # text, is it a problem
    previewChanged = Signal(bool)

    def __init__(self, host: WindowHost, show_lesson: Callable[[Lesson], object],
                 close_lesson: Callable[[], object]) -> None:
        super().__init__(host.window_widget())
        self.host = host
        self._show_lesson, self._close_lesson = show_lesson, close_lesson
        self.draft = LessonDraft(self.window_state())
        self.baseline = self.draft.start
        self._panes = self.pane_state()
        self.previewing = False
        self._snapshot: _Snapshot | None = None
        self.unsaved = False  # recorded work the teacher has not saved yet

    # -- what the window shows -------------------------------------------------------------------
    def window_state(self) -> LessonState:
        doc = self.host.document
        return LessonState(doc.spec, doc.config, dict(doc.dataset_options))

    def pane_state(self) -> dict[str, tuple[bool, str]]:
        """Each pane: is it in view, and the object name of the page at the front of it."""
        state = {}
        for dock in self.host.window_widget().findChildren(QDockWidget):
            name = dock.objectName()
            if not name or name in PANES_NOT_RECORDED:
                continue
            page = ""
            for tabs in dock.findChildren(QTabWidget):
                current = tabs.currentWidget()
                if current is not None and current.objectName():
                    page = current.objectName()
                    break
            # A pane behind another one's tab counts as "visible" to Qt: what shows is on screen.
            state[name] = (dock.isVisible() and not dock.visibleRegion().isEmpty(), page)
        return state

    def _pane_edits(self) -> list[dict[str, Any]]:
        edits = []
        for name, (shown, page) in self.pane_state().items():
            was_shown, was_page = self._panes.get(name, (False, ""))
            if shown and (not was_shown or page != was_page):
                edits.append({"op": "show_pane", "pane": name, **({"tab": page} if page else {})})
        return edits

    # -- recording -------------------------------------------------------------------------------
    def take_start(self) -> None:
        """The window's network, settings and data become the lesson's start."""
        self.draft.start = self.baseline = self.window_state()
        self._panes = self.pane_state()
        self.unsaved = True
        self.message.emit(self.tr("The lesson starts from the window's network and settings."),
                          False)

    def record_step(self) -> DraftStep | None:
        """A new step whose button makes what changed since the previous step."""
        if len(self.draft.steps) >= MAX_STEPS:
            self.message.emit(self.tr("A lesson has at most {0} steps.").format(MAX_STEPS), True)
            return None
        now = self.window_state()
        try:
            edits = state_edits(self.baseline, now, self.draft.start) + self._pane_edits()
            if len(edits) > MAX_EDITS:
                raise LessonError("This step changes {count} things, but a lesson's button can "
                                  "change at most {limit}: record it as two steps.",
                                  count=len(edits), limit=MAX_EDITS)
        except LessonError as exc:
            self.message.emit(translate_message(exc), True)
            return None
        step = DraftStep(edits=edits)
        self.draft.steps.append(step)
        self.baseline, self._panes = now, self.pane_state()
        self.unsaved = True
        self.stepsChanged.emit()
        count = len(self.draft.steps)
        self.message.emit(self.tr("Step {0} recorded: type what it says.").format(count)
                          if not edits else
                          self.tr("Step {0} recorded, with a button that makes what you "
                                  "changed: type what the step says and name the button."
                                  ).format(count), False)
        return step

    def move(self, index: int, offset: int) -> int:
        where = self.draft.move(index, offset)
        if where != index:
            self.unsaved = True
            self.stepsChanged.emit()
        return where

    def delete(self, index: int) -> None:
        if 0 <= index < len(self.draft.steps):
            del self.draft.steps[index]
            self.unsaved = True
            self.stepsChanged.emit()

    def build(self) -> Lesson | None:
        """The lesson as a file would give it, or None after saying what is missing."""
        if not self.draft.steps:
            self.message.emit(self.tr("Record at least one step first."), True)
            return None
        try:
            return self.draft.build()
        except LessonError as exc:
            self.message.emit(translate_message(exc), True)
            return None

    # -- preview -----------------------------------------------------------------------------
    def preview(self) -> bool:
        """Open the lesson as a student would, keeping the window's project to put back."""
        lesson = self.build()
        if lesson is None or self.previewing:
            return False
        if self.host.training.runner.running:
            self.message.emit(self.tr("Stop the training first."), True)
            return False
        doc = self.host.document
        self._snapshot = _Snapshot(
            doc.spec, doc.config, dict(doc.dataset_options), list(doc.history), doc.lesson,
            doc.weights, doc.best_weights, doc.own_classes, doc.path, doc.dirty,
            doc.weights_spec)
        self.previewing = True
        self.previewChanged.emit(True)  # the recorder folds away first: the lesson gets room
        self._show_lesson(lesson)
        return True

    def end_preview(self) -> bool:
        """Close the preview and put the project back as it was before it."""
        if not self.previewing:
            return True
        if self.host.training.runner.running:
            self.message.emit(self.tr("Stop the training first."), True)
            return False
        self._close_lesson()
        snap = self._snapshot
        if snap is not None:
            self.host.document.restore(snap, path=snap.path, dirty=snap.dirty,
                                       weights_for=snap.weights_spec)
        self._snapshot, self.previewing = None, False
        self.previewChanged.emit(False)
        return True

    # -- saving ------------------------------------------------------------------------------
    def save(self) -> bool:
        """Ask where, and write the lesson file; says what it did."""
        lesson = self.build()
        if lesson is None:
            return False
        path = self.host.ask_save_path(self.tr("Save Lesson"), f"{lesson.id}.json",
                                       self.tr("Lessons (*.json)"))
        if not path:
            return False
        if not path.lower().endswith(".json"):
            path += ".json"
        from playground.core.files.atomic import atomic_write_bytes

        try:
            atomic_write_bytes(path, lesson_to_json(lesson).encode("utf-8"))
        except PlaygroundError as exc:
            self.host.report_error(self.tr("Cannot Save Lesson"), exc)
            return False
        self.unsaved = False
        name = Path(path).name
        problems = check_lesson(lesson)
        if problems:
            self.message.emit(self.tr("Saved {0}, but a student pressing every button in order "
                                      "would meet this: {1}").format(name, problems[0]), True)
        else:
            self.message.emit(self.tr("Saved {0}.").format(name), False)
        self.host.show_status(self.tr("Saved {0}.").format(name), 5000)
        return True
