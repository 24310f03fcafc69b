"""The ready-trained digit network: its file is small, fits its spec, reads digits, and its
training script reproduces its bytes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import torch

from playground.core import pretrained
from playground.core.build import build_model
from playground.core.datasets import load_dataset
from playground.core.font_digits import font_accuracy

SCRIPT = Path(__file__).resolve().parents[2] / "assets" / "pretrained" / "make_digits_model.py"


def script():
    spec = importlib.util.spec_from_file_location("make_digits_model", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_training_script_reproduces_its_bytes() -> None:
    threads = torch.get_num_threads()
    try:
        make = script()
        first, _ = make.train_weights(limit=256, epochs=1)  # 4 batches of 64
        second, _ = make.train_weights(limit=256, epochs=1)
    finally:
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(False)
    assert first == second
    untrained = build_model(pretrained.SPEC, seed=0).state_dict()
    from safetensors.torch import load

    trained = load(first)
    assert set(trained) == set(untrained)
    assert not torch.equal(trained["layers.0.0.weight"], untrained["layers.0.0.weight"])


def test_the_shipped_weights_are_small_and_read_digits_and_drawings() -> None:
    assert pretrained.WEIGHTS.stat().st_size < 2_000_000
    state = pretrained.load_weights()
    assert state is not None
    model = build_model(pretrained.SPEC, seed=0)
    model.load_state_dict(state)
    model.eval()
    data = load_dataset("mnist", preprocessing=pretrained.CONFIG.preprocessing)
    with torch.no_grad():
        predicted = model(data.test_x).argmax(1)
    assert float((predicted == data.test_y).float().mean()) > 0.97
    assert font_accuracy(model, pretrained.SPEC.input_shape, data.normalize) > 0.85


@pytest.mark.parametrize("content", [b"", b"not safetensors at all", None])
def test_a_missing_or_damaged_file_means_no_stand_in(tmp_path: Path, content) -> None:
    path = tmp_path / "digits-cnn.safetensors"
    if content is not None:
        path.write_bytes(content)
    assert pretrained.load_weights(path) is None


def test_weights_of_another_network_are_refused(tmp_path: Path) -> None:
    from safetensors.torch import save_file

    path = tmp_path / "other.safetensors"
    save_file({"layers.0.weight": torch.zeros(3, 3)}, str(path))
    assert pretrained.load_weights(path) is None
