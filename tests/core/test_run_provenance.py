"""Each run's record says where its weights started and which settings changed while it ran,
and the comparison names a continued run and its live changes in both languages."""

from __future__ import annotations

import json
from typing import Any

import pytest

from playground.core.data.datasets import load_dataset
from playground.core.network.build import build_model
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.compare import (
    continued_from,
    describe_differences,
    describe_live_changes,
    describe_start,
    epochs_before,
    live_changes,
    weights_start,
)
from playground.core.training.config import TrainingConfig
from playground.core.training.control import TrainingControl
from playground.core.training.events import BatchProgress, SettingChanged, WeightsStart
from playground.core.training.loop import Trainer, train

MLP = TEMPLATES["mlp-mnist"].spec
CONFIG = TrainingConfig(epochs=2, batch_size=32, learning_rate=0.001)


@pytest.fixture(scope="module")
def small_mnist():
    return load_dataset("mnist", limit=600)


def as_json(record: dict[str, Any]) -> dict[str, Any]:
    """The record as a project file gives it back."""
    return json.loads(json.dumps(record))


# -- the engine records them -------------------------------------------------------------------


def test_a_run_built_from_its_seed_records_a_fresh_start(small_mnist) -> None:
    result = train(MLP, CONFIG.with_changes(epochs=1, seed=7), small_mnist)
    record = as_json(result.to_record(MLP, 0.0))
    assert record["weights_start"] == {"start": "fresh", "seed": 7}
    assert record["live_changes"] == []
    assert result.metrics()["weights_start"] == {"start": "fresh", "seed": 7}  # --metrics-json


def test_a_run_handed_trained_weights_records_the_run_it_continued(small_mnist) -> None:
    first = train(MLP, CONFIG.with_changes(epochs=1), small_mnist)
    model = build_model(MLP, seed=CONFIG.seed)
    model.load_state_dict(first.state_dict)
    events: list[Any] = []
    second = Trainer(MLP, CONFIG.with_changes(epochs=1), small_mnist, model=model,
                     weights_start=WeightsStart.continued_from(1),
                     on_event=events.append).run()
    assert events[0].weights_start == WeightsStart.continued_from(1)
    assert as_json(second.to_record(MLP, 0.0))["weights_start"] == {
        "start": "continued", "from_run": 1}


def test_a_model_handed_in_without_saying_where_it_came_from_records_nothing(
        small_mnist) -> None:
    model = build_model(MLP, seed=3)
    result = Trainer(MLP, CONFIG.with_changes(epochs=1), small_mnist, model=model).run()
    assert "weights_start" not in result.to_record(MLP, 0.0)  # unknown, not guessed


def test_a_learning_rate_changed_mid_run_is_recorded_where_it_took_effect(small_mnist) -> None:
    control = TrainingControl()
    events: list[Any] = []

    def on_event(event: Any) -> None:
        events.append(event)
        # During epoch 2, once: ask for a lower rate (applied at the next batch).
        if isinstance(event, BatchProgress) and event.epoch == 2 and not any(
                isinstance(e, SettingChanged) for e in events):
            control.set_learning_rate(0.0001)

    trainer = Trainer(MLP, CONFIG, small_mnist, control=control, on_event=on_event,
                      progress_interval=0.0)  # a progress event after every batch
    result = trainer.run()
    changes = [e for e in events if isinstance(e, SettingChanged)]
    assert len(changes) == 1
    change = changes[0]
    assert (change.setting, change.old, change.new, change.epoch) == (
        "learning_rate", 0.001, 0.0001, 2)
    batches = len(result.batch_losses) // 2
    assert change.step == batches + change.batch and 0 < change.batch < batches
    assert trainer.optimizer.param_groups[0]["lr"] == 0.0001
    record = as_json(result.to_record(MLP, 0.0))
    assert record["live_changes"] == [{"epoch": 2, "batch": change.batch, "step": change.step,
                                       "setting": "learning_rate", "from": 0.001,
                                       "to": 0.0001}]
    assert record["config"]["learning_rate"] == 0.001  # what the run started with
    assert record["history"]["learning_rate"] == [0.001, 0.0001]


