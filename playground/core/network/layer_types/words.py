"""The words a layer type carries, looked up in the catalogue in the reader's language.

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

__all__ = ["Text"]


class Text(Message):
    """An English text (or template with named values) shown in the reader's language.

    ``Text("Units")`` is a fixed text; ``Text("{total} parameters.", total=n)`` a template.
    Being a :class:`~playground.core.messages.Message`, it goes wherever a message goes
    (``render``, ``translate_message``, an error's problem); :meth:`get` is the short name the
    GUI uses. Its translations are in the catalogue (``playground/locale``), not here.
    """

    __slots__ = ()

    def __init__(self, en: str, /, **values: Any) -> None:
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
