"""Re-translating an open window in place when the language changes (Qt's retranslateUi idea).

A window built in one language shows two kinds of text. Most are whole catalogue texts put in
a widget as they were translated: a menu title, a button, a tooltip, a pane's title, an axis
label. Those are found again without the pane's help: the old language's catalogue, read
backwards, gives the English source, and the new language's catalogue its translation.

The rest are composed from a template and values ("Step 2 of 8", a layer's summary, an error
from the core): only the pane that composed them knows how. A widget (or a window feature)
that shows such texts has a ``retranslate()`` method, called after the whole texts are
replaced; it shows its current state again, now in the new language. A pane's ``language``
attribute, where it keeps one, follows the switch.

Nothing is rebuilt: the project, the selection, the plots and a run in progress stay as they are.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QSpinBox,
    QTabBar,
    QTableWidget,
    QTreeWidget,
    QWidget,
)

from playground.core import catalogue

__all__ = ["Retranslator", "TextVisitor", "retranslate_window", "shown_texts"]

HOOK = "retranslate"


def _sources(language: str) -> Mapping[str, str]:
    """Text as shown in ``language`` -> its English source."""
    if language == catalogue.SOURCE_LANGUAGE:
        return {source: source for source in catalogue.template_texts()}
    return {shown: source for source, shown in catalogue.translations(language).items()}


class TextVisitor:
    """Visits every text a window shows: its widgets' texts, tooltips, accessible names, combo
    items, tabs, table and tree cells, actions, and the titles, axis labels, legends and text
    items of its plots. Subclasses say what to do with each in :meth:`found`."""

    _owner: object = None  # the widget or action being visited

    def found(self, owner: object, get: Callable[[], str], put: Callable[[str], object]) -> None:
        raise NotImplementedError

    def _swap(self, get: Callable[[], str], put: Callable[[str], object]) -> None:
        self.found(self._owner, get, put)

    def visit(self, roots: Iterable[QWidget]) -> tuple[list[QWidget], set[QAction]]:
        """Visit every text under ``roots``; returns the widgets and actions visited.

        Actions come first: changing a widget can change an action behind the visitor's back
        (a dock's new title becomes its toggle action's text), so :meth:`after_widgets` lets
        a visitor put the actions' texts back once the widgets are done.
        """
        widgets: list[QWidget] = []
        actions: set[QAction] = set()
        for root in roots:
            widgets += [root, *root.findChildren(QWidget)]
            actions.update(root.findChildren(QAction))
        for widget in widgets:
            actions.update(widget.actions())
        ordered = sorted(actions, key=lambda a: (a.objectName(), a.text()))
        for action in ordered:
            if shiboken6.isValid(action):
                self._owner = action
                self.action(action)
        self.after_actions()
        for widget in widgets:
            if shiboken6.isValid(widget):
                self._owner = widget
                self.widget(widget)
        self.after_widgets()
        return widgets, actions

    def after_actions(self) -> None:
        """Called once every action was visited, before the widgets."""

    def after_widgets(self) -> None:
        """Called once every widget was visited."""

    def widget(self, widget: QWidget) -> None:
        swap = self._swap
        swap(widget.toolTip, widget.setToolTip)
        swap(widget.statusTip, widget.setStatusTip)
        swap(widget.whatsThis, widget.setWhatsThis)
        swap(widget.accessibleName, widget.setAccessibleName)
        swap(widget.accessibleDescription, widget.setAccessibleDescription)
        swap(widget.windowTitle, widget.setWindowTitle)
        if isinstance(widget, QLabel | QAbstractButton):
            swap(widget.text, widget.setText)
        elif isinstance(widget, QLineEdit):
            swap(widget.placeholderText, widget.setPlaceholderText)
        elif isinstance(widget, QGroupBox | QMenu):
            swap(widget.title, widget.setTitle)
        elif isinstance(widget, QComboBox):
            self._combo(widget)
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                swap(lambda i=i: widget.tabText(i), lambda t, i=i: widget.setTabText(i, t))
                swap(lambda i=i: widget.tabToolTip(i), lambda t, i=i: widget.setTabToolTip(i, t))
        elif isinstance(widget, QSpinBox | QDoubleSpinBox):
            swap(widget.suffix, widget.setSuffix)
            swap(widget.prefix, widget.setPrefix)
        if isinstance(widget, QAbstractSpinBox):
            swap(widget.specialValueText, widget.setSpecialValueText)
        if isinstance(widget, QTableWidget):
            self._table(widget)
        elif isinstance(widget, QTreeWidget):
            self._tree(widget)
        elif isinstance(widget, QListWidget):
            for row in range(widget.count()):
                self._item(widget.item(row))
        if isinstance(widget, pg.GraphicsView):
            self.scene(widget.scene())

    def _combo(self, combo: QComboBox) -> None:
        tip = Qt.ItemDataRole.ToolTipRole
        for i in range(combo.count()):
            self._swap(lambda i=i: combo.itemText(i), lambda t, i=i: combo.setItemText(i, t))
            self._swap(lambda i=i: combo.itemData(i, tip) or "",
                       lambda t, i=i: combo.setItemData(i, t, tip))

    def _item(self, item: object) -> None:
        if item is None:
            return
        self._swap(item.text, item.setText)  # type: ignore[attr-defined]
        self._swap(item.toolTip, item.setToolTip)  # type: ignore[attr-defined]

    def _table(self, table: QTableWidget) -> None:
        for column in range(table.columnCount()):
            self._item(table.horizontalHeaderItem(column))
        for row in range(table.rowCount()):
            self._item(table.verticalHeaderItem(row))
            for column in range(table.columnCount()):
                self._item(table.item(row, column))

    def _tree(self, tree: QTreeWidget) -> None:
        header = tree.headerItem()
        for column in range(tree.columnCount()):
            self._swap(lambda c=column: header.text(c), lambda t, c=column: header.setText(c, t))
        items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        while items:
            item = items.pop()
            for column in range(tree.columnCount()):
                self._swap(lambda c=column, it=item: it.text(c),
                           lambda t, c=column, it=item: it.setText(c, t))
            items.extend(item.child(i) for i in range(item.childCount()))

    def action(self, action: QAction) -> None:
        self._swap(action.text, action.setText)
        self._swap(action.iconText, action.setIconText)
        self._swap(action.toolTip, action.setToolTip)
        self._swap(action.statusTip, action.setStatusTip)

    # -- plots -------------------------------------------------------------------------------
    def scene(self, scene: object) -> None:
        """Plot titles, axis labels, legend entries and text items of a pyqtgraph scene."""
        for item in scene.items():  # type: ignore[attr-defined]
            if isinstance(item, pg.AxisItem):
                if item.labelText:
                    self._swap(lambda a=item: a.labelText,
                               lambda t, a=item: a.setLabel(t, units=a.labelUnits or None))
            elif isinstance(item, pg.LabelItem):
                self._swap(lambda i=item: i.text, lambda t, i=item: i.setText(t))
            elif isinstance(item, pg.TextItem):
                self._swap(lambda i=item: i.toPlainText(), lambda t, i=item: i.setText(t))



# (id of the widget or action, which of its texts, the text) -> its English source, as of the
# last switch. Two English texts may share a translation ("Compare Runs" and "Compare runs"
# are both "Comparar ejecuciones"); the way back takes each widget's own source from here.
_SHOWN_SOURCES: dict[tuple[int, str, str], str] = {}


class Retranslator(TextVisitor):
    """Turns texts shown in ``old`` into ``new`` when they are whole catalogue texts."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        self._sources = _sources(old)
        self._remembered: dict[tuple[int, str, str], str] = {}
        # The actions' new texts, put again after the widgets (see TextVisitor.visit).
        self._action_texts: list[tuple[Callable[[str], object], str]] = []
        self._in_actions = True
        self.replaced = 0

    def text(self, shown: str, owner: object = None, role: str = "") -> str | None:
        """``shown`` in the new language, or None when it is not a whole catalogue text.

        ``owner`` and ``role`` (which of its texts) find the source this very text had at the
        last switch, when two sources share its translation."""
        key = (id(owner), role)
        source = _SHOWN_SOURCES.get((*key, shown)) or self._sources.get(shown)
        if source is None:
            return None
        new = catalogue.gettext(source, self.new)
        self._remembered[(*key, new)] = source
        return new

    def found(self, owner: object, get: Callable[[], str], put: Callable[[str], object]) -> None:
        shown = get()
        if not shown:
            return
        new = self.text(shown, owner, getattr(put, "__name__", ""))
        if new is not None and new != shown:
            put(new)
            self.replaced += 1
            if self._in_actions:
                self._action_texts.append((put, new))

    def after_actions(self) -> None:
        self._in_actions = False

    def after_widgets(self) -> None:
        for put, new in self._action_texts:
            put(new)

    def apply(self, roots: Iterable[QWidget], owners: Iterable[object] = ()) -> int:
        """Replace the whole texts under ``roots``, then call every ``retranslate()`` hook of
        their widgets and of ``owners`` (window features). Returns how many texts changed."""
        widgets, _actions = self.visit(roots)
        _SHOWN_SOURCES.clear()
        _SHOWN_SOURCES.update(self._remembered)
        for target in [*widgets, *owners]:
            if isinstance(target, QObject) and not shiboken6.isValid(target):
                continue
            if isinstance(getattr(target, "language", None), str):
                with contextlib.suppress(AttributeError):  # a property that reads it itself
                    target.language = self.new  # type: ignore[attr-defined]
            hook = getattr(target, HOOK, None)
            if callable(hook):
                hook()
        return self.replaced


def retranslate_window(window: QWidget, old: str, new: str,
                       owners: Iterable[object] = ()) -> int:
    """Show ``window`` (its dialogs, children of it, too) in ``new``; see :class:`Retranslator`."""
    return Retranslator(old, new).apply([window], owners)


class _Collector(TextVisitor):
    def __init__(self) -> None:
        self.texts: list[tuple[object, str]] = []

    def found(self, owner: object, get: Callable[[], str], put: Callable[[str], object]) -> None:
        text = get()
        if text:
            self.texts.append((owner, text))


def shown_texts(root: QWidget) -> list[tuple[object, str]]:
    """Every non-empty text under ``root`` with the widget or action showing it, in a fixed
    order (for tests that compare a window before and after a change of language)."""
    collector = _Collector()
    collector.visit([root])
    return collector.texts
