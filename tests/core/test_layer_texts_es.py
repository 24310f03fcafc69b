"""The layer catalogue's words come from the translation catalogue, in English and in Spanish.

The code holds the English only; the Spanish is in ``playground/locale``. These tests read every
registered layer type, so a new type whose explanation or parameter help was not translated
fails here, and they check that a text with numbers (a parameter count, a shape problem) is
written in Spanish with Spanish digits while its English stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from playground.core import catalogue
from playground.core.catalogue_update import extract, placeholders
from playground.core.messages import Message, render
from playground.core.network.layer_types import LAYER_TYPES, LayerType
from playground.core.network.layer_types.activations import ACTIVATION_EXPLANATIONS
from playground.core.network.layer_types.base import FAMILY_TITLES, Place, ShapeProblem
from playground.core.network.layer_types.words import Text

PACKAGE = Path(__file__).resolve().parents[2] / "playground"
REGISTRY = "playground/core/network/layer_types/"
# Names that Spanish keeps as they are: Keras' and PyTorch's own layer names.
SAME_IN_SPANISH = {"Conv2D", "MaxPool2D", "AvgPool2D", "Dropout", "BatchNorm", "LSTM", "GRU",
                   "Embedding"}  # fmt: skip
CANDIDATE_INPUTS = [(784,), (28, 28), (1, 28, 28), (3, 32, 32), (20,), (10,), (4, 6), (2, 2, 2)]
ENTRIES = list(LAYER_TYPES.values())


def _texts(entry: LayerType) -> Iterator[Text]:
    yield entry.title
    yield entry.explanation
    for p in entry.params:
        yield p.label
        yield p.help


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_every_explanation_and_parameter_text_has_spanish(entry: LayerType) -> None:
    for text in _texts(entry):
        assert isinstance(text, Text) and not text.params
        spanish = catalogue.gettext(text.template, "es")
        assert spanish != text.template or text.template in SAME_IN_SPANISH, text.template
        assert text.get("es") == spanish
        assert text.get("en") == str(text) == text.template


def test_family_titles_and_activation_explanations_have_spanish() -> None:
    for text in [*FAMILY_TITLES.values(), *ACTIVATION_EXPLANATIONS.values()]:
        assert text.get("es") != text.get("en"), text.template
    assert FAMILY_TITLES["core"].get("es") == "Básicas"


def test_every_text_the_registry_marks_is_translated_and_none_is_an_f_string() -> None:
    found = extract(PACKAGE)
    assert not [where for where in found.skipped if REGISTRY in where]
    ours = [m.id for m in found if m.id and any(REGISTRY in f for f, _ in m.locations)]
    assert len(ours) > 60
    for template in ours:
        spanish = catalogue.gettext(template, "es")
        assert spanish != template or template in SAME_IN_SPANISH, template
        assert placeholders(spanish) == placeholders(template), template


def test_a_dense_count_is_written_in_spanish_with_its_numbers() -> None:
    params = {"units": 64, "use_bias": True, "activation": "relu"}
    explanation = LAYER_TYPES["Dense"].count((784,), params).explanation
    assert explanation.get("en") == (
        "784 inputs × 64 units + 64 biases (one per unit) = 50,240 parameters."
    )
    assert explanation.en == str(explanation) == explanation.get("en")
    assert explanation.get("es") == (
        "784 entradas × 64 unidades + 64 sesgos (uno por unidad) = 50.240 parámetros."
    )
    assert explanation.get("es", "es_MX").endswith("= 50,240 parámetros.")  # Mexico: 50,240
    assert render(explanation, "es") == explanation.get("es")  # a Text is a Message


def test_a_recurrent_count_nests_its_keras_note_in_the_same_language() -> None:
    lstm = LAYER_TYPES["LSTM"]
    params = {**lstm.defaults(), "units": 64, "bidirectional": True}
    text = lstm.count((28, 28), params).explanation
    assert text.get("en").endswith("= 512 more than Keras' LSTM.")
    spanish = text.get("es")
    assert "4 puertas × 64 unidades" in spanish and "2 direcciones = 48.128 parámetros." in spanish
    assert spanish.endswith("= 512 más que la LSTM de Keras.")


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_shape_problems_are_messages_rendered_in_spanish(entry: LayerType) -> None:
    problems = []
    for shape in CANDIDATE_INPUTS:
        try:
            if entry.merges:  # a merge reads two inputs: this shape and every other one
                for other in CANDIDATE_INPUTS:
                    try:
                        entry.merged_shape((shape, other), entry.defaults(), Place(1, shape))
                    except ShapeProblem as problem:
                        problems.append(problem)
            else:
                entry.output_shape(shape, entry.defaults(), Place(1, shape))
        except ShapeProblem as problem:
            problems.append(problem)
    assert problems or not entry.merges
    for problem in problems:
        for text in (problem.problem, problem.suggestion):
            assert isinstance(text, Message)
            english, spanish = text.get("en"), text.get("es")
            assert english == str(text) and spanish != english
            assert not re.search(r"\{\w+\}", spanish), spanish
        assert str(problem) == problem.problem.get("en")


def test_a_window_too_big_names_a_filter_or_a_window_in_spanish() -> None:
    conv, pool = LAYER_TYPES["Conv2D"], LAYER_TYPES["MaxPool2D"]
    with pytest.raises(ShapeProblem) as conv_problem:
        conv.output_shape((1, 2, 2), conv.defaults(), Place(0, (1, 2, 2)))
    with pytest.raises(ShapeProblem) as pool_problem:
        pool.output_shape((1, 1, 1), pool.defaults(), Place(0, (1, 1, 1)))
    assert conv_problem.value.problem.en == "Its 3×3 filter is larger than its 2×2 input."
    assert conv_problem.value.suggestion.es.startswith("Reduce el filtro a 2×2 o menos")
    assert pool_problem.value.suggestion.es.startswith("Reduce la ventana a 1×1 o menos")


def test_a_text_takes_its_spanish_from_the_catalogue_alone() -> None:
    assert Text("Units").get("es") == "Unidades"
    assert Text("a {set} in code").get("es") == "a {set} in code"  # no values: braces kept
    assert Text("Not in the catalogue").get("es") == "Not in the catalogue"
