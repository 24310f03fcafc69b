"""Follows the runs of a lesson that sets a challenge: live progress, verdict, the board.

The tracker listens to the training controller's events, as the other panes do: when a run
starts it notes the network being trained, each epoch's numbers update the progress line, and
the finished run is checked against the goal (:func:`~playground.core.teaching.challenges.
evaluate`), scored and kept as an attempt on the local leaderboard. Between runs the progress
line follows the network and the settings as the student edits them, so "parameters 55,050 of
≤ 20,000 ✗" turns into a ✓ before anything is trained. All of it is arithmetic on numbers the
run already measured: nothing slow runs on the window's thread (the board is a small file).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from playground.core.errors import PlaygroundError
from playground.core.messages import Message
from playground.core.network.spec import NetworkSpec
from playground.core.teaching.challenge_board import Attempt, Leaderboard
from playground.core.teaching.challenge_text import outcome_lines, progress
from playground.core.teaching.challenges import (
    Challenge,
    ChallengeOutcome,
    evaluate,
    parameter_count,
)
from playground.core.training.compare import describe_layers
from playground.gui.i18n import translate_message

if TYPE_CHECKING:
    from playground.gui.host import WindowHost


class ChallengeTracker(QObject):
    """One open challenge in a window; :meth:`close` stops listening."""

    changed = Signal()  # the progress line, the verdict or the board changed

    def __init__(self, host: WindowHost, lesson_id: str, challenge: Challenge,
                 board: Leaderboard | None = None) -> None:
        super().__init__(host.window_widget())
        self.host = host
        self.challenge = challenge
        self.key = challenge.key(lesson_id)
        self.board = board or Leaderboard()
        self.outcome: ChallengeOutcome | None = None
        self.current: str | None = None  # the id of the attempt the last run recorded
        self.latest: Attempt | None = None  # that attempt, even if it ranks below the board
        self.problem: Message | str | None = None  # the board could not be read or saved
        self._run: NetworkSpec | None = None  # the network of the run under way
        self._epoch: Any = None  # its newest epoch's numbers
        self._judged: tuple[NetworkSpec, Any] | None = None  # network and settings of outcome
        self.attempts: list[Attempt] = self.board.attempts(self.key)
        self.problem = self.board.problem
        self._signals = self._connections()
        for signal, slot in self._signals:
            signal.connect(slot)

    def _connections(self) -> list[tuple[Any, Any]]:
        training, doc = self.host.training, self.host.document
        runner = training.runner
        return [(runner.started, self._started), (runner.epochEnded, self._epoch_ended),
                (runner.failed, self._failed), (training.runFinished, self._finished),
                (doc.specChanged, self._edited), (doc.configChanged, self._edited),
                (doc.replaced, self._edited)]

    def close(self) -> None:
        for signal, slot in self._signals:
            signal.disconnect(slot)
        self._signals = []

    # -- what the panel shows --------------------------------------------------------------------
    def progress_lines(self) -> list[Message]:
        """The progress of the run under way; between runs, what the last run measured while
        the network and settings are still the ones it trained, else the network as it is
        now (its parameters, the epochs set)."""
        doc = self.host.document
        if self._run is None and self.outcome is not None and self._judged == (doc.spec,
                                                                               doc.config):
            return outcome_lines(self.outcome)[1:]
        spec = self._run if self._run is not None else doc.spec
        return progress(self.challenge, spec, doc.config, self._epoch)

    def progress_text(self) -> str:
        return " · ".join(translate_message(line).strip() for line in self.progress_lines())

    def verdict_text(self) -> str:
        """The last run's verdict and score; empty before the first run (the conditions it
        measured are in the progress line)."""
        if self.outcome is None:
            return ""
        return translate_message(outcome_lines(self.outcome)[0])

    def problem_text(self) -> str:
        return translate_message(self.problem) if self.problem is not None else ""

    # -- events ----------------------------------------------------------------------------------
    def _started(self, _event: Any) -> None:
        self._run, self._epoch = self.host.document.spec, None
        self.changed.emit()

    def _epoch_ended(self, event: Any) -> None:
        if self._run is not None:
            self._epoch = event
            self.changed.emit()

    def _failed(self, _event: Any) -> None:
        self._run, self._epoch = None, None
        self.changed.emit()

    def _edited(self, *_args: Any) -> None:
        if self._run is None:
            self.changed.emit()

    def _finished(self, result: Any) -> None:
        spec = self._run if self._run is not None else self.host.document.spec
        self._run, self._epoch = None, None
        self.outcome = outcome = evaluate(self.challenge, spec, result.config, result)
        self._judged = (spec, self.host.document.config)
        if outcome.counted:
            self._record(spec, result, outcome)
        self.changed.emit()

    def _record(self, spec: NetworkSpec, result: Any, outcome: ChallengeOutcome) -> None:
        test = result.test
        accuracy = test.accuracy if test is not None else None
        network = describe_layers({"spec": spec.to_dict()})
        attempt = Attempt.new(outcome.score, outcome.passed, parameter_count(spec), accuracy,
                              result.epochs_completed, network)
        try:
            self.attempts = self.board.record(self.key, attempt)
        except PlaygroundError as exc:
            self.problem = exc.message
            self.attempts = sorted([*self.attempts, attempt], key=Attempt.rank_key)
        else:
            self.problem = self.board.problem
        self.current, self.latest = attempt.id, attempt
