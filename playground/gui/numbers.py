"""Numbers written the way the reader's language writes them.

Python's format specs always write ``11,252.5``. A reader in Spain reads "11,252 parámetros"
as eleven point two, so every number the interface shows goes through :func:`number` or
:func:`localized`: Python does the formatting (so ``:,``, ``.2f``, ``.1%`` and ``.3g`` keep
their meaning) and the separators are then swapped for those of the default ``QLocale``, which
:func:`playground.gui.i18n.install_language` sets (Spain's for Spanish unless the system is in
a Spanish locale of its own, such as Mexico's, which writes numbers like English).
"""

from __future__ import annotations

import numbers
import string
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QLocale


def _separators() -> tuple[str, str]:
    locale = QLocale()
    return locale.decimalPoint() or ".", locale.groupSeparator() or ","


def _swap(text: str) -> str:
    """Python's ``.`` and ``,`` in a formatted number replaced by the locale's."""
    decimal, group = _separators()
    if (decimal, group) == (".", ","):
        return text
    return text.translate(str.maketrans({",": group, ".": decimal}))


def number(value: float | int, spec: str = "") -> str:
    """``format(value, spec)`` with the default locale's decimal point and digit grouping."""
    return _swap(format(value, spec))


class _LocaleFormatter(string.Formatter):
    """``str.format`` that writes numeric fields with :func:`number`."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            return number(value, format_spec)
        return super().format_field(value, format_spec)


_FORMATTER = _LocaleFormatter()


def localized(template: str, *args: Any, **kwargs: Any) -> str:
    """``template.format(*args, **kwargs)`` with every number in the reader's conventions.

    Use it on translated texts: ``localized(self.tr("{0:,} params"), n)``.
    """
    return _FORMATTER.format(template, *args, **kwargs)


def localize_plot_axes() -> None:
    """Make every pyqtgraph axis write its tick numbers with the default locale's separators.

    pyqtgraph formats ticks with ``%g`` and has no locale setting, so its method is wrapped
    once for the whole application; the wrapper reads the locale at each call, so switching
    languages needs no second call. Axes given their own labels (class names) are unaffected.
    """
    original = pg.AxisItem.tickStrings
    if getattr(original, "follows_locale", False):
        return

    def tick_strings(axis: pg.AxisItem, values: list[float], scale: float,
                     spacing: float) -> list[str]:
        return [_swap(text) for text in original(axis, values, scale, spacing)]

    tick_strings.follows_locale = True  # type: ignore[attr-defined]
    pg.AxisItem.tickStrings = tick_strings  # type: ignore[method-assign]
