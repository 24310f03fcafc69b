"""What the export tests share: the generated train.py as a module or a process, and the checks
every exported network must pass whatever its shape (a column or a graph)."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
import torch

from playground.core.export.formats import export
from playground.core.network.build import PlaygroundNet, build_model
from playground.core.network.spec import NetworkSpec
from playground.core.training.config import TrainingConfig


@contextlib.contextmanager
def import_script(path: Path) -> Iterator[ModuleType]:
    """The generated script as a module (its ``main`` does not run: it is not ``__main__``)."""
    name = f"exported_{uuid.uuid4().hex}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[name]


def run_script(*args: str, cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def check_script_starts_from_the_weights(spec: NetworkSpec, config: TrainingConfig,
                                         out: Path) -> None:
    """Exported with its weights, the script's model starts from exactly those tensors."""
    weights = build_model(spec, seed=42).state_dict()
    written = export(spec, config, out, "pytorch", weights=weights, with_weights=True)
    assert out / "initial.safetensors" in written
    with import_script(out / "train.py") as module:
        model = module.make_model(module.Config(), out / "initial.safetensors")
        for key, value in weights.items():
            assert torch.equal(model.state_dict()[key], value), key


def onnx_output(spec: NetworkSpec, config: TrainingConfig, out: Path,
                seed: int) -> tuple[np.ndarray, PlaygroundNet]:
    """The ONNX file of the network (checked in full) run on 5 random inputs, and the model it
    was exported from, which must give the same outputs; one input at a time works too."""
    onnx = pytest.importorskip("onnx")
    ort = pytest.importorskip("onnxruntime")
    model = build_model(spec, seed=seed).eval()
    (path,) = export(spec, config, out, "onnx", weights=model.state_dict())
    onnx.checker.check_model(str(path), full_check=True)
    graph = onnx.load(str(path)).graph
    for value in (*graph.input, *graph.output):  # the batch axis has a name a reader knows
        assert value.type.tensor_type.shape.dim[0].dim_param == "batch", value
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    x = torch.rand(5, *spec.input_shape)  # another batch size than the export's example
    (single,) = session.run(None, {session.get_inputs()[0].name: x[:1].numpy()})
    assert single.shape[0] == 1
    (output,) = session.run(None, {session.get_inputs()[0].name: x.numpy()})
    with torch.no_grad():
        expected = model(x).numpy()
    assert output.shape == expected.shape
    assert abs(output - expected).max() <= 1e-4
    return output, model
