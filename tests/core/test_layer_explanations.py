"""Parameter explanations state the count the app computes, for every layer type and option.

The stated total is read back from the English and the Spanish sentence and compared with the
summary's count and with the parameters of the PyTorch module really built; the recurrent
layers' difference from Keras is checked against Keras' own formulas.
"""

from __future__ import annotations

import re

import pytest

from playground.core.network.build import build_model, count_parameters
from playground.core.network.layers import LAYER_TYPES
from playground.core.network.shapes import analyse
from playground.core.network.spec import LayerSpec, NetworkSpec

L = LayerSpec.create

# (input shape, layers before the one explained, the layer explained)
CASES: dict[str, tuple[tuple[int, ...], tuple[LayerSpec, ...], LayerSpec]] = {
    "dense": ((784,), (), L("Dense", units=64)),
    "dense-no-bias": ((784,), (), L("Dense", units=64, use_bias=False)),
    "dense-one-unit": ((3,), (), L("Dense", units=1)),
    "conv-grey": ((1, 28, 28), (), L("Conv2D", filters=8, kernel_size=3)),
    "conv-colour-same-stride": (
        (3, 32, 32), (), L("Conv2D", filters=16, kernel_size=5, stride=2, padding="same")),
    "batchnorm-vector": ((784,), (), L("BatchNorm")),
    "batchnorm-image": ((1, 28, 28), (L("Conv2D", filters=6),), L("BatchNorm")),
    "batchnorm-sequence": ((28, 28), (), L("BatchNorm")),
    "embedding": ((20,), (), L("Embedding", vocabulary=1000, dimension=16)),
    **{
        f"{kind.lower()}{'-bi' if bi else ''}{'-seq' if seq else ''}": (
            (28, 28), (), L(kind, units=units, bidirectional=bi, return_sequences=seq))
        for kind, units in (("SimpleRNN", 32), ("LSTM", 64), ("GRU", 20))
        for bi in (False, True) for seq in (False, True)
    },
    **{name.lower(): ((1, 28, 28), (), L(name)) for name in (
        "Flatten", "Dropout", "MaxPool2D", "AvgPool2D", "Activation")},
    "reshape": ((784,), (), L("Reshape", target_shape=(28, 28))),
}  # fmt: skip

STATED = {
    "en": re.compile(r"(?:= |\()([\d,]+) parameters"),
    "es": re.compile(r"(?:= |\()([\d.]+) parámetros"),
}


def stated_total(text: str, language: str) -> int:
    *_, last = STATED[language].findall(text)
    return int(last.replace("," if language == "en" else ".", ""))


def keras_count(layer: LayerSpec, features: int) -> int:
    """Keras' own count: SimpleRNN and LSTM keep one bias per gate, GRU (reset_after) two."""
    units, directions = layer["units"], 2 if layer["bidirectional"] else 1
    kernel = units * (features + units)
    per_direction = {
        "SimpleRNN": kernel + units,
        "LSTM": 4 * (kernel + units),
        "GRU": 3 * (kernel + 2 * units),
    }[layer.type]
    return directions * per_direction


def test_every_layer_type_is_covered() -> None:
    # Merge layers read two inputs, so they cannot sit in these columns: they have no weights,
    # and tests/core/test_graph_shapes.py checks their explanation of zero parameters.
    single = {name for name, entry in LAYER_TYPES.items() if not entry.merges}
    assert {case[2].type for case in CASES.values()} == single


@pytest.mark.parametrize(("shape", "before", "layer"), CASES.values(), ids=list(CASES))
def test_the_explanation_states_the_apps_parameter_count(shape, before, layer) -> None:
    spec = NetworkSpec(shape, "mnist", 10, (*before, layer, L("Flatten"), L("Dense", units=10)))
    analysis = analyse(spec).raise_error()
    info = analysis.layers[len(before)]
    built = count_parameters(build_model(spec).layers[len(before)])
    assert info.params == built
    for language in ("en", "es"):
        text = info.parameter_explanation.get(language)
        assert stated_total(text, language) == built, text


@pytest.mark.parametrize(
    "name", [n for n in CASES if n.split("-")[0] in ("simplernn", "lstm")]
)
def test_the_recurrent_difference_from_keras_is_the_stated_one(name: str) -> None:
    shape, _, layer = CASES[name]
    info = analyse(NetworkSpec(shape, "mnist", 10, (layer, L("Dense", units=10)))).layers[0]
    extra = info.params - keras_count(layer, shape[1])
    assert extra > 0
    assert f"= {extra:,} more than Keras' {layer.type}" in info.parameter_explanation.en
    es_extra = f"{extra:,}".replace(",", ".")
    assert f"= {es_extra} más que la {layer.type} de Keras" in info.parameter_explanation.es
    units, directions = layer["units"], 2 if layer["bidirectional"] else 1
    gates = 4 if layer.type == "LSTM" else 1
    assert extra == gates * units * directions  # the catalogue's "4×units (8×units bidirectional)"


@pytest.mark.parametrize("name", ["gru", "gru-bi"])
def test_gru_counts_like_keras(name: str) -> None:
    shape, _, layer = CASES[name]
    info = analyse(NetworkSpec(shape, "mnist", 10, (layer, L("Dense", units=10)))).layers[0]
    assert info.params == keras_count(layer, shape[1])
    assert "same as in Keras" in info.parameter_explanation.en


def test_the_catalogue_names_the_recurrent_bias_difference() -> None:
    rnn, lstm = LAYER_TYPES["SimpleRNN"].explanation, LAYER_TYPES["LSTM"].explanation
    assert "units more parameters" in rnn.en and "2×units when bidirectional" in rnn.en
    assert "2×unidades si es bidireccional" in rnn.es
    assert "4×units" in lstm.en and "8×units when bidirectional" in lstm.en
    assert "8×unidades si es bidireccional" in lstm.es


def test_a_weightless_layer_says_so_in_both_languages() -> None:
    spec = NetworkSpec((784,), "mnist", 10, (L("Dropout"), L("Dense", units=10)))
    text = analyse(spec).layers[0].parameter_explanation
    assert "0 parameters" in text.en and "0 parámetros" in text.es
