"""Light and dark themes, and the high-contrast look of presentation mode.

A theme is a Fusion style with an explicit :class:`QPalette`, plus matching colours for the
pyqtgraph plots, which do not follow the Qt palette by themselves. "system" follows the
desktop's colour scheme (``QStyleHints.colorScheme``, Qt 6.5 and later) and switches when the
desktop does. Fusion is used everywhere because it is the one style that honours a palette
completely on every platform, so a dark theme is dark on Windows too.

Plots: the panes create their plots on a white background. Any plot whose background is one
of the theme backgrounds (white included) is repainted with the theme's colours, axes, titles
and legends; a plot drawn deliberately on another background (a black drawing pad) is left
alone.

Everything else (the editor canvas, layer cards, messages, custom-painted widgets) takes its
colours by name from :mod:`playground.gui.looks`; applying a look refreshes those too.

:func:`capture` and :func:`restore` record and put back every colour changed here, so
presentation mode can undo its look exactly.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from playground.gui import icons, looks
from playground.gui.app_settings import THEMES, AppSettings
from playground.gui.looks import (
    CONTRAST_DARK,
    CONTRAST_LIGHT,
    DARK,
    LIGHT,
    Look,
)

MANAGER_NAME = "themeManager"
THEMED_PROPERTY = "followsTheme"  # set on plot views repainted by a theme


# Plots on these follow the theme; the contrast looks' black is left out, since a drawing
# pad is black on purpose (the plots presentation mode repaints are marked instead).
PLOT_BACKGROUNDS = {QColor(look.plot_background).rgb() for look in (LIGHT, DARK)}
# Text items in one of these colours are plain plot text and follow the theme; others (a red
# "no samples" note) keep their colour.
PLOT_TEXTS = {QColor(c).rgb() for c in
              ("#222222", "#333333", "#444444", LIGHT.plot_foreground, DARK.plot_foreground)}


def high_contrast(look: Look) -> Look:
    """The high-contrast look on the same side (dark stays dark) as ``look``."""
    return CONTRAST_DARK if look.dark else CONTRAST_LIGHT


def palette_for(look: Look) -> QPalette:
    """A complete palette for ``look``: every role set, disabled text greyed."""
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    palette = QPalette()
    colours = {
        role.Window: look.window, role.WindowText: look.text, role.Base: look.base,
        role.AlternateBase: look.alternate_base, role.Text: look.text,
        role.Button: look.button, role.ButtonText: look.text, role.BrightText: "#ff5252",
        role.Highlight: look.highlight, role.HighlightedText: look.highlighted_text,
        role.Link: look.link, role.LinkVisited: look.link, role.ToolTipBase: look.base,
        role.ToolTipText: look.text, role.PlaceholderText: look.disabled_text,
        role.Mid: look.mid, role.Midlight: look.alternate_base, role.Dark: look.mid,
        role.Light: look.base, role.Shadow: "#000000",
    }
    for colour_role, colour in colours.items():
        palette.setColor(colour_role, QColor(colour))
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, colour_role, QColor(look.disabled_text))
    palette.setColor(group.Disabled, role.Highlight, QColor(look.mid))
    return palette


def system_prefers_dark() -> bool:
    """True when the desktop asks for dark colours (unknown before Qt 6.5: light)."""
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    return scheme is not None and scheme() == Qt.ColorScheme.Dark


def resolve(theme: str) -> Look:
    """The look for a setting value: "light", "dark", or "system" (whatever the desktop uses)."""
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
    if theme == "system":
        return DARK if system_prefers_dark() else LIGHT
    return DARK if theme == "dark" else LIGHT


# -- plots --------------------------------------------------------------------------------------
def _views(root: QWidget) -> list[pg.GraphicsView]:
    views = root.findChildren(pg.GraphicsView)
    return [root, *views] if isinstance(root, pg.GraphicsView) else views


def _follows_theme(view: pg.GraphicsView) -> bool:
    return bool(view.property(THEMED_PROPERTY)) or \
        view.backgroundBrush().color().rgb() in PLOT_BACKGROUNDS


def _themed_text(colour: QColor) -> bool:
    """True for a plot text colour that belongs to a theme (not a deliberate highlight)."""
    return colour.rgb() in PLOT_TEXTS


def recolour(root: QWidget, look: Look) -> None:
    """Paint ``root``'s themed plots: background, axes, titles, legends and plain text items."""
    for view in _views(root):
        if not _follows_theme(view):
            continue
        view.setProperty(THEMED_PROPERTY, True)
        view.setBackground(look.plot_background)
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem):
                item.setPen(look.plot_axis)
                item.setTextPen(look.plot_foreground)
                item.labelStyle = {**item.labelStyle, "color": look.plot_foreground}
                item._updateLabel()
            elif isinstance(item, pg.LegendItem):
                item.setLabelTextColor(look.plot_foreground)
            elif isinstance(item, pg.LabelItem) and item.text:
                item.setText(item.text, color=look.plot_foreground)
            elif isinstance(item, pg.TextItem) and _themed_text(item.color):
                item.setColor(look.plot_foreground)


