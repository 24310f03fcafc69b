"""A lesson running in a window: which step is shown, what its buttons do, what it locks.

The session turns a step's actions into the window's own operations: the network, settings and
data edits of one action become one undoable step of the document (so Edit ▸ Undo takes a whole
action back, as it would a student's edit), "Train" presses the controller's Train, and panes
are shown by their object names. The edits are computed first, all of them, by
:func:`playground.core.teaching.lessons.apply_action`, so an action that does not fit the
student's current network changes nothing and says why.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

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
from playground.core.teaching.questions import Answer, QuestionResult
from playground.gui.i18n import translate_message
from playground.gui.lessons.challenge_tracker import ChallengeTracker
from playground.gui.lessons.control_locks import ControlLocks

if TYPE_CHECKING:
    from playground.gui.host import WindowHost


class LessonSession(QObject):
    """One open lesson in ``window``; ``close`` gives every locked control back."""

    stepChanged = Signal(int)
    message = Signal(str, bool)  # text, is it a problem
    applied = Signal(int)  # an action of the current step was applied
    closed = Signal()
    questionChanged = Signal(int)  # a step's answer was given or revealed

    def __init__(self, window: WindowHost, lesson: Lesson, step: int = 0,
                 answers: dict[int, tuple[Answer, bool]] | None = None) -> None:
        super().__init__(window.window_widget())
        self.window = window
        self.lesson = lesson
        self.locks = ControlLocks(window.window_widget())
        self._step = -1
        self._open = True
        #: step index -> (the student's answer, is it revealed): kept in the project.
        self.answers: dict[int, tuple[Answer, bool]] = {
            i: a for i, a in (answers or {}).items()
            if 0 <= i < len(lesson.steps) and lesson.steps[i].question is not None}
        self._met: set[tuple[int, str]] = set()  # (step, "after_action" | "after_run")
        #: Follows the runs of a lesson that sets a challenge: progress, score, leaderboard.
        self.challenge = (ChallengeTracker(window, lesson.id, lesson.challenge)
                          if lesson.challenge is not None else None)
        window.training.runFinished.connect(self._run_finished)
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
        self._save()
        self.stepChanged.emit(index)

    def _save(self) -> None:
        # The project remembers where the student is and what they answered, so a saved
        # lesson reopens at this step with its answers.
        self.window.document.lesson = self.lesson.to_json(self._step, self.answers)

    def next(self) -> None:
        self.go_to(self._step + 1)

    def back(self) -> None:
        self.go_to(self._step - 1)

    def close(self) -> None:
        if self._open:
            self._open = False
            self.window.training.runFinished.disconnect(self._run_finished)
            if self.challenge is not None:
                self.challenge.close()
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
        self._condition_met(self._step, "after_action")
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

    # -- questions -------------------------------------------------------------------------------
    def answer(self, value: Answer | None) -> bool:
        """The student's answer to the current step's question: an option index, a number, or
        None for a layer question (the layer selected in the editor). False, with a message,
        when there is no usable answer or the verdict is already shown."""
        step, question = self._step, self.step.question
        if question is None or self.answers.get(step, (None, False))[1]:
            return False
        if question.kind == "layer":
            selected = self.window.document.selected
            if selected < 0:
                self.message.emit(self.tr("Select a layer in the editor first."), True)
                return False
            value = selected + 1
        elif question.kind == "choice" and (value is None or int(value) < 0):
            self.message.emit(self.tr("Choose one of the answers first."), True)
            return False
        elif value is None or not math.isfinite(float(value)):
            self.message.emit(self.tr("Type a number, such as 11 or 0.5."), True)
            return False
        self.answers[step] = (value, self._ready(step))
        self.message.emit("" if self._ready(step) else self.waiting(step), False)
        self._save()
        self.questionChanged.emit(step)
        return True

    def waiting(self, step: int) -> str:
        """What the verdict of step ``step`` waits for, in words."""
        question = self.lesson.steps[step].question
        if question is not None and question.reveal == "after_run":
            return self.tr("Answer kept: you will see if it is right when the training ends.")
        return self.tr("Answer kept: you will see if it is right once you use the step's "
                       "buttons.")

    def _ready(self, step: int) -> bool:
        question = self.lesson.steps[step].question
        reveal = question.reveal if question is not None else "now"
        return reveal == "now" or (step, reveal) in self._met

    def _condition_met(self, step: int, condition: str) -> None:
        self._met.add((step, condition))
        if condition == "after_run":
            self._met.add((step, "after_action"))
        given = self.answers.get(step)
        if given is not None and not given[1] and self._ready(step):
            self.answers[step] = (given[0], True)
            if step == self._step:
                self.message.emit("", False)  # no longer "Answer kept": the verdict shows
            self._save()
            self.questionChanged.emit(step)

    def _run_finished(self, _result: Any) -> None:
        if self._open:
            self._condition_met(self._step, "after_run")

    def results(self) -> list[QuestionResult]:
        """Every question of the lesson with the student's answer, for the summary."""
        return self.lesson.results(self.answers)
