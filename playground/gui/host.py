"""What a window feature may use of the window: the one door between a feature and the window.

A feature (the Draw pane, the Inside pane, lessons, the data chooser, autosave, exports,
presentation mode, preferences) is a plain object built as ``Feature(host)``. It adds its panes
and actions through the host, listens to the document, the training controller and the host's
signals, and never imports :mod:`playground.gui.main_window` or another feature. Two features
that must talk (a drawn digit feeds the feature maps) do it through :class:`HostSignals`, so
they can be built in any order. :mod:`playground.app` lists the features in one place.

Menus are named, not found: ``"file"``, ``"export"``, ``"edit"``, ``"view"``, ``"data"``,
``"training"``, ``"help"`` (and menus features add, such as ``"lessons"``). A pane added with
``view_toggle=True`` gets a toggle in the View menu, before Reset Layout. A feature that opens
a kind of file takes it dropped on the window too (:meth:`WindowHost.add_file_drop`).

The window's own Qt API (corners, dock sizes, full screen) is reached through
:meth:`WindowHost.window_widget`, typed as a plain ``QMainWindow``: a feature may arrange the
window's layout, but it cannot reach another feature or attach anything to the window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, Signal

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

    from playground.core.messages import Message
    from playground.gui.document import Document
    from playground.gui.training.controller import TrainingController

MENU_NAMES = ("file", "export", "edit", "view", "data", "training", "help")


class HostSignals(QObject):
    """Events features share without knowing each other.

    ``weightsChanged``: the network's weights may differ (a run finished, weights were reset,
    another project opened); views that show what the network answers refresh.
    ``settingsChanged``: a training setting changed (preprocessing, seed...), as typed or undone.
    ``inputDrawn``: a 28×28 float32 image the user drew, for views that show what it does.
    ``layoutAboutToBeSaved``: the pane layout is about to be remembered; a mode that changes it
    for a while (presentation) puts it back first.
    ``saveNowRequested``: unsaved work must be protected at once (a window was rebuilt around
    it); the autosave writes without waiting.
    ``testSampleChosen``: the user picked test sample ``i`` (in a gallery of the results, or on
    the map of the learned space) to see the network's answer to it and why.
    """

    weightsChanged = Signal()
    settingsChanged = Signal()
    inputDrawn = Signal(object)  # numpy array (28, 28) float32
    layoutAboutToBeSaved = Signal()
    saveNowRequested = Signal()
    testSampleChosen = Signal(int)  # index into the test set


class WindowHost(Protocol):
    """All a feature may use of the window (see the module docstring)."""

    language: str
    document: Document
    training: TrainingController
    signals: HostSignals

    def window_widget(self) -> QMainWindow:
        """The window, as the parent of a feature's dialogs and timers; not to be changed."""
        ...

    def add_pane(
        self, widget: QWidget, title: str, name: str, area: Qt.DockWidgetArea, *,
        tab_with: str | None = None, view_toggle: bool = True, toggle_text: str = "",
        toggle_tip: str = "",
    ) -> QDockWidget:
        """Dock ``widget`` as pane ``name``; tabbed with pane ``tab_with`` if that pane exists."""
        ...

    def pane(self, name: str) -> QDockWidget | None:
        """The pane of that object name, if the window has one."""
        ...

    def add_action(self, menu: str, action: QAction, *, before: str | None = None) -> QAction:
        """Put ``action`` in the named menu (before the action named ``before``, if there), and
        make it known by its object name."""
        ...

    def add_shortcut(self, action: QAction) -> QAction:
        """A window-wide shortcut with no menu entry, known by its object name."""
        ...

    def add_menu(self, name: str, title: str, before: str | None = None) -> QMenu:
        """A new top-level menu ``name`` (before menu ``before``), or the one already there."""
        ...

    def menu(self, name: str) -> QMenu:
        """The named menu (see :data:`MENU_NAMES`)."""
        ...

    def action(self, name: str) -> QAction | None:
        """An action of the window or of any feature, by object name."""
        ...

    def show_status(self, message: str, timeout_ms: int = 5000) -> None:
        """A line in the status bar."""
        ...

    def add_status_widget(self, widget: QWidget) -> None:
        """A lasting mark at the right of the status bar (it stays while messages come and go)."""
        ...

    def report_error(self, title: str, message: str | Message | BaseException) -> None:
        """A problem the user must read: in the status bar and a warning box."""
        ...

    def ask_save_path(self, title: str, suggestion: str, file_filter: str) -> str | None:
        """Where to save a file (a dialog; replaced in tests)."""
        ...

    def recent_files(self) -> list[str]:
        """The projects opened or saved lately, newest first (where to start a file dialog)."""
        ...

    def maybe_save(self) -> bool:
        """True when the open project may be replaced (saved, discarded or unmodified)."""
        ...

    def open_path(self, path: str | Path) -> bool:
        """Open a project file, reporting a broken one in plain words."""
        ...

    def add_file_drop(self, suffixes: Iterable[str], opener: Callable[[Path], object]) -> None:
        """Open files ending in one of ``suffixes`` (".json") dropped anywhere on the window,
        or named on the command line, with ``opener(path)`` (see :mod:`file_drop`)."""
        ...

    def on_close(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` when the window closes for good (after the user agreed)."""
        ...

    def after_layout(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the window's saved layout has been restored (or at once, when
        it already has): a pane that must start hidden hides itself there."""
        ...

    def save_layout(self) -> None:
        """Remember where the panes are, for the next window."""
        ...

    def build_like(self, language: str) -> WindowHost:
        """A new window with the same features, in ``language`` (already installed)."""
        ...


FeatureFactory = Callable[[WindowHost], object]
