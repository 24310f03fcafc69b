"""Lessons in the window: the Lessons menu, the lesson side panel and its views.

:func:`install` adds them to a :class:`~playground.gui.main_window.MainWindow`.
"""

from __future__ import annotations

from playground.gui.lessons.install import LessonsController, install

__all__ = ["LessonsController", "install"]
