"""Exports: the generated train.py rebuilds and trains the app's model, alone and under torchrun;
ONNX files check and run like the model; safetensors and summaries hold what they should.

The scripts run in real subprocesses on the bundled data. Each side of an accuracy comparison
trains with the same configuration, seed and data, so the script is held to the app's result.
"""

from __future__ import annotations

import json
import py_compile
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors import safe_open
from safetensors.torch import load_file

from playground.core.data.datasets import load_dataset
from playground.core.export.formats import FORMATS, ExportError, export
from playground.core.network.build import build_model, count_parameters
from playground.core.network.shapes import analyse
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.config import TrainingConfig
from playground.core.training.loop import train
from tests.core.exported_scripts import (
    check_script_starts_from_the_weights,
    import_script,
    onnx_output,
    run_script,
)

L = LayerSpec.create
REPO = Path(__file__).resolve().parents[2]

# Networks beyond the templates: every layer type, asymmetric 'same' padding, every
# initialisation and the losses that do not train on logits.
VARIANTS: list[tuple[str, NetworkSpec, TrainingConfig]] = [
    ("conv-bn-pool", NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Conv2D", filters=4, kernel_size=4, stride=2, padding="same"), L("BatchNorm"),
        L("AvgPool2D", pool_size=3, stride=1), L("MaxPool2D"), L("Flatten"), L("Dropout"),
        L("Dense", units=10, activation="softmax", use_bias=False),
    ), "conv-bn-pool"), TrainingConfig(init="he", optimizer="sgd", momentum=0.9, nesterov=True)),
    ("recurrent", NetworkSpec((784,), "mnist-full", 10, (
        L("Reshape", target_shape=(28, 28)),
        L("LSTM", units=8, return_sequences=True, bidirectional=True), L("BatchNorm"),
        L("GRU", units=6, return_sequences=True), L("SimpleRNN", units=4, bidirectional=True),
        L("Activation", activation="gelu"), L("Dense", units=10, activation="sigmoid"),
    ), "recurrent"), TrainingConfig(loss="binary_cross_entropy", init="xavier")),
    ("embedding", NetworkSpec((3072,), "cifar10", 10, (
        L("Embedding", vocabulary=256, dimension=4), L("GRU", units=5),
        L("Dense", units=10, activation="linear"),
    ), "embedding"), TrainingConfig(loss="mse", init="normal", init_std=0.05)),
    ("toy", NetworkSpec((2,), "toy-circle", 2, (
        L("Dense", units=4, activation="elu"), L("BatchNorm"),
        L("Dense", units=2, activation="leaky_relu"), L("Activation", activation="softmax"),
    ), "toy"), TrainingConfig(loss="mse", optimizer="rmsprop", seed=3)),
]  # fmt: skip
CASES = [(t.name, t.spec, t.config) for t in TEMPLATES.values()] + VARIANTS


def export_case(name: str, spec: NetworkSpec, config: TrainingConfig, out: Path) -> Path:
    options = TEMPLATES[name].dataset_options if name in TEMPLATES else {}
    export(spec, config, out, "pytorch", dataset_options=options)
    return out / "train.py"


# -- the generated script ---------------------------------------------------------------------
@pytest.mark.parametrize(("name", "spec", "config"), CASES, ids=[c[0] for c in CASES])
def test_script_compiles_and_rebuilds_the_app_model(
    name: str, spec: NetworkSpec, config: TrainingConfig, tmp_path: Path
) -> None:
    script = export_case(name, spec, config, tmp_path)
    py_compile.compile(str(script), doraise=True)
    app = build_model(spec, seed=config.seed, init=config.init, init_std=config.init_std)
    with import_script(script) as module:
        model = module.make_model(module.Config())
        assert module.count_parameters(model) == count_parameters(app)
        assert module.count_parameters(model) == analyse(spec).total_params
        # Same keys, shapes and (same seed, same construction order) the same initial weights.
        ours, theirs = model.state_dict(), app.state_dict()
        assert list(ours) == list(theirs)
        for key, value in theirs.items():
            assert torch.equal(ours[key], value), key
        model.eval()
        app.eval()
        x = torch.randint(0, 10, (4, *spec.input_shape)).float()
        with torch.no_grad():
            torch.testing.assert_close(model(x), app(x), rtol=0, atol=0)
            logits = model(x, return_logits=module.LOSS_ON_LOGITS)
            expected = app.forward_logits(x) if module.LOSS_ON_LOGITS else app(x)
            torch.testing.assert_close(logits, expected, rtol=0, atol=0)
    data = tmp_path / "data.npz"
    assert data.is_file() == (spec.dataset == "mnist" or spec.dataset.startswith("toy"))


def test_generated_scripts_pass_the_repository_lint(tmp_path: Path) -> None:
    pytest.importorskip("ruff")
    scripts = [export_case(name, spec, config, tmp_path / name) for name, spec, config in CASES]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--config",
         str(REPO / "pyproject.toml"), *map(str, scripts)],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_script_without_epochs_only_builds_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    t = TEMPLATES["cnn-fashion"]  # Fashion-MNIST: nothing is copied, and nothing is read
    script = export_case(t.name, t.spec, t.config, tmp_path)
    monkeypatch.delenv("WORLD_SIZE", raising=False)
    monkeypatch.setattr(sys, "argv", [str(script), "--epochs", "0", "--device", "cpu"])
    runpy.run_path(str(script), run_name="__main__")
    assert capsys.readouterr().out.splitlines() == ["params: 11252"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["train.py"]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "limit"), [("mlp-mnist", None), ("cnn-mnist", None)])
