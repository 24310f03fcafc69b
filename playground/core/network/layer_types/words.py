"""Texts in the app's two languages, and numbers written the way each language writes them.

Every explanation, label and message a layer type carries is a :class:`Text`, so one entry holds
its English and Spanish together and neither can be forgotten when a type is added.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """A short text in the two languages the app speaks."""

    en: str
    es: str

    def get(self, language: str = "en") -> str:
        return self.es if language.startswith("es") else self.en


def es_number(value: float, spec: str) -> str:
    """``format(value, spec)`` with a decimal comma, as the app's Spanish texts write numbers.

    The Spanish texts (lessons, verdicts, validation messages) follow Spain's conventions:
    0,25 and 11.252, never 0.25 and 11,252, which a Spanish reader would misread.
    """
    return format(value, spec).translate(str.maketrans({".": ",", ",": "."}))


def en_count(n: int) -> str:
    """A whole number with English thousands separators (50,240)."""
    return f"{n:,}"


def es_count(n: int) -> str:
    """A whole number with Spanish thousands separators (50.240)."""
    return es_number(n, ",")


def plural(n: int, one: str, many: str) -> str:
    """``one`` for exactly one, else ``many``."""
    return one if n == 1 else many
