"""A lesson being recorded: where it starts, its steps, and how they become a lesson file.

Kept apart from the widgets so that what is written is plain data the reader checks: the draft
becomes the JSON object of a lesson file (:meth:`LessonDraft.to_dict`), which
:func:`~playground.core.teaching.lesson_writer.lesson_from_parts` reads exactly as it would
read the saved file, so a lesson the recorder accepts is one every copy of the app opens.

A step's label and the Train button's label are the lesson's own texts, written in both of its
languages whatever the window's language is (the lesson is a document for every reader).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from playground.core.teaching.lesson_writer import lesson_from_parts, start_to_dict, text_to_html
from playground.core.teaching.lessons import LESSON_FORMAT, LESSON_VERSION, Lesson, LessonState

#: The lesson's own words for its buttons, in its two languages (lesson content, not the app's).
CHANGE_LABEL = {"en": "Make this step's change", "es": "Hacer el cambio de este paso"}
TRAIN_LABEL = {"en": "Train", "es": "Entrenar"}
DEFAULT_ORDER = 100  # after the bundled lessons in a list sorted by order


def lesson_id(title: str) -> str:
    """A lesson id from its title: lower-case letters, digits and dashes ("my-lesson")."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:64].strip("-")
    return slug or "my-lesson"


@dataclass
class DraftStep:
    """One recorded step: its texts, the edits its button makes, and what it adds."""

    text_en: str = ""
    text_es: str = ""
    edits: list[dict[str, Any]] = field(default_factory=list)
    label_en: str = CHANGE_LABEL["en"]
    label_es: str = CHANGE_LABEL["es"]
    train: bool = False
    view: str | None = None
    lock: list[str] = field(default_factory=list)
    question: dict[str, Any] | None = None  # in the file's form, its long texts as typed

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": {"en": text_to_html(self.text_en),
                                         "es": text_to_html(self.text_es)}}
        actions = []
        if self.edits:
            actions.append({"label": {"en": self.label_en.strip(), "es": self.label_es.strip()},
                            "do": [dict(edit) for edit in self.edits]})
        if self.train:
            actions.append({"label": dict(TRAIN_LABEL), "do": [{"op": "train"}]})
        if actions:
            data["actions"] = actions
        if self.view:
            data["view"] = self.view
        if self.lock:
            data["lock"] = list(self.lock)
        if self.question is not None:
            data["question"] = {**self.question, **{
                key: {language: text_to_html(text) for language, text in self.question[key].items()}
                for key in ("prompt", "explanation") if key in self.question}}
        return data


@dataclass
class LessonDraft:
    """The whole lesson being recorded."""

    start: LessonState
    title_en: str = ""
    title_es: str = ""
    intro_en: str = ""
    intro_es: str = ""
    steps: list[DraftStep] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The lesson file's JSON object (not yet checked: :meth:`build` checks it)."""
        return {
            "format": LESSON_FORMAT, "version": LESSON_VERSION,
            "id": lesson_id(self.title_en), "order": DEFAULT_ORDER,
            "title": {"en": self.title_en.strip(), "es": self.title_es.strip()},
            "intro": {"en": text_to_html(self.intro_en), "es": text_to_html(self.intro_es)},
            "start": start_to_dict(self.start),
            "steps": [step.to_dict() for step in self.steps],
        }

    def build(self) -> Lesson:
        """The lesson, read back as the reader reads a file; raises ``LessonError`` saying
        what is missing or wrong (a step without its Spanish text, a question's answer)."""
        return lesson_from_parts(self.to_dict())

    def move(self, index: int, offset: int) -> int:
        """Move step ``index`` up (-1) or down (+1); returns where it is now."""
        target = index + offset
        if not (0 <= index < len(self.steps) and 0 <= target < len(self.steps)):
            return index
        self.steps[index], self.steps[target] = self.steps[target], self.steps[index]
        return target
