"""The network editor driven through its real widgets: drops, reordering, cards, totals, menu."""

from __future__ import annotations

from gui_helpers import (
    gap_point,
    layer_types,
    leave_drag,
    mime_for_index,
    mime_for_type,
    send_drag,
    settle,
)
from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtWidgets import QLabel

from playground.core.teaching.templates import TEMPLATES
from playground.gui.layer_card import LayerCard


def load(editor, name: str) -> None:
    editor.document.load_template(TEMPLATES[name])
    settle()


def test_empty_network_shows_input_output_and_a_hint(editor) -> None:
    assert editor.visible_cards() == []
    assert editor.placeholder.isVisible()
    assert "(1, 28, 28)" in editor.input_block.shape_label.text()
    assert "10 classes" in editor.output_block.classes_label.text()


def test_drop_palette_entry_into_empty_network(editor) -> None:
    pos = gap_point(editor, 0)
    assert send_drag(editor.canvas, mime_for_type("Flatten"), pos)
    assert layer_types(editor.document) == ["Flatten"]
    assert not editor.placeholder.isVisible()
    assert not editor.drop_indicator.isVisible()


def test_drop_indicator_follows_the_pointer_then_the_drop_inserts_there(editor) -> None:
    load(editor, "mlp-mnist")  # Flatten, Dense, Dense, Dense
    pos = gap_point(editor, 2)
    assert send_drag(editor.canvas, mime_for_type("Dropout"), pos, drop=False)
    assert editor.drop_index == 2
    indicator = editor.drop_indicator.geometry().center().y()
    cards = editor.visible_cards()
    assert cards[1].geometry().bottom() <= indicator <= cards[2].geometry().top()
    assert editor.drop_indicator.isVisible()
    leave_drag(editor.canvas)
    assert not editor.drop_indicator.isVisible()

    assert send_drag(editor.canvas, mime_for_type("Dropout"), pos)
    assert layer_types(editor.document) == ["Flatten", "Dense", "Dropout", "Dense", "Dense"]
    assert editor.document.selected == 2  # the new layer is selected for the inspector


def test_drop_below_the_last_card_appends(editor) -> None:
    load(editor, "mlp-mnist")
    assert send_drag(editor.canvas, mime_for_type("Dropout"), gap_point(editor, 4))
    assert layer_types(editor.document)[-1] == "Dropout"


def test_reorder_cards_by_dragging(editor) -> None:
    load(editor, "cnn-fashion")  # Conv, Pool, Conv, Pool, Flatten, Dense, Dense
    # Drag the Flatten card (4) to the very top.
    assert send_drag(editor.canvas, mime_for_index(4), gap_point(editor, 0))
    assert layer_types(editor.document)[:2] == ["Flatten", "Conv2D"]
    assert editor.document.selected == 0
    editor.document.undo_stack.undo()
    # Drag the first Conv2D (0) down between the two Dense layers (gap 6): it lands at 5.
    assert send_drag(editor.canvas, mime_for_index(0), gap_point(editor, 6))
    assert layer_types(editor.document) == [
        "MaxPool2D", "Conv2D", "MaxPool2D", "Flatten", "Dense", "Conv2D", "Dense"
    ]


def test_dropping_a_card_on_its_own_place_changes_nothing(editor) -> None:
    load(editor, "mlp-mnist")
    before = editor.document.spec
    for gap in (1, 2):  # just above and just below card 1
        send_drag(editor.canvas, mime_for_index(1), gap_point(editor, gap))
    assert editor.document.spec == before
    assert editor.document.undo_stack.count() == 0


def test_foreign_drags_are_refused(editor) -> None:
    mime = QMimeData()
    mime.setText("Dense")
    assert not send_drag(editor.canvas, mime, gap_point(editor, 0))
    assert not send_drag(editor.canvas, mime_for_type("os.system"), gap_point(editor, 0))
    assert editor.document.spec.layers == ()


