"""Messages as template plus values: English by default, rendered per language and locale."""

from __future__ import annotations

import pickle

import pytest

from playground.core import catalogue
from playground.core.errors import ProjectFileError, SpecError
from playground.core.messages import Message, format_number, render


@pytest.mark.parametrize(("locale", "count", "small", "large"), [
    ("es_ES", "55.050", "0,001", "2,49e+22"),
    ("es_MX", "55,050", "0.001", "2.49e+22"),
    ("en_US", "55,050", "0.001", "2.49e+22"),
    ("en_GB", "55,050", "0.001", "2.49e+22"),
])
def test_numbers_follow_the_locale(locale: str, count: str, small: str, large: str) -> None:
    assert format_number(55050, "", locale) == count
    assert format_number(0.001, "", locale) == small
    assert format_number(2.49e22, ".3g", locale) == large


def test_a_format_spec_chooses_the_digits_and_the_locale_the_marks() -> None:
    assert format_number(1234.5678, ",.2f", "es_ES") == "1.234,57"
    assert format_number(0.25, ".0%", "es_ES") == "25%"
    assert format_number(7, "d", "es_ES") == "7"  # a spec without grouping keeps it off
    assert format_number(True, "", "es_ES") == "True"  # a flag is not a number


def test_str_is_the_english_with_the_values() -> None:
    message = Message("Epochs must be between {low} and {high}; got {value}.",
                      low=1, high=10000, value=0)
    assert str(message) == "Epochs must be between 1 and 10,000; got 0."


def test_a_translation_missing_from_the_catalogue_falls_back_to_english() -> None:
    message = Message("A sentence no catalogue has: {n} things.", n=3)
    assert message.render("es") == "A sentence no catalogue has: 3 things."


def test_rendering_uses_the_catalogue_and_the_locale(monkeypatch) -> None:
    monkeypatch.setitem(catalogue.translations("es"), "Learning rate {rate} is too high.",
                        "La tasa de aprendizaje {rate} es demasiado alta.")
    message = Message("Learning rate {rate} is too high.", rate=0.001)
    assert message.render("es") == "La tasa de aprendizaje 0,001 es demasiado alta."
    assert message.render("es", "es_MX") == "La tasa de aprendizaje 0.001 es demasiado alta."
    assert str(message) == "Learning rate 0.001 is too high."


def test_a_nested_message_is_rendered_in_the_same_language(monkeypatch) -> None:
    table = catalogue.translations("es")
    monkeypatch.setitem(table, "Could not save {name}: {reason}.",
                        "No se pudo guardar {name}: {reason}.")
    monkeypatch.setitem(table, "the disk is full", "el disco está lleno")
    message = Message("Could not save {name}: {reason}.", name="'a.nnp'",
                      reason=Message("the disk is full"))
    assert message.render("es") == "No se pudo guardar 'a.nnp': el disco está lleno."
    assert str(message) == "Could not save 'a.nnp': the disk is full."


def test_a_translation_naming_a_value_the_template_lacks_gives_the_english(monkeypatch) -> None:
    monkeypatch.setitem(catalogue.translations("es"), "Layer {n} is empty.",
                        "La capa {numero} está vacía.")  # a translator's typo
    assert Message("Layer {n} is empty.", n=2).render("es") == "Layer 2 is empty."


def test_an_error_keeps_its_message_for_another_language(monkeypatch) -> None:
    monkeypatch.setitem(catalogue.translations("es"), "Unknown layer type {name}.",
                        "Tipo de capa desconocido: {name}.")
    error = SpecError("Unknown layer type {name}.", name="'Foo'")
    assert str(error) == "Unknown layer type 'Foo'."
    assert render(error, "es") == "Tipo de capa desconocido: 'Foo'."
    copy = pickle.loads(pickle.dumps(error))  # errors cross to worker processes and back
    assert type(copy) is SpecError and copy.message == error.message and str(copy) == str(error)


def test_an_error_with_a_finished_sentence_still_reads_whole() -> None:
    error = ProjectFileError("The file {is not a template} but has braces.")
    assert str(error) == "The file {is not a template} but has braces."


def test_render_takes_plain_strings_too() -> None:
    assert render("", "es") == ""
    assert render("Not in any catalogue.", "es") == "Not in any catalogue."


def test_pseudo_keeps_placeholders_tags_and_mnemonics() -> None:
    text = catalogue.pseudo("&Open {name} <b>now</b> %1 &amp; more")
    assert text.startswith("[") and text.endswith("]")
    for kept in ("&O", "{name}", "<b>", "</b>", "%1", "&amp;"):
        assert kept in text
    assert "now" not in text and "ñöŵ" in text


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "es_ES.UTF-8"}, ("es", "es_ES")),
    ({"LANG": "es_MX.UTF-8"}, ("es", "es_MX")),
    ({"LANG": "C"}, ("en", "en_US")),
    ({}, ("en", "en_US")),
    ({"LANG": "en_GB.UTF-8"}, ("en", "en_GB")),
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "es_ES.UTF-8"}, ("es", "es_ES")),
    ({"LANG": "es_ES.UTF-8", "LC_ALL": "C"}, ("en", "en_US")),
    ({"LANG": "xx_YY.UTF-8"}, ("en", "en_US")),  # no catalogue: English, English numbers
])
def test_the_environment_chooses_language_and_locale(environ, expected) -> None:
    assert catalogue.environment_language(environ) == expected
