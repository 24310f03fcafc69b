"""Take a network out of the app: as a PyTorch training script, ONNX, safetensors or a summary.

Why these four: the app is where students start, not where they should stay. ``pytorch`` writes
a standalone ``train.py`` (see :mod:`playground.core.export_pytorch`) that trains the same model
on the same data the same way, with only torch, numpy and safetensors, and scales out with
``torchrun``; ``onnx`` gives a file that Netron draws and other runtimes execute; ``safetensors``
hands the trained weights to any framework without pickle; ``summary`` is the Keras-style table
to paste into a report.

Everything is checked before anything is written (the network builds, the loss fits, the weights
match the network), so a failed export leaves no half-written folder behind, and every problem
is an :class:`ExportError` (a :class:`PlaygroundError`) whose message says what to do.
"""

from __future__ import annotations

import contextlib
import io
import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import safetensors.torch
import torch

from playground.core.build import build_model
from playground.core.config import TrainingConfig
from playground.core.datasets import dataset_info
from playground.core.export_data import ExportError, write_data
from playground.core.export_pytorch import render_training_script
from playground.core.shapes import analyse, infer_shapes
from playground.core.spec import NetworkSpec

__all__ = ["FORMATS", "ExportError", "export", "export_onnx"]

FORMATS: tuple[str, ...] = ("pytorch", "onnx", "safetensors", "summary")
#: What each format writes into the output folder.
FILES = {
    "pytorch": "train.py",
    "onnx": "model.onnx",
    "safetensors": "model.safetensors",
    "summary": "summary.txt",
}
NO_WEIGHTS = (
    "{what} needs trained weights, and {name} has none. Train it first (in the app, or with "
    "'python -m playground train SOURCE --out trained.nnp') and export the saved project."
)


def export(
    spec: NetworkSpec,
    config: TrainingConfig,
    out_dir: str | os.PathLike[str],
    fmt: str = "pytorch",
    *,
    dataset_options: Mapping[str, Any] | None = None,
    weights: Mapping[str, torch.Tensor] | None = None,
    with_weights: bool = False,
    description: str = "",
) -> list[Path]:
    """Write ``spec`` in format ``fmt`` into ``out_dir``; returns the files written.

    ``weights`` are the project's trained weights, if it has any. ``with_weights`` asks for them
    to be included: ``pytorch`` then writes ``initial.safetensors``, which the script starts
    from; ``onnx`` uses the weights whenever they are given (else the seed's initial weights).
    """
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}. Formats: {', '.join(FORMATS)}.")
    name = repr(spec.name) if spec.name else "this network"
    if (with_weights or fmt == "safetensors") and not weights:
        what = "Exporting safetensors" if fmt == "safetensors" else "--with-weights"
        raise ExportError(NO_WEIGHTS.format(what=what, name=name))
    if fmt == "summary":
        table = analyse(spec).table() + "\n"
        out = _prepare(out_dir)
        return [_write(out / FILES[fmt], table.encode("utf-8"))]
    infer_shapes(spec)
    state = _checked_weights(spec, weights) if weights else None
    if fmt == "pytorch":
        script = render_training_script(spec, config, dict(dataset_options or {}), description)
        out = _prepare(out_dir)
        info = dataset_info(spec.dataset)
        written = write_data(spec.dataset, info, config, dict(dataset_options or {}), out)
        if with_weights and state is not None:
            written.append(_write(out / "initial.safetensors", _safetensors(state, spec)))
        written.append(_write(out / FILES[fmt], script.encode("utf-8")))
        return written
    if fmt == "safetensors":
        assert state is not None
        data = _safetensors(state, spec)
        return [_write(_prepare(out_dir) / FILES[fmt], data)]
    model = build_model(spec, seed=config.seed, init=config.init, init_std=config.init_std)
    if state is not None:
        model.load_state_dict(state)
    out = _prepare(out_dir)
    return [export_onnx(model, spec, out / FILES[fmt])]


def export_onnx(model: torch.nn.Module, spec: NetworkSpec, path: Path) -> Path:
    """Write ``model`` as ONNX with a dynamic batch axis; the output is the model's (softmax
    included), so the file predicts exactly what the app shows.

    Uses the current exporter (``torch.export`` + onnxscript) when onnxscript is installed,
    else the older TorchScript-based one; the weights are kept inside the one file so that
    Netron and runtimes need nothing beside it.
    """
    model = model.eval()
    example = torch.zeros(2, *spec.input_shape)  # zeros are valid token ids for an Embedding too
    try:
        import onnxscript  # noqa: F401  (the current exporter needs it)

        options: dict[str, Any] = {
            "dynamo": True,
            "dynamic_shapes": ({0: torch.export.Dim.DYNAMIC},),
            "external_data": False,
        }
    except ImportError:
        options = {
            "dynamo": False,
            "dynamic_axes": {"input": {0: "batch"}, "output": {0: "batch"}},
        }
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            torch.onnx.export(
                model,
                (example,),
                str(path),
                input_names=["input"],
                output_names=["output"],
                verbose=False,
                **options,
            )
    except OSError as exc:
        raise ExportError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    except Exception as exc:  # the exporters raise many types; the user needs one message
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ExportError(f"The ONNX export failed: {reason[:300]}") from None
    return path


# -- helpers --------------------------------------------------------------------------------------
def _checked_weights(
    spec: NetworkSpec, weights: Mapping[str, torch.Tensor]
) -> dict[str, torch.Tensor]:
    """The weights as a state dict, after checking they fit the network exactly."""
    expected = build_model(spec).state_dict()
    if set(weights) != set(expected):
        missing = sorted(set(expected) - set(weights))
        extra = sorted(set(weights) - set(expected))
        detail = f"missing {missing[0]!r}" if missing else f"unexpected {extra[0]!r}"
        raise ExportError(f"The saved weights do not fit this network ({detail}).")
    for key, tensor in expected.items():
        if tuple(weights[key].shape) != tuple(tensor.shape):
            raise ExportError(
                f"The saved weights do not fit this network ({key!r} is "
                f"{tuple(weights[key].shape)}, the network needs {tuple(tensor.shape)})."
            )
    return {k: v.detach().to("cpu").contiguous() for k, v in weights.items()}


def _safetensors(state: Mapping[str, torch.Tensor], spec: NetworkSpec) -> bytes:
    # The network description travels in the header, so the file says what it belongs to.
    metadata = {"format": "pt", "network": spec.to_json(indent=None)}
    return safetensors.torch.save(dict(state), metadata=metadata)


def _prepare(out_dir: str | os.PathLike[str]) -> Path:
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"Cannot write to {out}: {exc.strerror or exc}.") from None
    if not os.access(out, os.W_OK):
        raise ExportError(f"Cannot write to {out}: permission denied.")
    return out


def _write(path: Path, data: bytes) -> Path:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ExportError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    return path