def capture(root: QWidget) -> list[dict[str, Any]]:
    """What :func:`recolour` may change under ``root``, to put back later."""
    records: list[dict[str, Any]] = []
    for view in _views(root):
        record: dict[str, Any] = {
            "view": view, "brush": QBrush(view.backgroundBrush()),
            "background": getattr(view, "_background", None),
            "themed": view.property(THEMED_PROPERTY), "axes": [], "legends": [], "labels": [],
            "texts": [],
        }
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem):
                record["axes"].append((item, item._pen, item._textPen, dict(item.labelStyle)))
            elif isinstance(item, pg.LegendItem):
                record["legends"].append((item, item.opts.get("labelTextColor")))
            elif isinstance(item, pg.LabelItem):
                record["labels"].append((item, item.opts.get("color")))
            elif isinstance(item, pg.TextItem):
                record["texts"].append((item, QColor(item.color)))
        records.append(record)
    return records


def restore(records: list[dict[str, Any]]) -> None:
    """Put back the colours recorded by :func:`capture` (of widgets still alive)."""
    for record in records:
        view = record["view"]
        if not shiboken6.isValid(view):
            continue
        view.setBackgroundBrush(record["brush"])
        view._background = record["background"]
        view.setProperty(THEMED_PROPERTY, record["themed"])
        for axis, pen, text_pen, label_style in record["axes"]:
            axis.setPen(pen) if pen is not None else axis.setPen()
            axis.setTextPen(text_pen) if text_pen is not None else axis.setTextPen()
            axis.labelStyle = label_style
            axis._updateLabel()
        for legend, colour in record["legends"]:
            legend.opts["labelTextColor"] = colour
        for label, colour in record["labels"]:
            if label.text:
                label.setText(label.text, color=colour)
            else:
                label.opts["color"] = colour
        for text, colour in record["texts"]:
            text.setColor(colour)


# -- the application's theme --------------------------------------------------------------------
def apply_look(look: Look, app: QApplication | None = None) -> None:
    """Make ``look`` the app's colours: style, palette, pyqtgraph defaults, existing plots."""
    app = app or QApplication.instance()
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(palette_for(look))
    looks.set_current(look)
    pg.setConfigOptions(background=look.plot_background, foreground=look.plot_foreground)
    looks.refresh(app)
    for widget in app.topLevelWidgets():
        # A widget scheduled for deletion (a plot's unused context menu) may go during the walk.
        if shiboken6.isValid(widget):
            recolour(widget, look)
            icons.retint_glyphs(widget, look)


class ThemeManager(QObject):
    """Holds the chosen theme ("system", "light", "dark") and keeps the app painted with it."""

    lookChanged = Signal(str)  # the name of the look now shown ("light" or "dark")

    def __init__(self, app: QApplication, theme: str = "system") -> None:
        super().__init__(app)
        self.setObjectName(MANAGER_NAME)
        self.app = app
        self.theme = "system"
        self.look = LIGHT
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._system_scheme_changed)
        self.set_theme(theme)

    def set_theme(self, theme: str) -> None:
        """Choose and apply a theme; raises ``ValueError`` for a name it does not know."""
        look = resolve(theme)
        self.theme = theme
        self.look = look
        apply_look(look, self.app)
        self.lookChanged.emit(look.name)

    def _system_scheme_changed(self, _scheme: object) -> None:
        if self.theme == "system" and resolve("system") != self.look:
            self.set_theme("system")


def current_manager() -> ThemeManager | None:
    """The app's theme manager, if one was made."""
    return QApplication.instance().findChild(ThemeManager, MANAGER_NAME)


def theme_manager(app: QApplication | None = None, theme: str | None = None) -> ThemeManager:
    """The app's one theme manager, created on first use with ``theme`` (or the stored one)."""
    app = app or QApplication.instance()
    manager = app.findChild(ThemeManager, MANAGER_NAME)
    if manager is None:
        if theme is None:
            theme = AppSettings().theme
        manager = ThemeManager(app, theme)
    return manager


def install(window: QWidget) -> ThemeManager:
    """Paint ``window`` with the current theme (creating the manager if needed)."""
    manager = theme_manager()
    recolour(window, manager.look)
    return manager
