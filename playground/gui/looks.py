"""The named colours of each theme, and the one place widgets take their colours from.

Every colour the interface paints (window, text, an error message, a layer card, a plot's axis)
has a name here, with a value in each of the four looks: light, dark, and the two
high-contrast looks of presentation mode. Widgets never write a colour literal for their text
or background; they ask for a name:

* :func:`current` is the look now shown, for custom painting (``paintEvent`` reads it on
  every paint, so a theme change repaints correctly without any bookkeeping);
* :func:`set_style` sets a style sheet written with named colours (``"color: {error};"``) and
  remembers the template, so :func:`refresh` can fill it in again when the theme changes;
* a widget with a ``look_changed(look)`` method is told of every theme change (plots whose
  items carry colours use this).

Text colours were chosen so each one reaches 4.5:1 (WCAG AA) against the backgrounds it is
drawn on; ``tests/gui_presentation/test_contrast.py`` measures it on rendered pixels.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget

STYLE_PROPERTY = "themedStyle"  # the style-sheet template of a widget styled by set_style


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
    muted: str  # secondary text: a card's details, a hint under a field
    faint: str  # text of something not worked out yet (a layer before its shape is known)
    error: str  # text that says something is wrong
    error_background: str  # behind a broken layer card
    error_strong: str  # a button that fixes an error (white text on it)
    error_strong_hover: str
    warning: str  # text of a warning: trains, but check this
    warning_strong: str  # a button that fixes a warning (white text on it)
    warning_strong_hover: str
    ok: str  # "ready to train"
    hint: str  # quiet guidance text
    accent: str  # drop indicator, focus frame
    canvas: str  # the network editor's background
    card_share: float  # how much of a layer family's colour tints its card
    card_share_selected: float

    def colours(self) -> dict[str, str]:
        """The named colours, for filling style-sheet templates."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if isinstance(getattr(self, f.name), str)}


LIGHT = Look(
    name="light", dark=False, window="#efefef", text="#1a1a1a", base="#ffffff",
    alternate_base="#f5f5f5", button="#e8e8e8", highlight="#1565c0",
    highlighted_text="#ffffff", link="#0b57d0", disabled_text="#8a8a8a", mid="#b8b8b8",
    plot_background="#ffffff", plot_foreground="#222222", plot_axis="#888888",
    muted="#595959", faint="#6b6b6b", error="#b00020", error_background="#fdecea",
    error_strong="#c62828", error_strong_hover="#a31f1f", warning="#8a5300",
    warning_strong="#8a5300", warning_strong_hover="#7a4a00", ok="#1b5e20", hint="#455a64",
    accent="#1565c0", canvas="#fafafa", card_share=0.07, card_share_selected=0.14,
)
DARK = Look(
    name="dark", dark=True, window="#2b2b2b", text="#e8e8e8", base="#1e1e1e",
    alternate_base="#262626", button="#353535", highlight="#3d8fd6",
    highlighted_text="#ffffff", link="#8ab4f8", disabled_text="#7a7a7a", mid="#555555",
    plot_background="#1e1e1e", plot_foreground="#e0e0e0", plot_axis="#9e9e9e",
    muted="#b8b8b8", faint="#a0a0a0", error="#ff8a80", error_background="#4a2323",
    error_strong="#c62828", error_strong_hover="#e53935", warning="#ffb74d",
    warning_strong="#8a5300", warning_strong_hover="#a56300", ok="#81c784", hint="#b0bec5",
    accent="#64b5f6", canvas="#242424", card_share=0.20, card_share_selected=0.32,
)
# Presentation mode: pure black and white, so text and lines survive a washed-out projector.
CONTRAST_LIGHT = replace(
    LIGHT, name="contrast-light", window="#ffffff", text="#000000", base="#ffffff",
    alternate_base="#f0f0f0", button="#ffffff", highlight="#0033cc", disabled_text="#555555",
    mid="#000000", plot_background="#ffffff", plot_foreground="#000000", plot_axis="#000000",
    muted="#000000", faint="#333333", error="#a00000", warning="#5c3700", ok="#0b4a10",
    hint="#000000", canvas="#ffffff",
)
CONTRAST_DARK = replace(
    DARK, name="contrast-dark", window="#000000", text="#ffffff", base="#000000",
    alternate_base="#141414", button="#000000", highlight="#ffd600",
    highlighted_text="#000000", disabled_text="#b0b0b0", mid="#ffffff",
    plot_background="#000000", plot_foreground="#ffffff", plot_axis="#ffffff",
    muted="#ffffff", faint="#d0d0d0", error="#ff9e9e", error_background="#3a0000",
    warning="#ffd180", ok="#a5d6a7", hint="#ffffff", canvas="#000000",
)
LOOKS = {look.name: look for look in (LIGHT, DARK, CONTRAST_LIGHT, CONTRAST_DARK)}

