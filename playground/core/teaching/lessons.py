"""Lessons: step-by-step instructions that travel with a project, in English and Spanish.

A lesson is plain JSON (stored as the text of ``Project.lesson``, bundled in
``assets/lessons/*.json``): an id, a title and introduction, where it starts (a template, a
network, training settings), and its steps. Each step has a text, optional *actions* the student
applies with one click ("Set the learning rate to 0.005", "Train"), optional controls the lesson
``lock``s (greyed out) or ``hide``s, and an optional ``view`` (the numbers of one example's
backward pass, the decision boundary, the filters).

Why actions are data and not code: a lesson arrives inside a project file that was passed around
a classroom, so reading one must never run anything. An action is a list of *edits* from a small
vocabulary (change a setting, change a layer parameter, insert, remove or replace a layer,
switch the dataset, go back to the start, train, show a pane) that are checked when the lesson is
read and applied through the same undoable paths as the student's own edits. Texts are rich text
restricted to a few formatting tags without attributes, so no text can load a file or a link.

Layers are numbered from 1 as the editor shows them ("layer 2" is the second card).

Version 2 of the format adds a step's ``question`` (see :mod:`playground.core.teaching.questions`):
a prediction or a check the student answers, revealed when the step says. Version 1 files are
read as before; a question in one is refused, so an older app never meets one it cannot show.
Version 3 adds the lesson's ``challenge`` (see :mod:`playground.core.teaching.challenges`), a
goal checked after every run; it is refused in older versions for the same reason.

A lesson is a document: its own texts come in each language it is written in
(:class:`LessonText`). The engine's words around them (a broken lesson, an action that no longer
fits) are templates with values, rendered in the reader's language from the catalogue.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from playground.core.data.assets import bundled_file
from playground.core.data.inputs import switch_dataset
from playground.core.errors import PlaygroundError
from playground.core.messages import N_
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.challenges import (
    CHALLENGE_VERSION,
    Challenge,
    ChallengeError,
    read_challenge,
)
from playground.core.teaching.questions import (
    Answer,
    Question,
    QuestionError,
    QuestionResult,
    read_question,
)
from playground.core.training.config import TrainingConfig

LESSON_FORMAT = "nn-playground-lesson"
LESSON_VERSION = 3
READ_VERSIONS = (1, 2, 3)  # version 1: no questions; version 2: no challenge
QUESTION_VERSION = 2
LESSONS_DIR = bundled_file("assets", "lessons")
LANGUAGES = ("en", "es")
VIEWS = ("backprop", "boundary", "filters")
ALLOWED_TAGS = frozenset({"p", "b", "i", "em", "strong", "ul", "ol", "li", "code", "br", "sub",
                          "sup", "h3"})
MAX_LESSON_CHARS = 512 * 1024
MAX_TEXT_CHARS = 8000
MAX_STEPS = 60
MAX_ACTIONS = 8
MAX_EDITS = 12
MAX_CONTROLS = 32
_CONTROL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
_LESSON_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z0-9]*)([^>]*)>")

#: Each edit's fields besides "op": name -> required.
EDIT_FIELDS: dict[str, dict[str, bool]] = {
    "set_config": {"changes": True},
    "set_param": {"layer": True, "param": True, "value": True},
    "insert_layer": {"at": True, "layer": True},
    "remove_layer": {"layer": True},
    "replace_layer": {"layer": True, "with": True},
    "set_dataset": {"dataset": True},
    "set_dataset_options": {"options": True},
    "restore_start": {},
    "train": {"fresh": False},
    "show_pane": {"pane": True, "tab": False},
    "select_layer": {"layer": True},
}
#: Dataset options a lesson may set (the keyword options of ``datasets.load_dataset``).
DATASET_OPTIONS = frozenset({"noise", "train_ratio", "samples", "seq_len", "language",
                             "image_size", "channels", "label_column", "test_fraction"})
#: Edits that change the network, the settings or the data (the others act on the window).
STATE_EDITS = frozenset({"set_config", "set_param", "insert_layer", "remove_layer",
                         "replace_layer", "set_dataset", "set_dataset_options", "restore_start"})


class LessonError(PlaygroundError):
    """A lesson that cannot be read or an action that does not fit the current network."""


@dataclass(frozen=True)
class LessonText:
    """A text of the lesson itself, in each language the lesson is written in (a lesson is a
    document its author wrote in both, not words of the app, so it carries its own)."""

    en: str
    es: str

    def get(self, language: str = "en") -> str:
        return self.es if language.startswith("es") else self.en


def _expect(condition: bool, template: str, /, **params: Any) -> None:
    """Raise a :class:`LessonError` from ``template`` and its values unless ``condition``."""
    if not condition:
        raise LessonError(template, **params)


def _within(where: str, exc: PlaygroundError) -> LessonError:
    """``exc`` prefixed with the place in the lesson it comes from, in the reader's language."""
    return LessonError("{where}: {error}", where=where, error=exc.message)


