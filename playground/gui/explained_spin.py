"""Spin boxes that say when they refuse what was typed, instead of changing it in silence.

A plain ``QSpinBox`` with a range of 1 to 100 turns a typed 0 back into the last value when the
field is left, and never lets a minus sign in: a student who typed it sees a different number
and no reason. These emit ``refused`` with the text that was not taken, so the form beside
them can say why (the range, and what the setting is for) in the interface language.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox


def _report_invalid(box: QSpinBox | QDoubleSpinBox, result: object, text: str) -> object:
    """Pass ``validate``'s result on, emitting ``refused`` for text the box will not take."""
    if result[0] == QValidator.State.Invalid and text.strip():  # type: ignore[index]
        box.refused.emit(text)
    return result


def _report_fixup(box: QSpinBox | QDoubleSpinBox, text: str) -> None:
    """``fixup`` runs when the field is left with text that is not a value in range."""
    if text.strip() and text != box.specialValueText():
        box.refused.emit(text)


class ExplainedSpinBox(QSpinBox):
    """A whole-number spin box that reports refused input through ``refused``."""

    refused = Signal(str)

    def validate(self, text: str, pos: int) -> object:
        return _report_invalid(self, super().validate(text, pos), text)

    def fixup(self, text: str) -> str:
        _report_fixup(self, text)
        return super().fixup(text)


class ExplainedDoubleSpinBox(QDoubleSpinBox):
    """A decimal spin box that reports refused input through ``refused``."""

    refused = Signal(str)

    def validate(self, text: str, pos: int) -> object:
        return _report_invalid(self, super().validate(text, pos), text)

    def fixup(self, text: str) -> str:
        _report_fixup(self, text)
        return super().fixup(text)
