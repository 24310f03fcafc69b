"""The words a layer type carries, looked up in the catalogue, and numbers written per language.

Every explanation, label and message of a layer type is a :class:`Text`: the English, written
in the code, is the catalogue's key (``make translations`` collects it), and
:meth:`Text.get` gives it in the reader's language from ``playground/locale``. A text whose
numbers depend on the layer (a parameter count, a shape) is a template with named values, as a
:class:`~playground.core.messages.Message` is, so each language writes its own sentence around
them and its own digits (55,050 or 55.050).
"""

from __future__ import annotations

from typing import Any

from playground.core import catalogue
from playground.core.messages import Message

__all__ = ["Text", "en_count", "es_count", "es_number"]


class Text(Message):
    """An English text (or template with named values) shown in the reader's language.

    ``Text("Units")`` is a fixed text; ``Text("{total} parameters.", total=n)`` a template.
    Being a :class:`~playground.core.messages.Message`, it goes wherever a message goes
    (``render``, ``translate_message``, an error's problem); :meth:`get` is the short name the
    GUI uses.

    A second argument, the Spanish, is deprecated and ignored: the Spanish lives in the
    catalogue now. It is still accepted (``Text(en, es)`` or ``es=...``) so that code written
    before the catalogue keeps running until its Spanish is moved.
    """

    __slots__ = ()

    def __init__(self, en: str, es: str | None = None, /, **values: Any) -> None:
        values.pop("es", None)  # the old keyword form of the deprecated Spanish
        super().__init__(en, **values)

    def get(self, language: str = "en", locale: str | None = None) -> str:
        """The text in ``language`` (English when the catalogue has no entry for it)."""
        return self.render(language, locale)

    def render(self, language: str = "en", locale: str | None = None) -> str:
        """As :meth:`Message.render`; a text without values is taken as written, so braces in
        it (code, a set) are never read as placeholders."""
        if not self.params:
            return catalogue.gettext(self.template, language)
        return super().render(language, locale)

    @property
    def en(self) -> str:
        """The English, values filled in."""
        return self.render("en")

    @property
    def es(self) -> str:
        """The Spanish from the catalogue (kept for older callers; prefer ``get("es")``)."""
        return self.render("es")

    def __repr__(self) -> str:
        return (
            f"Text({self.template!r}, **{self.params!r})"
            if self.params
            else (f"Text({self.template!r})")
        )


def es_number(value: float, spec: str) -> str:
    """``format(value, spec)`` with a decimal comma, as the app's Spanish texts write numbers.

    The Spanish texts (lessons, verdicts, validation messages) follow Spain's conventions:
    0,25 and 11.252, never 0.25 and 11,252, which a Spanish reader would misread. New texts
    pass their numbers to a :class:`Text` or Message template instead, which writes them for
    the reader's locale.
    """
    return format(value, spec).translate(str.maketrans({".": ",", ",": "."}))


def en_count(n: int) -> str:
    """A whole number with English thousands separators (50,240)."""
    return f"{n:,}"


def es_count(n: int) -> str:
    """A whole number with Spanish thousands separators (50.240)."""
    return es_number(n, ",")
