"""Own classes in the window: made through Data ▸ New Own Classes…, samples drawn on the pad and
added with keys, every change one undo step, a class without samples refusing training, the
rows' menus, pasted and chosen pictures, and the classes kept in the project file."""

from __future__ import annotations

import numpy as np
from own_helpers import NAMES, draw, draw_sample, make_classes, shape
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QAccessible,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QPainter,
    QPen,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QWidget

from playground.core.data.own_classes import OWN_CLASSES_NAME, current_own_classes
from playground.core.messages import Message
from playground.gui import looks
from playground.gui.background import background
from playground.gui.main_window import MainWindow
from playground.gui.own_classes.install import DOCK_NAME


def wait_idle(qtbot, window: MainWindow) -> None:
    """Let the feature's pool jobs (checks, pictures, plans) end and report."""
    feature = window.features["own-classes"]
    for owner in (feature, feature.samples, feature.workflow):
        qtbot.waitUntil(lambda o=owner: not background().jobs(owner=o), timeout=60_000)
    background().flush()


def test_new_own_classes_is_one_undo_step_and_opens_the_pane(qtbot, window) -> None:
    feature = window.features["own-classes"]
    dock = window.pane(DOCK_NAME)
    assert dock is feature.dock and not dock.isVisible()  # hidden until there are classes
    doc = window.document
    before = doc.spec
    make_classes(qtbot, window)
    own = doc.own_classes
    assert own.names == NAMES and own.counts == (0, 0, 0)
    assert doc.spec.dataset == OWN_CLASSES_NAME and doc.spec.num_classes == 3
    assert doc.spec.layers[-1].params["units"] == 3 and doc.config.augment
    assert current_own_classes() is own  # what loading "own-classes" reads
    assert dock.isVisible() and window.pane("drawDock").isVisible()  # beside the pad
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert [row.name_edit.text() for row in feature.pane.rows] == list(NAMES)
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "New own classes"
    doc.undo_stack.undo()
    assert doc.own_classes is None and doc.spec == before and current_own_classes() is None
    assert feature.pane.rows == []
    doc.undo_stack.redo()
    assert doc.own_classes is own and len(feature.pane.rows) == 3


def test_the_names_dialog_says_why_a_name_is_refused(qtbot, window) -> None:
    window.action("newOwnClassesAction").trigger()
    dialog = window.features["own-classes"].workflow.names_dialog
    assert [e.text() for e in dialog.edits] == ["Class 1", "Class 2"]  # the defaults
    assert not dialog.keep.isEnabled()  # the empty network cannot learn them
    dialog.set_names(["Cat", "cat"])
    dialog.accept()
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "already a class called 'Cat'" in dialog.error.text()
    dialog.set_names(["a/b", "c"])
    dialog.accept()
    assert "cannot contain '/'" in dialog.error.text()
    dialog.reject()
    assert window.document.own_classes is None


def test_keys_add_the_pads_drawing_and_undo_takes_it_back(qtbot, window) -> None:
    make_classes(qtbot, window)
    feature, doc = window.features["own-classes"], window.document
    rng = np.random.default_rng(1)
    draw_sample(qtbot, window, shape("triangle", rng), 1)  # key 2 on the pad
    sample = doc.own_classes.samples(1)[0]
    pad_input = window.features["draw"].pane.current_input
    np.testing.assert_allclose(sample, pad_input, atol=1 / 255)  # what the network reads
    assert feature.pane.rows[1].strip.count() == 1
    assert feature.pane.rows[1].count_label.text() == "1 sample"
    assert doc.undo_stack.undoText() == "Add a drawing to 'triangle'"
    # The same drawing is not added twice: the pane says to draw another.
    QTest.keyClick(window.features["draw"].pane.pad, Qt.Key.Key_2)
    assert doc.own_classes.counts == (0, 1, 0)
    assert "already added" in feature.pane.message.text()
    window.action("undoAction").trigger()  # Edit ▸ Undo
    assert doc.own_classes.counts == (0, 0, 0) and feature.pane.rows[1].strip.count() == 0
    window.action("redoAction").trigger()
    assert doc.own_classes.samples(1)[0] is sample
    # In the pane, the key works too; typed into a class's name, a digit is just a digit.
    draw(window.features["draw"].pane.pad, shape("circle", rng))
    feature.pane.rows[0].strip.setFocus()
    QTest.keyClick(feature.pane.rows[0].strip, Qt.Key.Key_1)
    assert doc.own_classes.counts == (1, 1, 0)
    edit = feature.pane.rows[2].name_edit
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, "cross 3")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert doc.own_classes.names[2] == "cross 3" and doc.own_classes.counts == (1, 1, 0)
    assert doc.undo_stack.undoText() == "Rename class 'cross' to 'cross 3'"


