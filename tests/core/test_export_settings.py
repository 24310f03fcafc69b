"""The exported train.py carries the settings that change how a run trains and when it ends:
``frozen_layers`` (a transfer network's first layers keep their weights) and
``target_accuracy`` (the run ends at the target, as in the app). The scripts run in real
subprocesses on the bundled digits, a few batches each."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import torch
from safetensors.torch import load_file

from playground.core.export.formats import export
from playground.core.network.build import build_model
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.config import TrainingConfig

L = LayerSpec.create
# Three layers with weights from the first on, so "the first two layers" both hold weights.
THREE_DENSE = NetworkSpec((784,), "mnist", 10, (
    L("Dense", units=16, activation="relu"), L("Dense", units=16, activation="relu"),
    L("Dense", units=10, activation="softmax"),
), "three-dense")  # fmt: skip


def run_script(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "train.py", *args, "--device", "cpu"], cwd=cwd, capture_output=True,
        text=True, timeout=240, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip


def config_lines(script: Path) -> list[str]:
    text = script.read_text(encoding="utf-8")
    block = text[text.index("class Config:"):text.index("\n\n\n", text.index("class Config:"))]
    # Each setting's line without its comment (a long comment goes on the line above).
    return [line.strip().split("  #")[0] for line in block.splitlines()]


def test_frozen_layers_are_written_out_and_keep_their_weights(tmp_path: Path) -> None:
    config = TrainingConfig(frozen_layers=2, seed=5)
    export(THREE_DENSE, config, tmp_path / "export", "pytorch")
    lines = config_lines(tmp_path / "export" / "train.py")
    assert "frozen_layers: int = 2" in lines
    result = run_script("--epochs", "1", "--limit", "300", "--out", str(tmp_path / "run"),
                        cwd=tmp_path / "export")
    assert result.returncode == 0, result.stderr
    start = build_model(THREE_DENSE, seed=5, init=config.init).state_dict()
    trained = load_file(tmp_path / "run" / "model.safetensors")
    for key, value in start.items():
        frozen = key.startswith(("layers.0.", "layers.1."))
        assert torch.equal(trained[key], value) == frozen, key


def test_settings_left_at_their_defaults(tmp_path: Path) -> None:
    t = TEMPLATES["mlp-mnist"]
    export(t.spec, t.config, tmp_path, "pytorch")
    lines = config_lines(tmp_path / "train.py")
    assert not any(line.startswith("frozen_layers") for line in lines)  # every layer trains
    assert "target_accuracy: float = 0.0" in lines


def test_the_script_stops_at_the_target_accuracy(tmp_path: Path) -> None:
    t = TEMPLATES["mlp-mnist"]
    export(t.spec, t.config.with_changes(epochs=8, target_accuracy=0.5), tmp_path / "export",
           "pytorch")
    lines = config_lines(tmp_path / "export" / "train.py")
    assert "target_accuracy: float = 0.5" in lines
    result = run_script("--limit", "1200", "--out", str(tmp_path / "run"),
                        cwd=tmp_path / "export")
    assert result.returncode == 0, result.stderr
    epochs = json.loads((tmp_path / "run" / "metrics.json").read_text())["epochs"]
    assert epochs < 8
    assert f"Reached the target 50.0% at epoch {epochs}: validation accuracy" in result.stdout
    # Without a validation split the test set decides, and the line says so; the command
    # line's --target-accuracy sets it too.
    result = run_script("--limit", "1200", "--target-accuracy", "0.6", "--out",
                        str(tmp_path / "run2"), cwd=tmp_path / "export")
    assert result.returncode == 0, result.stderr
    assert "Reached the target 60.0% at epoch" in result.stdout
    export(t.spec, t.config.with_changes(epochs=8, target_accuracy=0.5, validation_split=0.0),
           tmp_path / "no-split", "pytorch")
    result = run_script("--limit", "1200", "--out", str(tmp_path / "run3"),
                        cwd=tmp_path / "no-split")
    assert result.returncode == 0, result.stderr
    assert ": test accuracy" in result.stdout
