"""Writing lessons: a :class:`Lesson` back to its JSON file, and a teacher's change as edits.

The lesson recorder lets a teacher build a lesson by doing it: set the network and settings the
lesson starts from, then change things one step at a time. Each recorded step becomes the edits
a student's button applies, in the vocabulary the reader accepts (:data:`EDIT_FIELDS`). Why the
edits are computed here and not in the window: they must be exactly the ones the reader will
apply, so :func:`state_edits` proves each list by applying it with the reader's own
:func:`apply_edit` before handing it out; a change the vocabulary cannot express (a new skip
connection, a dataset option taken away) is refused with a plain reason instead of being
written as a step that would do something else.

:func:`lesson_to_json` writes the current format version; reading its output gives the same
lesson (the start written out as a network with its settings, so it no longer depends on a
template that a later version might change).
"""

from __future__ import annotations

import difflib
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import fields, replace
from typing import Any

from playground.core.messages import N_
from playground.core.network.spec import LayerSpec
from playground.core.teaching.challenges import challenge_to_dict
from playground.core.teaching.lessons import (
    ALLOWED_TAGS,
    LESSON_FORMAT,
    LESSON_VERSION,
    MAX_EDITS,
    Action,
    Edit,
    Lesson,
    LessonError,
    LessonState,
    LessonText,
    Step,
    apply_edit,
)
from playground.core.teaching.questions import Question
from playground.core.training.config import TrainingConfig

_MARKUP = re.compile(r"<\s*/?\s*(" + "|".join(sorted(ALLOWED_TAGS)) + r")\s*/?\s*>", re.I)


# ---------------------------------------------------------------------------------------------
# Lesson -> JSON


def _text(text: LessonText) -> dict[str, str]:
    return {"en": text.en, "es": text.es}


def _config_changes(config: TrainingConfig) -> dict[str, Any]:
    """The settings that differ from the defaults (what a lesson's ``config`` lists)."""
    default = TrainingConfig()
    return {f.name: getattr(config, f.name) for f in fields(TrainingConfig)
            if getattr(config, f.name) != getattr(default, f.name)}


def question_to_dict(question: Question) -> dict[str, Any]:
    """A step's question in the file's form (see :mod:`playground.core.teaching.questions`)."""
    data: dict[str, Any] = {"kind": question.kind, "prompt": _text(question.prompt)}
    if question.kind == "choice":
        data["options"] = [_text(option) for option in question.options]
        data["answer"] = question.answer
    elif question.kind == "layer":
        data["answer"] = list(question.answer)  # type: ignore[arg-type]
    else:
        answer = float(question.answer)  # type: ignore[arg-type]
        data["answer"] = int(answer) if answer.is_integer() else answer
        data["tolerance"] = question.tolerance
        if question.relative:
            data["relative"] = True
        if question.unit is not None:
            data["unit"] = _text(question.unit)
    data["explanation"] = _text(question.explanation)
    data["reveal"] = question.reveal
    return data


def _action(action: Action) -> dict[str, Any]:
    return {"label": _text(action.label),
            "do": [{"op": edit.op, **json.loads(json.dumps(dict(edit.args)))}
                   for edit in action.edits]}


def _step(step: Step) -> dict[str, Any]:
    data: dict[str, Any] = {"text": _text(step.text)}
    if step.actions:
        data["actions"] = [_action(action) for action in step.actions]
    if step.view is not None:
        data["view"] = step.view
    for key in ("lock", "hide"):
        if getattr(step, key):
            data[key] = list(getattr(step, key))
    if step.question is not None:
        data["question"] = question_to_dict(step.question)
    return data


def start_to_dict(start: LessonState) -> dict[str, Any]:
    """Where a lesson starts: its whole network, the settings it changes, its data options."""
    data: dict[str, Any] = {"network": start.spec.to_dict()}
    changes = _config_changes(start.config)
    if changes:
        data["config"] = changes
    if start.dataset_options:
        data["dataset_options"] = dict(start.dataset_options)
    return json.loads(json.dumps(data))


def lesson_to_dict(lesson: Lesson) -> dict[str, Any]:
    """``lesson`` as the JSON object of its file, in the current format version."""
    data: dict[str, Any] = {
        "format": LESSON_FORMAT, "version": LESSON_VERSION, "id": lesson.id,
        "order": lesson.order, "title": _text(lesson.title), "intro": _text(lesson.intro),
        "start": start_to_dict(lesson.start),
    }
    for key in ("lock", "hide"):
        if getattr(lesson, key):
            data[key] = list(getattr(lesson, key))
    if lesson.challenge is not None:
        data["challenge"] = challenge_to_dict(lesson.challenge)
    data["steps"] = [_step(step) for step in lesson.steps]
    return data


def lesson_to_json(lesson: Lesson) -> str:
    """The text of ``lesson``'s file: indented, non-ASCII letters kept readable (á, ñ, σ)."""
    return json.dumps(lesson_to_dict(lesson), indent=2, ensure_ascii=False) + "\n"


