"""Turn a validated :class:`NetworkSpec` into a real ``torch.nn.Module``.

Each spec layer becomes one block, and ``model.layers[i]`` is always the block of the editor's
layer ``i``: feature maps, filters and weights are read per layer (per node of a network that
branches) without any bookkeeping; the modules of each block are the ones its layer type's
registry entry builds (:mod:`playground.core.network.layer_types`).

A plain column keeps the layout it always had (``model.layers`` an ``nn.ModuleList``, weights
named ``layers.3.0.weight``), so every project saved before networks could branch loads as it
is. A network that branches registers each node under a readable name instead (``conv2d_1``,
``dense_2``, ``add_1``: the type and how many of that type came before, as Keras names layers),
the names its exported script uses, so weights move between the app and the script unchanged.
Its forward pass runs the nodes in list order (a topological order), each reading the outputs
of the nodes it is connected to; a merge node is called with all of them.

Building with a seed is deterministic, so "Reset weights" gives the same initial weights again,
and never touches the global random generator (which the training thread's dropout draws from):
:func:`build_model` draws initial weights from a private generator, and
:func:`model_from_weights` (a model for weights that already exist) draws none.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import torch
from torch import nn

from playground.core.network.graph import INPUT
from playground.core.network.layer_types import layer_type
from playground.core.network.layer_types.activations import make_activation
from playground.core.network.layer_types.modules import (
    Recurrent,
    Reshape,
    SequenceBatchNorm,
    TokenEmbedding,
)
from playground.core.network.output_head import find_output_activation
from playground.core.network.shapes import Shape, infer_shapes
from playground.core.network.spec import NetworkSpec

__all__ = [
    "Node",
    "PlaygroundNet",
    "Recurrent",
    "Reshape",
    "SequenceBatchNorm",
    "TokenEmbedding",
    "build_model",
    "count_parameters",
    "make_activation",
    "model_from_weights",
    "model_layout",
    "node_names",
]


class Node(nn.Sequential):
    """One layer of a network that branches: its modules in order, the first given every input.

    A merge layer's first module joins its inputs (``Merge(*inputs)``); every other layer reads
    one input, so for them this is exactly an ``nn.Sequential`` (same tensor names too).
    """

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:  # type: ignore[override]
        modules = iter(self)
        x = next(modules)(*inputs)
        for module in modules:
            x = module(x)
        return x


def node_names(spec: NetworkSpec) -> list[str]:
    """The name of each layer's module in a network that branches: its type in lower case and
    how many layers of that type came before it, counted from 1 (``conv2d_1``, ``add_2``).

    The exported script names its sub-modules the same way, so the weights have one name in
    both. A plain column does not use them (its blocks are ``layers.0``, ``layers.1``, ...).
    """
    seen: Counter[str] = Counter()
    names = []
    for layer in spec.layers:
        kind = layer.type.lower()
        seen[kind] += 1
        names.append(f"{kind}_{seen[kind]}")
    return names


def _node_shapes(spec: NetworkSpec) -> tuple[list[Shape], list[Shape]]:
    """(each layer's first input shape, each layer's output shape), from the shape inference."""
    outputs = [info.output_shape for info in infer_shapes(spec).layers]
    firsts = []
    for i in range(len(spec.layers)):
        source = spec.inputs_of(i)[0]
        firsts.append(spec.input_shape if source == INPUT else outputs[source])
    return firsts, outputs


class PlaygroundNet(nn.Module):
    """A network built from a spec; ``layers[i]`` is the block of the spec's layer ``i``."""

    layers: Sequence[nn.Sequential]

    def __init__(self, spec: NetworkSpec) -> None:
        super().__init__()
        self.spec = spec
        inputs, outputs = _node_shapes(spec)
        modules = [layer_type(layer.type).build(inputs[i], outputs[i], layer.params)
                   for i, layer in enumerate(spec.layers)]
        if spec.is_sequential:
            self.layers = nn.ModuleList(nn.Sequential(*m) for m in modules)
        else:
            # Registered under their names, in list order (the order their weights are drawn);
            # ``layers`` is a plain tuple so that indexing by layer number works as in a column.
            nodes = [Node(*m) for m in modules]
            for name, node in zip(node_names(spec), nodes, strict=True):
                self.add_module(name, node)
            self.layers = tuple(nodes)
        output = find_output_activation(spec.layers, outputs)
        self.output_activation = output.name
        # Flat lists of the leaf modules: calling them directly skips one nn.Sequential call
        # per layer, which is a measurable share of a small model's training step.
        flat = [module for block in self.layers for module in block]
        self._modules_in_order = tuple(flat)
        # The squashing module is the last of its layer's block (the activation comes last);
        # the layers after it only keep values (Dropout, Flatten, Reshape), so the scores
        # before it travel through them as the probabilities would.
        self.squash_position: int | None = None
        self.squash_layer: int | None = None
        if output.squashing and output.layer_index is not None:
            self.squash_layer = output.layer_index
            self.squash_position = sum(len(b) for b in self.layers[: output.layer_index + 1]) - 1
        skip = self.squash_position
        self._modules_to_logits = tuple(m for i, m in enumerate(flat) if i != skip)
        self._sources = spec.connections

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.spec.is_sequential:
            for module in self._modules_in_order:
                x = module(x)
            return x
        return self._run(x, len(self.layers) - 1, logits=False)[-1]

    def forward_logits(self, x: torch.Tensor) -> torch.Tensor:
        """The output without its final softmax, log_softmax or sigmoid (the "logits").

        Losses work on these scores (``cross_entropy`` applies its own log-softmax), so a softmax
        output is never applied twice and the loss stays numerically stable. The output
        activation is found past layers that keep values (see :mod:`output_head`): with
        ``Dense(10, softmax)`` then ``Dropout`` the scores go through the Dropout unsquashed.
        """
        if self.spec.is_sequential:
            for module in self._modules_to_logits:
                x = module(x)
            return x
        return self._run(x, len(self.layers) - 1, logits=True)[-1]

    def forward_all(self, x: torch.Tensor, last: int | None = None) -> list[torch.Tensor]:
        """Every layer's output for ``x``, in layer order (for feature maps and the inspector);
        with ``last``, only the layers up to that one are computed."""
        last = len(self.layers) - 1 if last is None else last
        if self.spec.is_sequential:
            outputs = []
            for block in self.layers[: last + 1]:
                x = block(x)
                outputs.append(x)
            return outputs
        return self._run(x, last, logits=False)

    def _run(self, x: torch.Tensor, last: int, *, logits: bool) -> list[torch.Tensor]:
        """The outputs of layers 0..``last`` of a network that branches, each computed from the
        outputs of the nodes it reads (``logits``: the output's squashing activation skipped)."""
        outputs: list[torch.Tensor] = []
        for index in range(last + 1):
            block = self.layers[index]
            args = [x if s == INPUT else outputs[s] for s in self._sources[index]]
            if logits and index == self.squash_layer:
                modules = list(block)[:-1]
                value = modules[0](*args) if modules else args[0]
                for module in modules[1:]:
                    value = module(value)
            else:
                value = block(*args)
            outputs.append(value)
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
