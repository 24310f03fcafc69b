"""The training worker thread: real (small) training driven through the runner's controls."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QCoreApplication

from playground.core.teaching.templates import TEMPLATES
from playground.core.training.config import TrainingConfig
from playground.gui.training.worker import RunRequest, TrainingRunner

MLP = TEMPLATES["mlp-mnist"]


@pytest.fixture
def runner(qtbot):
    runner = TrainingRunner()
    yield runner
    assert runner.shutdown(5000)


def collect(runner: TrainingRunner) -> dict[str, list]:
    got: dict[str, list] = {k: [] for k in ("started", "progress", "epoch", "finished", "failed")}
    runner.started.connect(got["started"].append)
    runner.progress.connect(got["progress"].append)
    runner.epochEnded.connect(got["epoch"].append)
    runner.finished.connect(got["finished"].append)
    runner.failed.connect(got["failed"].append)
    return got


def test_a_run_streams_events_to_the_gui_thread(qtbot, runner: TrainingRunner) -> None:
    got = collect(runner)
    config = replace(MLP.config, epochs=2)
    with qtbot.waitSignal(runner.finished, timeout=60_000):
        runner.start(RunRequest(MLP.spec, config, limit=1500))
    assert len(got["started"]) == 1 and len(got["epoch"]) == 2
    assert got["progress"], "no progress events"
    result = got["finished"][0]
    assert result.status == "completed" and result.test.accuracy > 0.6
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)


def test_stop_ends_the_thread_quickly(qtbot, runner: TrainingRunner) -> None:
    got = collect(runner)
    runner.start(RunRequest(MLP.spec, replace(MLP.config, epochs=200)))
    qtbot.waitUntil(lambda: len(got["progress"]) > 2, timeout=30_000)
    with qtbot.waitSignal(runner.runningChanged, timeout=2000):
        runner.stop()
    assert got["finished"][0].status == "stopped"


def test_paused_start_steps_one_batch_at_a_time(qtbot, runner: TrainingRunner) -> None:
    got = collect(runner)
    runner.start(RunRequest(MLP.spec, replace(MLP.config, epochs=5)), paused=True)
    qtbot.waitUntil(lambda: runner.waiting, timeout=30_000)  # blocked before its first batch
    QCoreApplication.processEvents()  # anything sent before blocking has arrived
    assert not got["progress"]
    runner.step()
    qtbot.waitUntil(lambda: len(got["progress"]) >= 1, timeout=30_000)
    assert got["progress"][-1].step == 1
    runner.resume()
    qtbot.waitUntil(lambda: got["progress"][-1].step > 20, timeout=30_000)
    runner.stop()
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)


def test_a_bad_request_fails_without_killing_anything(qtbot, runner: TrainingRunner) -> None:
    got = collect(runner)
    spec = replace(MLP.spec, dataset="cifar10", input_shape=(3, 32, 32))
    with qtbot.waitSignal(runner.failed, timeout=30_000):
        runner.start(RunRequest(spec, TrainingConfig()))
    assert "not on this computer" in str(got["failed"][0].explanation)
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)


def test_shutdown_mid_run_ends_the_thread(qtbot) -> None:
    """A 100-epoch run stops between batches: the thread has ended when shutdown returns."""
    runner = TrainingRunner()
    got = collect(runner)
    runner.start(RunRequest(TEMPLATES["cnn-mnist"].spec, replace(MLP.config, epochs=100)))
    qtbot.waitUntil(lambda: len(got["progress"]) > 0, timeout=30_000)
    assert runner.shutdown(30_000)  # True: the thread ended (long before 100 epochs)
    assert not runner.running


def test_snapshots_reach_the_gui_thread_as_copies(qtbot, runner: TrainingRunner) -> None:
    import torch

    snapshots: list = []
    runner.snapshotTaken.connect(snapshots.append)
    with qtbot.waitSignal(runner.finished, timeout=60_000) as finished:
        runner.start(RunRequest(MLP.spec, replace(MLP.config, epochs=2), limit=600))
    result = finished.args[0]
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    assert [s.epoch for s in snapshots if s.epoch_end] == [0, 1, 2]
    assert runner.recorder is not None and len(runner.recorder) == len(snapshots)
    first, last = snapshots[0].state, snapshots[-1].state
    assert first is not None and last is not None
    name = next(iter(result.state_dict))
    assert torch.equal(last[name], result.state_dict[name])  # the trained weights, copied
    assert not torch.equal(first[name], last[name])  # the untrained ones kept as they were
    assert first[name].data_ptr() != last[name].data_ptr()


def test_a_finished_runs_worker_and_data_are_freed(qtbot, runner: TrainingRunner) -> None:
    import gc

    from playground.gui.training.worker import TrainingWorker

    for _ in range(2):
        with qtbot.waitSignal(runner.finished, timeout=60_000):
            runner.start(RunRequest(MLP.spec, replace(MLP.config, epochs=1), limit=300))
        qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    qtbot.wait(100)  # the deferred deletions run in the GUI thread's event loop
    gc.collect()
    assert [o for o in gc.get_objects() if type(o) is TrainingWorker] == []
