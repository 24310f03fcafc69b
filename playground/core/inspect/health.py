"""The health of each layer: histograms of weights, activations and gradients, and plain warnings.

Why: a network that does not learn rarely says why. Histograms show it (weights that never move,
activations stuck at zero, gradients that shrink layer after layer), and a few indicators put the
classic failures into one sentence each, in the reader's language: dead ReLUs, vanishing and
exploding gradients, and overfitting read from the loss history.

The check never disturbs a run: it works on a separate copy of the model (``inspection_copy``), in
evaluation mode (Dropout off, BatchNorm on its running statistics, so it is deterministic), and
gets gradients with ``torch.autograd.grad``, so no ``.grad`` is ever written, not even on the
copy. The model's mode, buffers, gradients and optimizer, and the global random state, are never
touched. Everything returned is numpy or plain numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from playground.core.inspect.inside import as_batch, inspection_copy
from playground.core.messages import Message
from playground.core.network.build import PlaygroundNet
from playground.core.training.objective import Objective

__all__ = [
    "DEAD_RELU_SHARE",
    "EXPLODING_NORM",
    "HISTOGRAM_BINS",
    "VANISHING_RATIO",
    "HealthReport",
    "Histogram",
    "Indicator",
    "LayerHealth",
    "default_objective",
    "histogram",
    "layer_health",
    "overfitting",
]

HISTOGRAM_BINS = 40
DEAD_RELU_SHARE = 0.5  # flag a ReLU layer when more than this share of its units never fire
VANISHING_RATIO = 1e-3  # first layer's gradient norm / last layer's below this: vanishing
EXPLODING_NORM = 1e3  # a layer's gradient norm above this: exploding
OVERFIT_EPOCHS = 2  # validation loss rising this many epochs in a row while training loss falls
MAX_SAMPLES = 256  # the batch the check runs on is cut to this many samples


@dataclass(frozen=True)
class Histogram:
    """Counts of values in ``bins`` equal bins between ``edges[0]`` and ``edges[-1]``."""

    counts: np.ndarray  # (bins,) int64
    edges: np.ndarray  # (bins + 1,) float32
    mean: float
    std: float
    vmin: float
    vmax: float
    nonfinite: int = 0  # NaN and infinite values, left out of the bins

    @property
    def centers(self) -> np.ndarray:
        return ((self.edges[:-1] + self.edges[1:]) / 2).astype(np.float32)

    @property
    def total(self) -> int:
        return int(self.counts.sum())


def histogram(values: torch.Tensor | np.ndarray, bins: int = HISTOGRAM_BINS) -> Histogram:
    """A fixed-bin histogram of every finite value (computed with ``torch.histc``)."""
    t = torch.as_tensor(values).detach().reshape(-1).to(torch.float32)
    finite_mask = torch.isfinite(t)
    nonfinite = int(t.numel() - finite_mask.sum())
    if nonfinite:
        t = t[finite_mask]
    if t.numel() == 0:
        edges = np.linspace(0.0, 1.0, bins + 1, dtype=np.float32)
        return Histogram(np.zeros(bins, np.int64), edges, 0.0, 0.0, 0.0, 0.0, nonfinite)
    lo, hi = float(t.min()), float(t.max())
    a, b = (lo - 0.5, hi + 0.5) if lo == hi else (lo, hi)
    counts = torch.histc(t, bins=bins, min=a, max=b).to("cpu", torch.int64).numpy().copy()
    edges = np.linspace(a, b, bins + 1, dtype=np.float32)
    std = float(t.std(unbiased=False))
    return Histogram(counts, edges, float(t.mean()), std, lo, hi, nonfinite)


@dataclass(frozen=True)
class LayerHealth:
    """One spec layer: its histograms and the numbers the indicators are judged on."""

    layer_index: int
    layer_type: str
    activations: Histogram  # the layer's outputs over the batch
    weights: Histogram | None  # weight matrices and kernels (biases left out); None if none
    gradients: Histogram | None  # the loss gradient of those weights; None without labels
    gradient_norm: float | None  # L2 norm of that gradient
    dead_fraction: float | None  # ReLU layers: share of units never active over the batch


@dataclass(frozen=True)
class Indicator:
    """One plain-language verdict; ``active`` means the problem is there."""

    code: str  # "dead_relu" | "vanishing_gradients" | "exploding_gradients" | "overfitting"
    active: bool
    text: Message  # one line, rendered in the reader's language
    value: float
    threshold: float
    layer_index: int | None = None


@dataclass(frozen=True)
class HealthReport:
    layers: tuple[LayerHealth, ...]
    indicators: tuple[Indicator, ...]

    @property
    def warnings(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.active)

    def indicator(self, code: str) -> list[Indicator]:
        return [i for i in self.indicators if i.code == code]


def default_objective(model: PlaygroundNet, y: torch.Tensor) -> Objective:
    """The loss a run would most likely use: cross-entropy, BCE for one output, mse for numbers."""
    regression = y.is_floating_point()
    classes = model.spec.num_classes
    if regression:
        name = "mse"
    elif classes == 1:
        name = "binary_cross_entropy"
    else:
        name = "cross_entropy"
    return Objective(name, model.output_activation, classes, regression)


def _weight_params(block: nn.Module) -> list[nn.Parameter]:
    """Weight matrices and kernels of one block (biases and BatchNorm scales left out)."""
    return [p for p in block.parameters() if p.dim() >= 2 and p.requires_grad]


def _dead_fraction(block: nn.Module, out: torch.Tensor) -> float | None:
    """Share of a ReLU layer's units (features, or channels of an image) never above zero."""
    modules = list(block)
    if not modules or not isinstance(modules[-1], nn.ReLU):
        return None
    units = out.shape[1] if out.dim() == 4 else out.shape[-1]
    if out.dim() == 4:
        alive = (out > 0).transpose(0, 1).reshape(units, -1).any(dim=1)
    else:
        alive = (out > 0).reshape(-1, units).any(dim=0)
    return float(1.0 - alive.float().mean())


