"""Lesson files in and out: opening a lesson ``.json``, handing a lesson out as a project.

A lesson file comes from anywhere (a colleague's mail, a USB stick, a drag from the desktop):
before the reader sees it, it must be a regular file of a lesson's size, so that a device, a
pipe or a huge file is refused at once instead of hanging or filling the memory. The reader
then refuses anything else a lesson may not hold, in plain words.

Handing a lesson out writes one project file a student opens: the lesson at its first step,
its start as the project's network and settings, and nothing of the teacher's (no runs, no
weights, no answers), through the same writer as File ▸ Save.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from playground.core.messages import Message
from playground.core.teaching.lessons import MAX_LESSON_CHARS, Lesson, LessonError, load_lesson

LESSON_SUFFIX = ".json"
PROJECT_SUFFIX = ".nnp"
MAX_LESSON_BYTES = 4 * MAX_LESSON_CHARS  # UTF-8 takes up to four bytes a character


def tr(text: str) -> str:
    return QCoreApplication.translate("Lessons", text)


def read_lesson_file(path: str | Path) -> Lesson:
    """The lesson in ``path``; raises :class:`LessonError` naming the file and the problem."""
    path = Path(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise LessonError("Cannot read the lesson {name}: {error}.", name=path.name,
                          error=exc.strerror or str(exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise LessonError("Cannot read the lesson {name}: {error}.", name=path.name,
                          error=Message("it is not a file")) from None
    if info.st_size > MAX_LESSON_BYTES:
        raise LessonError("{where}: {error}", where=path.name, error=Message(
            "A lesson must be text of at most {limit} KiB.", limit=MAX_LESSON_CHARS // 1024))
    return load_lesson(path)


def ask_lesson_path(parent: QWidget, folder: str) -> str | None:
    """Which lesson file to open (a dialog; replaced in tests)."""
    path, _ = QFileDialog.getOpenFileName(parent, tr("Open Lesson File"), folder,
                                          tr("Lessons (*.json)"))
    return path or None


def write_hand_out(lesson: Lesson, path: str | Path) -> Path:
    """Write ``lesson`` for students to ``path`` (``.nnp`` added if missing): a project at
    the lesson's start, carrying the lesson at step 1. Raises ``ProjectFileError``."""
    from playground.core.files.project import Project, save_project

    path = Path(path)
    if path.suffix.lower() != PROJECT_SUFFIX:
        path = path.with_name(path.name + PROJECT_SUFFIX)
    start = lesson.start
    save_project(Project(spec=start.spec, training=start.config,
                         dataset_options=dict(start.dataset_options),
                         lesson=lesson.to_json(0), name=start.spec.name), path)
    return path
