"""A single run stops at a target accuracy (``TrainingConfig.target_accuracy``): on the
validation accuracy, or the test accuracy when nothing is held out, with a message that says
which; 0 is off, old configurations read as 0, and values outside 0..1 are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from playground.core.data.datasets import load_dataset
from playground.core.errors import TrainingError
from playground.core.experiments.trial_run import TargetStop
from playground.core.files.project import Project, load_project, save_project
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.compare import list_changes
from playground.core.training.config import RANGES, TrainingConfig
from playground.core.training.control import TrainingControl
from playground.core.training.events import EpochEnd, Finished
from playground.core.training.loop import train
from playground.core.training.target import TARGET_REACHED, reached, target_message

MLP = TEMPLATES["mlp-mnist"].spec
OLD_PROJECT = Path(__file__).resolve().parents[1] / "old_files" / "v1" / "mlp-mnist-trained.nnp"


@pytest.fixture(scope="module")
def small_mnist():
    return load_dataset("mnist", limit=1200)


def config(**changes) -> TrainingConfig:
    return TrainingConfig(**{"epochs": 6, "batch_size": 32, **changes})


def test_a_run_ends_after_the_epoch_that_reaches_the_target(small_mnist) -> None:
    events: list = []
    result = train(MLP, config(target_accuracy=0.5), small_mnist, on_event=events.append)
    epochs = [e for e in events if isinstance(e, EpochEnd)]
    reached_at = next(e.epoch for e in epochs if e.val_accuracy >= 0.5)
    assert result.status == TARGET_REACHED and result.epochs_completed == reached_at < 6
    assert [e.epoch for e in epochs] == list(range(1, reached_at + 1))
    message = result.message
    assert message.params["epoch"] == reached_at and message.params["target"] == 0.5
    assert str(message).startswith(f"Reached the target 50.0% at epoch {reached_at}: "
                                   "validation accuracy")
    assert result.test is not None  # evaluated on the test set like any finished run
    assert isinstance(events[-1], Finished) and events[-1].result.status == TARGET_REACHED
    assert result.metrics()["status"] == TARGET_REACHED
    assert "Reached the target 50.0%" in result.metrics()["message"]


def test_without_a_validation_split_the_test_accuracy_decides_and_the_message_says_so(
        small_mnist) -> None:
    result = train(MLP, config(target_accuracy=0.5, validation_split=0.0), small_mnist)
    assert result.status == TARGET_REACHED and result.epochs_completed < 6
    assert result.history["val_accuracy"] == [None] * result.epochs_completed
    text = str(result.message)
    assert "test accuracy" in text and "no samples were held out for validation" in text
    assert result.message.params["accuracy"] >= 0.5


def test_a_target_of_zero_runs_every_epoch(small_mnist) -> None:
    result = train(MLP, config(epochs=2), small_mnist)
    assert TrainingConfig().target_accuracy == 0.0
    assert result.status == "completed" and result.epochs_completed == 2
    assert result.message == ""


def test_a_target_not_reached_runs_every_epoch(small_mnist) -> None:
    result = train(MLP, config(epochs=2, target_accuracy=1.0), small_mnist)
    assert result.status == "completed" and result.epochs_completed == 2


def test_an_old_configuration_without_the_setting_reads_as_off() -> None:
    old = TrainingConfig().to_dict()
    del old["target_accuracy"]
    assert TrainingConfig.from_dict(old).target_accuracy == 0.0
    assert TrainingConfig.from_dict({**old, "target_accuracy": 0.97}).target_accuracy == 0.97
    assert TrainingConfig(target_accuracy=1).target_accuracy == 1.0  # a whole 1 is a float


def test_project_files_old_and_new(tmp_path: Path) -> None:
    assert load_project(OLD_PROJECT).training.target_accuracy == 0.0  # written before it existed
    path = tmp_path / "target.nnp"
    save_project(Project(spec=MLP, training=TrainingConfig(target_accuracy=0.97)), path)
    assert load_project(path).training.target_accuracy == 0.97


@pytest.mark.parametrize("value", [-0.1, 1.5, 97])
def test_values_outside_zero_to_one_are_refused_with_the_range(value: float) -> None:
    assert RANGES["target_accuracy"] == (0.0, 1.0)
    with pytest.raises(TrainingError) as refused:
        TrainingConfig(target_accuracy=value)
    assert str(refused.value.message) == (
        f"target_accuracy must be between 0 and 1, not {value}.")


def test_a_regression_run_warns_that_the_target_is_ignored() -> None:
    spec = NetworkSpec((3,), "numbers", 1, (LayerSpec.create("Dense", units=1,
                                                             activation="linear"),))

    class Data:
        train_x, test_x = torch.randn(64, 3), torch.randn(16, 3)
        train_y, test_y = train_x.sum(1), test_x.sum(1)

    result = train(spec, TrainingConfig(loss="mse", epochs=2, target_accuracy=0.5), Data())
    assert result.status == "completed" and result.epochs_completed == 2
    assert any("target accuracy is ignored" in str(w) for w in result.warnings)


def test_one_rule_for_single_runs_and_experiments(small_mnist) -> None:
    assert reached(0.5, 0.5) and not reached(0.49, 0.5) and not reached(None, 0.5)
    assert reached(0.2, 0.3, "loss") and not reached(float("nan"), 0.3)
    assert target_message(0.0, 0.9, 1) is None  # 0: off
    assert target_message(0.5, 0.4, 1) is None
    # The experiments' listener stops a run at the same epoch as the setting does.
    control = TrainingControl()
    stop = TargetStop(0.5, control.stop)
    by_listener = train(MLP, config(), small_mnist, control=control, on_event=stop)
    by_setting = train(MLP, config(target_accuracy=0.5), small_mnist)
    assert by_listener.epochs_completed == stop.reached_at == by_setting.epochs_completed


def test_the_run_comparison_names_the_target() -> None:
    base = {"config": TrainingConfig().to_dict()}
    old = {"config": {k: v for k, v in base["config"].items() if k != "target_accuracy"}}
    other = {"config": TrainingConfig(target_accuracy=0.97).to_dict()}
    assert list_changes(base, other)[0] == ["stop at accuracy off → 97%"]
    assert list_changes(old, base) == ([], [])


def test_an_experiments_runs_leave_a_single_runs_target_out() -> None:
    """Runs of an experiment train their epochs so they compare; the experiment's own target
    is what ends it early, and a target is not a setting to vary."""
    from playground.core.experiments.definition import Experiment
    from playground.core.experiments.settings import NOT_VARIED
    from playground.core.experiments.varied import VariedSetting
    from playground.core.teaching.templates import TEMPLATES

    template = TEMPLATES["mlp-mnist"]
    experiment = Experiment(template.spec, template.config.with_changes(target_accuracy=0.5),
                            (VariedSetting("learning_rate", values=(0.01, 0.1)),))
    _spec, config = experiment.setup({"learning_rate": 0.1}, repeat=1)
    assert config.target_accuracy == 0.0 and config.learning_rate == 0.1
    assert "target_accuracy" in NOT_VARIED
