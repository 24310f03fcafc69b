"""Typed access to the preferences remembered between runs (theme, language, device, ...).

QSettings hands back whatever the platform stored (on Linux an INI file, where every value
comes back as a string and a one-item list as a lone string), so each preference is read
through one property that checks the value and falls back to its default: a hand-edited or
outdated settings file can never put the app in a state it does not know.

Window layout and recent files are kept by the main window itself under ``window/`` and
``recentFiles``; the keys here sit beside them.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLocale, QSettings

from playground.core import catalogue

THEMES = ("system", "light", "dark")
# The languages the interface is written in: English and every language with a catalogue (a
# new .po file under playground/locale adds one to Settings).
UI_LANGUAGES = tuple(catalogue.available_languages())
LANGUAGES = ("system", *UI_LANGUAGES)

THEME_KEY = "appearance/theme"
LANGUAGE_KEY = "appearance/language"
DEVICE_KEY = "training/lastDevice"
START_FROM_KEY = "training/startFrom"
# What Train does when the open network has trained weights: go on from them (as Keras's fit
# does when called again) or start from the seed's fresh weights. The first is the default.
START_FROM = ("continue", "fresh")
SCALE_KEY = "presentation/fontScale"

DEFAULT_DEVICE = "auto"
DEFAULT_SCALE = 2.0  # 24 px body text on a 1280×800 projector (12 px base font)
MIN_SCALE, MAX_SCALE = 1.0, 3.0


def system_language(locale: QLocale | None = None) -> str:
    """The interface language closest to the system's: Spanish for any Spanish locale,
    English when the app has no catalogue for the system's language."""
    locale = locale or QLocale.system()
    code = locale.name().split("_")[0]
    return code if code in UI_LANGUAGES else catalogue.SOURCE_LANGUAGE


class AppSettings:
    """The app's preferences over one QSettings store (the default store unless one is given).

    Setters refuse unknown values with a ``ValueError`` naming the accepted ones, because a
    caller passing a wrong value is a bug to see at once, not something to store.
    """

    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings if settings is not None else QSettings()

    def _choice(self, key: str, choices: tuple[str, ...]) -> str:
        value = self.settings.value(key, choices[0])
        return value if isinstance(value, str) and value in choices else choices[0]

    def _set_choice(self, key: str, value: str, choices: tuple[str, ...]) -> None:
        if value not in choices:
            raise ValueError(f"{key.split('/')[-1]} must be one of {', '.join(choices)}, "
                             f"not {value!r}")
        self.settings.setValue(key, value)

    # -- appearance ----------------------------------------------------------------------------
    @property
    def theme(self) -> str:
        """"system" (follow the desktop), "light" or "dark"."""
        return self._choice(THEME_KEY, THEMES)

    @theme.setter
    def theme(self, value: str) -> None:
        self._set_choice(THEME_KEY, value, THEMES)

    @property
    def language(self) -> str:
        """"system", "en" or "es": what the user chose, not yet resolved."""
        return self._choice(LANGUAGE_KEY, LANGUAGES)

    @language.setter
    def language(self, value: str) -> None:
        self._set_choice(LANGUAGE_KEY, value, LANGUAGES)

    def effective_language(self, locale: QLocale | None = None) -> str:
        """The language the interface uses: the chosen one, or the system's for "system"."""
        chosen = self.language
        return chosen if chosen in UI_LANGUAGES else system_language(locale)

    # -- training ------------------------------------------------------------------------------
    @property
    def last_device(self) -> str:
        """The device last picked in the training panel ("auto", "cpu", "cuda", "mps"...)."""
        value = self.settings.value(DEVICE_KEY, DEFAULT_DEVICE)
        return value if isinstance(value, str) and value.strip() else DEFAULT_DEVICE

    @last_device.setter
    def last_device(self, value: str) -> None:
        if not value.strip():
            raise ValueError("the last device needs a name such as 'cpu' or 'cuda'")
        self.settings.setValue(DEVICE_KEY, value.strip())

    @property
    def start_from(self) -> str:
        """"continue" (from the trained weights) or "fresh" (from the seed's initial weights):
        the choice last made beside the Train button."""
        return self._choice(START_FROM_KEY, START_FROM)

    @start_from.setter
    def start_from(self, value: str) -> None:
        self._set_choice(START_FROM_KEY, value, START_FROM)

    # -- presentation --------------------------------------------------------------------------
    @property
    def presentation_scale(self) -> float:
        """How much presentation mode enlarges the fonts (1.0 to 3.0)."""
        value = self.settings.value(SCALE_KEY, DEFAULT_SCALE)
        try:
            scale = float(value)
        except (TypeError, ValueError):
            return DEFAULT_SCALE
        return scale if math.isfinite(scale) and MIN_SCALE <= scale <= MAX_SCALE \
            else DEFAULT_SCALE

    @presentation_scale.setter
    def presentation_scale(self, value: float) -> None:
        if not (math.isfinite(value) and MIN_SCALE <= value <= MAX_SCALE):
            raise ValueError(f"the presentation font scale must be between {MIN_SCALE} and "
                             f"{MAX_SCALE}, not {value}")
        self.settings.setValue(SCALE_KEY, float(value))

    def sync(self) -> None:
        """Write to disk now (Qt otherwise writes a little later, or at exit)."""
        self.settings.sync()
