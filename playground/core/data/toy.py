"""Two-dimensional toy datasets in the spirit of the TensorFlow Playground.

Why they exist: a network with two inputs can be drawn completely -- every point, the decision
boundary, each neuron's response -- so these sets are where a beginner sees what a hidden layer
or a non-linearity actually buys. They are generated, never downloaded, so they always work.

All four sets have two classes and points in roughly [-1, 1] x [-1, 1]:

* ``toy-circle``: a disc of radius 0.5 (class 0) inside a ring from 0.7 to 1 (class 1);
* ``toy-xor``: class 0 where x and y have the same sign, class 1 where they differ;
* ``toy-gauss``: two Gaussian blobs centred at (0.4, 0.4) and (-0.4, -0.4);
* ``toy-spiral``: two interleaved spirals, 1.75 turns each.

``noise`` (0 to 0.5, like the Playground's 0 to 50) moves every coordinate by a uniform amount of
at most ``noise`` times the half-width of the plot, without changing labels, so classes start to
overlap as it grows. The random numbers are drawn in the same order whatever the noise, so with a
fixed ``seed`` moving the noise slider shifts the same points further instead of making new ones.
Both classes get exactly half of the points (one more for class 1 when ``samples`` is odd); the
points are shuffled and the first ``round(samples * train_ratio)`` go to training.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch

from playground.core.errors import TrainingError, shorten

NOISE_RANGE = (0.0, 0.5)
TRAIN_RATIO_RANGE = (0.1, 0.9)
SAMPLES_RANGE = (20, 100_000)

_Generator = Callable[[int, int, torch.Generator], torch.Tensor]


def _uniform(n: int, low: float, high: float, g: torch.Generator) -> torch.Tensor:
    return low + (high - low) * torch.rand(n, generator=g)


def _polar(radius: torch.Tensor, angle: torch.Tensor) -> torch.Tensor:
    return torch.stack((radius * torch.sin(angle), radius * torch.cos(angle)), dim=1)


def _circle(n0: int, n1: int, g: torch.Generator) -> torch.Tensor:
    inner = _polar(_uniform(n0, 0.0, 0.5, g), _uniform(n0, 0.0, 2 * math.pi, g))
    outer = _polar(_uniform(n1, 0.7, 1.0, g), _uniform(n1, 0.0, 2 * math.pi, g))
    return torch.cat((inner, outer))


def _xor(n0: int, n1: int, g: torch.Generator) -> torch.Tensor:
    # Magnitudes keep a small gap (0.06) around the axes, as the Playground does, so the label is
    # never decided by a hair's breadth; signs pick the quadrant the class requires.
    n = n0 + n1
    magnitude = _uniform(2 * n, 0.06, 1.0, g).reshape(n, 2)
    sign_x = torch.where(torch.rand(n, generator=g) < 0.5, -1.0, 1.0)
    same = torch.cat((torch.ones(n0), -torch.ones(n1)))
    return magnitude * torch.stack((sign_x, sign_x * same), dim=1)


def _gauss(n0: int, n1: int, g: torch.Generator) -> torch.Tensor:
    centres = torch.cat((torch.full((n0, 2), 0.4), torch.full((n1, 2), -0.4)))
    return centres + 0.14 * torch.randn(n0 + n1, 2, generator=g)


def _spiral(n0: int, n1: int, g: torch.Generator) -> torch.Tensor:
    arms = []
    for n, offset in ((n0, 0.0), (n1, math.pi)):
        along = torch.rand(n, generator=g)  # 0 at the centre, 1 at the outer end
        arms.append(_polar(along, 1.75 * 2 * math.pi * along + offset))
    return torch.cat(arms)


_GENERATORS: dict[str, _Generator] = {
    "toy-circle": _circle,
    "toy-xor": _xor,
    "toy-gauss": _gauss,
    "toy-spiral": _spiral,
}


def _check_range(name: str, value: float, bounds: tuple[float, float]) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise TrainingError("{name} must be a number, not {value}.", name=name,
                            value=shorten(value))
    low, high = bounds
    if not low <= value <= high:
        raise TrainingError("{name} must be between {low:g} and {high:g}, not {value}.",
                            name=name, low=low, high=high, value=value)


def generate_toy(
    name: str, *, samples: int = 500, noise: float = 0.0, train_ratio: float = 0.5, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Generate ``(train_x, train_y, test_x, test_y)`` for one toy set; same seed, same points.

    ``train_x``/``test_x`` are float32 of shape (n, 2), the labels int64 (0 or 1).
    """
    if name not in _GENERATORS:
        raise KeyError(name)
    if isinstance(samples, bool) or not isinstance(samples, int):
        raise TrainingError("{name} must be a whole number, not {value}.", name="samples",
                            value=shorten(samples))
    _check_range("samples", samples, SAMPLES_RANGE)
    _check_range("noise", noise, NOISE_RANGE)
    _check_range("train_ratio", train_ratio, TRAIN_RATIO_RANGE)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise TrainingError("{name} must be a whole number of at least {low}, not {value}.",
                            name="seed", low=0, value=shorten(seed))

    g = torch.Generator().manual_seed(seed)
    n0 = samples // 2
    n1 = samples - n0
    points = _GENERATORS[name](n0, n1, g)
    jitter = torch.rand(samples, 2, generator=g) * 2.0 - 1.0  # drawn even when noise is 0
    points = points + float(noise) * jitter
    labels = torch.cat((torch.zeros(n0, dtype=torch.int64), torch.ones(n1, dtype=torch.int64)))
    order = torch.randperm(samples, generator=g)
    points = points[order].to(torch.float32).contiguous()
    labels = labels[order].contiguous()
    n_train = min(max(round(samples * train_ratio), 1), samples - 1)
    return (
        points[:n_train].contiguous(),
        labels[:n_train].contiguous(),
        points[n_train:].contiguous(),
        labels[n_train:].contiguous(),
    )