# Classes and runs: Okabe and Ito's colour-blind-safe colours (black left out, for the dark
# theme), then two of Paul Tol's. Each class also gets its own marker shape, so no reader has
# to tell two classes apart by hue alone.
CATEGORICAL = (
    (0, 114, 178), (230, 159, 0), (0, 158, 115), (213, 94, 0), (204, 121, 167),
    (86, 180, 233), (240, 228, 66), (153, 153, 153), (136, 34, 85), (68, 170, 153),
)  # fmt: skip
SYMBOLS = ("o", "s", "t", "d", "x", "+", "star", "h", "p", "t1")
SYMBOL_GLYPHS = ("●", "■", "▼", "◆", "✕", "+", "★", "⬢", "⬟", "▲")  # the same shapes, as text

_current: list[Look] = [LIGHT]


def category_colour(index: int) -> tuple[int, int, int]:
    """The colour of class or run ``index`` (the palette repeats after ten)."""
    return CATEGORICAL[index % len(CATEGORICAL)]


def category_glyph(index: int) -> str:
    """The marker shape of ``index`` as a character, for legends written as text."""
    return SYMBOL_GLYPHS[index % len(SYMBOL_GLYPHS)]


def category_symbol(index: int) -> str:
    """The marker shape of class or run ``index``: the cue that does not depend on colour."""
    return SYMBOLS[index % len(SYMBOLS)]


def current() -> Look:
    """The look the app shows now (light until a theme is applied)."""
    return _current[0]


def set_current(look: Look) -> None:
    """Record ``look`` as the one shown; :func:`refresh` then repaints what depends on it."""
    _current[0] = look


# -- colours -----------------------------------------------------------------------------------
def mix(colour: QColor | str, toward: QColor | str, share: float) -> QColor:
    """``share`` of ``colour`` and the rest of ``toward`` (a tint on a light or dark ground)."""
    a, b = QColor(colour), QColor(toward)
    return QColor(*(round(getattr(a, c)() * share + getattr(b, c)() * (1 - share))
                    for c in ("red", "green", "blue")))


def relative_luminance(colour: QColor | str) -> float:
    """WCAG 2 relative luminance of an sRGB colour, 0 (black) to 1 (white)."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    q = QColor(colour)
    return 0.2126 * channel(q.red()) + 0.7152 * channel(q.green()) + 0.0722 * channel(q.blue())


def contrast_ratio(a: QColor | str, b: QColor | str) -> float:
    """WCAG 2 contrast ratio of two colours, 1 (same) to 21 (black on white)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(background: QColor | str) -> str:
    """White or black, whichever reads better on ``background`` (a cell, a swatch)."""
    light, dark = ("#ffffff", "#000000")  # with pure black, one of the two always reaches 4.5:1
    return light if contrast_ratio(light, background) >= contrast_ratio(dark, background) \
        else dark


def card_colours(family: QColor, selected: bool, look: Look | None = None) -> tuple[QColor, QColor]:
    """A layer card's background and border for a family colour, under ``look``."""
    look = look or current()
    share = look.card_share_selected if selected else look.card_share
    background = mix(family, look.base, share)
    if selected:
        border = family.lighter(130) if look.dark else family.darker(125)
    else:
        border = mix(family, look.base, 0.45)
    return background, border


def family_text(family: QColor, look: Look | None = None) -> QColor:
    """A colour (a layer family's, a run's) darkened or lightened until it reads as text."""
    look = look or current()
    text = QColor(family)
    for _ in range(8):
        if contrast_ratio(text, look.base) >= 4.5 and contrast_ratio(text, look.window) >= 4.5:
            break
        text = text.lighter(118) if look.dark else text.darker(118)
    return text


# -- style sheets ------------------------------------------------------------------------------
def set_style(widget: QWidget, template: str) -> None:
    """Give ``widget`` a style sheet written with named colours (``"color: {error};"``).

    Literal braces of a style-sheet block are doubled, as in ``str.format``. An empty template
    clears the style. The template is kept on the widget so a theme change fills it in again.
    """
    widget.setProperty(STYLE_PROPERTY, template or None)
    widget.setStyleSheet(template.format(**current().colours()) if template else "")


def refresh(app: QApplication | None = None) -> None:
    """Fill in every widget's style template with the current look and tell the widgets."""
    app = app or QApplication.instance()
    look = current()
    colours = look.colours()
    for widget in app.allWidgets():
        template = widget.property(STYLE_PROPERTY)
        if template:
            widget.setStyleSheet(template.format(**colours))
        hook = getattr(widget, "look_changed", None)
        if callable(hook):
            hook(look)
        widget.update()
