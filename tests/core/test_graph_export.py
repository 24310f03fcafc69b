"""Exports of networks that branch: a readable train.py that computes what the app computes, and
ONNX files that predict what the app predicts.

The script's ``Net`` names each layer's sub-module as the app names its weights, so weights move
both ways unchanged; its ``forward`` reads like code written by hand (``x3 = x2 + x1``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from playground.core.export.formats import export
from playground.core.network.build import build_model, count_parameters
from playground.core.network.graph import INPUT
from playground.core.network.shapes import analyse
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.training.config import TrainingConfig
from tests.core.exported_scripts import (
    check_script_starts_from_the_weights,
    import_script,
    onnx_output,
    run_script,
)

L = LayerSpec.create
REPO = Path(__file__).resolve().parents[2]


def residual() -> NetworkSpec:
    column = NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Conv2D", filters=4, kernel_size=3, padding="same"),
        L("Conv2D", filters=4, kernel_size=3, padding="same"),
        L("BatchNorm"),
        L("MaxPool2D"), L("Flatten"), L("Dense", units=10, activation="softmax"),
    ), "residual")  # fmt: skip
    return column.add_skip(1, 2, L("Add"))


def inception() -> NetworkSpec:
    layers = (
        L("Conv2D", filters=4, kernel_size=3, stride=2, padding="same"),
        L("Conv2D", filters=3, kernel_size=1),
        L("Conv2D", filters=5, kernel_size=3, padding="same"),
        L("AvgPool2D", pool_size=1),
        L("Concatenate"),
        L("Flatten"),
        L("Dense", units=10, activation="softmax"),
        L("Dropout", rate=0.1),
    )
    inputs = ((INPUT,), (0,), (0,), (0,), (1, 2, 3), (4,), (5,), (6,))
    return NetworkSpec((1, 28, 28), "mnist", 10, layers, "inception", inputs)


def gated() -> NetworkSpec:
    """Vectors: a gate (Multiply), features concatenated, a log_softmax Activation at the end."""
    layers = (
        L("Dense", units=6, activation="tanh"),
        L("Dense", units=6, activation="sigmoid"),
        L("Multiply"),
        L("Concatenate"),
        L("Dense", units=2, activation="linear"),
        L("Activation", activation="log_softmax"),
    )
    inputs = ((INPUT,), (INPUT,), (0, 1), (2, INPUT), (3,), (4,))
    return NetworkSpec((2,), "toy-circle", 2, layers, "gated", inputs)


CASES = {
    "residual": (residual(), TrainingConfig(seed=3)),
    "inception": (inception(), TrainingConfig(seed=4, init="xavier")),
    "gated": (gated(), TrainingConfig(seed=5, loss="nll")),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_script_computes_what_the_app_computes(name: str, tmp_path: Path) -> None:
    spec, config = CASES[name]
    export(spec, config, tmp_path, "pytorch", dataset_options={"samples": 100})
    script = tmp_path / "train.py"
    source = script.read_text(encoding="utf-8")
    assert "self.layers" not in source  # named sub-modules, not numbered blocks
    app = build_model(spec, seed=config.seed, init=config.init)
    with import_script(script) as module:
        model = module.make_model(module.Config())
        # The same names and, built after torch.manual_seed(seed), the same initial weights.
        assert list(model.state_dict()) == list(app.state_dict())
        for key, value in app.state_dict().items():
            assert torch.equal(model.state_dict()[key], value), key
        assert module.count_parameters(model) == count_parameters(app)
        assert count_parameters(app) == analyse(spec).total_params
        # Other weights (as if trained), loaded into both: the same outputs, logits too.
        trained = build_model(spec, seed=99).state_dict()
        model.load_state_dict(trained)
        app.load_state_dict(trained)
        model.eval()
        app.eval()
        x = torch.rand(4, *spec.input_shape)
        with torch.no_grad():
            torch.testing.assert_close(model(x), app(x), rtol=0, atol=0)
            logits = model(x, return_logits=module.LOSS_ON_LOGITS)
            expected = app.forward_logits(x) if module.LOSS_ON_LOGITS else app(x)
            torch.testing.assert_close(logits, expected, rtol=0, atol=0)


def test_the_forward_pass_reads_like_code_written_by_hand(tmp_path: Path) -> None:
    spec, config = CASES["residual"]
    export(spec, config, tmp_path, "pytorch")
    source = (tmp_path / "train.py").read_text(encoding="utf-8")
    assert "self.conv2d_1 = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU())" in source
    assert "x1 = self.conv2d_1(x)" in source
    assert "x2 = self.conv2d_2(x1)" in source
    assert "x4 = x3 + x1  # 4. Add -> (N, 4, 28, 28)" in source
    export(*CASES["inception"], tmp_path / "inception", "pytorch")
    source = (tmp_path / "inception" / "train.py").read_text(encoding="utf-8")
    assert "x5 = torch.cat([x2, x3, x4], dim=1)" in source
    export(*CASES["gated"], tmp_path / "gated", "pytorch", dataset_options={"samples": 100})
    source = (tmp_path / "gated" / "train.py").read_text(encoding="utf-8")
    assert "x3 = x1 * x2" in source and "x4 = torch.cat([x3, x], dim=1)" in source
    assert "class Merge" not in source


def test_the_scripts_pass_the_repository_lint(tmp_path: Path) -> None:
    pytest.importorskip("ruff")
    scripts = []
    for name, (spec, config) in CASES.items():
        export(spec, config, tmp_path / name, "pytorch", dataset_options={"samples": 100})
        scripts.append(str(tmp_path / name / "train.py"))
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--config",
         str(REPO / "pyproject.toml"), *scripts],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_script_trains_and_its_weights_load_in_the_app(tmp_path: Path) -> None:
    spec, config = CASES["residual"]
    export(spec, config, tmp_path / "export", "pytorch")
    result = run_script("train.py", "--epochs", "1", "--limit", "300", "--device", "cpu",
                        "--out", str(tmp_path / "run"), cwd=tmp_path / "export")
    assert result.returncode == 0, result.stderr
    assert f"params: {analyse(spec).total_params}" in result.stdout.splitlines()
    build_model(spec).load_state_dict(load_file(tmp_path / "run" / "model.safetensors"))


@pytest.mark.slow
def test_the_script_runs_under_torchrun_with_two_processes(tmp_path: Path) -> None:
    spec, config = CASES["inception"]
    export(spec, config, tmp_path / "export", "pytorch")
    out = tmp_path / "run"
    result = run_script(
        "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2", "train.py",
        "--epochs", "1", "--limit", "600", "--device", "cpu", "--out", str(out),
        cwd=tmp_path / "export",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("test_accuracy:") == 1
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["world_size"] == 2 and metrics["epochs"] == 1
    build_model(spec).load_state_dict(load_file(out / "model.safetensors"))


def test_with_weights_the_script_starts_from_the_project_weights(tmp_path: Path) -> None:
    spec, config = CASES["inception"]
    check_script_starts_from_the_weights(spec, config, tmp_path)


@pytest.mark.parametrize("name", sorted(CASES))
def test_onnx_predicts_what_the_app_predicts(name: str, tmp_path: Path) -> None:
    spec, config = CASES[name]
    onnx_output(spec, config, tmp_path, seed=7)