def test_asking_for_the_rate_already_in_use_is_no_change(small_mnist) -> None:
    control = TrainingControl()
    control.set_learning_rate(CONFIG.learning_rate)
    result = Trainer(MLP, CONFIG.with_changes(epochs=1), small_mnist, control=control).run()
    assert result.live_changes == []


# -- old and odd records -------------------------------------------------------------------------


def test_older_records_without_the_fields_still_read_and_label_as_before() -> None:
    old = {"spec": MLP.to_dict(), "config": CONFIG.to_dict(), "test_accuracy": 0.9}
    newer = {**old, "config": CONFIG.with_changes(learning_rate=0.005).to_dict()}
    assert weights_start(old) is None and live_changes(old) == []
    assert describe_start(old) == "" and describe_live_changes(old) == []
    assert describe_differences([old, newer]) == ["baseline", "lr 0.001 → 0.005"]
    assert epochs_before([old, newer], 1) == 0 and continued_from([old, newer], 1) is None


@pytest.mark.parametrize("raw", [None, 3, "fresh", [], {"start": "sideways"}, {"begin": 1}])
def test_a_weights_start_that_is_not_understood_reads_as_unknown(raw: Any) -> None:
    assert WeightsStart.from_dict(raw) is None


def test_odd_values_inside_a_known_start_are_dropped() -> None:
    assert WeightsStart.from_dict({"start": "continued", "from_run": "two"}) == \
        WeightsStart.continued_from(None)
    assert WeightsStart.from_dict({"start": "fresh", "seed": True}) == WeightsStart(False)


def test_live_changes_keep_only_the_entries_that_make_sense() -> None:
    good = {"epoch": 3, "batch": 4, "step": 40, "setting": "learning_rate", "from": 0.01,
            "to": 0.001}
    record = {"live_changes": [good, {"epoch": "3"}, 7, {**good, "to": None},
                               {**good, "setting": 5}]}
    assert live_changes(record) == [SettingChanged(3, 4, 40, "learning_rate", 0.01, 0.001)]
    assert live_changes({"live_changes": "lr"}) == []


# -- labels ---------------------------------------------------------------------------------


