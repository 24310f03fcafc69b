"""Train with trained weights in the document: the user chooses to go on from them or to start
fresh, the choice is remembered, and every run's record and its Compare label say where its
weights started and which settings changed while it ran. Real widgets, real small runs."""

from __future__ import annotations

import functools
from typing import Any

import pytest
import torch
from PySide6.QtCore import Qt

from playground.core.network.build import build_model
from playground.core.teaching.templates import TEMPLATES
from playground.gui.app_settings import AppSettings
from playground.gui.document import Document
from playground.gui.training import controller as controller_module
from playground.gui.training.controller import TrainingController
from playground.gui.training.worker import RunRequest

TRAIN_LIMIT = 600  # samples: a run of one epoch takes a moment


@pytest.fixture(autouse=True)
def _small_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(controller_module, "RunRequest",
                        functools.partial(RunRequest, limit=TRAIN_LIMIT))


def make_controller(qtbot) -> TrainingController:
    doc = Document()
    doc.load_template(TEMPLATES["mlp-mnist"])
    ctl = TrainingController(doc)
    qtbot.addWidget(ctl.panel, before_close_func=lambda _panel: ctl.shutdown())
    qtbot.addWidget(ctl.compare)
    ctl.panel.settings.widgets["epochs"].setValue(1)
    ctl.panel.show()
    return ctl


@pytest.fixture
def controller(qtbot) -> TrainingController:
    return make_controller(qtbot)


def train_once(qtbot, ctl: TrainingController) -> tuple[Any, dict[str, torch.Tensor]]:
    """Press Train, wait for the run to end; its result and the weights it started from."""
    starts: list[dict[str, torch.Tensor]] = []

    def first_snapshot(snapshot: Any) -> None:
        if snapshot.epoch == 0 and not starts:  # the network before its first batch
            starts.append({k: v.clone() for k, v in snapshot.state.items()})

    ctl.runner.snapshotTaken.connect(first_snapshot)
    with qtbot.waitSignal(ctl.runFinished, timeout=60_000) as finished:
        qtbot.mouseClick(ctl.panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ctl.runner.running, timeout=10_000)
    ctl.runner.snapshotTaken.disconnect(first_snapshot)
    return finished.args[0], starts[0]


