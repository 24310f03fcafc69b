"""The training engine: results, determinism, steering from another thread, failures."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from playground.core import logs
from playground.core.data.datasets import load_dataset
from playground.core.errors import TrainingError
from playground.core.network.build import build_model
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.config import TrainingConfig
from playground.core.training.control import TrainingControl
from playground.core.training.evaluation import evaluate
from playground.core.training.events import BatchProgress, EpochEnd, Failed, Finished, RunStarted
from playground.core.training.loop import Trainer, resolve_device, train
from playground.core.training.objective import Objective

MLP = TEMPLATES["mlp-mnist"].spec


@pytest.fixture(scope="module")
def small_mnist():
    return load_dataset("mnist", limit=1200)


def config(**changes) -> TrainingConfig:
    return TrainingConfig(**{"epochs": 2, "batch_size": 32, **changes})


def test_training_learns_and_reports_every_epoch(small_mnist) -> None:
    events = []
    result = train(MLP, config(), small_mnist, on_event=events.append)
    assert result.status == "completed" and result.epochs_completed == 2
    assert isinstance(events[0], RunStarted) and isinstance(events[-1], Finished)
    epochs = [e for e in events if isinstance(e, EpochEnd)]
    assert [e.epoch for e in epochs] == [1, 2]
    assert epochs[1].train_loss < epochs[0].train_loss
    assert all(e.val_loss is not None and 0 <= e.val_accuracy <= 1 for e in epochs)
    # Every batch's loss arrives, in chunks.
    chunks = [e.losses for e in events if isinstance(e, BatchProgress)]
    assert len(np.concatenate(chunks)) == len(result.batch_losses) == 2 * 34
    assert result.test.accuracy > 0.6
    assert result.history["train_loss"] == [e.train_loss for e in epochs]
    assert set(result.state_dict) == set(build_model(MLP).state_dict())


def test_same_seed_gives_the_same_run(small_mnist) -> None:
    spec = TEMPLATES["cnn-mnist"].spec  # has Dropout, so the global generator matters too
    a = train(spec, config(epochs=1, seed=3), small_mnist)
    b = train(spec, config(epochs=1, seed=3), small_mnist)
    c = train(spec, config(epochs=1, seed=4), small_mnist)
    assert a.batch_losses == b.batch_losses
    assert a.history == {k: v for k, v in b.history.items()} | {"seconds": a.history["seconds"]}
    assert a.batch_losses != c.batch_losses


def test_evaluation_matches_a_hand_computation(small_mnist) -> None:
    model = build_model(MLP, seed=0)
    objective = Objective("cross_entropy", "softmax", 10)
    x, y = small_mnist.test_x, small_mnist.test_y
    ev = evaluate(model, objective, x, y, batch_size=64)
    with torch.no_grad():
        logits = model.forward_logits(x)
    pred = logits.argmax(1)
    assert ev.accuracy == pytest.approx(float((pred == y).float().mean()))
    assert ev.loss == pytest.approx(float(F.cross_entropy(logits, y)), rel=1e-5)
    assert ev.confusion.sum() == len(y)
    assert ev.confusion[3, 5] == int(((y == 3) & (pred == 5)).sum())
    per_class_3 = float((pred[y == 3] == 3).float().mean())
    assert ev.per_class_accuracy[3] == pytest.approx(per_class_3)


def test_softmax_output_is_not_softmaxed_twice() -> None:
    objective = Objective("cross_entropy", "softmax", 3)
    assert objective.uses_logits and objective.warnings() == ()
    logits = torch.tensor([[2.0, 0.0, -1.0]])
    assert float(objective.loss(logits, torch.tensor([0]))) == pytest.approx(
        float(-torch.log_softmax(logits, 1)[0, 0])
    )


def test_sigmoid_with_cross_entropy_warns_and_explains(small_mnist) -> None:
    spec = MLP.replace_layer(3, MLP.layers[3].with_params(activation="sigmoid"))
    events = []
    result = train(spec, config(epochs=1), small_mnist, on_event=events.append)
    assert "sigmoid" in str(result.warnings[0]) and "softmax" in str(result.warnings[0])
    assert events[0].warnings == result.warnings


@pytest.mark.parametrize("loss", ["mse", "binary_cross_entropy", "nll"])
def test_other_losses_train(small_mnist, loss: str) -> None:
    # NLL reads log-probabilities: its network ends in log_softmax instead of softmax.
    spec = MLP.replace_layer(3, MLP.layers[3].with_params(activation="log_softmax")) \
        if loss == "nll" else MLP
    result = train(spec, config(loss=loss, epochs=1), small_mnist)
    assert result.status == "completed" and result.test.accuracy > 0.3


@pytest.mark.parametrize("optimizer", ["sgd", "adamw", "rmsprop", "adagrad"])
def test_every_optimizer_trains(small_mnist, optimizer: str) -> None:
    lr = 0.05 if optimizer in ("sgd", "adagrad") else 1e-3
    cfg = config(optimizer=optimizer, learning_rate=lr, momentum=0.9, nesterov=True, epochs=1)
    assert train(MLP, cfg, small_mnist).test.accuracy > 0.5


def test_cross_entropy_needs_two_outputs() -> None:
    with pytest.raises(TrainingError, match="binary cross-entropy"):
        Objective("cross_entropy", "sigmoid", 1)


def test_a_huge_learning_rate_ends_the_run_with_an_explanation(small_mnist) -> None:
    events = []
    cfg = config(optimizer="sgd", learning_rate=1e3, epochs=3)
    result = train(MLP, cfg, small_mnist, on_event=events.append)
    assert result.status == "diverged"
    failed = events[-1]
    assert isinstance(failed, Failed) and failed.reason == "diverged"
    assert "learning rate" in str(failed.suggestion).lower()
    assert result.epochs_completed == 0


def test_an_exception_in_the_loop_becomes_a_failed_event(small_mnist, monkeypatch) -> None:
    events = []
    trainer = Trainer(MLP, config(), small_mnist, on_event=events.append)

    def broken(*args, **kwargs):
        raise RuntimeError("CUDA out of memory. Tried to allocate 2 GiB")

    monkeypatch.setattr(trainer.objective.__class__, "loss", broken)
    result = trainer.run()
    assert result.status == "failed"
    assert isinstance(events[-1], Failed) and events[-1].reason == "out_of_memory"
    assert "batch size" in str(events[-1].suggestion)


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The log written to a file of this test's own, as the app and the command line do."""
    path = logs.setup_logging(tmp_path / "logs")
    assert path is not None
    yield path
    logs.close_logging()


