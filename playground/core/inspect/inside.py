"""Looking inside a network: convolution filters, every layer's output, and Dense weights as images.

Why this module exists: students learn what a network does by seeing it. Everything here returns
plain numpy copies (float32, C-contiguous, row-major images) and never a live tensor, so the GUI
thread can draw the results while the worker keeps training and updating the real weights.

Filters and weights are read per spec layer through ``model.layers[i]`` (see :mod:`build`; in a
network that branches, one per node), and a
:class:`~playground.core.inspect.snapshots.Snapshot` stores the same :class:`LayerWeights`, so the
views of
the live model and of a recorded epoch come from the same code. Functions that run the model
(:func:`feature_maps`) switch to evaluation mode only when the network has a layer whose behaviour
depends on it (Dropout, BatchNorm), and always restore it; call them on the training thread
between batches, or on an :func:`inspection_copy` (or :meth:`Snapshot.model`) from any other
thread, never on the live model concurrently with a training step.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import numpy as np
import torch
from torch import nn

from playground.core.data.datasets import CSV_PREFIX, list_datasets
from playground.core.network.build import PlaygroundNet, Recurrent, model_from_weights
from playground.core.network.graph import INPUT
from playground.core.network.layer_types import layer_type
from playground.core.network.shapes import Shape, infer_shapes
from playground.core.network.spec import NetworkSpec

__all__ = [
    "DenseImages",
    "FilterSet",
    "LayerActivation",
    "LayerWeights",
    "as_batch",
    "conv_filters",
    "dense_weight_images",
    "evaluating",
    "feature_maps",
    "image_shape_before_dense",
    "inspection_copy",
    "layer_weights",
    "recurrent_sequences",
    "to_numpy",
]

ActivationKind = Literal["channels", "vector", "sequence", "other"]
_MODE_DEPENDENT = (nn.Dropout, nn.BatchNorm1d, nn.BatchNorm2d)


def to_numpy(tensor: torch.Tensor) -> np.ndarray:
    """A float32, C-contiguous numpy copy that shares no memory with ``tensor``."""
    return tensor.detach().to("cpu", torch.float32).numpy().copy(order="C")


def _level(values: np.ndarray) -> float:
    """The symmetric colour level max |v| (1.0 for an all-zero or empty array)."""
    if values.size == 0:
        return 1.0
    level = float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 1.0
    return level if level > 0 and math.isfinite(level) else 1.0


@contextmanager
def evaluating(model: nn.Module) -> Iterator[nn.Module]:
    """Evaluation mode and no gradients for the block, restoring the mode afterwards.

    The mode is only switched when some layer behaves differently in training (Dropout,
    BatchNorm), so inspecting a plain network never touches the flag the training loop relies on.
    """
    switch = model.training and any(isinstance(m, _MODE_DEPENDENT) for m in model.modules())
    if switch:
        model.eval()
    try:
        with torch.no_grad():
            yield model
    finally:
        if switch:
            model.train(True)


def _device(model: nn.Module) -> torch.device:
    for p in model.parameters():
        return p.device
    return torch.device("cpu")


# The inspection code names it after what it is given: a snapshot's or the document's state.


def inspection_copy(model: PlaygroundNet) -> PlaygroundNet:
    """A separate model with the same weights, in evaluation mode and without gradients.

    For inspecting or live inference from another thread while ``model`` trains: nothing done to
    the copy (mode switches, forward passes, gradients) can reach the run. Building it leaves the
    global random state alone (see :func:`~playground.core.network.build.model_from_weights`).
    """
    return model_from_weights(model.spec, model.state_dict(), _device(model))


# -- weights ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LayerWeights:
    """A copy of one Conv2D or Dense layer's weight and bias (what snapshots store)."""

    layer_index: int
    layer_type: str  # "Conv2D" | "Dense"
    weight: np.ndarray  # Conv2D: (filters, in_channels, k, k); Dense: (units, inputs)
    bias: np.ndarray | None

    @property
    def nbytes(self) -> int:
        return self.weight.nbytes + (self.bias.nbytes if self.bias is not None else 0)


def layer_weights(model: PlaygroundNet) -> dict[int, LayerWeights]:
    """Copies of the weights of every Conv2D and Dense layer, keyed by spec layer index."""
    out: dict[int, LayerWeights] = {}
    for index, (layer, block) in enumerate(zip(model.spec.layers, model.layers, strict=True)):
        entry = layer_type(layer.type)
        if not (entry.has_filters or entry.has_unit_weights):
            continue
        core = next(m for m in block if isinstance(m, (nn.Conv2d, nn.Linear)))
        bias = to_numpy(core.bias) if core.bias is not None else None
        out[index] = LayerWeights(index, layer.type, to_numpy(core.weight), bias)
    return out


WeightSource = PlaygroundNet | Mapping[int, LayerWeights]


def _weights(source: WeightSource) -> Mapping[int, LayerWeights]:
    return layer_weights(source) if isinstance(source, nn.Module) else source


