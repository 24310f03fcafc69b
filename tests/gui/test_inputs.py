"""The input block (dataset and input view) and the views of an input shape."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from gui_helpers import settle

from playground.core.data.inputs import image_shape, input_views, view_kind
from playground.gui.inputs import empty_network

ROOT = Path(__file__).resolve().parents[2]


def test_views_of_an_image() -> None:
    assert [(v.kind, v.shape) for v in input_views((1, 28, 28))] == [
        ("image", (1, 28, 28)), ("flat", (784,)), ("rows", (28, 28))
    ]
    assert image_shape((784,)) == (1, 28, 28)
    assert image_shape((96, 32)) == (3, 32, 32)
    assert [v.kind for v in input_views((2,))] == ["flat"]
    assert view_kind((5, 7)) == "sequence" and view_kind((1, 2, 3, 4)) == "custom"
    assert [v.kind for v in input_views((64,), images=False)] == ["flat"]  # 64 token ids
    assert image_shape((20, 1)) is None


def test_empty_network_needs_no_dataset_registry() -> None:
    spec = empty_network("mnist")
    assert (spec.input_shape, spec.num_classes, spec.layers) == ((1, 28, 28), 10, ())
    assert empty_network("toy-spiral").input_shape == (2,)
    assert empty_network("cifar10").input_shape == (3, 32, 32)  # asks the registry


def test_pick_dataset_and_view_in_the_input_block(editor) -> None:
    block, doc = editor.input_block, editor.document
    assert block.dataset_combo.count() == 1  # the registry is not loaded at start-up
    block.dataset_combo.ensure_populated()
    names = [block.dataset_combo.itemData(i) for i in range(block.dataset_combo.count())]
    assert names[:4] == ["mnist", "mnist-full", "fashion-mnist", "cifar10"]
    assert block.dataset_combo.currentData() == "mnist"

    block.dataset_combo.activated.emit(names.index("cifar10"))
    settle()
    assert doc.spec.dataset == "cifar10" and doc.spec.input_shape == (3, 32, 32)
    assert block.shape_label.text() == "shape (3, 32, 32)"
    views = [block.view_combo.itemText(i) for i in range(block.view_combo.count())]
    assert views == ["Image (3, 32, 32)", "Flat list (3072,)", "Rows as a sequence (96, 32)"]

    block.view_combo.activated.emit(1)
    assert doc.spec.input_shape == (3072,)
    assert block.view_combo.currentText() == "Flat list (3072,)"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.spec.dataset == "mnist" and block.dataset_combo.currentData() == "mnist"


def test_text_and_sequence_datasets_are_never_offered_as_images(editor) -> None:
    block = editor.input_block
    block.dataset_combo.ensure_populated()
    for name, shape in (("text-sentiment", (20,)), ("sine-next", (20, 1))):
        editor.document.set_dataset(name)
        settle()
        assert editor.document.spec.input_shape == shape
        assert block.view_combo.count() == 1


def test_toy_datasets_offer_only_the_flat_view(editor) -> None:
    editor.document.set_dataset("toy-xor")
    settle()
    assert editor.input_block.view_combo.count() == 1
    assert not editor.input_block.view_combo.isEnabled()
    assert "2 classes" in editor.output_block.classes_label.text()


def test_thousands_of_qt_calls_do_not_crash_python() -> None:
    """PySide6 6.12 drops a reference to None/True on each void call or emit (Python 3.11)."""
    code = (
        "import playground.gui\n"
        "from PySide6.QtCore import QObject, Signal\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\n"
        "class O(QObject):\n"
        "    s = Signal()\n"
        "o, label = O(), QLabel()\n"
        "for i in range(200_000):\n"
        "    label.setText('x'); o.s.emit(); label.setVisible(False)\n"
        "print('ok')\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "ok"