def text_to_html(text: str) -> str:
    """A teacher's text as a lesson text: kept as typed when it already uses the lesson's tags
    (the reader checks them), else escaped and cut into paragraphs at blank lines."""
    text = text.strip()
    if not text or _MARKUP.search(text):
        return text
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join("<p>" + html.escape(p, quote=False).replace("\n", "<br>") + "</p>"
                   for p in paragraphs)


# ---------------------------------------------------------------------------------------------
# What changed -> edits


def _key(layer: LayerSpec) -> str:
    return json.dumps(layer.to_dict(), sort_keys=True)


def _layer_edits(number: int, old: LayerSpec, new: LayerSpec) -> list[dict[str, Any]]:
    """Layer ``number`` from ``old`` to ``new``: its changed settings, or a new layer."""
    if old.type != new.type:
        return [{"op": "replace_layer", "layer": number, "with": new.to_dict()}]
    plain = new.to_dict()["params"]
    return [{"op": "set_param", "layer": number, "param": name, "value": plain[name]}
            for name in new.params if new.params[name] != old.params.get(name)]


def _network_edits(old: Sequence[LayerSpec], new: Sequence[LayerSpec]) -> list[dict[str, Any]]:
    """Insert, remove, replace and set_param edits from layers ``old`` to ``new``, in order
    (each layer number counts the layers as the edits before it left them)."""
    edits: list[dict[str, Any]] = []
    matcher = difflib.SequenceMatcher(a=[_key(x) for x in old], b=[_key(x) for x in new],
                                      autojunk=False)
    at = 0  # index in the network as the edits so far leave it
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            at += i2 - i1
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(paired):
            edits += _layer_edits(at + 1, old[i1 + k], new[j1 + k])
            at += 1
        edits += [{"op": "remove_layer", "layer": at + 1}] * (i2 - i1 - paired)
        for j in range(j1 + paired, j2):
            edits.append({"op": "insert_layer", "at": at + 1, "layer": new[j].to_dict()})
            at += 1
    return edits


def _diff(before: LessonState, after: LessonState) -> list[dict[str, Any]] | None:
    """The edits from ``before`` to ``after``, or None when options were taken away (an edit
    can only add or change them)."""
    from playground.core.data.inputs import switch_dataset

    edits: list[dict[str, Any]] = []
    spec = before.spec
    if after.spec.dataset != spec.dataset:
        edits.append({"op": "set_dataset", "dataset": after.spec.dataset})
        spec = switch_dataset(spec, after.spec.dataset)
    old, new = dict(before.dataset_options), dict(after.dataset_options)
    if set(old) - set(new):
        return None
    options = {k: v for k, v in new.items() if k not in old or old[k] != v}
    if options:
        edits.append({"op": "set_dataset_options", "options": options})
    changes = {f.name: getattr(after.config, f.name) for f in fields(TrainingConfig)
               if getattr(after.config, f.name) != getattr(before.config, f.name)}
    if changes:
        edits.append({"op": "set_config", "changes": changes})
    return json.loads(json.dumps(edits + _network_edits(spec.layers, after.spec.layers)))


def _reaches(before: LessonState, start: LessonState, edits: list[dict[str, Any]],
             after: LessonState) -> bool:
    """Whether the reader, applying ``edits`` to ``before``, arrives at ``after`` (the
    network's name aside: no edit renames it)."""
    state = before
    try:
        for i, data in enumerate(edits):
            state, _ = apply_edit(state, start, Edit.from_dict(data, f"edit {i + 1}"))
    except LessonError:
        return False
    spec = replace(state.spec, name=after.spec.name)
    return (spec, state.config, dict(state.dataset_options)) == (
        after.spec, after.config, dict(after.dataset_options))


def state_edits(before: LessonState, after: LessonState,
                start: LessonState) -> list[dict[str, Any]]:
    """The fewest edits that take ``before`` to ``after`` (possibly by going back to the
    lesson's ``start`` first), each checked by applying it as the reader will.

    Raises :class:`LessonError` when no list of edits gets there, or one would need more than
    a button may hold.
    """
    candidates = [_diff(before, after)]
    if before != start:
        back = _diff(start, after)
        candidates.append(None if back is None else [{"op": "restore_start"}, *back])
    found = [c for c in candidates if c is not None and _reaches(before, start, c, after)]
    if not found:
        raise LessonError(N_("This change cannot be written as a lesson step: lessons can "
                             "change settings and layers, but not connections between layers "
                             "or a dataset option taken away."))
    edits = min(found, key=len)
    if len(edits) > MAX_EDITS:
        raise LessonError(N_("This step changes {count} things, but a lesson's button can "
                             "change at most {limit}: record it as two steps."),
                          count=len(edits), limit=MAX_EDITS)
    return edits


def same_lesson(a: Lesson, b: Lesson) -> bool:
    """Whether two lessons say the same (the JSON each was read from aside)."""
    return replace(a, source=None) == replace(b, source=None)


def lesson_from_parts(data: Mapping[str, Any]) -> Lesson:
    """A lesson built from the recorder's parts, checked by the reader as a file would be."""
    return Lesson.from_json(json.dumps(data, ensure_ascii=False))
