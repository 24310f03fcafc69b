"""The worker's checkpoints: one after each epoch's last update, and more within long epochs."""

from __future__ import annotations

from dataclasses import replace

import pytest
import torch

from playground.core.teaching.templates import TEMPLATES
from playground.gui.training import worker as worker_module
from playground.gui.training.worker import RunRequest, TrainingRunner

MLP = TEMPLATES["mlp-mnist"]


@pytest.fixture
def runner(qtbot):
    runner = TrainingRunner()
    yield runner
    assert runner.shutdown(5000)


def test_each_epoch_end_checkpoint_holds_that_epochs_weights_and_curves(qtbot, runner) -> None:
    checkpoints, snapshots, finished = [], {}, []
    runner.checkpoint.connect(checkpoints.append)
    runner.snapshotTaken.connect(
        lambda s: snapshots.__setitem__(s.epoch, s.state) if s.epoch_end else None)
    runner.finished.connect(finished.append)
    with qtbot.waitSignal(runner.finished, timeout=60_000):
        runner.start(RunRequest(MLP.spec, replace(MLP.config, epochs=2), limit=600))
    ends = [c for c in checkpoints if c.batch == 0]
    assert [c.epoch for c in ends] == [1, 2]
    for c in ends:
        assert c.weights is snapshots[c.epoch]  # the snapshot's copy, not a second one
        assert list(c.history["epoch"]) == list(range(1, c.epoch + 1))
        assert len(c.batch_losses) == c.epoch * c.batches_per_epoch
    final = finished[0].state_dict
    assert all(torch.equal(ends[-1].weights[k], final[k]) for k in final)
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)


def test_a_long_epoch_is_checkpointed_within(qtbot, runner, monkeypatch) -> None:
    monkeypatch.setattr(worker_module, "MID_EPOCH_CHECKPOINT_SECONDS", 0.0)
    checkpoints = []
    runner.checkpoint.connect(checkpoints.append)
    with qtbot.waitSignal(runner.finished, timeout=60_000):
        runner.start(RunRequest(MLP.spec, replace(MLP.config, epochs=1, batch_size=8),
                                limit=2000))
    within = [c for c in checkpoints if c.batch > 0]
    assert within, "no checkpoint within the epoch"
    for c in within:
        assert c.epoch == 0 and 0 < c.batch < c.batches_per_epoch
        assert len(c.batch_losses) == c.batch and c.weights
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
