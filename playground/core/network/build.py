"""Turn a validated :class:`NetworkSpec` into a real ``torch.nn.Module``.

Each spec layer becomes one block in ``model.layers`` (an ``nn.Sequential``), so position ``i`` in
the editor is ``model.layers[i]`` in PyTorch: feature maps, filters and weights can be read per
layer without any bookkeeping. Building with a seed is deterministic and leaves the global random
state untouched, so "Reset weights" gives the same initial weights again.
"""

from __future__ import annotations

import math
from typing import ClassVar

import torch
from torch import nn

from playground.core.network.output_head import find_output_activation
from playground.core.network.shapes import Shape, infer_shapes
from playground.core.network.spec import (
    LayerSpec,
    NetworkSpec,
)

__all__ = ["PlaygroundNet", "build_model", "count_parameters", "make_activation"]


def make_activation(name: str, rank: int) -> nn.Module | None:
    """The module for an activation applied to per-sample tensors of the given rank."""
    if name == "linear":
        return None
    if name in ("softmax", "log_softmax"):
        # Images softmax over channels; vectors and sequences over their last axis.
        dim = 1 if rank == 3 else -1
        return nn.Softmax(dim=dim) if name == "softmax" else nn.LogSoftmax(dim=dim)
    return {
        "relu": nn.ReLU,
        "sigmoid": nn.Sigmoid,
        "tanh": nn.Tanh,
        "leaky_relu": nn.LeakyReLU,
        "elu": nn.ELU,
        "gelu": nn.GELU,
    }[name]()


class Reshape(nn.Module):
    """Rearrange each sample to ``target`` (the batch axis is kept)."""

    def __init__(self, target: Shape) -> None:
        super().__init__()
        self.target = tuple(target)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], *self.target)

    def extra_repr(self) -> str:
        return f"target={self.target}"


class SequenceBatchNorm(nn.BatchNorm1d):
    """Batch normalisation of each feature of a (batch, time, features) sequence."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(x.transpose(1, 2)).transpose(1, 2)


class Recurrent(nn.Module):
    """SimpleRNN, LSTM or GRU over (batch, time, features), batch first like Keras.

    Without ``return_sequences`` it returns the final state; a bidirectional layer joins the
    forward reading's final state with the backward reading's, as Keras does.
    """

    KINDS: ClassVar[dict[str, type[nn.RNNBase]]] = {
        "SimpleRNN": nn.RNN,
        "LSTM": nn.LSTM,
        "GRU": nn.GRU,
    }

    def __init__(
        self, kind: str, features: int, units: int, return_sequences: bool, bidirectional: bool
    ) -> None:
        super().__init__()
        self.rnn = self.KINDS[kind](features, units, batch_first=True, bidirectional=bidirectional)
        self.return_sequences = return_sequences

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        outputs, state = self.rnn(x)
        if self.return_sequences:
            return outputs
        hidden = state[0] if isinstance(state, tuple) else state
        return torch.cat(tuple(hidden), dim=-1) if hidden.shape[0] > 1 else hidden[0]


class TokenEmbedding(nn.Embedding):
    """An embedding that accepts token ids stored as floats (datasets are float tensors)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(x.long())


