"""The compare pane on real run records: the first lesson's baseline, lr 0.005 and sigmoid runs."""

from __future__ import annotations

import csv
import io
import time
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from playground.core.data.datasets import load_dataset
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.loop import train
from playground.gui.training.compare_pane import MAX_INITIALLY_CHECKED, ComparePane

MLP = TEMPLATES["mlp-mnist"]
LABELS = ["baseline", "lr 0.001 → 0.005", "layers 2–3 Dense: relu → sigmoid"]


def sigmoid_spec():
    return MLP.spec.with_layers(
        layer.with_params(activation="sigmoid") if layer.type == "Dense"
        and layer["activation"] == "relu" else layer for layer in MLP.spec.layers
    )


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    data = load_dataset("mnist", limit=400)
    config = replace(MLP.config, epochs=2, device="cpu")
    runs = [(MLP.spec, config), (MLP.spec, config.with_changes(learning_rate=0.005)),
            (sigmoid_spec(), config)]
    out = []
    for spec, cfg in runs:
        started = time.time()
        out.append(train(spec, cfg, data).to_record(spec, started))
    return out


@pytest.fixture
def pane(qtbot, records) -> ComparePane:
    widget = ComparePane()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_runs(records)
    return widget


def column(pane: ComparePane, title: str) -> list[str]:
    c = pane.column_titles().index(title)
    return [pane.table.item(r, c).text() for r in range(pane.table.rowCount())]


def test_runs_are_listed_with_their_change_and_accuracy(pane: ComparePane, records) -> None:
    assert pane.labels == LABELS
    texts = [pane.run_list.item(i).text() for i in range(pane.run_list.count())]
    for i, (text, record) in enumerate(zip(texts, records, strict=True)):
        assert text == f"{i + 1} · {record['test_accuracy']:.1%} · {LABELS[i]}"
    assert pane.selected_runs() == [0, 1, 2]
    assert "Changed from run 1: lr 0.001 → 0.005" in pane.run_list.item(1).toolTip()


def test_one_table_row_per_run_with_final_metrics(pane: ComparePane, records) -> None:
    assert pane.table.rowCount() == 3
    assert column(pane, "Run") == ["1", "2", "3"]
    assert column(pane, "Change") == LABELS
    assert column(pane, "Test accuracy") == [f"{r['test_accuracy']:.2%}" for r in records]
    assert column(pane, "Test loss") == [f"{r['test_loss']:.4f}" for r in records]
    assert column(pane, "Epochs") == ["2", "2", "2"]
    assert column(pane, "Parameters") == ["55,050"] * 3
    best = int(np.argmax([r["test_accuracy"] for r in records]))
    c = pane.column_titles().index("Test accuracy")
    assert pane.table.item(best, c).font().bold()


def test_selected_runs_are_overlaid(pane: ComparePane, records) -> None:
    assert len(pane.loss_items) == 3 and len(pane.acc_items) == 3
    for item, record in zip(pane.loss_items, records, strict=True):
        x, y = item.getData()
        np.testing.assert_array_equal(x, record["history"]["epoch"])
        np.testing.assert_allclose(y, record["history"]["val_loss"])
    assert pane.legend_entries == LABELS
    assert "relu&nbsp;→&nbsp;sigmoid" in pane.legend.text()
    assert pane.loss_plot.getPlotItem().titleLabel.text == "Validation loss"


def test_unticking_a_run_removes_its_curve_and_row(qtbot, pane: ComparePane) -> None:
    item = pane.run_list.item(1)
    rect = pane.run_list.visualItemRect(item)
    # Click the check box at the left of the row.
    qtbot.mouseClick(pane.run_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.left() + 10, rect.center().y()))
    assert item.checkState() == Qt.CheckState.Unchecked
    assert pane.selected_runs() == [0, 2]
    assert column(pane, "Change") == [LABELS[0], LABELS[2]]
    assert len(pane.loss_items) == 2 and pane.legend_entries == [LABELS[0], LABELS[2]]
    pane.set_checked(1, True)
    assert pane.table.rowCount() == 3


def test_csv_and_png_export(pane: ComparePane, records, tmp_path) -> None:
    path = tmp_path / "comparison.csv"
    pane.export_csv(path)
    metrics, curves = path.read_text(encoding="utf-8").split("\n\n")
    rows = list(csv.DictReader(io.StringIO(metrics)))
    assert [row["change"] for row in rows] == LABELS
    assert float(rows[1]["test_accuracy"]) == pytest.approx(records[1]["test_accuracy"])
    epochs = list(csv.DictReader(io.StringIO(curves)))
    assert len(epochs) == 3 * 2
    assert float(epochs[0]["val_loss"]) == pytest.approx(records[0]["history"]["val_loss"][0])
    png = tmp_path / "comparison.png"
    assert pane.export_png(png) and QImage(str(png)).width() == pane.width()


def test_runs_without_validation_use_training_curves(qtbot, records) -> None:
    no_val = []
    for record in records[:2]:
        history = {**record["history"], "val_loss": [None, None], "val_accuracy": [None, None]}
        no_val.append({**record, "history": history})
    pane = ComparePane()
    qtbot.addWidget(pane)
    pane.set_runs(no_val)
    _, y = pane.loss_items[0].getData()
    np.testing.assert_allclose(y, records[0]["history"]["train_loss"])
    assert pane.loss_plot.getPlotItem().titleLabel.text == "Training loss"
    assert pane.legend_entries[0] == "baseline (training)"


def test_empty_history_and_many_runs(qtbot, records) -> None:
    pane = ComparePane()
    qtbot.addWidget(pane)
    assert pane.table.rowCount() == 0 and "No runs yet" in pane.hint.text()
    many = [records[0]] + [{**records[0], "config": {**records[0]["config"], "seed": s}}
                           for s in range(1, 9)]
    pane.set_runs(many)
    first_last = [0, *range(9 - (MAX_INITIALLY_CHECKED - 1), 9)]
    assert pane.selected_runs() == first_last
    assert pane.labels[1] == "same settings (seed 0 vs 1)"
    assert pane.legend_names[1] == pane.labels[1]  # no duplicate labels here
    pane.set_runs([records[0], records[0], records[0]])
    assert pane.legend_names == ["baseline", "same settings (run 2)", "same settings (run 3)"]


def test_spanish_labels(qtbot, records) -> None:
    pane = ComparePane(language="es")
    qtbot.addWidget(pane)
    pane.set_runs(records)
    assert pane.labels[0] == "referencia"
    assert pane.labels[2] == "capas 2–3 Dense: relu → sigmoid"


def test_opening_a_project_lists_its_runs(qtbot, records, tmp_path) -> None:
    from playground.app import create_window
    from playground.core.files.project import Project, save_project

    path = tmp_path / "three-runs.nnp"
    save_project(Project(spec=MLP.spec, training=MLP.config, history=records), path)
    window = create_window(restore_layout=False)
    qtbot.addWidget(window)
    assert window.open_path(path)
    assert window.training.compare.table.rowCount() == 3
    assert len(window.document.history) == 3
