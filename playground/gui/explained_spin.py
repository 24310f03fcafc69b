"""Spin boxes that keep what was typed when they refuse it, and say so, instead of changing it.

A plain ``QSpinBox`` with a range of 1 to 100 turns a typed 0 back into the last value when the
field is left, and never lets a minus sign in: a student who typed "-5" sees 5 and no reason.
These boxes leave a number out of range in the field as typed (``value()`` keeps the last valid
one, so nothing invalid reaches the network or the settings) and emit ``refused`` with that text,
so the form beside them can say why (the range, and what the setting is for) in the interface
language. They emit ``refusalCleared`` once the field holds a value it takes again: the user
typed one, stepped with the arrows, pressed Escape, or the program set a value.

A refusal is reported:

* at once, for text that typing more can never bring into range (a minus sign where the minimum
  is 0 or more, a number already above the maximum), and for a keystroke that is not part of a
  number at all, which stays out of the field as in any spin box;
* when the field is left or Enter is pressed, for text that might still have become a value (a 0
  where the minimum is 1: the student may have been on the way to 05).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFocusEvent, QHideEvent, QKeyEvent, QShowEvent, QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

State = QValidator.State


def typed_number(box: QSpinBox | QDoubleSpinBox, text: str) -> float | None:
    """The number ``text`` writes in ``box``'s locale, whatever the range; ``None`` if not one.

    Only plain numbers count (digits, a sign, the locale's separators, no more decimals than the
    box shows): "1e9", or "0.123" in a two-decimal box, stay refused keystrokes as in Qt.
    """
    locale = box.locale()
    body = text.strip()
    if box.prefix() and body.startswith(box.prefix()):
        body = body[len(box.prefix()):]
    if box.suffix() and body.endswith(box.suffix()):
        body = body[: len(body) - len(box.suffix())]
    body = body.strip()
    digits = "0-9" + re.escape(locale.groupSeparator())
    if isinstance(box, QDoubleSpinBox):
        point = re.escape(locale.decimalPoint())
        pattern = rf"[+-]?[{digits}]*(?:{point}[0-9]{{0,{box.decimals()}}})?"
    else:
        pattern = rf"[+-]?[{digits}]*"
    if not re.fullmatch(pattern, body) or not re.search("[0-9]", body):
        return None
    if isinstance(box, QDoubleSpinBox):
        value, ok = locale.toDouble(body)
        return value if ok else None
    return float(int(body.replace(locale.groupSeparator(), "")))


def out_of_range(box: QSpinBox | QDoubleSpinBox, text: str) -> bool:
    """Whether ``text`` is a number outside ``box``'s range, or a minus sign it cannot take."""
    if text.strip() == "-":
        return box.minimum() >= 0
    value = typed_number(box, text)
    return value is not None and not box.minimum() <= value <= box.maximum()


class _KeepsRefusedText:
    """What both boxes add to Qt's: refused text is kept in the field and reported.

    Qt puts the last value back whenever it interprets text it does not take (Enter, leaving the
    field, hiding, closing, another window becoming active); each of those handlers here lets Qt
    do the rest of its work and then puts the typed text back.
    """

    refused: Signal
    refusalCleared: Signal

    def _init_refusals(self) -> None:
        self._quiet = False  # Qt rewriting the text is not the user typing
        self._said = False  # a refusal was reported and the field has not been fixed since
        self.lineEdit().textChanged.connect(self._text_changed)
        self.valueChanged.connect(lambda _value: self._settle())

    # -- what the text is ------------------------------------------------------------------------
    def _qt_state(self, text: str) -> State:
        return super().validate(text, len(text))[0]

    def _taken(self, text: str) -> bool:
        special = self.specialValueText()  # "off" for 0, say: Qt's own validate refuses it
        return (bool(special) and text == special) or self._qt_state(text) == State.Acceptable

    def is_refusing(self) -> bool:
        """Whether the field shows typed text the box did not take (``value()`` is the last
        valid one). An empty field is not refused: leaving it puts the last value back."""
        text = self.lineEdit().text()
        return bool(text.strip()) and not self._taken(text)

    def validate(self, text: str, pos: int) -> object:
        """Qt's verdict, except that a number out of range may stay in the field as typed."""
        state, text, pos = super().validate(text, pos)
        if state == State.Invalid and out_of_range(self, text):
            return State.Intermediate, text, pos
        if state == State.Invalid and text.strip():  # the keystroke stays out: say why now
            self._refuse(text)
        return state, text, pos

    # -- reporting -------------------------------------------------------------------------------
    def _refuse(self, text: str) -> None:
        self._said = True
        self.refused.emit(text)

    def _settle(self) -> None:
        """The field shows a value it takes: a refusal reported before is over."""
        if self._quiet or not self._said or not self._taken(self.lineEdit().text()):
            return
        self._said = False
        self.refusalCleared.emit()

    def _text_changed(self, text: str) -> None:
        if self._quiet:
            return
        if self._taken(text):
            self._settle()
        elif self._qt_state(text) == State.Invalid and text.strip():
            self._refuse(text)  # out of range whatever is typed next
        elif self._said and text.strip():
            self._refuse(text)  # still refused: the message follows what the field shows

    def _keeping(self, qt_handler: Callable[[Any], None], event: Any, finished: bool) -> None:
        """Run Qt's ``qt_handler``, which puts the last value back, then put typed text back.

        ``finished``: the user ended the edit (Enter, leaving the field), so kept text is refused
        aloud and a valid value ends an earlier refusal; hiding or showing only keeps the text.
        """
        edit = self.lineEdit()
        text = edit.text()
        keep = self.is_refusing()
        self._quiet = True
        try:
            qt_handler(event)
            if keep and edit.text() != text:
                edit.setText(text)
        finally:
            self._quiet = False
        if finished and keep:
            self._refuse(text)
        elif finished:
            self._settle()

    # -- Qt's handlers ---------------------------------------------------------------------------
    def setValue(self, value: Any) -> None:
        super().setValue(value)
        self._settle()  # the same value again still replaces a refused text

    def stepBy(self, steps: int) -> None:
        super().stepBy(steps)
        self._settle()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter keeps a refused text and says why; Escape gives the last valid value back."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._keeping(super().keyPressEvent, event, finished=True)
            self.selectAll()  # typing again replaces the refused text, as after any Enter
        elif event.key() == Qt.Key.Key_Escape and self.is_refusing():
            self.setValue(self.value())
            self.selectAll()
            event.accept()
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._keeping(super().focusOutEvent, event, finished=True)

    def hideEvent(self, event: QHideEvent) -> None:
        self._keeping(super().hideEvent, event, finished=False)

    def showEvent(self, event: QShowEvent) -> None:
        self._keeping(super().showEvent, event, finished=False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._keeping(super().closeEvent, event, finished=False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange:  # Qt interprets when the window goes
            self._keeping(super().changeEvent, event, finished=False)
        else:
            super().changeEvent(event)


class ExplainedSpinBox(_KeepsRefusedText, QSpinBox):
    """A whole-number spin box that keeps and reports refused input (see the module)."""

    refused = Signal(str)  # the text the box does not take
    refusalCleared = Signal()  # the field holds a value it takes again

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_refusals()


class ExplainedDoubleSpinBox(_KeepsRefusedText, QDoubleSpinBox):
    """A decimal spin box that keeps and reports refused input (see the module)."""

    refused = Signal(str)  # the text the box does not take
    refusalCleared = Signal()  # the field holds a value it takes again

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_refusals()
