"""Autosave in the window: a copy of the open project every minute and at each training
checkpoint, and the offer to restore it after a crash.

Why it is shaped like this: autosaving must never cost the student anything, and a crash in
the middle of training must cost at most the last epoch (or 30 s of a long one). The GUI thread
only gathers references to plain data the document already holds (the frozen network and
settings, the history list, the weight dicts, which nothing mutates in place); building the
``.nnp`` archive (deflating megabytes of weights, importing torch the first time) and writing
it happen in the application's background pool (:mod:`playground.gui.background`), one write at
a time; a write that ends after its window is gone reports to no one.

"Latest wins": a state that arrives while a write is under way replaces any state still
waiting, and is written as soon as that write ends. So the file lags the run by at most one
write, and epochs shorter than a write never build a queue: states in between are skipped,
not written late. A failure (full disk, read-only folder) is reported once in the status bar
and the project stays open, untouched; the next autosave tries again.

During a run the training runner's ``checkpoint`` signal brings a
:class:`~playground.core.training.checkpoint.RunCheckpoint` at every epoch end (made after the
epoch's last update and its snapshot, never from the live model the worker keeps changing) and
every 20 s within a long epoch. Each one is autosaved: its weights, and the run so far as an
"interrupted" history record with its curves, which the finished run's own record replaces
when the run ends. Outside a run the document's trained weights are written while they still
fit the network.

The files live in the user data folder (:mod:`playground.core.files.autosave`), one locked folder
per
window; a clean exit (the window closes, the application quits) removes it.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from playground.core.errors import PlaygroundError
from playground.core.files.autosave import AutosaveSession, Leftover, find_leftovers
from playground.core.network.spec import NetworkSpec
from playground.core.training.checkpoint import RunCheckpoint, is_interrupted
from playground.core.training.config import TrainingConfig
from playground.gui.background import Job, background, error_message
from playground.gui.i18n import current_language

if TYPE_CHECKING:
    from playground.core.data.own_classes import OwnClasses
    from playground.core.files.project import Project
    from playground.gui.host import WindowHost

__all__ = ["AUTOSAVE_INTERVAL_MS", "AutosaveManager", "restore_into"]

AUTOSAVE_INTERVAL_MS = 60_000
ERROR_MESSAGE_MS = 20_000
WRITER_JOIN_SECONDS = 10.0
RESTORE, DISCARD, LATER = "restore", "discard", "later"


def tr(text: str) -> str:
    return QCoreApplication.translate("Autosave", text)


@dataclass(frozen=True, eq=False)
class ProjectState:
    """What an autosave would contain, as references taken on the GUI thread.

    Two states are the same when the network, settings and options are equal and the history,
    weights, lesson, own classes and checkpoint are the very same objects: the document replaces
    them, never edits them in place (runs are appended to the history, hence its length is
    compared too; own classes are immutable, every change makes a new object).
    ``checkpoint`` is a run in progress, written as the history's last record; ``run_spec`` and
    ``run_started`` are that run's network and start time.
    """

    spec: NetworkSpec
    config: TrainingConfig
    dataset_options: dict[str, Any]
    history: list[dict[str, Any]]
    history_length: int
    weights: Mapping[str, Any] | None
    best_weights: Mapping[str, Any] | None
    lesson: str | None
    path: Path | None
    checkpoint: RunCheckpoint | None = None
    run_spec: NetworkSpec | None = None
    run_started: float = 0.0
    own_classes: OwnClasses | None = None

    def same_as(self, other: ProjectState | None) -> bool:
        return other is not None and (
            self.spec == other.spec and self.config == other.config
            and self.dataset_options == other.dataset_options and self.path == other.path
            and self.history is other.history and self.history_length == other.history_length
            and self.weights is other.weights and self.best_weights is other.best_weights
            and self.lesson == other.lesson and self.checkpoint is other.checkpoint
            and self.own_classes is other.own_classes
        )

    def project(self) -> Project:
        """The project to write (called on the writer thread: it imports torch)."""
        from playground.core.files.project import Project

        history = self.history[: self.history_length]
        if self.checkpoint is not None and self.run_spec is not None:
            history.append(self.checkpoint.record(self.run_spec, self.run_started))
        return Project(
            spec=self.spec, training=self.config, dataset_options=dict(self.dataset_options),
            history=history,
            weights=dict(self.weights) if self.weights is not None else None,
            best_weights=dict(self.best_weights) if self.best_weights is not None else None,
            lesson=self.lesson, name=self.spec.name, own_classes=self.own_classes,
        )


class AutosaveManager(QObject):
    """Keeps the window's project autosaved; see the module docstring for when and how."""

    saved = Signal(str, object)  # why ("timer", "epoch", "training", "run", "now"), the file
    failed = Signal(str)  # the message shown to the user

    def __init__(
        self, host: WindowHost, session: AutosaveSession | None = None,
        interval_ms: int = AUTOSAVE_INTERVAL_MS,
    ) -> None:
        super().__init__(host.window_widget())
        self.setObjectName("autosaveManager")
        self.host = host
        self.document = host.document
        self.session = session or AutosaveSession()
        # Writes go to the background pool, whose threads stay warm while writes keep coming
        # (a thread started per write cost the GUI thread ~13 ms a save during training).
        self._job: Job | None = None  # the write under way
        self._busy = False  # a write was handed over and has not been reported yet
        self._pending: tuple[ProjectState, str] | None = None  # the newest state waiting
        self._last: ProjectState | None = None  # what the session's file holds
        self._checkpoint: RunCheckpoint | None = None  # the run in progress
        self._run_spec: NetworkSpec | None = None
        self._run_started_at = 0.0
        self._baseline = self.current_state(live=False)  # needs no autosave: a file, a template
        self._error_shown = False
        self._rebase_pending = False
        self._closed = False
        # GUI-thread time of the latest autosaves, for measuring.
        self.gui_seconds: deque[float] = deque(maxlen=100)
        # The status bar's message gives way to the next one; this mark stays while it fails.
        self.warning = QLabel(tr("⚠ Autosave failed"))
        self.warning.setObjectName("autosaveWarning")
        self.warning.setAccessibleName(tr("Autosave failed"))
        self.warning.hide()
        host.add_status_widget(self.warning)

        self.timer = QTimer(self)
        self.timer.setObjectName("autosaveTimer")
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(lambda: self.save_if_changed("timer"))
        self.timer.start()

        self.document.dirtyChanged.connect(self._dirty_changed)
        for name in ("saveAction", "saveAsAction"):
            action = host.action(name)
            if action is not None:  # a save of a clean document emits no dirtyChanged
                action.triggered.connect(lambda _c=False: QTimer.singleShot(0, self, self._rebase))
        training = host.training
        runner = training.runner
        runner.started.connect(self._run_started)
        runner.failed.connect(lambda _event: self._run_ended())
        training.runFinished.connect(lambda _result: self._run_ended())
        runner.checkpoint.connect(self.set_checkpoint)
        host.signals.saveNowRequested.connect(lambda: self.save_if_changed("now"))
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        host.on_close(self.shutdown)

    # -- what to save --------------------------------------------------------------------------
    def current_state(self, live: bool = True) -> ProjectState:
        """The project as an autosave would write it now; ``live=False`` leaves out the run in
        progress (its weights and record), which no saved file holds."""
        doc = self.document
        weights = best = checkpoint = None
        if live and self._checkpoint is not None and self._run_spec == doc.spec:
            checkpoint = self._checkpoint
            weights = checkpoint.weights
        elif doc.weights is not None and doc.weights_spec == doc.spec:
            weights, best = doc.weights, doc.best_weights
        return ProjectState(
            spec=doc.spec, config=doc.config, dataset_options=dict(doc.dataset_options),
            history=doc.history, history_length=len(doc.history), weights=weights,
            best_weights=best, lesson=doc.lesson, path=doc.path, checkpoint=checkpoint,
            run_spec=self._run_spec, run_started=self._run_started_at,
            own_classes=doc.own_classes,
        )

    @property
    def writing(self) -> bool:
        return self._busy

    def save_if_changed(self, reason: str = "now") -> bool:
        """Autosave if the project differs from its file (or template) and the last autosave.

        Returns True if a write was started or queued. Costs the GUI thread well under a
        millisecond: the archive is built and written on a background thread.
        """
        if self._closed:  # after a clean exit, a late signal must not leave files behind
            return False
        started = time.perf_counter()
        if self._rebase_pending:
            self._rebase()
        state = self.current_state()
        if state.same_as(self._baseline):
            if self._last is not None and not self.writing:
                self.session.clear()  # nothing left that the project's own file lacks
                self._last = None
            return False
        if state.same_as(self._last) or (
            self._pending is not None and state.same_as(self._pending[0])
        ):
            return False
        self._write(state, reason)
        self.gui_seconds.append(time.perf_counter() - started)
        return True

    def set_checkpoint(self, checkpoint: RunCheckpoint) -> None:
        """A run in progress reached an epoch end (or 20 s more of a long epoch): autosave it.

        Saving here, on the checkpoint itself rather than on the runner's ``epochEnded``
        signal, is what keeps the weights and the epoch together: the engine announces an
        epoch's end before its end-of-epoch copy exists, so a save at the announcement wrote
        the previous epoch's weights.
        """
        self._checkpoint = checkpoint
        self.save_if_changed("epoch" if checkpoint.batch == 0 else "training")

    def _run_started(self, _event: object) -> None:
        self._run_spec = self.document.spec
        self._run_started_at = self.host.training.run_started_at or time.time()
        self._checkpoint = None

    def _run_ended(self) -> None:
        self._checkpoint = None  # the document now holds the run's record and final weights
        self.save_if_changed("run")

    def _dirty_changed(self, dirty: bool) -> None:
        if not dirty:  # saved, opened or a new template: wait until the load has finished
            self._rebase_pending = True
            QTimer.singleShot(0, self, self._rebase)

    def _rebase(self) -> None:
        """The document matches its file (or template) now: that needs no autosave."""
        self._rebase_pending = False
        if not self.document.dirty:
            self._baseline = self.current_state(live=False)
            if self._last is not None and not self.writing:
                self.session.clear()
                self._last = None

    # -- writing ---------------------------------------------------------------------------------
    def _write(self, state: ProjectState, reason: str) -> None:
        if self.writing:
            self._pending = (state, reason)
            return
        self._last = state
        self._busy = True
        session = self.session

        def write(_job: Job) -> tuple[Path | None, str | None]:
            """On a pool thread: build the archive and write it; a failure becomes words."""
            try:
                return session.save(state.project(), state.path), None
            except Exception as exc:
                return None, error_message(exc)

        self._job = background().submit(
            write, owner=self, name="autosave",
            on_result=lambda outcome: self._on_written(reason, *outcome))

    def _on_written(self, reason: str, path: Path | None, error: str | None) -> None:
        self._busy, self._job = False, None
        if error is not None:
            self._last = None  # try again at the next minute or checkpoint
        # The newest waiting state goes to the disk before anyone hears of this write, so
        # slow listeners of ``saved`` never add to how far the file lags the run.
        if self._pending is not None:
            state, next_reason = self._pending
            self._pending = None
            if not state.same_as(self._last):
                self._write(state, next_reason)
        if error is not None:
            if not self._error_shown:
                self._error_shown = True
                message = tr("Autosave failed: {0} Your project is still open; save it with "
                             "File ▸ Save As to keep it safe.").format(error)
                self.host.show_status(message, ERROR_MESSAGE_MS)
                self.warning.setToolTip(message)
                self.warning.show()
                self.failed.emit(message)
        else:
            self._error_shown = False
            self.warning.hide()
            self.saved.emit(reason, path)

    def wait(self, timeout: float = WRITER_JOIN_SECONDS) -> None:
        """Let a running write finish (closing, tests); its report follows on the event loop."""
        job = self._job
        if job is not None:
            job.wait(timeout)

    def adopt(self, leftover: Leftover) -> None:
        """Make a restored leftover this window's autosave (it is already on disk)."""
        self.wait()
        try:
            self.session.adopt(leftover)
        except PlaygroundError:
            leftover.discard()  # the work is in the window; the next autosave writes it again
            self._last = None
            return
        self._last = self.current_state()

    def shutdown(self) -> None:
        """A clean exit: stop, let a write finish, and remove this window's autosave."""
        self._closed = True
        self.timer.stop()
        self._pending = None
        self.wait()
        self.session.close()
        self._last = None

    def offer_restore(self, ask: Callable[[QWidget, Leftover], str] | None = None) -> bool:
        """At start-up: if a previous process left an autosave, offer to restore it.

        Only the newest leftover is offered; older ones wait for the next start. Returns True
        if the work was restored into this window.
        """
        host = self.host
        leftovers = find_leftovers(self.session.root)
        if not leftovers:
            return False
        newest = leftovers[0]
        for other in leftovers[1:]:
            other.release()
        answer = (ask or ask_restore)(host.window_widget(), newest)
        if answer == DISCARD:
            newest.discard()
            return False
        if answer != RESTORE or not host.maybe_save():
            newest.release()
            return False
        try:
            project = newest.load()
        except PlaygroundError as exc:
            newest.discard()  # it will never open; do not ask about it again
            host.report_error(tr("Cannot Restore"), exc)
            return False
        restore_into(host, project, newest.original_path)
        self.adopt(newest)
        host.show_status(tr("Restored the work from {0}. Save it to keep it.").format(
            describe_time(newest.saved_at)), 10_000)
        return True


