"""Experiments: their definition, a study run alone, shared by two processes, and after a crash.

Runs train the first-network template on a few hundred MNIST pictures for one to three epochs,
so a whole grid takes seconds. Processes are real processes sharing one SQLite file; a test
waits on the lines they print, never on the clock.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import optuna
import pytest

from playground.core.data.datasets import load_dataset
from playground.core.experiments import records as rec
from playground.core.experiments.conclusion import conclusion
from playground.core.experiments.definition import Experiment, ExperimentError
from playground.core.experiments.presets import PRESETS
from playground.core.experiments.records import TrialRecord, message_from_data, message_to_data
from playground.core.experiments.runner import run_experiment
from playground.core.experiments.settings import apply_values, available_settings, parse_value
from playground.core.experiments.summary import Stat, summarise
from playground.core.experiments.trial_run import TargetStop, train_one
from playground.core.experiments.varied import VariedSetting as V
from playground.core.messages import Message
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.control import TrainingControl
from playground.core.training.loop import train

MLP = TEMPLATES["mlp-mnist"]


@pytest.fixture(scope="module")
def digits():
    return load_dataset("mnist", preprocessing="center", limit=300)


def experiment(*vary: V, epochs: int = 1, **plan) -> Experiment:
    return Experiment(MLP.spec, MLP.config.with_changes(epochs=epochs), vary, **plan)


def sqlite(tmp_path: Path) -> str:
    return f"sqlite:///{(tmp_path / 'study.db').as_posix()}"


# -- the definition ----------------------------------------------------------------------------
def test_an_experiment_round_trips_through_json_with_its_version() -> None:
    e = experiment(V.grid("lr", (1e-3, 1e-2)), V.choice("activation", ("relu", "sigmoid")),
                   V.grid("layer:3:units", (32, 64)), repeats=2, limit=500, target=0.9)
    data = json.loads(e.to_json())
    assert data["format"] == "nn-playground-experiment" and data["version"] == 1
    assert data["vary"][0] == {"setting": "learning_rate", "grid": [0.001, 0.01]}
    assert Experiment.from_json(e.to_json()) == e
    searched = experiment(V.range("lr", 1e-4, 1e-1, log=True), V.range("batch_size", 16, 128),
                          mode="search", trials=5)
    assert Experiment.from_json(searched.to_json()) == searched
    with pytest.raises(ExperimentError, match="version 9 is not supported"):
        Experiment.from_dict({**data, "version": 9})


@pytest.mark.parametrize(("vary", "plan", "words"), [
    (V.grid("lr", (1e-3, -1.0)), {}, "learning rate = -1.0: learning_rate must be between 0"),
    (V.grid("optimizer", ("adam", "adamx")), {}, "optimizer must be one of sgd, adam"),
    (V.grid("layer:9:units", (32,)), {}, "There is no layer 9: the network has 4 layers"),
    (V.grid("layer:2:units", (0,)), {}, "Dense.units must be at least 1, not 0"),
    (V.grid("layer:1:units", (3,)), {}, "Layer 1 (Flatten) has no setting 'units'"),
    (V.grid("layer:4:units", (3,)), {}, "must end with 10 outputs"),
    (V.grid("dropout", (0.99,)), {}, "Dropout.rate must be at most 0.95"),
    (V.grid("speed", (1,)), {}, "Unknown setting 'speed'"),
    (V.grid("seed", (1, 2)), {}, "Unknown setting 'seed'"),
    (V.range("lr", 1e-4, 1e-1, log=True), {}, "a range, which only a search can try"),
    (V.choice("activation", ("relu", "sigmoid")), {"mode": "search", "trials": 5},
     "only 2 combinations would try each of them"),
    (V.grid("lr", (1e-3,)), {"repeats": 0}, "repeats must be a whole number from 1"),
    (V.grid("lr", (1e-3,)), {"target": 1.5}, "The target must be a number above 0"),
])
def test_impossible_experiments_are_refused_up_front_in_the_config_s_words(
        vary: V, plan: dict, words: str) -> None:
    with pytest.raises(ExperimentError) as err:
        experiment(vary, **plan)
    assert words in str(err.value)


def test_varied_settings_check_their_own_shape() -> None:
    with pytest.raises(ExperimentError, match="lists a value twice"):
        V.grid("lr", (0.1, 0.1))
    with pytest.raises(ExperimentError, match="must start above 0"):
        V.range("lr", 0.0, 1.0, log=True)
    with pytest.raises(ExperimentError, match="not a number, a name or true/false"):
        V.grid("lr", ([1],))
    assert parse_value("batch_size", MLP.spec, "64") == 64
    assert parse_value("augment", MLP.spec, "on") is True
    with pytest.raises(ExperimentError, match="takes whole numbers"):
        parse_value("batch_size", MLP.spec, "6.5")


def test_depth_dropout_and_activation_change_the_hidden_layers() -> None:
    spec, config = apply_values(MLP.spec, MLP.config, {"depth": 4, "dropout": 0.5,
                                                       "activation": "sigmoid", "lr": 0.01})
    assert [layer.type for layer in spec.layers] == ["Flatten"] + ["Dense", "Dropout"] * 4 + [
        "Dense"]
    assert all(layer["activation"] == "sigmoid" for layer in spec.layers[1:-1:2])
    assert spec.layers[-1]["activation"] == "softmax" and config.learning_rate == 0.01
    shallow, _ = apply_values(spec, config, {"depth": 1, "dropout": 0.0})
    assert [layer.type for layer in shallow.layers] == ["Flatten", "Dense", "Dense"]
    cnn = TEMPLATES["resnet-fashion"]
    with pytest.raises(ExperimentError, match="this network branches"):
        Experiment(cnn.spec, cnn.config, (V.grid("depth", (1, 2)),))
    names = available_settings(MLP.spec)
    assert {"learning_rate", "depth", "dropout", "activation", "layer:3:units"} <= set(names)
    assert "seed" not in names and "depth" not in available_settings(cnn.spec)


def test_the_six_lesson_experiments_fit_the_lesson_s_network() -> None:
    assert list(PRESETS) == ["learning-rate", "batch-size", "depth", "activation", "dropout",
                             "validation-split"]
    built = {name: p.experiment(MLP.spec, MLP.config, repeats=2) for name, p in PRESETS.items()}
    assert built["learning-rate"].vary[0].values == (1e-4, 1e-3, 1e-2, 1e-1)
    assert [e.measure for e in built.values()] == ["validation"] * 5 + ["test"]
    assert len(built["depth"].combinations()) == 4


# -- running -----------------------------------------------------------------------------------
def test_a_grid_of_three_values_twice_runs_six_times_and_sums_up_in_three_rows(
        tmp_path: Path, digits) -> None:
    e = experiment(V.grid("lr", (1e-3, 1e-2, 1e-1)), repeats=2)
    seen: list[TrialRecord] = []
    result = run_experiment(e, sqlite(tmp_path), "lr", digits, on_trial=seen.append)
    assert result.stopped == "finished" and len(result.ran) == 6
    ended = [r for r in seen if r.status != rec.RUNNING]
    assert sorted((r.values["learning_rate"], r.seed) for r in ended) == sorted(
        (lr, seed) for lr in (1e-3, 1e-2, 1e-1) for seed in (0, 1))
    assert all(r.history["epoch"] == [1] and r.final["test_accuracy"] is not None for r in ended)
    rows = result.rows
    assert [row.values for row in rows] == [{"learning_rate": v} for v in (1e-3, 1e-2, 1e-1)]
    for row in rows:
        assert row.runs == row.measured == row.score.count == 2 and row.score.std is not None
        assert row.score.mean == pytest.approx(row.val_accuracy.mean)
    assert sum(row.best for row in rows) == 1
    best = max(rows, key=lambda row: row.score.mean)
    assert best.best
    # The same study read back by another reader gives the same table.
    study = optuna.load_study(study_name="lr", storage=sqlite(tmp_path))
    assert [(r.values, r.score) for r in summarise(study)] == [(r.values, r.score) for r in rows]
    again = run_experiment(e, sqlite(tmp_path), "lr", digits)
    assert again.ran == () and again.stopped == "finished"
    with pytest.raises(ExperimentError, match="already holds another experiment"):
        run_experiment(experiment(V.grid("lr", (0.5,))), sqlite(tmp_path), "lr", digits)


def test_a_run_that_falls_behind_is_pruned_after_its_first_epoch(digits) -> None:
    e = experiment(V.grid("lr", (3e-3, 1e-7)), epochs=3, repeats=3, prune=True)
    result = run_experiment(e, None, "prune", digits)
    pruned = [r for r in result.records if r.status == rec.PRUNED]
    assert pruned and all(r.epochs == 1 < 3 for r in pruned)
    assert {"learning_rate": 1e-7} in [r.values for r in pruned]
    assert next(row.pruned for row in result.rows if row.values["learning_rate"] == 1e-7) >= 1


def test_the_pruning_hook_stops_the_run_and_keeps_its_history(digits) -> None:
    e = experiment(V.grid("lr", (1e-3,)), epochs=3)
    spec, config = e.setup({"learning_rate": 1e-3})
    asked: list[tuple[float, int]] = []
    outcome = train_one(e, config, spec, digits,
                        report=lambda value, epoch: asked.append((value, epoch)) or True)
    assert outcome.pruned and [epoch for _, epoch in asked] == [1]
    assert outcome.history["epoch"] == [1] and outcome.score(e) is not None


def test_a_target_stops_the_run_and_the_experiment(tmp_path: Path, digits) -> None:
    e = experiment(V.grid("lr", (1e-2, 2e-2, 3e-2)), epochs=6, repeats=2, target=0.3)
    result = run_experiment(e, sqlite(tmp_path), "target", digits)
    assert result.stopped == "target" and len(result.ran) < 6
    hit = [r for r in result.records if r.status == rec.TARGET]
    assert len(hit) == 1 and hit[0].epochs < 6 and hit[0].score >= 0.3
    assert result.target_trial == hit[0].number
    assert "reached the target of 30.0%" in conclusion(result)
    # The same helper ends a single run from the command line or the window.
    control = TrainingControl()
    stop = TargetStop(0.3, control.stop)
    single = train(MLP.spec, MLP.config.with_changes(epochs=6), digits, control=control,
                   on_event=stop)
    assert stop.reached_at is not None and single.epochs_completed == stop.reached_at < 6


def test_a_stop_request_ends_the_experiment_and_queues_the_run_again(tmp_path: Path,
                                                                     digits) -> None:
    e = experiment(V.grid("lr", (1e-3, 1e-2)), epochs=2)
    started: list[int] = []

    def on_trial(record: TrialRecord) -> None:
        if record.status == rec.RUNNING:
            started.append(record.number)

    result = run_experiment(e, sqlite(tmp_path), "stop", digits, on_trial=on_trial,
                            should_stop=lambda: bool(started))
    assert result.stopped == "stopped"
    assert [r.status for r in result.records] == [rec.STOPPED, rec.WAITING, rec.WAITING]
    assert result.records[2].retry_of == 0 and result.records[2].key == result.records[0].key
    rest = run_experiment(e, sqlite(tmp_path), "stop", digits)
    assert rest.stopped == "finished" and len(rest.ran) == 2
    assert [row.measured for row in rest.rows] == [1, 1]


def test_one_setting_has_no_importance_and_says_why(digits) -> None:
    result = run_experiment(experiment(V.grid("lr", (1e-3, 1e-2))), None, "one", digits)
    assert result.importance is None and "two varied settings" in str(result.importance_note)


# -- several processes ------------------------------------------------------------------------
WORKER = textwrap.dedent("""
    import sys
    from playground.core.experiments.definition import Experiment
    from playground.core.experiments.varied import VariedSetting
    from playground.core.experiments.runner import run_experiment
    from playground.core.teaching.templates import TEMPLATES

    T = TEMPLATES["mlp-mnist"]
    e = Experiment(T.spec, T.config.with_changes(epochs=int(sys.argv[2])),
                   (VariedSetting.grid("learning_rate", [1e-3, 1e-2]),), repeats=2,
                   limit=int(sys.argv[3]))

    def show(record):
        if record.status == "running" and record.epochs == 0:
            print("start", record.number, flush=True)
        elif record.status != "running":
            print("end", record.number, record.status, flush=True)

    result = run_experiment(e, sys.argv[1], "shared", on_trial=show)
    print("done", len(result.ran), len(result.recovered), flush=True)
