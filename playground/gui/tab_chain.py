"""Tab and Shift+Tab through what can be seen: panes hidden behind another pane's tab are passed.

``QMainWindow`` stacks tabbed docks on top of each other and raises the chosen one; the others
stay "visible" to Qt (``isVisible()`` is true, only covered), so Qt's own Tab order walks into
them, and the focus would sit in the Training pane behind the Inspector, or in Results and
Compare Runs behind Learning Curves, where the user sees nothing of it.
:func:`focus_next_stop` is the window's ``focusNextPrevChild``: Qt's
walk through the focus chain (the same rules, focus proxies and compound widgets included),
which also passes over every widget in a covered dock. A widget merely scrolled out of its pane
is still a stop: the pane scrolls to it.

The dock tab bars Qt makes for each group of tabbed panes are stops too (they are how a keyboard
user picks a pane); :func:`name_pane_tab_bars` names them after the panes they list, so a screen
reader says which group of panes a bar chooses between.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QScrollArea, QTabBar, QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def covering_dock(widget: QWidget) -> QDockWidget | None:
    """The docked pane holding ``widget`` if another pane's tab covers it, else None."""
    parent: QWidget | None = widget
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QDockWidget):
            if not parent.isFloating() and parent.visibleRegion().isEmpty():
                return parent
            return None
        parent = parent.parentWidget()
    return None


def can_be_seen(widget: QWidget) -> bool:
    """True unless ``widget`` is in a pane covered by another pane's tab."""
    return covering_dock(widget) is None


def _deepest_focus_proxy(widget: QWidget) -> QWidget | None:
    proxy, deepest = widget.focusProxy(), None
    while proxy is not None:
        deepest, proxy = proxy, proxy.focusProxy()
    return deepest


def next_stop(window: QWidget, forward: bool = True) -> QWidget | None:
    """The widget Tab (``forward``) or Shift+Tab moves to from ``window``'s focus, or None.

    Qt's rules (``QApplicationPrivate::focusNextPrevChild_helper``): a widget that takes focus
    by Tab, is shown in the window and enabled, and is not the inside of a compound widget
    entered the wrong way. Backwards, Qt walks forwards and keeps the last stop before coming
    round again; so does this. A widget in a covered pane is never a stop.
    """
    all_controls = (QGuiApplication.styleHints().tabFocusBehavior()
                    == Qt.TabFocusBehavior.TabFocusAllControls)
    flag = (Qt.FocusPolicy.TabFocus if all_controls else Qt.FocusPolicy.StrongFocus).value
    start = window.focusWidget() or window
    chosen = start
    test = start.nextInFocusChain()
    while test is not None and test is not start:
        proxy = _deepest_focus_proxy(test)
        policy = (proxy or test).focusPolicy().value
        composite = proxy is not None and (
            proxy.isAncestorOf(test) if forward else test.isAncestorOf(proxy))
        if (policy & flag == flag and not composite and test.isVisibleTo(window)
                and test.isEnabled() and start is not proxy
                and can_be_seen(test)):
            chosen = test
            if forward:
                break
        test = test.nextInFocusChain()
    return None if chosen is start else chosen


def focus_next_stop(window: QWidget, forward: bool) -> bool:
    """Move the focus as Tab or Shift+Tab does; False when there is nowhere to go."""
    widget = next_stop(window, forward)
    if widget is None:
        return False
    widget.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
    scroll_into_view(widget)
    return True


def scroll_into_view(widget: QWidget) -> None:
    """Scroll every scroll area round ``widget`` so it shows.

    A scroll area does so itself only when the focus moves within it; Tab arriving from
    another pane would leave the focus on a field scrolled out of sight.
    """
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QScrollArea) and parent.widget() is not None \
                and parent.widget().isAncestorOf(widget):
            parent.ensureWidgetVisible(widget)
        parent = parent.parentWidget()


def pane_tab_bars(window: QMainWindow) -> list[QTabBar]:
    """The tab bars ``QMainWindow`` made for its groups of tabbed panes."""
    return window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)


def name_pane_tab_bars(window: QMainWindow) -> None:
    """Name each pane tab bar after the panes it chooses between ("Panes: Inspector, Training").

    Call it when the layout settles (after tabifying, restoring or resetting the docks): Qt
    makes and reuses these bars itself and gives them no name.
    """
    for bar in pane_tab_bars(window):
        titles = [bar.tabText(i).replace("&", "") for i in range(bar.count())]
        name = tr("Panes: {0}").format(", ".join(titles)) if titles else tr("Panes")
        if bar.accessibleName() != name:
            bar.setAccessibleName(name)
