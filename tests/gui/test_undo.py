"""Undo and redo for every kind of edit, merged sensibly, with the modified flag following."""

from __future__ import annotations

from playground.core.teaching.templates import TEMPLATES
from playground.gui.document import Document


def kinds(doc: Document) -> list[str]:
    return [layer.type for layer in doc.spec.layers]


def test_every_edit_undoes_and_redoes(qtbot) -> None:
    doc = Document()
    original = doc.spec
    doc.append_layer("Flatten")
    doc.append_layer("Dense")
    doc.insert_layer(1, "Dropout")
    doc.duplicate_layer(2)
    doc.move_layer(3, 0)
    doc.set_param(0, "units", 10)
    doc.remove_layer(1)
    doc.set_input_shape((784,))
    assert kinds(doc) == ["Dense", "Dropout", "Dense"]
    assert doc.spec.input_shape == (784,)
    final = doc.spec
    stack = doc.undo_stack
    assert stack.count() == 8
    texts = [stack.text(i) for i in range(stack.count())]
    assert texts == ["Add Flatten", "Add Dense", "Add Dropout", "Add Dense", "Move Dense",
                     "Change Units of Dense", "Remove Flatten", "Change input view"]
    while stack.canUndo():
        stack.undo()
    assert doc.spec == original
    while stack.canRedo():
        stack.redo()
    assert doc.spec == final


def test_undo_restores_the_selection(qtbot) -> None:
    doc = Document()
    doc.load_template(TEMPLATES["mlp-mnist"])
    doc.select(2)
    doc.remove_layer(2)
    assert doc.selected == 2
    doc.select(0)
    doc.undo_stack.undo()
    assert doc.selected == 2  # back on the layer that came back


def test_edits_of_different_parameters_do_not_merge(qtbot) -> None:
    doc = Document()
    doc.append_layer("Conv2D")
    doc.set_param(0, "filters", 9)
    doc.set_param(0, "filters", 10)
    doc.set_param(0, "kernel_size", 5)
    doc.set_param(0, "filters", 11)
    assert doc.undo_stack.count() == 4  # add, filters (merged), kernel, filters


def test_modified_flag_follows_the_undo_stack(qtbot) -> None:
    doc = Document()
    seen: list[bool] = []
    doc.dirtyChanged.connect(seen.append)
    assert not doc.dirty
    doc.append_layer("Flatten")
    assert doc.dirty
    doc.undo_stack.undo()
    assert not doc.dirty
    assert seen == [True, False]
    doc.append_layer("Flatten")
    doc.load_template(TEMPLATES["cnn-fashion"])
    assert not doc.dirty
    assert doc.undo_stack.count() == 0


def test_dataset_change_is_undoable_and_keeps_the_view(qtbot) -> None:
    doc = Document()
    doc.set_input_shape((28, 28))  # rows as a sequence
    doc.set_dataset("cifar10")
    assert doc.spec.dataset == "cifar10"
    assert doc.spec.input_shape == (96, 32)  # CIFAR rows: 3 channels x 32 rows, 32 wide
    doc.set_dataset("toy-spiral")
    assert doc.spec.input_shape == (2,)
    assert doc.spec.num_classes == 2
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.spec.dataset == "mnist" and doc.spec.input_shape == (28, 28)


def test_fix_without_a_problem_does_nothing(qtbot) -> None:
    doc = Document()
    doc.load_template(TEMPLATES["mlp-mnist"])
    assert not doc.apply_fix()
    assert doc.undo_stack.count() == 0


def test_changes_outside_the_undo_stack_mark_the_project_modified(qtbot) -> None:
    doc = Document()
    with qtbot.waitSignal(doc.dirtyChanged):
        doc.mark_modified()
    assert doc.dirty
    assert doc.undo_stack.count() == 0


def test_an_edit_guard_can_refuse_edits_before_they_are_pushed(qtbot) -> None:
    doc = Document()
    asked: list[bool] = []

    def guard() -> bool:
        asked.append(True)
        return len(asked) > 1  # refuse the first edit only

    doc.edit_guard = guard
    doc.append_layer("Flatten")
    assert doc.spec.layers == () and doc.undo_stack.count() == 0
    doc.append_layer("Flatten")
    assert kinds(doc) == ["Flatten"]


def test_trained_weights_are_saved_only_with_their_network(qtbot, tmp_path) -> None:
    from playground.core.files.project import load_project
    from playground.core.network.build import build_model

    doc = Document()
    doc.load_template(TEMPLATES["mlp-mnist"])
    doc.weights = dict(build_model(doc.spec).state_dict())
    doc.weights_spec = doc.spec
    doc.save(tmp_path / "a.nnp")
    assert load_project(tmp_path / "a.nnp").weights is not None
    doc.set_param(1, "units", 32)  # the weights no longer fit this network
    doc.save(tmp_path / "b.nnp")
    assert load_project(tmp_path / "b.nnp").weights is None
    assert doc.weights is None
