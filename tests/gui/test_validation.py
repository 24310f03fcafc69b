"""Live validation: a layer that cannot follow the one before turns red, says why, offers a fix."""

from __future__ import annotations

from gui_helpers import gap_point, layer_types, mime_for_type, send_drag, settle
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from playground.core.teaching.templates import TEMPLATES
from playground.gui import looks


def test_message_appears_and_vanishes_as_the_network_changes(editor) -> None:
    doc = editor.document
    doc.load_template(TEMPLATES["mlp-mnist"])
    settle()
    assert doc.can_train
    assert editor.footer.status.text() == "✓ Ready to train"
    doc.remove_layer(0)  # no Flatten: Dense now receives an image
    settle()
    card = editor.visible_cards()[0]
    assert card.invalid
    assert card.error_panel.isVisible()
    text = card.error_panel.message.text()
    assert "Dense needs a flat list of numbers" in text
    assert "Insert a Flatten layer before it." in text
    assert card.error_panel.fix_button.isVisible()
    assert not doc.can_train
    assert editor.footer.status.text().startswith("Can't train: layer 1: Dense needs a flat")
    # Layers after the problem are not checked: no shape is claimed for them.
    later = editor.visible_cards()[1]
    assert later.unchecked and later.shape.text() == "→ ?"

    doc.undo_stack.undo()
    settle()
    assert not any(c.invalid for c in editor.visible_cards())
    assert not editor.visible_cards()[0].error_panel.isVisible()
    assert doc.can_train


