"""The network description: catalogue coverage, JSON round trips and refusal of bad input."""

from __future__ import annotations

import json

import pytest

from playground.core.errors import SpecError
from playground.core.network.layers import ACTIVATION_EXPLANATIONS, ACTIVATIONS, LAYER_TYPES
from playground.core.network.spec import LayerSpec, NetworkSpec

REQUIRED_TYPES = {
    "Dense", "Conv2D", "MaxPool2D", "AvgPool2D", "Dropout", "Flatten", "BatchNorm",
    "SimpleRNN", "LSTM", "GRU", "Embedding", "Activation",
}
REQUIRED_ACTIVATIONS = {
    "relu", "sigmoid", "tanh", "leaky_relu", "elu", "gelu", "softmax", "log_softmax", "linear",
}


def non_default_params(type_name: str) -> dict:
    """A value different from the default for every parameter, to prove each one survives."""
    params = {}
    for p in LAYER_TYPES[type_name].params:
        if p.kind == "bool":
            params[p.name] = not p.default
        elif p.kind == "int":
            params[p.name] = int(min(p.default + 1, p.maximum))
        elif p.kind == "float":
            params[p.name] = round(p.default / 2 + 0.05, 3)
        elif p.kind == "choice":
            params[p.name] = next(c for c in p.choices if c != p.default)
        elif p.kind == "shape":
            params[p.name] = (28, 28)
    return params


def test_catalogue_has_every_required_type_and_activation() -> None:
    assert set(LAYER_TYPES) >= REQUIRED_TYPES
    assert set(ACTIVATIONS) == REQUIRED_ACTIVATIONS


@pytest.mark.parametrize("type_name", sorted(LAYER_TYPES))
def test_every_type_is_explained_in_english_and_spanish(type_name: str) -> None:
    layer_type = LAYER_TYPES[type_name]
    assert len(layer_type.explanation.en) > 40 and len(layer_type.explanation.es) > 40
    assert layer_type.explanation.en != layer_type.explanation.es
    for p in layer_type.params:
        assert p.label.en and p.label.es and p.help.en and p.help.es


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_activation_is_explained(activation: str) -> None:
    text = ACTIVATION_EXPLANATIONS[activation]
    assert text.en and text.es and text.en != text.es


def ending_with(layer: LayerSpec) -> NetworkSpec:
    """A network whose last layer is ``layer``: alone, or for a merge (which reads two or more
    inputs) after two convolutions that both read the image."""
    if not LAYER_TYPES[layer.type].merges:
        return NetworkSpec((1, 28, 28), "mnist", 10, (layer,), name="round trip")
    conv = LayerSpec.create("Conv2D", filters=4, padding="same")
    return NetworkSpec((1, 28, 28), "mnist", 10, (conv, conv, layer), name="round trip",
                       inputs=((-1,), (-1,), (0, 1)))


@pytest.mark.parametrize("type_name", sorted(LAYER_TYPES))
def test_every_type_round_trips_through_json(type_name: str) -> None:
    layer = LayerSpec(type_name, non_default_params(type_name))
    spec = ending_with(layer)
    text = json.dumps(spec.to_dict())
    back = NetworkSpec.from_json(text)
    assert back == spec
    assert back.layers[-1].params == layer.params
    assert back.inputs == spec.inputs
    for name, value in non_default_params(type_name).items():
        assert back.layers[-1][name] == value


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_activation_round_trips(activation: str) -> None:
    spec = NetworkSpec((4,), "toy-xor", 2, (LayerSpec.create("Dense", activation=activation),))
    assert NetworkSpec.from_json(spec.to_json()).layers[0]["activation"] == activation


def test_defaults_are_filled_in() -> None:
    layer = LayerSpec.create("Conv2D", filters=6)
    assert layer.params == {**LAYER_TYPES["Conv2D"].defaults(), "filters": 6}


@pytest.mark.parametrize(
    ("layer", "message"),
    [
        ({"type": "os.system", "params": {}}, "Unknown layer type"),
        ({"type": "Dense", "params": {"units": 0}}, "at least 1"),
        ({"type": "Dense", "params": {"units": 2.5}}, "whole number"),
        ({"type": "Dense", "params": {"units": True}}, "whole number"),
        ({"type": "Dense", "params": {"activation": "swish"}}, "must be one of"),
        ({"type": "Dense", "params": {"colour": 1}}, "no parameter"),
        ({"type": "Dropout", "params": {"rate": 1.5}}, "at most"),
        ({"type": "Dropout", "params": {"rate": float("nan")}}, "finite"),
        ({"type": "Reshape", "params": {"target_shape": [0, 2]}}, "sizes must be"),
        ({"type": "Dense", "params": {}, "code": "x"}, "unexpected field"),
        ("Dense", "must be an object"),
    ],
)
def test_bad_layers_are_refused_with_a_message(layer: object, message: str) -> None:
    data = NetworkSpec((784,), "mnist", 10).to_dict()
    data["layers"] = [layer]
    with pytest.raises(SpecError, match=message):
        NetworkSpec.from_dict(data)


@pytest.mark.parametrize(
    "text",
    ["not json", "[]", '{"input": 1, "output": {}}', '{"version": 99}', "[" * 5000 + "]" * 5000],
)
def test_bad_documents_raise_spec_error(text: str) -> None:
    with pytest.raises(SpecError):
        NetworkSpec.from_json(text)


def test_edits_return_new_specs() -> None:
    dense = LayerSpec.create("Dense", units=10)
    spec = NetworkSpec((784,), "mnist", 10)
    grown = spec.insert(0, dense).insert(0, LayerSpec.create("Dropout"))
    assert spec.layers == ()
    assert [layer.type for layer in grown.layers] == ["Dropout", "Dense"]
    assert [layer.type for layer in grown.move(0, 1).layers] == ["Dense", "Dropout"]
    assert grown.remove(0).layers == (dense,)
    assert grown.replace_layer(1, dense.with_params(units=3)).layers[1]["units"] == 3
