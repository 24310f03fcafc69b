"""Presentation mode: the window as a teacher shows it on a projector.

F11 (or View ▸ Presentation Mode) keeps only the network editor, the learning curves and the
training controls, enlarges every font, thickens the plot lines, switches to black-and-white
colours and fills the screen. Space, → and R still train, step and reset. Pressing F11 (or
Esc) again puts back exactly what was there: dock layout, geometry, fonts, pens and colours,
all recorded on the way in rather than recomputed on the way out.

Plots added while the mode is on (a new run in the comparison) are thickened when a run ends
or starts; a pane that builds plots at other times can call :meth:`PresentationMode.refresh`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QDockWidget, QTabBar, QWidget

from playground.gui import theme
from playground.gui.app_settings import AppSettings

if TYPE_CHECKING:
    from playground.gui.host import WindowHost

MODE_NAME = "presentationMode"
SHOWN_DOCKS = ("curvesDock", "trainingDock")  # besides the editor, the window's centre
RAISED_DOCK = "curvesDock"
TRAINING_MAX_SHARE = 0.4  # of the screen's width, for the enlarged training panel
MIN_LINE_WIDTH = 3.0
LINE_SCALE = 2.0
SYMBOL_SCALE = 1.6


def tr(text: str) -> str:
    return QCoreApplication.translate("Presentation", text)


@dataclass
class _Saved:
    """What presentation mode changes at window and app level, as it was before."""

    geometry: QRect
    window_state: Qt.WindowState
    font: QFont
    palette: QPalette
    plot_config: dict[str, Any]
    colours: list[dict[str, Any]]
    docks: list[tuple[QDockWidget, bool, bool]] = field(default_factory=list)  # open, on top
    dock_sizes: dict[QDockWidget, QSize] = field(default_factory=dict)
    widget_fonts: dict[QWidget, tuple[QFont, bool]] = field(default_factory=dict)  # own?
    stale_tab_bars: list[QTabBar] = field(default_factory=list)
    # Per plot item: how to undo what was done to it, run in reverse order on the way out.
    undo: list[Callable[[], None]] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)


class PresentationMode(QObject):
    """Toggles presentation mode on one main window; ``toggled`` tells the menu action."""

    toggled = Signal(bool)

    def __init__(self, host: WindowHost, scale: float | None = None) -> None:
        window = host.window_widget()
        super().__init__(window)
        self.setObjectName(MODE_NAME)
        self.host = host
        self.window = window
        self._scale = scale  # None: the stored preference, read each time the mode starts
        self.scale = scale or AppSettings().presentation_scale
        self._saved: _Saved | None = None
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Leave the mode before the window closes, so it saves its normal layout; fit the
        training column again when the window changes size (full screen arrives late)."""
        if watched is self.window and self.active:
            if event.type() == QEvent.Type.Close:
                self.leave()
            elif event.type() == QEvent.Type.Resize:
                QTimer.singleShot(0, self, self._fit_training_panel)
        return False

    @property
    def active(self) -> bool:
        return self._saved is not None

    def toggle(self) -> None:
        self.leave() if self.active else self.enter()

    def set_active(self, on: bool) -> None:
        if on != self.active:
            self.toggle()

    # -- entering ------------------------------------------------------------------------------
    def enter(self) -> None:
        if self.active:
            return
        app, window = QApplication.instance(), self.window
        self.scale = self._scale or AppSettings().presentation_scale
        self._saved = saved = _Saved(
            geometry=window.normalGeometry(),
            window_state=window.windowState(), font=QFont(app.font()),
            palette=QPalette(app.palette()),
            plot_config={k: pg.getConfigOption(k) for k in ("background", "foreground")},
            colours=theme.capture(window),
        )
        saved.stale_tab_bars = _stale_tab_bars(window)
        for bar in saved.stale_tab_bars:
            bar.hide()
        # Docks are hidden and shown in place, not rearranged: restoreState() on the way out
        # would resize them for the full-screen window and leave more stale tab bars behind.
        docks = [d for d in window.findChildren(QDockWidget) if d.parent() is window]
        saved.docks = [(d, not d.isHidden(), not d.visibleRegion().isEmpty()) for d in docks]
        saved.dock_sizes = {d: _group_size(window, d) for d in docks}
        for dock in docks:
            dock.setVisible(dock.objectName() in SHOWN_DOCKS)
            if dock.objectName() in SHOWN_DOCKS:
                dock.raise_()
        raised = window.findChild(QDockWidget, RAISED_DOCK)
        if raised is not None:
            raised.raise_()
        # Widgets that set their own font (bold titles, monospaced numbers) ignore the app
        # font, and so do widgets under a style sheet: every widget is enlarged one by one.
        # The app font covers what opens later (menus, dialogs, tooltips).
        saved.widget_fonts = {w: (QFont(w.font()), w.testAttribute(Qt.WidgetAttribute.WA_SetFont))
                              for w in app.allWidgets()}
        app.setFont(_scaled(saved.font, self.scale))
        for widget, (font, _own) in saved.widget_fonts.items():
            widget.setFont(_scaled(font, self.scale))
        theme.apply_look(theme.high_contrast(self._current_look()), app)
        self.refresh()
        window.showFullScreen()
        # Once full screen: the enlarged training panel needs a wider column than before.
        QTimer.singleShot(0, self, self._fit_training_panel)
        self.toggled.emit(True)

    def _fit_training_panel(self) -> None:
        """Widen the training column to the enlarged panel, up to a share of the screen."""
        window = self.window
        if self._saved is None:
            return
        dock = self.host.pane("trainingDock")
        if dock is None:
            return
        width = min(self.host.training.panel.natural_width(),
                    int(window.width() * TRAINING_MAX_SHARE))
        if width > dock.width():
            window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)

    def _current_look(self) -> theme.Look:
        manager = theme.current_manager()
        if manager is not None:
            return manager.look
        window_colour = QApplication.instance().palette().color(QPalette.ColorRole.Window)
        return theme.DARK if window_colour.lightness() < 128 else theme.LIGHT

    def refresh(self) -> None:
        """Enlarge the plot items not enlarged yet: call it after adding plots in the mode."""
        saved = self._saved
        if saved is None:
            return
        tick_font = QApplication.instance().font()
        for view in self.window.findChildren(pg.GraphicsView):
            for item in view.scene().items():
                if id(item) in saved.touched:
                    continue
                undo = _enlarge(item, self.scale, tick_font)
                if undo is not None:
                    saved.touched.add(id(item))
                    saved.undo.append(undo)

    # -- leaving -------------------------------------------------------------------------------
    def leave(self) -> None:
        saved, self._saved = self._saved, None
        if saved is None:
            return
        self._restore_plots(saved)
        self._restore_fonts(saved)
        self._restore_window(saved)
        self.toggled.emit(False)

    def _restore_plots(self, saved: _Saved) -> None:
        """Pens, symbols, plot fonts and every colour, then the theme as it is now."""
        app = QApplication.instance()
        for undo in reversed(saved.undo):
            undo()
        for view in self.window.findChildren(pg.GraphicsView):
            for item in view.scene().items():
                if isinstance(item, pg.LegendItem):  # shrink back to the smaller labels
                    for sample, label in item.items:
                        for part in (sample, label):
                            part.resize(part.effectiveSizeHint(Qt.SizeHint.PreferredSize))
                    item.updateSize()
                    item.update()
        pg.setConfigOptions(**saved.plot_config)
        app.setPalette(saved.palette)
        theme.restore(saved.colours)
        manager = theme.current_manager()
        if manager is not None:  # the desktop may have changed its colours meanwhile
            manager.set_theme(manager.theme)

    def _restore_fonts(self, saved: _Saved) -> None:
        app = QApplication.instance()
        app.setFont(saved.font)
        for widget in app.allWidgets():
            if widget in saved.widget_fonts:
                font, own = saved.widget_fonts[widget]
                widget.setFont(font if own else QFont())  # QFont(): inherit again
            elif widget.testAttribute(Qt.WidgetAttribute.WA_SetFont):
                # Built during the mode from the enlarged font: bring it back to scale.
                widget.setFont(_scaled(widget.font(), 1 / self.scale))

    def _restore_window(self, saved: _Saved) -> None:
        """Window state and geometry, the docks that were open and on top, their sizes."""
        window = self.window
        # setGeometry, not restoreGeometry: the latter shrinks a window larger than the screen.
        window.setWindowState(saved.window_state)
        if not saved.window_state & (Qt.WindowState.WindowMaximized
                                     | Qt.WindowState.WindowFullScreen):
            window.setGeometry(saved.geometry)
        docks = [(d, is_open, on_top) for d, is_open, on_top in saved.docks
                 if shiboken6.isValid(d)]
        for dock, is_open, _on_top in docks:
            dock.setVisible(is_open)
        on_top = [d for d, is_open, top in docks if is_open and top]
        for dock in on_top:
            dock.raise_()
        widths = [saved.dock_sizes[d].width() for d in on_top]
        heights = [saved.dock_sizes[d].height() for d in on_top]

        def resize() -> None:  # once the window has its size back
            window.resizeDocks(on_top, widths, Qt.Orientation.Horizontal)
            window.resizeDocks(on_top, heights, Qt.Orientation.Vertical)
        QTimer.singleShot(0, window, resize)
        for bar in saved.stale_tab_bars:
            if shiboken6.isValid(bar):
                bar.show()


