"""Questions in a lesson step: a prediction or a check the student answers before the app shows.

A lesson that only tells is read and forgotten; one that first asks "what will happen?" makes the
student commit to a guess, and the run that follows then confirms or corrects it. A step may carry
one ``question`` (lesson format version 2):

* ``choice``: ``options`` (two to six texts) and the index of the right one, from 0;
* ``number``: a number, right within ``tolerance`` (absolute, or a share of the answer when
  ``relative`` is true), with an optional ``unit`` shown beside the field;
* ``layer``: "select the layer that…": the layer numbers (from 1, as the editor shows them) that
  count as right; the student's answer is the layer selected in the editor.

``reveal`` says when the verdict and the explanation are shown: ``now`` (on answering),
``after_action`` (once one of the step's actions ran) or ``after_run`` (once a training run
finished on that step), so a prediction is checked against what the student then sees.

Like the rest of a lesson, a question is plain data checked when the lesson is read: an unknown
field, a wrong type or an answer that is not among the options is refused with a plain message.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from playground.core.errors import PlaygroundError
from playground.core.messages import N_


class LessonText(Protocol):
    """A text the lesson wrote in each language (``lessons.LessonText``; named here by what it
    does, so that this module does not import the lesson reader that imports it)."""

    def get(self, language: str = "en") -> str: ...

KINDS = ("choice", "number", "layer")
REVEALS = ("now", "after_action", "after_run")
MIN_OPTIONS, MAX_OPTIONS = 2, 6
MAX_LAYER_ANSWERS = 16
_FIELDS: dict[str, dict[str, bool]] = {  # besides kind, prompt, explanation, reveal
    "choice": {"options": True, "answer": True},
    "number": {"answer": True, "tolerance": True, "relative": False, "unit": False},
    "layer": {"answer": True},
}

Answer = int | float


class QuestionError(PlaygroundError):
    """A question object that cannot be read (raised as the lesson's own error by the reader)."""


def _expect(condition: bool, template: str, /, **params: Any) -> None:
    if not condition:
        raise QuestionError(template, **params)


def _number(value: float, language: str) -> str:
    """``value`` written as the reader writes numbers (a decimal comma in Spanish)."""
    text = f"{value:g}"
    return text.replace(".", ",") if language.startswith("es") else text


def _real(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


@dataclass(frozen=True)
class Question:
    """One question of a step; ``answer`` is an option index, a number or layer numbers."""

    kind: str
    prompt: LessonText
    explanation: LessonText
    reveal: str
    answer: int | float | tuple[int, ...]
    options: tuple[LessonText, ...] = ()
    tolerance: float = 0.0
    relative: bool = False
    unit: LessonText | None = None

    def is_right(self, given: Answer | None) -> bool:
        """Whether ``given`` (an option index, a number, a selected layer number) is right."""
        if given is None or not _real(given):
            return False
        if self.kind == "choice":
            return given == self.answer
        if self.kind == "layer":
            return isinstance(self.answer, tuple) and int(given) in self.answer
        target = float(self.answer)  # type: ignore[arg-type]
        allowed = self.tolerance * abs(target) if self.relative else self.tolerance
        return abs(float(given) - target) <= allowed + 1e-9 * max(1.0, abs(target))

    def shown_answer(self, given: Answer | None, language: str = "en") -> str:
        """``given`` as the student sees it: the option's text, the number with its unit, or
        the layer number; empty for no answer."""
        if given is None:
            return ""
        if self.kind == "choice":
            index = int(given)
            return self.options[index].get(language) if 0 <= index < len(self.options) else ""
        if self.kind == "layer":
            return str(int(given))
        unit = f" {self.unit.get(language)}" if self.unit is not None else ""
        return f"{_number(float(given), language)}{unit}"

    def right_answer(self, language: str = "en") -> str:
        """The right answer in words: the option, the number ± its tolerance, the layers."""
        if self.kind == "choice":
            return self.options[int(self.answer)].get(language)  # type: ignore[arg-type]
        if self.kind == "layer":
            return ", ".join(str(n) for n in self.answer)  # type: ignore[union-attr]
        unit = f" {self.unit.get(language)}" if self.unit is not None else ""
        number = float(self.answer)  # type: ignore[arg-type]
        spread = self.tolerance * abs(number) if self.relative else self.tolerance
        shown = _number(number, language)
        return f"{shown} ± {_number(spread, language)}{unit}" if spread else f"{shown}{unit}"


def read_question(data: Any, where: str, read_text: Any) -> Question:
    """The question at ``where`` (for messages), its texts read by ``read_text(value, where)``
    (the lesson reader's own check of both languages and the allowed tags)."""
    _expect(isinstance(data, Mapping), N_("{where} must be an object."), where=where)
    kind = data.get("kind")
    _expect(kind in KINDS, N_("{where}: unknown kind {kind}; known kinds: {known}."), where=where,
            kind=repr(kind), known=", ".join(KINDS))
    allowed = {"kind", "prompt", "explanation", "reveal", *_FIELDS[kind]}
    unknown = sorted(set(data) - allowed)
    _expect(not unknown, N_("{where}: a {kind} question has no field {name}."), where=where,
            kind=kind, name=repr(unknown[0]) if unknown else "")
    missing = [k for k in ("prompt", "explanation", *(k for k, r in _FIELDS[kind].items() if r))
               if k not in data]
    _expect(not missing, N_("{where}: a {kind} question needs the field {name}."), where=where,
            kind=kind, name=repr(missing[0]) if missing else "")
    reveal = data.get("reveal", "now")
    _expect(reveal in REVEALS, N_("{where}: unknown reveal {value}; known: {known}."),
            where=where, value=repr(reveal), known=", ".join(REVEALS))
    prompt = read_text(data["prompt"], f"{where} prompt")
    explanation = read_text(data["explanation"], f"{where} explanation")
    answer = data["answer"]
    if kind == "choice":
        options = data["options"]
        _expect(isinstance(options, list) and MIN_OPTIONS <= len(options) <= MAX_OPTIONS,
                N_("{where}: 'options' must be a list of {low} to {high} texts."), where=where,
                low=MIN_OPTIONS, high=MAX_OPTIONS)
        read = tuple(read_text(o, f"{where} option {i + 1}") for i, o in enumerate(options))
        _expect(isinstance(answer, int) and not isinstance(answer, bool)
                and 0 <= answer < len(options),
                N_("{where}: 'answer' must be the index of an option, from 0 to {last}, not "
                   "{value}."), where=where, last=len(options) - 1, value=repr(answer))
        return Question(kind, prompt, explanation, reveal, answer, options=read)
    if kind == "layer":
        _expect(isinstance(answer, list) and 1 <= len(answer) <= MAX_LAYER_ANSWERS
                and all(isinstance(n, int) and not isinstance(n, bool) and n >= 1
                        for n in answer),
                N_("{where}: 'answer' must be a list of 1 to {limit} layer numbers from 1, not "
                   "{value}."), where=where, limit=MAX_LAYER_ANSWERS, value=repr(answer))
        return Question(kind, prompt, explanation, reveal, tuple(dict.fromkeys(answer)))
    _expect(_real(answer), N_("{where}: 'answer' must be a number, not {value}."), where=where,
            value=repr(answer))
    tolerance, relative = data["tolerance"], data.get("relative", False)
    _expect(_real(tolerance) and tolerance >= 0,
            N_("{where}: 'tolerance' must be a number of at least 0, not {value}."), where=where,
            value=repr(tolerance))
    _expect(isinstance(relative, bool), N_("{where}: 'relative' must be true or false."),
            where=where)
    _expect(not relative or tolerance <= 1,
            N_("{where}: a relative 'tolerance' is a share of the answer, from 0 to 1."),
            where=where)
    unit = read_text(data["unit"], f"{where} unit") if "unit" in data else None
    return Question(kind, prompt, explanation, reveal, float(answer), tolerance=float(tolerance),
                    relative=relative, unit=unit)


@dataclass(frozen=True)
class QuestionResult:
    """One line of the end-of-lesson summary."""

    step: int  # index in the lesson's steps
    question: Question
    given: Answer | None
    revealed: bool

    @property
    def right(self) -> bool:
        return self.revealed and self.question.is_right(self.given)


def score(results: list[QuestionResult]) -> tuple[int, int]:
    """(right answers, questions): an unanswered or not yet revealed question counts as not
    right, so the score only grows as the student goes through the lesson."""
    return sum(r.right for r in results), len(results)