@dataclass(frozen=True)
class FilterSet:
    """The kernels of one Conv2D layer, ready for a diverging colour map centred on zero.

    Draw with levels ``(-level, level)`` so that zero is the neutral colour and the same weight
    has the same colour in every filter of the layer.
    """

    layer_index: int
    kernels: np.ndarray  # (filters, in_channels, k, k) float32
    bias: np.ndarray | None  # (filters,)
    level: float  # max |w| over the layer, > 0

    @property
    def filters(self) -> int:
        return int(self.kernels.shape[0])

    @property
    def in_channels(self) -> int:
        return int(self.kernels.shape[1])

    @property
    def levels(self) -> tuple[float, float]:
        return (-self.level, self.level)

    def channel(self, index: int) -> np.ndarray:
        """Every filter's kernel for one input channel: (filters, k, k)."""
        return np.ascontiguousarray(self.kernels[:, index])

    def averaged(self) -> np.ndarray:
        """Every filter's kernel averaged over its input channels: (filters, k, k)."""
        return np.ascontiguousarray(self.kernels.mean(axis=1, dtype=np.float32))

    def images(self, channel: int | None = None) -> np.ndarray:
        """``channel(channel)``, or :meth:`averaged` when ``channel`` is ``None``."""
        return self.averaged() if channel is None else self.channel(channel)

    def colour(self) -> np.ndarray:
        """A first layer's RGB kernels as colour pictures: (filters, k, k, 3) in [0, 1].

        Grey (0.5) is a zero weight; each channel moves towards 1 or 0 with the weight on that
        colour, on the layer's one symmetric scale. A filter that reacts to red edges is drawn
        red there, as ConvNetJS draws its CIFAR-10 filters. Needs three input channels.
        """
        if self.in_channels != 3:
            raise ValueError(f"Colour needs 3 input channels; this layer has {self.in_channels}.")
        rgb = 0.5 + 0.5 * self.kernels.transpose(0, 2, 3, 1) / self.level
        return np.ascontiguousarray(np.clip(rgb, 0.0, 1.0), dtype=np.float32)


def conv_filters(source: WeightSource) -> list[FilterSet]:
    """One :class:`FilterSet` per Conv2D layer, in layer order (from a model or a snapshot)."""
    return [
        FilterSet(w.layer_index, w.weight, w.bias, _level(w.weight))
        for _, w in sorted(_weights(source).items())
        if layer_type(w.layer_type).has_filters
    ]


@dataclass(frozen=True)
class DenseImages:
    """Each unit of a Dense layer fed by an image: its incoming weights drawn as that image."""

    layer_index: int
    images: np.ndarray  # (units, channels, height, width) float32
    level: float  # max |w|: draw with levels (-level, level)

    @property
    def units(self) -> int:
        return int(self.images.shape[0])

    @property
    def levels(self) -> tuple[float, float]:
        return (-self.level, self.level)

    def averaged(self) -> np.ndarray:
        """(units, height, width): the weights averaged over colour channels."""
        return np.ascontiguousarray(self.images.mean(axis=1, dtype=np.float32))

    def rgb(self) -> np.ndarray:
        """(units, height, width, channels) in 0..1, 0.5 meaning a zero weight (colour inputs)."""
        scaled = 0.5 + 0.5 * self.images / self.level
        return np.ascontiguousarray(np.clip(scaled, 0.0, 1.0).transpose(0, 2, 3, 1))


