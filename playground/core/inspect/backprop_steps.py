"""One example through the forward and the backward pass of a Dense network, written out by hand.

Why: backpropagation is easiest to believe when every number can be seen. For a network such as
784 → 32 → 10 this module computes, with plain numpy and the textbook formulas, what each layer
receives and produces for one example, the error at the output, how that error flows back to
the hidden layer, each layer's weight and bias gradients, and how much one plain SGD step on
that example lowers its loss. The numbers equal what PyTorch's autograd computes for the same
network (a test checks it), so the hand-written version shows what the engine really does.

The formulas, for layer ``l`` with weights ``W`` (outputs × inputs) and bias ``b``::

    forward    z = W·a_prev + b          a = f(z)            p = softmax(a) at the output
    output     δ = (p − y) ⊙ f'(z)       (softmax with cross-entropy, y one-hot)
    backward   δ_prev = (Wᵀ·δ) ⊙ f'(z_prev)
    gradients  ∂L/∂W = δ·a_prevᵀ         ∂L/∂b = δ
    update     W ← W − η·∂L/∂W           b ← b − η·∂L/∂b

The output layer is either a Dense layer with softmax (then f is the identity and δ = p − y), or,
as in the classic network written from scratch in numpy, a Dense layer with its own activation
(ReLU) followed by a standalone softmax Activation layer: the loss is then the cross-entropy of
softmax(ReLU(z)), and δ = (p − y) ⊙ ReLU'(z) is its exact gradient, the one that code computes.
Flatten and Dropout layers pass values through unchanged (Dropout as in evaluation), so a
network may have them between its Dense layers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from playground.core.messages import Message
from playground.core.network.layer_types import layer_type
from playground.core.network.layer_types.base import BackpropRole
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.training.config import TrainingConfig

HIDDEN_ACTIVATIONS = ("relu", "sigmoid", "tanh", "linear")
OUTPUT_ACTIVATIONS = ("softmax", "linear")


@dataclass(frozen=True)
class DenseParams:
    """One Dense layer's weights (outputs × inputs) and bias, as float64 copies."""

    layer_index: int  # position in the network (0-based)
    weight: np.ndarray
    bias: np.ndarray
    activation: str


@dataclass(frozen=True)
class LayerTrace:
    """What one Dense layer did with the example, forward and backward."""

    layer_index: int
    activation: str
    inputs: np.ndarray  # a_prev
    pre_activation: np.ndarray  # z
    outputs: np.ndarray  # a = f(z); the probabilities for the output layer
    error: np.ndarray  # δ = ∂L/∂z
    grad_weight: np.ndarray  # ∂L/∂W, outputs × inputs
    grad_bias: np.ndarray  # ∂L/∂b


@dataclass(frozen=True)
class BackpropTrace:
    target: int
    loss: float
    layers: tuple[LayerTrace, ...]

    @property
    def probabilities(self) -> np.ndarray:
        return self.layers[-1].outputs

    @property
    def predicted(self) -> int:
        return int(np.argmax(self.probabilities))

    @property
    def output_error(self) -> np.ndarray:
        return self.layers[-1].error


def _role(layer: LayerSpec) -> BackpropRole:
    """What the hand-written pass does with ``layer``: a Dense step, a pass-through, or nothing
    it can follow (its layer type's registry entry says)."""
    return layer_type(layer.type).backprop


def _ends_in_softmax_layer(spec: NetworkSpec) -> bool:
    """True when the network ends Dense(f) → Activation(softmax), softmax applied to f(z)."""
    last = spec.layers[-1] if spec.layers else None
    return (last is not None and layer_type(last.type).standalone_activation
            and last["activation"] == "softmax")


def unsupported_reason(spec: NetworkSpec, config: TrainingConfig) -> Message | None:
    """Why the hand-written pass cannot follow this network, in plain words (rendered in the
    reader's language by the view); ``None`` if it can."""
    if config.loss != "cross_entropy":
        return Message("This view follows the cross-entropy loss: set the loss to cross-entropy.")
    if not spec.is_sequential:
        return Message("This view follows a plain column of Dense layers, and this network "
                       "branches: start from the lesson's network again.")
    dense = [layer for layer in spec.layers if _role(layer) == "dense"]
    if not dense:
        return Message("This view needs Dense layers: start from the lesson's network again.")
    softmax_layer = _ends_in_softmax_layer(spec)
    body = spec.layers[:-1] if softmax_layer else spec.layers
    for number, layer in enumerate(body, start=1):
        if not _role(layer):
            return Message("Layer {number} is a {type}; this view follows networks of Dense "
                           "layers only (Flatten and Dropout may sit between them, and a softmax "
                           "Activation layer may end them).", number=number, type=layer.type)
        activation = layer["activation"] if _role(layer) == "dense" else None
        if layer is dense[-1] and not softmax_layer:
            if activation not in OUTPUT_ACTIVATIONS:
                return Message("The last layer uses {activation}; give it softmax so its "
                               "outputs are probabilities.", activation=str(activation))
        elif _role(layer) == "dense" and activation not in HIDDEN_ACTIVATIONS:
            return Message("Layer {number} uses {activation}; this view knows {known}.",
                           number=number, activation=str(activation),
                           known=", ".join(HIDDEN_ACTIVATIONS))
    if _role(body[-1]) != "dense":
        return Message("The network must end with its Dense output layer.")
    return None


