"""Numbers in the reader's conventions, per locale, the same in the window and the core."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale

from playground.core.messages import format_number
from playground.gui.i18n import _locale_for
from playground.gui.numbers import number

LOCALES = ("es_ES", "es_MX", "en_US", "en_GB")


@pytest.mark.parametrize(("system", "language", "expected"), [
    ("C", "en", "en_US"),  # LANG=C: a bare system has no conventions of its own
    ("C", "es", "es_ES"),
    ("es_MX", "es", "es_MX"),  # the system's own Spanish keeps its conventions
    ("es_MX", "en", "en_US"),
    ("en_GB", "en", "en_GB"),
    ("en_GB", "es", "es_ES"),
    ("de_DE", "en", "en_US"),  # English text does not get German numbers
])
def test_the_interface_locale_follows_the_language_and_the_system(
        system: str, language: str, expected: str) -> None:
    assert _locale_for(language, QLocale(system)).name() == expected


@pytest.mark.parametrize("locale", LOCALES)
def test_the_window_and_the_core_write_numbers_alike(locale: str) -> None:
    before = QLocale()
    QLocale.setDefault(QLocale(locale))
    try:
        for value, spec in ((55050, ","), (0.001, ""), (1234.5678, ",.2f"), (2.49e22, ".3g")):
            assert number(value, spec) == format_number(value, spec, locale), (value, spec)
    finally:
        QLocale.setDefault(before)


def test_spain_and_mexico_write_the_same_numbers_differently() -> None:
    assert format_number(55050, "", "es_ES") == "55.050"
    assert format_number(0.001, "", "es_ES") == "0,001"
    assert format_number(55050, "", "es_MX") == "55,050"
    assert format_number(0.001, "", "es_MX") == "0.001"