def _first(names: Any) -> str:
    """The first of ``names`` for a message (messages are built even when nothing is wrong)."""
    return repr(sorted(names)[0]) if names else ""


def _text(value: Any, where: str) -> LessonText:
    """Both languages, present and non-empty, using only the allowed formatting tags."""
    _expect(isinstance(value, Mapping), N_("{where} must be an object with 'en' and 'es' texts."),
            where=where)
    if set(value) != set(LANGUAGES):
        has = ", ".join(sorted(map(str, value)))
        _expect(bool(has), N_("{where} must have exactly the languages {languages}; it has none."),
                where=where, languages=", ".join(LANGUAGES))
        _expect(False, N_("{where} must have exactly the languages {languages}; it has {has}."),
                where=where, languages=", ".join(LANGUAGES), has=has)
    for language in LANGUAGES:
        text = value[language]
        _expect(isinstance(text, str) and text.strip() != "",
                N_("{where} ({language}) must be a non-empty text."), where=where,
                language=language)
        _expect(len(text) <= MAX_TEXT_CHARS,
                N_("{where} ({language}) is longer than {limit:d} characters; split it."),
                where=where, language=language, limit=MAX_TEXT_CHARS)
        for match in _TAG.finditer(text):
            tag, extra = match.group(2).lower(), match.group(3).strip().rstrip("/").strip()
            _expect(tag in ALLOWED_TAGS and not extra,
                    N_("{where} ({language}) uses the tag {tag}; lessons may only use {allowed} "
                       "without attributes."), where=where, language=language,
                    tag=repr(match.group(0)), allowed=f"<{'>, <'.join(sorted(ALLOWED_TAGS))}>")
    return LessonText(value["en"], value["es"])


def _controls(value: Any, where: str) -> tuple[str, ...]:
    _expect(isinstance(value, list) and len(value) <= MAX_CONTROLS,
            N_("{where} must be a list of at most {limit} control names."), where=where,
            limit=MAX_CONTROLS)
    for name in value:
        _expect(isinstance(name, str) and bool(_CONTROL_NAME.match(name)),
                N_("{where}: {name} is not a control name (letters, digits and _ only)."),
                where=where, name=repr(name))
    return tuple(value)


def _check_config(changes: Mapping[str, Any], where: str) -> TrainingConfig:
    """The default settings with ``changes``: unknown names and bad values fail here, early."""
    known = {f.name for f in fields(TrainingConfig)}
    bad = set(changes) - known
    _expect(not bad, N_("{where}: {name} is not a training setting; known settings: {known}."),
            where=where, name=_first(bad), known=", ".join(sorted(known)))
    try:
        return TrainingConfig().with_changes(**changes)
    except PlaygroundError as exc:
        raise _within(where, exc) from None


def _check_options(options: Mapping[str, Any], where: str) -> None:
    bad = set(options) - DATASET_OPTIONS
    _expect(not bad, N_("{where}: {name} is not a dataset option; known options: {known}."),
            where=where, name=_first(bad), known=", ".join(sorted(DATASET_OPTIONS)))


def _number(value: Any, where: str) -> None:
    _expect(isinstance(value, int) and not isinstance(value, bool) and value >= 1,
            N_("{where} must be a layer number from 1, not {value}."), where=where,
            value=repr(value))


