"""The activation functions a layer may apply: names, explanations, modules and their code.

Dense, Conv2D and the standalone Activation layer share these, so the list of functions, what
each one means for a student, the PyTorch module it becomes and how the exported script writes
that module are kept together here rather than in each layer type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from playground.core.network.layer_types.params import ParamDef
from playground.core.network.layer_types.words import Text

if TYPE_CHECKING:
    from torch import nn

ACTIVATIONS: tuple[str, ...] = (
    "relu",
    "sigmoid",
    "tanh",
    "leaky_relu",
    "elu",
    "gelu",
    "softmax",
    "log_softmax",
    "linear",
)


ACTIVATION_EXPLANATIONS: dict[str, Text] = {
    "relu": Text(
        "ReLU keeps positive values and turns negatives into zero. Simple and fast, it is the "
        "usual choice for hidden layers because its gradient does not fade for positive inputs.",
    ),
    "sigmoid": Text(
        "Sigmoid squeezes any number into the range 0 to 1, like a probability. In deep hidden "
        "layers it learns slowly because its gradient is tiny for large inputs.",
    ),
    "tanh": Text(
        "Tanh squeezes numbers into -1 to 1 and is centred on zero, which often helps small "
        "networks such as those on the 2D toy datasets.",
    ),
    "leaky_relu": Text(
        "Leaky ReLU is ReLU that lets a small slope (0.01) through for negative values, so a "
        "neuron can never go completely silent.",
    ),
    "elu": Text(
        "ELU behaves like ReLU for positive values and curves smoothly towards -1 for negative "
        "ones, which keeps average outputs closer to zero.",
    ),
    "gelu": Text(
        "GELU is a smooth version of ReLU that weighs each input by how likely it is to be "
        "positive. Modern transformer models use it.",
    ),
    "softmax": Text(
        "Softmax turns a list of scores into probabilities that add up to 1. Use it on the last "
        "layer of a classifier: the largest probability is the predicted class.",
    ),
    "log_softmax": Text(
        "Log-softmax gives the logarithm of softmax's probabilities: numbers of 0 or below, where "
        "0 means certain. It is what the negative log-likelihood (NLL) loss expects; the app "
        "shows exp() of these values as probabilities, which add up to 1.",
    ),
    "linear": Text(
        "Linear means no activation: the layer's weighted sum passes through unchanged. Stacking "
        "linear layers alone can only ever draw straight lines.",
    ),
}


def activation_param(default: str) -> ParamDef:
    """The ``activation`` parameter every layer with an activation shares."""
    return ParamDef(
        "activation",
        "choice",
        default,
        Text("Activation"),
        Text("The function applied to each output of the layer."),
        choices=ACTIVATIONS,
    )


def make_activation(name: str, rank: int) -> nn.Module | None:
    """The module for an activation applied to per-sample tensors of the given rank."""
    from torch import nn

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


def activation_source(module: nn.Module) -> str | None:
    """The code that constructs an activation module :func:`make_activation` made, or ``None``."""
    from torch import nn

    kind = type(module)
    if kind in (nn.Softmax, nn.LogSoftmax):
        return f"nn.{kind.__name__}(dim={module.dim})"
    if kind in (nn.ReLU, nn.Sigmoid, nn.Tanh, nn.LeakyReLU, nn.ELU, nn.GELU):
        return f"nn.{kind.__name__}()"
    return None