def test_a_failed_run_logs_its_traceback_and_its_message_names_the_log(
    small_mnist, log_file: Path, monkeypatch
) -> None:
    model = build_model(MLP)

    def broken_forward(x: torch.Tensor) -> torch.Tensor:
        raise ValueError("this network cannot run forward")

    monkeypatch.setattr(model, "forward", broken_forward)
    monkeypatch.setattr(model, "forward_logits", broken_forward)
    events: list = []
    result = train(MLP, config(), small_mnist, model=model, on_event=events.append)
    assert result.status == "failed"
    failed = events[-1]
    assert isinstance(failed, Failed) and failed.reason == "error"
    assert str(failed.explanation) == (
        "Training stopped with an error: ValueError: this network cannot run forward"
    )
    assert str(failed.suggestion) == (
        f"Check the network and the training settings; details are in the log: {log_file}."
    )
    assert str(result.message).endswith(f"details are in the log: {log_file}.")
    text = log_file.read_text(encoding="utf-8")
    assert "ERROR   playground.core.training.loop" in text
    assert "A training run failed (error): Training stopped with an error" in text
    # The whole traceback, down to the line that raised.
    assert "Traceback (most recent call last):" in text
    assert "in broken_forward" in text and "ValueError: this network cannot run forward" in text


def test_without_a_log_file_the_message_points_to_the_error_output(
    small_mnist, monkeypatch
) -> None:
    logs.close_logging()
    model = build_model(MLP)

    def broken_forward(x: torch.Tensor) -> torch.Tensor:
        raise ValueError("no forward")

    monkeypatch.setattr(model, "forward", broken_forward)
    monkeypatch.setattr(model, "forward_logits", broken_forward)
    result = train(MLP, config(), small_mnist, model=model)
    assert str(result.message).endswith("details are in the error output (stderr).")


