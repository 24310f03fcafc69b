"""Challenges: reading and refusing goals, checking a run, the score, the progress line."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.challenge_file import challenge_file_text, write_challenge
from playground.core.teaching.challenge_text import goal_lines, outcome_lines, progress
from playground.core.teaching.challenges import (
    Challenge,
    challenge_to_dict,
    evaluate,
    read_challenge,
)
from playground.core.teaching.lessons import (
    LESSONS_DIR,
    Lesson,
    LessonError,
    check_lesson,
    load_lesson,
)
from playground.core.training.config import TrainingConfig, WeightsStart
from playground.core.training.evaluation import Evaluation
from playground.core.training.events import EpochEnd
from playground.core.training.result import TrainingResult

L = LayerSpec.create
GOAL = [{"metric": "test_accuracy", "at_least": 0.97}, {"metric": "parameters", "at_most": 20000},
        {"metric": "epochs", "at_most": 3}]


def lesson_data(challenge: object = None, version: int = 3) -> dict:
    data = {
        "format": "nn-playground-lesson", "version": version, "id": "tiny-challenge", "order": 9,
        "title": {"en": "Tiny", "es": "Diminuta"},
        "intro": {"en": "<p>Hi</p>", "es": "<p>Hola</p>"},
        "start": {"template": "mlp-mnist", "config": {"epochs": 3}},
        "steps": [{"text": {"en": "<p>One</p>", "es": "<p>Uno</p>"}}],
    }
    if challenge is not None:
        data["challenge"] = challenge
    return data


def challenge(**extra: object) -> Challenge:
    lesson = Lesson.from_dict(lesson_data({"goal": copy.deepcopy(GOAL), **extra}))
    assert lesson.challenge is not None
    return lesson.challenge


def cnn(filters: int = 16) -> NetworkSpec:
    """784 pixels → two small convolutions → 10 digits; 16 and 32 filters: 12,810 parameters."""
    return NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Conv2D", filters=filters, kernel_size=3, activation="relu"), L("MaxPool2D", pool_size=2),
        L("Conv2D", filters=2 * filters, kernel_size=3, activation="relu"),
        L("MaxPool2D", pool_size=2), L("Flatten"), L("Dense", units=10, activation="softmax")))


def run(accuracy: float | None, epochs: int = 3, status: str = "completed",
        continued: bool = False, val: float | None = 0.95) -> TrainingResult:
    start = WeightsStart.continued_from(1) if continued else WeightsStart.fresh(0)
    return TrainingResult(
        status, TrainingConfig(epochs=epochs), epochs_completed=epochs,
        history={"train_loss": [0.5] * epochs, "val_accuracy": [val] * epochs,
                 "train_accuracy": [0.9] * epochs, "val_loss": [0.2] * epochs},
        test=Evaluation(0.1, accuracy) if accuracy is not None else None, weights_start=start)


# -- reading --------------------------------------------------------------------------------------
def test_the_bundled_challenge_reads_and_its_actions_apply() -> None:
    lesson = load_lesson(LESSONS_DIR / "08-challenge-small-digits.json")
    assert lesson.challenge is not None and lesson.order == 8
    assert [(c.metric, c.bound, c.target) for c in lesson.challenge.goal] == [
        ("test_accuracy", "at_least", 0.97), ("parameters", "at_most", 20000.0),
        ("epochs", "at_most", 3.0)]
    assert lesson.challenge.minimise == "parameters"
    assert check_lesson(lesson) == []
    assert lesson.start.config.epochs == 3 and len(lesson.question_steps) >= 2
    assert lesson.challenge.text is not None and lesson.challenge.text.get("es") != (
        lesson.challenge.text.get("en"))


def test_older_versions_read_unchanged_but_refuse_a_challenge() -> None:
    for version in (1, 2):
        assert Lesson.from_dict(lesson_data(version=version)).challenge is None
        with pytest.raises(LessonError, match="sets a challenge, which needs lesson version 3"):
            Lesson.from_dict(lesson_data({"goal": GOAL}, version=version))


def test_a_challenge_round_trips_through_its_dict() -> None:
    read = challenge(minimise="parameters", text={"en": "<p>Go</p>", "es": "<p>Ya</p>"})
    again = read_challenge(challenge_to_dict(read), "challenge",
                           lambda value, where: read.text)
    assert again == read
    assert challenge_to_dict(read)["goal"][1] == {"metric": "parameters", "at_most": 20000}


@pytest.mark.parametrize(("change", "message"), [
    (lambda c: c.update(goal=[]), "'goal' must be a list of 1 to 8 conditions"),
    (lambda c: c.update(goal=[GOAL[0]] * 9), "1 to 8 conditions"),
    (lambda c: c.update(goal="fast"), "1 to 8 conditions"),
    (lambda c: c.pop("goal"), "1 to 8 conditions"),
    (lambda c: c.update(run="rm -rf /"), "unexpected field 'run'"),
    (lambda c: c["goal"].append({"metric": "speed", "at_least": 1}), "unknown metric 'speed'"),
    (lambda c: c["goal"].append({"at_least": 1}), "must be an object with a 'metric'"),
    (lambda c: c["goal"].append("test_accuracy"), "must be an object with a 'metric'"),
    (lambda c: c["goal"].append({"metric": "layers"}), "exactly one of 'at_least' and"),
    (lambda c: c["goal"].append({"metric": "layers", "at_least": 1, "at_most": 3}),
     "exactly one of"),
    (lambda c: c["goal"].append({"metric": "layers", "at_most": 3, "why": 1}),
     "unexpected field 'why'"),
    (lambda c: c["goal"].append({"metric": "test_accuracy", "at_least": 97}),
     r"share from 0 to 1 \(0.97 for 97%\), not 97"),
    (lambda c: c["goal"].append({"metric": "test_accuracy", "at_least": math.nan}), "not nan"),
    (lambda c: c["goal"].append({"metric": "train_accuracy", "at_least": "0.9"}), "not '0.9'"),
    (lambda c: c["goal"].append({"metric": "train_loss", "at_most": -1}), "at least 0, not -1"),
    (lambda c: c["goal"].append({"metric": "test_loss", "at_most": math.inf}), "not inf"),
    (lambda c: c["goal"].append({"metric": "parameters", "at_most": 1.5}), "whole number"),
    (lambda c: c["goal"].append({"metric": "epochs", "at_most": True}), "whole number"),
    (lambda c: c["goal"].append({"metric": "layers", "at_most": 10**12}), "from 0 to"),
    (lambda c: c.update(minimise="accuracy"), "'minimise' must be one of parameters, layers"),
    (lambda c: c.update(minimise="layers"), "the goal needs an 'at_most' limit for it"),
    (lambda c: c.update(text={"en": "<img src=x>", "es": "x"}), "<img"),
    (lambda c: c.update(text="Win"), "challenge text must be an object"),
])
def test_hostile_challenges_are_refused_with_a_message_naming_the_problem(change,
                                                                          message) -> None:
    data = {"goal": copy.deepcopy(GOAL)}
    change(data)
    with pytest.raises(LessonError, match=message):
        Lesson.from_dict(lesson_data(data))


def test_a_challenge_that_is_not_an_object_is_refused() -> None:
    for value in ([], "win", 3, None):
        with pytest.raises(LessonError, match="challenge must be an object"):
            Lesson.from_dict(lesson_data(value) if value is not None else
                             {**lesson_data(), "challenge": None})


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**10) | st.floats(allow_nan=True)
    | st.text(max_size=12) | st.sampled_from(["metric", "at_most", "parameters", "en", "<b>"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_damaged_challenge_is_refused_cleanly(data) -> None:
    """Whatever part of a challenge is replaced with whatever JSON, reading it either works or
    raises LessonError; never another exception."""
    source = {"goal": copy.deepcopy(GOAL), "minimise": "parameters",
              "text": {"en": "a", "es": "b"}}
    slots = [("goal", i, key) for i in range(3) for key in ("metric", "at_least", "at_most")]
    slots += [("goal", i, None) for i in range(3)] + [("minimise", None, None),
                                                      ("text", None, None), ("goal", None, None)]
    top, index, key = data.draw(st.sampled_from(slots))
    value = data.draw(JSON_VALUES)
    if index is None:
        source[top] = value
    elif key is None:
        source[top][index] = value
    else:
        source[top][index][key] = value
    try:
        lesson = Lesson.from_dict(lesson_data(source))
    except LessonError:
        return
    assert lesson.challenge is not None
    for line in goal_lines(lesson.challenge):
        line.render("es")


# -- checking a run --------------------------------------------------------------------------------
def test_a_run_that_meets_the_goal_passes_and_fewer_parameters_score_more() -> None:
    c = challenge(minimise="parameters")
    outcome = evaluate(c, cnn(16), TrainingConfig(epochs=3), run(0.976))
    assert outcome.passed and outcome.counted and outcome.met_count == 3
    assert [check.value for check in outcome.checks] == [0.976, 12_810, 3]
    assert outcome.score == 50 + math.floor(50 * (1 - 12_810 / 20_000))  # 67
    smaller = evaluate(c, cnn(12), TrainingConfig(epochs=3), run(0.976))
    assert smaller.checks[1].value == 8_746 and smaller.score == 78 > outcome.score
    assert evaluate(challenge(), cnn(16), TrainingConfig(), run(0.976)).score == 100


def test_a_missed_goal_scores_below_any_pass_and_a_near_miss_above_a_far_one() -> None:
    c = challenge(minimise="parameters")
    near = evaluate(c, cnn(16), TrainingConfig(), run(0.96))
    far = evaluate(c, cnn(16), TrainingConfig(), run(0.50))
    assert not near.passed and [check.met for check in near.checks] == [False, True, True]
    # 49 × mean(0.96 / 0.97, 1, 1)
    assert near.score == math.floor(49 * (0.96 / 0.97 + 2) / 3) == 48
    assert far.score < near.score < 50
    too_long = evaluate(c, cnn(16), TrainingConfig(epochs=6), run(0.98, epochs=6))
    assert not too_long.passed and too_long.checks[2].value == 6
    assert too_long.score == math.floor(49 * (1 + 1 + 3 / 6) / 3)
    untested = evaluate(c, cnn(16), TrainingConfig(), run(None, status="stopped"))
    assert untested.checks[0].value is None and not untested.passed


def test_a_run_from_trained_weights_or_a_failed_run_does_not_pass() -> None:
    c = challenge()
    continued = evaluate(c, cnn(16), TrainingConfig(), run(0.99, continued=True))
    assert not continued.counted and not continued.passed and continued.score == 0
    assert "does not count" in str(outcome_lines(continued)[0])
    diverged = evaluate(c, cnn(16), TrainingConfig(), run(0.99, status="diverged"))
    assert not diverged.passed and diverged.score <= 49


def test_other_metrics_are_measured_from_the_run_and_the_network() -> None:
    c = Lesson.from_dict(lesson_data({"goal": [
        {"metric": "validation_accuracy", "at_least": 0.9},
        {"metric": "train_loss", "at_most": 0.4}, {"metric": "layers", "at_most": 6},
        {"metric": "train_accuracy", "at_least": 0.8}, {"metric": "test_loss", "at_most": 1},
        {"metric": "validation_loss", "at_most": 0.3}]})).challenge
    assert c is not None
    outcome = evaluate(c, cnn(), TrainingConfig(), run(0.9))
    assert [check.value for check in outcome.checks] == [0.95, 0.5, 6, 0.9, 0.1, 0.2]
    assert [check.met for check in outcome.checks] == [True, False, True, True, True, True]


# -- words ----------------------------------------------------------------------------------------
def test_goal_and_outcome_in_english_and_spanish_numbers() -> None:
    c = challenge(minimise="parameters")
    assert [line.render("en") for line in goal_lines(c)] == [
        "test accuracy at least 97%", "parameters at most 20,000", "epochs at most 3",
        "The fewer parameters, the higher the score."]
    assert goal_lines(c)[1].render("es").endswith("20.000")
    lines = [line.render("en").strip() for line in
             outcome_lines(evaluate(c, cnn(16), TrainingConfig(), run(0.976)))]
    assert lines == ["Challenge passed! Score 67 of 100.", "test accuracy 97.6% of ≥ 97% ✓",
                     "parameters 12,810 of ≤ 20,000 ✓", "epochs 3 of ≤ 3 ✓"]


def test_the_progress_line_before_and_during_a_run() -> None:
    c = challenge()
    big = Lesson.from_dict(lesson_data()).start.spec  # 784 → 64 → 64 → 10
    before = [line.render("en").strip() for line in progress(c, big, TrainingConfig(epochs=5))]
    assert before == ["test accuracy – of ≥ 97%", "parameters 55,050 of ≤ 20,000 ✗",
                      "epochs 5 of ≤ 3 ✗"]
    epoch = EpochEnd(2, 0.3, 0.92, 0.25, 0.931, 1.0, 0.001)
    during = [line.render("en").strip()
              for line in progress(c, cnn(16), TrainingConfig(epochs=3), epoch)]
    assert during == ["test accuracy (validation so far) 93.1% of ≥ 97%",
                      "parameters 12,810 of ≤ 20,000 ✓", "epoch 2 of ≤ 3 ✓"]
    no_validation = EpochEnd(1, 0.3, 0.88, None, None, 1.0, 0.001)
    line = progress(c, cnn(16), TrainingConfig(), no_validation)[0].render("en")
    assert line.startswith("test accuracy (training so far) 88.0%")
    assert progress(c, cnn(16), TrainingConfig(), epoch)[1].render("es").startswith(
        "parámetros: 12.810")


# -- the file for a class ------------------------------------------------------------------------
def test_an_exported_challenge_reads_back_equal(tmp_path: Path) -> None:
    lesson = load_lesson(LESSONS_DIR / "08-challenge-small-digits.json")
    written = write_challenge(lesson, tmp_path / "for-class")
    assert written == tmp_path / "for-class.json"
    assert load_lesson(written) == lesson
    assert "á" in written.read_text(encoding="utf-8")  # Spanish kept readable
    plain = Lesson.from_dict(lesson_data())
    with pytest.raises(LessonError, match="sets no challenge"):
        challenge_file_text(plain)
    assert json.loads(challenge_file_text(lesson))["version"] == 3
