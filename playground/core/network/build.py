"""Turn a validated :class:`NetworkSpec` into a real ``torch.nn.Module``.

Each spec layer becomes one block in ``model.layers`` (an ``nn.Sequential``), so position ``i`` in
the editor is ``model.layers[i]`` in PyTorch: feature maps, filters and weights can be read per
layer without any bookkeeping. Building with a seed is deterministic, so "Reset weights" gives the
same initial weights again, and never touches the global random generator (which the training
thread's dropout draws from): :func:`build_model` draws initial weights from a private generator,
and :func:`model_from_weights` (a model for weights that already exist) draws none.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import torch
from torch import nn

from playground.core.network.output_head import find_output_activation
from playground.core.network.shapes import Shape, infer_shapes
from playground.core.network.spec import (
    LayerSpec,
    NetworkSpec,
)

__all__ = [
    "PlaygroundNet",
    "build_model",
    "count_parameters",
    "make_activation",
    "model_from_weights",
    "model_layout",
]


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


# -- initial weights ----------------------------------------------------------------------------
# Models are built on the "meta" device (shapes only, nothing drawn) and then given their initial
# values from a private generator. PyTorch's own constructors would draw from the global generator,
# which the training thread uses for its dropout masks: building a model anywhere else (a pane
# drawing the network's initial weights while a run trains) would change that run. The functions
# below draw exactly what each module's ``reset_parameters`` draws, in the same order and with the
# same distributions, so a seed gives bit for bit the weights ``torch.manual_seed(seed)`` followed
# by constructing the modules gives: the exported script relies on that, and so do the shipped
# ready-trained weights.


def _reset_weight_and_bias(module: nn.Linear | nn.Conv2d, generator: torch.Generator) -> None:
    """``nn.Linear.reset_parameters`` (and ``nn.Conv2d``'s, the same rule)."""
    nn.init.kaiming_uniform_(module.weight, a=math.sqrt(5), generator=generator)
    if module.bias is not None:
        fan_in, _ = nn.init._calculate_fan_in_and_fan_out(module.weight)
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
        nn.init.uniform_(module.bias, -bound, bound, generator=generator)


def _reset_recurrent(module: nn.RNNBase, generator: torch.Generator) -> None:
    """``nn.RNNBase.reset_parameters``: every weight and bias uniform in ±1/√units."""
    stdv = 1.0 / math.sqrt(module.hidden_size) if module.hidden_size > 0 else 0
    for weight in module.parameters(recurse=False):
        nn.init.uniform_(weight, -stdv, stdv, generator=generator)


def _reset_embedding(module: nn.Embedding, generator: torch.Generator) -> None:
    """``nn.Embedding.reset_parameters``: a standard normal, the padding row zero."""
    nn.init.normal_(module.weight, generator=generator)
    module._fill_padding_idx_with_zero()


def _reset_norm(module: nn.BatchNorm1d | nn.BatchNorm2d, generator: torch.Generator) -> None:
    """Batch normalisation starts as the identity and draws nothing."""
    module.reset_parameters()


_RESETS: tuple[tuple[type[nn.Module], Callable[[Any, torch.Generator], None]], ...] = (
    (nn.Linear, _reset_weight_and_bias),
    (nn.Conv2d, _reset_weight_and_bias),
    (nn.RNNBase, _reset_recurrent),
    (nn.Embedding, _reset_embedding),
    (nn.BatchNorm1d, _reset_norm),
    (nn.BatchNorm2d, _reset_norm),
)


def _default_initialise(model: nn.Module, generator: torch.Generator) -> None:
    """Give every module of ``model`` PyTorch's default initial values, drawn from ``generator``.

    Modules are visited in the order they were constructed (a pre-order walk: containers hold
    no tensors of their own), the order in which their constructors would have drawn.
    """
    for module in model.modules():
        own = [*module.parameters(recurse=False), *module.buffers(recurse=False)]
        if not own:
            continue
        reset = next((fn for kind, fn in _RESETS if isinstance(module, kind)), None)
        if reset is None:  # a module with tensors that this table does not know
            raise AssertionError(f"no initialiser for {type(module).__name__}")
        reset(module, generator)


def _initialise(model: nn.Module, init: str, std: float, generator: torch.Generator) -> None:
    """Redraw the weights with the ``init`` scheme: biases zero, norms and embeddings kept."""
    for module in model.modules():
        if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d, nn.Embedding)):
            continue
        for name, param in module.named_parameters(recurse=False):
            if name.startswith("bias"):
                nn.init.zeros_(param)
            elif param.dim() >= 2:
                if init == "xavier":
                    nn.init.xavier_uniform_(param, generator=generator)
                elif init == "he":
                    nn.init.kaiming_uniform_(param, nonlinearity="relu", generator=generator)
                elif init == "normal":
                    nn.init.normal_(param, 0.0, std, generator=generator)


def _shaped_model(spec: NetworkSpec, device: torch.device | str = "cpu") -> PlaygroundNet:
    """The network's modules with storage on ``device`` but no values yet (nothing is drawn)."""
    with torch.device("meta"):
        model = PlaygroundNet(spec)
    return model.to_empty(device=device)


def build_model(
    spec: NetworkSpec, seed: int | None = None, init: str = "default", init_std: float = 0.01
) -> PlaygroundNet:
    """Build the network with fresh initial weights, in training mode.

    With a seed, the same seed always gives the same initial weights: the ones PyTorch's
    constructors give after ``torch.manual_seed(seed)``. Without one they are drawn from fresh
    entropy. Either way the draws come from a private generator, so building a model on any
    thread never reads, reseeds or advances the global random generator a run may be using.
    """
    generator = torch.Generator()
    if seed is None:
        generator.seed()
    else:
        generator.manual_seed(seed)
    model = _shaped_model(spec)
    with torch.no_grad():
        _default_initialise(model, generator)
        if init != "default":
            _initialise(model, init, init_std, generator)
    return model


def model_from_weights(
    spec: NetworkSpec,
    weights: Mapping[str, torch.Tensor],
    device: torch.device | str = "cpu",
) -> PlaygroundNet:
    """A model of ``spec`` holding a copy of ``weights``, in evaluation mode, without gradients.

    The way to turn a network and its trained (or snapshotted) weights into a model to show,
    inspect or predict with. No initial weights are drawn, so no random generator is touched, and
    the tensors are copied: nothing done to the model can reach the owner of ``weights`` (a model
    training in another thread, say). ``weights`` must fit the network exactly (a
    ``RuntimeError`` names the tensors that do not).
    """
    model = _shaped_model(spec, device)
    model.load_state_dict(dict(weights))
    model.requires_grad_(False)
    return model.eval()


def model_layout(spec: NetworkSpec) -> dict[str, tuple[tuple[int, ...], torch.dtype]]:
    """The state-dict layout of ``spec``'s model: tensor name -> (shape, dtype), in model order.

    What weights must look like to fit the network. The model is built on the "meta" device,
    which gives every tensor its shape and type but no memory and no values, so nothing is drawn
    and a large network costs no memory to check.
    """
    with torch.device("meta"):
        model = PlaygroundNet(spec)
    return {name: (tuple(t.shape), t.dtype) for name, t in model.state_dict().items()}


def count_parameters(model: nn.Module) -> int:
    """Parameters plus running statistics, counted the way :mod:`shapes` (and Keras) counts."""
    buffers = sum(b.numel() for name, b in model.named_buffers() if "num_batches" not in name)
    return sum(p.numel() for p in model.parameters()) + buffers
