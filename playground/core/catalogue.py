"""One catalogue per language: the gettext ``.po`` files under ``playground/locale``.

Every text the app shows is written in English in the code and marked (``self.tr("…")`` in
the interface, ``Message("…")``, an error's template or ``N_("…")`` in the core); ``make
translations`` collects them into ``playground/locale/playground.pot`` and merges that into each
language's ``<lang>/LC_MESSAGES/playground.po``, the files translators open in Poedit, Lokalize
or Weblate. The app reads the ``.po`` files as they are (no compiled ``.mo`` to keep in step).

A text with no translation stays in English, so a missing entry never hides a word. Besides the
real languages there is a pseudo-language, ``qps-ploc``, in which every catalogue text comes out
accented and bracketed (``[Ŝţéþ {n} öƒ {total} ·····]``): a text on screen without the brackets
did not come through the catalogue.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

__all__ = [
    "DOMAIN", "LOCALE_DIR", "PSEUDO", "SOURCE_LANGUAGE", "TEMPLATE", "available_languages",
    "default_locale", "environment_language", "gettext", "number_symbols", "pseudo",
    "template_texts", "translations",
]

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "playground"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
SOURCE_LANGUAGE = "en"  # the language the code is written in: it needs no catalogue
PSEUDO = "qps-ploc"  # Microsoft's and Qt's name for the accented pseudo-locale
DEFAULT_LOCALES = {"en": "en_US", "es": "es_ES", PSEUDO: "en_US"}


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def available_languages() -> list[str]:
    """English and every language with a catalogue, e.g. ``["en", "es"]``."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return [SOURCE_LANGUAGE, *found]


def _read(path: Path) -> dict[str, str]:
    from babel.messages.pofile import read_po  # the reader is only needed once per language

    with path.open("rb") as handle:
        catalog = read_po(handle)
    entries: dict[str, str] = {}
    for entry in catalog:
        if not entry.id or entry.fuzzy or isinstance(entry.id, tuple):
            continue
        if isinstance(entry.string, str) and entry.string:
            entries[entry.id] = entry.string
    return entries


@cache
def translations(language: str) -> Mapping[str, str]:
    """English text -> its translation in ``language`` (empty for English or no catalogue).

    Untranslated and fuzzy entries are left out: they fall back to English.
    """
    if language == PSEUDO:
        return {text: pseudo(text) for text in template_texts()}
    path = po_path(language)
    if language == SOURCE_LANGUAGE or not path.is_file():
        return {}
    return _read(path)


@cache
def template_texts() -> tuple[str, ...]:
    """Every English text of the catalogue's template (``playground.pot``)."""
    from babel.messages.pofile import read_po

    with TEMPLATE.open("rb") as handle:
        return tuple(entry.id for entry in read_po(handle)
                     if isinstance(entry.id, str) and entry.id)


def gettext(text: str, language: str) -> str:
    """``text`` in ``language``, or ``text`` itself when the catalogue has no entry for it."""
    if language == SOURCE_LANGUAGE or not text:
        return text
    return translations(language).get(text, text)


# -- the pseudo-language ------------------------------------------------------------------------
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# What must come through unchanged: {placeholders}, %1/%n, HTML tags and entities, & before a
# mnemonic letter (so Alt+letter still works), and escapes like \n.
_KEEP = re.compile(r"\{[^{}]*\}|%\w|<[^<>]*>|&[#\w]+;|&.|\\.")


def pseudo(text: str) -> str:
    """``text`` accented, bracketed and about a third longer, its placeholders untouched:
    the pseudo-language shows which texts went through the catalogue and which layouts cut
    a longer translation."""
    parts, last = [], 0
    for match in _KEEP.finditer(text):
        parts.append(text[last:match.start()].translate(_ACCENTED))
        parts.append(match.group())
        last = match.end()
    parts.append(text[last:].translate(_ACCENTED))
    padding = "·" * max(1, len(text) // 3)
    return f"[{''.join(parts)} {padding}]"


# -- the reader's conventions -------------------------------------------------------------------
def default_locale(language: str) -> str:
    """The locale whose conventions a language's numbers follow when none is given."""
    return DEFAULT_LOCALES.get(language, f"{language}_{language.upper()}")


@cache
def number_symbols(locale: str) -> tuple[str, str]:
    """``locale``'s decimal mark and thousands separator: ``(",", ".")`` for ``es_ES``."""
    from babel import Locale, UnknownLocaleError
    from babel.numbers import get_decimal_symbol, get_group_symbol

    try:
        Locale.parse(locale)
        return get_decimal_symbol(locale), get_group_symbol(locale)
    except (UnknownLocaleError, ValueError):
        return ".", ","


def environment_language(environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The language and locale the environment asks for, as the C library reads them.

    ``LC_ALL`` wins, then ``LC_MESSAGES``, then ``LANG``; ``C``, ``POSIX`` or nothing mean
    English. A language with no catalogue gives English (with English numbers, so a sentence
    does not mix conventions). ``LANG=es_MX.UTF-8`` gives ``("es", "es_MX")``.
    """
    env = os.environ if environ is None else environ
    value = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "")
    code = value.split(".")[0].split("@")[0]
    language = code.split("_")[0].lower()
    if code in ("", "C", "POSIX") or language not in available_languages():
        return SOURCE_LANGUAGE, default_locale(SOURCE_LANGUAGE)
    locale = code if "_" in code else default_locale(language)
    return language, locale
