"""File ▸ Export in the window: a PyTorch script, ONNX, safetensors and the learning curves,
written off the GUI thread from a network the window has really trained."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest
import safetensors.torch
import torch
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QLineEdit, QMenu, QPushButton, QWidget

from playground.core.network.build import build_model
from playground.core.teaching.templates import TEMPLATES
from playground.gui.export_dialog import ExportActions, ScriptExportDialog
from playground.gui.main_window import MainWindow

SPIRAL = TEMPLATES["toy-spiral"]


def train_in_window(qtbot, window: MainWindow) -> None:
    """A real two-epoch run of the spiral network through the window's Train command."""
    window.document.load_template(SPIRAL)
    window.training.panel.settings.widgets["epochs"].setValue(2)
    with qtbot.waitSignal(window.training.runFinished, timeout=60_000):
        window.training.train()
    qtbot.waitUntil(lambda: not window.training.runner.running, timeout=10_000)
    assert window.document.weights is not None


@pytest.fixture(scope="module")
def spiral_weights() -> dict[str, torch.Tensor]:
    """Weights from a real short training run, shared by the tests that only export them."""
    from playground.core.data.datasets import load_dataset
    from playground.core.training.loop import Trainer

    config = SPIRAL.config.with_changes(epochs=2)
    data = load_dataset("toy-spiral", **SPIRAL.dataset_options)
    return Trainer(SPIRAL.spec, config, data).run().state_dict


@pytest.fixture
def trained(window: MainWindow, spiral_weights: dict[str, torch.Tensor]) -> MainWindow:
    """The window holding the trained spiral network, as after a run."""
    doc = window.document
    doc.load_template(SPIRAL)
    doc.weights, doc.weights_spec = dict(spiral_weights), doc.spec
    return window


def run_export(qtbot, actions: ExportActions, name: str) -> list[Path]:
    with qtbot.waitSignal(actions.exported, timeout=120_000) as blocker:
        actions.actions[name].trigger()
    assert not actions.busy and actions.actions[name].isEnabled()
    return blocker.args[0]


def test_the_entries_join_the_export_menu_once(window: MainWindow) -> None:
    window.document.load_template(SPIRAL)
    actions = window.features["export"]
    menu = window.findChild(QMenu, "exportMenu")
    names = [a.objectName() for a in menu.actions() if not a.isSeparator()]
    assert names[:4] == ["exportPytorchAction", "exportOnnxAction", "exportWeightsAction",
                         "exportJsonAction"]
    assert names.count("exportOnnxAction") == 1
    assert names[-2:] == ["exportCurvesPngAction", "exportCurvesCsvAction"]
    assert window.findChild(QAction, "exportOnnxAction") is window.actions_by_name[
        "exportOnnxAction"]
    menu.aboutToShow.emit()
    assert actions.actions["exportOnnxAction"].isEnabled()
    assert not actions.actions["exportWeightsAction"].isEnabled()  # nothing trained yet


def test_pytorch_script_starting_from_the_trained_weights(
    qtbot, trained: MainWindow, tmp_path: Path,
) -> None:
    actions = trained.features["export"]
    offered: list[bool] = []

    def choose(suggestion: Path, has_weights: bool) -> tuple[Path, bool]:
        offered.append(has_weights)
        assert suggestion.name == "toy-spiral-pytorch"
        return tmp_path / "script", True

    actions.ask_script_target = choose
    files = run_export(qtbot, actions, "exportPytorchAction")
    assert offered == [True]
    folder = tmp_path / "script"
    assert {p.name for p in files} >= {"train.py", "initial.safetensors"}
    source = (folder / "train.py").read_text(encoding="utf-8")
    compile(source, "train.py", "exec")
    assert any(isinstance(node, ast.ClassDef) and node.name == "Net"
               for node in ast.parse(source).body)
    start = safetensors.torch.load_file(folder / "initial.safetensors")
    weights = trained.document.weights
    assert start.keys() == weights.keys()
    assert all(torch.equal(start[k], weights[k]) for k in weights)
    assert files[-1] == folder / "train.py"


