"""The command line's runs say where their weights started, in the metrics and the project."""

from __future__ import annotations

import io
import json
from pathlib import Path

from playground.cli import main
from playground.core.files.project import load_project
from playground.core.training.compare import describe_differences


def train(*args: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["train", *args, "--epochs", "1", "--limit", "300", "--quiet"], out, err) == 0, \
        err.getvalue()


def test_a_command_line_run_records_its_fresh_start(tmp_path: Path) -> None:
    metrics, project = tmp_path / "m.json", tmp_path / "run.nnp"
    train("mlp-mnist", "--seed", "3", "--metrics-json", str(metrics), "--out", str(project))
    data = json.loads(metrics.read_text())
    assert data["weights_start"] == {"start": "fresh", "seed": 3}
    assert data["live_changes"] == []
    # Training a saved project again starts from the seed, not from its weights, and says so.
    train(str(project), "--out", str(project))
    history = load_project(project).history
    assert [r["weights_start"] for r in history] == [{"start": "fresh", "seed": 3}] * 2
    assert describe_differences(history)[1] == "same settings"
