"""Switching the interface language without quitting, in the open window.

The new language's translators are installed (ours and Qt's own, so standard buttons and
dialogs follow), then every text of the window is shown again in it (see
:mod:`playground.gui.retranslate`): whole catalogue texts are replaced where they are, and
panes that compose texts from values show their state again through their ``retranslate()``
hook. Nothing is rebuilt, so nothing is lost: the project and its unsaved changes, the undo
history, the selection, the curves, results and Inside history, and a run in progress, which
goes on training while the texts change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from playground.gui.i18n import current_language, install_language
from playground.gui.retranslate import retranslate_window

if TYPE_CHECKING:
    from playground.gui.host import WindowHost


def switch_language(window: WindowHost, language: str) -> WindowHost:
    """Show ``window`` in ``language`` from now on; returns the same window."""
    old = current_language()
    language = install_language(QApplication.instance(), language)
    if language == old:
        return window
    widget = window.window_widget()
    widget.setUpdatesEnabled(False)  # one repaint, not one per text
    try:
        retranslate_window(widget, old, language)  # the window passes it on to its features
    finally:
        widget.setUpdatesEnabled(True)
    return window
