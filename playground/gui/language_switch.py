"""Switching the interface language without quitting: the window is rebuilt around the project.

Every pane writes its texts once, when it is built, in the language installed at that moment
(layer explanations, menus, tooltips, lesson steps). Re-translating each of them live would
touch every widget of the app; instead the window is built again in the new language and the
project moves over as it is: the network, its settings, runs, weights, lesson and file name,
and whether it has unsaved changes. What does not move: the undo history, the panes' plots of
the latest run (the runs stay in Compare Runs), and a run in progress (switching waits until
training has stopped).

The new window is built by the old one's host (:meth:`~playground.gui.host.WindowHost.build_like`),
so it has the same features as the one it replaces.
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
    from playground.gui.host import WindowHost


@dataclass(frozen=True)
class _CarriedProject:
    """The document's project as it stands, unsaved changes included."""

    spec: NetworkSpec
    training: TrainingConfig
    dataset_options: dict[str, Any]
    history: list[dict[str, Any]]
    lesson: str | None
    weights: Any
    best_weights: Any
    weights_spec: NetworkSpec | None
    path: Path | None
    dirty: bool
    selected: int


def _carry(window: WindowHost) -> _CarriedProject:
    doc = window.document
    return _CarriedProject(
        spec=doc.spec, training=doc.config, dataset_options=dict(doc.dataset_options),
        history=list(doc.history), lesson=doc.lesson, weights=doc.weights,
        best_weights=doc.best_weights, weights_spec=doc.weights_spec, path=doc.path,
        dirty=doc.dirty, selected=doc.selected,
    )


def _put_back(window: WindowHost, carried: _CarriedProject) -> None:
    # Weights of an earlier version of the network stay "not fitting" (weights_for).
    window.document.restore(carried, path=carried.path, dirty=carried.dirty,
                            weights_for=carried.weights_spec, select=carried.selected)


def can_switch_now(window: WindowHost) -> bool:
    """A run cannot move to a new window, so the switch waits while training runs."""
    return not window.training.runner.running


def switch_language(window: WindowHost, language: str) -> WindowHost | None:
    """Rebuild ``window`` in ``language`` with its project; returns the new window.

    Returns None (and changes nothing) while training runs; see :func:`can_switch_now`.
    """
    if not can_switch_now(window):
        return None
    carried = _carry(window)
    window.save_layout()  # presentation mode, if on, leaves first: the normal layout is saved
    old = window.window_widget()
    maximized = old.isMaximized()
    geometry = old.geometry()
    language = install_language(QApplication.instance(), language)
    new = window.build_like(language)
    _put_back(new, carried)
    shown = new.window_widget()
    if maximized:
        shown.showMaximized()
    else:
        shown.setGeometry(geometry)
        shown.show()
    if carried.dirty:
        new.signals.saveNowRequested.emit()  # unsaved work is protected from the first moment
    # The old window goes without asking: its project lives on in the new one.
    window.document.undo_stack.setClean()
    old.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    old.close()
    return new
