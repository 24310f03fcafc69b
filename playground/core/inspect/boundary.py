"""Decision boundaries of networks with two inputs: what the model answers at every point.

Why: with two inputs the whole function a network computes fits in one picture. The grid of
class-1 probabilities shows the boundary the network drew between the classes, and each
first-hidden-layer unit's own grid shows the simple pieces (lines, for a Dense unit) the later
layers combine into curves. One batched forward pass covers the grid, so it is cheap enough to
redraw many times a second on the small toy networks.

Grids are row-major images: ``values[i, j]`` is the answer at ``(xs[j], ys[i])``, so row 0 is the
lowest y (draw with the origin at the bottom-left).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch

from playground.core.inspect.inside import evaluating, to_numpy
from playground.core.network.build import PlaygroundNet
from playground.core.network.layer_types import layer_type

__all__ = [
    "DEFAULT_RANGE",
    "DecisionGrid",
    "UnitGrids",
    "class_probabilities",
    "data_range",
    "decision_grid",
    "unit_grids",
]

Range = tuple[float, float]
# The toy sets lie in [-1, 1]²; their largest noise moves points up to half a width further.
DEFAULT_RANGE: Range = (-1.5, 1.5)
MAX_RESOLUTION = 1000


class DecisionGrid(NamedTuple):
    """Unpacks as ``xs, ys, probabilities``."""

    xs: np.ndarray  # (resolution,) float32
    ys: np.ndarray  # (resolution,) float32
    probabilities: np.ndarray  # (resolution, resolution) float32, P(class 1), rows along y


class UnitGrids(NamedTuple):
    """Each unit of the first hidden (Dense) layer, evaluated over the plane."""

    layer_index: int
    xs: np.ndarray
    ys: np.ndarray
    values: np.ndarray  # (units, resolution, resolution) float32, after the layer's activation
    vmin: float
    vmax: float


def data_range(points: torch.Tensor | np.ndarray, margin: float = 0.1) -> tuple[Range, Range]:
    """The x and y ranges of 2D points, widened by ``margin`` of their span on each side."""
    p = np.asarray(points, dtype=np.float32).reshape(-1, 2)
    if len(p) == 0:
        return DEFAULT_RANGE, DEFAULT_RANGE
    ranges = []
    for column in p.T:
        lo, hi = float(column.min()), float(column.max())
        pad = margin * (hi - lo) if hi > lo else 0.5
        ranges.append((lo - pad, hi + pad))
    return ranges[0], ranges[1]


def _plane(
    model: PlaygroundNet, x_range: Range, y_range: Range, resolution: int
) -> tuple[np.ndarray, np.ndarray, torch.Tensor]:
    if tuple(model.spec.input_shape) != (2,):
        raise ValueError(
            f"A decision boundary needs a network with 2 inputs; this one takes "
            f"{model.spec.input_shape}."
        )
    if not 2 <= resolution <= MAX_RESOLUTION:
        raise ValueError(f"resolution must be from 2 to {MAX_RESOLUTION}, not {resolution}.")
    xs = np.linspace(x_range[0], x_range[1], resolution, dtype=np.float32)
    ys = np.linspace(y_range[0], y_range[1], resolution, dtype=np.float32)
    gx, gy = np.meshgrid(xs, ys)  # rows follow y, columns follow x
    points = torch.from_numpy(np.stack((gx.ravel(), gy.ravel()), axis=1))
    device = next((p.device for p in model.parameters()), torch.device("cpu"))
    return xs, ys, points.to(device)


def class_probabilities(model: PlaygroundNet, x: torch.Tensor) -> torch.Tensor:
    """(N, classes) probabilities: the model's own softmax/sigmoid, or one applied to its scores.

    A single-output network gets two columns, ``1 - p`` and ``p``.
    """
    activation = model.output_activation
    out = model(x) if activation in ("softmax", "sigmoid") else model.forward_logits(x)
    out = out.reshape(len(x), -1)
    if activation not in ("softmax", "sigmoid"):
        out = torch.sigmoid(out) if out.shape[1] == 1 else torch.softmax(out, dim=1)
    if out.shape[1] == 1:
        out = torch.cat((1 - out, out), dim=1)
    return out


def decision_grid(
    model: PlaygroundNet,
    x_range: Range = DEFAULT_RANGE,
    y_range: Range = DEFAULT_RANGE,
    resolution: int = 100,
) -> DecisionGrid:
    """The class-1 probability over a ``resolution`` × ``resolution`` grid, in one forward pass."""
    xs, ys, points = _plane(model, x_range, y_range, resolution)
    with evaluating(model):
        probabilities = class_probabilities(model, points)[:, 1]
    return DecisionGrid(xs, ys, to_numpy(probabilities).reshape(resolution, resolution))


def unit_grids(
    model: PlaygroundNet,
    x_range: Range = DEFAULT_RANGE,
    y_range: Range = DEFAULT_RANGE,
    resolution: int = 50,
) -> UnitGrids | None:
    """Every unit of the first Dense layer over the plane; ``None`` if the network has none."""
    xs, ys, x = _plane(model, x_range, y_range, resolution)
    first = next(
        (i for i, layer in enumerate(model.spec.layers) if layer_type(layer.type).has_unit_weights),
        None,
    )
    if first is None:
        return None
    with evaluating(model):
        x = model.forward_all(x, first)[first]  # the layers it reads, in a network that branches
    values = to_numpy(x.T).reshape(-1, resolution, resolution)
    finite = values[np.isfinite(values)]
    vmin, vmax = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
    return UnitGrids(first, xs, ys, values, vmin, vmax)