def test_fix_it_button_repairs_in_one_undoable_step(editor, qtbot) -> None:
    doc = editor.document
    # Build Dense on an image input by dropping it: invalid, with a Flatten fix.
    send_drag(editor.canvas, mime_for_type("Dense"), gap_point(editor, 0))
    card = editor.visible_cards()[0]
    assert card.invalid
    steps = doc.undo_stack.count()
    button = card.findChild(QPushButton, "fixButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle()
    assert layer_types(doc)[:2] == ["Flatten", "Dense"]
    assert doc.undo_stack.count() == steps + 1
    assert doc.undo_stack.undoText().startswith("Fix: Insert a Flatten")
    doc.undo_stack.undo()
    assert layer_types(doc) == ["Dense"]


def test_an_empty_network_gets_a_hint_not_an_error(editor) -> None:
    doc = editor.document
    assert not doc.can_train
    assert doc.train_blocker is not None  # the core still says why
    assert editor.placeholder.isVisible()
    assert not editor.output_block.error_panel.isVisible()
    assert editor.footer.status.text().startswith("Can't train yet: the network has no layers")
    assert looks.LIGHT.error not in editor.footer.status.styleSheet()  # not red
    assert doc.apply_fix()  # the core's fix still exists: Flatten, then 10 softmax units
    settle()
    assert layer_types(doc) == ["Flatten", "Dense"]
    assert doc.spec.layers[-1]["units"] == 10
    assert doc.can_train


def test_wrong_output_size_marks_the_last_layer_and_fix_sets_its_units(editor) -> None:
    doc = editor.document
    doc.load_template(TEMPLATES["mlp-mnist"])
    doc.set_param(3, "units", 7)
    settle()
    last = editor.visible_cards()[3]
    assert last.invalid and last.shape.text() == "→ (7,)"  # shape known, but wrong
    assert "must end with 10 outputs" in last.error_panel.message.text()
    last.error_panel.fix_button.click()
    assert doc.spec.layers[3]["units"] == 10


def test_invalid_networks_stay_editable(editor) -> None:
    doc = editor.document
    doc.load_template(TEMPLATES["cnn-fashion"])
    doc.remove_layer(4)  # drop Flatten: Dense after pooling is invalid
    assert not doc.can_train
    doc.set_param(0, "filters", 12)
    doc.insert_layer(0, "BatchNorm")
    doc.move_layer(0, 1)
    assert doc.spec.layers[0]["filters"] == 12
    assert not doc.can_train
    assert doc.train_blocker is not None
    assert doc.train_blocker.layer_index == 5


def test_error_messages_follow_the_language(qtbot) -> None:
    from playground.gui.document import Document
    from playground.gui.network_editor import NetworkEditor

    editor = NetworkEditor(Document(), language="es")
    qtbot.addWidget(editor)
    editor.document.append_layer("Dense")
    text = editor.visible_cards()[0].error_panel.message.text()
    assert "Dense necesita una lista plana de números" in text
    assert "Inserta una capa Aplanar antes." in text
    assert editor.footer.status.text().startswith("Can't train: layer 1: Dense necesita")
    assert editor.visible_cards()[0].title.text() == "Densa"


def test_a_hidden_softmax_is_an_amber_warning_whose_fix_is_one_undoable_step(editor) -> None:
    """A softmax that later layers change trains, but badly: the card says so and offers a fix."""
    doc = editor.document
    doc.load_template(TEMPLATES["mlp-mnist"])
    doc.set_param(1, "activation", "softmax")  # Dense 64 softmax, then two more Dense layers
    settle()
    card = editor.visible_cards()[1]
    assert doc.can_train  # a warning does not stop training
    assert not card.invalid
    assert card.error_panel.isVisible()
    text = card.error_panel.message.text()
    assert text.startswith("Warning: ") and "softmax" in text
    assert looks.LIGHT.warning in card.error_panel.message.styleSheet()  # amber, not red
    assert looks.LIGHT.error not in card.error_panel.message.styleSheet()
    assert "params" in card.params.text() and "=" in card.params.toolTip()  # the formula
    steps = doc.undo_stack.count()
    card.error_panel.fix_button.click()
    settle()
    assert doc.spec.layers[1]["activation"] == "relu"
    assert doc.undo_stack.count() == steps + 1
    assert not editor.visible_cards()[1].error_panel.isVisible()
    doc.undo_stack.undo()
    settle()
    assert doc.spec.layers[1]["activation"] == "softmax"


def test_relu_on_the_class_scores_is_not_ready_to_train_silently(editor) -> None:
    doc = editor.document
    doc.load_template(TEMPLATES["mlp-mnist"])
    settle()
    assert editor.footer.status.text() == "✓ Ready to train"
    last = len(doc.spec.layers) - 1
    doc.set_param(last, "activation", "relu")
    settle()
    status = editor.footer.status
    assert doc.can_train
    assert status.text().startswith(f"Trains, but check layer {last + 1}: The class scores")
    assert looks.LIGHT.warning in status.styleSheet()  # amber, as the card's warning
    editor.visible_cards()[last].error_panel.fix_button.click()
    settle()
    assert doc.spec.layers[last]["activation"] == "linear"
    assert editor.footer.status.text() == "✓ Ready to train"


def test_a_conv_after_dense_offers_the_teachers_fix_and_the_reshape(editor) -> None:
    doc = editor.document
    doc.load_template(TEMPLATES["mlp-mnist"])  # Flatten, Dense 64, Dense 64, Dense 10
    doc.insert_layer(2, "Conv2D")
    settle()
    card = editor.visible_cards()[2]
    panel = card.error_panel
    assert card.invalid and panel.fix_button.isVisible() and panel.other_button.isVisible()
    assert "before the Flatten" in panel.fix_button.toolTip()
    assert "Reshape" in panel.other_button.toolTip()
    steps = doc.undo_stack.count()
    panel.other_button.click()
    settle()
    assert [layer.type for layer in doc.spec.layers][2:4] == ["Reshape", "Conv2D"]
    assert doc.undo_stack.count() == steps + 1
    doc.undo_stack.undo()
    settle()
    editor.visible_cards()[2].error_panel.fix_button.click()
    settle()
    assert [layer.type for layer in doc.spec.layers][:2] == ["Conv2D", "Flatten"]
