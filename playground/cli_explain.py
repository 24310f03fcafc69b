"""The ``explain`` command: a trained project's answer to a picture file, and why, as a PNG.

A teacher makes handouts with it: the picture (any size or colour, prepared as the Draw pane
prepares a drawing), with the heat map of one attribution method over it. It uses the same
core code as the Draw pane (:mod:`playground.core.explain`). ``say`` renders a message in the
reader's language (the command line's :class:`~playground.cli.Reader` gives it).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from playground.cli_flags import UsageError, short
from playground.core.messages import Message
from playground.core.network.spec import NetworkSpec

Say = Callable[[Any], str]
EXPLAIN_METHODS = {"saliency": "saliency", "ig": "integrated_gradients",
                   "integrated_gradients": "integrated_gradients", "occlusion": "occlusion",
                   "gradcam": "gradcam"}


def add_explain_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    ex = sub.add_parser("explain", parents=[common],
                        help="draw which pixels made a trained network give its answer for a "
                        "picture, as a heat map PNG")
    ex.add_argument("project", type=Path, help="a .nnp project with trained weights")
    ex.add_argument("image", type=Path, help="a picture of a digit (PNG, JPEG...), prepared as "
                    "the Draw pane prepares an opened picture")
    ex.add_argument("--method", choices=tuple(EXPLAIN_METHODS), default="saliency",
                    help="saliency (the default), ig (Integrated Gradients), occlusion or gradcam")
    ex.add_argument("--out", type=Path, required=True, help="the PNG file to write")
    ex.add_argument("--target", type=int, metavar="K",
                    help="the class to explain (default: the predicted one)")
    ex.add_argument("--layer", type=int, metavar="N", help="Grad-CAM's convolution layer, "
                    "numbered as summary numbers them (default: the last convolution)")
    ex.add_argument("--steps", type=int, default=32, help="Integrated Gradients' steps (32)")
    ex.add_argument("--window", type=int, default=4, help="occlusion's square side (4 pixels)")
    ex.add_argument("--scale", type=int, default=10, help="screen pixels per picture pixel (10)")


def cmd_explain(args: argparse.Namespace, out: TextIO, say: Say) -> int:
    """Predict a picture with a trained project and write the explanation over it as a PNG."""
    from playground.core.data.digits import IMAGE_SIZE, load_image_file, prepare_digit
    from playground.core.explain.attribution import explain, title
    from playground.core.explain.heatmap import as_grid, blend, heat_rgba, upscale, write_png
    from playground.core.files.atomic import check_can_write
    from playground.core.files.project import load_project

    for flag, value, low in (("--steps", args.steps, 1), ("--window", args.window, 1),
                             ("--scale", args.scale, 1)):
        if not low <= value <= 1000:
            raise UsageError("{flag} must be from {low} to {high}, not {value}.", flag=flag,
                             low=low, high=1000, value=value)
    project = load_project(args.project)
    name = short(args.project.name)
    if project.weights is None:
        raise UsageError("{file} has no trained weights: train it first (python -m playground "
                         "train {file} --out {file}).", file=name)
    spec = project.spec
    normalize, classes = _digit_preparation(spec, project)
    check_can_write(args.out)
    prepared = prepare_digit(load_image_file(args.image))
    if prepared.empty:
        raise UsageError("No ink found in {file}: it looks blank. Use a picture of one digit, "
                         "dark on light or light on dark.", file=short(args.image.name))
    import torch

    from playground.core.data.datasets import view_as
    from playground.core.inspect.live_predict import LivePredictor
    from playground.core.network.build import model_from_weights

    side = (1, 1, IMAGE_SIZE, IMAGE_SIZE)
    probabilities = LivePredictor(spec, normalize, project.weights).predict(prepared.image)
    predicted = int(probabilities.argmax())
    target = predicted if args.target is None else args.target
    if not 0 <= target < len(probabilities):
        raise UsageError("--target must be a class from 0 to {last}, not {value}.",
                         last=len(probabilities) - 1, value=target)
    x = view_as(normalize(torch.from_numpy(prepared.image).reshape(side)), spec.input_shape)[0]
    black = view_as(normalize(torch.zeros(side)), spec.input_shape)[0]
    layer = None if args.layer is None else args.layer - 1
    attribution = explain(model_from_weights(spec, project.weights), x, target,
                          EXPLAIN_METHODS[args.method], layer, args.steps, args.window,
                          baseline=black)
    grid = as_grid(attribution.values, (IMAGE_SIZE, IMAGE_SIZE))
    rgb = blend(prepared.image, heat_rgba(grid, attribution.signed))
    write_png(args.out, upscale(rgb, args.scale))

    def label(k: int) -> str:
        return say(classes[k]) if k < len(classes) else str(k)

    out.write(say(Message("Predicted: {label} ({probability:.1%})", label=label(predicted),
                          probability=float(probabilities[predicted]))) + "\n")
    out.write(say(Message("Explained: {label} ({probability:.1%}) with {method}, in {seconds:.2f} "
                          "s", label=label(target), probability=float(probabilities[target]),
                          method=title(attribution.method), seconds=attribution.seconds)) + "\n")
    out.write(say(Message("Wrote {path}", path=str(args.out))) + "\n")
    return 0


def _digit_preparation(spec: NetworkSpec, project: Any) -> tuple[Any, tuple[str, ...]]:
    """(how a 28×28 picture in [0, 1] is preprocessed as the training data was, class names)
    for a network that reads 28×28 grey pictures; refused for any other."""
    import torch

    from playground.core.data.datasets import Dataset, dataset_info, load_dataset

    info = dataset_info(spec.dataset)
    if info.kind not in ("image", "folder") or math.prod(spec.input_shape) != 28 * 28 or \
            tuple(info.input_shape) != (1, 28, 28):
        raise UsageError("explain reads a picture as the Draw pane does (28×28, grey); this "
                         "network reads {shape} from {dataset}.",
                         shape="×".join(map(str, spec.input_shape)), dataset=spec.dataset)
    preprocessing = project.training.preprocessing
    if preprocessing == "standardize":  # the training pictures' statistics are needed
        data = load_dataset(spec.dataset, preprocessing=preprocessing,
                            seed=project.training.seed, **project.dataset_options)
        return data.normalize, info.class_names
    empty = torch.zeros(0)
    plain = Dataset(info, empty, empty, empty, empty, preprocessing, 0.0, 1.0)
    return plain.normalize, info.class_names
