"""Writing lessons: every bundled lesson round-trips, and a teacher's change becomes edits that
the reader applies to reach exactly that change (or a plain refusal)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from playground.core.network.spec import LayerSpec
from playground.core.teaching.lesson_writer import (
    lesson_to_dict,
    lesson_to_json,
    same_lesson,
    state_edits,
    text_to_html,
)
from playground.core.teaching.lessons import (
    LESSON_VERSION,
    Edit,
    Lesson,
    LessonError,
    LessonState,
    apply_edit,
    bundled_lessons,
)
from playground.core.teaching.templates import TEMPLATES

LESSONS = bundled_lessons()


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_every_bundled_lesson_round_trips(lesson: Lesson) -> None:
    text = lesson_to_json(lesson)
    again = Lesson.from_json(text)
    assert same_lesson(again, lesson)
    assert again.start == lesson.start and again.steps == lesson.steps
    assert json.loads(text)["version"] == LESSON_VERSION
    assert lesson_to_dict(again) == lesson_to_dict(lesson)  # writing is stable
    assert "á" in text or "ñ" in text or "é" in text  # Spanish stays readable, not \u escapes


def start() -> LessonState:
    template = TEMPLATES["mlp-mnist"]
    return LessonState(template.spec, template.config, dict(template.dataset_options))


def reached(before: LessonState, first: LessonState, edits: list[dict]) -> LessonState:
    state = before
    for i, data in enumerate(edits):
        state, _ = apply_edit(state, first, Edit.from_dict(data, f"edit {i}"))
    return state


def test_no_change_needs_no_edit() -> None:
    assert state_edits(start(), start(), start()) == []


def test_a_setting_and_a_layer_parameter() -> None:
    first = start()
    spec = first.spec.replace_layer(1, first.spec.layers[1].with_params(units=32))
    after = LessonState(spec, first.config.with_changes(learning_rate=0.005), {})
    edits = state_edits(first, after, first)
    assert edits == [{"op": "set_config", "changes": {"learning_rate": 0.005}},
                     {"op": "set_param", "layer": 2, "param": "units", "value": 32}]


def test_layers_inserted_removed_and_replaced_reach_the_network() -> None:
    first = start()
    spec = first.spec.insert(2, LayerSpec.create("Dropout", rate=0.3))
    spec = spec.replace_layer(1, LayerSpec.create("Dense", units=128, activation="tanh"))
    spec = spec.remove(3)  # the second hidden Dense
    after = LessonState(spec, first.config, {})
    edits = state_edits(first, after, first)
    assert {e["op"] for e in edits} <= {"insert_layer", "remove_layer", "replace_layer",
                                         "set_param"}
    assert reached(first, first, edits).spec == spec


def test_the_dataset_and_its_options() -> None:
    first = start()
    from playground.core.data.inputs import switch_dataset

    spec = switch_dataset(first.spec, "fashion-mnist")
    after = LessonState(spec, first.config, {"noise": 0.2})
    edits = state_edits(first, after, first)
    assert edits[0] == {"op": "set_dataset", "dataset": "fashion-mnist"}
    assert {"op": "set_dataset_options", "options": {"noise": 0.2}} in edits
    assert reached(first, first, edits) == after


def test_going_back_to_the_start_is_one_edit() -> None:
    first = start()
    changed = LessonState(first.spec.remove(2), first.config.with_changes(epochs=9), {"noise": 1})
    assert state_edits(changed, first, first) == [{"op": "restore_start"}]


def test_an_option_taken_away_goes_through_the_start() -> None:
    first = replace(start(), dataset_options={})
    before = LessonState(first.spec, first.config, {"noise": 0.1})
    after = LessonState(first.spec, first.config.with_changes(epochs=2), {})
    edits = state_edits(before, after, first)
    assert edits == [{"op": "restore_start"}, {"op": "set_config", "changes": {"epochs": 2}}]


def test_what_the_edits_cannot_say_is_refused_in_words() -> None:
    first = start()
    skip = first.spec.add_skip(1, 2, LayerSpec.create("Add"))  # a residual connection
    with pytest.raises(LessonError, match="cannot be written as a lesson step") as caught:
        state_edits(first, LessonState(skip, first.config, {}), first)
    assert caught.value.message.template.startswith("This change cannot")


def test_too_many_changes_for_one_button() -> None:
    first = start()
    spec = first.spec
    for i in range(13):
        spec = spec.insert(1, LayerSpec.create("Dropout", rate=0.01 * (i + 1)))
    with pytest.raises(LessonError, match="at most 12"):
        state_edits(first, LessonState(spec, first.config, {}), first)


def test_a_teachers_text_becomes_a_lesson_text() -> None:
    assert text_to_html("One & two < three\n\nNext\nline") == (
        "<p>One &amp; two &lt; three</p><p>Next<br>line</p>")
    assert text_to_html("Keep <b>this</b>") == "Keep <b>this</b>"  # already marked up
    assert text_to_html("  ") == ""