def _as_image(shape: Shape) -> Shape | None:
    """The (channels, height, width) a flat or row-per-step input holds, if it looks like one."""
    if len(shape) == 3:
        return shape if shape[0] in (1, 3) else None
    if len(shape) == 2:
        return (1, *shape) if min(shape) >= 8 else None
    n = shape[0]
    for channels in (1, 3):
        side = math.isqrt(n // channels)
        if side >= 8 and channels * side * side == n:
            return (channels, side, side)
    return None


def _input_image(spec: NetworkSpec) -> Shape | None:
    """The image behind the network's input: the dataset's own shape for a built-in image set.

    A table or a toy, text or sequence set is never an image, however its size factors.
    """
    if spec.dataset.startswith(CSV_PREFIX):
        return None
    info = next((d for d in list_datasets() if d.name == spec.dataset), None)
    if info is not None:
        if info.kind != "image" or math.prod(info.input_shape) != math.prod(spec.input_shape):
            return None
        return tuple(info.input_shape)
    return _as_image(spec.input_shape)  # the user's image folder, or an unknown name


def image_shape_before_dense(spec: NetworkSpec) -> tuple[int, Shape] | None:
    """(index of the first Dense layer, the image it sees), when only pixel-wise layers precede it.

    ``Flatten`` of a (1, 28, 28) or (3, 32, 32) input qualifies; a Dense layer after a Conv2D or a
    recurrent layer does not (its inputs are features, not pixels). In a network that branches
    the layers that lead from the input to that Dense layer are followed, and a merge on the way
    disqualifies it (what it sees then mixes several branches).
    """
    analysis = infer_shapes(spec)
    outputs = [info.output_shape for info in analysis.layers]
    dense = next((i for i, layer in enumerate(spec.layers)
                  if layer_type(layer.type).has_unit_weights), None)
    image = _input_image(spec)
    if dense is None or image is None:
        return None
    path: list[int] = []  # the layers from the input to the Dense layer, in order
    node = dense
    while True:
        sources = spec.inputs_of(node)
        if len(sources) != 1:
            return None
        if sources[0] == INPUT:
            break
        node = sources[0]
        path.insert(0, node)
    for index in path:
        entry = layer_type(spec.layers[index].type)
        if not entry.pixelwise:  # a layer that mixes pixels: what follows sees features
            return None
        if entry.rearranges and len(outputs[index]) == 3:
            image = _as_image(outputs[index])
            if image is None:
                return None
    seen = outputs[path[-1]] if path else spec.input_shape
    if math.prod(image) != seen[0]:
        return None
    return dense, image


def dense_weight_images(source: WeightSource, spec: NetworkSpec) -> DenseImages | None:
    """The first Dense layer's weights reshaped to the input image, or ``None`` if not fed one."""
    found = image_shape_before_dense(spec)
    if found is None:
        return None
    index, image = found
    weights = _weights(source).get(index)
    if weights is None:
        return None
    images = np.ascontiguousarray(weights.weight.reshape(weights.weight.shape[0], *image))
    return DenseImages(index, images, _level(images))


# -- activations --------------------------------------------------------------------------------
@dataclass(frozen=True)
class LayerActivation:
    """One layer's output for one sample.

    ``kind`` says how to draw ``values``: "channels" is (C, H, W) (one image per channel),
    "vector" is (F,) (a bar or a strip), "sequence" is (T, F) (time along the rows).
    """

    layer_index: int
    layer_type: str
    kind: ActivationKind
    values: np.ndarray  # float32, the layer's output shape from shapes.analyse
    vmin: float
    vmax: float

    @property
    def level(self) -> float:
        """max |v|, for a symmetric colour map."""
        return max(abs(self.vmin), abs(self.vmax)) or 1.0


def _kind(rank: int) -> ActivationKind:
    if rank == 3:
        return "channels"
    if rank == 2:
        return "sequence"
    return "vector" if rank == 1 else "other"


def as_batch(model: PlaygroundNet, x: torch.Tensor | np.ndarray) -> torch.Tensor:
    """``x`` (one sample or a batch, any layout with the right value count) as a model batch."""
    shape = tuple(model.spec.input_shape)
    tensor = torch.as_tensor(np.asarray(x, dtype=np.float32) if not torch.is_tensor(x) else x)
    per_sample = math.prod(shape)
    if tensor.numel() % per_sample or tensor.numel() == 0:
        raise ValueError(
            f"Expected samples of {per_sample} values (input shape {shape}), got a tensor of "
            f"shape {tuple(tensor.shape)}."
        )
    return tensor.reshape(-1, *shape).to(_device(model), torch.float32)


def _range(values: np.ndarray) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0.0, 0.0
    return float(finite.min()), float(finite.max())


def feature_maps(model: PlaygroundNet, sample: torch.Tensor | np.ndarray) -> list[LayerActivation]:
    """Every layer's output for one sample, in evaluation mode and without gradients.

    ``sample`` has the network's input shape (or the same number of values, or a batch of one).
    Uses :meth:`PlaygroundNet.forward_all`, so no hook is ever left on the model.
    """
    x = as_batch(model, sample)
    if len(x) != 1:
        raise ValueError(f"feature_maps takes one sample, got {len(x)}.")
    with evaluating(model):
        outputs = model.forward_all(x)
    maps = []
    for index, (layer, out) in enumerate(zip(model.spec.layers, outputs, strict=True)):
        values = to_numpy(out[0])
        vmin, vmax = _range(values)
        maps.append(LayerActivation(index, layer.type, _kind(values.ndim), values, vmin, vmax))
    return maps


def recurrent_sequences(
    model: PlaygroundNet, sample: torch.Tensor | np.ndarray
) -> dict[int, np.ndarray]:
    """Each recurrent layer's output at every time step, (steps, units), for one sample.

    A recurrent layer without ``return_sequences`` passes on only its final state, but what it
    computed along the way (how its units respond row after row of a digit) is the telling
    picture; this runs the layer's inner RNN to get the whole sequence. Keyed by spec layer index.
    """
    x = as_batch(model, sample)
    if len(x) != 1:
        raise ValueError(f"recurrent_sequences takes one sample, got {len(x)}.")
    found: dict[int, np.ndarray] = {}
    with evaluating(model):
        outputs = model.forward_all(x)
        for index, block in enumerate(model.layers):
            if not any(isinstance(module, Recurrent) for module in block):
                continue
            source = model.spec.inputs_of(index)[0]  # a recurrent layer reads one input
            value = x if source == INPUT else outputs[source]
            for module in block:
                if isinstance(module, Recurrent):
                    sequence, _ = module.rnn(value)
                    found[index] = to_numpy(sequence[0])
                    break
                value = module(value)
    return found