@dataclass(frozen=True)
class Edit:
    """One change an action makes; ``args`` holds the fields of its ``op`` (see EDIT_FIELDS)."""

    op: str
    args: Mapping[str, Any]

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Edit:
        _expect(isinstance(data, Mapping) and isinstance(data.get("op"), str),
                N_("{where} must be an object with an 'op'."), where=where)
        op = data["op"]
        _expect(op in EDIT_FIELDS, N_("{where}: unknown op {op}; known ops: {known}."), where=where,
                op=repr(op), known=", ".join(EDIT_FIELDS))
        allowed = EDIT_FIELDS[op]
        args = {k: v for k, v in data.items() if k != "op"}
        unknown = set(args) - set(allowed)
        _expect(not unknown, N_("{where}: {op} has no field {name}."), where=where, op=op,
                name=_first(unknown))
        missing = [k for k, required in allowed.items() if required and k not in args]
        _expect(not missing, N_("{where}: {op} needs the field {name}."), where=where, op=op,
                name=_first(missing))
        for key in ("layer", "at"):
            if key in args and not (op == "insert_layer" and key == "layer"):
                _number(args[key], f"{where}.{key}")
        if op == "set_config":
            _check_config(_mapping(args["changes"], f"{where}.changes"), where)
        if op == "set_dataset_options":
            _check_options(_mapping(args["options"], f"{where}.options"), where)
        if op in ("insert_layer", "replace_layer"):
            key = "layer" if op == "insert_layer" else "with"
            try:
                LayerSpec.from_dict(args[key])
            except PlaygroundError as exc:
                raise _within(f"{where}.{key}", exc) from None
        for key in ("param", "dataset", "pane", "tab"):
            if key in args:
                _expect(isinstance(args[key], str) and args[key] != "",
                        N_("{where} must be a name."), where=f"{where}.{key}")
        if "fresh" in args:
            _expect(isinstance(args["fresh"], bool), N_("{where} must be true or false."),
                    where=f"{where}.fresh")
        return cls(op, args)


@dataclass(frozen=True)
class Action:
    """A button in a step: its label and the edits one click applies (one undo step)."""

    label: LessonText
    edits: tuple[Edit, ...]

    @property
    def trains(self) -> bool:
        return any(edit.op == "train" for edit in self.edits)


@dataclass(frozen=True)
class Step:
    text: LessonText
    actions: tuple[Action, ...] = ()
    lock: tuple[str, ...] = ()
    hide: tuple[str, ...] = ()
    view: str | None = None
    question: Question | None = None


@dataclass(frozen=True)
class LessonState:
    """What a lesson's edits act on: the network, the training settings, the dataset options."""

    spec: NetworkSpec
    config: TrainingConfig
    dataset_options: Mapping[str, Any]


