"""Snapshots while training: what is kept, how it is thinned, and that replay shows the past.

The recorder runs with the real ``Trainer`` through its events (``listener_for``) and with a plain
loop calling the hook exactly as the ``Trainer`` will (``plan``, then ``recorder(...)``).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from playground.core.data.datasets import load_dataset
from playground.core.inspect.boundary import decision_grid
from playground.core.inspect.inside import conv_filters
from playground.core.inspect.snapshots import SnapshotRecorder
from playground.core.network.build import build_model
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.config import TrainingConfig
from playground.core.training.events import EpochEnd
from playground.core.training.loop import Trainer
from playground.core.training.objective import Objective

CNN = TEMPLATES["cnn-mnist"].spec
SPIRAL = TEMPLATES["toy-spiral"].spec


@pytest.fixture(scope="module")
def mnist():
    return load_dataset("mnist", limit=192)


def test_replay_shows_the_first_epochs_filters_after_later_epochs_changed_them(mnist) -> None:
    recorder = SnapshotRecorder(CNN, min_interval=0.0)
    seen: dict[int, list] = {}
    config = TrainingConfig(epochs=3, batch_size=64, validation_split=0.0, device="cpu")
    trainer = Trainer(CNN, config, mnist)

    def on_event(event) -> None:  # the filters as they were when each epoch ended
        if isinstance(event, EpochEnd):
            seen[event.epoch] = conv_filters(trainer.model)

    trainer.on_event = recorder.listener_for(trainer.model, forward=on_event)
    assert trainer.run().status == "completed"
    assert [s.epoch for s in recorder.snapshots if s.epoch_end] == [0, 1, 2, 3]
    first = recorder.at(recorder.index_of_epoch(1)).filters()
    final = conv_filters(trainer.model)
    for replayed, then, now in zip(first, seen[1], final, strict=True):
        np.testing.assert_array_equal(replayed.kernels, then.kernels)
        assert not np.allclose(replayed.kernels, now.kernels)
    before = recorder.at(0)
    assert before.label == "before training" and before.boundary is None
    np.testing.assert_array_equal(
        before.filters()[0].kernels, conv_filters(build_model(CNN, seed=0))[0].kernels
    )
    assert recorder.at(-1).dense_images(CNN) is None  # its Dense layer sees features, not pixels


def test_the_hook_as_the_trainer_calls_it_records_boundaries_and_confusions() -> None:
    data = load_dataset("toy-spiral")
    model = build_model(SPIRAL, seed=0)
    objective = Objective("cross_entropy", "softmax", 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.03)
    recorder = SnapshotRecorder(SPIRAL, boundary_resolution=40, min_interval=0.0,
                                snapshots_per_run=20)  # fmt: skip
    epochs, batch_size = 4, 25
    batches = len(data.train_x) // batch_size
    every = recorder.plan(epochs, batches)
    assert every == 2  # 4 × 10 batches over about 20 snapshots
    recorder(0, 0, model, epoch_end=True)
    for epoch in range(1, epochs + 1):
        for b in range(batches):
            xb = data.train_x[b * batch_size : (b + 1) * batch_size]
            yb = data.train_y[b * batch_size : (b + 1) * batch_size]
            loss = objective.loss(model.forward_logits(xb), yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step = (epoch - 1) * batches + b + 1
            if every and step % every == 0:
                recorder(epoch, b + 1, model)
        confusion = np.array([[epoch, 1], [2, 3]])
        recorder(epoch, batches, model, confusion, epoch_end=True)
    snaps = recorder.snapshots
    # The snapshot of a last batch is replaced by its epoch end, not recorded twice.
    assert len(snaps) == 1 + epochs * (batches // every)
    ends = [s for s in snaps if s.epoch_end]
    assert [s.epoch for s in ends] == [0, 1, 2, 3, 4]
    assert ends[0].confusion is None and ends[2].confusion.tolist() == [[2, 1], [2, 3]]
    assert all(s.confusion is None for s in snaps if not s.epoch_end)
    grids = [s.boundary.probabilities for s in ends]
    assert all(g.shape == (40, 40) and g.dtype == np.float32 for g in grids)
    assert np.abs(grids[0] - grids[-1]).max() > 0.05
    np.testing.assert_array_equal(grids[-1], decision_grid(model, resolution=40).probabilities)
    assert [s.label for s in snaps[:2]] == ["before training", "epoch 1, batch 2"]


def test_memory_cap_thins_the_oldest_and_keeps_first_and_newest() -> None:
    model = build_model(SPIRAL, seed=0)
    one = SnapshotRecorder(SPIRAL, min_interval=0.0)(0, 0, model, epoch_end=True).nbytes
    recorder = SnapshotRecorder(SPIRAL, max_bytes=10 * one, min_interval=0.0)
    for epoch in range(40):
        for batch in (3, 6):
            recorder(epoch + 1, batch, model)
        recorder(epoch + 1, 10, model, epoch_end=True)
    snaps = recorder.snapshots
    assert recorder.nbytes <= 10 * one and len(snaps) >= 5
    assert (snaps[0].epoch, snaps[-1].epoch, snaps[-1].epoch_end) == (1, 40, True)
    epochs = [s.epoch for s in snaps]
    assert epochs == sorted(epochs)
    gaps = np.diff(epochs)
    assert gaps[0] >= gaps[-1]  # old epochs sparse, recent ones dense
    counted = SnapshotRecorder(SPIRAL, max_snapshots=5, min_interval=0.0)
    for epoch in range(20):
        counted(epoch, 0, model, epoch_end=True)
    assert len(counted) <= 5 and counted.at(0).epoch == 0 and counted.at(-1).epoch == 19


def test_mid_epoch_snapshots_are_rate_limited_and_planned_by_run_length() -> None:
    model = build_model(SPIRAL, seed=0)
    recorder = SnapshotRecorder(SPIRAL, min_interval=60.0)
    assert recorder(1, 1, model) is not None
    assert recorder(1, 2, model) is None  # too soon
    assert recorder(1, 3, model, epoch_end=True) is not None  # epoch ends always count
    version = recorder.version
    recorder.clear()
    assert len(recorder) == 0 and recorder.version > version
    assert recorder.plan(300, 25) == 0  # long runs: epoch ends only
    assert recorder.plan(5, 900) == 75  # short runs: about 60 over the run
    assert recorder.plan(1, 1) == 0


def test_recording_changes_nothing_and_a_full_state_rebuilds_the_model() -> None:
    model = build_model(CNN, seed=0)  # Dropout: the mode matters
    state = {k: v.clone() for k, v in model.state_dict().items()}
    rng = torch.random.get_rng_state()
    received = []
    recorder = SnapshotRecorder(CNN, keep_full_state=True, listener=received.append)
    snap = recorder(1, 5, model, epoch_end=True)
    assert received == [snap] and model.training
    assert all(torch.equal(v, state[k]) for k, v in model.state_dict().items())
    assert torch.equal(torch.random.get_rng_state(), rng)
    with torch.no_grad():
        model.layers[0][0].weight.mul_(2.0)  # training goes on; the snapshot must not follow
    replica = snap.model(CNN)
    assert not replica.training
    assert torch.equal(replica.layers[0][0].weight, state["layers.0.0.weight"])
    lean = SnapshotRecorder(CNN)(1, 5, model, epoch_end=True)
    assert lean.nbytes < snap.nbytes
    with pytest.raises(ValueError):
        lean.model(CNN)


def test_the_trainer_calls_the_hook_before_training_mid_epoch_and_at_each_epoch_end() -> None:
    spiral = TEMPLATES["toy-spiral"]
    data = load_dataset(spiral.spec.dataset)
    recorder = SnapshotRecorder(spiral.spec, min_interval=0.0, snapshots_per_run=20)
    config = spiral.config.with_changes(epochs=3, device="cpu", validation_split=0.2)
    Trainer(spiral.spec, config, data, on_snapshot=recorder).run()
    kept = recorder.snapshots
    assert (kept[0].epoch, kept[0].batch, kept[0].epoch_end) == (0, 0, True)
    ends = [s for s in kept if s.epoch_end]
    assert [s.epoch for s in ends] == [0, 1, 2, 3]
    assert any(not s.epoch_end for s in kept)  # a short run also gets mid-epoch snapshots
    for s in ends[1:]:  # validation confusion matrices and boundaries at each epoch end
        assert s.confusion is not None and s.confusion.shape == (2, 2)
        assert s.boundary is not None
    assert not np.array_equal(ends[0].boundary.probabilities, ends[-1].boundary.probabilities)
