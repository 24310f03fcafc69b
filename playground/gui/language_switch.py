"""Switching the interface language without quitting: the window is rebuilt around the project.

Every pane writes its texts once, when it is built, in the language installed at that moment
(layer explanations, menus, tooltips, lesson steps). Re-translating each of them live would
touch every widget of the app; instead the window is built again in the new language and the
project moves over as it is: the network, its settings, runs, weights, lesson and file name,
and whether it has unsaved changes. What does not move: the undo history, the panes' plots of
the latest run (the runs stay in Compare Runs), and a run in progress (switching waits until
training has stopped).

:func:`create_window` is also how the app builds its first window, so a rebuilt window has the
same features (presentation mode, preferences) as the one it replaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from playground.core.network.spec import NetworkSpec
from playground.core.training.config import TrainingConfig
from playground.gui.i18n import install_language

if TYPE_CHECKING:
    from playground.gui.main_window import MainWindow


def create_window(language: str) -> MainWindow:
    """A main window with every feature the app installs, in ``language`` (already installed)."""
    from playground.gui import presentation, settings_dialog
    from playground.gui.main_window import MainWindow

    window = MainWindow(language=language)
    presentation.install(window)
    settings_dialog.install(window)
    return window


@dataclass(frozen=True)
class _CarriedProject:
    """The document's project as it stands, unsaved changes included."""

    spec: NetworkSpec
    config: TrainingConfig
    dataset_options: dict[str, Any]
    history: list[dict[str, Any]]
    lesson: str | None
    weights: Any
    best_weights: Any
    weights_spec: NetworkSpec | None
    path: Path | None
    dirty: bool
    selected: int


def _carry(window: MainWindow) -> _CarriedProject:
    doc = window.document
    return _CarriedProject(
        spec=doc.spec, config=doc.config, dataset_options=dict(doc.dataset_options),
        history=list(doc.history), lesson=doc.lesson, weights=doc.weights,
        best_weights=doc.best_weights, weights_spec=doc.weights_spec, path=doc.path,
        dirty=doc.dirty, selected=doc.selected,
    )


def _put_back(window: MainWindow, carried: _CarriedProject) -> None:
    doc = window.document
    doc.reset(carried.spec, carried.config, carried.dataset_options, carried.path, carried)
    doc.weights_spec = carried.weights_spec  # weights of an earlier version stay "not fitting"
    if carried.dirty:
        doc.mark_modified()
    if 0 <= carried.selected < len(carried.spec.layers):
        doc.select(carried.selected)
    window.training.compare.set_runs(doc.history)


def can_switch_now(window: MainWindow) -> bool:
    """A run cannot move to a new window, so the switch waits while training runs."""
    return not window.training.runner.running


def switch_language(window: MainWindow, language: str) -> MainWindow | None:
    """Rebuild ``window`` in ``language`` with its project; returns the new window.

    Returns None (and changes nothing) while training runs; see :func:`can_switch_now`.
    """
    if not can_switch_now(window):
        return None
    from playground.gui.presentation import PresentationMode

    mode = window.findChild(PresentationMode)
    if mode is not None and mode.active:
        mode.leave()  # the layout saved below must be the normal one
    carried = _carry(window)
    window.save_layout()
    maximized = window.isMaximized()
    geometry = window.geometry()
    language = install_language(QApplication.instance(), language)
    new = create_window(language)
    _put_back(new, carried)
    if maximized:
        new.showMaximized()
    else:
        new.setGeometry(geometry)
        new.show()
    autosave = getattr(new, "autosave", None)
    if carried.dirty and autosave is not None:
        autosave.save_if_changed("now")  # unsaved work is protected from the first moment
    # The old window goes without asking: its project lives on in the new one.
    window.document.undo_stack.setClean()
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.close()
    return new