def _group_size(window: QWidget, dock: QDockWidget) -> QSize:
    """The size to give ``resizeDocks`` for ``dock``: for a group of tabbed docks it sizes the
    group, its tab bar included, so the bar's height (or width) is added to the dock's size."""
    size = dock.size()
    title = dock.windowTitle().replace("&", "")
    bars = window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
    for bar in bars:
        titles = {bar.tabText(i).replace("&", "") for i in range(bar.count())}
        if bar.isVisible() and title in titles:
            vertical = bar.shape() in (QTabBar.Shape.RoundedWest, QTabBar.Shape.RoundedEast,
                                       QTabBar.Shape.TriangularWest,
                                       QTabBar.Shape.TriangularEast)
            return size + (QSize(bar.width(), 0) if vertical else QSize(0, bar.height()))
    return size


def _stale_tab_bars(window: QWidget) -> list[QTabBar]:
    """Dock tab bars Qt left behind, lying over the central widget where no real one can be.

    Qt (seen with 6.11) keeps a spare tab bar when a second group of docks is tabified before
    the window is shown. It sits hidden behind the editor, but once the panes move it would
    show through them.
    """
    central = window.centralWidget()
    if central is None:
        return []
    area = central.geometry()
    bars = window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return [b for b in bars if b.isVisible() and area.contains(b.geometry())]