def dense_params(spec: NetworkSpec, state_dict: Mapping[str, object] | None,
                 config: TrainingConfig) -> list[DenseParams]:
    """The Dense layers' weights: from ``state_dict`` if given, else the seed's initial weights
    (the same ones the first training run starts from)."""
    import torch

    from playground.core.network.build import build_model, model_from_weights

    reason = unsupported_reason(spec, config)
    if reason is not None:
        raise ValueError(str(reason))
    if state_dict is not None:
        model = model_from_weights(spec, state_dict)  # type: ignore[arg-type]
    else:
        model = build_model(spec, seed=config.seed, init=config.init, init_std=config.init_std)
    params = []
    for index, (layer, block) in enumerate(zip(spec.layers, model.layers, strict=True)):
        if _role(layer) != "dense":
            continue
        linear = next(m for m in block if isinstance(m, torch.nn.Linear))
        bias = linear.bias.detach() if linear.bias is not None else torch.zeros(linear.out_features)
        params.append(DenseParams(index, linear.weight.detach().double().numpy().copy(),
                                  bias.double().numpy().copy(), str(layer["activation"])))
    return params


def _activate(z: np.ndarray, name: str) -> np.ndarray:
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if name == "tanh":
        return np.tanh(z)
    return z


def _derivative(z: np.ndarray, a: np.ndarray, name: str) -> np.ndarray:
    """f'(z), from z and a = f(z); ReLU's derivative at exactly 0 is 0, as in PyTorch."""
    if name == "relu":
        return (z > 0).astype(z.dtype)
    if name == "sigmoid":
        return a * (1.0 - a)
    if name == "tanh":
        return 1.0 - a * a
    return np.ones_like(z)


def softmax(z: np.ndarray) -> np.ndarray:
    shifted = np.exp(z - z.max())  # subtracting the maximum keeps exp() from overflowing
    return shifted / shifted.sum()


def trace_example(params: Sequence[DenseParams], x: np.ndarray, target: int) -> BackpropTrace:
    """The forward and backward pass of one example ``x`` with class ``target``."""
    if not params:
        raise ValueError("The network has no Dense layer.")
    a = np.asarray(x, dtype=np.float64).reshape(-1)
    if a.shape[0] != params[0].weight.shape[1]:
        raise ValueError(f"The example has {a.shape[0]} values, but the first Dense layer "
                         f"takes {params[0].weight.shape[1]}.")
    if not 0 <= target < params[-1].weight.shape[0]:
        raise ValueError(f"Class {target} is not one of the network's outputs.")
    inputs, zs, outputs = [], [], []
    last = len(params) - 1
    # The output layer's own function before the softmax: none for a softmax (or linear) Dense
    # layer, its activation when a separate softmax layer follows it.
    output_f = "linear" if params[-1].activation in OUTPUT_ACTIVATIONS else params[-1].activation
    for i, p in enumerate(params):
        inputs.append(a)
        z = p.weight @ a + p.bias
        a = softmax(_activate(z, output_f)) if i == last else _activate(z, p.activation)
        zs.append(z)
        outputs.append(a)
    probabilities = outputs[-1]
    loss = float(-np.log(max(probabilities[target], np.finfo(np.float64).tiny)))
    one_hot = np.zeros_like(probabilities)
    one_hot[target] = 1.0
    delta = (probabilities - one_hot) * _derivative(zs[-1], _activate(zs[-1], output_f),
                                                    output_f)
    errors: list[np.ndarray] = [delta]
    for i in range(last, 0, -1):
        below = params[i - 1]
        delta = (params[i].weight.T @ delta) * _derivative(zs[i - 1], outputs[i - 1],
                                                           below.activation)
        errors.insert(0, delta)
    output_name = "softmax" if output_f == "linear" else f"{output_f} → softmax"
    layers = tuple(
        LayerTrace(p.layer_index, output_name if i == last else p.activation,
                   inputs[i], zs[i], outputs[i], errors[i], np.outer(errors[i], inputs[i]),
                   errors[i].copy())
        for i, p in enumerate(params)
    )
    return BackpropTrace(int(target), loss, layers)


def sgd_step(params: Sequence[DenseParams], trace: BackpropTrace,
             learning_rate: float) -> list[DenseParams]:
    """The weights after one plain SGD step on the traced example (new copies)."""
    return [
        DenseParams(p.layer_index, p.weight - learning_rate * t.grad_weight,
                    p.bias - learning_rate * t.grad_bias, p.activation)
        for p, t in zip(params, trace.layers, strict=True)
    ]


def loss_after_step(params: Sequence[DenseParams], trace: BackpropTrace, x: np.ndarray,
                    learning_rate: float) -> float:
    """The example's loss once one SGD step on it has been taken: usually lower than before."""
    return trace_example(sgd_step(params, trace, learning_rate), x, trace.target).loss


def load_examples(spec: NetworkSpec, config: TrainingConfig,
                  count: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """The first ``count`` test examples of the network's dataset, preprocessed as in training,
    flattened: ``(count, values)`` float64 and their classes."""
    from playground.core.data.datasets import load_dataset

    data = load_dataset(spec.dataset, preprocessing=config.preprocessing, seed=config.seed,
                        limit=count)
    x = data.test_x.reshape(len(data.test_x), -1).double().numpy().copy()
    return x, data.test_y.numpy().astype(np.int64)
