"""A run caught in the middle becomes an ordinary history record marked interrupted."""

from __future__ import annotations

from playground.core.files.project import Project, load_project, save_project
from playground.core.network.build import build_model
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.checkpoint import RunCheckpoint, checkpoint_of, is_interrupted
from playground.core.training.result import MAX_RECORDED_BATCHES

SPIRAL = TEMPLATES["toy-spiral"]


def checkpoint(epoch: int = 2, batch: int = 0, losses: int = 50) -> RunCheckpoint:
    weights = {k: v.clone() for k, v in build_model(SPIRAL.spec, seed=1).state_dict().items()}
    history = {"epoch": list(range(1, epoch + 1)), "train_loss": [0.5] * epoch,
               "val_loss": [0.6] * epoch, "train_accuracy": [0.7] * epoch,
               "val_accuracy": [0.65] * epoch, "seconds": [1.0] * epoch,
               "learning_rate": [0.03] * epoch}
    return RunCheckpoint(epoch=epoch, batch=batch, batches_per_epoch=25, weights=weights,
                         history=history, batch_losses=[0.4] * losses, config=SPIRAL.config,
                         seconds=2.0)


def test_the_record_is_a_finished_runs_record_marked_interrupted(tmp_path) -> None:
    record = checkpoint(epoch=2, batch=7).record(SPIRAL.spec, started=0.0)
    assert is_interrupted(record) and record["epochs"] == 2
    assert record["history"]["val_accuracy"] == [0.65, 0.65]
    assert record["checkpoint"] == {"epoch": 2, "batch": 7, "batches_per_epoch": 25}
    assert checkpoint_of(record) == (2, 7, 25)
    assert record["test_accuracy"] is None and record["started"].startswith("1970")
    path = tmp_path / "p.nnp"  # plain JSON a project file keeps
    save_project(Project(spec=SPIRAL.spec, training=SPIRAL.config, history=[record]), path)
    assert load_project(path).history == [record]


def test_a_long_runs_batch_losses_are_thinned_like_a_finished_runs() -> None:
    record = checkpoint(losses=3 * MAX_RECORDED_BATCHES).record(SPIRAL.spec, started=0.0)
    assert len(record["batch_losses"]) == MAX_RECORDED_BATCHES


def test_a_hand_edited_checkpoint_entry_is_read_defensively() -> None:
    assert checkpoint_of({"status": "interrupted", "epochs": 3}) == (3, 0, 1)
    assert checkpoint_of({"epochs": True, "checkpoint": {"epoch": "x", "batch": -2,
                                                         "batches_per_epoch": 0}}) == (0, 0, 1)


def test_an_interrupted_record_keeps_where_its_weights_started_and_its_live_changes() -> None:
    from dataclasses import replace

    from playground.core.training.config import SettingChanged, WeightsStart

    change = SettingChanged(epoch=2, batch=3, step=28, setting="learning_rate", old=0.03,
                            new=0.01)
    moment = replace(checkpoint(), weights_start=WeightsStart(continued=True, from_run=1),
                     live_changes=(change,))
    record = moment.record(SPIRAL.spec, started=0.0)
    assert record["weights_start"] == {"start": "continued", "from_run": 1}
    assert record["live_changes"] == [change.to_dict()]
