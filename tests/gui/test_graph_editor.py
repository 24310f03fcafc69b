"""The editor with a network that branches: graph edits from the cards, edges, blocks, zoom."""

from __future__ import annotations

from gui_helpers import layer_types, settle
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction

from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.gui.network_editor import NetworkEditor

L = LayerSpec.create


def chain() -> NetworkSpec:
    """Flatten, three Dense(64), the output Dense: room for skips of matching shapes."""
    layers = (L("Flatten"), L("Dense", units=64), L("Dense", units=64), L("Dense", units=64),
              L("Dense", units=10, activation="softmax"))
    return NetworkSpec((1, 28, 28), "mnist", 10, layers, "chain")


def branched() -> NetworkSpec:
    """Dense 2 and its copy 3 both read Dense 1 and meet in an Add (4)."""
    layers = (L("Flatten"), L("Dense", units=64), L("Dense", units=64), L("Dense", units=64),
              L("Add"), L("Dense", units=10, activation="softmax"))
    inputs = ((-1,), (0,), (1,), (1,), (2, 3), (4,))
    return NetworkSpec((1, 28, 28), "mnist", 10, layers, "branched", inputs)


def load(editor: NetworkEditor, spec: NetworkSpec) -> None:
    editor.document.reset(spec)
    settle()


def menu_action(editor: NetworkEditor, index: int, name: str) -> QAction:
    menu = editor.build_context_menu(index)
    found = menu.findChild(QAction, name)
    assert found is not None, name
    return found


def in_column(editor: NetworkEditor) -> bool:
    return (not editor.graph_area.isVisible()
            and all(card.parent() is editor.column for card in editor.visible_cards()))


def test_a_column_looks_and_edits_as_before(editor) -> None:
    load(editor, chain())
    assert in_column(editor)
    cards = editor.visible_cards()
    tops = [card.geometry().top() for card in cards]
    assert tops == sorted(tops) and len({card.geometry().x() for card in cards}) == 1
    assert not editor.zoom_in_action.isEnabled()
    assert editor.move_down_action.isEnabled() is False  # nothing selected yet
    editor.document.select(1)
    assert editor.move_down_action.isEnabled()


