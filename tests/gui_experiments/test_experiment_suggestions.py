"""What a new row of the experiment dialog proposes: values near the open network's own."""

from __future__ import annotations

import pytest

from playground.core.teaching.templates import TEMPLATES
from playground.gui.experiments.suggestions import current_value, suggest, value_text

LESSON = TEMPLATES["mlp-mnist"]  # 784 → 64 → 64 → 10, Adam 0.001, batches of 32


@pytest.mark.parametrize(("name", "values"), [
    ("learning_rate", (1e-4, 1e-3, 1e-2, 1e-1)),  # the ready-made question's values
    ("batch_size", (16, 32, 64, 128)),
    ("layer:2:units", (32, 64, 128)),  # half, the network's own, twice
    ("momentum", (0.0, 0.5, 0.9)),  # off by default: a tenth of 0 says nothing
    ("activation", ("relu", "sigmoid")),  # the current choice and the next
    ("optimizer", ("adam", "adamw")),
    ("nesterov", (False, True)),
])
def test_each_setting_proposes_values_worth_comparing(name: str, values: tuple) -> None:
    assert suggest(name, LESSON.spec, LESSON.config).values == values


def test_a_range_spans_the_proposed_values_on_a_log_scale_over_powers_of_ten() -> None:
    rate = suggest("learning_rate", LESSON.spec, LESSON.config)
    assert (rate.low, rate.high, rate.log) == (1e-4, 1e-1, True)
    units = suggest("layer:2:units", LESSON.spec, LESSON.config)
    assert (units.low, units.high, units.log) == (32, 128, False)


def test_the_network_s_own_values_are_read() -> None:
    spec, config = LESSON.spec, LESSON.config
    assert current_value("depth", spec, config) == 2
    assert current_value("dropout", spec, config) == 0.0
    assert current_value("activation", spec, config) == "relu"
    assert current_value("lr", spec, config) == config.learning_rate


def test_values_are_written_as_they_are_typed() -> None:
    assert [value_text(v) for v in (1e-5, 0.001, 32, True, "relu")] == \
        ["1e-05", "0.001", "32", "true", "relu"]