@pytest.mark.slow
def test_onnx_runs_in_onnxruntime_and_predicts_like_the_app(
    qtbot, trained: MainWindow, answers, tmp_path: Path,
) -> None:
    import onnxruntime

    actions = trained.features["export"]
    answers.save_path = str(tmp_path / "spiral")  # the suffix is added
    [path] = run_export(qtbot, actions, "exportOnnxAction")
    assert path == tmp_path / "spiral.onnx"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spiral.onnx"]  # no staging left
    points = np.random.default_rng(0).uniform(-1, 1, (7, 2)).astype(np.float32)
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    [predicted] = session.run(None, {session.get_inputs()[0].name: points})
    model = build_model(trained.document.spec)
    model.load_state_dict(trained.document.weights)
    with torch.no_grad():
        expected = model.eval()(torch.from_numpy(points)).numpy()
    np.testing.assert_allclose(predicted, expected, rtol=1e-4, atol=1e-5)


def test_weights_as_safetensors_carry_the_network(
    qtbot, trained: MainWindow, answers, tmp_path: Path,
) -> None:
    actions = trained.features["export"]
    actions.refresh()
    assert actions.actions["exportWeightsAction"].isEnabled()
    answers.save_path = str(tmp_path / "spiral.safetensors")
    [path] = run_export(qtbot, actions, "exportWeightsAction")
    loaded = safetensors.torch.load_file(path)
    weights = trained.document.weights
    assert all(torch.equal(loaded[k], weights[k]) for k in weights)
    with safetensors.safe_open(path, "pt") as handle:
        assert '"toy-spiral"' in handle.metadata()["network"]


def test_a_failed_export_says_why_and_the_window_carries_on(
    qtbot, trained: MainWindow, answers, tmp_path: Path,
) -> None:
    actions = trained.features["export"]
    answers.save_path = str(tmp_path / "no-such-folder" / "spiral.onnx")
    with qtbot.waitSignal(actions.exportFailed, timeout=120_000) as blocker:
        actions.actions["exportOnnxAction"].trigger()
    assert "the folder does not exist. Choose an existing folder" in blocker.args[0]
    assert answers.errors == [blocker.args[0]]
    assert actions.actions["exportOnnxAction"].isEnabled() and not actions.busy
    assert not (tmp_path / "no-such-folder").exists()


def test_learning_curves_as_csv_and_png(qtbot, window: MainWindow, answers,
                                        tmp_path: Path) -> None:
    train_in_window(qtbot, window)
    actions = window.features["export"]
    answers.save_path = str(tmp_path / "curves.csv")
    actions.actions["exportCurvesCsvAction"].trigger()
    text = (tmp_path / "curves.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("epoch") and "\n2," in text
    answers.save_path = str(tmp_path / "curves")
    actions.actions["exportCurvesPngAction"].trigger()
    assert (tmp_path / "curves.png").stat().st_size > 1000


def test_the_script_dialog_offers_the_weights_only_when_there_are_some(qtbot,
                                                                       tmp_path: Path) -> None:
    with_weights = ScriptExportDialog(tmp_path / "out", has_weights=True)
    qtbot.addWidget(with_weights)
    check = with_weights.findChild(QCheckBox, "startFromWeightsCheck")
    assert check.isEnabled() and check.isChecked()
    with_weights.findChild(QLineEdit, "scriptFolderEdit").setText(str(tmp_path / "elsewhere"))
    assert with_weights.choice() == (tmp_path / "elsewhere", True)
    check.setChecked(False)
    assert with_weights.choice()[1] is False

    without = ScriptExportDialog(tmp_path / "out", has_weights=False)
    qtbot.addWidget(without)
    assert not without.findChild(QCheckBox, "startFromWeightsCheck").isEnabled()
    assert without.choice() == (tmp_path / "out", False)
    without.findChild(QLineEdit, "scriptFolderEdit").setText("  ")
    assert not without.export_button.isEnabled()
    for widget in (with_weights, without):
        for child in widget.findChildren(QWidget):
            if isinstance(child, (QLineEdit, QCheckBox, QPushButton)):
                assert child.objectName() and child.accessibleName(), child
