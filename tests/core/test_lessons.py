"""Lessons: the bundled ones are complete and bilingual, their actions apply, bad ones fail."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.core.files.project import Project, load_project, save_project
from playground.core.network.shapes import analyse
from playground.core.teaching.lessons import (
    LESSONS_DIR,
    Lesson,
    LessonError,
    apply_action,
    bundled_lessons,
    check_lesson,
    load_lesson,
    read_project_lesson,
)

LESSONS = bundled_lessons()
BY_ID = {lesson.id: lesson for lesson in LESSONS}


def texts(lesson: Lesson):
    """Every (where, Text) of a lesson."""
    yield "title", lesson.title
    yield "intro", lesson.intro
    for s, step in enumerate(lesson.steps):
        yield f"step {s + 1}", step.text
        for a, action in enumerate(step.actions):
            yield f"step {s + 1} action {a + 1}", action.label
        question = step.question
        if question is not None:
            yield f"step {s + 1} question", question.prompt
            yield f"step {s + 1} explanation", question.explanation
            for o, option in enumerate(question.options):  # "0", "%" are the same in both
                if any(c.isalpha() for c in option.en):
                    yield f"step {s + 1} option {o + 1}", option


def minimal() -> dict:
    return {
        "format": "nn-playground-lesson", "version": 1, "id": "tiny", "order": 9,
        "title": {"en": "Tiny", "es": "Diminuta"},
        "intro": {"en": "<p>Hi</p>", "es": "<p>Hola</p>"},
        "start": {"template": "mlp-mnist"},
        "steps": [{"text": {"en": "<p>One</p>", "es": "<p>Uno</p>"},
                   "actions": [{"label": {"en": "Go", "es": "Ir"},
                                "do": [{"op": "set_config", "changes": {"epochs": 2}}]}]}],
    }


def test_eight_lessons_in_course_order_every_action_applies() -> None:
    assert [lesson.id for lesson in LESSONS] == [
        "first-network", "backpropagation", "convolutions", "remembering", "decision-boundaries",
        "skip-connections", "teach-shapes", "challenge-small-digits"]
    assert sorted(p.name for p in LESSONS_DIR.glob("*.json")) == [
        "01-first-network.json", "02-backpropagation.json", "03-convolutions.json",
        "04-remembering.json", "05-decision-boundaries.json", "06-skip-connections.json",
        "07-teach-shapes.json", "08-challenge-small-digits.json"]
    for lesson in LESSONS:
        assert len(lesson.steps) >= (3 if lesson.challenge else 6), lesson.id  # a challenge asks
        assert check_lesson(lesson) == [], lesson.id


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_every_text_is_in_english_and_in_spanish(lesson: Lesson) -> None:
    for where, text in texts(lesson):
        assert text.en.strip() and text.es.strip(), where
        assert text.en != text.es, where  # translated, not copied
        for language in ("en", "es"):
            body = text.get(language)
            assert body.count("<") == body.count(">"), (where, language)
            opened = re.findall(r"<(p|b|i|ul|li|code)>", body)
            closed = re.findall(r"</(p|b|i|ul|li|code)>", body)
            assert sorted(opened) == sorted(closed), (where, language)


def test_the_lessons_reproduce_the_course() -> None:
    first = BY_ID["first-network"].start
    assert [layer.describe() for layer in first.spec.layers] == [
        "", "64, relu", "64, relu", "10, softmax"]
    assert (first.config.optimizer, first.config.loss, first.config.batch_size,
            first.config.epochs) == ("adam", "cross_entropy", 32, 5)
    labels = {a.label.en: a for s in BY_ID["first-network"].steps for a in s.actions}
    state, _ = apply_action(first, first, labels["Set the learning rate to 0.005"])
    assert state.config.learning_rate == 0.005 and state.spec == first.spec
    state, _ = apply_action(state, first, labels["Use batches of 64 and 10 epochs"])
    assert (state.config.batch_size, state.config.epochs, state.config.learning_rate) == (
        64, 10, 0.001)
    state, _ = apply_action(state, first, labels["Add two hidden layers"])
    assert [layer.type for layer in state.spec.layers].count("Dense") == 5
    state, select = apply_action(state, first, labels["Use sigmoid in the hidden layers"])
    assert [layer.describe() for layer in state.spec.layers][1:] == [
        "64, sigmoid", "64, sigmoid", "10, softmax"]
    assert select == 2  # the last layer it changed is selected
    state, _ = apply_action(state, first, labels["Insert Dropout 0.5 after each hidden layer"])
    assert [layer.type for layer in state.spec.layers] == [
        "Flatten", "Dense", "Dropout", "Dense", "Dropout", "Dense"]
    assert state.spec.layers[2]["rate"] == 0.5

    scratch = BY_ID["backpropagation"].start
    assert [layer.describe() for layer in scratch.spec.layers][1:] == [
        "32, relu", "10, relu", "softmax"]  # as written by hand: ReLU, then softmax
    assert (scratch.config.optimizer, scratch.config.preprocessing) == ("sgd", "binarize_any")
    assert {s.view for s in BY_ID["backpropagation"].steps} == {"backprop"}
    cnn = BY_ID["convolutions"].start
    assert cnn.spec.dataset == "fashion-mnist" and analyse(cnn.spec).total_params == 11_252
    assert [layer.params.get("activation") for layer in cnn.spec.layers] == [
        "linear", None, "linear", None, None, "relu", "sigmoid"]  # the original code's quirks
    assert (cnn.config.optimizer, cnn.config.learning_rate, cnn.config.batch_size,
            cnn.config.keep_best, cnn.config.validation_split) == ("sgd", 0.04, 20, True, 0.2)
    assert BY_ID["remembering"].start.spec.layers[0].type == "LSTM"
    assert BY_ID["remembering"].start.spec.input_shape == (28, 28)
    toy = BY_ID["decision-boundaries"].start
    assert toy.spec.input_shape == (2,) and toy.spec.dataset.startswith("toy-")
    datasets = {e.args["dataset"] for s in BY_ID["decision-boundaries"].steps
                for a in s.actions for e in a.edits if e.op == "set_dataset"}
    assert datasets == {"toy-xor", "toy-spiral"}


def test_the_skip_connections_lesson_compares_one_deep_network_with_and_without_skips() -> None:
    lesson = BY_ID["skip-connections"]
    residual = lesson.start
    assert not residual.spec.is_sequential
    labels = {a.label.en: a for s in lesson.steps for a in s.actions}
    plain, _ = apply_action(residual, residual, labels["Remove the skip connections"])
    assert plain.spec.is_sequential and plain.config == residual.config
    # The same 20 Dense layers of the same sizes, 9 Adds fewer: the same weights to learn.
    dense = [layer for layer in residual.spec.layers if layer.type == "Dense"]
    assert len(dense) == 20 and [layer.type for layer in plain.spec.layers] == [
        "Flatten", *["Dense"] * 20]
    assert [layer for layer in plain.spec.layers if layer.type == "Dense"] == dense
    adds = [i for i, layer in enumerate(residual.spec.layers) if layer.type == "Add"]
    assert [residual.spec.inputs_of(i) for i in adds] == [(i - 1, i - 3) for i in adds]
    # 784×32+32, then 18 × (32×32+32), then 32×10+10.
    assert analyse(plain.spec).total_params == analyse(residual.spec).total_params == (
        25_120 + 18 * 1_056 + 330)
    assert (residual.config.optimizer, residual.config.momentum, residual.spec.dataset) == (
        "sgd", 0.9, "mnist")  # the bundled digits: a few seconds per run on a CPU
    back, _ = apply_action(plain, residual, labels["Put the skip connections back"])
    assert back.spec == residual.spec
    shown = {e.args["pane"] for s in lesson.steps for a in s.actions for e in a.edits
             if e.op == "show_pane"}
    assert shown == {"insideDock", "compareDock"}  # the Health tab, and the runs side by side


def test_a_lesson_round_trips_through_a_project_file(tmp_path: Path) -> None:
    lesson = BY_ID["convolutions"]
    path = tmp_path / "cnn.nnp"
    save_project(Project(lesson.start.spec, lesson.start.config, lesson=lesson.to_json(4)), path)
    found = read_project_lesson(load_project(path).lesson)
    assert found is not None
    again, step = found
    assert step == 4 and again == lesson


def test_project_lesson_text_that_is_not_a_lesson() -> None:
    assert read_project_lesson(None) is None
    assert read_project_lesson("") is None
    assert read_project_lesson("lesson-2-moons") is None  # a plain name, as older files have
    lesson = BY_ID["first-network"]
    assert read_project_lesson(json.dumps(lesson.source)) == (lesson, 0)
    assert read_project_lesson(lesson.to_json(99))[1] == len(lesson.steps) - 1
    with pytest.raises(LessonError, match="not valid JSON"):
        read_project_lesson("{broken")


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(format="something-else"), "Not a lesson"),
    (lambda d: d.update(version=7), "version 7 is not supported"),
    (lambda d: d.update(extra=1), "unexpected field 'extra'"),
    (lambda d: d.update(id="Has Spaces"), "lower-case letters"),
    (lambda d: d["title"].pop("es"), "exactly the languages en, es"),
    (lambda d: d["title"].update(es="  "), r"title \(es\) must be a non-empty text"),
    (lambda d: d["steps"][0]["text"].update(en='<img src="/etc/passwd">'), "<img"),
    (lambda d: d["steps"][0]["text"].update(en='<p style="x">a</p>'), "without attributes"),
    (lambda d: d["steps"][0]["text"].update(es="x" * 9000), "longer than 8000"),
    (lambda d: d.update(steps=[]), "1 to 60 steps"),
    (lambda d: d["steps"][0].update(view="hologram"), "unknown view 'hologram'"),
    (lambda d: d["steps"][0].update(lock=["bad name!"]), "not a control name"),
    (lambda d: d.update(start={"template": "nope"}), "unknown template 'nope'"),
    (lambda d: d.update(start={}), "needs a 'template' or a 'network'"),
    (lambda d: d["start"].update(config={"speed": 3}), "'speed' is not a training setting"),
    (lambda d: d["start"].update(config={"epochs": 0}), "epochs must be between"),
    (lambda d: d["start"].update(dataset_options={"colour": 1}), "not a dataset option"),
    (lambda d: d["steps"][0]["actions"][0].update(do=[{"op": "explode"}]), "unknown op"),
    (lambda d: d["steps"][0]["actions"][0].update(do=[{"op": "remove_layer"}]),
     "needs the field 'layer'"),
    (lambda d: d["steps"][0]["actions"][0].update(do=[{"op": "remove_layer", "layer": 0}]),
     "layer number from 1"),
    (lambda d: d["steps"][0]["actions"][0].update(
        do=[{"op": "set_config", "changes": {"learning_rate": -1}}]), "learning_rate must be"),
    (lambda d: d["steps"][0]["actions"][0].update(
        do=[{"op": "insert_layer", "at": 1, "layer": {"type": "Eval"}}]),
     "Unknown layer type 'Eval'"),
    (lambda d: d["steps"][0]["actions"][0].update(
        do=[{"op": "train", "fresh": "yes"}]), "fresh must be true or false"),
    (lambda d: d["steps"][0]["actions"][0].pop("label"), "exactly 'label' and 'do'"),
])
def test_broken_lessons_are_refused_with_a_message_naming_the_problem(change, message) -> None:
    data = minimal()
    Lesson.from_dict(copy.deepcopy(data))  # the unbroken one is fine
    change(data)
    with pytest.raises(LessonError, match=message):
        Lesson.from_dict(data)


def test_edits_that_do_not_fit_the_students_network_say_why() -> None:
    lesson = Lesson.from_dict(minimal())
    start = lesson.start
    emptied = type(start)(start.spec.with_layers(()), start.config, {})
    remove = Lesson.from_dict({**minimal(), "steps": [{
        "text": {"en": "x", "es": "x"},
        "actions": [{"label": {"en": "R", "es": "Q"}, "do": [
            {"op": "set_param", "layer": 1, "param": "rate", "value": 0.3}]}]}]})
    action = remove.steps[0].actions[0]
    with pytest.raises(LessonError, match="network has 0 layers"):
        apply_action(emptied, start, action)
    with pytest.raises(LessonError, match="a Flatten, which has no such setting"):
        apply_action(start, start, action)
    assert check_lesson(remove) == [
        "step 1 action 1: This step changes 'rate' of layer 1, but that layer is a Flatten, "
        "which has no such setting. Undo your own changes or start the lesson again."]


def test_broken_and_missing_lesson_files(tmp_path: Path) -> None:
    (tmp_path / "01-good.json").write_text(json.dumps(minimal()), encoding="utf-8")
    assert [lesson.id for lesson in bundled_lessons(tmp_path)] == ["tiny"]
    (tmp_path / "02-bad.json").write_text("{nope", encoding="utf-8")
    with pytest.raises(LessonError, match=r"02-bad\.json: The lesson is not valid JSON"):
        bundled_lessons(tmp_path)
    with pytest.raises(LessonError, match=r"lessons folder .* is missing"):
        bundled_lessons(tmp_path / "absent")
    with pytest.raises(LessonError, match="Cannot read the lesson"):
        load_lesson(tmp_path / "absent.json")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 70) | st.floats(allow_nan=True)
    | st.text(max_size=12) | st.sampled_from(["op", "layer", "en", "es", "<b>", "train"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=3),
    max_leaves=8,
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_damaged_lesson_is_refused_cleanly(data) -> None:
    """Whatever part of a lesson is replaced with whatever JSON, reading it either works or
    raises LessonError; never another exception."""
    lesson = copy.deepcopy(BY_ID["decision-boundaries"].source)
    paths = list(_paths(lesson))[1:]
    path = data.draw(st.sampled_from(paths))
    parent = lesson
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = data.draw(JSON_VALUES)
    try:
        read = Lesson.from_dict(lesson)
    except LessonError:
        return
    check_lesson(read)  # a lesson that reads may still fail its actions: reported, not raised