def test_a_class_without_samples_refuses_training_with_the_reason(qtbot, window) -> None:
    make_classes(qtbot, window)
    rng = np.random.default_rng(2)
    for index, kind in ((0, "circle"), (1, "triangle")):
        for _ in range(2):
            draw_sample(qtbot, window, shape(kind, rng), index)
    wait_idle(qtbot, window)
    doc, pane = window.document, window.features["own-classes"].pane
    reason = "Class 'cross' has no samples: draw or drop a few, or remove the class."
    assert not doc.can_train and not window.training.panel.train_button.isEnabled()
    window.training.train()  # Training ▸ Train, or a lesson's action
    assert not window.training.runner.running
    assert window.training.panel.message.text() == f"Can't train: {reason}"
    blocking = pane.findChildren(QWidget, "blockingProblem")
    assert [label.text() for label in blocking] == [f"⛔ {reason}"]
    assert looks.current().error in blocking[0].styleSheet()
    warnings = pane.findChildren(QWidget, "warningProblem")  # two samples is few
    assert warnings and all(looks.current().warning in w.styleSheet() for w in warnings)
    pane.start.train_button.click()
    assert pane.message.text() == f"Can't train: {reason}"
    draw_sample(qtbot, window, shape("cross", rng), 2)
    assert doc.can_train and window.training.panel.train_button.isEnabled()
    assert not pane.findChildren(QWidget, "blockingProblem") or all(
        not w.isVisible() for w in pane.findChildren(QWidget, "blockingProblem"))


def test_a_samples_menu_deletes_and_moves_it(qtbot, window) -> None:
    make_classes(qtbot, window)
    rng = np.random.default_rng(3)
    draw_sample(qtbot, window, shape("circle", rng), 0)
    draw_sample(qtbot, window, shape("cross", rng), 0)  # filed under the wrong class
    doc, pane = window.document, window.features["own-classes"].pane
    cross = doc.own_classes.samples(0)[1]
    menu = pane.rows[0].strip.sample_menu(1)
    move = menu.findChild(type(menu), "moveSampleMenu")
    assert [a.text() for a in move.actions()] == ["triangle", "cross"]
    move.actions()[1].trigger()
    assert doc.own_classes.counts == (1, 0, 1) and doc.own_classes.samples(2)[0] is cross
    assert doc.undo_stack.undoText() == "Move a sample to 'cross'"
    menu = pane.rows[2].strip.sample_menu(0)
    next(a for a in menu.actions() if a.objectName() == "deleteSampleAction").trigger()
    assert doc.own_classes.counts == (1, 0, 0)
    pane.rows[0].strip.setCurrentRow(0)
    pane.rows[0].strip.setFocus()
    QTest.keyClick(pane.rows[0].strip, Qt.Key.Key_Delete)
    assert doc.own_classes.counts == (0, 0, 0)
    for counts in ((1, 0, 0), (1, 0, 1), (2, 0, 0)):
        doc.undo_stack.undo()
        assert doc.own_classes.counts == counts


def test_classes_are_added_and_removed_with_the_networks_outputs(qtbot, window) -> None:
    make_classes(qtbot, window)
    doc, pane = window.document, window.features["own-classes"].pane
    qtbot.mouseClick(pane.add_class_button, Qt.MouseButton.LeftButton)
    assert doc.own_classes.names == (*NAMES, "Class 4")
    assert doc.spec.num_classes == 4 and doc.spec.layers[-1].params["units"] == 4
    assert len(pane.rows) == 4 and pane.rows[3].draw_button.text() == "Add drawing (4)"
    qtbot.mouseClick(pane.rows[1].remove_button, Qt.MouseButton.LeftButton)
    assert doc.own_classes.names == ("circle", "cross", "Class 4")
    assert doc.spec.num_classes == 3 and doc.spec.layers[-1].params["units"] == 3
    doc.undo_stack.undo()  # classes and outputs come back together
    assert doc.own_classes.names == (*NAMES, "Class 4") and doc.spec.num_classes == 4


