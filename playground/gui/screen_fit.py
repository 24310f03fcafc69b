"""Windows and dialogs that fit the screen they open on.

Classrooms have small screens: a 1024×768 projector, a 1280×800 laptop, a 1920×1080 panel at a
scale factor of 2 (960×540 logical pixels). The main window opens at its default size only when
that fits the screen's available geometry (the screen less its panels and docks), and
maximised otherwise, so its inspector, bottom panes and status bar are never off-screen.

Every dialog and message box is clamped when it is shown: its size and position are brought
within the available geometry of the screen it opens on, so OK and Cancel stay reachable
whatever size its author gave it; and it is widened, as far as the screen allows, until its
title bar shows its whole title. One event filter on the application does it for every dialog,
whoever builds it (:func:`install`). It acts on the dialog's show event, which comes before
the window manager is told of the window, so the dialog appears in place at once.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox, QWidget

FITTER_NAME = "screenFitter"
# Room kept for the window manager's frame (title bar and borders) when deciding whether the
# main window fits at its default size: its real frame is known only once it is shown.
FRAME_ALLOWANCE = QMargins(8, 40, 8, 8)
# The events of a dialog and of its native window the fitter acts on, and how many moves and
# resizes of its native window after showing it may take the window manager to frame it.
WATCHED = frozenset((QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.Move, QEvent.Type.Resize))
SETTLE_EVENTS = 6
TITLE_BAR_BUTTONS = 140  # pixels of a title bar taken by its icon and buttons, and padding


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The available geometry of the screen ``widget`` is on (or opens on), in logical pixels.

    A dialog not yet shown is on its parent's screen; with no widget, the primary screen.
    """
    screen = widget.screen() if widget is not None else None
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def opening_size(default: QSize, area: QRect,
                 allowance: QMargins = FRAME_ALLOWANCE) -> tuple[QSize, bool]:
    """The main window's first size on a screen whose available geometry is ``area``, and
    whether it opens maximised: the default size when it fits with its frame, else the
    area's size, maximised (the window manager then fits the frame itself)."""
    room = area.size().shrunkBy(allowance)
    if default.width() <= room.width() and default.height() <= room.height():
        return QSize(default), False
    return area.size().shrunkBy(allowance).expandedTo(QSize(1, 1)), True


def frame_margins(widget: QWidget) -> QMargins:
    """The window manager's frame around ``widget``'s window, in pixels.

    Known once the window has been shown; before that, the frame of its parent window (a
    dialog is framed like the window it belongs to), else no frame.
    """
    for window in (widget.window(), _parent_window(widget)):
        if window is None:
            continue
        outer, inner = window.frameGeometry(), window.geometry()
        margins = QMargins(inner.left() - outer.left(), inner.top() - outer.top(),
                           outer.right() - inner.right(), outer.bottom() - inner.bottom())
        if not margins.isNull():
            return margins
    return QMargins()


def title_bar_width(widget: QWidget) -> int:
    """The width ``widget``'s window needs for its whole title in the window manager's title
    bar, with the bar's icon and buttons.

    The title is the one the window manager is given: Qt adds the app's name to it on Linux
    and Windows ("Preferences — Neural Network Playground"). Title bars write it in bold,
    about the size of the app's text.
    """
    title = widget.window().windowTitle().replace("[*]", "")
    name = QGuiApplication.applicationDisplayName()
    if title and name and name not in title:
        title = f"{title} \u2014 {name}"
    font = QFont(widget.font())
    font.setBold(True)
    return QFontMetrics(font).horizontalAdvance(title) + TITLE_BAR_BUTTONS


def _parent_window(widget: QWidget) -> QWidget | None:
    parent = widget.window().parentWidget()
    return parent.window() if parent is not None else None


