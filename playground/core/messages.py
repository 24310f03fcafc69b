"""Texts for the user as a template plus named values, rendered in the reader's language.

The core does not know who reads its messages: the window shows them in the language chosen in
Settings, the command line in the language of its environment. So an error does not carry a
finished English sentence but a :class:`Message`: the English *template* (the catalogue's key,
found by ``make translations``) and the values to put in it. ``str(message)`` is the English;
:meth:`Message.render` looks the template up in a language's catalogue and formats the values
with that language's conventions (``0,001`` and ``55.050`` in Spain, ``0.001`` and ``55,050``
in Mexico and the United States).

A value may itself be a Message (a reason inside a sentence): it is rendered in the same
language. Whole numbers are written with the locale's thousands separator, other numbers with
its decimal mark; a format spec in the template (``{rate:.3g}``) chooses digits as in Python.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from playground.core import catalogue

__all__ = ["N_", "Message", "format_number", "render"]


def N_(text: str) -> str:  # the gettext name for "mark now, translate later"
    """Mark ``text`` for the catalogue without translating it now (a table of names, a
    template kept for later). It returns ``text`` unchanged."""
    return text


class Message:
    """A user-facing text: a template from the catalogue and the values it names.

    Build it with the English template as a literal, so ``make translations`` finds it::

        Message("Epochs must be between {low} and {high}; got {value}.", low=1, high=1000,
                value=epochs)
    """

    __slots__ = ("params", "template")

    def __init__(self, template: str, /, **params: Any) -> None:
        self.template = template
        self.params = params

    def render(self, language: str = "en", locale: str | None = None) -> str:
        """The text in ``language``, numbers written as ``locale`` writes them (by default the
        language's usual one: ``es`` → ``es_ES``, ``en`` → ``en_US``)."""
        translated = catalogue.gettext(self.template, language)
        return _Formatter(language, locale or catalogue.default_locale(language)).format(
            translated, self.params, self.template)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Message({self.template!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return self.template == other.template and self.params == other.params

    def __hash__(self) -> int:
        return hash(self.template)


def render(text: Message | str | BaseException, language: str = "en",
           locale: str | None = None) -> str:
    """Any text the core hands out, in ``language``: a Message is rendered; an error with a
    ``message`` (every :class:`~playground.core.errors.PlaygroundError`) renders that; a plain
    string is looked up in the catalogue as a whole (a fixed text) and otherwise kept."""
    message = getattr(text, "message", None) if isinstance(text, BaseException) else text
    if isinstance(message, Message):
        return message.render(language, locale)
    plain = str(text)
    return catalogue.gettext(plain, language) if plain else plain


def format_number(value: float, spec: str = "", locale: str = "en_US") -> str:
    """``format(value, spec)`` written with ``locale``'s decimal mark and thousands separator.

    Whole numbers are grouped unless the spec says otherwise (``{count}`` gives 55,050, or
    55.050 in Spain); other numbers keep Python's shortest form unless the spec gives digits.
    """
    if isinstance(value, bool):
        return str(value)
    if not spec and isinstance(value, int):
        spec = ","
    english = format(value, spec)
    if locale == "en_US":  # the default: no need to read the locale's data
        return english
    decimal, group = catalogue.number_symbols(locale)
    if (decimal, group) == (".", ","):
        return english
    return english.translate(str.maketrans({".": decimal, ",": group}))


class _Formatter(string.Formatter):
    """``str.format`` that writes numbers for a locale and renders nested Messages."""

    def __init__(self, language: str, locale: str) -> None:
        super().__init__()
        self.language, self.locale = language, locale

    def format(self, translated: str, params: Mapping[str, Any],  # type: ignore[override]
               template: str) -> str:
        try:
            return self.vformat(translated, (), params)
        except (KeyError, IndexError, ValueError):  # a translation naming a value it lacks
            return self.vformat(template, (), params) if translated != template else template

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Message):
            return format(value.render(self.language, self.locale), format_spec)
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                return format_number(value, format_spec, self.locale)
            except ValueError:
                pass
        return format(value, format_spec)
