"""The main window: menus and shortcuts, templates, files, unsaved changes, layout, access names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gui_helpers import layer_types, settle
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QTabBar,
    QWidget,
)

from playground.app import create_window
from playground.core.teaching.templates import TEMPLATES
from playground.gui.dock_tabs import stray_tab_bars
from playground.gui.main_window import MainWindow
from playground.gui.template_dialog import PICTURE, TemplateDialog

Button = QMessageBox.StandardButton


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def test_menus_and_usual_shortcuts(window) -> None:
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Data", "&Training", "&Lessons", "&Help"]
    expected = {
        "newAction": "Ctrl+N", "openAction": "Ctrl+O", "saveAction": "Ctrl+S",
        "saveAsAction": "Ctrl+Shift+S", "undoAction": "Ctrl+Z", "redoAction": "Ctrl+Shift+Z",
        "deleteLayer": "Del", "duplicateLayer": "Ctrl+D",
    }
    for name, keys in expected.items():
        shortcuts = [s.toString() for s in action(window, name).shortcuts()]
        assert keys in shortcuts, (name, shortcuts)
    for name in ("exportJsonAction", "exportSummaryAction", "aboutAction", "resetLayoutAction"):
        action(window, name)


def test_new_from_template_lists_every_template_with_its_description(window) -> None:
    for template in TEMPLATES.values():
        entry = action(window, f"template_{template.name}")
        assert entry.text() == template.title.en != template.name  # words, not an id
        assert entry.toolTip() == f"{template.name}: {template.description.en}"
    action(window, "template_cnn-fashion").trigger()
    assert window.document.spec == TEMPLATES["cnn-fashion"].spec
    assert window.document.config == TEMPLATES["cnn-fashion"].config
    assert window.windowTitle().startswith("cnn-fashion[*]")
    assert not window.isWindowModified()
    settle()
    assert window.editor.footer.params.value.text() == "11,252"


def test_template_dialog_describes_each_choice(qtbot) -> None:
    dialog = TemplateDialog()
    qtbot.addWidget(dialog)
    assert dialog.chosen() == ""  # "Empty network" first
    dialog.list.setCurrentRow(1 + list(TEMPLATES).index("mlp-mnist"))
    assert dialog.chosen() == "mlp-mnist"
    text = dialog.description.text()
    assert TEMPLATES["mlp-mnist"].description.en in text
    assert "55,050 parameters" in text
    assert "Flatten → Dense 64, relu" in text
    assert "Digits: a first dense network" in text and "(mlp-mnist)" in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_template_dialog_lists_names_with_a_picture_of_each_network(qtbot, language) -> None:
    dialog = TemplateDialog(language)
    qtbot.addWidget(dialog)
    items = [dialog.list.item(row) for row in range(dialog.list.count())]
    titles = [item.text() for item in items]
    assert titles[1:] == [t.title.get(language) for t in TEMPLATES.values()]
    assert not set(titles) & set(TEMPLATES)  # no raw ids
    pictures = [item.icon().pixmap(PICTURE).toImage() for item in items]
    assert all(not p.isNull() for p in pictures)  # Empty gets a picture too
    # Each network its own picture; the two LeNet-like CNNs differ only in activations.
    shapes = {tuple(layer.type for layer in t.spec.layers) for t in TEMPLATES.values()}
    assert len({p.bits().tobytes() for p in pictures}) == len(shapes) + 1


def test_an_edit_marks_the_window_modified(window) -> None:
    window.document.append_layer("Flatten")
    assert window.isWindowModified()
    assert "[*]" in window.windowTitle()
    action(window, "undoAction").trigger()
    assert not window.isWindowModified()


def test_keyboard_shortcuts_reach_the_actions(window, qtbot) -> None:
    window.activateWindow()
    window.document.load_template(TEMPLATES["mlp-mnist"])
    window.document.select(1)
    window.editor.canvas.setFocus()
    qtbot.keyClick(window.editor.canvas, Qt.Key.Key_Delete)
    assert layer_types(window.document) == ["Flatten", "Dense", "Dense"]
    qtbot.keyClick(window.editor.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.document.spec.layers) == 4
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.editor.canvas, Qt.Key.Key_Z, redo)
    assert len(window.document.spec.layers) == 3


def test_delete_in_a_text_field_edits_the_text_not_the_network(window, qtbot) -> None:
    window.activateWindow()
    window.document.load_template(TEMPLATES["mlp-mnist"])
    window.document.select(1)
    spin = window.inspector.editors["units"]
    spin.setFocus()
    spin.lineEdit().setCursorPosition(0)
    qtbot.keyClick(spin, Qt.Key.Key_Delete)
    assert len(window.document.spec.layers) == 4


def test_save_and_reopen(window, answers, tmp_path: Path) -> None:
    doc = window.document
    doc.load_template(TEMPLATES["cnn-fashion"])
    doc.set_param(5, "units", 64)
    answers.save_path = str(tmp_path / "my-cnn")  # the extension is added
    action(window, "saveAction").trigger()
    saved = tmp_path / "my-cnn.nnp"
    assert saved.is_file()
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("my-cnn.nnp[*]")
    spec = doc.spec

    action(window, "template_empty").trigger()
    assert doc.spec.layers == ()
    answers.open_path = str(saved)
    action(window, "openAction").trigger()
    assert doc.spec == spec
    assert doc.config == TEMPLATES["cnn-fashion"].config
    assert doc.path == saved
    assert window.recent_files()[0] == str(saved.resolve())
    # Save again goes to the same file without asking.
    answers.save_path = None
    doc.set_param(5, "units", 32)
    assert window.save()
    assert not doc.dirty


def test_opening_a_broken_file_says_why_and_keeps_the_project(window, answers, tmp_path) -> None:
    window.document.load_template(TEMPLATES["mlp-mnist"])
    broken = tmp_path / "broken.nnp"
    broken.write_bytes(b"not a zip at all")
    assert not window.open_path(broken)
    assert answers.errors and "broken.nnp" in answers.errors[0]
    assert window.document.spec == TEMPLATES["mlp-mnist"].spec


@pytest.mark.parametrize(
    ("answer", "replaced", "saved"),
    [(Button.Cancel, False, False), (Button.Discard, True, False), (Button.Save, True, True)],
)
def test_unsaved_changes_are_asked_about(window, answers, tmp_path, answer, replaced, saved):
    window.document.append_layer("Flatten")
    answers.unsaved = answer
    answers.save_path = str(tmp_path / "kept.nnp")
    action(window, "template_mlp-mnist").trigger()
    assert answers.questions == ["unsaved"]
    assert (window.document.spec == TEMPLATES["mlp-mnist"].spec) is replaced
    assert (tmp_path / "kept.nnp").exists() is saved


def test_closing_with_changes_can_be_cancelled(window, answers) -> None:
    window.document.append_layer("Flatten")
    answers.unsaved = Button.Cancel
    assert not window.close()
    assert window.isVisible()
    answers.unsaved = Button.Discard
    assert window.close()


def test_layout_and_recent_files_are_remembered(qtbot, window, tmp_path) -> None:
    window.inspector_dock.hide()
    window.add_recent(str(tmp_path / "a.nnp"))
    window.add_recent(str(tmp_path / "b.nnp"))
    window.add_recent(str(tmp_path / "a.nnp"))
    assert window.close()
    assert QSettings().value("window/state") is not None
    again = create_window()
    qtbot.addWidget(again)
    again.show()
    assert again.inspector_dock.isHidden()
    assert again.recent_files() == [str(tmp_path / "a.nnp"), str(tmp_path / "b.nnp")]
    again.reset_layout()
    assert not again.inspector_dock.isHidden()


def test_export_description_and_summary(window, answers, tmp_path) -> None:
    window.document.load_template(TEMPLATES["mlp-mnist"])
    answers.save_path = str(tmp_path / "net.json")
    action(window, "exportJsonAction").trigger()
    assert json.loads((tmp_path / "net.json").read_text())["layers"][0]["type"] == "Flatten"
    answers.save_path = str(tmp_path / "net.txt")
    action(window, "exportSummaryAction").trigger()
    assert "Total params: 55,050" in (tmp_path / "net.txt").read_text()


def test_the_status_bar_says_why_a_network_cannot_train(window) -> None:
    assert window.statusBar().currentMessage().startswith("Can't train yet:")
    window.document.load_template(TEMPLATES["mlp-mnist"])
    assert window.statusBar().currentMessage() == "✓ Ready to train"
    assert not action(window, "fixAction").isEnabled()
    window.document.remove_layer(0)
    assert window.statusBar().currentMessage().startswith("Can't train: layer 1: Dense needs")
    assert action(window, "fixAction").isEnabled()
    fix_tip = action(window, "fixAction").toolTip()
    action(window, "fixAction").trigger()
    assert window.document.can_train
    # Once fixed, the tooltip no longer offers the fix that was just applied.
    assert action(window, "fixAction").toolTip() != fix_tip
    assert action(window, "fixAction").toolTip() == \
        "Apply the suggested fix for the network's problem"


INTERACTIVE = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView)


def test_every_interactive_widget_has_an_object_and_accessible_name(window) -> None:
    doc = window.document
    doc.load_template(TEMPLATES["rnn-mnist"])
    doc.insert_layer(0, "Reshape")  # an invalid layer: its Fix it button is shown too
    for index in range(len(doc.spec.layers)):
        doc.select(index)  # build each inspector form
        settle()
        widgets = [
            w for w in window.findChildren(QWidget)
            if isinstance(w, INTERACTIVE) and w.isVisible()
            and not w.objectName().startswith("qt_")  # Qt's own parts (dock title buttons)
        ]
        assert len(widgets) > 10
        missing = [f"{type(w).__name__} {w.objectName()!r}" for w in widgets
                   if not (w.objectName() and w.accessibleName())]
        assert missing == [], missing


def test_shortcut_text_uses_standard_keys(window) -> None:
    assert action(window, "newAction").shortcut() == QKeySequence(QKeySequence.StandardKey.New)


def test_a_restored_layout_leaves_no_stray_tab_bar_over_the_panes(qtbot, window) -> None:
    # On every start after the first, a tab bar listing the bottom panes lay across the
    # layer palette: Qt had left it behind when the saved layout was restored.
    qtbot.waitExposed(window)
    qtbot.wait(300)  # as a user's session: the layout saved is the one shown
    assert window.close()
    again = create_window()
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    qtbot.wait(300)  # the tidy-up runs once the first layout is done
    settle()
    bars = [bar for bar in again.findChildren(QTabBar) if bar.isVisible() and bar.parent() is again]
    assert bars  # the bottom and right groups keep their tabs
    assert stray_tab_bars(again) == []
    for pane in (again.palette_dock, again.editor):
        covered = [bar for bar in bars if bar.geometry().intersects(pane.geometry())]
        assert covered == [], pane.objectName()