def same(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def seed_weights(ctl: TrainingController) -> dict[str, torch.Tensor]:
    doc = ctl.document
    cfg = doc.config
    return build_model(doc.spec, seed=cfg.seed, init=cfg.init,
                       init_std=cfg.init_std).state_dict()


def test_the_choice_appears_only_while_trained_weights_fit_the_network(qtbot,
                                                                       controller) -> None:
    panel = controller.panel
    assert not panel.start_choice_box.isVisible()  # nothing trained yet: nothing to choose
    train_once(qtbot, controller)
    assert panel.start_choice_box.isVisible() and panel.start_choice_box.isEnabled()
    assert panel.continue_radio.text() == "the trained weights of run 1"
    assert panel.fresh_radio.text() == "fresh weights (seed 0)"
    panel.settings.widgets["seed"].setValue(4)
    assert panel.fresh_radio.text() == "fresh weights (seed 4)"

    doc = controller.document
    doc.edit("wider", spec=doc.spec.replace_layer(
        1, doc.spec.layers[1].with_params(units=32)))
    assert not panel.start_choice_box.isVisible()  # the weights no longer fit
    doc.undo_stack.undo()
    assert panel.start_choice_box.isVisible()
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert not panel.start_choice_box.isVisible()


def test_continue_starts_from_the_trained_weights_and_says_so(qtbot, controller) -> None:
    first, _ = train_once(qtbot, controller)
    trained = {k: v.clone() for k, v in controller.document.weights.items()}
    assert same(trained, first.state_dict)
    panel = controller.panel
    assert panel.continue_radio.isChecked()  # the default, as Keras's fit goes on
    messages: list[str] = []
    controller.statusMessage.connect(messages.append)
    second, started = train_once(qtbot, controller)
    assert same(started, trained)
    assert not same(started, seed_weights(controller))
    assert "Continuing from the weights of run 1." in messages
    assert controller.document.history[1]["weights_start"] == {"start": "continued",
                                                               "from_run": 1}
    assert second.weights_start.from_run == 1
    # Compare names it by the run it continued, and its curve goes on after run 1's epoch.
    compare = controller.compare
    assert compare.labels == ["baseline", "continued from run 1"]
    assert "continued" in compare.hint.text()
    tooltip = compare.run_list.item(1).toolTip()
    assert "Continued from the trained weights of run 1" in tooltip
    x, _ = compare.loss_items[1].getData()
    assert list(x) == [2.0]
    rows = compare.table_rows()
    assert rows[1]["continued"] and not rows[0]["continued"]


def test_fresh_starts_from_the_seeds_initial_weights(qtbot, controller) -> None:
    train_once(qtbot, controller)
    messages: list[str] = []
    controller.statusMessage.connect(messages.append)
    qtbot.mouseClick(controller.panel.fresh_radio, Qt.MouseButton.LeftButton)
    assert controller.panel.start_choice == "fresh"
    _, started = train_once(qtbot, controller)
    assert same(started, seed_weights(controller))
    assert "Starting from the fresh weights of seed 0." in messages
    assert controller.document.history[1]["weights_start"] == {"start": "fresh", "seed": 0}
    assert controller.compare.labels == ["baseline", "same settings"]


def test_the_first_run_records_a_fresh_start(qtbot, controller) -> None:
    _, started = train_once(qtbot, controller)
    assert same(started, seed_weights(controller))
    assert controller.document.history[0]["weights_start"] == {"start": "fresh", "seed": 0}
    assert controller.document.history[0]["live_changes"] == []


def test_the_choice_is_remembered(qtbot, controller) -> None:
    train_once(qtbot, controller)
    qtbot.mouseClick(controller.panel.fresh_radio, Qt.MouseButton.LeftButton)
    assert AppSettings().start_from == "fresh"
    later = make_controller(qtbot)  # as the next window, or the next start of the app
    assert later.panel.start_choice == "fresh" and later.panel.fresh_radio.isChecked()
    qtbot.mouseClick(later.panel.train_button, Qt.MouseButton.LeftButton)  # no weights yet
    qtbot.waitUntil(lambda: not later.runner.running and bool(later.document.history),
                    timeout=60_000)
    qtbot.mouseClick(later.panel.continue_radio, Qt.MouseButton.LeftButton)
    assert AppSettings().start_from == "continue"


def test_a_lesson_can_ask_for_one_start_without_changing_the_choice(qtbot, controller) -> None:
    train_once(qtbot, controller)
    with qtbot.waitSignal(controller.runFinished, timeout=60_000):
        controller.train(start="fresh")
    assert controller.document.history[1]["weights_start"]["start"] == "fresh"
    assert controller.panel.start_choice == "continue"


def test_a_live_learning_rate_change_is_in_the_record_and_in_compare(qtbot,
                                                                     controller) -> None:
    panel = controller.panel
    panel.settings.widgets["epochs"].setValue(200)
    changes: list[Any] = []
    controller.runner.settingChanged.connect(changes.append)
    steps: list[int] = []
    controller.runner.progress.connect(lambda e: steps.append(e.step))
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(steps) > 1, timeout=30_000)
    edit = panel.settings.widgets["learning_rate"]
    edit.setText("0,0005")
    edit.editingFinished.emit()
    qtbot.waitUntil(lambda: bool(changes), timeout=10_000)
    assert "Learning rate 0.001 → 0.0005" in panel.message.text()
    # Undoing the edit during the run takes the rate back in the run as well.
    controller.document.undo_stack.undo()
    assert controller.document.config.learning_rate == pytest.approx(0.001)
    qtbot.waitUntil(lambda: len(changes) == 2, timeout=10_000)
    with qtbot.waitSignal(controller.runFinished, timeout=10_000):
        controller.stop()
    record = controller.document.history[0]
    live = record["live_changes"]
    assert [(c["setting"], c["from"], c["to"]) for c in live] == [
        ("learning_rate", 0.001, 0.0005), ("learning_rate", 0.0005, 0.001)]
    first = changes[0]
    assert live[0] == {"epoch": first.epoch, "batch": first.batch, "step": first.step,
                       "setting": "learning_rate", "from": 0.001, "to": 0.0005}
    label = controller.compare.labels[0]
    assert f"lr 0.001 → 0.0005 at epoch {first.epoch}" in label
    tooltip = controller.compare.run_list.item(0).toolTip()
    assert (f"Changed during the run: lr 0.001 → 0.0005 from batch {first.batch + 1} of epoch "
            f"{first.epoch}") in tooltip


# -- Compare, on records as a project file holds them ---------------------------------------------


def run_record(accuracy: float, start: dict[str, Any] | None, epochs: int = 2) -> dict[str, Any]:
    from playground.core.training.config import TrainingConfig

    return {"spec": TEMPLATES["mlp-mnist"].spec.to_dict(), "config": TrainingConfig().to_dict(),
            "status": "completed", "test_accuracy": accuracy, "test_loss": 1 - accuracy,
            "epochs": epochs, "history": {"epoch": list(range(1, epochs + 1)),
                                          "val_loss": [0.5] * epochs,
                                          "val_accuracy": [accuracy] * epochs},
            **({"weights_start": start} if start is not None else {})}


def test_a_continued_run_is_never_the_best_of_a_column(qtbot) -> None:
    from playground.gui.training.compare_pane import ComparePane

    pane = ComparePane()
    qtbot.addWidget(pane)
    fresh = {"start": "fresh", "seed": 0}
    pane.set_runs([run_record(0.80, fresh), run_record(0.85, fresh),
                   run_record(0.95, {"start": "continued", "from_run": 2}, epochs=3)])
    bold = {pane.table.item(r, 0).text(): pane.table.item(r, 2).font().bold()
            for r in range(pane.table.rowCount())}
    assert bold == {"1": False, "2": True, "3": False}  # 85 %, not the continuation's 95 %
    assert pane.labels == ["baseline", "same settings", "continued from run 2"]
    x, _ = pane.loss_items[2].getData()
    assert list(x) == [3.0, 4.0, 5.0]  # after run 2's two epochs


def test_old_records_without_a_start_show_as_before(qtbot) -> None:
    from playground.gui.training.compare_pane import ComparePane

    pane = ComparePane()
    qtbot.addWidget(pane)
    pane.set_runs([run_record(0.80, None), run_record(0.85, None)])
    assert pane.labels == ["baseline", "same settings"]
    assert pane.hint.text() == "Each run is named by what it changed from run 1."
    assert "Changed from run 1: same settings" in pane.run_list.item(1).toolTip()
