"""``python -m playground export``: every format from templates, projects and network files, and
one clear line with exit status 2 for anything it cannot do."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from playground.cli import EXIT_BAD_INPUT, main
from playground.core.files.project import Project, save_project
from playground.core.network.build import build_model
from playground.core.network.shapes import analyse
from playground.core.teaching.templates import TEMPLATES


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["export", *args], out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def trained_project(tmp_path: Path) -> tuple[Path, dict[str, torch.Tensor]]:
    t = TEMPLATES["toy-spiral"]
    weights = build_model(t.spec, seed=9).state_dict()
    path = tmp_path / "spiral.nnp"
    save_project(Project(t.spec, t.config, dict(t.dataset_options), weights=weights), path)
    return path, weights


def test_export_pytorch_from_a_template_in_a_real_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "playground", "export", "mlp-mnist", "--format", "pytorch",
         "--out", str(tmp_path / "mlp")],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "mlp" / "train.py").is_file() and (tmp_path / "mlp" / "data.npz").is_file()
    assert f"Wrote {tmp_path / 'mlp' / 'train.py'}" in result.stdout
    script = (tmp_path / "mlp" / "train.py").read_text(encoding="utf-8")
    # The description is wrapped to the script's line length: compare the words.
    assert " ".join(TEMPLATES["mlp-mnist"].description.en.split()) in " ".join(script.split())
    assert "import playground" not in script and "from playground" not in script


def test_export_summary_prints_and_writes_the_table(tmp_path: Path) -> None:
    code, out, err = cli("cnn-fashion", "--format", "summary", "--out", str(tmp_path))
    assert code == 0, err
    table = analyse(TEMPLATES["cnn-fashion"].spec).table()
    assert table in out
    assert (tmp_path / "summary.txt").read_text(encoding="utf-8") == table + "\n"


def test_export_from_a_project_with_weights(
    tmp_path: Path, trained_project: tuple[Path, dict[str, torch.Tensor]]
) -> None:
    path, weights = trained_project
    code, _, err = cli(str(path), "--format", "safetensors", "--out", str(tmp_path / "w"))
    assert code == 0, err
    loaded = load_file(tmp_path / "w" / "model.safetensors")
    assert all(torch.equal(loaded[k], v) for k, v in weights.items())

    code, out, err = cli(str(path), "--with-weights", "--out", str(tmp_path / "py"))
    assert code == 0, err
    for name in ("train.py", "data.npz", "initial.safetensors"):
        assert (tmp_path / "py" / name).is_file(), name
    assert "Train with: python" in out


def test_export_onnx_from_a_project(
    tmp_path: Path, trained_project: tuple[Path, dict[str, torch.Tensor]]
) -> None:
    path, _ = trained_project
    code, _, err = cli(str(path), "--format", "onnx", "--out", str(tmp_path))
    assert code == 0, err
    assert (tmp_path / "model.onnx").stat().st_size > 0


def test_export_from_a_network_json(tmp_path: Path) -> None:
    network = tmp_path / "net.json"
    network.write_text(TEMPLATES["rnn-mnist"].spec.to_json(), encoding="utf-8")
    code, _, err = cli(str(network), "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert (tmp_path / "out" / "train.py").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["mlp-mnist", "--format", "keras"], "Unknown export format 'keras'"),
        (["mlp-mnist", "--format", "safetensors"], "needs trained weights"),
        (["mlp-mnist", "--with-weights"], "--with-weights needs trained weights"),
        (["no-such-network", "--format", "summary"], "neither a template"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    code, out, err = cli(*args, "--out", str(tmp_path / "out"))
    assert out == ""
    assert code == EXIT_BAD_INPUT
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err
    assert not (tmp_path / "out").exists()


def test_unwritable_destination_exits_2_with_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    code, _, err = cli("mlp-mnist", "--out", str(blocker / "out"))
    assert code == EXIT_BAD_INPUT
    assert err.count("\n") == 1 and err.startswith("error: Cannot write")
