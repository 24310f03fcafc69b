"""The only threading code in the GUI: the training engine on a QThread, steered by signals.

The engine (``core.training.Trainer``) runs unchanged inside :class:`TrainingWorker`, a QObject
moved to its own QThread. Its events are forwarded as Qt signals, which Qt queues to the GUI
thread; they carry only plain data (numbers, numpy copies, CPU tensor copies). Requests go the
other way through ``TrainingControl``, a thread-safe flag object, never through queued slots (a
queued slot would wait until training ends). The GUI thread never waits on training, except
for a bounded ``wait`` when the window closes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from playground.gui.inputs import translated_classes

logger = logging.getLogger(__name__)

#: Training seconds between two checkpoints within one epoch: a crash loses at most this much
#: of a long epoch, plus the time of one autosave write (kept under 30 s together).
MID_EPOCH_CHECKPOINT_SECONDS = 20.0

if TYPE_CHECKING:
    from playground.core.inspect.snapshots import SnapshotRecorder
    from playground.core.network.spec import NetworkSpec
    from playground.core.training.config import TrainingConfig, WeightsStart
    from playground.core.training.control import TrainingControl


@dataclass(frozen=True)
class RunRequest:
    """Everything a run needs, as immutable data handed to the worker thread."""

    spec: NetworkSpec
    config: TrainingConfig
    dataset_options: dict[str, Any] = field(default_factory=dict)
    initial_weights: dict[str, Any] | None = None  # CPU tensors to start from, or None
    limit: int | None = None  # train on the first N samples only (tests, quick looks)
    # Where ``initial_weights`` came from, for the run's record; None: the seed's fresh weights
    # without initial weights, an unknown earlier run with them.
    weights_start: WeightsStart | None = None


class TrainingWorker(QObject):
    """Loads the data, builds the model and runs the engine, all in the worker thread."""

    started = Signal(object)  # core.events.RunStarted
    progress = Signal(object)  # core.events.BatchProgress
    settingChanged = Signal(object)  # core.events.SettingChanged, once the loop applied it
    epochEnded = Signal(object)  # core.events.EpochEnd
    finished = Signal(object)  # core.training.TrainingResult
    failed = Signal(object)  # core.events.Failed
    resultsReady = Signal(object)  # gui.training.results_data.ResultsData
    snapshotTaken = Signal(object)  # core.snapshots.Snapshot (CPU copies, never live tensors)
    checkpoint = Signal(object)  # core.run_checkpoint.RunCheckpoint (see _checkpoint)
    done = Signal()  # always last, whatever happened

    def __init__(
        self,
        request: RunRequest,
        control: TrainingControl,
        recorder: SnapshotRecorder | None = None,
    ) -> None:
        super().__init__()
        self.request = request
        self.control = control
        self.recorder = recorder
        self._data: Any = None
        self._model: Any = None
        self._trainer: Any = None
        self._progress: Any = None  # the newest BatchProgress
        self._checkpoint_at = 0.0  # training seconds at the newest checkpoint

    @Slot()
    def run(self) -> None:
        from playground.core.errors import PlaygroundError
        from playground.core.messages import Message
        from playground.core.training import events as ev
        from playground.core.training.loop import details_suggestion

        try:
            self._make_trainer().run()
        except PlaygroundError as exc:
            logger.info("The run could not start: %s", exc, exc_info=exc)
            self.failed.emit(ev.Failed("error", exc.message,
                                       Message("Check the network and the dataset.")))
        except Exception as exc:  # never let a worker exception escape into Qt
            logger.exception("The training worker failed")
            self.failed.emit(ev.Failed("error", f"{type(exc).__name__}: {exc}",
                                       details_suggestion()))
        finally:
            self._finish()

    def _finish(self) -> None:
        """Let go of the run's data and hand this object back to the GUI thread.

        ``deleteLater`` is carried out by the event loop of the object's thread; once the
        training thread has ended nothing would ever run it, and every run's worker, dataset
        and snapshots would stay in memory (a soak test found ~70 MB per run).
        """
        self._data = self._model = self._trainer = self._progress = None
        if self.recorder is not None:  # the runner keeps the recorder; it must not keep us
            self.recorder.listener = None
        self.recorder = None
        app = QCoreApplication.instance()
        if app is not None:
            self.moveToThread(app.thread())
        self.done.emit()

    def _make_trainer(self) -> Any:
        from playground.core.data.datasets import load_dataset
        from playground.core.network.build import build_model
        from playground.core.training.config import WeightsStart
        from playground.core.training.loop import Trainer

        req = self.request
        cfg = req.config
        data = load_dataset(
            req.spec.dataset, preprocessing=cfg.preprocessing, seed=cfg.seed, limit=req.limit,
            **req.dataset_options,
        )
        self._data = data
        model = build_model(req.spec, seed=cfg.seed, init=cfg.init, init_std=cfg.init_std)
        start = req.weights_start
        if req.initial_weights:
            model.load_state_dict(req.initial_weights)
            if start is None or not start.continued:
                start = WeightsStart.continued_from(None)
        elif start is None or start.continued:
            start = WeightsStart.fresh(cfg.seed)
        self._model = model
        if self.recorder is not None:
            self.recorder.listener = self._snapshot_taken
        import os

        threads = max(1, (os.cpu_count() or 2) - 1)  # one core stays with the window
        trainer = Trainer(req.spec, cfg, data, model=model, control=self.control,
                          on_event=self._forward, on_snapshot=self.recorder, cpu_threads=threads,
                          weights_start=start)
        self._trainer = trainer
        return trainer

    def _forward(self, event: object) -> None:
        from playground.core.training import events as ev

        if isinstance(event, ev.BatchProgress):
            self._progress = event
            self.progress.emit(event)
            if (event.batch < event.batches_per_epoch
                    and event.elapsed - self._checkpoint_at >= MID_EPOCH_CHECKPOINT_SECONDS):
                self._checkpoint(event.epoch - 1, event.batch, None)
        elif isinstance(event, ev.EpochEnd):
            self.epochEnded.emit(event)
            if self.recorder is None:  # else the epoch-end snapshot that follows brings it
                self._checkpoint(event.epoch, 0, None)
        elif isinstance(event, ev.RunStarted):
            self.started.emit(event)
        elif isinstance(event, ev.SettingChanged):
            self.settingChanged.emit(event)
        elif isinstance(event, ev.Finished):
            self.finished.emit(event.result)
            self._emit_results(event.result)
        elif isinstance(event, ev.Failed):
            self.failed.emit(event)

    def _snapshot_taken(self, snapshot: Any) -> None:
        """The recorder's listener: forward the snapshot; an epoch end's is also a checkpoint
        (its full state is the copy the autosave writes, no second copy is made)."""
        self.snapshotTaken.emit(snapshot)
        if snapshot.epoch_end and snapshot.epoch > 0:
            self._checkpoint(snapshot.epoch, 0, snapshot.state)

    def _checkpoint(self, epoch: int, batch: int, weights: Any) -> None:
        """Emit where the run stands, for the autosave (on the training thread, between two
        batches, so the weights and the curves agree).

        At every epoch end, after the epoch's validation and snapshot: emitting at the
        ``EpochEnd`` event instead would let the GUI pair that epoch with the previous
        epoch's weights. Within an epoch, once ``MID_EPOCH_CHECKPOINT_SECONDS`` of training
        have passed since the last one, so a long epoch loses at most that much (plus one
        write) to a crash; the copy costs a few milliseconds that often.
        """
        result = getattr(self._trainer, "result", None)  # filled in as the run goes
        if result is None or self._model is None:
            return
        from playground.core.training.checkpoint import RunCheckpoint

        if weights is None:
            weights = {k: v.detach().to("cpu", copy=True)
                       for k, v in self._model.state_dict().items()}
        progress = self._progress
        self._checkpoint_at = progress.elapsed if progress is not None else 0.0
        self.checkpoint.emit(RunCheckpoint(
            epoch=epoch, batch=batch,
            batches_per_epoch=progress.batches_per_epoch if progress is not None else 1,
            weights=weights,
            history={key: list(values) for key, values in result.history.items()},
            batch_losses=tuple(result.batch_losses), config=self.request.config,
            seconds=self._checkpoint_at,
            samples_per_second=progress.samples_per_second if progress is not None else 0.0,
            device=result.device, weights_start=result.weights_start,
            live_changes=tuple(result.live_changes or ()),
        ))

    def _emit_results(self, result: Any) -> None:
        """Test-set pictures, labels and predictions for the results pane, made here, off the
        GUI thread."""
        if result.test is None or self._data is None:
            return
        from playground.gui.training.results_data import results_from

        data = self._data
        try:
            results = results_from(result, data.test_x, data.test_y,
                                   translated_classes(data.info.class_names))
        except ValueError:
            return
        self.resultsReady.emit(results)


class TrainingRunner(QObject):
    """Owns at most one running worker and its thread; lives in the GUI thread.

    Views connect to the runner's signals once; each run's worker is wired to them when it
    starts, so a view never holds on to a finished worker.
    """

    started = Signal(object)
    progress = Signal(object)
    settingChanged = Signal(object)  # a live change the run applied (and records)
    epochEnded = Signal(object)
    finished = Signal(object)
    failed = Signal(object)
    resultsReady = Signal(object)
    snapshotTaken = Signal(object)
    checkpoint = Signal(object)  # RunCheckpoint at each epoch end and within long epochs
    runningChanged = Signal(bool)
    pausedChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None
        self._control: TrainingControl | None = None
        # The snapshots of the latest run (kept after it ends, for the time scrubber). Its
        # reading methods are thread-safe; the worker thread appends to it.
        self.recorder: SnapshotRecorder | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    @property
    def paused(self) -> bool:
        return self._control is not None and self._control.paused

    @property
    def waiting(self) -> bool:
        """The run is blocked between batches (paused, or done with its single steps)."""
        return self._control is not None and self._control.waiting

    def start(self, request: RunRequest, paused: bool = False) -> None:
        """Start a run; a run already going is refused (stop it first)."""
        if self.running:
            raise RuntimeError("A training run is already going.")
        from playground.core.inspect.snapshots import SnapshotRecorder
        from playground.core.training.control import TrainingControl

        control = TrainingControl()
        # 32 MB of snapshots at most: a long run thins its history instead of growing.
        self.recorder = SnapshotRecorder(request.spec, keep_full_state=True, max_bytes=32 << 20)
        if paused:
            control.pause()
        thread = QThread()
        thread.setObjectName("trainingThread")
        worker = TrainingWorker(request, control, self.recorder)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.started.connect(self.started)
        worker.progress.connect(self.progress)
        worker.settingChanged.connect(self.settingChanged)
        worker.epochEnded.connect(self.epochEnded)
        worker.finished.connect(self.finished)
        worker.failed.connect(self.failed)
        worker.resultsReady.connect(self.resultsReady)
        worker.snapshotTaken.connect(self.snapshotTaken)
        worker.checkpoint.connect(self.checkpoint)
        worker.done.connect(thread.quit)
        thread.finished.connect(self._cleanup)
        self._thread, self._worker, self._control = thread, worker, control
        thread.start()
        self.runningChanged.emit(True)
        self.pausedChanged.emit(paused)

    def pause(self) -> None:
        if self._control is not None:
            self._control.pause()
            self.pausedChanged.emit(True)

    def resume(self) -> None:
        if self._control is not None:
            self._control.resume()
            self.pausedChanged.emit(False)

    def step(self, batches: int = 1) -> None:
        if self._control is not None:
            self._control.step(batches)
            self.pausedChanged.emit(True)

    def stop(self) -> None:
        if self._control is not None:
            self._control.stop()

    def set_learning_rate(self, lr: float) -> None:
        if self._control is not None:
            self._control.set_learning_rate(lr)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop any run and wait for its thread to end (used when the window closes)."""
        thread = self._thread
        if thread is None:
            return True
        if self._control is not None:
            self._control.abort()
        thread.quit()
        ended = thread.wait(timeout_ms)
        if ended:
            self._cleanup()
        return ended

    @Slot()
    def _cleanup(self) -> None:
        thread, worker = self._thread, self._worker
        if thread is None:
            return
        self._thread = self._worker = self._control = None
        if worker is not None:
            worker.deleteLater()
        thread.deleteLater()
        self.runningChanged.emit(False)
