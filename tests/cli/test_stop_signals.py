"""SIGTERM and SIGHUP end a ``train`` run as Ctrl+C does: after the current batch, with the
project and the metrics saved, a line saying why, and a non-zero exit status."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from playground.cli import main
from playground.cli_stop import StopOnSignals
from playground.core.files.project import load_project
from playground.core.network.build import build_model
from playground.core.teaching.templates import TEMPLATES


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_stops_the_run_and_saves_it(tmp_path: Path, signum: int) -> None:
    project, metrics = tmp_path / "x.nnp", tmp_path / "m.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "playground", "train", "mlp-mnist", "--epochs", "500",
         "--out", str(project), "--metrics-json", str(metrics)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:  # wait until the run has visibly trained an epoch
        seen.append(line)
        if line.startswith("epoch 1/"):
            break
    proc.send_signal(signum)
    stdout, rest = proc.communicate(timeout=120)
    stderr = "".join(seen) + rest
    name = signal.Signals(signum).name
    assert proc.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith(f"Stopped by {name} after epoch "), last
    assert f"the project so far was saved to {project} and its metrics to {metrics}." in last
    assert f"Saved {project}" in stdout

    saved = load_project(project)
    record = saved.history[-1]
    assert record["status"] == "stopped" and 1 <= record["epochs"] < 500
    assert record["test_accuracy"] > 0.8  # trained weights, not the untrained network's
    untrained = build_model(TEMPLATES["mlp-mnist"].spec, seed=0).state_dict()
    assert saved.weights is not None and saved.weights.keys() == untrained.keys()
    assert any(not torch.equal(saved.weights[k], untrained[k]) for k in untrained)
    assert json.loads(metrics.read_text())["status"] == "stopped"


def test_previous_handlers_come_back_after_a_run() -> None:
    def mine(signum: int, frame: object) -> None:
        pass

    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGHUP)}
    previous_term = signal.signal(signal.SIGTERM, mine)
    try:
        code = main(["train", "toy-spiral", "--epochs", "1", "--quiet"], io.StringIO(),
                    io.StringIO())
        assert code == 0
        assert signal.getsignal(signal.SIGTERM) is mine
        assert {s: signal.getsignal(s) for s in before} == before
    finally:
        signal.signal(signal.SIGTERM, previous_term)


def test_the_first_signal_asks_to_stop_and_the_second_gets_the_old_handler() -> None:
    stops: list[int] = []
    err = io.StringIO()

    def old(signum: int, frame: object) -> None:
        stops.append(-signum)

    previous = signal.signal(signal.SIGTERM, old)
    try:
        with StopOnSignals(lambda: stops.append(1), err) as stopper:
            os.kill(os.getpid(), signal.SIGTERM)
            assert stops == [1] and stopper.received == signal.SIGTERM
            os.kill(os.getpid(), signal.SIGTERM)
            assert stops == [1, -signal.SIGTERM]
        assert stopper.exit_code(0) == 128 + signal.SIGTERM
        assert "Stopping after this batch" in err.getvalue()
        assert signal.getsignal(signal.SIGTERM) is old
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_ctrl_c_keeps_exit_status_0() -> None:
    with StopOnSignals(lambda: None, io.StringIO()) as stopper:
        os.kill(os.getpid(), signal.SIGINT)
    assert stopper.name == "Ctrl+C" and stopper.exit_code(0) == 0
