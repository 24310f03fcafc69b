"""What each filter of a convolution layer looks for, shown two ways.

* The training patches that excite it most (Zeiler and Fergus's picture): every sample goes
  through the network up to the layer, each filter keeps the samples where its strongest
  response is highest, and the input patch under that response's receptive field is cut out.
  The receptive field (size, stride, offset) is worked out from the convolutions, paddings and
  poolings on the way from the input; in a network that branches the windows of the branches
  that meet are joined.
* The input it would like best: gradient ascent on the picture itself, from a grey one, to raise
  the filter's mean activation, regularised (a pull back towards grey, a one-pixel jitter and an
  occasional blur) so the picture shows a pattern rather than high-frequency noise.

Both work on a model built from a spec and a copy of its weights, in evaluation mode; the weights
are never changed and never get a ``.grad`` (gradients are taken with respect to the input alone),
and the jitter draws from a private generator, never the global one a training run uses.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from playground.core.errors import PlaygroundError
from playground.core.network.build import PlaygroundNet
from playground.core.network.graph import INPUT
from playground.core.network.layer_types import layer_type
from playground.core.network.spec import NetworkSpec

__all__ = [
    "ReceptiveField",
    "TopPatches",
    "conv_layers",
    "maximise_filter",
    "maximise_filters",
    "receptive_field",
    "top_patches",
]

# The objective adds this much of the filter's strongest sums before the activation (the mean
# of the top TOP_SHARE of positions) to its mean output: on grey a ReLU filter is silent
# everywhere and its output gives no direction; the strongest places grow a pattern first.
PRE_ACTIVATION_SHARE = 0.3
TOP_SHARE = 0.1
BLUR_SIGMA = 0.5  # pixels


@dataclass(frozen=True)
class ReceptiveField:
    """The input window one output position of a layer sees.

    Output position (y, x) sees the ``size`` × ``size`` window whose top-left corner is at
    (``top`` + y·``stride``, ``left`` + x·``stride``) of the picture the patches are cut from: the
    network's input, or the output of the last Reshape on the way (``source``, a layer index, or
    :data:`~playground.core.network.graph.INPUT`). ``top``/``left`` are negative when padding
    lets windows start outside the picture.
    """

    size: int
    stride: int
    top: int
    left: int
    source: int = INPUT

    def window(self, y: int, x: int) -> tuple[int, int]:
        """The (top, left) corner of output position (y, x)'s window."""
        return self.top + y * self.stride, self.left + x * self.stride


@dataclass(frozen=True)
class TopPatches:
    """For each filter of layer ``layer``, its ``k`` strongest samples, strongest first."""

    layer: int
    field: ReceptiveField
    patches: np.ndarray  # (filters, k, C, size, size) float32, borders filled with background
    activations: np.ndarray  # (filters, k) float32: the layer's output there
    responses: np.ndarray  # (filters, k) float32: the filter's sum before its activation
    samples: np.ndarray  # (filters, k) int64: indices into the samples given
    positions: np.ndarray  # (filters, k, 2) int64: (y, x) in the layer's output
    background: np.ndarray  # (C,) float32: the value outside the picture


def conv_layers(model: PlaygroundNet) -> list[int]:
    """The indices of the network's Conv2D layers, in layer order."""
    return [i for i, layer in enumerate(model.spec.layers) if layer_type(layer.type).has_filters]


def _conv_of(model: PlaygroundNet, layer: int) -> nn.Conv2d:
    if not 0 <= layer < len(model.spec.layers) or layer not in conv_layers(model):
        raise PlaygroundError("Layer {number} is not a Conv2D layer.", number=layer + 1)
    return next(m for m in model.layers[layer] if isinstance(m, nn.Conv2d))


def _first(value: int | Sequence[int]) -> int:
    return int(value if isinstance(value, int) else value[0])


