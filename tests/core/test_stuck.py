"""A run that learns nothing says so: one answer for everything, or accuracy at chance."""

from __future__ import annotations

import io

import numpy as np
import pytest

from playground.cli import main
from playground.core.data.datasets import load_dataset
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.events import EpochEnd
from playground.core.training.loop import train
from playground.core.training.stuck import check

EVEN = np.full(10, 100)


def test_one_answer_for_nearly_everything_is_stuck() -> None:
    answers = np.array([0, 0, 0, 950, 0, 0, 50, 0, 0, 0])
    stuck = check(answers, EVEN, accuracy=0.15)
    assert stuck is not None and stuck.collapsed and stuck.answer == 3
    message = str(stuck.message(learning_rate=0.3))
    assert "answers class 3 for 95% of the examples" in message
    assert "Lower the learning rate (try 0.03)" in message


def test_accuracy_at_chance_is_stuck_even_with_varied_answers() -> None:
    stuck = check(np.array([60, 40]), np.array([50, 50]), accuracy=0.51)
    assert stuck is not None and not stuck.collapsed
    assert "no better than guessing among 2 classes" in str(stuck.message(0.01))


@pytest.mark.parametrize(("answers", "labels", "accuracy"), [
    (EVEN, EVEN, 0.9),  # learning
    (np.array([60, 40]), np.array([50, 50]), 0.6),  # above chance, if only a little
    (np.array([960, 40]), np.array([950, 50]), 0.95),  # the data itself is nearly one class
    (np.zeros(10, np.int64), EVEN, 0.0),  # nothing answered yet
])  # fmt: skip
def test_a_network_that_learns_is_not_stuck(answers, labels, accuracy: float) -> None:
    assert check(answers, labels, accuracy) is None


@pytest.fixture(scope="module")
def digits():
    return load_dataset("mnist", limit=1500)


def test_a_collapsed_run_says_so_each_epoch_and_in_its_result(digits) -> None:
    # Adam at 0.3 drives the MLP to one answer for every digit: the loss settles near ln(10)
    # without ever exploding, so divergence detection says nothing.
    t = TEMPLATES["mlp-mnist"]
    events: list[EpochEnd] = []
    result = train(t.spec, t.config.with_changes(learning_rate=0.3, epochs=2), digits,
                   on_event=lambda e: events.append(e) if isinstance(e, EpochEnd) else None)
    assert result.status == "completed" and result.test.accuracy < 0.15
    assert [bool(e.stuck) for e in events] == [True, True]
    assert "it is not learning" in str(events[-1].stuck)
    assert result.warnings[-1] == events[-1].stuck


def test_a_run_that_learns_has_no_stuck_epoch(digits) -> None:
    t = TEMPLATES["mlp-mnist"]
    events: list[EpochEnd] = []
    result = train(t.spec, t.config.with_changes(epochs=2), digits,
                   on_event=lambda e: events.append(e) if isinstance(e, EpochEnd) else None)
    assert [e.stuck for e in events] == [None, None]
    assert not any("not learning" in str(w) for w in result.warnings)


def test_the_command_line_prints_it_even_when_quiet() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["train", "mlp-mnist", "--limit", "1500", "--epochs", "1",
                 "--learning-rate", "0.3", "--quiet"], out, err)
    assert code == 0, err.getvalue()
    assert "it is not learning" in out.getvalue() + err.getvalue()
