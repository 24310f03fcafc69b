"""Take a network out of the app: as a PyTorch training script, ONNX, safetensors or a summary.

Why these four: the app is where students start, not where they should stay. ``pytorch`` writes
a standalone ``train.py`` (see :mod:`playground.core.export.script`) that trains the same model
on the same data the same way, with only torch, numpy and safetensors, and scales out with
``torchrun``; ``onnx`` gives a file that Netron draws and other runtimes execute; ``safetensors``
hands the trained weights to any framework without pickle; ``summary`` is the Keras-style table
to paste into a report.

Everything is checked before anything is written (the network builds, the loss fits, the weights
match the network), and the files are then written together
(:class:`~playground.core.files.atomic.StagedFiles`): each to a temporary file beside it, renamed
into place only when all are written. So an export that fails half way (a full disk) leaves
the folder as it was: no truncated ``data.npz`` or ``model.onnx``, no new file, older files
untouched, and no empty folder it made. Every problem is an :class:`ExportError` (a
:class:`PlaygroundError`) whose message says what to do.
"""

from __future__ import annotations

import contextlib
import io
import os
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import safetensors.torch
import torch

from playground.core.data.datasets import dataset_info
from playground.core.errors import PlaygroundError, ProjectFileError, shorten
from playground.core.export.script import render_training_script
from playground.core.export.script_data import ExportError, data_file
from playground.core.files.atomic import StagedFiles
from playground.core.files.os_errors import reason_message
from playground.core.messages import N_, Message
from playground.core.network.build import build_model, model_from_weights, model_layout
from playground.core.network.shapes import analyse, infer_shapes
from playground.core.network.spec import NetworkSpec
from playground.core.training.config import TrainingConfig

__all__ = ["FORMATS", "ExportError", "export", "export_onnx"]

FORMATS: tuple[str, ...] = ("pytorch", "onnx", "safetensors", "summary")
#: What each format writes into the output folder.
FILES = {
    "pytorch": "train.py",
    "onnx": "model.onnx",
    "safetensors": "model.safetensors",
    "summary": "summary.txt",
}
#: Exports that need trained weights, when there are none: which export, whose weights.
NO_WEIGHTS: dict[tuple[bool, bool], str] = {
    (True, True): N_("Exporting safetensors needs trained weights, and {name} has none. Train "
                     "it first (in the app, or with {command}) and export the saved project."),
    (True, False): N_("Exporting safetensors needs trained weights, and this network has none. "
                      "Train it first (in the app, or with {command}) and export the saved "
                      "project."),
    (False, True): N_("--with-weights needs trained weights, and {name} has none. Train it "
                      "first (in the app, or with {command}) and export the saved project."),
    (False, False): N_("--with-weights needs trained weights, and this network has none. Train "
                       "it first (in the app, or with {command}) and export the saved project."),
}
TRAIN_COMMAND = "'python -m playground train SOURCE --out trained.nnp'"


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
        raise ExportError("Unknown export format {format}. Formats: {formats}.",
                          format=repr(fmt), formats=", ".join(FORMATS))
    if (with_weights or fmt == "safetensors") and not weights:
        raise ExportError(NO_WEIGHTS[fmt == "safetensors", bool(spec.name)],
                          name=repr(spec.name), command=TRAIN_COMMAND)
    if fmt == "summary":
        table = analyse(spec).table() + "\n"
        return _write_files(out_dir, lambda: {FILES[fmt]: table.encode("utf-8")})
    infer_shapes(spec)
    state = _checked_weights(spec, weights) if weights else None
    if fmt == "pytorch":
        script = render_training_script(spec, config, dict(dataset_options or {}), description)

        def script_files() -> dict[str, bytes]:
            info = dataset_info(spec.dataset)
            data = data_file(spec.dataset, info, config, dict(dataset_options or {}))
            files = {} if data is None else {"data.npz": data}
            if with_weights and state is not None:
                files["initial.safetensors"] = _safetensors(state, spec)
            return {**files, FILES[fmt]: script.encode("utf-8")}

        return _write_files(out_dir, script_files)
    if fmt == "safetensors":
        assert state is not None
        return _write_files(out_dir, lambda: {FILES[fmt]: _safetensors(state, spec)})
    if state is not None:
        model = model_from_weights(spec, state)
    else:
        model = build_model(spec, seed=config.seed, init=config.init, init_std=config.init_std)
    out, made = _prepare(out_dir)
    try:
        return [export_onnx(model, spec, out / FILES[fmt])]
    except PlaygroundError:
        _remove_empty(made)
        raise


