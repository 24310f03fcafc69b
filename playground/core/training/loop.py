"""The training loop: one engine for the command line, the tests and the GUI's worker thread.

Written for speed on small models, where Python overhead dominates: the data sits in memory as
tensors on the training device, each epoch is shuffled with one gather into reused buffers so
every batch is a contiguous slice, the optimizer uses PyTorch's fused kernels where they exist,
and batch losses and outputs stay on the device until an event is due (at most every
``progress_interval`` seconds), when they are read back in one go.

Another thread steers a run through a :class:`TrainingControl` (pause, resume, single step, stop,
learning rate); the loop checks it between batches, so a stop takes effect within one batch.
"""

from __future__ import annotations

import logging
import math
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
import torch

from playground.core.data.augment import Augmentation
from playground.core.data.datasets import view_as
from playground.core.errors import TrainingError
from playground.core.logs import log_file, writing_to_file
from playground.core.messages import N_, Message
from playground.core.network.build import PlaygroundNet, build_model
from playground.core.network.shapes import infer_shapes
from playground.core.network.spec import NetworkSpec
from playground.core.training.config import SettingChanged, TrainingConfig, WeightsStart
from playground.core.training.control import TrainingControl
from playground.core.training.epoch_progress import Clock, EpochProgress
from playground.core.training.evaluation import Evaluation, evaluate
from playground.core.training.events import (
    EpochEnd,
    Failed,
    Finished,
    RunStarted,
    TrainingEvent,
)
from playground.core.training.objective import Objective
from playground.core.training.result import TrainingResult
from playground.core.training.stuck import Stuck
from playground.core.training.stuck import check as stuck_check
from playground.core.training.target import TARGET_REACHED, target_message, target_warnings

logger = logging.getLogger(__name__)


class SnapshotHook(Protocol):
    """Called on the training thread between batches to copy what the views show.

    See :class:`playground.core.inspect.snapshots.SnapshotRecorder`, the implementation the GUI
    uses.
    """

    def plan(self, epochs: int, batches_per_epoch: int) -> int: ...

    def __call__(
        self,
        epoch: int,
        batch: int,
        model: PlaygroundNet,
        confusion: np.ndarray | None = None,
        *,
        epoch_end: bool = False,
    ) -> object: ...


# Below this many multiply-adds per batch a model counts as small (see _prefers_one_thread).
SMALL_MODEL_MACS_PER_BATCH = 20_000_000
# A project keeps at most this many points of a run's per-batch loss curve.


class TrainingData(Protocol):
    """What the engine needs from a dataset: preloaded tensors (see ``core.datasets.Dataset``)."""

    train_x: torch.Tensor
    train_y: torch.Tensor
    test_x: torch.Tensor
    test_y: torch.Tensor


def available_devices() -> list[str]:
    """The devices this computer can train on, CPU first."""
    devices = ["cpu"]
    if torch.cuda.is_available():
        devices.append("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        devices.append("mps")
    return devices


def resolve_device(name: str) -> torch.device:
    """``auto`` picks a GPU when there is one; an unavailable device falls back to the CPU."""
    devices = available_devices()
    if name == "auto":
        return torch.device(devices[-1] if len(devices) > 1 else "cpu")
    return torch.device(name if name in devices else "cpu")


def make_optimizer(model: torch.nn.Module, config: TrainingConfig) -> torch.optim.Optimizer:
    """The optimizer for the parameters that train (frozen layers' are left out)."""
    params = [p for p in model.parameters() if p.requires_grad]
    lr, wd = config.learning_rate, config.weight_decay
    device = params[0].device if params else torch.device("cpu")
    # Fused kernels update all tensors in one call: much less overhead for small models.
    fused = {"fused": True} if device.type in ("cpu", "cuda") else {}
    if config.optimizer == "sgd":
        return torch.optim.SGD(
            params, lr=lr, momentum=config.momentum, nesterov=config.nesterov and
            config.momentum > 0, weight_decay=wd, **fused
        )
    if config.optimizer == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=wd, **fused)
    if config.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd, **fused)
    if config.optimizer == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, momentum=config.momentum, weight_decay=wd)
    return torch.optim.Adagrad(params, lr=lr, weight_decay=wd, **fused)