@dataclass(frozen=True)
class Lesson:
    id: str
    order: int
    title: LessonText
    intro: LessonText
    start: LessonState
    steps: tuple[Step, ...]
    lock: tuple[str, ...] = ()
    hide: tuple[str, ...] = ()
    source: dict[str, Any] | None = None  # the JSON it was read from, written back unchanged
    challenge: Challenge | None = None

    def controls(self, step: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The names locked and hidden during ``step``: the lesson's own plus the step's."""
        s = self.steps[step]
        return tuple(dict.fromkeys(self.lock + s.lock)), tuple(dict.fromkeys(self.hide + s.hide))

    @classmethod
    def from_dict(cls, data: Any) -> Lesson:
        _expect(isinstance(data, Mapping), N_("A lesson must be a JSON object."))
        _expect(data.get("format") == LESSON_FORMAT,
                N_("Not a lesson (format {found}, expected {expected})."),
                found=repr(data.get("format")), expected=repr(LESSON_FORMAT))
        version = data.get("version")
        _expect(version in READ_VERSIONS and not isinstance(version, bool),
                N_("Lesson version {found} is not supported; this app reads versions up to "
                   "{version}. Update the app to open it."), found=repr(version),
                version=LESSON_VERSION)
        known = {"format", "version", "id", "order", "title", "intro", "start", "steps", "lock",
                 "hide", "challenge"}
        unknown = set(data) - known
        _expect(not unknown, N_("A lesson has an unexpected field {name}."), name=_first(unknown))
        lesson_id = data.get("id")
        _expect(isinstance(lesson_id, str) and bool(_LESSON_ID.match(lesson_id)),
                N_("A lesson's id must be lower-case letters, digits and dashes, not {value}."),
                value=repr(lesson_id))
        order = data.get("order", 0)
        _expect(isinstance(order, int) and not isinstance(order, bool),
                N_("A lesson's order must be a whole number."))
        steps = data.get("steps")
        _expect(isinstance(steps, list) and 1 <= len(steps) <= MAX_STEPS,
                N_("A lesson needs a list of 1 to {limit} steps."), limit=MAX_STEPS)
        return cls(
            lesson_id, order, _text(data.get("title"), "title"), _text(data.get("intro"), "intro"),
            _start(data.get("start")),
            tuple(_step(s, f"step {i + 1}", version) for i, s in enumerate(steps)),
            _controls(data.get("lock", []), "lock"), _controls(data.get("hide", []), "hide"),
            json.loads(json.dumps(data)), _challenge(data, version),
        )

    @classmethod
    def from_json(cls, text: str) -> Lesson:
        _expect(isinstance(text, str) and len(text) <= MAX_LESSON_CHARS,
                N_("A lesson must be text of at most {limit} KiB."), limit=MAX_LESSON_CHARS // 1024)
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise LessonError("The lesson is not valid JSON: {error}.", error=str(exc)) from None
        return cls.from_dict(data)

    def to_json(self, step: int = 0,
                answers: Mapping[int, tuple[Answer, bool]] | None = None) -> str:
        """The lesson as stored in a project, with the step the student is on and the answers
        given to its questions (step index -> (answer, revealed))."""
        data = dict(self.source or {})
        stored: dict[str, Any] = {"lesson": data, "step": step}
        if answers:
            stored["answers"] = {str(i): {"value": value, "revealed": revealed}
                                 for i, (value, revealed) in sorted(answers.items())}
        return json.dumps(stored, ensure_ascii=False)

    @property
    def question_steps(self) -> tuple[int, ...]:
        """The indices of the steps that ask a question."""
        return tuple(i for i, step in enumerate(self.steps) if step.question is not None)

    def results(self, answers: Mapping[int, tuple[Answer, bool]]) -> list[QuestionResult]:
        """Every question of the lesson with the student's answer, for the summary."""
        results = []
        for i in self.question_steps:
            given, revealed = answers.get(i, (None, False))
            question = self.steps[i].question
            assert question is not None
            results.append(QuestionResult(i, question, given, revealed))
        return results


def _start(data: Any) -> LessonState:
    _expect(isinstance(data, Mapping), N_("A lesson needs a 'start' object."))
    unknown = set(data) - {"template", "network", "config", "dataset_options"}
    _expect(not unknown, N_("The lesson's start has an unexpected field {name}."),
            name=_first(unknown))
    spec, config, options = None, TrainingConfig(), {}
    if "template" in data:
        from playground.core.teaching.templates import TEMPLATES

        name = data["template"]
        _expect(isinstance(name, str) and name in TEMPLATES,
                N_("The lesson starts from an unknown template {name}; known: {known}."),
                name=repr(name), known=", ".join(TEMPLATES))
        template = TEMPLATES[name]
        spec, config, options = template.spec, template.config, dict(template.dataset_options)
    changes = _mapping(data.get("config", {}), "start.config")
    _check_config(changes, "start.config")
    try:
        if "network" in data:
            spec = NetworkSpec.from_dict(data["network"])
        config = config.with_changes(**changes)
    except PlaygroundError as exc:
        raise LessonError("The lesson's start: {error}", error=exc.message) from None
    _expect(spec is not None, N_("The lesson's start needs a 'template' or a 'network'."))
    extra = _mapping(data.get("dataset_options", {}), "start.dataset_options")
    _check_options(extra, "start.dataset_options")
    options.update(extra)
    return LessonState(spec, config, options)


def _challenge(data: Mapping[str, Any], version: int) -> Challenge | None:
    if "challenge" not in data:
        return None
    _expect(version >= CHALLENGE_VERSION, N_("The lesson sets a challenge, which needs lesson "
                                             "version {version}."), version=CHALLENGE_VERSION)
    try:
        return read_challenge(data["challenge"], "challenge", _text)
    except ChallengeError as exc:
        raise LessonError(exc.message) from None


def _mapping(value: Any, where: str) -> dict[str, Any]:
    _expect(isinstance(value, Mapping), N_("{where} must be an object."), where=where)
    return dict(value)


def _step(data: Any, where: str, version: int = LESSON_VERSION) -> Step:
    _expect(isinstance(data, Mapping), N_("{where} must be an object."), where=where)
    _expect("question" not in data or version >= QUESTION_VERSION,
            N_("{where} asks a question, which needs lesson version {version}."), where=where,
            version=QUESTION_VERSION)
    unknown = set(data) - {"text", "actions", "lock", "hide", "view", "question"}
    _expect(not unknown, N_("{where} has an unexpected field {name}."), where=where,
            name=_first(unknown))
    actions = data.get("actions", [])
    _expect(isinstance(actions, list) and len(actions) <= MAX_ACTIONS,
            N_("{where}: 'actions' must be a list of at most {limit}."), where=where,
            limit=MAX_ACTIONS)
    view = data.get("view")
    _expect(view is None or view in VIEWS,
            N_("{where}: unknown view {view}; known views: {known}."), where=where, view=repr(view),
            known=", ".join(VIEWS))
    question = None
    if "question" in data:
        try:
            question = read_question(data["question"], f"{where} question", _text)
        except QuestionError as exc:
            raise LessonError(exc.message) from None
    return Step(
        _text(data.get("text"), f"{where} text"),
        tuple(_action(a, f"{where} action {i + 1}") for i, a in enumerate(actions)),
        _controls(data.get("lock", []), f"{where} lock"),
        _controls(data.get("hide", []), f"{where} hide"),
        view,
        question,
    )


def _action(data: Any, where: str) -> Action:
    _expect(isinstance(data, Mapping) and set(data) == {"label", "do"},
            N_("{where} must be an object with exactly 'label' and 'do'."), where=where)
    edits = data["do"]
    _expect(isinstance(edits, list) and 1 <= len(edits) <= MAX_EDITS,
            N_("{where}: 'do' must be a list of 1 to {limit} edits."), where=where, limit=MAX_EDITS)
    return Action(_text(data["label"], f"{where} label"),
                  tuple(Edit.from_dict(e, f"{where} edit {i + 1}") for i, e in enumerate(edits)))


# ---------------------------------------------------------------------------------------------
# Applying edits


_STEP_SELECTS = N_("This step selects layer {number}, but the network has {count} layers. "
                   "Undo your own changes or start the lesson again.")
_STEP_CHANGES = N_("This step changes layer {number}, but the network has {count} layers. "
                   "Undo your own changes or start the lesson again.")


def _layer_index(spec: NetworkSpec, number: int, template: str) -> int:
    """The index of layer ``number``; ``template`` (:data:`_STEP_SELECTS` or
    :data:`_STEP_CHANGES`) says what the step wanted when that layer is not there."""
    _expect(1 <= number <= len(spec.layers), template, number=number, count=len(spec.layers))
    return number - 1


def apply_edit(state: LessonState, start: LessonState, edit: Edit) -> tuple[LessonState, int]:
    """``state`` after ``edit``, and the index of the layer it touched (-1 for none).

    Raises :class:`LessonError` with a plain message when the edit does not fit (the student
    changed the network so that layer 3 is no longer there, a value is out of range).
    """
    a, spec = edit.args, state.spec
    try:
        if edit.op == "set_config":
            return replace(state, config=state.config.with_changes(**a["changes"])), -1
        if edit.op == "set_dataset_options":
            return replace(state, dataset_options={**state.dataset_options, **a["options"]}), -1
        if edit.op == "restore_start":
            return start, -1
        if edit.op == "set_dataset":
            return replace(state, spec=switch_dataset(spec, a["dataset"])), -1
        if edit.op == "insert_layer":
            index = a["at"] - 1
            _expect(index <= len(spec.layers), N_("This step inserts a layer at position {at}, but "
                       "the network has only {count} layers."), at=a["at"], count=len(spec.layers))
            return replace(state, spec=spec.insert(index, LayerSpec.from_dict(a["layer"]))), index
        if edit.op == "select_layer":
            return state, _layer_index(spec, a["layer"], _STEP_SELECTS)
        if edit.op not in ("set_param", "remove_layer", "replace_layer"):
            return state, -1  # train, show_pane: nothing to change in the state
        index = _layer_index(spec, a["layer"], _STEP_CHANGES)
        if edit.op == "remove_layer":
            return replace(state, spec=spec.remove(index)), min(index, len(spec.layers) - 2)
        if edit.op == "replace_layer":
            new = LayerSpec.from_dict(a["with"])
        else:
            layer = spec.layers[index]
            _expect(a["param"] in layer.params, N_("This step changes {param} of layer {number}, "
                       "but that layer is a {type}, which has no such setting. Undo your own "
                       "changes or start the lesson again."), param=repr(a["param"]),
                    number=index + 1, type=layer.type)
            new = layer.with_params(**{a["param"]: a["value"]})
        return replace(state, spec=spec.replace_layer(index, new)), index
    except LessonError:
        raise
    except PlaygroundError as exc:
        raise LessonError(exc.message) from None
    except (TypeError, ValueError) as exc:
        raise LessonError("{error}", error=str(exc)) from None


def apply_action(state: LessonState, start: LessonState, action: Action) -> tuple[LessonState, int]:
    """Every edit of ``action`` in order; the layer to select afterwards (-1 for none)."""
    select = -1
    for edit in action.edits:
        state, touched = apply_edit(state, start, edit)
        select = touched if touched >= 0 else select
    return state, select


def check_lesson(lesson: Lesson) -> list[str]:
    """Apply every action of every step in order from the start, as a student clicking each one
    would; returns the problems (an edit that does not apply, a network that cannot train)."""
    from playground.core.network.shapes import analyse

    problems: list[str] = []
    state = lesson.start
    error = analyse(state.spec).error
    if error is not None:
        problems.append(f"start: {error}")
    for s, step in enumerate(lesson.steps):
        for a, action in enumerate(step.actions):
            where = f"step {s + 1} action {a + 1}"
            try:
                state, _ = apply_action(state, lesson.start, action)
            except LessonError as exc:
                problems.append(f"{where}: {exc}")
                continue
            error = analyse(state.spec).error
            if error is not None:
                problems.append(f"{where}: the network cannot train: {error}")
        question = step.question
        if question is not None and question.kind == "layer":
            count = len(state.spec.layers)
            for number in question.answer:  # type: ignore[union-attr]
                if number > count:
                    problems.append(f"step {s + 1} question: layer {number} is not there "
                                    f"(the network has {count} layers)")
    return problems


# ---------------------------------------------------------------------------------------------
# Reading


def read_project_lesson(text: str | None) -> tuple[Lesson, int] | None:
    """The lesson a project carries and the step it was on; ``None`` if it carries none.

    Raises :class:`LessonError` if the project's lesson text is there but broken.
    """
    if not text or not text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise LessonError("The project's lesson is not valid JSON: {error}.",
                          error=str(exc)) from None
    if isinstance(data, Mapping) and "lesson" in data:
        lesson = Lesson.from_dict(data["lesson"])
        step = data.get("step", 0)
        ok = isinstance(step, int) and not isinstance(step, bool)
        return lesson, min(max(step if ok else 0, 0), len(lesson.steps) - 1)
    return Lesson.from_dict(data), 0


def read_project_answers(text: str | None) -> dict[int, tuple[Answer, bool]]:
    """The answers a project keeps for its lesson's questions: step index -> (answer, revealed).

    The student's own answers are not worth losing the lesson over: entries that do not fit
    (a hand-edited file) are left out rather than refused.
    """
    try:
        data = json.loads(text or "")
    except (ValueError, RecursionError):
        return {}
    stored = data.get("answers") if isinstance(data, Mapping) else None
    if not isinstance(stored, Mapping):
        return {}
    answers: dict[int, tuple[Answer, bool]] = {}
    for key, entry in stored.items():
        if not (isinstance(key, str) and key.isdigit() and isinstance(entry, Mapping)):
            continue
        value, revealed = entry.get("value"), entry.get("revealed", False)
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if number and isinstance(revealed, bool) and math.isfinite(value):
            answers[int(key)] = (value, revealed)
    return answers


def load_lesson(path: str | Path) -> Lesson:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LessonError("Cannot read the lesson {name}: {error}.", name=path.name,
                          error=str(exc)) from None
    try:
        return Lesson.from_json(text)
    except LessonError as exc:
        raise _within(path.name, exc) from None


def bundled_lessons(folder: Path = LESSONS_DIR) -> list[Lesson]:
    """The lessons shipped with the app, in their order; a broken file raises, naming it."""
    if not folder.is_dir():
        raise LessonError("The lessons folder {folder} is missing; reinstall the app.",
                          folder=str(folder))
    lessons = [load_lesson(path) for path in sorted(folder.glob("*.json"))]
    return sorted(lessons, key=lambda lesson: (lesson.order, lesson.id))