def layer_health(
    model: PlaygroundNet,
    x: torch.Tensor | np.ndarray,
    y: torch.Tensor | np.ndarray | None = None,
    *,
    objective: Objective | None = None,
    bins: int = HISTOGRAM_BINS,
    max_samples: int = MAX_SAMPLES,
) -> HealthReport:
    """Histograms and indicators for every layer on one batch (labels ``y`` give gradients).

    Pass the run's ``Trainer.objective`` to measure the gradient of the loss really trained on.
    """
    inspected = inspection_copy(model).requires_grad_(True)
    xb = as_batch(inspected, x)[:max_samples]
    with torch.no_grad():
        outputs = inspected.forward_all(xb)
    grads: dict[int, list[torch.Tensor]] = {}
    if y is not None:
        yb = torch.as_tensor(y)[:max_samples].to(xb.device)
        objective = objective or default_objective(inspected, yb)
        grads = _gradients(inspected, objective, xb, yb)
    layers = []
    for index, (spec_layer, block, out) in enumerate(
        zip(inspected.spec.layers, inspected.layers, outputs, strict=True)
    ):
        params = _weight_params(block)
        weights = None
        if params:
            weights = histogram(torch.cat([p.detach().reshape(-1) for p in params]), bins)
        layer_grads = grads.get(index)
        gradients, norm = None, None
        if layer_grads:
            flat = torch.cat([g.reshape(-1) for g in layer_grads])
            gradients, norm = histogram(flat, bins), float(torch.linalg.vector_norm(flat))
        layers.append(
            LayerHealth(
                index, spec_layer.type, histogram(out, bins), weights, gradients, norm,
                _dead_fraction(block, out),
            )
        )
    indicators = [*_dead_relu_indicators(layers), *_gradient_indicators(layers)]
    return HealthReport(tuple(layers), tuple(indicators))


def _gradients(
    model: PlaygroundNet, objective: Objective, x: torch.Tensor, y: torch.Tensor
) -> dict[int, list[torch.Tensor]]:
    """Each layer's weight gradients via ``autograd.grad``: no ``.grad`` attribute is written."""
    owners = [(i, p) for i, block in enumerate(model.layers) for p in _weight_params(block)]
    if not owners:
        return {}
    # cuDNN can only differentiate a recurrent layer in training mode; its plain kernels can.
    has_rnn = any(isinstance(m, nn.RNNBase) for m in model.modules())
    flags: Any = (
        torch.backends.cudnn.flags(enabled=False) if has_rnn and x.is_cuda else nullcontext()
    )
    with torch.enable_grad(), flags:
        out = model.forward_logits(x) if objective.uses_logits else model(x)
        loss = objective.loss(out, y)
        found = torch.autograd.grad(loss, [p for _, p in owners], allow_unused=True)
    grads: dict[int, list[torch.Tensor]] = {}
    for (index, p), g in zip(owners, found, strict=True):
        grads.setdefault(index, []).append(torch.zeros_like(p) if g is None else g.detach())
    return grads