def test_a_diverged_run_is_recorded_in_the_log(small_mnist, log_file: Path) -> None:
    cfg = config(optimizer="sgd", learning_rate=1e3, epochs=3)
    result = train(MLP, cfg, small_mnist)
    assert result.status == "diverged"
    assert f"A training run diverged after 0 epochs: {result.message}" in log_file.read_text(
        encoding="utf-8")


def run_in_thread(trainer: Trainer) -> tuple[threading.Thread, list]:
    box: list = []
    thread = threading.Thread(target=lambda: box.append(trainer.run()), daemon=True)
    thread.start()
    return thread, box


class WatchedControl(TrainingControl):
    """A real control that also reports how many batches had run each time the loop blocked
    waiting on it, so a test sees "paused" as an event instead of guessing with a sleep."""

    def __init__(self) -> None:
        super().__init__()
        self.steps_when_blocked: queue.Queue[int] = queue.Queue()
        self.trainer: Trainer | None = None
        watched = self

        class ReportingCondition(threading.Condition):
            def wait(self, timeout: float | None = None) -> bool:
                assert watched.trainer is not None
                watched.steps_when_blocked.put(watched.trainer.steps)
                return super().wait(timeout)

        self._cond = ReportingCondition()

    def next_block(self, previous: int) -> int:
        """The batch count at the next block after the one at ``previous`` batches."""
        while True:
            steps = self.steps_when_blocked.get(timeout=60)  # a hang fails instead of blocking
            if steps != previous:
                return steps


def test_pause_step_resume_and_stop_from_another_thread(small_mnist) -> None:
    seen: list = []
    control = WatchedControl()
    control.pause()
    forty = threading.Event()

    def on_event(event) -> None:
        seen.append(event)
        if isinstance(event, BatchProgress) and event.step >= 40:
            forty.set()

    trainer = Trainer(MLP, config(epochs=50), small_mnist, control=control, on_event=on_event)
    control.trainer = trainer
    thread, box = run_in_thread(trainer)
    assert control.next_block(previous=-1) == 0  # paused before the first batch
    control.step()
    assert control.next_block(previous=0) == 1  # exactly one batch, then paused again
    control.step(3)
    assert control.next_block(previous=1) == 4
    control.resume()
    assert forty.wait(60)
    control.stop()
    stop_at = trainer.steps
    thread.join(60)
    assert not thread.is_alive()
    assert trainer.steps <= stop_at + 1  # the stop took effect within one batch
    result = box[0]
    assert result.status == "stopped" and result.test is not None
    assert isinstance(seen[-1], Finished)


def test_learning_rate_change_applies_at_the_next_batch(small_mnist) -> None:
    control = TrainingControl()
    lrs = []
    trainer = Trainer(MLP, config(epochs=1), small_mnist, control=control,
                      on_event=lambda e: lrs.append(e.learning_rate)
                      if isinstance(e, BatchProgress) else None)
    control.set_learning_rate(0.0123)
    result = trainer.run()
    assert trainer.optimizer.param_groups[0]["lr"] == 0.0123
    assert lrs and set(lrs) == {0.0123}
    assert result.history["learning_rate"] == [0.0123]
    with pytest.raises(ValueError):
        control.set_learning_rate(-1)


