"""A student's first minute: build the MLP of ``mlp-mnist`` from nothing, with GUI actions only."""

from __future__ import annotations

from gui_helpers import gap_point, send_drag, settle
from PySide6.QtCore import QPoint, Qt

from playground.core.teaching.templates import TEMPLATES


def test_build_mlp_mnist_from_an_empty_project(window, qtbot) -> None:
    editor, palette, inspector = window.editor, window.palette_view, window.inspector
    assert window.document.spec.layers == ()

    # Drag Flatten and a Dense layer from the palette into the network...
    mime = palette.mimeData([palette.item_for("Flatten")])
    assert send_drag(editor.canvas, mime, gap_point(editor, 0))
    mime = palette.mimeData([palette.item_for("Dense")])
    assert send_drag(editor.canvas, mime, gap_point(editor, 1))
    # ...and double-click Dense twice more to append them.
    rect = palette.visualItemRect(palette.item_for("Dense"))
    for _ in range(2):
        qtbot.mouseClick(palette.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(palette.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle()
    assert len(editor.visible_cards()) == 4

    # Select the last card, give it 10 units and softmax in the inspector.
    last = editor.visible_cards()[3]
    qtbot.mouseClick(last, Qt.MouseButton.LeftButton, pos=QPoint(60, 12))
    units = inspector.editors["units"]
    units.selectAll()
    qtbot.keyClicks(units, "10")
    qtbot.keyClick(units, Qt.Key.Key_Tab)
    activation = inspector.editors["activation"]
    activation.setFocus()
    activation.setCurrentIndex(activation.findData("softmax"))
    activation.activated.emit(activation.currentIndex())
    settle()

    assert editor.footer.params.value.text() == "55,050"
    assert editor.footer.status.text() == "✓ Ready to train"
    assert window.document.can_train
    template = TEMPLATES["mlp-mnist"].spec
    assert window.document.spec.layers == template.layers
    assert [c.params.text() for c in editor.visible_cards()] == [
        "no weights", "50,240 params", "4,160 params", "650 params"
    ]
