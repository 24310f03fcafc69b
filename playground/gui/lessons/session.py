"""A lesson running in a window: which step is shown, what its buttons do, what it locks.

The session turns a step's actions into the window's own operations: the network, settings and
data edits of one action become one undoable step of the document (so Edit ▸ Undo takes a whole
action back, as it would a student's edit), "Train" presses the controller's Train, and panes
are shown by their object names. The edits are computed first, all of them, by
:func:`playground.core.teaching.lessons.apply_action`, so an action that does not fit the
student's current network changes nothing and says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QTabWidget

from playground.core.teaching.lessons import (
    STATE_EDITS,
    Action,
    Lesson,
    LessonError,
    LessonState,
    Step,
    apply_action,
)
from playground.gui.i18n import translate_message
from playground.gui.lessons.control_locks import ControlLocks

if TYPE_CHECKING:
    from playground.gui.host import WindowHost


class LessonSession(QObject):
    """One open lesson in ``window``; ``close`` gives every locked control back."""

    stepChanged = Signal(int)
    message = Signal(str, bool)  # text, is it a problem
    applied = Signal(int)  # an action of the current step was applied
    closed = Signal()

    def __init__(self, window: WindowHost, lesson: Lesson, step: int = 0) -> None:
        super().__init__(window.window_widget())
        self.window = window
        self.lesson = lesson
        self.locks = ControlLocks(window.window_widget())
        self._step = -1
        self._open = True
        self.go_to(step)

    # -- steps -----------------------------------------------------------------------------------
    @property
    def language(self) -> str:
        return self.window.language

    @property
    def step_index(self) -> int:
        return self._step

    @property
    def step(self) -> Step:
        return self.lesson.steps[self._step]

    @property
    def is_open(self) -> bool:
        return self._open

    def go_to(self, index: int) -> None:
        index = max(0, min(index, len(self.lesson.steps) - 1))
        if index == self._step or not self._open:
            return
        self._step = index
        lock, hide = self.lesson.controls(index)
        self.locks.set(lock, hide)
        # The project remembers where the student is, so a saved lesson reopens at this step.
        self.window.document.lesson = self.lesson.to_json(index)
        self.stepChanged.emit(index)

    def next(self) -> None:
        self.go_to(self._step + 1)

    def back(self) -> None:
        self.go_to(self._step - 1)

    def close(self) -> None:
        if self._open:
            self._open = False
            self.locks.release()
            self.closed.emit()

    # -- actions ---------------------------------------------------------------------------------
    def apply(self, index: int) -> bool:
        """Do what the current step's action ``index`` says; False (and a message) if it can't."""
        action = self.step.actions[index]
        label = action.label.get(self.language)
        changes_state = any(edit.op in STATE_EDITS for edit in action.edits)
        runner = self.window.training.runner
        if changes_state and runner.running:
            self.message.emit(self.tr("Stop the training first: “{0}” changes the network or its "
                                      "settings.").format(label), True)
            return False
        if changes_state and not self._apply_state(action, label):
            return False
        for edit in action.edits:
            if edit.op == "show_pane" and not self._show_pane(edit.args["pane"],
                                                               edit.args.get("tab", "")):
                return False
            if edit.op == "select_layer":
                self.window.document.select(edit.args["layer"] - 1)
            if edit.op == "train":
                self._train(bool(edit.args.get("fresh", True)))
        self.message.emit(self.tr("Done: {0}").format(label), False)
        self.applied.emit(index)
        return True

    def _apply_state(self, action: Action, label: str) -> bool:
        doc = self.window.document
        current = LessonState(doc.spec, doc.config, dict(doc.dataset_options))
        try:
            new, select = apply_action(current, self.lesson.start, action)
        except LessonError as exc:
            self.message.emit(translate_message(exc), True)
            return False
        changes = (new.spec != doc.spec or new.config != doc.config
                   or dict(new.dataset_options) != doc.dataset_options)
        # False when the student kept a run going instead.
        return not changes or doc.edit(label, spec=new.spec, config=new.config,
                                       dataset_options=dict(new.dataset_options),
                                       select=select if select >= 0 else None)

    def _show_pane(self, name: str, tab: str = "") -> bool:
        """Bring pane ``name`` to the front and, given ``tab`` (a page's object name, such as
        ``healthView``), the tab of the pane that shows that page."""
        dock = self.window.pane(name)
        if dock is None:
            self.message.emit(self.tr("This step shows the pane “{0}”, which this version of the "
                                      "app does not have.").format(name), True)
            return False
        dock.show()
        dock.raise_()
        if tab:
            for tabs in dock.findChildren(QTabWidget):
                for index in range(tabs.count()):
                    if tabs.widget(index).objectName() == tab:
                        tabs.setCurrentIndex(index)
                        return True
            self.message.emit(self.tr("This step shows the tab “{0}”, which this version of the "
                                      "app does not have.").format(tab), True)
            return False
        return True

    def _train(self, fresh: bool) -> None:
        """Press Train; a fresh run starts from the seed's initial weights, as experiments must
        for their runs to be compared fairly."""
        controller = self.window.training
        if controller.runner.running:
            controller.train()  # resumes a paused run, ignored while one is going
            return
        if fresh:
            controller.reset_weights()
        controller.train()