def _block(layer: LayerSpec, in_shape: Shape, out_shape: Shape) -> nn.Sequential:
    p, t = layer.params, layer.type
    modules: list[nn.Module] = []
    activation = p.get("activation")
    if t == "Dense":
        modules.append(nn.Linear(in_shape[0], p["units"], bias=p["use_bias"]))
    elif t == "Conv2D":
        k, stride = p["kernel_size"], p["stride"]
        padding = 0
        if p["padding"] == "same":
            pads = []
            for size in (in_shape[2], in_shape[1]):  # ZeroPad2d wants (left, right, top, bottom)
                total = max((math.ceil(size / stride) - 1) * stride + k - size, 0)
                pads += [total // 2, total - total // 2]
            if pads[0] == pads[1] == pads[2] == pads[3]:
                padding = pads[0]
            else:
                modules.append(nn.ZeroPad2d(tuple(pads)))
        modules.append(nn.Conv2d(in_shape[0], p["filters"], k, stride=stride, padding=padding))
    elif t in ("MaxPool2D", "AvgPool2D"):
        pool = nn.MaxPool2d if t == "MaxPool2D" else nn.AvgPool2d
        modules.append(pool(p["pool_size"], stride=p["stride"] or p["pool_size"]))
    elif t == "Flatten":
        modules.append(nn.Flatten())
    elif t == "Reshape":
        modules.append(Reshape(p["target_shape"]))
    elif t == "Dropout":
        modules.append(nn.Dropout(p["rate"]))
    elif t == "BatchNorm":
        if len(in_shape) == 3:
            modules.append(nn.BatchNorm2d(in_shape[0]))
        elif len(in_shape) == 2:
            modules.append(SequenceBatchNorm(in_shape[1]))
        else:
            modules.append(nn.BatchNorm1d(in_shape[0]))
    elif t in Recurrent.KINDS:
        modules.append(
            Recurrent(t, in_shape[1], p["units"], p["return_sequences"], p["bidirectional"])
        )
    elif t == "Embedding":
        modules.append(TokenEmbedding(p["vocabulary"], p["dimension"]))
    elif t != "Activation":
        raise AssertionError(f"no builder for {t}")  # the catalogue and this module disagree
    if activation is not None:
        module = make_activation(activation, len(out_shape))
        if module is not None:
            modules.append(module)
    return nn.Sequential(*modules)


class PlaygroundNet(nn.Module):
    """A sequential network built from a spec; ``layers[i]`` is the spec's layer ``i``."""

    def __init__(self, spec: NetworkSpec) -> None:
        super().__init__()
        analysis = infer_shapes(spec)
        self.spec = spec
        shapes = [spec.input_shape, *(info.output_shape for info in analysis.layers)]
        self.layers = nn.ModuleList(
            _block(layer, shapes[i], shapes[i + 1]) for i, layer in enumerate(spec.layers)
        )
        output = find_output_activation(spec.layers, shapes[1:])
        self.output_activation = output.name
        # Flat lists of the leaf modules: calling them directly skips one nn.Sequential call
        # per layer, which is a measurable share of a small model's training step.
        flat = [module for block in self.layers for module in block]
        self._modules_in_order = tuple(flat)
        # The squashing module is the last of its layer's block (the activation comes last);
        # the layers after it only keep values (Dropout, Flatten, Reshape), so the scores
        # before it travel through them as the probabilities would.
        self.squash_position: int | None = None
        if output.squashing and output.layer_index is not None:
            self.squash_position = sum(len(b) for b in self.layers[: output.layer_index + 1]) - 1
        skip = self.squash_position
        self._modules_to_logits = tuple(m for i, m in enumerate(flat) if i != skip)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for module in self._modules_in_order:
            x = module(x)
        return x

    def forward_logits(self, x: torch.Tensor) -> torch.Tensor:
        """The output without its final softmax, log_softmax or sigmoid (the "logits").

        Losses work on these scores (``cross_entropy`` applies its own log-softmax), so a softmax
        output is never applied twice and the loss stays numerically stable. The output
        activation is found past layers that keep values (see :mod:`output_head`): with
        ``Dense(10, softmax)`` then ``Dropout`` the scores go through the Dropout unsquashed.
        """
        for module in self._modules_to_logits:
            x = module(x)
        return x

    def forward_all(self, x: torch.Tensor) -> list[torch.Tensor]:
        """Every layer's output for ``x``, in order (for feature maps and the inspector)."""
        outputs = []
        for block in self.layers:
            x = block(x)
            outputs.append(x)
        return outputs


def _initialise(model: nn.Module, init: str, std: float) -> None:
    for module in model.modules():
        for name, param in module.named_parameters(recurse=False):
            is_norm = isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d, nn.Embedding))
            if is_norm:
                continue
            if name.startswith("bias"):
                nn.init.zeros_(param)
            elif param.dim() >= 2:
                if init == "xavier":
                    nn.init.xavier_uniform_(param)
                elif init == "he":
                    nn.init.kaiming_uniform_(param, nonlinearity="relu")
                elif init == "normal":
                    nn.init.normal_(param, 0.0, std)


def build_model(
    spec: NetworkSpec, seed: int | None = None, init: str = "default", init_std: float = 0.01
) -> PlaygroundNet:
    """Build the network; with a seed, the same seed always gives the same initial weights."""
    with torch.random.fork_rng(devices=[]):
        if seed is not None:
            torch.manual_seed(seed)
        model = PlaygroundNet(spec)
        if init != "default":
            _initialise(model, init, init_std)
    return model


def count_parameters(model: nn.Module) -> int:
    """Parameters plus running statistics, counted the way :mod:`shapes` (and Keras) counts."""
    buffers = sum(b.numel() for name, b in model.named_buffers() if "num_batches" not in name)
    return sum(p.numel() for p in model.parameters()) + buffers
