"""``train --target-accuracy``: the run ends at the target, says when and on which accuracy,
and a value outside 0..1 is refused in the configuration's own words."""

from __future__ import annotations

import io
import json
from pathlib import Path

from playground.cli import build_parser, main
from playground.core.files.project import load_project


def test_target_accuracy_ends_the_run_and_says_so(tmp_path: Path) -> None:
    metrics, project = tmp_path / "m.json", tmp_path / "p.nnp"
    out, err = io.StringIO(), io.StringIO()
    code = main(["train", "mlp-mnist", "--limit", "1200", "--epochs", "8", "--quiet",
                 "--target-accuracy", "0.5", "--metrics-json", str(metrics),
                 "--out", str(project)], out, err)
    assert code == 0, err.getvalue()
    data = json.loads(metrics.read_text())
    assert data["status"] == "target_reached" and data["epochs"] < 8
    assert data["config"]["target_accuracy"] == 0.5
    text = out.getvalue()
    assert f"Reached the target 50.0% at epoch {data['epochs']}: validation accuracy" in text
    assert "(target_reached)" in text
    assert load_project(project).training.target_accuracy == 0.5  # kept with the project


def test_the_flag_is_listed_with_its_help() -> None:
    help_text = build_parser()._subparsers._group_actions[0].choices["train"].format_help()
    assert "--target-accuracy X" in help_text


def test_a_percentage_is_refused_with_the_range() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["train", "mlp-mnist", "--target-accuracy", "97"], out, err)
    assert code == 2
    assert "target_accuracy must be between 0 and 1, not 97." in err.getvalue()