def test_cards_show_type_parameters_shape_and_count(editor) -> None:
    load(editor, "cnn-fashion")
    card = editor.visible_cards()[0]
    assert card.title.text() == "Conv2D"
    assert card.detail.text() == "6×5×5, valid, linear"
    assert card.shape.text() == "→ (6, 24, 24)"
    assert card.params.text() == "156 params"
    assert editor.visible_cards()[1].params.text() == "no weights"
    assert card.accessibleName().startswith("Layer 1: Conv2D")
    assert editor.footer.params.value.text() == "11,252"
    assert editor.footer.macs.value.text() == f"{editor.document.analysis.macs:,}"


def test_cards_are_reused_and_removed_as_the_network_changes(editor) -> None:
    load(editor, "cnn-fashion")
    first = editor.visible_cards()[0]
    editor.document.remove_layer(6)
    settle()
    assert len(editor.visible_cards()) == 6
    assert editor.visible_cards()[0] is first
    shown = [c for c in editor.column.findChildren(LayerCard) if c.isVisible()]
    assert len(shown) == 6  # the removed card is hidden at once, before it is deleted


def test_clicking_a_card_selects_it_and_arrow_keys_move_the_selection(editor, qtbot) -> None:
    load(editor, "mlp-mnist")
    card = editor.visible_cards()[1]
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton, pos=QPoint(40, 10))
    assert editor.document.selected == 1
    assert card.selected
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Down)
    assert editor.document.selected == 2
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Up)
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Up)
    assert editor.document.selected == 0


def test_delete_removes_the_selected_layer(editor) -> None:
    load(editor, "mlp-mnist")
    editor.document.select(1)
    editor.delete_action.trigger()
    assert layer_types(editor.document) == ["Flatten", "Dense", "Dense"]
    assert editor.document.selected == 1  # the next layer moves up into the selection


def test_context_menu_duplicates_removes_and_inserts(editor) -> None:
    load(editor, "mlp-mnist")
    menu = editor.build_context_menu(1)
    assert editor.document.selected == 1
    texts = [a.text().replace("&", "") for a in menu.actions() if a.text()]
    assert texts[:2] == ["Duplicate Layer", "Delete Layer"]
    editor.duplicate_action.trigger()
    assert layer_types(editor.document) == ["Flatten", "Dense", "Dense", "Dense", "Dense"]
    menu.findChild(type(menu), "insertBefore")  # submenus exist with names
    before = next(a for a in menu.findChildren(type(menu.actions()[0]))
                  if a.objectName() == "insert0_Dropout")
    before.trigger()
    assert layer_types(editor.document)[1] == "Dropout"
    menu = editor.build_context_menu(0)
    after = next(a for a in menu.findChildren(type(menu.actions()[0]))
                 if a.objectName() == "insert1_BatchNorm")
    after.trigger()
    assert layer_types(editor.document)[:3] == ["Flatten", "BatchNorm", "Dropout"]
    menu.deleteLater()


def test_move_actions_follow_the_selection(editor) -> None:
    load(editor, "mlp-mnist")
    editor.document.select(0)
    assert not editor.move_up_action.isEnabled()
    editor.move_down_action.trigger()
    assert layer_types(editor.document)[:2] == ["Dense", "Flatten"]
    assert editor.document.selected == 1
    editor.document.select(-1)
    assert not editor.delete_action.isEnabled()


def test_footer_shows_memory_per_sample(editor) -> None:
    load(editor, "mlp-mnist")
    analysis = editor.document.analysis
    assert analysis.activation_bytes == 4 * (784 + 784 + 64 + 64 + 10)
    assert editor.footer.memory.value.text() == "6.7 KB"
    assert editor.footer.weights.value.text() == "215.0 KB"
    labels = [w.text() for w in editor.footer.findChildren(QLabel)]
    assert "multiply-adds per sample" in labels