def test_pasted_and_chosen_pictures_are_prepared_and_previewed(qtbot, window, tmp_path) -> None:
    make_classes(qtbot, window)
    feature, doc = window.features["own-classes"], window.document
    # A big colour picture: a dark ring on light paper, as a photo of a drawing would be.
    image = QImage(600, 400, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setPen(QPen(Qt.GlobalColor.darkBlue, 24))
    painter.drawEllipse(200, 100, 200, 200)
    painter.end()
    QGuiApplication.clipboard().setImage(image)
    qtbot.mouseClick(feature.pane.rows[0].paste_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: doc.own_classes.counts[0] == 1, timeout=30_000)
    sample = doc.own_classes.samples(0)[0]
    assert sample.shape == (28, 28) and sample.max() == 1.0 and sample[0].max() == 0  # ink bright
    assert doc.undo_stack.undoText() == "Add a picture to 'circle'"
    files = []
    for n in range(3):
        path = tmp_path / f"triangle-{n}.png"
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.setPen(QPen(Qt.GlobalColor.black, 16 + 4 * n))
        painter.drawLine(300, 60, 180, 320)
        painter.drawLine(180, 320, 420, 320)
        painter.drawLine(420, 320, 300, 60)
        painter.end()
        image.save(str(path))
        files.append(str(path))
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a picture")
    feature.samples.ask_files = lambda _title: [*files, str(broken)]
    qtbot.mouseClick(feature.pane.rows[1].files_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: feature.samples.preview is not None, timeout=30_000)
    preview = feature.samples.preview
    assert preview.grid.count() == 3
    assert "broken.png" in preview.findChild(QWidget, "previewProblems").text()
    assert doc.own_classes.counts[1] == 0  # nothing added before OK
    preview.add_button.click()
    assert doc.own_classes.counts == (1, 3, 0)
    assert doc.undo_stack.undoText() == "Add 3 pictures to 'triangle'"
    assert "Left out: broken.png" in feature.pane.message.text()
    # Files dropped on a row go straight in.
    row = feature.pane.rows[2]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(f) for f in files[:2]])
    point = QPointF(row.rect().center())
    enter = QDragEnterEvent(point.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(row, enter)
    assert enter.isAccepted()
    drop = QDropEvent(point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(row, drop)
    qtbot.waitUntil(lambda: doc.own_classes.counts[2] == 2, timeout=30_000)
    assert doc.undo_stack.undoText() == "Add 2 pictures to 'cross'"


def test_every_control_of_the_pane_has_a_name(qtbot, window) -> None:
    make_classes(qtbot, window)
    pane = window.features["own-classes"].pane
    controls = [w for w in pane.findChildren(QWidget) if w.isVisible()
                and isinstance(w, (QAbstractButton, QLineEdit))]
    assert len(controls) > 15
    def spoken(widget: QWidget) -> str:
        interface = QAccessible.queryAccessibleInterface(widget)
        return interface.text(QAccessible.Text.Name) if interface is not None else ""

    missing = [w.objectName() for w in controls if not (w.objectName() and spoken(w))]
    assert missing == []
    assert not pane.webcam_button.isEnabled()  # no Qt Multimedia, no OpenCV here
    assert "pip install PySide6-Addons" in pane.webcam_button.toolTip()


def test_the_classes_are_saved_opened_and_restored(qtbot, window, tmp_path) -> None:
    make_classes(qtbot, window)
    rng = np.random.default_rng(4)
    for index, kind in enumerate(NAMES):
        draw_sample(qtbot, window, shape(kind, rng), index)
    doc = window.document
    own = doc.own_classes
    path = tmp_path / "shapes.nnp"
    doc.save(path)
    doc.new_empty()
    assert doc.own_classes is None and current_own_classes() is None
    assert not window.pane(DOCK_NAME).isVisible()
    assert window.open_path(path)
    assert doc.own_classes == own and doc.own_classes is not own
    assert current_own_classes() is doc.own_classes
    assert window.pane(DOCK_NAME).isVisible()
    assert window.features["own-classes"].pane.rows[2].strip.count() == 1
    # Autosave writes them too, and a restore brings them back.
    from playground.gui.autosave import restore_into

    state = window.features["autosave"].current_state()
    assert state.own_classes is doc.own_classes
    project = state.project()
    doc.new_empty()
    restore_into(window, project, None)
    assert doc.own_classes == own and doc.dirty


def test_image_folders_go_out_and_come_back(qtbot, window, tmp_path) -> None:
    make_classes(qtbot, window)
    rng = np.random.default_rng(5)
    for index, kind in enumerate(NAMES):
        for _ in range(2):
            draw_sample(qtbot, window, shape(kind, rng), index)
    feature, doc = window.features["own-classes"], window.document
    own = doc.own_classes
    folder = tmp_path / "shapes"
    feature.workflow.ask_folder = lambda _title: str(folder)
    window.action("exportOwnClassesAction").trigger()
    qtbot.waitUntil(lambda: (folder / "cross" / "0002.png").is_file(), timeout=30_000)
    wait_idle(qtbot, window)
    assert sorted(p.name for p in folder.iterdir()) == sorted(NAMES)
    doc.new_empty()
    window.action("importOwnClassesAction").trigger()
    qtbot.waitUntil(lambda: doc.own_classes is not None, timeout=60_000)
    imported = doc.own_classes
    assert sorted(imported.names) == sorted(NAMES)  # folders come in sorted by name
    for name in NAMES:
        for a, b in zip(own.samples(name), imported.samples(name), strict=True):
            np.testing.assert_array_equal(a, b)  # exactly the same samples
    assert doc.spec.dataset == OWN_CLASSES_NAME and doc.undo_stack.undoText() == (
        "Import own classes")


def test_undo_texts_are_messages_named_again_in_another_language(qtbot, window) -> None:
    make_classes(qtbot, window)
    command = window.document.undo_stack.command(0)
    assert isinstance(command.message, Message)


def test_the_pane_speaks_the_new_language_after_a_switch(qtbot, window, qapp) -> None:
    from playground.core.catalogue import PSEUDO
    from playground.gui.i18n import install_language
    from playground.gui.language_switch import switch_language

    make_classes(qtbot, window)
    rng = np.random.default_rng(6)
    for _ in range(2):
        draw_sample(qtbot, window, shape("circle", rng), 0)
    wait_idle(qtbot, window)
    pane = window.features["own-classes"].pane
    try:
        switch_language(window, PSEUDO)  # every catalogue text accented and bracketed
        row = pane.rows[0]
        for text in (row.count_label.text(), row.draw_button.text(), pane.message.text(),
                     pane.start.scratch.text(), pane.start.reasons.text(),
                     window.pane(DOCK_NAME).windowTitle()):
            assert text.startswith("["), text
        assert "circle" in row.draw_button.toolTip()  # names are the user's, as typed
    finally:
        switch_language(window, "en")
        install_language(qapp, "en")
    assert pane.rows[0].count_label.text() == "2 samples"


def test_the_inside_pane_loads_the_classes_again_when_a_sample_is_added(qtbot, window) -> None:
    """The Inside pane's pictures are the classes of this moment: a sample added after its
    first load is among them (its cache used to key on the dataset's name only)."""
    make_classes(qtbot, window)
    rng = np.random.default_rng(4)
    for index, kind in enumerate(NAMES):
        for _ in range(4):
            draw_sample(qtbot, window, shape(kind, rng), index)
    samples = window.features["inside"].pane.samples
    window.features["inside"].dock.show()
    window.features["inside"].dock.raise_()

    def held() -> int:
        data = samples.data
        return -1 if data is None else len(data.train_y) + len(data.test_y)

    qtbot.waitUntil(lambda: window.features["inside"].pane.refresh(force=True) is not None
                    and held() == 12, timeout=60_000)
    draw_sample(qtbot, window, shape("cross", rng), 2)
    qtbot.waitUntil(lambda: held() == 13, timeout=60_000)