def _cpu_copy(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}


def _split(
    x: torch.Tensor, y: torch.Tensor, fraction: float, seed: int
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    n_val = round(len(x) * fraction)
    if n_val == 0:
        return x, y, x[:0], y[:0]
    perm = torch.randperm(len(x), generator=torch.Generator().manual_seed(seed))
    val, train = perm[:n_val], perm[n_val:]
    return x[train], y[train], x[val], y[val]


# Why a run diverged, one whole sentence per way the loss went wrong, and the fix.
DIVERGED_NAN = N_("The loss became NaN (not a number): each step pushed the weights too far, so "
                  "the network got worse instead of better.")
DIVERGED_INFINITE = N_("The loss became infinite: each step pushed the weights too far, so the "
                       "network got worse instead of better.")
DIVERGED_EXPLODED = N_("The loss exploded from {first:.3g} to {last:.3g}: each step pushed the "
                       "weights too far, so the network got worse instead of better.")
DIVERGED_SUGGESTION = N_("Lower the learning rate (try {lr:g}).")
TYPICAL_LEARNING_RATE = {
    "sgd": 0.05, "adam": 1e-3, "adamw": 1e-3, "rmsprop": 1e-3, "adagrad": 0.01,
}
# A batch loss this many times the first one means training has blown up.
EXPLOSION_FACTOR = 10_000


def details_suggestion() -> Message:
    """What to do after an unexpected error, naming where its details are: the log file when
    the log is written to one (so the user, or whoever helps them, can find it), else the error
    output."""
    if writing_to_file():
        return Message("Check the network and the training settings; details are in the log: "
                       "{path}.", path=str(log_file()))
    return Message("Check the network and the training settings; details are in the error "
                   "output (stderr).")


def _analysis_warning(warning: Any) -> Message | str:
    """A network warning (its problem and its fix) for the run's list: a Message once the
    warning's texts are Messages, else its English text (translated by the window as before)."""
    problem, suggestion = warning.problem, warning.suggestion
    if isinstance(problem, Message) or isinstance(suggestion, Message):
        return Message("{problem} {suggestion}", problem=problem, suggestion=suggestion)
    return f"{problem} {suggestion}"


HISTORY_KEYS = (
    "epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "seconds", "learning_rate"
)


class Trainer:
    """Trains one network on one dataset with one configuration.

    ``on_event`` receives :mod:`playground.core.training.events` objects on the training thread; it
    must
    be quick (the GUI forwards them through a queued signal).
    """

    def __init__(
        self,
        spec: NetworkSpec,
        config: TrainingConfig,
        data: TrainingData,
        *,
        model: PlaygroundNet | None = None,
        control: TrainingControl | None = None,
        on_event: Callable[[TrainingEvent], None] | None = None,
        progress_interval: float = 0.05,
        on_snapshot: SnapshotHook | None = None,
        cpu_threads: int | None = None,
        weights_start: WeightsStart | None = None,
    ) -> None:
        self.analysis = infer_shapes(spec)
        self.spec = spec
        self.config = config
        self.control = control or TrainingControl()
        self.on_event = on_event or (lambda event: None)
        self.progress_interval = progress_interval
        self.on_snapshot = on_snapshot
        # CPU threads for the run's tensor maths (None: PyTorch's setting). The GUI leaves one
        # core to the window: OpenMP threads that wait for each other at every op stall badly
        # when the window's painting takes their core.
        self.cpu_threads = cpu_threads
        self._threads_outside = torch.get_num_threads()
        self.snapshot_every = 0  # batches between mid-epoch snapshots; set by the hook's plan
        self.device = resolve_device(config.device)
        # Where the weights start, for the run's record: a model built here is the seed's
        # fresh one; a model handed in is whatever the caller says (unknown if it says nothing).
        if model is None:
            model = build_model(spec, seed=config.seed, init=config.init, init_std=config.init_std)
            weights_start = weights_start or WeightsStart.fresh(config.seed)
        self.weights_start = weights_start
        self.model = model.to(self.device)
        regression = data.train_y.is_floating_point()
        self.objective = Objective(
            config.loss, self.model.output_activation, spec.num_classes, regression
        )
        x = view_as(data.train_x, spec.input_shape)
        test_x = view_as(data.test_x, spec.input_shape)
        train_x, train_y, val_x, val_y = _split(
            x, data.train_y, config.validation_split, config.seed
        )
        to = self.device
        self.train_x, self.train_y = train_x.to(to), train_y.to(to)
        self.val_x, self.val_y = val_x.to(to), val_y.to(to)
        self.test_x, self.test_y = test_x.to(to), data.test_y.to(to)
        self.augmentation = Augmentation.from_config(config, tuple(data.train_x.shape[1:]))
        self.frozen = self._freeze(config.frozen_layers)
        self.optimizer = make_optimizer(self.model, config)
        self.steps = 0
        self.stuck_message: Message | None = None  # the latest epoch's, if it learned nothing
        self.first_loss: float | None = None
        self.bad_loss: float | None = None

    def _freeze(self, count: int) -> tuple[torch.nn.Module, ...]:
        """The blocks of the first ``count`` layers, their parameters taken out of training.

        Their BatchNorm statistics must not move either, so the loop keeps them in evaluation
        mode (:meth:`_hold_frozen`); the flags are given back when the run ends.
        """
        if count == 0:
            return ()
        layers = len(self.spec.layers)
        if count > layers:
            raise TrainingError(
                "{count} layers are to be frozen, but the network has only {layers}. Freeze at "
                "most {layers} (frozen_layers), or 0 to train every layer.",
                count=count, layers=layers)
        blocks = tuple(self.model.layers[:count])
        self._frozen_params = [p for b in blocks for p in b.parameters() if p.requires_grad]
        for p in self._frozen_params:
            p.requires_grad_(False)
        if not any(p.requires_grad for p in self.model.parameters()):
            self._thaw()
            raise TrainingError(
                "Every layer with weights is frozen, so nothing would train. Freeze fewer layers "
                "(frozen_layers).")
        return blocks

    def _thaw(self) -> None:
        for p in getattr(self, "_frozen_params", ()):
            p.requires_grad_(True)

    def _hold_frozen(self) -> None:
        """Frozen layers in evaluation mode: BatchNorm uses, and keeps, its stored statistics
        (an evaluation or snapshot puts the whole model back in training mode afterwards)."""
        for block in self.frozen:
            if block.training:
                block.eval()

    # -- the run -----------------------------------------------------------------------------
    def run(self) -> TrainingResult:
        """Train until the epochs are done, a stop is requested, or the loss diverges."""
        threads = self._threads_outside = torch.get_num_threads()
        wanted = 1 if self._prefers_one_thread() else (self.cpu_threads or threads)
        if wanted != threads:
            torch.set_num_threads(wanted)
        try:
            return self._run()
        except Exception as exc:  # any failure ends the run with a message, never a crash
            return self._fail_from_exception(exc)
        finally:
            self._thaw()
            if wanted != threads:
                torch.set_num_threads(threads)

    def _augment(self, xs: torch.Tensor) -> None:
        """Warp the epoch's images with every thread the run may use: a small model trains on
        one thread, but resampling thousands of images at once gains from all of them."""
        assert self.augmentation is not None
        during, allowed = torch.get_num_threads(), self.cpu_threads or self._threads_outside
        if allowed != during:
            torch.set_num_threads(allowed)
        try:
            self.augmentation.apply_(xs)
        finally:
            if allowed != during:
                torch.set_num_threads(during)

    def _prefers_one_thread(self) -> bool:
        """Small models trained off the main thread (the GUI's worker) run faster on one thread.

        Measured on 2 cores: ``mlp-mnist`` trains 4x slower with two intra-op threads when the
        loop runs in a secondary thread (each tiny op pays for waking the thread team), and as
        fast as on the main thread with one. On the main thread two threads win on long runs
        (Fashion-MNIST: 0.54 s per epoch against 0.63 s), so the command line keeps them.
        Larger models gain from every core.
        """
        if self.device.type != "cpu" or threading.current_thread() is threading.main_thread():
            return False
        return self.analysis.macs * self.config.batch_size < SMALL_MODEL_MACS_PER_BATCH

    def _run(self) -> TrainingResult:
        cfg, objective = self.config, self.objective
        n = len(self.train_x)
        if n == 0:
            raise TrainingError("There are no training samples left after the validation split.")
        batch_size = min(cfg.batch_size, n)
        batches = math.ceil(n / batch_size)
        self.result = result = TrainingResult(
            status="completed",
            config=cfg,
            device=str(self.device),
            # A softmax or sigmoid that later layers change trains, but not as meant: say so in
            # the run's warnings too (the editor shows the same warning on the layer's card).
            warnings=objective.warning_messages() + tuple(
                _analysis_warning(w) for w in self.analysis.warnings
            ) + target_warnings(cfg.target_accuracy, objective.regression),
            history={key: [] for key in HISTORY_KEYS},
            weights_start=self.weights_start,
            live_changes=[],
        )
        self.on_event(
            RunStarted(cfg.epochs, batches, n, len(self.val_x), str(self.device), result.warnings,
                       self.weights_start)
        )
        if self.on_snapshot is not None:
            self.snapshot_every = self.on_snapshot.plan(cfg.epochs, batches)
            self.on_snapshot(0, 0, self.model, epoch_end=True)  # the untrained network
        torch.manual_seed(cfg.seed)  # dropout draws from the global generator
        shuffle = torch.Generator().manual_seed(cfg.seed + 1)
        clock = Clock(batch_size)
        best_val, bad_epochs = math.inf, 0
        self.model.train()
        # Each epoch's shuffled copy goes into the same buffers: a fresh 190 MB tensor per epoch
        # would cost more in page faults than the gather itself.
        xs, ys = torch.empty_like(self.train_x), torch.empty_like(self.train_y)
        for epoch in range(1, cfg.epochs + 1):
            perm = torch.randperm(n, generator=shuffle).to(self.device)
            progress = EpochProgress(self, epoch, batches, clock, ys)
            torch.index_select(self.train_x, 0, perm, out=xs)
            torch.index_select(self.train_y, 0, perm, out=ys)
            if self.augmentation is not None:  # new draws each epoch, on the copy only
                self._augment(xs)
            done = self._train_epoch(xs, ys, progress)
            if done is None:
                return self._diverged(result, epoch - 1, clock.total())
            clock.end_epoch(min(done * batch_size, n))
            if self.control.aborted:  # the window is closing: skip the partial epoch's checks
                result.status = "stopped"
                break
            if done == 0:
                break
            train_loss = float(np.mean(progress.losses))
            train_acc = None
            if not objective.regression:
                train_acc = progress.correct / min(done * batch_size, n)
            val = None
            if len(self.val_x):
                val = evaluate(self.model, objective, self.val_x, self.val_y)
            self._record_epoch(result, epoch, train_loss, train_acc, val, clock.last_epoch,
                               self._stuck(progress, train_acc, val))
            if self.on_snapshot is not None:
                confusion = val.confusion if val is not None and val.confusion.size else None
                self.on_snapshot(epoch, done, self.model, confusion, epoch_end=True)
            if result.status == "stopped":
                break
            target = self._target_reached(epoch, val)
            if val is not None and (cfg.keep_best or cfg.early_stopping_patience):
                if val.loss < best_val:
                    best_val, bad_epochs = val.loss, 0
                    if cfg.keep_best:
                        result.best_state_dict = _cpu_copy(self.model)
                else:
                    bad_epochs += 1
                    if target is None and cfg.early_stopping_patience and \
                            bad_epochs >= cfg.early_stopping_patience:
                        result.status = "early_stopped"
                        result.message = Message(
                            "Stopped early: the validation loss has not improved for "
                            "{epochs} epochs.", epochs=bad_epochs)
                        break
            if target is not None:
                result.status, result.message = TARGET_REACHED, target
                break
        return self._finish(result, clock.total(), clock.seen)

    def _target_reached(self, epoch: int, val: Evaluation | None) -> Message | None:
        """The run's final message once ``epoch`` reached ``target_accuracy``, else None.

        Measured on the validation set; a run without one is measured on the test set, which is
        evaluated after each epoch only for this (see :mod:`playground.core.training.target`).
        """
        target = self.config.target_accuracy
        if target <= 0 or self.objective.regression:
            return None
        if val is not None:
            return target_message(target, val.accuracy, epoch)
        test = evaluate(self.model, self.objective, self.test_x, self.test_y)
        return target_message(target, test.accuracy, epoch, on_test=True)

    def _train_epoch(
        self, xs: torch.Tensor, ys: torch.Tensor, progress: EpochProgress
    ) -> int | None:
        """Train one pass over ``xs``; the number of batches done, or ``None`` if it diverged."""
        objective, optimizer, control = self.objective, self.optimizer, self.control
        forward = self.model.forward_logits if objective.uses_logits else self.model
        batch_size = min(self.config.batch_size, len(xs))
        for b in range(progress.batches):
            if control.paused or control.stop_requested:
                waited = time.perf_counter()
                go_on = control.checkpoint(lambda b=b: progress.flush(b))
                progress.clock.exclude(time.perf_counter() - waited)
                if not go_on:
                    self.result.status = "stopped"
                    return b if progress.flush(b) else None
            lr = control.take_learning_rate()
            if lr is not None:
                self._set_learning_rate(lr, progress.epoch, b)
            if self.frozen:
                self._hold_frozen()
            start = b * batch_size
            xb, yb = xs[start : start + batch_size], ys[start : start + batch_size]
            out = forward(xb)
            loss = objective.loss(out, yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            progress.add(loss, out)
            self.steps += 1
            if self.snapshot_every and (b + 1) % self.snapshot_every == 0:
                self.on_snapshot(progress.epoch, b + 1, self.model)  # type: ignore[misc]
            if progress.due() and not progress.flush(b + 1):
                return None
        return progress.batches if progress.flush(progress.batches) else None

    def loss_is_sane(self, losses: np.ndarray) -> bool:
        """``False`` once a loss is NaN, infinite, or has exploded far above where it started."""
        if len(losses) == 0:
            return True
        if self.first_loss is None:
            self.first_loss = float(losses[0])
        limit = EXPLOSION_FACTOR * max(abs(self.first_loss), 1e-3)
        bad = ~np.isfinite(losses) | (losses > limit)
        if bad.any():
            self.bad_loss = float(losses[np.argmax(bad)])
            return False
        return True

    def _lr(self) -> float:
        return float(self.optimizer.param_groups[0]["lr"])

    def _set_learning_rate(self, lr: float, epoch: int, batch: int) -> None:
        """Apply a learning rate asked for during the run, and record it in the run: its
        ``config`` keeps the rate it started with, so without the record a run slowed down half
        way would read as one trained at the first rate throughout."""
        old = self._lr()
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        if lr == old:
            return
        change = SettingChanged(epoch, batch, self.steps, "learning_rate", old, lr)
        if self.result.live_changes is not None:
            self.result.live_changes.append(change)
        self.on_event(change)

    def _record_epoch(
        self,
        result: TrainingResult,
        epoch: int,
        train_loss: float,
        train_acc: float | None,
        val: Evaluation | None,
        seconds: float,
        stuck: Stuck | None = None,
    ) -> None:
        event = EpochEnd(
            epoch, train_loss, train_acc, val.loss if val else None,
            val.accuracy if val else None, seconds, self._lr(),
            stuck.message(self._lr()) if stuck is not None else None,
        )
        self.stuck_message = event.stuck
        h = result.history
        h["epoch"].append(epoch)
        h["train_loss"].append(train_loss)
        h["train_accuracy"].append(train_acc)
        h["val_loss"].append(event.val_loss)
        h["val_accuracy"].append(event.val_accuracy)
        h["seconds"].append(seconds)
        h["learning_rate"].append(event.learning_rate)
        result.epochs_completed = epoch
        self.on_event(event)

    def _stuck(self, progress: EpochProgress, train_acc: float | None,
               val: Evaluation | None) -> Stuck | None:
        """Whether the epoch learned nothing, judged on the validation set when there is one
        (the training answers are given while the weights still move)."""
        if self.objective.regression or train_acc is None:
            return None
        if val is not None and val.accuracy is not None and val.confusion.size:
            return stuck_check(val.confusion.sum(axis=0), val.confusion.sum(axis=1),
                               val.accuracy)
        return stuck_check(progress.answers, progress.labels, train_acc)

    def _finish(self, result: TrainingResult, seconds: float, seen: int) -> TrainingResult:
        if self.stuck_message is not None:  # it ended stuck: the result keeps saying so
            result.warnings = (*result.warnings, self.stuck_message)
            logger.info("A training run ended without learning: %s", self.stuck_message)
        if result.best_state_dict is not None and self.config.keep_best:
            self.model.load_state_dict(result.best_state_dict)
        result.seconds = seconds
        result.samples_per_second = seen / seconds if seconds > 0 else 0.0
        if not self.control.aborted:
            result.test = evaluate(self.model, self.objective, self.test_x, self.test_y)
        result.state_dict = _cpu_copy(self.model)
        self.on_event(Finished(result))
        return result

    def _diverged(self, result: TrainingResult, epochs: int, seconds: float) -> TrainingResult:
        bad = self.bad_loss if self.bad_loss is not None else math.nan
        if math.isnan(bad):
            explanation = Message(DIVERGED_NAN)
        elif math.isinf(bad):
            explanation = Message(DIVERGED_INFINITE)
        else:
            explanation = Message(DIVERGED_EXPLODED, first=self.first_loss, last=bad)
        lr = self._lr()
        result.status = "diverged"
        result.epochs_completed = epochs
        result.seconds = seconds
        typical = TYPICAL_LEARNING_RATE[self.config.optimizer]
        suggestion = Message(DIVERGED_SUGGESTION, lr=min(lr / 10, typical))
        result.message = Message("{explanation} {suggestion}", explanation=explanation,
                                 suggestion=suggestion)
        # A setting to change, not a fault: recorded, but not shouted on the error output.
        logger.info("A training run diverged after %d epochs: %s", epochs, result.message)
        result.state_dict = _cpu_copy(self.model)
        self.on_event(Failed("diverged", explanation, suggestion, result))
        return result

    def _fail_from_exception(self, exc: Exception) -> TrainingResult:
        result = getattr(self, "result", None) or TrainingResult(
            "failed", self.config, weights_start=self.weights_start, live_changes=[])
        result.status = "failed"
        if isinstance(exc, torch.OutOfMemoryError) or "out of memory" in str(exc).lower():
            reason = "out_of_memory"
            explanation = Message("The {device} ran out of memory while training.",
                                  device=self.device.type.upper())
            suggestion = Message("Use a smaller batch size or a smaller network.")
        else:
            reason = "error"
            error = f"{type(exc).__name__}: {exc}"  # the program's own words, as they are
            explanation = Message("Training stopped with an error: {error}", error=error)
            suggestion = details_suggestion()
        # Logged first, so the file holds the traceback by the time the message points there.
        logger.error("A training run failed (%s): %s", reason, explanation, exc_info=exc)
        result.message = Message("{explanation} {suggestion}", explanation=explanation,
                                 suggestion=suggestion)
        self.traceback = traceback.format_exc()
        self.on_event(Failed(reason, explanation, suggestion, result))
        return result


def train(
    spec: NetworkSpec,
    config: TrainingConfig,
    data: TrainingData,
    **kwargs: Any,
) -> TrainingResult:
    """Build, train and evaluate in one call (the command line and tests use this)."""
    return Trainer(spec, config, data, **kwargs).run()
