"""Locking and hiding a window's controls by object name, for as long as a lesson step wants.

A lesson names controls ("setting_loss", "paletteDock", "trainAction"); this finds them among the
window's widgets and actions, disables (``lock``) or hides (``hide``) them, and gives them back
when the step changes or the lesson closes.

Why it watches the controls instead of setting them once: the window keeps enabling and
disabling its own controls (the training panel re-enables every setting when a run ends, View ▸
Reset Layout shows every dock). A locked control that the window switches back on is switched off
again at once, and what the window asked for is remembered, so that releasing the lock leaves the
control as the window wants it rather than as it was when the lesson began.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

Control = QWidget | QAction


class ControlLocks(QObject):
    """The locks and hides of one window; ``set`` replaces them, ``release`` removes them all."""

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self.root = root
        self._locked: dict[str, Control] = {}
        self._hidden: dict[str, Control] = {}
        self._wants_enabled: dict[Control, bool] = {}
        self._wants_visible: dict[Control, bool] = {}
        self._watching: set[Control] = set()
        self._busy = False
        self.missing: list[str] = []  # names of the last ``set`` that matched nothing

    # -- finding ---------------------------------------------------------------------------------
    def find(self, name: str) -> Control | None:
        """The widget or action called ``name`` in the window (widgets first)."""
        widget = self.root.findChild(QWidget, name)
        if widget is not None:
            return widget
        return self.root.findChild(QAction, name)

    @property
    def locked(self) -> list[str]:
        return list(self._locked)

    @property
    def hidden(self) -> list[str]:
        return list(self._hidden)

    # -- applying --------------------------------------------------------------------------------
    def set(self, lock: Iterable[str], hide: Iterable[str]) -> None:
        """Lock exactly ``lock`` and hide exactly ``hide``; controls no longer named come back."""
        lock, hide = list(dict.fromkeys(lock)), list(dict.fromkeys(hide))
        for name in [n for n in self._locked if n not in lock]:
            self._unlock(name)
        for name in [n for n in self._hidden if n not in hide]:
            self._unhide(name)
        self.missing = []
        for name in lock:
            if name not in self._locked:
                self._lock(name)
        for name in hide:
            if name not in self._hidden:
                self._hide(name)

    def release(self) -> None:
        self.set((), ())

    def _lock(self, name: str) -> None:
        control = self.find(name)
        if control is None:
            self.missing.append(name)
            return
        self._locked[name] = control
        self._wants_enabled[control] = _explicitly_enabled(control)
        self._watch(control)
        self._apply(control)

    def _hide(self, name: str) -> None:
        control = self.find(name)
        if control is None:
            self.missing.append(name)
            return
        self._hidden[name] = control
        self._wants_visible[control] = _explicitly_visible(control)
        self._watch(control)
        self._apply(control)

    def _unlock(self, name: str) -> None:
        control = self._locked.pop(name)
        wanted = self._wants_enabled.pop(control, True)
        self._unwatch(control)
        self._set(control.setEnabled, wanted)

    def _unhide(self, name: str) -> None:
        control = self._hidden.pop(name)
        wanted = self._wants_visible.pop(control, True)
        self._unwatch(control)
        self._set(control.setVisible, wanted)

    def _set(self, setter: object, value: bool) -> None:
        self._busy = True
        try:
            setter(value)  # type: ignore[operator]
        finally:
            self._busy = False

    def _apply(self, control: Control) -> None:
        if control in self._wants_enabled and control.isEnabled():
            self._set(control.setEnabled, False)
        if control in self._wants_visible and _explicitly_visible(control):
            self._set(control.setVisible, False)

    # -- watching --------------------------------------------------------------------------------
    def _watch(self, control: Control) -> None:
        if control in self._watching:
            return
        self._watching.add(control)
        if isinstance(control, QAction):
            control.changed.connect(self._action_changed)
        else:
            control.installEventFilter(self)

    def _unwatch(self, control: Control) -> None:
        if control in self._wants_enabled or control in self._wants_visible:
            return  # still locked or hidden in its other role
        self._watching.discard(control)
        if isinstance(control, QAction):
            control.changed.disconnect(self._action_changed)
        else:
            control.removeEventFilter(self)

    def _action_changed(self) -> None:
        action = self.sender()
        if self._busy or not isinstance(action, QAction):
            return
        if action in self._wants_enabled and action.isEnabled():
            self._wants_enabled[action] = True
        if action in self._wants_visible and action.isVisible():
            self._wants_visible[action] = True
        self._apply(action)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._busy and isinstance(watched, QWidget):
            kind = event.type()
            if kind == QEvent.Type.EnabledChange and watched in self._wants_enabled:
                if _explicitly_enabled(watched):
                    self._wants_enabled[watched] = True
                    self._apply(watched)
            elif kind in (QEvent.Type.Show, QEvent.Type.ShowToParent) \
                    and watched in self._wants_visible:
                self._wants_visible[watched] = True
                self._apply(watched)
        return False


def _explicitly_enabled(control: Control) -> bool:
    """Enabled unless switched off on purpose (a widget inside a disabled parent still counts)."""
    if isinstance(control, QAction):
        return control.isEnabled()
    return not control.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)


def _explicitly_visible(control: Control) -> bool:
    if isinstance(control, QAction):
        return control.isVisible()
    return not control.isHidden()
