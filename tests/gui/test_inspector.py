"""The inspector's generated form: kinds of editors, ranges, immediate edits, merged undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox

from playground.core.network.layers import LAYER_TYPES
from playground.core.network.spec import LayerSpec
from playground.core.teaching.templates import TEMPLATES
from playground.gui.document import Document
from playground.gui.inspector import Inspector, parse_shape

KIND_WIDGETS = {
    "int": QSpinBox, "float": QDoubleSpinBox, "bool": QCheckBox, "choice": QComboBox,
    "shape": QLineEdit,
}


@pytest.fixture
def inspector(qtbot) -> Inspector:
    widget = Inspector(Document())
    widget.resize(320, 600)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def select_new(inspector: Inspector, type_name: str) -> Document:
    doc = inspector.document
    if LAYER_TYPES[type_name].merges:  # a merge reads two inputs: a skip around a layer
        doc.append_layer("Dense")
        doc.add_skip(0, 0, type_name)
    else:
        doc.append_layer(type_name)
    doc.select(len(doc.spec.layers) - 1)
    return doc


@pytest.mark.parametrize("type_name", list(LAYER_TYPES))
def test_form_has_one_bounded_editor_per_parameter(inspector, type_name: str) -> None:
    select_new(inspector, type_name)
    layer_type = LAYER_TYPES[type_name]
    assert inspector.title.text() == layer_type.title.en
    assert inspector.explanation.text() == layer_type.explanation.en
    assert set(inspector.editors) == {p.name for p in layer_type.params}
    for p in layer_type.params:
        editor = inspector.editors[p.name]
        assert isinstance(editor, KIND_WIDGETS[p.kind])
        assert editor.objectName() == f"param_{p.name}"
        assert editor.accessibleName() == p.label.en
        assert editor.toolTip() == p.help.en
        if p.kind in ("int", "float"):
            assert editor.minimum() == pytest.approx(p.minimum)
            assert editor.maximum() == pytest.approx(p.maximum)
            assert editor.value() == pytest.approx(p.default)
        if p.kind == "choice":
            assert [editor.itemData(i) for i in range(editor.count())] == list(p.choices)


def test_nothing_selected_explains_what_to_do(inspector) -> None:
    assert inspector.title.text() == "No layer selected"
    assert inspector.editors == {}
    inspector.show_type("Dropout")
    assert inspector.explanation.text() == LAYER_TYPES["Dropout"].explanation.en


def test_typing_a_value_applies_at_once_and_is_one_undo_step(inspector, qtbot) -> None:
    doc = select_new(inspector, "Dense")
    spin = inspector.editors["units"]
    spin.selectAll()
    qtbot.keyClicks(spin, "128")
    assert doc.spec.layers[0]["units"] == 128
    assert "needs a flat list" in inspector.stats.text()  # Dense on an image: still editable
    qtbot.keyClick(spin, Qt.Key.Key_Return)  # editingFinished closes the step
    assert doc.undo_stack.count() == 2  # add Dense, change units (1, 12, 128 merged)
    doc.undo_stack.undo()
    assert doc.spec.layers[0]["units"] == 64
    assert spin.value() == 64  # the form follows undo


def test_spin_box_drag_merges_until_the_field_is_left(inspector) -> None:
    doc = select_new(inspector, "Conv2D")
    spin = inspector.editors["filters"]
    for _ in range(5):
        spin.stepUp()
    assert doc.spec.layers[0]["filters"] == 13
    assert doc.undo_stack.count() == 2
    spin.editingFinished.emit()
    spin.stepUp()
    assert doc.undo_stack.count() == 3
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.spec.layers[0]["filters"] == 8


def test_stepping_back_to_the_start_leaves_no_undo_step(inspector) -> None:
    doc = select_new(inspector, "Dense")
    spin = inspector.editors["units"]
    spin.stepUp()
    spin.stepDown()
    assert doc.undo_stack.count() == 1  # only "Add Dense": the merged edit became obsolete


def test_a_value_out_of_range_cannot_be_entered(inspector, qtbot) -> None:
    doc = select_new(inspector, "Dropout")
    rate = inspector.editors["rate"]
    rate.selectAll()
    qtbot.keyClicks(rate, "5")
    qtbot.keyClick(rate, Qt.Key.Key_Return)
    assert doc.spec.layers[0]["rate"] <= 0.95
    doc = select_new(inspector, "Dense")
    units = inspector.editors["units"]
    units.selectAll()
    qtbot.keyClicks(units, "9999999")
    qtbot.keyClick(units, Qt.Key.Key_Return)
    assert 1 <= doc.spec.layers[-1]["units"] <= 65536
    units.selectAll()
    qtbot.keyClicks(units, "-3")
    assert doc.spec.layers[-1]["units"] >= 1


def test_choices_and_flags_apply_as_separate_steps(inspector, qtbot) -> None:
    doc = select_new(inspector, "LSTM")
    flag = inspector.editors["return_sequences"]
    qtbot.mouseClick(flag, Qt.MouseButton.LeftButton, pos=QPoint(8, flag.height() // 2))
    assert doc.spec.layers[0]["return_sequences"] is True
    qtbot.keyClick(inspector.editors["bidirectional"], Qt.Key.Key_Space)
    assert doc.undo_stack.count() == 3
    doc = select_new(inspector, "Dense")
    combo = inspector.editors["activation"]
    combo.activated.emit(combo.findData("tanh"))
    assert doc.spec.layers[-1]["activation"] == "tanh"
    assert combo.itemData(combo.findData("tanh"), Qt.ItemDataRole.ToolTipRole)


def test_shape_line_edit_is_validated(inspector, qtbot) -> None:
    doc = inspector.document
    doc.reset(doc.spec.with_layers([LayerSpec.create("Flatten"),
                                    LayerSpec.create("Reshape", target_shape=(1, 28, 28))]))
    doc.select(1)
    edit = inspector.editors["target_shape"]
    assert edit.text() == "1, 28, 28"
    edit.selectAll()
    qtbot.keyClicks(edit, "28ab, 28")  # letters are refused by the validator
    assert edit.text() == "28, 28"
    assert doc.spec.layers[1]["target_shape"] == (28, 28)
    edit.selectAll()
    qtbot.keyClicks(edit, "0, 784")  # a size of 0 is refused by the core, shown in red
    assert edit.property("invalid")
    assert "from 1" in edit.toolTip()
    assert doc.spec.layers[1]["target_shape"] == (28, 28)
    edit.editingFinished.emit()  # leaving puts back the last valid shape
    assert edit.text() == "28, 28"
    assert not edit.property("invalid")


def test_parse_shape_accepts_commas_and_x() -> None:
    assert parse_shape("1, 28, 28") == (1, 28, 28)
    assert parse_shape("1x28×28") == (1, 28, 28)
    assert parse_shape("") is None
    assert parse_shape("1,,2") == (1, 2)
    assert parse_shape("a") is None


def test_stats_show_output_or_problem(inspector) -> None:
    doc = inspector.document
    doc.load_template(TEMPLATES["cnn-fashion"])
    doc.select(0)
    assert inspector.stats.text() == "Output (6, 24, 24) · 156 parameters"
    doc.remove_layer(4)  # Flatten gone
    doc.select(4)
    assert "needs a flat list" in inspector.stats.text()
    doc.select(5)
    assert "Not checked yet" in inspector.stats.text()


def test_a_refused_value_is_explained_beside_its_field(inspector, qtbot) -> None:
    doc = select_new(inspector, "Dense")
    units = inspector.editors["units"]
    problem = inspector.problems["units"]
    assert not problem.isVisibleTo(inspector)
    units.setFocus()
    units.selectAll()
    qtbot.keyClicks(units, "0")
    qtbot.keyClick(units, Qt.Key.Key_Return)  # a plain spin box took 0 back without a word
    assert problem.isVisibleTo(inspector)
    assert "must be from 1 to" in problem.text() and "not “0”" in problem.text()
    assert doc.spec.layers[-1]["units"] >= 1
    units.selectAll()
    qtbot.keyClicks(units, "-")  # a minus sign was dropped in silence
    assert "not “-”" in problem.text()
    units.selectAll()
    qtbot.keyClicks(units, "32")  # typing a value in range: the explanation goes
    assert not problem.isVisibleTo(inspector)
