"""Lessons in the window: the Lessons menu, the lesson side panel and its views.

:class:`LessonsController` is the window feature that adds them, built with the window's host.
"""

from __future__ import annotations

from playground.gui.lessons.install import LessonsController

__all__ = ["LessonsController"]