def test_exported_script_trains_to_the_apps_accuracy(
    name: str, limit: int | None, tmp_path: Path
) -> None:
    t = TEMPLATES[name]
    # The script does not augment (cnn-mnist trains drawing-robust in the app): it says so, and
    # matches the app's run without augmentation.
    config = t.config.with_changes(epochs=1, augment=False)
    data = load_dataset(t.spec.dataset, preprocessing=config.preprocessing, seed=config.seed,
                        limit=limit)  # fmt: skip
    app = train(t.spec, config, data)
    assert app.status == "completed" and app.test is not None

    export(t.spec, t.config, tmp_path / "export", "pytorch")
    args = ["train.py", "--epochs", "1", "--out", str(tmp_path / "run")]
    result = run_script(*args, *(["--limit", str(limit)] if limit else []), cwd=tmp_path / "export")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    script = (tmp_path / "export" / "train.py").read_text(encoding="utf-8")
    assert ("Not written out: the app trained this network with image augmentation"
            in " ".join(script.split())) == t.config.augment
    assert f"params: {analyse(t.spec).total_params}" in lines
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert f"test_accuracy: {metrics['test_accuracy']:.4f}" in lines
    assert metrics["params"] == analyse(t.spec).total_params
    assert abs(metrics["test_accuracy"] - app.test.accuracy) <= 0.02, (metrics, app.test.accuracy)
    print(f"{name}: app {app.test.accuracy:.4f}, exported script {metrics['test_accuracy']:.4f}")
    # The script's weights load back into the app's model.
    build_model(t.spec).load_state_dict(load_file(tmp_path / "run" / "model.safetensors"))


@pytest.mark.slow
def test_script_runs_under_torchrun_with_two_processes(tmp_path: Path) -> None:
    t = TEMPLATES["mlp-mnist"]
    export(t.spec, t.config, tmp_path / "export", "pytorch")
    out = tmp_path / "run"
    result = run_script(
        "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2", "train.py",
        "--epochs", "1", "--limit", "1000", "--device", "cpu", "--out", str(out),
        cwd=tmp_path / "export",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("test_accuracy:") == 1  # only rank 0 evaluates and prints
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["world_size"] == 2 and metrics["epochs"] == 1
    assert metrics["test_accuracy"] > 0.3
    build_model(t.spec).load_state_dict(load_file(out / "model.safetensors"))


def test_with_weights_the_script_starts_from_the_project_weights(tmp_path: Path) -> None:
    t = TEMPLATES["cnn-mnist"]
    check_script_starts_from_the_weights(t.spec, t.config, tmp_path)


# -- ONNX, safetensors, summary -----------------------------------------------------------------
@pytest.mark.parametrize("name", list(TEMPLATES))
def test_onnx_export_checks_and_runs_like_the_model(name: str, tmp_path: Path) -> None:
    t = TEMPLATES[name]
    output, model = onnx_output(t.spec, t.config, tmp_path, seed=3)
    if model.output_activation == "softmax":
        assert abs(output.sum(axis=1) - 1).max() <= 1e-5  # the softmax is part of the file
    else:  # cnn-fashion ends in sigmoid, as seed 003 does: the squashing is in the file too
        assert model.output_activation == "sigmoid"
        assert ((output > 0) & (output < 1)).all()


def test_safetensors_export_holds_the_weights_and_the_network(tmp_path: Path) -> None:
    t = TEMPLATES["rnn-mnist"]
    weights = build_model(t.spec, seed=1).state_dict()
    (path,) = export(t.spec, t.config, tmp_path, "safetensors", weights=weights)
    loaded = load_file(path)
    assert set(loaded) == set(weights)
    assert all(torch.equal(loaded[k], v) for k, v in weights.items())
    with safe_open(str(path), "pt") as handle:
        assert NetworkSpec.from_json(handle.metadata()["network"]) == t.spec


def test_summary_export_is_the_table(tmp_path: Path) -> None:
    t = TEMPLATES["cnn-fashion"]
    (path,) = export(t.spec, t.config, tmp_path / "new" / "folder", "summary")
    assert path.read_text(encoding="utf-8") == analyse(t.spec).table() + "\n"
    assert "Total params: 11,252" in path.read_text(encoding="utf-8")


# -- bad input ----------------------------------------------------------------------------------
def test_bad_exports_raise_one_clear_error_and_write_nothing(tmp_path: Path) -> None:
    t = TEMPLATES["mlp-mnist"]
    out = tmp_path / "out"
    with pytest.raises(ExportError, match="Unknown export format 'keras'"):
        export(t.spec, t.config, out, "keras")
    with pytest.raises(ExportError, match="needs trained weights"):
        export(t.spec, t.config, out, "safetensors")
    with pytest.raises(ExportError, match="--with-weights needs trained weights"):
        export(t.spec, t.config, out, "pytorch", with_weights=True)
    wrong = build_model(TEMPLATES["scratch-mnist"].spec).state_dict()
    with pytest.raises(ExportError, match="do not fit this network"):
        export(t.spec, t.config, out, "safetensors", weights=wrong)
    assert not out.exists()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for fmt in FORMATS:
        with pytest.raises(ExportError, match="Cannot write"):
            export(t.spec, t.config, blocker / "sub", fmt, weights=build_model(t.spec).state_dict())
