"""The palette: every catalogue layer, grouped by family, with icon and explanation; adds layers."""

from __future__ import annotations

import pytest
from gui_helpers import layer_types
from PySide6.QtCore import Qt

from playground.core.network.layers import FAMILY_TITLES, LAYER_TYPES
from playground.gui.icons import layer_pixmap
from playground.gui.mime import TYPE_MIME
from playground.gui.palette import TYPE_ROLE, LayerPalette


@pytest.fixture
def palette(qtbot) -> LayerPalette:
    widget = LayerPalette()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_every_layer_type_is_listed_under_its_family(palette) -> None:
    groups = [palette.topLevelItem(i) for i in range(palette.topLevelItemCount())]
    assert [g.text(0) for g in groups] == [t.en.upper() for t in FAMILY_TITLES.values()]
    seen = {}
    for family, group in zip(FAMILY_TITLES, groups, strict=True):
        for j in range(group.childCount()):
            item = group.child(j)
            type_name = item.data(0, TYPE_ROLE)
            seen[type_name] = family
            assert not item.icon(0).isNull()
            assert LAYER_TYPES[type_name].explanation.en in item.toolTip(0)
    assert seen == {name: t.family for name, t in LAYER_TYPES.items()}


def test_drag_data_carries_the_layer_type(palette) -> None:
    mime = palette.mimeData([palette.item_for("Conv2D")])
    assert bytes(mime.data(TYPE_MIME).data()) == b"Conv2D"
    assert palette.mimeTypes() == [TYPE_MIME]
    group = palette.topLevelItem(0)
    assert not group.flags() & Qt.ItemFlag.ItemIsDragEnabled


def test_double_click_and_enter_append_a_layer(window, qtbot) -> None:
    palette = window.palette_view
    item = palette.item_for("Flatten")
    rect = palette.visualItemRect(item)
    # Qt 6 item views only accept a double click that follows a press on the same item.
    qtbot.mouseClick(palette.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(palette.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert layer_types(window.document) == ["Flatten"]
    palette.setCurrentItem(palette.item_for("Dense"))
    qtbot.keyClick(palette, Qt.Key.Key_Return)
    assert layer_types(window.document) == ["Flatten", "Dense"]


def test_highlighting_an_entry_explains_it_in_the_inspector(window) -> None:
    window.palette_view.setCurrentItem(window.palette_view.item_for("BatchNorm"))
    assert window.inspector.explanation.text() == LAYER_TYPES["BatchNorm"].explanation.en


def test_spanish_palette_uses_the_catalogue_texts(qtbot) -> None:
    palette = LayerPalette(language="es")
    qtbot.addWidget(palette)
    assert palette.topLevelItem(0).text(0) == "BÁSICAS"
    assert palette.item_for("Dense").text(0) == "Densa"
    assert LAYER_TYPES["Dense"].explanation.es in palette.item_for("Dense").toolTip(0)


@pytest.mark.parametrize("type_name", list(LAYER_TYPES))
def test_every_layer_type_draws_a_glyph_of_its_own(qapp, type_name: str) -> None:
    """A type without a glyph showed as a blank square of its family's colour."""
    image = layer_pixmap(type_name, 32).toImage()
    white = sum(1 for x in range(32) for y in range(32)
                if image.pixelColor(x, y).lightness() > 230)
    assert white > 20, type_name