def receptive_field(model: PlaygroundNet, layer: int) -> ReceptiveField:
    """The receptive field of layer ``layer``'s output positions (see :class:`ReceptiveField`)."""
    spec = model.spec
    memo: dict[int, ReceptiveField] = {}

    def field(node: int) -> ReceptiveField:
        if node == INPUT:
            return ReceptiveField(1, 1, 0, 0)
        if node in memo:
            return memo[node]
        entry = layer_type(spec.layers[node].type)
        if entry.rearranges:  # the values laid out anew: patches are cut from this picture
            memo[node] = ReceptiveField(1, 1, 0, 0, node)
            return memo[node]
        inputs = [field(source) for source in spec.inputs_of(node)]
        spatial = entry.pixelwise or entry.merges or entry.family in ("convolution", "pooling")
        if not spatial or entry.has_unit_weights or len({f.source for f in inputs}) > 1:
            raise PlaygroundError(
                "The window a filter sees cannot be traced back through layer {number} "
                "({type}).", number=node + 1, type=spec.layers[node].type)
        top, left = min(f.top for f in inputs), min(f.left for f in inputs)
        size = max(max(f.top + f.size for f in inputs) - top,
                   max(f.left + f.size for f in inputs) - left)
        stride = max(f.stride for f in inputs)
        for module in model.layers[node]:
            if isinstance(module, nn.ZeroPad2d):
                pad_left, _right, pad_top, _bottom = module.padding
                top, left = top - pad_top * stride, left - pad_left * stride
            elif isinstance(module, (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d)):
                kernel, step = _first(module.kernel_size), _first(module.stride)
                padding = module.padding if not isinstance(module.padding, str) else 0
                dilation = _first(getattr(module, "dilation", 1))
                size += dilation * (kernel - 1) * stride
                top -= _first(padding) * stride
                left -= _first(padding) * stride
                stride *= step
        memo[node] = ReceptiveField(size, stride, top, left, inputs[0].source)
        return memo[node]

    _conv_of(model, layer)
    return field(layer)


@contextmanager
def _evaluating(model: nn.Module) -> Iterator[None]:
    """Evaluation mode for the block (Dropout off, BatchNorm's running statistics), restored."""
    was = model.training
    model.eval()
    try:
        yield
    finally:
        model.train(was)


def _as_batch(model: PlaygroundNet, x: torch.Tensor | np.ndarray) -> torch.Tensor:
    shape = tuple(model.spec.input_shape)
    tensor = torch.as_tensor(x, dtype=torch.float32)
    return tensor.reshape(-1, *shape)


