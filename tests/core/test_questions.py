"""Questions in lesson steps: read strictly, scored right, saved with the project; version-1
lessons still read; every built-in lesson asks at least two."""

from __future__ import annotations

import copy
import json
import math

import pytest

from playground.core.teaching.lessons import (
    LESSON_VERSION,
    Lesson,
    LessonError,
    bundled_lessons,
    read_project_answers,
    read_project_lesson,
)
from playground.core.teaching.questions import score

T = {"en": "<p>Text</p>", "es": "<p>Texto</p>"}


def lesson_data(question: dict | None = None, version: int = 2) -> dict:
    step: dict = {"text": T, "actions": [{"label": {"en": "Go", "es": "Ir"},
                                          "do": [{"op": "train"}]}]}
    if question is not None:
        step["question"] = question
    return {"format": "nn-playground-lesson", "version": version, "id": "asks", "order": 9,
            "title": T, "intro": T, "start": {"template": "mlp-mnist"},
            "steps": [step, {"text": T}]}


CHOICE = {"kind": "choice", "prompt": T, "options": [{"en": "A", "es": "A"},
                                                     {"en": "B", "es": "B"}],
          "answer": 1, "explanation": T, "reveal": "after_action"}
NUMBER = {"kind": "number", "prompt": T, "answer": 11, "tolerance": 5,
          "unit": {"en": "%", "es": "%"}, "explanation": T, "reveal": "after_run"}
LAYER = {"kind": "layer", "prompt": T, "answer": [2, 3], "explanation": T}


def read(question: dict) -> Lesson:
    return Lesson.from_dict(lesson_data(question))


def test_the_three_kinds_read_and_score() -> None:
    choice = read(CHOICE).steps[0].question
    assert choice is not None and choice.reveal == "after_action"
    assert choice.is_right(1) and not choice.is_right(0) and not choice.is_right(None)
    assert choice.right_answer("es") == "B" and choice.shown_answer(0) == "A"
    number = read(NUMBER).steps[0].question
    assert number is not None
    assert number.is_right(11) and number.is_right(6) and number.is_right(16.0)
    assert not number.is_right(16.5) and not number.is_right(5.9)
    assert not number.is_right(float("nan"))
    assert number.right_answer() == "11 ± 5 %"
    layer = read(LAYER).steps[0].question
    assert layer is not None and layer.reveal == "now"  # the default
    assert layer.is_right(2) and layer.is_right(3) and not layer.is_right(1)


def test_a_relative_tolerance_is_a_share_of_the_answer() -> None:
    question = read({**NUMBER, "answer": 0.002, "tolerance": 0.1, "relative": True})
    q = question.steps[0].question
    assert q is not None
    assert q.is_right(0.0021) and q.is_right(0.0018) and not q.is_right(0.0023)
    exact = read({**NUMBER, "answer": 24, "tolerance": 0}).steps[0].question
    assert exact is not None and exact.is_right(24) and not exact.is_right(24.5)


@pytest.mark.parametrize(("change", "expected"), [
    ({"kind": "essay"}, "unknown kind 'essay'"),
    ({"hint": T}, "has no field 'hint'"),
    ({"reveal": "later"}, "unknown reveal 'later'"),
    ({"answer": 2}, "from 0 to 1, not 2"),
    ({"answer": -1}, "from 0 to 1, not -1"),
    ({"answer": True}, "not True"),
    ({"answer": "1"}, "not '1'"),
    ({"options": [{"en": "A", "es": "A"}]}, "'options' must be a list of 2 to 6 texts"),
    ({"options": "AB"}, "'options' must be a list"),
    ({"options": [{"en": "A"}, {"en": "B", "es": "B"}]}, "option 1 must have exactly the "
                                                         "languages en, es; it has en"),
    ({"prompt": {"en": "<p>Hi</p>", "es": ""}}, "prompt (es) must be a non-empty text"),
    ({"explanation": {"en": "<a href='x'>x</a>", "es": "x"}}, "uses the tag"),
    ({"tolerance": 1}, "has no field 'tolerance'"),
])
def test_hostile_choice_questions_are_refused_with_a_plain_message(change, expected) -> None:
    with pytest.raises(LessonError) as error:
        read({**CHOICE, **change})
    assert expected in str(error.value)
    assert "step 1 question" in str(error.value)