def export_onnx(model: torch.nn.Module, spec: NetworkSpec, path: Path) -> Path:
    """Write ``model`` as ONNX with a dynamic batch axis; the output is the model's (softmax
    included), so the file predicts exactly what the app shows.

    Uses the current exporter (``torch.export`` + onnxscript) when onnxscript is installed,
    else the older TorchScript-based one; the weights are kept inside the one file so that
    Netron and runtimes need nothing beside it. The exporter writes a temporary file that
    replaces ``path`` only once it is complete.
    """
    try:
        with StagedFiles() as files:
            _onnx_into(model, spec, files.reserve(path), path)
            return files.commit()[0]
    except ProjectFileError as exc:
        raise ExportError(exc.message) from exc


def _onnx_into(model: torch.nn.Module, spec: NetworkSpec, temp: Path, path: Path) -> None:
    """Run the exporter into ``temp``; messages name ``path``, the file the user asked for."""
    model = model.eval()
    example = torch.zeros(2, *spec.input_shape)  # zeros are valid token ids for an Embedding too
    try:
        import onnxscript  # noqa: F401  (the current exporter needs it)

        options: dict[str, Any] = {
            "dynamo": True,
            "dynamic_shapes": ({0: torch.export.Dim("batch")},),  # named as in the file
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
                str(temp),
                input_names=["input"],
                output_names=["output"],
                verbose=False,
                **options,
            )
    except OSError as exc:
        raise ExportError("Cannot write {path}: {reason}.", path=str(path),
                          reason=reason_message(exc)) from None
    except Exception as exc:  # the exporters raise many types; the user needs one message
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ExportError("The ONNX export failed: {detail}",
                          detail=shorten(reason, 300)) from None


# -- helpers --------------------------------------------------------------------------------------
def _checked_weights(
    spec: NetworkSpec, weights: Mapping[str, torch.Tensor]
) -> dict[str, torch.Tensor]:
    """The weights as a state dict, after checking they fit the network exactly."""
    expected = model_layout(spec)
    if set(weights) != set(expected):
        missing = sorted(set(expected) - set(weights))
        extra = sorted(set(weights) - set(expected))
        if missing:
            raise ExportError("The saved weights do not fit this network (missing {tensor}).",
                              tensor=repr(missing[0]))
        raise ExportError("The saved weights do not fit this network (unexpected {tensor}).",
                          tensor=repr(extra[0]))
    for key, (shape, _dtype) in expected.items():
        if tuple(weights[key].shape) != tuple(shape):
            raise ExportError(
                "The saved weights do not fit this network ({tensor} is {shape}, the network "
                "needs {needed}).", tensor=repr(key), shape=str(tuple(weights[key].shape)),
                needed=str(tuple(shape)),
            )
    return {k: v.detach().to("cpu").contiguous() for k, v in weights.items()}


def _safetensors(state: Mapping[str, torch.Tensor], spec: NetworkSpec) -> bytes:
    # The network description travels in the header, so the file says what it belongs to.
    metadata = {"format": "pt", "network": spec.to_json(indent=None)}
    return safetensors.torch.save(dict(state), metadata=metadata)


_CANNOT_WRITE_TO = N_("Cannot write to {folder}: {reason}.")


def _prepare(out_dir: str | os.PathLike[str]) -> tuple[Path, list[Path]]:
    """The output folder, made if needed, and the folders that had to be made (deepest first),
    so a failed export can take them away again."""
    out = Path(out_dir)
    made = [p for p in (out, *out.parents) if not p.exists()]
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(_CANNOT_WRITE_TO, folder=str(out),
                          reason=reason_message(exc)) from None
    if not os.access(out, os.W_OK):
        _remove_empty(made)
        raise ExportError(_CANNOT_WRITE_TO, folder=str(out),
                          reason=Message("permission denied"))
    return out, made


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders a failed export made, deepest first, while they are empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def _write_files(
    out_dir: str | os.PathLike[str], files: Callable[[], dict[str, bytes]]
) -> list[Path]:
    """Make the output folder, then write ``files()`` (name: contents) into it all together.

    ``files`` is called once the folder exists, so an error while producing the contents (data
    that cannot be loaded) also takes away a folder this export made.
    """
    out, made = _prepare(out_dir)
    try:
        with StagedFiles() as staged:
            for name, data in files().items():
                staged.write(out / name, data)
            return staged.commit()
    except ProjectFileError as exc:
        _remove_empty(made)
        raise ExportError(exc.message) from exc
    except PlaygroundError:
        _remove_empty(made)
        raise
