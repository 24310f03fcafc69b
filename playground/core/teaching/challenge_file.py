"""A challenge lesson as a file for a class: written whole, read back with ``load_lesson``.

A teacher hands a challenge to a class as one lesson file: the goal and where it starts (the
network, the settings, the data options), with the steps that lead to it. It is written from
the JSON the lesson was read from, so what a student opens is exactly what the teacher had,
and atomically, so a save interrupted half way never leaves a file that does not open.
"""

from __future__ import annotations

import json
from pathlib import Path

from playground.core.files.atomic import atomic_write_bytes
from playground.core.messages import N_
from playground.core.teaching.lessons import Lesson, LessonError

LESSON_SUFFIX = ".json"


def challenge_file_text(lesson: Lesson) -> str:
    """The text of the lesson's file: indented, non-ASCII letters kept readable (á, ñ)."""
    if lesson.challenge is None or lesson.source is None:
        raise LessonError(N_("The lesson {name} sets no challenge to export."), name=lesson.id)
    return json.dumps(lesson.source, indent=2, ensure_ascii=False) + "\n"


def write_challenge(lesson: Lesson, path: str | Path) -> Path:
    """Write ``lesson`` (which sets a challenge) to ``path``, adding ``.json`` when the name
    has no suffix; returns the path written. Raises :class:`LessonError` for a lesson without
    a challenge and ``ProjectFileError`` (plain words, what to do) when the file cannot be
    written."""
    path = Path(path)
    if path.suffix.lower() != LESSON_SUFFIX:
        path = path.with_name(path.name + LESSON_SUFFIX)
    atomic_write_bytes(path, challenge_file_text(lesson).encode("utf-8"))
    return path
