"""Presentation mode: the window as a teacher shows it on a projector.

F11 (or View ▸ Presentation Mode) keeps only the network editor, the learning curves, the
training controls and, while a lesson is open, the lesson; it enlarges every font (pane titles
and tabs too), thickens the plot lines, switches to black-and-white colours and fills the
screen. Pressing F11 (or Esc) again puts back exactly what was there: dock layout, geometry,
fonts, pens and colours, all recorded on the way in rather than recomputed on the way out.

The font scale (a preference) is the enlargement on a 1280×800 screen, the common projector;
on a smaller screen the type shrinks in proportion, so that it keeps its size on the wall and
everything still fits: a 1024×768 projector shows the same picture with smaller pixels.

With a lesson open the lesson joins the training panel in a column at the right, running the
window's full height: the lesson above, so its text sits high on the screen where the back of
the room sees it, and below it just enough of the training panel for its Train, Pause, Step,
Stop and Reset buttons. The editor and the curves share the rest, the editor getting most of
the height. A strip in the status bar lists the keys a teacher (or a presenter remote) uses:
Space trains or pauses, Page Down and Page Up move through the lesson, S stops the run, F11 or
Esc leaves.

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
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QStyle,
    QTabBar,
    QWidget,
)

from playground.gui import theme
from playground.gui.app_settings import AppSettings
from playground.gui.dock_tabs import hide_stray_tab_bars, stray_tab_bars
from playground.gui.presentation_measure import (
    column_width_for_buttons,
    editor_width,
    group_size,
    height_for_buttons,
    run_controls,
)
from playground.gui.presentation_scaling import enlarge, refont, scaled

if TYPE_CHECKING:
    from playground.gui.host import WindowHost

MODE_NAME = "presentationMode"
SHOWN_DOCKS = ("curvesDock", "trainingDock")  # besides the editor, the window's centre
RAISED_DOCK = "curvesDock"
# The lesson's pane shows and hides itself with the lesson: the mode keeps it as it is.
LESSON_DOCK = "lessonDock"
LEGEND_NAME = "presentationKeys"
TRAINING_MAX_SHARE = 0.4  # of the screen's width, for the enlarged training panel
LESSON_COLUMN_SHARE = 0.4  # of the width, for the lesson and the training buttons below it
LESSON_COLUMN_MAX_SHARE = 0.5  # when the training buttons need more than the share
CURVES_SHARE = 0.38  # of the height below the toolbar: the editor gets the rest
REFERENCE_SCREEN = (1280, 800)  # where the font scale applies in full
LEGEND_SCALE = 0.8  # the key legend is for the teacher: smaller than the text for the room
STOP_KEY = "S"  # Esc leaves the mode and Space trains; S, as R resets the weights


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
    corners: dict[Qt.Corner, Qt.DockWidgetArea] = field(default_factory=dict)
    min_sizes: dict[QDockWidget, QSize] = field(default_factory=dict)
    lesson_home: Qt.DockWidgetArea | None = None  # the lesson's, once it moved to the column
    training_tabs: list[QDockWidget] = field(default_factory=list)  # shared tabs with these
    wrapped: list[QLabel] = field(default_factory=list)  # labels made to wrap for the mode
    widget_fonts: dict[QWidget, tuple[QFont, bool]] = field(default_factory=dict)  # own?
    stale_tab_bars: list[QTabBar] = field(default_factory=list)
    # Per plot item: how to undo what was done to it, run in reverse order on the way out.
    undo: list[Callable[[], None]] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)


class _TitleBar(QLabel):
    """A pane's title in the enlarged bold type, in place of the style's small one.

    Qt draws a pane's own title in the platform's title font whenever the pane's font is the
    application's, so enlarging the application font leaves the titles small. While the mode
    is on each pane gets this label instead; it also leaves out the float and close buttons,
    which a teacher does not want to hit by accident in front of the class.
    """

    def __init__(self, dock: QDockWidget) -> None:
        super().__init__(dock.windowTitle(), dock)
        self.setObjectName(f"{dock.objectName()}PresentationTitle")
        font = QFont(dock.font())
        font.setBold(True)
        self.setFont(font)
        margin = dock.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetTitleMargin)
        self.setContentsMargins(margin + 4, margin, margin, margin)
        dock.windowTitleChanged.connect(self.setText)


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
        self.font_scale = self.scale  # as applied: smaller on a screen below the reference
        self._saved: _Saved | None = None
        self.legend = QLabel(objectName=LEGEND_NAME)
        self.legend.setAccessibleName(tr("Presentation keys"))
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setMinimumWidth(1)  # cut short on a narrow window rather than widen it
        self.legend.hide()
        host.add_status_widget(self.legend)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Leave the mode before the window closes, so it saves its normal layout; fit the
        panes again when the window changes size (full screen arrives late)."""
        if watched is self.window and self.active:
            if event.type() == QEvent.Type.Close:
                self.leave()
            elif event.type() == QEvent.Type.Resize:
                QTimer.singleShot(0, self, self._fit_panes)
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
        saved.stale_tab_bars = stray_tab_bars(window)
        for bar in saved.stale_tab_bars:
            bar.hide()
        # Docks are hidden and shown in place, not rearranged by restoreState(): on the way
        # out it would resize them for the full-screen window and leave more stale tab bars
        # behind. Only the lesson moves, beside the training panel, and is moved back.
        docks = self._docks()
        saved.docks = [(d, not d.isHidden(), not d.visibleRegion().isEmpty()) for d in docks]
        saved.dock_sizes = {d: group_size(window, d) for d in docks}
        saved.min_sizes = {d: d.minimumSize() for d in docks}
        training = self.host.pane("trainingDock")
        saved.training_tabs = window.tabifiedDockWidgets(training) if training is not None else []
        saved.corners = {corner: window.corner(corner) for corner in Qt.Corner}
        for dock in docks:
            if dock.objectName() != LESSON_DOCK:
                dock.setVisible(dock.objectName() in SHOWN_DOCKS)
            if dock.objectName() in SHOWN_DOCKS:
                dock.raise_()
        raised = window.findChild(QDockWidget, RAISED_DOCK)
        if raised is not None:
            raised.raise_()
        saved.widget_fonts = {w: (QFont(w.font()), w.testAttribute(Qt.WidgetAttribute.WA_SetFont))
                              for w in app.allWidgets()}
        self.font_scale = 1.0
        self._apply_font_scale(self.font_scale_for(window.screen().size()))
        # A long line (a dataset's full name, the run's timing) in the enlarged type would
        # widen the training column past the room the editor leaves it: such lines wrap.
        if training is not None:
            saved.wrapped = [label for label in training.findChildren(QLabel)
                             if not label.wordWrap()]
            for label in saved.wrapped:
                label.setWordWrap(True)
        for dock in docks:  # the lesson's own title names it: its column keeps the height
            dock.setTitleBarWidget(_TitleBar(dock) if dock.objectName() != LESSON_DOCK
                                   else QWidget(dock))
        theme.apply_look(theme.high_contrast(self._current_look()), app)
        self._tell_widgets(True)
        self.refresh()
        lesson = self.host.pane(LESSON_DOCK)
        if lesson is not None:
            lesson.visibilityChanged.connect(self._lesson_shown_or_hidden)
        self.host.document.replaced.connect(self._lesson_shown_or_hidden)  # another lesson
        self._place_lesson()
        self._show_legend()
        window.showFullScreen()
        # Once full screen: the panes are sized for the screen, not for the window before.
        QTimer.singleShot(0, self, self._fit_panes)
        self.toggled.emit(True)

    def _tell_widgets(self, on: bool) -> None:
        """Call ``presentation_changed(on)`` on every widget of the window that has one: a
        pane that lays itself out differently for the large type (the editor's compact
        footer) says so there, without this module knowing it."""
        for widget in self.window.findChildren(QWidget):
            hook = getattr(widget, "presentation_changed", None)
            if callable(hook):
                hook(on)

    def _docks(self) -> list[QDockWidget]:
        return [d for d in self.window.findChildren(QDockWidget) if d.parent() is self.window]

    # -- the type's size -----------------------------------------------------------------------
    def font_scale_for(self, size: QSize) -> float:
        """The enlargement for a window of ``size``: the preference on the reference screen,
        less on a smaller one (never more: a larger screen shows more instead)."""
        width, height = REFERENCE_SCREEN
        fit = min(1.0, size.width() / width, size.height() / height)
        return round(max(1.0, self.scale * fit), 2)

    def _apply_font_scale(self, factor: float) -> bool:
        """Every font at ``factor`` times its size before the mode, the plots' text too.

        Widgets that set their own font (bold titles, monospaced numbers) ignore the app font,
        and so do widgets under a style sheet: every widget is enlarged one by one. The app
        font covers what opens later (menus, dialogs, tooltips). True if the scale changed.
        """
        saved = self._saved
        if saved is None or factor == self.font_scale:
            return False
        previous, self.font_scale = self.font_scale, factor
        refont(saved.widget_fonts, scaled(saved.font, factor),
                lambda font, _own: scaled(font, factor), factor / previous)
        if saved.touched:  # the plots were enlarged at the previous scale: again, at this one
            self._undo_plots(saved)
            self.refresh()
        return True

    # -- the panes' places and sizes -----------------------------------------------------------
    def _lesson_shown_or_hidden(self, _visible: bool = True) -> None:
        """A lesson opened (or closed) during the mode: give it its place, size the panes."""
        QTimer.singleShot(0, self, self._place_lesson)
        QTimer.singleShot(0, self, self._fit_panes)
        QTimer.singleShot(0, self, self._show_legend)

    def _place_lesson(self) -> None:
        """Put the open lesson above the training panel, in a column at the window's right
        running from the toolbar to the status bar; the curves go under the editor only.
        The panes' sizes are for :meth:`_fit_panes`, once the window has its size."""
        saved, window = self._saved, self.window
        lesson, training = self.host.pane(LESSON_DOCK), self.host.pane("trainingDock")
        if saved is None or lesson is None or training is None:
            return
        if saved.lesson_home is None and not lesson.isHidden() and not lesson.isFloating() \
                and not training.isFloating():
            area = window.dockWidgetArea(training)
            saved.lesson_home = window.dockWidgetArea(lesson)
            window.addDockWidget(area, lesson)
            window.splitDockWidget(lesson, training, Qt.Orientation.Vertical)
            side = Qt.DockWidgetArea.RightDockWidgetArea
            if area == side:
                window.setCorner(Qt.Corner.TopRightCorner, side)
                window.setCorner(Qt.Corner.BottomRightCorner, side)

    def _lesson_in_column(self) -> QDockWidget | None:
        lesson = self.host.pane(LESSON_DOCK)
        saved = self._saved
        if saved is None or saved.lesson_home is None or lesson is None or lesson.isHidden():
            return None
        return lesson

    def _fit_panes(self) -> None:
        """Size the right column for the training buttons (and the lesson), and give the editor
        most of the height left of it."""
        saved, window = self._saved, self.window
        training = self.host.pane("trainingDock")
        if saved is None or training is None:
            return
        full = window.windowState() & Qt.WindowState.WindowFullScreen
        if self._apply_font_scale(self.font_scale_for(
                window.screen().size() if full else window.size())):
            self._show_legend()
        panel = self.host.training.panel
        lesson = self._lesson_in_column()
        if lesson is not None:
            buttons = run_controls(panel)
            # The share of the width, less on a narrow screen where the editor's blocks would
            # not fit beside it, but never so little that a training button is cut off.
            # Whoever resizes the panes later (a lesson opening gives itself room), the
            # training pane keeps the size its buttons need.
            share = min(int(window.width() * LESSON_COLUMN_SHARE),
                        window.width() - editor_width(window))
            least = column_width_for_buttons(training)
            width = min(max(least, share), int(window.width() * LESSON_COLUMN_MAX_SHARE))
            height = height_for_buttons(training, buttons)
            training.setMinimumSize(least, height)
            window.resizeDocks([training], [width], Qt.Orientation.Horizontal)
            column = lesson.height() + training.height()
            window.resizeDocks([lesson, training], [max(column - height, 1), height],
                               Qt.Orientation.Vertical)
        else:
            training.setMinimumSize(saved.min_sizes.get(training, QSize(0, 0)))
            width = min(panel.natural_width(), int(window.width() * TRAINING_MAX_SHARE))
            if width > training.width():
                window.resizeDocks([training], [width], Qt.Orientation.Horizontal)
        curves = self.host.pane("curvesDock")
        if curves is not None and curves.isVisible() and not curves.isFloating() \
                and window.dockWidgetArea(curves) == Qt.DockWidgetArea.BottomDockWidgetArea:
            editor = window.centralWidget()
            total = editor.height() + curves.height()
            window.resizeDocks([curves], [round(total * CURVES_SHARE)], Qt.Orientation.Vertical)

    # -- the key legend ------------------------------------------------------------------------
    def _show_legend(self) -> None:
        """The keys a teacher uses, as the actions have them now, in the status bar."""
        if self._saved is None:
            return
        lesson = self.host.pane(LESSON_DOCK)
        lesson_open = lesson is not None and not lesson.isHidden()
        entries = [("trainAction", tr("train/pause"), True),
                   ("lessonNextAction", tr("next step"), lesson_open),
                   ("lessonBackAction", tr("back"), lesson_open),
                   ("stopAction", tr("stop"), True)]
        parts = []
        for name, what, wanted in entries:
            action = self.host.action(name)
            keys = _key_names(action) if action is not None and wanted else ""
            if keys:
                parts.append(f"<b>{keys}</b>&nbsp;{what}")
        leave = "/".join(k for k in (_key_names(self.host.action("presentationAction")),
                                     _key_names(self.host.action("leavePresentationAction")))
                         if k)
        leave_word = tr("leave")
        parts.append(f"<b>{leave or 'F11'}</b>&nbsp;{leave_word}")
        self.legend.setText("&nbsp;&nbsp;·&nbsp;&nbsp;".join(parts))
        self.legend.setFont(scaled(QApplication.instance().font(), LEGEND_SCALE))
        self.legend.show()

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
                undo = enlarge(item, self.font_scale, tick_font)
                if undo is not None:
                    saved.touched.add(id(item))
                    saved.undo.append(undo)

    # -- leaving -------------------------------------------------------------------------------
    def leave(self) -> None:
        saved, self._saved = self._saved, None
        if saved is None:
            return
        lesson = self.host.pane(LESSON_DOCK)
        if lesson is not None:
            lesson.visibilityChanged.disconnect(self._lesson_shown_or_hidden)
        self.host.document.replaced.disconnect(self._lesson_shown_or_hidden)
        self.legend.hide()
        for dock, _open, _top in saved.docks:
            if shiboken6.isValid(dock):
                title = dock.titleBarWidget()
                dock.setTitleBarWidget(None)
                if title is not None:
                    title.deleteLater()
        self._tell_widgets(False)
        self._restore_plots(saved)
        self._restore_fonts(saved)
        for label in saved.wrapped:
            if shiboken6.isValid(label):
                label.setWordWrap(False)
        self._restore_window(saved)
        self.toggled.emit(False)

    def _undo_plots(self, saved: _Saved) -> None:
        """Pens, symbols and plot fonts as they were before the mode."""
        for undo in reversed(saved.undo):
            undo()
        saved.undo.clear()
        saved.touched.clear()
        for view in self.window.findChildren(pg.GraphicsView):
            for item in view.scene().items():
                if isinstance(item, pg.LegendItem):  # shrink back to the smaller labels
                    for sample, label in item.items:
                        for part in (sample, label):
                            part.resize(part.effectiveSizeHint(Qt.SizeHint.PreferredSize))
                    item.updateSize()
                    item.update()

    def _restore_plots(self, saved: _Saved) -> None:
        """Pens, symbols, plot fonts and every colour, then the theme as it is now."""
        app = QApplication.instance()
        self._undo_plots(saved)
        pg.setConfigOptions(**saved.plot_config)
        app.setPalette(saved.palette)
        theme.restore(saved.colours)
        manager = theme.current_manager()
        if manager is not None:  # the desktop may have changed its colours meanwhile
            manager.set_theme(manager.theme)

    def _restore_fonts(self, saved: _Saved) -> None:
        # QFont(): a widget that had no font of its own inherits again.
        refont(saved.widget_fonts, saved.font, lambda font, own: font if own else QFont(),
                1 / self.font_scale)

    def _restore_window(self, saved: _Saved) -> None:
        """Window state and geometry, where the lesson was, the docks that were open and on
        top, their sizes."""
        window = self.window
        # setGeometry, not restoreGeometry: the latter shrinks a window larger than the screen.
        window.setWindowState(saved.window_state)
        if not saved.window_state & (Qt.WindowState.WindowMaximized
                                     | Qt.WindowState.WindowFullScreen):
            window.setGeometry(saved.geometry)
        docks = [(d, is_open, on_top) for d, is_open, on_top in saved.docks
                 if shiboken6.isValid(d)]
        for dock, is_open, _on_top in docks:
            dock.setMinimumSize(saved.min_sizes.get(dock, QSize(0, 0)))
            if dock.objectName() != LESSON_DOCK:  # open exactly while its lesson is
                dock.setVisible(is_open)
        self._put_the_lesson_back(saved)
        for corner, area in saved.corners.items():
            window.setCorner(corner, area)
        on_top = [d for d, is_open, top in docks if is_open and top and not d.isHidden()]
        for dock in on_top:
            dock.raise_()
        # A side pane's height is its column's when it is alone there, and sets the bottom
        # panes' top edge as well: the bottom panes come last, so that their height stands.
        across = (Qt.DockWidgetArea.TopDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea)
        on_top.sort(key=lambda d: window.dockWidgetArea(d) in across)
        widths = [saved.dock_sizes[d].width() for d in on_top]
        heights = [saved.dock_sizes[d].height() for d in on_top]

        def resize() -> None:  # once the window has its size back
            window.resizeDocks(on_top, widths, Qt.Orientation.Horizontal)
            window.resizeDocks(on_top, heights, Qt.Orientation.Vertical)
            hide_stray_tab_bars(window)
        QTimer.singleShot(0, window, resize)
        for bar in saved.stale_tab_bars:
            if shiboken6.isValid(bar):
                bar.show()

    def _put_the_lesson_back(self, saved: _Saved) -> None:
        home, window = saved.lesson_home, self.window
        lesson, training = self.host.pane(LESSON_DOCK), self.host.pane("trainingDock")
        if home is None or lesson is None or training is None:
            return
        tabs = [d for d in saved.training_tabs if shiboken6.isValid(d) and d is not lesson]
        if tabs:
            window.tabifyDockWidget(tabs[-1], training)
        window.addDockWidget(home, lesson)


def _key_names(action: QAction | None) -> str:
    """The action's keys as the keyboard shows them ("PgDown"), joined by "/"."""
    if action is None:
        return ""
    return "/".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
                    if not k.isEmpty())


def install(host: WindowHost) -> PresentationMode:
    """Add View ▸ Presentation Mode (F11) and Esc to leave it; safe to call more than once.

    Stop gets a key of its own too (S, unless the window already gave it one), so a teacher
    ends a run without reaching for the mouse. This is the presentation feature's factory: the
    app builds it with each window's host.
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
    stop = host.action("stopAction")
    if stop is not None and stop.shortcut().isEmpty():
        stop.setShortcut(QKeySequence(STOP_KEY))
    host.signals.layoutAboutToBeSaved.connect(mode.leave)
    # Runs add curves to the comparison: thicken them too.
    host.training.runFinished.connect(lambda _result: mode.refresh())
    host.training.runner.runningChanged.connect(lambda _running: mode.refresh())
    return mode
