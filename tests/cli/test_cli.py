"""End-to-end runs of ``python -m playground``: real processes, real training on small slices."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from playground.core.files.project import load_project
from playground.core.teaching.templates import TEMPLATES


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "playground", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def test_templates_lists_every_template_with_its_dataset() -> None:
    out = run("templates")
    assert out.returncode == 0
    lines = out.stdout.strip().splitlines()
    assert len(lines) == len(TEMPLATES)
    for line, t in zip(lines, TEMPLATES.values(), strict=True):
        assert line.split()[:2] == [t.name, t.dataset]


def test_summary_prints_the_table_and_total() -> None:
    out = run("summary", "mlp-mnist")
    assert out.returncode == 0
    assert "Total params: 55,050" in out.stdout
    assert "(None, 64)" in out.stdout


@pytest.mark.slow
def test_train_writes_metrics_and_a_project(tmp_path: Path) -> None:
    metrics, project = tmp_path / "m.json", tmp_path / "run.nnp"
    out = run("train", "mlp-mnist", "--epochs", "2", "--limit", "2000", "--seed", "1",
              "--metrics-json", str(metrics), "--out", str(project))
    assert out.returncode == 0, out.stderr
    assert "Test: loss" in out.stdout and "epoch 2/2" in out.stderr
    data = json.loads(metrics.read_text())
    for key in ("test_accuracy", "test_loss", "epochs", "seconds_per_epoch",
                "samples_per_second", "history", "confusion_matrix"):
        assert key in data
    assert data["epochs"] == 2 and data["test_accuracy"] > 0.7
    assert len(data["confusion_matrix"]) == 10
    assert sum(map(sum, data["confusion_matrix"])) == 1500  # every test digit
    saved = load_project(project)
    assert saved.history[-1]["test_accuracy"] == data["test_accuracy"]
    assert saved.weights is not None and saved.training.seed == 1
    # A saved project can be summarised and trained again from the file.
    again = run("train", str(project), "--epochs", "1", "--limit", "500", "--out", str(project))
    assert again.returncode == 0, again.stderr
    assert len(load_project(project).history) == 2
    assert "Total params: 55,050" in run("summary", str(project)).stdout


def test_switching_dataset_adapts_the_input(tmp_path: Path) -> None:
    out = run("train", "toy-spiral", "--dataset", "toy-xor", "--epochs", "20")
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("summary", "no-such-template"), "neither a template"),
        (("train", "mlp-mnist", "--batch-size", "0"), "batch_size"),
        (("train", "mlp-mnist", "--epochs", "many"), "epochs must be a number, not 'many'"),
        (("train", "mlp-mnist", "--dataset", "cifar10"), "not on this computer"),
        (("train", "mlp-mnist", "--dataset", "imagenet"), "Unknown dataset"),
        (("train", "rnn-mnist", "--dataset", "toy-xor"), "LSTM reads a sequence"),
        (("train", "mlp-mnist", "--optimizer", "lbfgs"), "optimizer must be one of"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: tuple[str, ...], message: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert message in out.stderr
    assert len(out.stderr.strip().splitlines()) <= 3


def test_a_broken_project_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "broken.nnp"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    out = run("train", str(bad))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "broken.nnp" in out.stderr


def test_divergence_exits_1_with_an_explanation() -> None:
    out = run("train", "mlp-mnist", "--lr", "1000", "--optimizer", "sgd", "--limit", "1000")
    assert out.returncode == 1
    assert "Lower the learning rate" in out.stderr and "Traceback" not in out.stderr


def test_ctrl_c_stops_cleanly_and_still_writes(tmp_path: Path) -> None:
    metrics, project = tmp_path / "m.json", tmp_path / "p.nnp"
    proc = subprocess.Popen(
        [sys.executable, "-m", "playground", "train", "mlp-mnist", "--epochs", "500",
         "--metrics-json", str(metrics), "--out", str(project)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stderr is not None
    for line in proc.stderr:  # wait until at least one epoch is done
        if line.startswith("epoch 2/"):
            break
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr and "Stopping" in stderr
    data = json.loads(metrics.read_text())
    assert data["status"] == "stopped" and 2 <= data["epochs"] < 500
    assert data["test_accuracy"] > 0.8
    assert load_project(project).weights is not None
