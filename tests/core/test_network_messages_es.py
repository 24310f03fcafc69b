"""The network's errors and warnings speak the reader's language from one template.

Validation errors, warnings and spec errors carry Messages (an English template and its values):
``str()`` stays the English sentence the command line and the logs always printed, and
``render("es")`` gives the Spanish from the catalogue with the same values, numbers written as
Spain writes them.
"""

from __future__ import annotations

import pickle

import pytest

from playground.core.errors import SpecError
from playground.core.messages import Message
from playground.core.network.shapes import analyse
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.network.validation import ValidationError

L = LayerSpec.create


def test_a_shape_mismatch_between_two_layers_in_spanish() -> None:
    spec = NetworkSpec((1, 28, 28), "mnist", 10, (L("Conv2D", filters=4), L("Dense", units=10)))
    error = analyse(spec).error
    assert error is not None and error.layer_index == 1
    assert str(error) == ("layer 2 (Dense): Dense needs a flat list of numbers but receives "
                          "(None, 4, 26, 26). Fix: Insert a Flatten layer before it.")
    spanish = error.message.render("es")
    assert spanish.startswith("capa 2 (Dense): Dense necesita una lista plana de números")
    assert "(None, 4, 26, 26)" in spanish and "Solución: Inserta una capa Aplanar" in spanish
    assert error.fix is not None and error.fix.description.render("es").startswith("Inserta")


def test_an_unknown_layer_type_in_a_spec_in_spanish() -> None:
    text = ('{"input": {"shape": [784], "dataset": "mnist"}, "output": {"classes": 10}, '
            '"layers": [{"type": "Dens"}]}')
    with pytest.raises(SpecError) as caught:
        NetworkSpec.from_json(text)
    english = str(caught.value)
    assert english.startswith("Unknown layer type 'Dens'. Known types: Dense, Conv2D")
    spanish = caught.value.message.render("es")
    assert spanish.startswith("Tipo de capa desconocido: 'Dens'. Tipos conocidos: Dense, Conv2D")


def test_a_softmax_before_the_loss_that_a_later_layer_changes_warns_in_spanish() -> None:
    spec = NetworkSpec((784,), "mnist", 10,
                       (L("Dense", units=10, activation="softmax"), L("BatchNorm")))
    analysis = analyse(spec)
    assert analysis.ok
    (warning,) = analysis.warnings
    assert str(warning.problem) == (
        "Its softmax is not the network's output: layer 2 (BatchNorm) changes the values after "
        "it, so the outputs are no longer probabilities that add up to 1 and the loss cannot "
        "use the scores before the softmax.")
    assert warning.problem.render("es") == (
        "Su softmax no es la salida de la red: la capa 2 (BatchNorm) cambia los valores "
        "después, así que las salidas ya no son probabilidades que suman 1 y la pérdida no "
        "puede usar las puntuaciones anteriores a softmax.")
    assert warning.suggestion.render("es").startswith("Lleva softmax al final")


def test_an_output_layer_with_the_wrong_number_of_classes_in_spanish() -> None:
    spec = NetworkSpec((784,), "mnist", 10,
                       (L("Dense", units=32, activation="relu"),
                        L("Dense", units=7, activation="softmax")))
    error = analyse(spec).error
    assert error is not None
    assert str(error) == (
        "layer 2 (Dense): The network must end with 10 outputs, one per class, but it ends with "
        "(None, 7). Fix: Give the last Dense layer 10 units.")
    assert error.message.render("es") == (
        "capa 2 (Dense): La red debe terminar con 10 salidas, una por clase, pero termina con "
        "(None, 7). Solución: Da a la última capa densa 10 unidades.")
    fixed = error.fix.apply() if error.fix else None
    assert fixed is not None and analyse(fixed).ok


def test_numbers_in_a_message_follow_the_locale() -> None:
    spec = NetworkSpec((784,), "mnist", 10, (L("Dense", units=60_000), L("Dense", units=10)))
    error = analyse(spec, memory_limit=1 << 28).error
    assert error is not None
    assert "more than the 0.2 GiB this computer can spare" in str(error.problem)
    assert "más de los 0,2 GiB que este ordenador" in error.problem.render("es")
    assert "más de los 0.2 GiB" in error.problem.render("es", "es_MX")
    assert "La más grande es la capa 1 (Dense)." in error.problem.render("es")


def test_a_bad_parameter_value_in_spanish() -> None:
    with pytest.raises(SpecError) as caught:
        L("Dropout", rate=1.5)
    assert str(caught.value) == "Dropout.rate must be at most 0.95, not 1.5."
    assert caught.value.message.render("es") == "Dropout.rate debe ser como máximo 0,95, no 1.5."


def test_the_input_shape_is_named_in_the_readers_language() -> None:
    with pytest.raises(SpecError) as caught:
        NetworkSpec((), "mnist", 10)
    assert str(caught.value) == "input shape must be a list of 1 to 4 sizes, not ()."
    assert caught.value.message.render("es") == (
        "la forma de entrada debe ser una lista de 1 a 4 tamaños, no ().")


def test_older_callers_keep_working() -> None:
    """Spanish passed beside the English is accepted and ignored (the catalogue has it), and the
    Spanish can still be read by its old attribute names until every reader renders Messages."""
    error = ValidationError(0, "Dense", "Check the network and the dataset.", "Use a smaller "
                            "network.", problem_es="ignorado", suggestion_es="ignorado")
    assert isinstance(error.problem, Message) and error.problem_es != "ignorado"
    assert str(error) == ("layer 1 (Dense): Check the network and the dataset. Fix: Use a "
                          "smaller network.")
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error) and again.problem == error.problem
