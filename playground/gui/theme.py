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

Paper: the network editor and the layer palette are drawn as light paper with their own
dark text and family colours (the layer colours were chosen for contrast on white), so they
keep a light palette in the dark theme, as a document stays white in a dark word processor.

:func:`capture` and :func:`restore` record and put back every colour changed here, so
presentation mode can undo its look exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from playground.gui.app_settings import THEMES, AppSettings

MANAGER_NAME = "themeManager"
THEMED_PROPERTY = "followsTheme"  # set on plot views repainted by a theme
PAPER_WIDGETS = ("networkEditor", "layerPalette")  # light by design, in every theme
PAPER_PROPERTY = "paperBackground"  # on paper widgets: the background they chose, or ""


@dataclass(frozen=True)
class Look:
    """Every colour of one theme; ``name`` is what tests and the settings see."""

    name: str
    dark: bool
    window: str
    text: str
    base: str
    alternate_base: str
    button: str
    highlight: str
    highlighted_text: str
    link: str
    disabled_text: str
    mid: str
    plot_background: str
    plot_foreground: str
    plot_axis: str


LIGHT = Look(
    name="light", dark=False, window="#efefef", text="#1a1a1a", base="#ffffff",
    alternate_base="#f5f5f5", button="#e8e8e8", highlight="#1565c0",
    highlighted_text="#ffffff", link="#0b57d0", disabled_text="#8a8a8a", mid="#b8b8b8",
    plot_background="#ffffff", plot_foreground="#222222", plot_axis="#888888",
)
DARK = Look(
    name="dark", dark=True, window="#2b2b2b", text="#e8e8e8", base="#1e1e1e",
    alternate_base="#262626", button="#353535", highlight="#3d8fd6",
    highlighted_text="#ffffff", link="#8ab4f8", disabled_text="#7a7a7a", mid="#555555",
    plot_background="#1e1e1e", plot_foreground="#e0e0e0", plot_axis="#9e9e9e",
)
# Presentation mode: pure black and white, so text and lines survive a washed-out projector.
CONTRAST_LIGHT = replace(
    LIGHT, name="contrast-light", window="#ffffff", text="#000000", base="#ffffff",
    alternate_base="#f0f0f0", button="#ffffff", highlight="#0033cc", disabled_text="#555555",
    mid="#000000", plot_background="#ffffff", plot_foreground="#000000", plot_axis="#000000",
)
CONTRAST_DARK = replace(
    DARK, name="contrast-dark", window="#000000", text="#ffffff", base="#000000",
    alternate_base="#141414", button="#000000", highlight="#ffd600",
    highlighted_text="#000000", disabled_text="#b0b0b0", mid="#ffffff",
    plot_background="#000000", plot_foreground="#ffffff", plot_axis="#ffffff",
)
LOOKS = {look.name: look for look in (LIGHT, DARK, CONTRAST_LIGHT, CONTRAST_DARK)}
# Plots on these follow the theme; the contrast looks' black is left out, since a drawing
# pad is black on purpose (the plots presentation mode repaints are marked instead).
PLOT_BACKGROUNDS = {QColor(look.plot_background).rgb() for look in (LIGHT, DARK)}


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


def paper_look(look: Look) -> Look:
    """The look of the light paper widgets under ``look``."""
    return CONTRAST_LIGHT if look.name.startswith("contrast") else LIGHT


def _paper(root: QWidget) -> list[QWidget]:
    """The paper widgets and every widget inside them.

    Each one gets the palette directly: widgets under a style sheet (the input block, the
    totals) do not inherit a palette set on an ancestor.
    """
    tops = [w for name in PAPER_WIDGETS for w in root.findChildren(QWidget, name)]
    return tops + [child for top in tops for child in top.findChildren(QWidget)]


def recolour(root: QWidget, look: Look) -> None:
    """Paint ``root``'s paper widgets and themed plots (background, axes, titles, legends)."""
    paper = palette_for(paper_look(look))
    for widget in _paper(root):
        role = widget.backgroundRole()
        own = widget.property(PAPER_PROPERTY)
        if own is None:  # first time: remember a background the widget chose itself
            chose = widget.testAttribute(Qt.WidgetAttribute.WA_SetPalette)
            own = widget.palette().color(role).name() if chose else ""
            widget.setProperty(PAPER_PROPERTY, own)
        palette = QPalette(paper)
        if own:  # the editor canvas keeps its off-white
            palette.setColor(role, QColor(own))
        widget.setPalette(palette)
    for view in _views(root):
        if not _follows_theme(view):
            continue
        view.setProperty(THEMED_PROPERTY, True)
        view.setBackground(look.plot_background)
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem):
                item.setPen(look.plot_axis)
                item.setTextPen(look.plot_foreground)
            elif isinstance(item, pg.LegendItem):
                item.setLabelTextColor(look.plot_foreground)
            elif isinstance(item, pg.LabelItem) and item.text:
                item.setText(item.text, color=look.plot_foreground)


def capture(root: QWidget) -> list[dict[str, Any]]:
    """What :func:`recolour` may change under ``root``, to put back later."""
    records: list[dict[str, Any]] = [
        {"paper": w, "palette": QPalette(w.palette()), "marked": w.property(PAPER_PROPERTY),
         "own": w.testAttribute(Qt.WidgetAttribute.WA_SetPalette)}
        for w in _paper(root)
    ]
    for view in _views(root):
        record: dict[str, Any] = {
            "view": view, "brush": QBrush(view.backgroundBrush()),
            "background": getattr(view, "_background", None),
            "themed": view.property(THEMED_PROPERTY), "axes": [], "legends": [], "labels": [],
        }
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem):
                record["axes"].append((item, item._pen, item._textPen, dict(item.labelStyle)))
            elif isinstance(item, pg.LegendItem):
                record["legends"].append((item, item.opts.get("labelTextColor")))
            elif isinstance(item, pg.LabelItem):
                record["labels"].append((item, item.opts.get("color")))
        records.append(record)
    return records


def restore(records: list[dict[str, Any]]) -> None:
    """Put back the colours recorded by :func:`capture` (of widgets still alive)."""
    for record in records:
        if "paper" in record:
            widget = record["paper"]
            if shiboken6.isValid(widget):
                widget.setPalette(record["palette"] if record["own"] else QPalette())
                widget.setProperty(PAPER_PROPERTY, record["marked"])
            continue
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


# -- the application's theme --------------------------------------------------------------------
def apply_look(look: Look, app: QApplication | None = None) -> None:
    """Make ``look`` the app's colours: style, palette, pyqtgraph defaults, existing plots."""
    app = app or QApplication.instance()
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(palette_for(look))
    pg.setConfigOptions(background=look.plot_background, foreground=look.plot_foreground)
    for widget in app.topLevelWidgets():
        # A widget scheduled for deletion (a plot's unused context menu) may go during the walk.
        if shiboken6.isValid(widget):
            recolour(widget, look)


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