def clamp_to_screen(widget: QWidget, margins: QMargins | None = None) -> QRect:
    """Bring ``widget``'s window (frame included) within its screen's available geometry:
    smaller if it is larger than the screen, moved if part of it is off-screen.

    ``margins`` is the frame to allow for (by default :func:`frame_margins`). A window whose
    layout asks for more than the screen is given a smaller minimum size: its contents are
    squeezed, but its buttons stay on the screen. Returns the new frame.
    """
    window = widget.window()
    area = available_geometry(window)
    if margins is None:
        margins = frame_margins(window)
    room = area.size().shrunkBy(margins).expandedTo(QSize(1, 1))
    minimum = window.minimumSize()
    if minimum.width() > room.width() or minimum.height() > room.height():
        window.setMinimumSize(minimum.boundedTo(room))
    size = window.size().boundedTo(room)
    if size != window.size():
        window.resize(size)
    frame = QRect(window.pos(), size.grownBy(margins))
    x = min(max(frame.left(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.top(), area.top()), area.bottom() + 1 - frame.height())
    if (x, y) != (frame.left(), frame.top()):
        window.move(QPoint(x, y))
    return QRect(QPoint(x, y), size.grownBy(margins))


def widen_for_title(dialog: QDialog) -> None:
    """Widen ``dialog`` until its title bar shows its whole title (see :func:`title_bar_width`),
    as far as its screen allows: a small form under a long title
    ("Preferences — Neural Network Playground") had its title cut short.

    A message box fixes its own size to its text when it is shown; a wider button box makes
    it choose the wider size itself.
    """
    margins = frame_margins(dialog)
    room = available_geometry(dialog).width() - margins.left() - margins.right()
    wanted = min(title_bar_width(dialog), room)
    if dialog.width() >= wanted:
        return
    if isinstance(dialog, QMessageBox):
        buttons = dialog.findChild(QDialogButtonBox)
        layout = dialog.layout()
        if buttons is not None and layout is not None:
            inside = layout.contentsMargins()
            buttons.setMinimumWidth(wanted - inside.left() - inside.right())
        return
    dialog.resize(wanted, dialog.height())  # the dialog centres itself on its parent after


def _mapped(dialog: QDialog) -> bool:
    handle = dialog.windowHandle()
    return handle is not None and handle.isVisible()


class DialogFitter(QObject):
    """Clamps every dialog to its screen as it is shown (see the module's description).

    The dialog's show event comes before its native window is configured and mapped, so the
    size set then is the one it appears with; the dialog then centres itself on its parent
    (within the screen), unless it was moved, and the filter moves it only if it must. A
    message box sizes itself to its text in its own show event, after this filter: its
    resizes before it is mapped are clamped too. Until a dialog has been framed, its frame is
    estimated from its parent's; once the window manager has framed it (the next few moves and
    resizes of its native window tell), it is clamped again with its real frame, so a title
    bar taller than the estimate cannot push its buttons off the bottom.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settling: dict[QDialog, int] = {}  # a shown dialog -> the events still watched

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in WATCHED:
            return False
        if isinstance(watched, QDialog) and watched.isWindow():
            if kind == QEvent.Type.Show:
                widen_for_title(watched)
                clamp_to_screen(watched)
                self._settling[watched] = SETTLE_EVENTS
            elif kind == QEvent.Type.Resize and not _mapped(watched):
                clamp_to_screen(watched)  # a message box sizing itself as it is shown
            elif kind == QEvent.Type.Hide:
                self._settling.pop(watched, None)
        elif isinstance(watched, QWindow) and kind != QEvent.Type.Show and self._settling:
            for dialog in list(self._settling):
                if not shiboken6.isValid(dialog):  # deleted while shown
                    del self._settling[dialog]
                elif dialog.windowHandle() is watched:
                    self._settle(dialog)
        return False

    def _settle(self, dialog: QDialog) -> None:
        left = self._settling.pop(dialog) - 1
        if dialog.frameGeometry() == dialog.geometry():  # not framed yet: keep watching
            if left > 0:
                self._settling[dialog] = left
            return
        if not available_geometry(dialog).contains(dialog.frameGeometry()):
            clamp_to_screen(dialog)


def install(app: QApplication | None = None) -> DialogFitter:
    """Clamp every dialog of ``app`` (the running application by default) from now on.

    Installing twice keeps one filter.
    """
    app = app or QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("screen_fit.install needs a QApplication")
    existing = app.findChild(DialogFitter, FITTER_NAME)
    if existing is not None:
        return existing
    fitter = DialogFitter(app)
    fitter.setObjectName(FITTER_NAME)
    app.installEventFilter(fitter)
    return fitter
