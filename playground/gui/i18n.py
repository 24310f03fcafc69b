"""The interface language: English as written in the code, Spanish from a JSON catalogue.

Every text in the GUI goes through ``self.tr(...)`` or ``QCoreApplication.translate(...)``.
Instead of compiling ``.ts``/``.qm`` files with Qt's tools (which the app's users and
contributors rarely have), the Spanish texts live in ``translations/es.json``, keyed by the
English text, and :class:`CatalogTranslator` hands them to Qt. A text with no entry stays in
English, so a missing translation never hides a word.

The layer catalogue (names, explanations, parameter help) is bilingual in ``core.layers`` and
is chosen by the ``language`` each pane is given, not through Qt.

Qt's own texts (OK, Cancel, the file dialog) come from Qt's ``qtbase`` translations. Decimal
fields accept both a comma and a point: :class:`DecimalKeyFilter` turns whichever of the two
the user types into the decimal separator of the field's locale.

The language is chosen at start-up; panes build their texts once, so a change in Settings
applies at the next start.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    Qt,
    QTranslator,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDoubleSpinBox

from playground.gui.app_settings import UI_LANGUAGES, AppSettings, system_language
from playground.gui.numbers import localize_plot_axes
from playground.gui.translations.messages import spanish_message

__all__ = [
    "CatalogTranslator",
    "DecimalKeyFilter",
    "chosen_language",
    "current_language",
    "install_language",
    "load_catalogue",
    "system_language",
    "translate_message",
]

TRANSLATIONS = Path(__file__).resolve().with_name("translations")
SOURCE_LANGUAGE = "en"  # the language the code is written in: it needs no catalogue


@cache
def load_catalogue(language: str) -> dict[str, str]:
    """English text -> text in ``language``; empty entries are dropped (they mean "not yet")."""
    path = TRANSLATIONS / f"{language}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {source: text for source, text in data.items() if text}


class CatalogTranslator(QTranslator):
    """A Qt translator that looks texts up in a JSON catalogue, ignoring the context.

    Qt asks every installed translator in turn; returning ``None`` (a null string) says "not
    mine" and Qt keeps the English source. ``%n`` in a translation is replaced by Qt itself.
    """

    def __init__(self, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self.catalogue = load_catalogue(language)

    def translate(  # type: ignore[override]
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return self.catalogue.get(source_text)

    def isEmpty(self) -> bool:
        return False

    def language(self) -> str:
        return self._language


class DecimalKeyFilter(QObject):
    """Typing ``.`` or ``,`` in a decimal spin box gives the field's own decimal separator.

    In Spanish the separator is a comma and the point groups thousands, so "0.5" typed as in
    English would be refused; in English the reverse. Installed on the application, it sees
    every key press before the focused field does.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        text = event.text()
        if text not in (".", ","):
            return False
        spin = watched.parent() if not isinstance(watched, QDoubleSpinBox) else watched
        if not isinstance(spin, QDoubleSpinBox):
            return False
        point = spin.locale().decimalPoint()
        if text == point:
            return False
        key = Qt.Key.Key_Comma if point == "," else Qt.Key.Key_Period
        replacement = QKeyEvent(QEvent.Type.KeyPress, key, event.modifiers(), point)
        QCoreApplication.sendEvent(watched, replacement)
        return True


@dataclass
class _Installed:
    """What :func:`install_language` put in place, so the next call can take it away."""

    language: str = SOURCE_LANGUAGE
    translators: list[QTranslator] = field(default_factory=list)
    key_filter: DecimalKeyFilter | None = None


_installed = _Installed()


def chosen_language(settings: QSettings | None = None) -> str:
    """The language the interface should use: the one chosen in Settings, or the system's."""
    return AppSettings(settings).effective_language()


def current_language() -> str:
    """The language installed by :func:`install_language` ("en" until one is installed)."""
    return _installed.language


def _locale_for(language: str) -> QLocale:
    system = QLocale.system()
    if system_language(system) == language:
        return system  # keep the user's regional conventions (es_MX, en_GB...)
    if language == "es":
        return QLocale(QLocale.Language.Spanish, QLocale.Country.Spain)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def install_language(app: QCoreApplication, language: str) -> str:
    """Make ``language`` ("en", "es" or "system") the interface language; returns the one used.

    Removes whatever an earlier call installed, so it can be called again (tests switch to
    Spanish and back). Call it before building the window: panes translate their texts once.
    """
    if language not in UI_LANGUAGES:
        language = system_language()
    for translator in _installed.translators:
        app.removeTranslator(translator)
        translator.deleteLater()
    if _installed.key_filter is None or _installed.key_filter.parent() is not app:
        _installed.key_filter = DecimalKeyFilter(app)
        app.installEventFilter(_installed.key_filter)
    QLocale.setDefault(_locale_for(language))
    localize_plot_axes()
    translators: list[QTranslator] = []
    if language != SOURCE_LANGUAGE:
        qt_own = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_own.load(f"qtbase_{language}", folder):
            translators.append(qt_own)
        translators.append(CatalogTranslator(language, app))
    for translator in translators:
        app.installTranslator(translator)
    _installed.translators = translators
    _installed.language = language
    return language


def translate_message(text: str) -> str:
    """A message from the core (an error, a training failure) in the interface language.

    The core writes English; in Spanish the known messages are translated sentence by sentence
    (see :mod:`playground.gui.translations.messages`) and unknown ones are shown unchanged.
    """
    if current_language() != "es" or not text:
        return text
    return spanish_message(text) or text