""")


def worker(tmp_path: Path, epochs: int, limit: int) -> subprocess.Popen[str]:
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    return subprocess.Popen([sys.executable, str(script), sqlite(tmp_path), str(epochs),
                             str(limit)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def completed_once(tmp_path: Path) -> list[optuna.trial.FrozenTrial]:
    study = optuna.load_study(study_name="shared", storage=sqlite(tmp_path))
    done = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
    keys = [(t.params["learning_rate"], t.params["repeat"]) for t in done]
    assert sorted(keys) == sorted((lr, r) for lr in (1e-3, 1e-2) for r in (0, 1))
    return study.trials


@pytest.mark.slow
def test_two_processes_share_a_grid_without_running_a_combination_twice(tmp_path: Path) -> None:
    first, second = worker(tmp_path, 2, 1000), worker(tmp_path, 2, 1000)
    outputs = [proc.communicate(timeout=240) for proc in (first, second)]
    assert first.returncode == second.returncode == 0, outputs
    starts = [sum(line.startswith("start") for line in out.splitlines()) for out, _ in outputs]
    ran = [int(out.strip().splitlines()[-1].split()[1]) for out, _ in outputs]
    assert sum(starts) == sum(ran) == 4  # every combination ran once, in one of the two
    completed_once(tmp_path)


@pytest.mark.slow
def test_a_killed_process_loses_at_most_its_running_trial(tmp_path: Path) -> None:
    doomed = worker(tmp_path, 3, 3000)
    assert doomed.stdout is not None
    for line in doomed.stdout:  # wait until the first run is under way
        if line.startswith("start"):
            break
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=60)
    survivor = worker(tmp_path, 3, 3000)
    out, err = survivor.communicate(timeout=240)
    assert survivor.returncode == 0, err
    ran, recovered = map(int, out.strip().splitlines()[-1].split()[1:])
    trials = completed_once(tmp_path)
    by_doomed = [t for t in trials if t.state == optuna.trial.TrialState.COMPLETE
                 and t.user_attrs["run"]["pid"] == doomed.pid]
    assert ran + len(by_doomed) == 4
    lost = [t for t in trials if t.state == optuna.trial.TrialState.FAIL]
    assert len(lost) == recovered <= 1
    retries = [t for t in trials if t.user_attrs.get("retry_of") is not None]
    assert [t.user_attrs["retry_of"] for t in retries] == [t.number for t in lost]


# -- the conclusion ----------------------------------------------------------------------------
def test_the_conclusion_names_the_best_and_the_diverged_in_english_and_spanish(digits) -> None:
    e = experiment(V.grid("lr", (1e-3, 1e-2, 50.0)), repeats=2)
    result = run_experiment(e, None, "words", digits)
    english = conclusion(result, "en")
    best = next(row for row in result.rows if row.best)
    assert f"came with learning rate = {best.values['learning_rate']:g}" in english
    assert "learning rate = 50 training diverged" in english
    spanish = conclusion(result, "es")
    assert "La mejor exactitud de validación" in spanish
    assert "tasa de aprendizaje = 0,0" in spanish and "divergió" in spanish
    assert format(best.score.mean, ".1%").replace(".", ",") in spanish


def test_records_keep_messages_for_any_language() -> None:
    message = Message("Training stopped with an error: {error}", error="boom")
    nested = Message("{explanation} {suggestion}", explanation=message, suggestion="x")
    assert message_from_data(json.loads(json.dumps(message_to_data(nested)))) == nested
    assert Stat.of([0.5, 0.7, None]).count == 2 and Stat.of([0.5]).std is None


def test_the_conclusion_reads_the_table_a_rising_loss_and_the_noise() -> None:
    from playground.core.experiments.runner import ExperimentResult
    from playground.core.experiments.summary import summarise_records

    e = experiment(V.grid("lr", (1e-3, 1e-2, 1e-1)), repeats=2)

    def run(number: int, lr: float, repeat: int, accuracy: float, losses: list[float]):
        return TrialRecord(number, {"learning_rate": lr}, repeat, repeat, rec.COMPLETED, 2,
                           {"epoch": [1, 2], "train_loss": losses},
                           {"val_accuracy": accuracy, "start_loss": 2.3}, accuracy)

    records = [run(0, 1e-3, 0, 0.95, [0.5, 0.3]), run(1, 1e-3, 1, 0.96, [0.5, 0.3]),
               run(2, 1e-2, 0, 0.94, [0.6, 0.4]), run(3, 1e-2, 1, 0.98, [0.6, 0.4]),
               run(4, 1e-1, 0, 0.30, [3.9, 1.9]), run(5, 1e-1, 1, 0.20, [3.3, 2.3])]
    rows = summarise_records(e, records)
    assert [row.rose for row in rows] == [0, 0, 2]
    result = ExperimentResult(e, "s", None, tuple(records), tuple(rows), "finished", (), (), 1.0)
    text = conclusion(result)
    assert text.startswith("The best validation accuracy, 96.0% on average over 2 seeds "
                           "(± 2.8%), came with learning rate = 0.01.")
    assert "The best two differ by 0.5%, less than the spread between seeds" in text
    assert "With learning rate = 0.1 the training loss rose above where it started" in text
    assert "it reached 25.0%" in text


def test_a_loss_that_barely_moves_did_not_rise_a_loss_clearly_above_its_start_did() -> None:
    """A tiny learning rate's epoch mean may sit a hair above the first batch's loss by noise;
    the conclusion called that "too big a step" (seen with 1e-4 on the learning-rate preset)."""
    from playground.core.experiments.records import TrialRecord

    def run(losses: list[float]) -> TrialRecord:
        return TrialRecord(number=0, values={"learning_rate": 1e-4}, repeat=0,
                           history={"train_loss": losses}, final={"start_loss": 2.30})

    assert not run([2.31, 2.305, 2.30]).rose  # flat: a slow learner
    assert run([2.9, 2.4]).rose  # clearly up: steps too big