# -- indicators ---------------------------------------------------------------------------------
def _dead_relu_indicators(layers: Sequence[LayerHealth]) -> list[Indicator]:
    found = []
    for layer in layers:
        share = layer.dead_fraction
        if share is None:
            continue
        where = {"n": layer.layer_index + 1, "type": layer.layer_type, "pct": round(100 * share)}
        if share > DEAD_RELU_SHARE:
            text = Message(
                "Layer {n} ({type}): {pct}% of its ReLU units never switched on for this batch, "
                "so they pass nothing on and stop learning (dead ReLUs); try a lower learning "
                "rate, He initialisation or LeakyReLU.", **where,
            )
        else:
            text = Message(
                "Layer {n} ({type}): {pct}% of its ReLU units stayed off for the whole batch, "
                "which is fine.", **where,
            )
        active = share > DEAD_RELU_SHARE
        found.append(
            Indicator("dead_relu", active, text, share, DEAD_RELU_SHARE, layer.layer_index)
        )
    return found


def _gradient_indicators(layers: Sequence[LayerHealth]) -> list[Indicator]:
    measured = [
        layer
        for layer in layers
        if layer.gradient_norm is not None and math.isfinite(layer.gradient_norm)
    ]
    if not measured:
        return []
    found = []
    first, last = measured[0], measured[-1]
    if first is not last and last.gradient_norm:
        assert first.gradient_norm is not None
        ratio = first.gradient_norm / last.gradient_norm
        a, b = first.layer_index + 1, last.layer_index + 1
        if ratio < VANISHING_RATIO:
            text = Message(
                "The gradient reaching layer {a} is only {ratio:.1e} times the one at layer {b}: "
                "the first layers barely learn (vanishing gradients); use ReLU instead of "
                "sigmoid or tanh in hidden layers, fewer layers, or BatchNorm.",
                a=a, b=b, ratio=ratio,
            )
        else:
            text = Message(
                "The gradient reaching layer {a} is {ratio:.2g} times the one at layer {b}, so "
                "the first layers learn too.", a=a, b=b, ratio=ratio,
            )
        vanishing = ratio < VANISHING_RATIO
        found.append(
            Indicator("vanishing_gradients", vanishing, text, ratio, VANISHING_RATIO,
                      first.layer_index)
        )
    worst = max(measured, key=lambda layer: layer.gradient_norm or 0.0)
    norm = worst.gradient_norm or 0.0
    n = worst.layer_index + 1
    if norm > EXPLODING_NORM:
        text = Message(
            "Layer {n} has a gradient of size {norm:.3g}, above {limit:g}: each step throws its "
            "weights far off (exploding gradients); lower the learning rate, or add BatchNorm.",
            n=n, norm=norm, limit=EXPLODING_NORM,
        )
    else:
        text = Message(
            "The largest gradient (layer {n}, size {norm:.3g}) is moderate, so steps stay "
            "under control.", n=n, norm=norm,
        )
    exploding = norm > EXPLODING_NORM
    found.append(
        Indicator("exploding_gradients", exploding, text, norm, EXPLODING_NORM, worst.layer_index)
    )
    return found


def overfitting(
    history: Mapping[str, Sequence[Any]], epochs_rising: int = OVERFIT_EPOCHS
) -> Indicator | None:
    """Validation loss rising ``epochs_rising`` epochs in a row while the training loss falls.

    ``history`` is a run's history (``TrainingResult.history``: "train_loss", "val_loss" and
    optionally "epoch"). ``None`` when there is no validation loss to judge by yet.
    """
    train = list(history.get("train_loss") or [])
    val = list(history.get("val_loss") or [])
    epochs = list(history.get("epoch") or range(1, len(train) + 1))
    rows = [
        (e, float(t), float(v))
        for e, t, v in zip(epochs, train, val, strict=False)
        if t is not None and v is not None and math.isfinite(t) and math.isfinite(v)
    ]
    if len(rows) < 2:
        return None
    rising = 0
    while rising + 1 < len(rows) and rows[-1 - rising][2] > rows[-2 - rising][2]:
        rising += 1
    train_falling = rising > 0 and rows[-1][1] < rows[-1 - rising][1]
    active = rising >= epochs_rising and train_falling
    best = min(rows, key=lambda row: row[2])[0]
    if active:
        text = Message(
            "The validation loss has risen for {rising} epochs while the training loss kept "
            "falling: the network is memorising its training examples (overfitting); the best "
            "weights were at epoch {best}. Stop earlier, add Dropout, or use more data.",
            rising=rising, best=best,
        )
    else:
        text = Message("The validation loss follows the training loss: no sign of overfitting.")
    return Indicator("overfitting", active, text, float(rising), float(epochs_rising))