def record(lr: float = 0.001, start: dict[str, Any] | None = None, epochs: int = 5,
           changes: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    rec: dict[str, Any] = {"spec": MLP.to_dict(),
                           "config": CONFIG.with_changes(learning_rate=lr).to_dict(),
                           "epochs": epochs, "test_accuracy": 0.9}
    if start is not None:
        rec["weights_start"] = start
    if changes is not None:
        rec["live_changes"] = changes
    return rec


FRESH = {"start": "fresh", "seed": 0}
LR_DOWN = {"epoch": 3, "batch": 9, "step": 99, "setting": "learning_rate", "from": 0.01,
           "to": 0.001}


def test_a_continued_run_is_named_by_the_run_it_continued_not_against_the_baseline() -> None:
    runs = [record(start=FRESH), record(lr=0.01, start=FRESH),
            record(lr=0.01, start={"start": "continued", "from_run": 2})]
    assert describe_differences(runs) == ["baseline", "lr 0.001 → 0.01", "continued from run 2"]
    assert describe_differences(runs, "es") == [
        "referencia", "tasa 0,001 → 0,01", "continúa la ejecución 2"]


def test_a_continued_run_lists_what_it_changed_from_the_run_it_continued() -> None:
    runs = [record(start=FRESH), record(lr=0.0001, start={"start": "continued", "from_run": 1})]
    assert describe_differences(runs)[1] == "continued from run 1; lr 0.001 → 0.0001"
    assert describe_differences(runs, "es")[1] == "continúa la ejecución 1; tasa 0,001 → 0,0001"


def test_same_settings_continued_is_not_same_settings() -> None:
    runs = [record(start=FRESH), record(start={"start": "continued", "from_run": 1})]
    assert describe_differences(runs)[1] == "continued from run 1"


def test_continued_from_weights_of_no_earlier_run() -> None:
    unknown = {"start": "continued", "from_run": None}
    later = {"start": "continued", "from_run": 5}  # not an earlier run: a hand-edited file
    runs = [record(start=unknown), record(start=later)]
    assert describe_differences(runs) == ["continued from earlier trained weights"] * 2
    assert describe_differences(runs, "es")[0] == "continúa desde pesos ya entrenados"
    assert continued_from(runs, 1) is None and epochs_before(runs, 1) == 0


def test_live_changes_end_the_label_in_both_languages() -> None:
    runs = [record(lr=0.01, start=FRESH, changes=[LR_DOWN]),
            record(lr=0.01, start=FRESH, changes=[LR_DOWN])]
    assert describe_differences(runs) == ["baseline; lr 0.01 → 0.001 at epoch 3",
                                          "lr 0.01 → 0.001 at epoch 3"]
    assert describe_differences(runs, "es")[1] == "tasa 0,01 → 0,001 en la época 3"
    assert describe_live_changes(runs[0], detail=True) == [
        "lr 0.01 → 0.001 from batch 10 of epoch 3"]
    assert describe_live_changes(runs[0], "es", detail=True) == [
        "tasa 0,01 → 0,001 desde el lote 10 de la época 3"]


def test_a_continued_run_with_a_live_change() -> None:
    runs = [record(start=FRESH),
            record(start={"start": "continued", "from_run": 1},
                   changes=[{**LR_DOWN, "from": 0.001, "to": 0.0002}])]
    assert describe_differences(runs)[1] == "continued from run 1; lr 0.001 → 0.0002 at epoch 3"


def test_the_continuation_stays_first_when_changes_are_counted() -> None:
    many = [{**LR_DOWN, "epoch": e} for e in range(1, 7)]
    runs = [record(start=FRESH), record(start={"start": "continued", "from_run": 1},
                                        changes=many)]
    assert describe_differences(runs, max_items=3)[1] == (
        "continued from run 1; lr 0.01 → 0.001 at epoch 1; +5 more")


def test_curves_of_a_chain_of_continuations_go_on_from_each_other() -> None:
    runs = [record(start=FRESH, epochs=5), record(start={"start": "continued", "from_run": 1},
                                                  epochs=3),
            record(start={"start": "continued", "from_run": 2}, epochs=2), record(start=FRESH)]
    assert [epochs_before(runs, i) for i in range(4)] == [0, 5, 8, 0]


def test_where_a_run_started_as_a_sentence() -> None:
    assert describe_start(record(start=FRESH)) == "Started from the fresh weights of seed 0."
    assert describe_start(record(start=FRESH), "es") == \
        "Empezó con los pesos nuevos de la semilla 0."
    continued = describe_start(record(start={"start": "continued", "from_run": 2}))
    assert continued.startswith("Continued from the trained weights of run 2:")
    assert "like-for-like" in continued



PRETRAINED = {"start": "pretrained", "source": "digits-network"}


def test_a_start_from_pretrained_weights_is_named_by_where_they_came_from() -> None:
    """A transfer run starts from the ready-trained digits network, not from an earlier run of
    the project: a second one used to be labelled "continued from run 2"."""
    start = WeightsStart.pretrained("digits-network")
    assert start.continued and start.from_run is None
    assert WeightsStart.from_dict(start.to_dict()) == start
    assert start.to_dict() == PRETRAINED
    runs = [record(start=FRESH), record(start=PRETRAINED), record(lr=0.01, start=PRETRAINED)]
    labels = describe_differences(runs)
    assert labels[1] == "started from the ready-trained digits network; same settings"
    assert labels[2] == "started from the ready-trained digits network; lr 0.001 → 0.01"
    assert epochs_before(runs, 2) == 0 and continued_from(runs, 2) is None
    sentence = describe_start(runs[2])
    assert sentence.startswith("Started from the weights of the ready-trained digits network:")


@pytest.mark.parametrize("source", ["", 7, None, "x" * 65])
def test_a_pretrained_start_needs_a_short_name(source: Any) -> None:
    assert WeightsStart.from_dict({"start": "pretrained", "source": source}) is None
