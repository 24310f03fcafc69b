"""Light and dark themes: the palette, the plots, the editor and its cards."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from playground.gui import theme
from playground.gui.main_window import MainWindow

Role = QPalette.ColorRole


def colours(window: MainWindow) -> dict[str, str]:
    app = QApplication.instance()
    plot = window.training.curves.loss_plot
    editor_label = window.editor.input_block.shape_label
    return {
        "window": app.palette().color(Role.Window).name(),
        "text": app.palette().color(Role.WindowText).name(),
        "plot": plot.backgroundBrush().color().name(),
        "axis text": plot.getAxis("left").textPen().color().name(),
        "compare plot": window.training.compare.loss_plot.backgroundBrush().color().name(),
        "editor text": editor_label.palette().color(Role.WindowText).name(),
        "canvas": pixel(window.editor.canvas, 3, 3),
        "footer": pixel(window.editor.footer, 3, 6),
        "card title": window.editor.cards[0].title.palette().color(Role.WindowText).name(),
    }


def pixel(widget: QWidget, x: int, y: int) -> str:
    """The colour ``widget`` paints at (x, y), as it is on screen."""
    return widget.grab().toImage().pixelColor(x, y).name()


def test_switching_theme_repaints_the_app_and_its_plots(window: MainWindow) -> None:
    window.document.insert_layer(0, "Flatten")
    manager = theme.theme_manager()
    manager.set_theme("light")
    light = colours(window)
    assert QApplication.instance().style().name().lower() == "fusion"
    assert (light["window"], light["plot"]) == (theme.LIGHT.window, theme.LIGHT.plot_background)
    seen: list[str] = []
    manager.lookChanged.connect(seen.append)

    manager.set_theme("dark")
    dark = colours(window)
    assert seen == ["dark"]
    assert dark["window"] == theme.DARK.window and dark["text"] == theme.DARK.text
    assert dark["plot"] == dark["compare plot"] == theme.DARK.plot_background
    assert dark["axis text"] == theme.DARK.plot_foreground
    assert pg.getConfigOption("background") == theme.DARK.plot_background  # for new plots
    # The editor follows the theme too: light text on its dark blocks and canvas.
    assert dark["editor text"] == theme.DARK.text
    assert dark["canvas"] == theme.DARK.canvas and dark["footer"] == theme.DARK.base
    assert dark["card title"] == theme.DARK.text

    manager.set_theme("light")
    assert colours(window) == light


def test_a_plot_on_its_own_background_is_left_alone(qtbot, window: MainWindow) -> None:
    pad = pg.PlotWidget(background="k")  # a drawing pad, black on purpose
    qtbot.addWidget(pad)
    window.training.curves.layout().addWidget(pad)
    theme.theme_manager().set_theme("dark")
    theme.theme_manager().set_theme("light")
    assert pad.backgroundBrush().color().name() == "#000000"


def test_system_theme_follows_the_desktop(window: MainWindow) -> None:
    manager = theme.theme_manager()
    manager.set_theme("system")
    hints = QGuiApplication.styleHints()
    if not hasattr(hints, "setColorScheme"):
        pytest.skip("Qt before 6.8 cannot request a colour scheme")
    hints.setColorScheme(Qt.ColorScheme.Dark)
    try:
        if hints.colorScheme() != Qt.ColorScheme.Dark:
            pytest.skip("this platform does not let the app change the colour scheme")
        assert manager.look is theme.DARK
        assert colours(window)["window"] == theme.DARK.window
    finally:
        hints.unsetColorScheme()


def test_system_theme_uses_the_scheme_the_desktop_reports(window: MainWindow) -> None:
    dark = QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    assert theme.resolve("system") is (theme.DARK if dark else theme.LIGHT)
    assert theme.resolve("dark") is theme.DARK and theme.resolve("light") is theme.LIGHT


def test_an_unknown_theme_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="system, light, dark"):
        theme.resolve("sepia")


def test_high_contrast_stays_on_the_same_side() -> None:
    assert theme.high_contrast(theme.LIGHT) is theme.CONTRAST_LIGHT
    assert theme.high_contrast(theme.DARK) is theme.CONTRAST_DARK
    palette = theme.palette_for(theme.CONTRAST_LIGHT)
    assert palette.color(Role.Window).name() == "#ffffff"
    assert palette.color(Role.WindowText).name() == "#000000"


def _glyph_lightness(window: MainWindow, name: str) -> int:
    """The lightness of the most opaque pixel of an action's toolbar icon."""
    image = window.actions_by_name[name].icon().pixmap(24, 24).toImage()
    pixels = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    return max(pixels, key=lambda c: c.alpha()).lightness()


def test_toolbar_glyphs_are_drawn_in_the_themes_text_colour(window: MainWindow) -> None:
    """Fusion's arrows and media glyphs are black: on the dark theme they are repainted light."""
    manager = theme.theme_manager()
    manager.set_theme("dark")
    assert all(_glyph_lightness(window, name) > 200 for name in ("undoAction", "trainAction"))
    manager.set_theme("light")
    assert all(_glyph_lightness(window, name) < 60 for name in ("undoAction", "trainAction"))
