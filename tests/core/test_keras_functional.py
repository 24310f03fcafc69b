"""Shapes and parameter counts of networks that branch agree with Keras's functional API.

A small residual CNN (with a strided block and its 1×1 projection shortcut) and an inception-style
block are analysed here and, where Keras is installed, built with ``keras.Model`` from the same
graph: every layer's output shape (converted from Keras's channels-last to the app's
channels-first) and parameter count must match. The numbers are also checked against values
worked out by hand, so the tests say something on a machine without Keras.
"""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from playground.core.network.graph import INPUT as IN
from playground.core.network.shapes import infer_shapes
from playground.core.network.spec import LayerSpec, NetworkSpec

L = LayerSpec.create

RESIDUAL_CNN = NetworkSpec((1, 28, 28), "mnist", 10, (
    L("Conv2D", filters=8, kernel_size=3, padding="same"),                       # 0
    L("Conv2D", filters=8, kernel_size=3, padding="same"),                       # 1
    L("Add"),                                                                    # 2 = 1 + 0
    L("Conv2D", filters=16, kernel_size=3, stride=2, padding="same"),            # 3
    L("Conv2D", filters=16, kernel_size=3, padding="same", activation="linear"),  # 4
    L("Conv2D", filters=16, kernel_size=1, stride=2, activation="linear"),       # 5: projection
    L("Add"),                                                                    # 6 = 4 + 5
    L("MaxPool2D"),
    L("Flatten"),
    L("Dense", units=10, activation="softmax"),
), name="residual", inputs=((IN,), (0,), (1, 0), (2,), (3,), (2,), (4, 5), (6,), (7,), (8,)))

INCEPTION = NetworkSpec((3, 16, 16), "colours", 5, (
    L("Conv2D", filters=4, kernel_size=1),                 # 0: 1×1 branch
    L("Conv2D", filters=2, kernel_size=1),                 # 1: reduce, then
    L("Conv2D", filters=6, kernel_size=3, padding="same"),  # 2: 3×3 branch
    L("Conv2D", filters=2, kernel_size=1),                 # 3: reduce, then
    L("Conv2D", filters=3, kernel_size=5, padding="same"),  # 4: 5×5 branch
    L("Concatenate"),                                      # 5: the three branches' channels
    L("MaxPool2D"),
    L("Flatten"),
    L("Dense", units=5, activation="softmax"),
), name="inception", inputs=((IN,), (IN,), (1,), (IN,), (3,), (0, 2, 4), (5,), (6,), (7,)))

# Worked out by hand: a convolution has (input channels × k × k + 1) × filters parameters, a
# Dense layer (inputs + 1) × units; merges, pooling and Flatten have none.
BY_HAND = {
    "residual": (
        [(8, 28, 28), (8, 28, 28), (8, 28, 28), (16, 14, 14), (16, 14, 14), (16, 14, 14),
         (16, 14, 14), (16, 7, 7), (784,), (10,)],
        [(1 * 9 + 1) * 8, (8 * 9 + 1) * 8, 0, (8 * 9 + 1) * 16, (16 * 9 + 1) * 16, (8 + 1) * 16,
         0, 0, 0, (784 + 1) * 10],
    ),
    "inception": (
        [(4, 16, 16), (2, 16, 16), (6, 16, 16), (2, 16, 16), (3, 16, 16), (13, 16, 16),
         (13, 8, 8), (832,), (5,)],
        [(3 + 1) * 4, (3 + 1) * 2, (2 * 9 + 1) * 6, (3 + 1) * 2, (2 * 25 + 1) * 3, 0, 0, 0,
         (832 + 1) * 5],
    ),
}
NETWORKS = [RESIDUAL_CNN, INCEPTION]


@pytest.mark.parametrize("spec", NETWORKS, ids=lambda s: s.name)
def test_shapes_and_counts_match_the_hand_worked_numbers(spec: NetworkSpec) -> None:
    shapes, params = BY_HAND[spec.name]
    analysis = infer_shapes(spec)
    assert [info.output_shape for info in analysis.layers] == shapes
    assert [info.params for info in analysis.layers] == params
    assert analysis.total_params == analysis.trainable_params == sum(params)


def test_the_totals_by_hand() -> None:
    assert infer_shapes(RESIDUAL_CNN).total_params == 12_146
    assert infer_shapes(INCEPTION).total_params == 4_464


# -- Keras's functional API ----------------------------------------------------------------
def _channels_last(shape: tuple[int, ...]) -> tuple[int, ...]:
    """An image (C, H, W) as Keras holds it, (H, W, C); any other shape is the same."""
    return (*shape[1:], shape[0]) if len(shape) == 3 else shape


def _channels_first(shape: tuple[Any, ...]) -> tuple[int, ...]:
    """A Keras output shape without the batch, images turned back to (C, H, W)."""
    sample = tuple(int(d) for d in shape[1:])
    return (sample[-1], *sample[:-1]) if len(sample) == 3 else sample


def _keras_layer(keras: Any, layer: LayerSpec) -> Any:
    """The Keras layer that computes what ``layer`` does (channels-last)."""
    p = layer.params
    activation = p.get("activation")
    if layer.type == "Conv2D":
        return keras.layers.Conv2D(p["filters"], p["kernel_size"], strides=p["stride"],
                                   padding=p["padding"], activation=activation)
    if layer.type == "MaxPool2D":
        return keras.layers.MaxPooling2D(p["pool_size"], strides=p["stride"] or None)
    if layer.type == "Dense":
        return keras.layers.Dense(p["units"], activation=activation, use_bias=p["use_bias"])
    if layer.type == "Flatten":
        return keras.layers.Flatten()
    if layer.type == "Add":
        return keras.layers.Add()
    if layer.type == "Concatenate":
        return keras.layers.Concatenate(axis=-1)  # the channels, channels-last
    raise AssertionError(f"no Keras layer for {layer.type} in this test")


def _keras_functional(keras: Any, spec: NetworkSpec) -> tuple[list[Any], list[Any]]:
    """The same graph built with Keras's functional API: its layers and their outputs."""
    nodes = {IN: keras.Input(shape=_channels_last(spec.input_shape))}
    layers = []
    for index, layer in enumerate(spec.layers):
        k_layer = _keras_layer(keras, layer)
        inputs = [nodes[source] for source in spec.inputs_of(index)]
        nodes[index] = k_layer(inputs if len(inputs) > 1 else inputs[0])
        layers.append(k_layer)
    keras.Model(nodes[IN], nodes[len(spec.layers) - 1])
    return layers, [nodes[i] for i in range(len(spec.layers))]


@pytest.mark.skipif(importlib.util.find_spec("keras") is None, reason="Keras is not installed")
@pytest.mark.parametrize("spec", NETWORKS, ids=lambda s: s.name)
def test_shapes_and_counts_match_keras_functional_api(spec: NetworkSpec) -> None:
    keras = pytest.importorskip("keras")
    analysis = infer_shapes(spec)
    layers, outputs = _keras_functional(keras, spec)
    assert [_channels_first(tuple(o.shape)) for o in outputs] == [
        info.output_shape for info in analysis.layers]
    assert [k.count_params() for k in layers] == [info.params for info in analysis.layers]
    assert sum(k.count_params() for k in layers) == analysis.total_params