def _responses(model: PlaygroundNet, layer: int,
               x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(the filters' sums before the activation, the layer's output), each (N, F, H, W)."""
    source = model.spec.inputs_of(layer)[0]  # a Conv2D reads one input
    value = x if source == INPUT else model.forward_all(x, last=source)[source]
    modules = iter(model.layers[layer])
    for module in modules:
        value = module(value)
        if isinstance(module, nn.Conv2d):
            break
    response = value
    for module in modules:
        value = module(value)
    return response, value


def _pictures(model: PlaygroundNet, field: ReceptiveField, x: torch.Tensor) -> torch.Tensor:
    """The pictures the patches are cut from, (N, C, H, W)."""
    if field.source == INPUT:
        return x
    return model.forward_all(x, last=field.source)[field.source]


def _background(pictures: torch.Tensor) -> torch.Tensor:
    """Each channel's median along the pictures' border: the paper around a digit."""
    border = torch.cat([pictures[:, :, 0], pictures[:, :, -1], pictures[:, :, :, 0],
                        pictures[:, :, :, -1]], dim=2)
    return border.transpose(0, 1).reshape(pictures.shape[1], -1).median(dim=1).values


def top_patches(model: PlaygroundNet, spec: NetworkSpec | None, layer: int,
                x: torch.Tensor | np.ndarray, k: int = 9, batch: int = 256) -> TopPatches:
    """The ``k`` samples of ``x`` (preprocessed, (N, C, H, W)) that excite each filter most.

    Each filter keeps one position per sample (where it responds most), so its patches come from
    ``k`` different samples; the ranking uses the filter's sum before the layer's activation,
    the same order as its output for every rising activation and still an order where ReLU
    silenced the filter everywhere. ``spec`` is the model's (``model.spec``) or ``None``.
    """
    if spec is not None and spec != model.spec:
        raise ValueError("top_patches: the spec given is not the model's.")
    _conv_of(model, layer)
    field = receptive_field(model, layer)
    data = _as_batch(model, x)
    count = len(data)
    if count == 0:
        raise PlaygroundError("There are no samples to search for patches.")
    k = max(1, min(k, count))
    best: tuple[torch.Tensor, ...] | None = None  # scores, outputs, samples, positions: (F, m)
    width = 1
    with _evaluating(model), torch.no_grad():
        for start in range(0, count, batch):
            response, output = _responses(model, layer, data[start:start + batch])
            width = response.shape[-1]
            scores, where = response.flatten(2).max(dim=2)  # (B, F)
            outputs = output.flatten(2).gather(2, where[..., None])[..., 0]
            samples = torch.arange(start, start + len(scores)).expand(scores.shape[1], -1)
            found = (scores.T, outputs.T, samples, where.T)
            if best is not None:
                found = tuple(torch.cat([b, f], dim=1) for b, f in zip(best, found, strict=True))
            order = found[0].topk(min(k, found[0].shape[1]), dim=1, sorted=True).indices
            best = tuple(t.gather(1, order) for t in found)
        assert best is not None
        scores, outputs, samples, where = best
        chosen = torch.unique(samples)
        pictures = _pictures(model, field, data[chosen])
    background = _background(pictures)
    patches = _cut(pictures, chosen, samples, where, width, field, background)
    positions = torch.stack([where // width, where % width], dim=-1)
    return TopPatches(layer, field, patches, outputs.numpy().astype(np.float32),
                      scores.numpy().astype(np.float32), samples.numpy().astype(np.int64),
                      positions.numpy().astype(np.int64), background.numpy().astype(np.float32))


def _cut(pictures: torch.Tensor, chosen: torch.Tensor, samples: torch.Tensor,
         where: torch.Tensor, width: int, field: ReceptiveField,
         background: torch.Tensor) -> np.ndarray:
    """The windows of each (filter, rank), with ``background`` where they leave the picture."""
    size = field.size
    margin = size + max(0, -field.top, -field.left)
    channels, height, wide = pictures.shape[1:]
    padded = background[None, :, None, None].expand(
        len(pictures), channels, height + 2 * margin, wide + 2 * margin).clone()
    padded[:, :, margin:margin + height, margin:margin + wide] = pictures
    row_of = {int(s): i for i, s in enumerate(chosen)}
    filters, k = samples.shape
    out = np.empty((filters, k, channels, size, size), np.float32)
    for f in range(filters):
        for rank in range(k):
            position = int(where[f, rank])
            top, left = field.window(position // width, position % width)
            window = padded[row_of[int(samples[f, rank])], :, top + margin:top + margin + size,
                            left + margin:left + margin + size]
            out[f, rank] = window.numpy()
    return out


def _top_mean(values: torch.Tensor) -> torch.Tensor:
    """The mean of the highest :data:`TOP_SHARE` of each row."""
    count = max(1, round(TOP_SHARE * values.shape[1]))
    return values.topk(count, dim=1).values.mean(1)


def _blur(x: torch.Tensor) -> torch.Tensor:
    """A small Gaussian blur of each channel, reflecting at the borders."""
    radius = max(1, math.ceil(2 * BLUR_SIGMA))
    steps = torch.arange(-radius, radius + 1, dtype=x.dtype)
    weights = torch.exp(-0.5 * (steps / BLUR_SIGMA) ** 2)
    weights = weights / weights.sum()
    channels = x.shape[1]
    kernel = (weights[:, None] * weights[None, :]).expand(channels, 1, -1, -1)
    mode = "reflect" if min(x.shape[2:]) > radius else "replicate"
    return F.conv2d(F.pad(x, (radius,) * 4, mode=mode), kernel, groups=channels)


def maximise_filters(model: PlaygroundNet, layer: int, channels: Sequence[int] | None = None,
                     input_shape: Sequence[int] | None = None, steps: int = 40, lr: float = 0.1,
                     l2: float = 1e-3, blur_every: int = 4, seed: int = 0,
                     start: float | Sequence[float] = 0.0,
                     bounds: tuple[float, float] | None = None) -> np.ndarray:
    """The inputs that raise each filter's mean activation, one per channel: (n, *input_shape).

    All channels (every filter of the layer by default) are optimised at once, one picture
    each, by gradient ascent from the grey ``start`` (a value, or one per input channel: 0, or
    the data's mean) plus a faint noise. Each step moves every pixel by about ``lr`` along the
    normalised gradient of the filter's mean output, plus :data:`PRE_ACTIVATION_SHARE` of its
    strongest sums before the activation (so a filter that ReLU silences on grey still has a way
    up), minus ``l2`` times the squared distance from grey. Pictures are shifted by up to a
    pixel at random before each step (from a generator seeded with ``seed``) and blurred every
    ``blur_every`` steps, so the result is a pattern and not noise; ``bounds`` keeps the pixels
    in the data's range. The model is used in evaluation mode and left as it was.
    """
    conv = _conv_of(model, layer)
    wanted = list(range(conv.out_channels)) if channels is None else [int(c) for c in channels]
    shape = tuple(model.spec.input_shape if input_shape is None else input_shape)
    generator = torch.Generator().manual_seed(seed)
    grey = torch.as_tensor(start, dtype=torch.float32)
    grey = grey.reshape(1, -1, *([1] * (len(shape) - 1))) if grey.ndim else grey
    x = grey + 0.01 * torch.randn((len(wanted), *shape), generator=generator)
    picked = torch.tensor(wanted)
    rows = torch.arange(len(wanted))
    image = len(shape) == 3
    with _evaluating(model):
        for step in range(steps):
            x.requires_grad_(True)
            shifted = x
            if image:
                dy, dx = (int(v) for v in torch.randint(-1, 2, (2,), generator=generator))
                shifted = torch.roll(x, (dy, dx), dims=(2, 3))
            response, output = _responses(model, layer,
                                          shifted.reshape(-1, *model.spec.input_shape))
            own = (rows, picked)
            gain = (output[own].flatten(1).mean(1)
                    + PRE_ACTIVATION_SHARE * _top_mean(response[own].flatten(1)))
            penalty = l2 * (x - grey).pow(2).flatten(1).sum(1)
            (gradient,) = torch.autograd.grad((gain - penalty).sum(), x)
            with torch.no_grad():
                scale = gradient.flatten(1).abs().mean(1).clamp_min(1e-12)
                x = x.detach() + lr * gradient / scale.reshape(-1, *([1] * len(shape)))
                if image and blur_every > 0 and (step + 1) % blur_every == 0:
                    x = _blur(x)
                if bounds is not None:
                    x = x.clamp(bounds[0], bounds[1])
    return x.detach().numpy().astype(np.float32)


def maximise_filter(model: PlaygroundNet, layer: int, channel: int,
                    input_shape: Sequence[int] | None = None, steps: int = 40, lr: float = 0.1,
                    l2: float = 1e-3, blur_every: int = 4, seed: int = 0,
                    start: float | Sequence[float] = 0.0,
                    bounds: tuple[float, float] | None = None) -> np.ndarray:
    """The input that raises one filter's mean activation (see :func:`maximise_filters`)."""
    return maximise_filters(model, layer, [channel], input_shape, steps, lr, l2, blur_every,
                            seed, start, bounds)[0]