@pytest.mark.parametrize(("question", "expected"), [
    ({**NUMBER, "answer": "11"}, "'answer' must be a number, not '11'"),
    ({**NUMBER, "answer": math.inf}, "'answer' must be a number"),
    ({**NUMBER, "tolerance": -1}, "'tolerance' must be a number of at least 0"),
    ({**NUMBER, "relative": "yes"}, "'relative' must be true or false"),
    ({**NUMBER, "relative": True, "tolerance": 5}, "a relative 'tolerance' is a share"),
    ({k: v for k, v in NUMBER.items() if k != "tolerance"}, "needs the field 'tolerance'"),
    ({k: v for k, v in NUMBER.items() if k != "explanation"}, "needs the field 'explanation'"),
    ({**NUMBER, "unit": "%"}, "unit must be an object"),
    ({**NUMBER, "options": []}, "has no field 'options'"),
    ({**LAYER, "answer": 2}, "list of 1 to 16 layer numbers from 1, not 2"),
    ({**LAYER, "answer": []}, "not []"),
    ({**LAYER, "answer": [0]}, "not [0]"),
    ({**LAYER, "answer": [True]}, "not [True]"),
    ("choice", "must be an object"),
])
def test_hostile_number_and_layer_questions_are_refused(question, expected) -> None:
    with pytest.raises(LessonError) as error:
        read(question)  # type: ignore[arg-type]
    assert expected in str(error.value)


def test_version_one_lessons_still_read_but_cannot_ask() -> None:
    old = Lesson.from_dict(lesson_data(None, version=1))
    assert old.question_steps == () and LESSON_VERSION == 3
    with pytest.raises(LessonError, match="asks a question, which needs lesson version 2"):
        Lesson.from_dict(lesson_data(CHOICE, version=1))
    with pytest.raises(LessonError, match="version 4 is not supported"):
        Lesson.from_dict(lesson_data(None, version=4))


def test_answers_travel_with_the_project_and_broken_ones_are_left_out() -> None:
    lesson = read(NUMBER)
    text = lesson.to_json(1, {0: (12.5, True)})
    found = read_project_lesson(text)
    assert found is not None and found[1] == 1
    assert read_project_answers(text) == {0: (12.5, True)}
    stored = json.loads(text)
    stored["answers"].update({"x": {"value": 1}, "1": {"value": "a"}, "2": [],
                              "3": {"value": 1, "revealed": "yes"}})
    assert read_project_answers(json.dumps(stored)) == {0: (12.5, True)}
    assert read_project_answers(None) == {} and read_project_answers("not json") == {}
    assert json.loads(lesson.to_json(0))["lesson"]["version"] == 2  # written back unchanged


def test_results_and_score_count_only_revealed_right_answers() -> None:
    data = lesson_data(CHOICE)
    data["steps"][1]["question"] = NUMBER
    lesson = Lesson.from_dict(data)
    results = lesson.results({0: (1, True), 1: (30, True)})
    assert [r.right for r in results] == [True, False] and score(results) == (1, 2)
    assert score(lesson.results({0: (1, False)})) == (0, 2)  # kept but not yet revealed
    assert score(lesson.results({})) == (0, 2)


def test_a_layer_question_naming_a_missing_layer_is_a_lesson_problem() -> None:
    from playground.core.teaching.lessons import check_lesson

    assert check_lesson(read(LAYER)) == []
    problems = check_lesson(read({**LAYER, "answer": [9]}))
    assert problems == ["step 1 question: layer 9 is not there (the network has 4 layers)"]


def test_every_built_in_lesson_asks_at_least_two_questions() -> None:
    for lesson in bundled_lessons():
        if lesson.id == "teach-shapes":
            continue
        assert len(lesson.question_steps) >= 2, lesson.id
        kinds = {lesson.steps[i].question.kind for i in lesson.question_steps}  # type: ignore
        assert kinds, lesson.id


def test_the_skip_connection_prediction_is_the_lesson_figure() -> None:
    lesson = next(x for x in bundled_lessons() if x.id == "skip-connections")
    question = copy.deepcopy(lesson.steps[2].question)
    assert question is not None and question.kind == "number"
    assert question.is_right(11) and question.is_right(15) and not question.is_right(50)
