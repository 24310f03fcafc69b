"""Wires training together: the document, the worker thread, the panel and the live panes.

The controller decides what the buttons mean (Train starts a run or resumes a paused one, Step
without a run starts one paused and steps, Reset forgets the trained weights so the next run
starts from the seed's initial weights) and routes the worker's events to the panes. It keeps
the GUI thread free: it only copies numbers into widgets.

When the open network has trained weights, a new run starts from them or from the seed's fresh
weights as the panel's remembered choice says, and says which it did; the run's record keeps
where its weights started and every setting changed while it ran, so Compare can tell a
continuation from an experiment.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from playground.core.errors import PlaygroundError
from playground.core.messages import Message
from playground.core.network.spec import NetworkSpec
from playground.core.training.compare import describe_source
from playground.core.training.config import WeightsStart
from playground.core.training.target import TARGET_REACHED
from playground.gui.app_settings import AppSettings
from playground.gui.background import background
from playground.gui.i18n import current_language, translate_message
from playground.gui.numbers import localized
from playground.gui.training.compare_pane import ComparePane
from playground.gui.training.curves_pane import CurvesPane
from playground.gui.training.results_pane import ResultsPane
from playground.gui.training.training_panel import TrainingPanel
from playground.gui.training.worker import RunRequest, TrainingRunner

if TYPE_CHECKING:
    from playground.gui.document import Document


PROGRESS_MS = 200


DEVICE_DETECTION = "device-detection"


def finish_device_detection(timeout_s: float = 30.0) -> bool:
    """Wait for background device detection to end; call once the window has closed.

    Detection imports torch on a pool thread; an interpreter that shuts down while that import
    runs makes it fail with a traceback. True if no detection is left running.
    """
    return background().wait(timeout_s, key=DEVICE_DETECTION)


class TrainingController(QObject):
    """One per window: owns the runner and connects it to the document and the views."""

    devicesFound = Signal(list)
    statusMessage = Signal(str)
    runFinished = Signal(object)  # TrainingResult, after the document was updated

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.runner = TrainingRunner(self)
        self.panel = TrainingPanel(document.config)
        self.curves = CurvesPane()
        self.results = ResultsPane()
        self.compare = ComparePane(language=current_language())
        self.compare.set_runs(document.history)
        self._run_spec = None
        self._started_at = 0.0
        self._origin: WeightsStart | None = None  # where the current run's weights started
        # How the panel's message was composed, to compose it again in another language.
        self._message: tuple[Callable[[], str], bool] | None = None
        # The run that trained the document's weights, and those weights (the number holds only
        # while the document keeps that very object); unknown after a project is opened.
        self._trained_by: tuple[int, object] | None = None
        self._weights_source: tuple[str, object] | None = None  # see note_weights_source
        self.app_settings = AppSettings()
        self.panel.set_start_choice(self.app_settings.start_from)
        # The progress read-out repaints on its own timer with the newest numbers, not on every
        # event: each repaint is GUI work that competes with the training thread.
        self._latest_progress: Any = None
        self._stuck: Any = None  # what the panel says when the run is not learning (a Message)
        self._progress_timer = QTimer(self, interval=PROGRESS_MS)
        self._progress_timer.timeout.connect(self._show_latest_progress)
        self.ask_stop_for_edit = self._ask_stop_for_edit  # replaced in tests

        p = self.panel
        p.trainClicked.connect(self.train)
        p.pauseClicked.connect(self.pause)
        p.stepClicked.connect(self.step)
        p.stopClicked.connect(self.stop)
        p.resetClicked.connect(self.reset_weights)
        p.startChoiceChanged.connect(self._start_choice_changed)
        p.retranslated.connect(self._say_again)
        p.settings.configChanged.connect(self._config_edited)
        p.settings.learningRateChanged.connect(self.runner.set_learning_rate)
        r = self.runner
        r.started.connect(self._on_started)
        r.progress.connect(self._on_progress)
        r.settingChanged.connect(self._on_setting_changed)
        r.epochEnded.connect(self._on_epoch)
        r.finished.connect(self._on_finished)
        r.failed.connect(self._on_failed)
        r.resultsReady.connect(self.results.show_results)
        r.runningChanged.connect(self._refresh)
        r.pausedChanged.connect(self._refresh)
        document.analysisChanged.connect(self._refresh)
        document.edit_guard = self._allow_edit
        document.replaced.connect(self._document_replaced)
        document.configChanged.connect(self._config_changed)
        self.devicesFound.connect(p.settings.add_devices)
        self._refresh()

    # -- set-up ------------------------------------------------------------------------------
    def detect_devices(self) -> None:
        """Find GPUs in the background pool: importing torch must not freeze the window."""

        def find(_job: object) -> list[str]:
            from playground.core.training.loop import available_devices

            return available_devices()

        background().submit(find, owner=self, key=DEVICE_DETECTION, name=DEVICE_DETECTION,
                            on_result=self.devicesFound.emit)

    def shutdown(self) -> bool:
        """Stop the run and every timer, so nothing reaches the panel once its window is gone."""
        self.curves.stop_timer()
        stopped = self.runner.shutdown(5000)
        self._progress_timer.stop()
        self._latest_progress = None
        return stopped

    # -- commands -----------------------------------------------------------------------------
    def train(self, start: str | None = None) -> None:
        """Resume a paused run, or start one; ``start`` ("continue" or "fresh") overrides the
        panel's choice of weights for this run only (a lesson's step knows what it needs)."""
        if self.runner.running:
            if self.runner.paused:
                self.runner.resume()
                self.statusMessage.emit(self.tr("Training resumed"))  # not "Paused" any more
            return
        self._start(paused=False, start=start)

    def toggle(self) -> None:
        if self.runner.running and not self.runner.paused:
            self.pause()
        else:
            self.train()

    def pause(self) -> None:
        if not self.runner.running:
            return  # nothing to pause: the status bar keeps saying how the last run ended
        self.runner.pause()
        self.statusMessage.emit(self.tr("Paused"))

    def step(self) -> None:
        if self.runner.running or self._start(paused=True):
            self.runner.step()

    def stop(self) -> None:
        self.runner.stop()

    def reset_weights(self) -> None:
        if self.runner.running:
            return
        self.document.weights = None
        self.document.weights_spec = None
        self._trained_by = self._weights_source = None
        self._show_start_choice()
        self.curves.reset()
        seed = self.document.config.seed
        self._say(lambda: self.tr("Weights reset: the next run starts from the initial "
                                  "weights of seed {0}.").format(seed))

    # -- the panel's message ----------------------------------------------------------------------
    def _say(self, compose: Callable[[], str], error: bool = False) -> None:
        """Show ``compose()`` in the panel; kept to be composed again after a change of language
        (its values are the event's, its words those of the language of the moment)."""
        self._message = (compose, error)
        self.panel.show_message(compose(), error)

    def _say_again(self) -> None:
        if self._message is not None:
            compose, error = self._message
            self.panel.show_message(compose(), error)

    def _start_text(self) -> str:
        """Where the current run's weights started, in words ("" before any run)."""
        return self._describe_start(self._origin) if self._origin is not None else ""

    def has_trained_weights(self) -> bool:
        """Whether the document holds trained weights that fit the network as it is now."""
        doc = self.document
        return doc.weights is not None and doc.weights_spec == doc.spec

    def note_weights_source(self, weights: Any, source: str) -> None:
        """The document's ``weights`` came from outside the project's runs (``source``, e.g. the
        ready-trained digits network a transfer starts from): a run that starts from them is
        recorded as starting there, not as continuing the latest run on this network."""
        self._weights_source = (source, weights)

    def _pretrained_source(self) -> str | None:
        held = self._weights_source
        return held[0] if held is not None and held[1] is self.document.weights else None

    def trained_weights_run(self) -> int | None:
        """The number (from 1) of the run that trained the document's weights, when known.

        The run that stored them is remembered; for weights that came with an opened project
        it is the latest run on this network that kept its weights (a diverged or failed run
        leaves the weights as they were).
        """
        doc = self.document
        if not self.has_trained_weights() or self._pretrained_source() is not None:
            return None
        if self._trained_by is not None and self._trained_by[1] is doc.weights:
            run = self._trained_by[0]
            return run if 1 <= run <= len(doc.history) else None
        for index in range(len(doc.history) - 1, -1, -1):
            record = doc.history[index]
            if record.get("status") in ("diverged", "failed"):
                continue
            try:
                if NetworkSpec.from_dict(record.get("spec")) == doc.weights_spec:
                    return index + 1
            except (PlaygroundError, TypeError, ValueError, AttributeError):
                continue  # a hand-edited record that names no network
        return None

    def _start_choice_changed(self, choice: str) -> None:
        self.app_settings.start_from = choice

    def _start(self, paused: bool, start: str | None = None) -> bool:
        doc = self.document
        if not doc.can_train:
            blocker = doc.train_blocker

            def refusal() -> str:
                why = (self.tr("the network is not valid") if blocker is None
                       else _problem_text(blocker))
                return self.tr("Can't train: {0}").format(why)

            self._say(refusal, error=True)
            return False
        choice = start or self.panel.start_choice
        weights = None
        if self.has_trained_weights() and choice == "continue":
            weights = doc.weights
            source = self._pretrained_source()
            origin = WeightsStart.pretrained(source) if source is not None else \
                WeightsStart.continued_from(self.trained_weights_run())
        else:
            origin = WeightsStart.fresh(doc.config.seed)
        self._origin = origin
        self._run_spec = doc.spec
        self._started_at = time.time()
        self._say(lambda: "\n".join([self._start_text(), self.tr("Loading the data…")]))
        self.statusMessage.emit(self._start_text())
        self.runner.start(RunRequest(doc.spec, doc.config, dict(doc.dataset_options), weights,
                                     weights_start=origin), paused=paused)
        return True

    def _describe_start(self, origin: WeightsStart) -> str:
        if origin.source is not None:
            return self.tr("Starting from the weights of {0}.").format(
                describe_source(origin, current_language()))
        if not origin.continued:
            return self.tr("Starting from the fresh weights of seed {0}.").format(origin.seed)
        if origin.from_run is None:
            return self.tr("Continuing from the trained weights.")
        return self.tr("Continuing from the weights of run {0}.").format(origin.from_run)

    # -- events from the worker -----------------------------------------------------------------
    def _on_setting_changed(self, event: Any) -> None:
        """A live change took effect: say so, and that the run keeps it in its record."""
        if event.setting != "learning_rate":
            return
        def change() -> str:
            return localized(self.tr("Learning rate {0:g} → {1:g} from epoch {2}, batch {3}; "
                                     "the run's record keeps the change."),
                             event.old, event.new, event.epoch, event.batch + 1)

        self._say(change)
        self.statusMessage.emit(change())

    def _on_started(self, event: Any) -> None:
        self._stuck = None
        self.curves.reset(event.batches_per_epoch, event.epochs)
        self.panel.start_progress(event.epochs, event.batches_per_epoch)

        def training() -> str:
            return localized(self.tr("Training {0:,} samples on {1}"), event.train_samples,
                             event.device)

        self._say(lambda: "\n".join(filter(None, [
            self._start_text(), training(), *(translate_message(w) for w in event.warnings)])),
            error=bool(event.warnings))
        self.statusMessage.emit(" ".join(filter(None, [self._start_text(), training()])))

    def _on_progress(self, event: Any) -> None:
        self.curves.add_batches(event.losses)
        if self._latest_progress is None and not self._progress_timer.isActive():
            self._progress_timer.start()
            self._latest_progress = event
            self._show_latest_progress()  # the first one at once
        self._latest_progress = event

    def _show_latest_progress(self) -> None:
        event, self._latest_progress = self._latest_progress, None
        if event is None:
            if not self.runner.running or self.runner.paused:
                self._progress_timer.stop()
            return
        self.panel.show_progress(event.epoch, event.batch, event.batches_per_epoch, event.elapsed,
                                 event.samples_per_second)

    def _on_epoch(self, event: Any) -> None:
        self._show_latest_progress()
        self.curves.add_epoch(event.epoch, event.train_loss, event.val_loss,
                              event.train_accuracy, event.val_accuracy)
        self.panel.epoch_done(event.epoch)
        if event.stuck:  # the curves look calm, so the panel says what is wrong
            self._stuck = stuck = event.stuck
            self._say(lambda: translate_message(stuck), error=True)
            self.statusMessage.emit(translate_message(stuck))
        elif self._stuck:  # it has started learning after all
            self._stuck = None
            self._say(lambda: self.tr("Learning now: the accuracy is above chance."))

    def _on_finished(self, result: Any) -> None:
        self._show_latest_progress()
        doc = self.document
        kept = self._run_spec is not None and self._run_spec == doc.spec and result.state_dict
        if kept:
            doc.weights = result.state_dict
            doc.weights_spec = self._run_spec
            doc.best_weights = result.best_state_dict
        if self._run_spec is not None:
            doc.history.append(result.to_record(self._run_spec, self._started_at))
            doc.mark_modified()  # a new run and its weights are work worth a "Save?" question
            if kept:
                self._trained_by = (len(doc.history), doc.weights)
        self._show_start_choice()
        stuck = self._stuck

        def finished() -> str:
            text = self.tr("Finished ({0})").format(self._status_name(result.status))
            if result.test is not None:
                text += localized(self.tr(": test loss {0:.4f}"), result.test.loss)
                if result.test.accuracy is not None:
                    text += localized(self.tr(", test accuracy {0:.2%}"), result.test.accuracy)
            return text

        # A run that reached its target, or ended stuck, says so.
        reached = result.message if result.status == TARGET_REACHED else ""
        self._say(lambda: "\n".join(filter(None, [
            finished(), translate_message(reached) if reached else "",
            translate_message(stuck) if stuck else ""])), error=bool(stuck))
        self.statusMessage.emit(finished())
        self.compare.set_runs(doc.history)
        self.runFinished.emit(result)

    def _on_failed(self, event: Any) -> None:
        self._show_latest_progress()  # the bars end where the run ended, as for a finished run
        self.curves.mark_failure(self.tr("diverged") if event.reason == "diverged"
                                 else self.tr("failed"))
        self._say(lambda: " ".join([translate_message(event.explanation),
                                    translate_message(event.suggestion)]).strip(), error=True)
        self.statusMessage.emit(translate_message(event.explanation))
        if event.result is not None and self._run_spec is not None:
            self.document.history.append(event.result.to_record(self._run_spec,
                                                                self._started_at))
            self.compare.set_runs(self.document.history)

    def _status_name(self, status: str) -> str:
        names = {"completed": self.tr("completed"), "stopped": self.tr("stopped"),
                 "early_stopped": self.tr("stopped early"), "diverged": self.tr("diverged"),
                 "failed": self.tr("failed"), "interrupted": self.tr("interrupted"),
                 TARGET_REACHED: self.tr("target reached")}
        return names.get(status, status)

    @property
    def run_started_at(self) -> float | None:
        """When the current (or latest) run started, seconds since the epoch."""
        return self._started_at or None

    def show_interrupted_run(self, record: dict[str, Any]) -> None:
        """Show a restored run that a crash interrupted: its curves up to the last autosave,
        marked where it stopped, and why the results pane has no test results for it."""
        import numpy as np

        from playground.core.training.checkpoint import checkpoint_of

        epochs, batch, per_epoch = checkpoint_of(record)
        history = record.get("history") if isinstance(record.get("history"), dict) else {}
        config = record.get("config") if isinstance(record.get("config"), dict) else {}
        planned = config.get("epochs")
        losses = record.get("batch_losses") if isinstance(record.get("batch_losses"), list) else []
        values = np.array([v for v in losses if isinstance(v, (int, float))], dtype=float)
        self.curves.show_run(values, epochs + batch / per_epoch, history,
                             planned if isinstance(planned, int) and planned > 0 else None)
        self.curves.mark_failure(self.tr("interrupted"))
        self.results.show_interrupted(epochs)

    # -- document changes -------------------------------------------------------------------------
    def _config_edited(self, config: Any) -> None:
        self.document.edit_settings(config)

    def _config_changed(self, config: Any) -> None:
        """The document's settings changed (typed, undone, set by a lesson): show them, and
        hand a new learning rate to the run going on (typed ones already went there)."""
        if config != self.panel.settings.config:
            self.panel.settings.set_config(config)
            if self.runner.running:
                self.runner.set_learning_rate(config.learning_rate)
        self._show_start_choice()  # a fresh start's seed

    def _document_replaced(self) -> None:
        """Another project (opened, new, restored): nothing of the last one's run stays."""
        self.panel.settings.set_config(self.document.config)
        self._progress_timer.stop()
        self._latest_progress, self._stuck, self._message = None, None, None
        self._trained_by = self._weights_source = None
        self.panel.clear_run()
        self.curves.reset()
        self.results.clear()
        self.compare.set_runs(self.document.history)
        self._refresh()

    def _allow_edit(self) -> bool:
        """Asked before every network edit: during a run, stop it first or refuse the edit."""
        if not self.runner.running:
            return True
        if not self.ask_stop_for_edit():
            return False
        self.runner.stop()
        return True

    def _ask_stop_for_edit(self) -> bool:
        answer = QMessageBox.question(
            self.panel.window(), self.tr("Training is running"),
            self.tr("Changing the network stops the training run. Stop it and keep the change?"),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _refresh(self, *_args: Any) -> None:
        self.panel.show_state(self.runner.running, self.runner.paused, self.document.can_train)
        self._show_start_choice()

    def _show_start_choice(self) -> None:
        self.panel.show_start_choice(self.has_trained_weights(), self.trained_weights_run(),
                                     self.document.config.seed)


def _problem_text(blocker: Any) -> str:
    """What stops training, in the interface language: its Message when the problem is one,
    else the text in the language's own field."""
    problem = blocker.problem
    if isinstance(problem, Message):
        return translate_message(problem)
    return blocker.problem_es if current_language() == "es" else problem
