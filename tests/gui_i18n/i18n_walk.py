"""Collect every text a window shows, and find the ones still in English.

A text counts as English when it is an English source text of the catalogue (the catalogue
has a Spanish entry for it), or when it holds a word that only English texts of the catalogue
use. Words written the same in both languages (layer names, dataset names, units) are allowed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QListView,
    QMainWindow,
    QMenu,
    QTabBar,
    QWidget,
)

from playground.core.network.layers import LAYER_TYPES
from playground.core.teaching.templates import TEMPLATES

TAG = re.compile(r"<[^>]+>")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%n")
WORD = re.compile(r"[A-Za-zÀ-ÿ]+")

# Words spelt the same in both languages, and names the interface keeps as they are: layer
# types and the values of their choices ("relu", "valid"), which are what the code and the
# exported script use, and the templates' names ("cnn-fashion-improved"), which the command
# line takes as they are. "None" is how shapes write a size that varies ("(None, 64)").
SHARED_WORDS = {"auto", "produce", "none"} | {name.lower() for name in LAYER_TYPES} | {
    str(choice).lower()
    for layer in LAYER_TYPES.values() for param in layer.params for choice in param.choices
} | {word.lower() for name in TEMPLATES for word in WORD.findall(name)}


def plain(text: str) -> str:
    """The words a reader sees: no HTML tags or entities, no accelerator ampersands."""
    text = html.unescape(TAG.sub(" ", text))
    return re.sub(r"&(?=[^&\s])", "", text).replace("&&", "&")


def words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(PLACEHOLDER.sub(" ", plain(text)))}


def english_only_words(catalogue: dict[str, str]) -> set[str]:
    """Words of the English texts that no Spanish text uses (and that are not shared names)."""
    english = set().union(*(words(source) for source in catalogue))
    spanish = set().union(*(words(text) for text in catalogue.values()))
    return english - spanish - SHARED_WORDS


def _menu_texts(menu: QMenu, where: str) -> Iterator[tuple[str, str]]:
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        yield f"{where} ▸ {action.objectName() or action.text()}", action.text()
        if action.menu() is not None:
            yield from _menu_texts(action.menu(), f"{where} ▸ {action.text()}")


def window_texts(window: QMainWindow) -> list[tuple[str, str]]:
    """(where, text) for every text shown by the visible widgets, menus and status bar."""
    QApplication.processEvents()
    found: list[tuple[str, str]] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.objectName().startswith("qt_"):
            continue
        where = f"{type(widget).__name__} {widget.objectName()!r}"
        found.extend((f"{where} text", t) for t in _widget_texts(widget))
        if widget.toolTip():
            found.append((f"{where} tooltip", widget.toolTip()))
    for action in window.menuBar().actions():
        found.append((f"menu {action.text()}", action.text()))
        if action.menu() is not None:
            found.extend(_menu_texts(action.menu(), action.text()))
    for action in window.findChildren(QAction):
        if action.toolTip() and action.isVisible():
            found.append((f"action {action.objectName()!r} tooltip", action.toolTip()))
    message = window.statusBar().currentMessage()
    if message:
        found.append(("status bar", message))
    return [(where, text) for where, text in found if text.strip()]


def _widget_texts(widget: QWidget) -> Iterable[str]:
    if isinstance(widget, QLabel):
        return [widget.text()]
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QDockWidget):
        return [widget.windowTitle()]
    if isinstance(widget, QTabBar):
        return [widget.tabText(i) for i in range(widget.count())]
    if isinstance(widget, QComboBox):
        return [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        return list(_model_texts(widget))
    plot_item = getattr(widget, "getPlotItem", None)
    if callable(plot_item):  # pyqtgraph: axis labels and the title
        item = plot_item()
        axes = [item.getAxis(side).labelText for side in ("left", "bottom")]
        return [*axes, item.titleLabel.text or ""]
    return []


def _model_texts(view: QAbstractItemView) -> Iterator[str]:
    """Item texts (every row, nested ones too) and column headers of a list, tree or table."""
    model = view.model()
    horizontal = Qt.Orientation.Horizontal
    is_list = isinstance(view, QListView)  # a list model's columnCount is private in PySide6
    if not is_list and not getattr(view, "isHeaderHidden", lambda: False)():
        for column in range(model.columnCount()):
            header = model.headerData(column, horizontal, Qt.ItemDataRole.DisplayRole)
            if isinstance(header, str):
                yield header
    pending = [QModelIndex()]
    while pending:
        parent = pending.pop()
        for row in range(model.rowCount(parent)):
            for column in range(1 if is_list else model.columnCount(parent)):
                index = model.index(row, column, parent)
                text = index.data(Qt.ItemDataRole.DisplayRole)
                if isinstance(text, str):
                    yield text
            if not is_list:
                pending.append(model.index(row, 0, parent))


def english_leftovers(
    texts: Iterable[tuple[str, str]], catalogue: dict[str, str]
) -> list[str]:
    """The texts that are still English, each with where it was found and why."""
    english_words = english_only_words(catalogue)
    problems = []
    for where, text in texts:
        if catalogue.get(text, text) != text:
            problems.append(f"{where}: {text!r} has a Spanish entry but is shown in English")
            continue
        leftover = sorted(words(text) & english_words)
        if leftover:
            problems.append(f"{where}: {text!r} has English words {leftover}")
    return problems
