"""Export Challenge…: the open challenge lesson as a file to hand to a class.

The lesson dock's button calls :func:`export_challenge`; a menu may call it too. The file is the
lesson as it was read (goal, start and steps), written atomically; it opens again through the
ordinary lesson loading path (:func:`playground.core.teaching.lessons.load_lesson`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from playground.core.errors import PlaygroundError
from playground.core.teaching.challenge_file import write_challenge
from playground.core.teaching.lessons import Lesson

if TYPE_CHECKING:
    from playground.gui.host import WindowHost


def tr(text: str) -> str:
    return QCoreApplication.translate("ChallengeExport", text)


def export_challenge(host: WindowHost, lesson: Lesson) -> Path | None:
    """Ask where (the host's save dialog) and write ``lesson``, which sets a challenge; returns
    the file written, or None when the student cancelled or it could not be written (then a
    message says why and what to do)."""
    if lesson.challenge is None:
        return None
    path = host.ask_save_path(tr("Export Challenge"), f"{lesson.id}.json", tr("Lessons (*.json)"))
    if not path:
        return None
    try:
        written = write_challenge(lesson, path)
    except PlaygroundError as exc:
        host.report_error(tr("Cannot Export Challenge"), exc)
        return None
    host.show_status(tr("Challenge saved as {0}: open it with the lesson files.").format(
        written.name), 8000)
    return written