def describe_time(seconds: float) -> str:
    """The autosave's time as the user's locale writes it ("12/4/26 8:55 PM", "4/12/26 20:55").

    A system with no regional settings (LANG=C) has Qt's C locale, which writes
    "4 12 2026 20:55": the interface language's usual locale writes it instead.
    """
    moment = QDateTime.fromMSecsSinceEpoch(int(seconds * 1000))
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        locale = (QLocale(QLocale.Language.Spanish, QLocale.Country.Spain)
                  if current_language() == "es"
                  else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    return locale.toString(moment, QLocale.FormatType.ShortFormat)


def ask_restore(window: QWidget, leftover: Leftover) -> str:
    """The question shown at start-up: RESTORE, DISCARD or LATER (ask again next time)."""
    box = QMessageBox(window)
    box.setObjectName("restoreDialog")
    box.setAccessibleName(tr("Restore unsaved work"))
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(tr("Restore Unsaved Work"))
    box.setText(tr("The app did not close normally last time. Restore the work from {0}?")
                .format(describe_time(leftover.saved_at)))
    what = leftover.original_path.name if leftover.original_path else leftover.name
    if what:
        box.setInformativeText(tr("Project: {0}").format(what))
    buttons = {}
    for answer, text, role, name in (
        (RESTORE, tr("Restore"), QMessageBox.ButtonRole.AcceptRole, "restoreButton"),
        (DISCARD, tr("Discard"), QMessageBox.ButtonRole.DestructiveRole, "discardButton"),
        (LATER, tr("Later"), QMessageBox.ButtonRole.RejectRole, "laterButton"),
    ):
        button = box.addButton(text, role)
        button.setObjectName(name)
        button.setAccessibleName(text)
        buttons[answer] = button
    box.setDefaultButton(buttons[RESTORE])
    box.setEscapeButton(buttons[LATER])
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    return next((answer for answer, button in buttons.items() if button is clicked), LATER)


def restore_into(window: WindowHost, project: Project, original_path: Path | None) -> None:
    """Put a restored project in the window as unsaved work, with its history and weights."""
    window.document.restore(project, path=original_path, dirty=True)
    doc = window.document
    if doc.history and is_interrupted(doc.history[-1]):
        window.training.show_interrupted_run(doc.history[-1])