def test_a_skip_around_a_selection_is_one_undo_step(editor, qtbot) -> None:
    load(editor, chain())
    before, steps = editor.document.spec, editor.document.undo_stack.count()
    cards = editor.visible_cards()
    qtbot.mouseClick(cards[2], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(cards[3], Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier)
    assert editor.graph.run == (2, 3)
    assert cards[2].selected and cards[3].selected and not cards[1].selected
    action = menu_action(editor, 3, "addSkip")
    assert "These" in action.text()
    action.trigger()
    settle()
    doc = editor.document
    assert layer_types(doc) == ["Flatten", "Dense", "Dense", "Dense", "Add", "Dense"]
    assert doc.spec.inputs_of(4) == (3, 1)
    assert doc.undo_stack.count() == steps + 1
    assert doc.analysis.error is None
    assert editor.graph_area.isVisible() and not in_column(editor)
    skip = editor.graph_area.edge_points(1, 4)
    assert len(skip) == 4  # routed beside the run it skips
    doc.undo_stack.undo()
    settle()
    assert doc.spec == before
    assert in_column(editor)
    assert [card.parent() for card in editor.visible_cards()] == [editor.column] * 5


def test_a_parallel_branch_copies_the_first_selected_layer(editor) -> None:
    load(editor, chain())
    editor.document.select(2)
    menu_action(editor, 2, "addBranch_Concatenate").trigger()
    settle()
    doc = editor.document
    assert layer_types(doc) == ["Flatten", "Dense", "Dense", "Dense", "Concatenate", "Dense",
                                "Dense"]
    assert doc.spec.layers[3] == doc.spec.layers[2]
    assert doc.spec.inputs_of(3) == (1,) and doc.spec.inputs_of(4) == (2, 3)
    graph = editor.graph_area
    assert graph.layout_ is not None and graph.layout_.lanes == 2
    assert doc.undo_stack.undoText().startswith("Add parallel branch")


def test_dragging_from_an_output_handle_to_a_merge_connects(editor, qtbot) -> None:
    load(editor, branched())
    graph, steps = editor.graph_area, editor.document.undo_stack.count()
    start = graph.handle_point(1).toPoint()
    end = editor.visible_cards()[4].geometry().center()
    qtbot.mousePress(graph, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(graph, end)
    qtbot.mouseRelease(graph, Qt.MouseButton.LeftButton, pos=end)
    settle()
    assert editor.document.spec.inputs_of(4) == (2, 3, 1)
    assert editor.document.undo_stack.count() == steps + 1


def test_a_refused_connection_is_explained_and_changes_nothing(editor, qtbot) -> None:
    load(editor, branched())
    before, graph = editor.document.spec, editor.graph_area
    start = graph.handle_point(1).toPoint()
    end = editor.visible_cards()[5].geometry().center()  # a Dense takes one input
    qtbot.mousePress(graph, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseRelease(graph, Qt.MouseButton.LeftButton, pos=end)
    settle()
    assert editor.document.spec == before
    assert editor.notice.isVisible() and "takes one" in editor.notice.text()


def pick_edge(editor: NetworkEditor, qtbot, source: int, target: int) -> None:
    points = editor.graph_area.edge_points(source, target)
    a, b = points[-2], points[-1]
    middle = QPoint(round((a.x() + b.x()) / 2), round((a.y() + b.y()) / 2))
    qtbot.mouseClick(editor.graph_area, Qt.MouseButton.LeftButton, pos=middle)
    assert editor.graph_area.selected_edge == (source, target)


def test_delete_on_an_edge_disconnects(editor, qtbot) -> None:
    load(editor, branched())
    editor.document.connect(1, 4)
    settle()
    pick_edge(editor, qtbot, 1, 4)
    editor.delete_action.trigger()
    settle()
    assert editor.document.spec == branched()
    assert len(editor.document.spec.layers) == 6  # the edge went, not a layer


def test_delete_on_an_edge_explains_a_refusal(editor, qtbot) -> None:
    load(editor, branched())
    pick_edge(editor, qtbot, 2, 4)
    editor.delete_action.trigger()
    settle()
    assert editor.document.spec == branched()  # an Add of one input: refused
    assert editor.notice.isVisible()
    assert "Layer" in editor.notice.text()
    editor.document.set_param(5, "units", 10)  # the next change clears the explanation
    editor.document.set_param(1, "units", 32)
    settle()
    assert not editor.notice.isVisible()


def test_a_residual_block_collapses_and_expands(editor, qtbot) -> None:
    load(editor, chain())
    editor.document.add_skip(2, 3)
    settle()
    menu_action(editor, 3, "collapseBlock").trigger()
    settle()
    card = editor.graph.block_cards[4]
    assert card.isVisible()
    assert not any(editor.visible_cards()[i].isVisible() for i in (2, 3, 4))
    total = sum(info.params for info in editor.document.analysis.layers[2:5])
    assert f"{total:,} params" in card.params.text()
    assert "Residual block" in card.title.text()
    assert menu_action(editor, 4, "expandBlock") is not None
    qtbot.mouseDClick(card, Qt.MouseButton.LeftButton)
    settle()
    assert not editor.graph.block_cards
    assert all(c.isVisible() for c in editor.visible_cards())


def test_zoom_changes_the_graph_not_the_column(editor) -> None:
    load(editor, branched())
    width = editor.graph_area.card_width()
    editor.zoom_out_action.trigger()
    editor.zoom_out_action.trigger()
    assert editor.graph_area.zoom < 1
    assert editor.graph_area.card_width() <= width
    editor.zoom_reset_action.trigger()
    assert editor.graph_area.zoom == 1
    editor.document.reset(chain())
    settle()
    assert in_column(editor) and not editor.zoom_in_action.isEnabled()
    assert all(not card.narrow for card in editor.visible_cards())


def test_ctrl_wheel_zooms_a_graph_and_the_wheel_alone_scrolls(editor) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    def wheel(modifiers: Qt.KeyboardModifier) -> None:
        event = QWheelEvent(QPointF(50, 50), QPointF(50, 50), QPoint(0, 0), QPoint(0, -120),
                            Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase,
                            False)
        QApplication.sendEvent(editor.canvas, event)

    load(editor, branched())
    wheel(Qt.KeyboardModifier.ControlModifier)
    assert editor.graph_area.zoom < 1
    zoom = editor.graph_area.zoom
    wheel(Qt.KeyboardModifier.NoModifier)
    assert editor.graph_area.zoom == zoom


def test_the_input_block_is_drawn_over_a_stem_off_the_middle(editor) -> None:
    from playground.core.teaching.templates import TEMPLATES

    load(editor, TEMPLATES["resnet-fashion"].spec)
    stem = editor.cards[0]
    area = editor.graph_area
    assert area.layout_ is not None and area.layout_.entry_x != area.layout_.input_x
    block = editor.input_block
    drawn = block.geometry().center().x() + block.property("shift")
    stem_centre = stem.mapTo(editor.column, stem.rect().center()).x()
    assert abs(drawn - stem_centre) <= 2
    start = area.mapTo(editor.column, area.edge_points(-1, 0)[0].toPoint()).x()
    assert abs(start - stem_centre) <= 2  # and the input's arrow leaves from there, straight
    load(editor, chain())  # a column again: the block is back on the centre line
    assert block.property("shift") == 0
