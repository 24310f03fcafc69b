"""One document, one undo: training settings, data and lesson steps are undoable edits too."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox

from playground.core.teaching.templates import TEMPLATES


def test_a_typed_setting_is_one_undo_step_and_the_form_follows_undo(window) -> None:
    doc = window.document
    doc.load_template(TEMPLATES["mlp-mnist"])
    form = window.training.panel.settings
    epochs = form.widgets["epochs"]
    assert isinstance(epochs, QSpinBox)
    before = doc.config
    for value in (6, 7, 8):  # the spin box's arrows, pressed three times: one step
        epochs.setValue(value)
    assert doc.config.epochs == 8 and doc.dirty
    assert doc.undo_stack.count() == 1
    rate = form.widgets["learning_rate"]
    rate.setText("0.004")
    rate.editingFinished.emit()  # another field: another step
    assert doc.config.learning_rate == 0.004
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.config == before and not doc.dirty
    assert form.config == before and epochs.value() == before.epochs
    doc.undo_stack.redo()
    assert doc.config.epochs == 8 and form.config == doc.config


def test_assigning_settings_or_data_options_is_an_edit(window) -> None:
    doc = window.document
    doc.load_template(TEMPLATES["toy-spiral"])
    parts: list[frozenset[str]] = []
    doc.changed.connect(parts.append)
    doc.config = doc.config.with_changes(epochs=7)
    doc.dataset_options = {"noise": 0.3}
    assert parts == [frozenset({"settings"}), frozenset({"data"})]
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.config == TEMPLATES["toy-spiral"].config
    assert doc.dataset_options == dict(TEMPLATES["toy-spiral"].dataset_options)
    assert not doc.dirty