def _scaled(font: QFont, factor: float) -> QFont:
    scaled = QFont(font)
    if font.pointSizeF() > 0:
        scaled.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        scaled.setPixelSize(max(1, round(font.pixelSize() * factor)))
    return scaled


def _scaled_css(size: object, factor: float) -> object:
    """"9pt" times ``factor``; any other size (None, "large") is kept."""
    if isinstance(size, str) and size.endswith("pt"):
        try:
            return f"{float(size[:-2]) * factor:g}pt"
        except ValueError:
            return size
    return size


def _enlarge(item: object, scale: float, tick_font: QFont) -> Callable[[], None] | None:
    """Thicken or enlarge one plot item for the projector; returns how to undo it."""
    if isinstance(item, pg.PlotDataItem):
        pen, size = item.opts["pen"], item.opts["symbolSize"]
        if pen is not None:
            thick = pg.mkPen(pen)
            if thick.style() != Qt.PenStyle.NoPen:
                thick.setWidthF(max(MIN_LINE_WIDTH, thick.widthF() * LINE_SCALE))
                item.setPen(thick)
        if item.opts["symbol"] is not None:
            item.setSymbolSize(size * SYMBOL_SCALE)

        def undo_line() -> None:
            if shiboken6.isValid(item):
                item.setPen(pen)
                item.setSymbolSize(size)
        return undo_line
    if isinstance(item, pg.AxisItem):
        font, label_style = item.style["tickFont"], dict(item.labelStyle)
        item.setStyle(tickFont=_scaled(font, scale) if font is not None else tick_font)
        if "font-size" in label_style:  # the axis title ("loss", "epoch")
            item.labelStyle["font-size"] = _scaled_css(label_style["font-size"], scale)
        elif tick_font.pointSizeF() > 0:
            item.labelStyle["font-size"] = f"{tick_font.pointSizeF():g}pt"
        item._updateLabel()

        def undo_axis() -> None:
            if shiboken6.isValid(item):
                item.setStyle(tickFont=font)
                item.labelStyle = label_style
                item._updateLabel()
        return undo_axis
    if isinstance(item, pg.LabelItem) and "size" in item.opts:
        size = item.opts["size"]
        if item.text:
            item.setText(item.text, size=_scaled_css(size, scale))
        else:
            item.opts["size"] = _scaled_css(size, scale)

        def undo_label() -> None:
            if shiboken6.isValid(item):
                item.setText(item.text, size=size) if item.text else None
                item.opts["size"] = size
        return undo_label
    return None


def install(host: WindowHost) -> PresentationMode:
    """Add View ▸ Presentation Mode (F11) and Esc to leave it; safe to call more than once.

    This is the presentation feature's factory: the app builds it with each window's host.
    """
    window = host.window_widget()
    existing = window.findChild(PresentationMode, MODE_NAME)
    if existing is not None:
        return existing
    mode = PresentationMode(host)
    action = QAction(tr("&Presentation Mode"), window)
    action.setObjectName("presentationAction")
    action.setCheckable(True)
    keys = [QKeySequence("F11")]
    full_screen = QKeySequence(QKeySequence.StandardKey.FullScreen)
    if not full_screen.isEmpty() and full_screen not in keys:
        keys.append(full_screen)
    action.setShortcuts(keys)
    tip = tr("Large fonts, thick lines and only the editor, curves and training "
                    "controls, full screen; press again to go back")
    action.setStatusTip(tip)
    action.setToolTip(tip)
    action.toggled.connect(mode.set_active)
    mode.toggled.connect(action.setChecked)
    leave = QAction(tr("Leave Presentation Mode"), window)
    leave.setObjectName("leavePresentationAction")
    leave.setShortcut(QKeySequence(Qt.Key.Key_Escape))
    leave.setEnabled(False)
    leave.triggered.connect(mode.leave)
    mode.toggled.connect(leave.setEnabled)
    host.add_shortcut(leave)  # a window shortcut, with no menu entry of its own
    host.menu("view").addSeparator()
    host.add_action("view", action)
    host.signals.layoutAboutToBeSaved.connect(mode.leave)
    # Runs add curves to the comparison: thicken them too.
    host.training.runFinished.connect(lambda _result: mode.refresh())
    host.training.runner.runningChanged.connect(lambda _running: mode.refresh())
    return mode
