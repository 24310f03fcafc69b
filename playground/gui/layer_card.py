"""One layer of the network as a card: type, key parameters, output shape, parameter count.

A card only displays and forwards: clicks, drags, its context menu and its "Fix it" button
become signals the editor turns into document edits. Cards are reused as the network changes
(``show_layer`` refreshes one in place), so a 30-layer network does not rebuild 30 widgets on
every keystroke in the inspector.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDrag,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from playground.core.messages import Message
from playground.core.network.layers import FAMILY_TITLES, LAYER_TYPES
from playground.core.network.shapes import LayerInfo
from playground.core.network.spec import LayerSpec
from playground.core.network.validation import ValidationError
from playground.gui import looks
from playground.gui.focus_ring import RING_WIDTH, paint_ring
from playground.gui.i18n import current_language, current_locale
from playground.gui.icons import layer_pixmap, type_colour
from playground.gui.mime import INDEX_MIME
from playground.gui.numbers import number

CARD_MAX_WIDTH = 720
FOCUS_GAP = RING_WIDTH + 1.5  # pixels between the focus ring and the card it marks


def format_shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def in_language(message: Message, language: str) -> str:
    """``message`` in ``language`` ("es", or a locale name such as "es_MX").

    The panes are handed the language they show; when it is the interface's, numbers follow
    the interface's locale too (0,001 in Spain, 0.001 in Mexico).
    """
    code = language.split("_")[0] or "en"
    locale = current_locale() if code == current_language() else None
    return message.render(code, locale)


def message_for(error: ValidationError, language: str) -> str:
    """The core's problem and suggestion, in the user's language."""
    return f"{in_language(error.problem, language)} {in_language(error.suggestion, language)}"


class ErrorPanel(QWidget):
    """The explanation of a problem, with a "Fix it" button when the core offers a fix.

    Red for a problem that stops training; amber for a warning (a network that trains, but not
    as the student meant, such as a softmax that is not the output's), so the two never look
    alike.
    """

    fixRequested = Signal()
    otherFixRequested = Signal()  # the second choice, when the core offers one

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.message = QLabel()
        self.message.setObjectName("errorMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.fix_button = QPushButton(self.tr("Fix it"))
        self.fix_button.setObjectName("fixButton")
        self.fix_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self._style_for_warning: bool | None = None
        self._set_style(warning=False)
        self.fix_button.clicked.connect(self.fixRequested)
        self.other_button = QPushButton(self.tr("Other fix"))
        self.other_button.setObjectName("otherFixButton")
        self.other_button.clicked.connect(self.otherFixRequested)
        self.set_subject("")
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.fix_button)
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        layout.addWidget(self.message, 1)
        layout.addLayout(buttons)
        self.hide()

    def _set_style(self, warning: bool) -> None:
        if warning == self._style_for_warning:  # style sheets are slow: restyle only on a change
            return
        self._style_for_warning = warning
        kind = "warning" if warning else "error"
        looks.set_style(self.message, "color: {" + kind + "};")
        looks.set_style(
            self.fix_button,
            "QPushButton {{ background: {" + kind + "_strong}; color: white; border: none;"
            " border-radius: 4px; padding: 5px 14px; font-weight: bold; }}"
            " QPushButton:hover {{ background: {" + kind + "_strong_hover}; }}",
        )

    def set_subject(self, subject: str) -> None:
        """Say in the buttons' names what they fix ("Fix it: Dense, layer 2"): a card shows
        its own, and a screen reader listing the buttons of the editor tells them apart."""
        names = ((self.tr("Fix it: {0}").format(subject), self.tr("Other fix: {0}").format(subject))
                 if subject else (self.tr("Fix it"), self.tr("Other fix")))
        for button, name in zip((self.fix_button, self.other_button), names, strict=True):
            if button.accessibleName() != name:
                button.setAccessibleName(name)

    def show_error(
        self, error: ValidationError | None, language: str, warning: bool = False
    ) -> None:
        """Show ``error`` (or hide the panel for None); ``warning`` draws it as a warning."""
        if error is None:
            self.hide()
            return
        self._set_style(warning)
        text = message_for(error, language)
        if warning:
            text = self.tr("Warning: {0}").format(text)
        self.message.setText(text)
        self.message.setAccessibleName(self.message.text())
        for button, fix in ((self.fix_button, error.fix),
                            (self.other_button, getattr(error, "alternative", None))):
            button.setVisible(fix is not None)
            if fix is not None:
                text = in_language(fix.description, language)
                button.setToolTip(text)
                button.setAccessibleDescription(text)
        self.show()


class LayerCard(QFrame):
    """A card for the layer at ``index``; emits what the user does with it."""

    pressed = Signal(int)
    shiftPressed = Signal(int)  # a shift-click: extend the selection to a run of cards
    menuRequested = Signal(int, QPoint)
    fixRequested = Signal(int)
    otherFixRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = -1
        self.layer: LayerSpec | None = None
        self.invalid = False
        self.selected = False
        self.focus_marked = False  # the editor has keyboard focus and this is its current card
        self.unchecked = False
        self.narrow = self.brief = False  # see set_narrow
        self.tight = False  # see set_tight
        self.stacked = 0  # pixels left at the right and bottom for cards drawn "behind" it
        # What the card shows, kept so that retranslate() can show it again in a new language
        # (the editor's retranslation sets ``language`` first).
        self.language = "en"
        self._info: LayerInfo | None = None
        self._error: ValidationError | None = None
        self._warning: ValidationError | None = None
        self._press: QPoint | None = None
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMaximumWidth(CARD_MAX_WIDTH)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        self.icon = QLabel()
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.detail = QLabel()
        self.detail.setObjectName("cardDetail")
        self.shape = _FigureLabel(lambda: "" if self.narrow or self.tight else "→ (99, 99, 99)")
        self.shape.setObjectName("cardShape")
        self.params = _FigureLabel(self._widest_params)
        self.params.setObjectName("cardParams")
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        mono.setPointSizeF(self.font().pointSizeF())
        bold = QFont(mono)
        bold.setBold(True)
        self.shape.setFont(bold)
        self.params.setFont(mono)
        self._fit_params_width()
        for label in (self.shape, self.params):
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.shape.setToolTip(self.tr("Output shape for one sample (batch left out)"))
        self.params.setToolTip(self.tr("Weights and biases this layer learns"))
        for label, colour in ((self.title, "text"), (self.shape, "text"),
                              (self.detail, "muted"), (self.params, "muted")):
            looks.set_style(label, "color: {" + colour + "};")
        names = self._names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.title)
        names.addWidget(self.detail)
        # A narrow card (branches side by side) shows its shape and count under its names.
        self._figures = QHBoxLayout()
        self._figures.setSpacing(8)  # put under the names only while narrow (set_narrow)
        row = self._row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.icon)
        row.addLayout(names, 1)
        row.addWidget(self.shape)
        row.addWidget(self.params)
        self.error_panel = ErrorPanel(self)
        self.error_panel.fixRequested.connect(lambda: self.fixRequested.emit(self.index))
        self.error_panel.otherFixRequested.connect(
            lambda: self.otherFixRequested.emit(self.index))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 8, 12, 8)
        outer.setSpacing(2)
        outer.addLayout(row)
        outer.addWidget(self.error_panel)

    def set_narrow(self, narrow: bool, brief: bool = False) -> None:
        """Fit the card into a narrow slot: the output shape and the parameter count on a line
        under the layer's names instead of beside them. ``brief`` (a graph zoomed out) also
        leaves out the settings, the shape and the count (the inspector still shows them).
        A column's cards are never narrow."""
        if (narrow, brief) == (self.narrow, self.brief):
            return
        if narrow != self.narrow:
            if narrow:
                self._names.addLayout(self._figures)
            for label in (self.shape, self.params):
                (self._row if self.narrow else self._figures).removeWidget(label)
                (self._figures if narrow else self._row).addWidget(label)
            if not narrow:
                self._names.removeItem(self._figures)
            side = Qt.AlignmentFlag.AlignLeft if narrow else Qt.AlignmentFlag.AlignRight
            self.shape.setAlignment(side | Qt.AlignmentFlag.AlignVCenter)
            self.narrow = narrow
        self.brief = brief
        self._fit_params_width()
        self.detail.setVisible(not brief and bool(self.detail.text()))
        self.params.setVisible(not brief)
        self.shape.setVisible(not brief)
        for box in (self._figures, self._row, self.layout()):
            box.invalidate()  # the graph reads the new minimum width right away

    def set_tight(self, tight: bool) -> None:
        """Give the shape and the count only the room their own text needs (a compact editor:
        presentation's large type on a small screen), rather than room for the widest values,
        which keeps the counts aligned but in large type pushed the cards past the editor."""
        if tight != self.tight:
            self.tight = tight
            self._row.setSpacing(6 if tight else 10)
            self._fit_params_width()

    def _fit_params_width(self) -> None:
        """Room for the widest shape and count in the language and type size shown."""
        self.shape.fit()
        self.params.fit()

    def _widest_params(self) -> str:
        """The widest count in the language shown ("9.999.999 parámetros"), so the column of
        counts stays aligned from card to card; none when stacked under the shape (narrow)."""
        if self.narrow or self.tight:
            return ""
        return self.tr("{n} params").format(n=number(9_999_999, ","))

    def _show_names(self, layer: LayerSpec) -> None:
        """The layer's type and settings, in the card's language and number conventions."""
        self.title.setText(in_language(LAYER_TYPES[layer.type].title, self.language))
        detail = layer.describe(number)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail) and not self.brief)

    def retranslate(self) -> None:
        """Show the same layer again in the new ``language`` (set just before this call):
        its names, counts, explanations and accessible texts are composed from values."""
        self._fit_params_width()
        if self.layer is None:
            return
        self._show_names(self.layer)
        self.show_layer(self.index, self.layer, self._info, self._error, self.selected,
                        self.language, self._warning)

    def show_layer(
        self, index: int, layer: LayerSpec, info: LayerInfo | None,
        error: ValidationError | None, selected: bool, language: str,
        warning: ValidationError | None = None,
    ) -> None:
        """Show ``layer`` at position ``index``; ``info`` None means it was not checked yet.

        ``warning`` is shown (in amber) only when there is no ``error`` for this card.
        """
        self.language = language
        self._info, self._error, self._warning = info, error, warning
        if layer != self.layer:
            self.icon.setPixmap(layer_pixmap(layer.type, 32))
            self._show_names(layer)
        self.index, self.layer = index, layer
        self.setObjectName(f"layerCard{index}")
        self.invalid = error is not None
        unchecked = info is None and error is None
        if unchecked != self.unchecked:  # style sheets are slow: restyle only on a change
            self.unchecked = unchecked
            grey = "color: {faint};" if unchecked else "color: {text};"
            looks.set_style(self.title, grey)
            looks.set_style(self.shape, grey)
        self.selected = selected
        if info is not None:
            self.shape.setText("→ " + format_shape(info.output_shape))
            self.params.setText(
                self.tr("{n} params").format(n=number(info.params, ",")) if info.params
                else self.tr("no weights")
            )
        else:
            self.shape.setText("→ ?")
            self.params.setText("")
        if error is not None:
            self.error_panel.show_error(error, language)
        else:
            self.error_panel.show_error(warning, language, warning=True)
        if info is not None:
            self.params.setToolTip(in_language(info.parameter_explanation, language))
        family = in_language(FAMILY_TITLES[LAYER_TYPES[layer.type].family], language)
        summary = f"{self.title.text()} {layer.describe(number)}".strip()
        shape = self.shape.text().removeprefix("→ ")
        self.setAccessibleName(self.tr("Layer {0}: {1}").format(index + 1, summary))
        self.error_panel.set_subject(
            self.tr("{0}, layer {1}").format(self.title.text(), index + 1))
        self.setAccessibleDescription(
            self.tr("{0}; output {1}; {2}").format(family, shape, self.params.text()))
        self.setToolTip(in_language(LAYER_TYPES[layer.type].explanation, language))
        self.update()

    # -- painting --------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        if self.layer is None:
            return
        colour = type_colour(self.layer.type)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # The editor's current card, while the editor has the keyboard: the focus ring round
        # the card, the card drawn a little inside it.
        inset = 1.5 + (FOCUS_GAP if self.focus_marked else 0)
        if self.focus_marked:
            paint_ring(painter, self.rect())
        rect = QRectF(self.rect()).adjusted(inset, inset, -inset - self.stacked,
                                            -inset - self.stacked)
        look = looks.current()
        if self.invalid:
            background, border = QColor(look.error_background), QColor(look.error_strong)
            width = 2.5
        else:
            background, border = looks.card_colours(colour, self.selected, look)
            width = 3.0 if self.selected else 1.2
        painter.setPen(QPen(border, width))
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 8, 8)
        bar = QRectF(rect.left() + width / 2, rect.top() + 6, 6, rect.height() - 12)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(look.error_strong) if self.invalid else colour)
        painter.drawRoundedRect(bar, 3, 3)
        painter.end()

    # -- interaction -----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        (self.shiftPressed if shift else self.pressed).emit(self.index)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._press = None
        super().mouseReleaseEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        moved = (event.position().toPoint() - self._press).manhattanLength()
        if moved >= QApplication.startDragDistance():
            self._press = None
            self.start_drag()

    def start_drag(self) -> None:
        """Drag this card; dropping it elsewhere in the editor moves the layer."""
        mime = QMimeData()
        mime.setData(INDEX_MIME, str(self.index).encode())
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.setPixmap(self.grab().scaledToWidth(min(self.width(), 360)))
        drag.setHotSpot(QPoint(20, 16))
        drag.exec(Qt.DropAction.MoveAction)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.menuRequested.emit(self.index, event.globalPos())
        event.accept()


class _FigureLabel(QLabel):
    """The output shape or the parameter count: at least as wide as the widest value it can show
    (``sample()``), measured in its own font, again whenever that font changes (presentation
    mode enlarges it), so a larger type never cuts a figure."""

    def __init__(self, sample: Callable[[], str]) -> None:
        super().__init__()
        self._sample = sample

    def fit(self) -> None:
        text = self._sample()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(text) + 4 if text else 0)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit()
