"""The interface language: English as written in the code, other languages from the catalogue.

Every text in the GUI goes through ``self.tr(...)`` or ``QCoreApplication.translate(...)``.
The translations are the gettext catalogues the core uses too (:mod:`playground.core.catalogue`,
one ``.po`` file per language), and :class:`CatalogTranslator` hands them to Qt. A text with no
entry stays in English, so a missing translation never hides a word. The core's messages
(errors, warnings, progress) are :class:`~playground.core.messages.Message` objects, rendered in
the interface language by :func:`translate_message`.

Qt's own texts (OK, Cancel, the file dialog) come from Qt's ``qtbase`` translations. Decimal
fields accept both a comma and a point: :class:`DecimalKeyFilter` turns whichever of the two
the user types into the decimal separator of the field's locale.

The language is chosen at start-up; panes build their texts once, so a change in Settings
applies at the next start.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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

from playground.core import catalogue
from playground.core.messages import Message, render
from playground.gui.app_settings import UI_LANGUAGES, AppSettings, system_language
from playground.gui.numbers import localize_plot_axes

__all__ = [
    "CatalogTranslator",
    "DecimalKeyFilter",
    "chosen_language",
    "current_language",
    "current_locale",
    "install_language",
    "load_catalogue",
    "system_language",
    "translate_message",
]

SOURCE_LANGUAGE = catalogue.SOURCE_LANGUAGE


def load_catalogue(language: str) -> dict[str, str]:
    """English text -> text in ``language``; untranslated entries are left out."""
    return dict(catalogue.translations(language))


class CatalogTranslator(QTranslator):
    """A Qt translator that looks texts up in a language's catalogue, ignoring the context.

    Qt asks every installed translator in turn; returning ``None`` (a null string) says "not
    mine" and Qt keeps the English source. ``%n`` in a translation is replaced by Qt itself.
    """

    def __init__(self, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self.catalogue = catalogue.translations(language)

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


def _locale_for(language: str, system: QLocale | None = None) -> QLocale:
    """The conventions of numbers and dates for ``language``: the system's own when it speaks
    that language (es_MX keeps 0.5, es_ES writes 0,5), else the language's usual ones. A bare
    system (``LANG=C``) has no conventions of its own: it gets the language's usual ones too."""
    system = system or QLocale.system()
    if system.name().split("_")[0] == language:
        return system
    return QLocale(catalogue.default_locale(language))


def install_language(app: QCoreApplication, language: str) -> str:
    """Make ``language`` ("en", "es" or "system") the interface language; returns the one used.

    Removes whatever an earlier call installed, so it can be called again (tests switch to
    Spanish and back). Call it before building the window: panes translate their texts once.
    """
    if language not in (*UI_LANGUAGES, catalogue.PSEUDO):
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


def current_locale() -> str:
    """The conventions numbers follow in the interface, e.g. ``es_ES`` or ``es_MX``."""
    return QLocale().name()


def translate_message(text: Message | BaseException | str) -> str:
    """A message from the core (an error, a warning, a training failure) in the interface
    language, its numbers written as the interface's locale writes them."""
    return render(text, current_language(), current_locale())