def test_keep_best_and_early_stopping(small_mnist) -> None:
    cfg = config(epochs=30, learning_rate=0.02, keep_best=True, early_stopping_patience=2,
                 validation_split=0.3)
    result = train(MLP, cfg, small_mnist)
    assert result.status == "early_stopped" and result.epochs_completed < 30
    assert "validation loss" in str(result.message)
    val = result.history["val_loss"]
    best = int(np.argmin(val))
    assert result.epochs_completed == best + 1 + 2
    assert all(torch.equal(result.state_dict[k], v) for k, v in result.best_state_dict.items())


@pytest.mark.slow
def test_recurrent_and_toy_templates_train() -> None:
    rnn = TEMPLATES["rnn-mnist"]
    data = load_dataset("mnist", limit=1500)
    assert train(rnn.spec, replace(rnn.config, epochs=2), data).test.accuracy > 0.4
    toy = TEMPLATES["toy-spiral"]
    data = load_dataset("toy-spiral", **toy.dataset_options)
    result = train(toy.spec, replace(toy.config, epochs=300), data)
    assert result.test.accuracy > 0.9


def test_regression_targets_use_mse() -> None:
    spec = NetworkSpec((3,), "numbers", 1, (LayerSpec.create("Dense", units=1,
                                                             activation="linear"),))

    class Data:
        train_x = torch.randn(256, 3)
        train_y = train_x @ torch.tensor([1.0, -2.0, 0.5])
        test_x = torch.randn(64, 3)
        test_y = test_x @ torch.tensor([1.0, -2.0, 0.5])

    result = train(spec, TrainingConfig(loss="mse", learning_rate=0.05, epochs=30), Data())
    assert result.test.accuracy is None and result.test.loss < 0.01
    with pytest.raises(TrainingError, match="mse"):
        Trainer(spec, TrainingConfig(loss="binary_cross_entropy"), Data())


def test_auto_device_falls_back_to_cpu_here() -> None:
    assert resolve_device("auto").type in ("cpu", "cuda", "mps")
    assert resolve_device("cpu").type == "cpu"


# 0.0: the abort arrives mid-epoch; 1e9: progress (and so the abort) only comes at an epoch's
# last batch, as on a fast machine where a small epoch takes less than the progress interval.
@pytest.mark.parametrize("interval", [0.0, 1e9])
def test_an_abort_ends_at_once_without_validating_the_partial_epoch(
    small_mnist, interval: float
) -> None:
    control = TrainingControl()
    events: list = []

    def on_event(event) -> None:
        events.append(event)
        if isinstance(event, BatchProgress):
            control.abort()  # as the window does when it closes mid-run

    snapshots: list = []

    class Hook:
        def plan(self, epochs: int, batches: int) -> int:
            return 0

        def __call__(self, epoch, batch, model, confusion=None, *, epoch_end=False):
            snapshots.append(epoch)

    trainer = Trainer(MLP, config(epochs=50), small_mnist, control=control,
                      on_event=on_event, on_snapshot=Hook(), progress_interval=interval)
    result = trainer.run()
    assert result.status == "stopped" and result.test is None
    assert result.history["epoch"] == [] and not any(isinstance(e, EpochEnd) for e in events)
    assert snapshots == [0]  # only the untrained network, before the first batch


def test_the_run_uses_the_cpu_threads_asked_for_and_restores_the_setting(small_mnist) -> None:
    cnn = TEMPLATES["cnn-mnist"]  # large enough not to be moved to one thread on its own
    before = torch.get_num_threads()
    seen: list[int] = []

    def on_event(event) -> None:
        if isinstance(event, RunStarted):
            seen.append(torch.get_num_threads())

    data = load_dataset("mnist", limit=100)
    Trainer(cnn.spec, replace(cnn.config, epochs=1), data, on_event=on_event,
            cpu_threads=1).run()
    assert seen == [1] and torch.get_num_threads() == before
