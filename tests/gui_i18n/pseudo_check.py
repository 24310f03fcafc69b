"""Which texts on screen did not come through the catalogue, judged in the pseudo-language.

In ``qps-ploc`` every catalogue text is accented and bracketed, so plain English words left on
screen were written somewhere without the catalogue. Some plain words are right, and they are
excepted by rule, never one by one:

* what the text is made of that is not language: HTML markup, numbers, punctuation;
* a language's name written in that language ("Español"), as language menus show them;
* licence identifiers ("MIT", "CC BY-SA 3.0"), which are names in every language;
* names that are the same in every language because they are identifiers the user types or
  reads in code: layer types and their parameters' choices ("valid", "same"), activations,
  optimizers, initialisations, losses, devices, dataset and template ids, and the
  application's own name;
* what Qt writes itself (its dock buttons, tab scroll buttons, key names such as "PgUp"):
  those come from Qt's own translations;
* the window's controls by their object names ("setting_seed", "paletteDock"), which the lesson
  recorder shows beside each control's translated name because a lesson file's ``lock`` and
  ``hide`` lists name them so;
* documents: the lessons' texts, which are written per language inside each lesson file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, Qt, QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QWidget

from playground.core import catalogue
from playground.core.data.assets import bundled_file
from playground.core.data.registry import DATASET_NAMES
from playground.core.network.layer_types.activations import ACTIVATIONS
from playground.core.network.layers import LAYER_TYPES
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.config import DEVICES, INITIALISATIONS, LOSSES, OPTIMIZERS
from playground.gui.retranslate import shown_texts
from playground.gui.settings_dialog import language_name

PSEUDO_SEGMENT = re.compile(r"\[[^\[\]]*\]")
WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W\d_]")
QT_OWN = re.compile(r"^(qt_|Scroll(Left|Right)Button$)")
LICENCE = re.compile(r"\b(MIT|CC0|CC BY(-[A-Z]{2})*( \d\.\d)?|Apache-2\.0|BSD-\d-Clause)\b")


@dataclass(frozen=True)
class Leftover:
    """A text with words outside the catalogue, and where it is shown."""

    where: str
    text: str
    words: tuple[str, ...]


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@cache
def lesson_texts() -> frozenset[str]:
    """Every text of the bundled lesson documents, in every language they are written in."""
    texts: set[str] = set()
    for path in sorted(bundled_file("assets", "lessons").glob("*.json")):
        texts.update(" ".join(plain(text).split())
                     for text in _strings(json.loads(path.read_text(encoding="utf-8"))))
    return frozenset(texts)


def from_a_lesson(text: str) -> bool:
    """Whether ``text`` is taken from a lesson document (whole, or its beginning)."""
    head = " ".join(text.split())[:60]
    return bool(head) and any(head in document for document in lesson_texts())


@cache
def identifiers() -> frozenset[str]:
    """Names that are identifiers in every language, lower-cased."""
    choices = {choice for layer in LAYER_TYPES.values() for param in layer.params
               for choice in param.choices}
    languages = {language_name(code) for code in catalogue.available_languages()}
    names = {*LAYER_TYPES, *ACTIVATIONS, *OPTIMIZERS, *INITIALISATIONS, *LOSSES, *DEVICES,
             *TEMPLATES, *DATASET_NAMES, *choices, *languages}
    words = {part for name in names for part in re.split(r"[-_:\s]", name) if part}
    return frozenset(w.lower() for w in (*names, *words))


def key_names(window: QWidget) -> frozenset[str]:
    """The key names Qt writes for the window's shortcuts ("PgUp", "Ctrl", "Esc")."""
    words: set[str] = set()
    for action in window.findChildren(QAction):
        for keys in action.shortcuts():
            words.update(WORD.findall(keys.toString(QKeySequence.SequenceFormat.NativeText)))
    return frozenset(words)


def control_names(window: QWidget) -> frozenset[str]:
    """The object names of the window's widgets and actions (as lesson files name controls)."""
    return frozenset(name for child in (*window.findChildren(QWidget),
                                        *window.findChildren(QAction))
                     if (name := child.objectName()))


def plain(text: str) -> str:
    """What a reader sees of ``text``: rich text without its markup."""
    if Qt.mightBeRichText(text) or "&nbsp;" in text:
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def without_pseudo(text: str) -> str:
    """``text`` without its pseudo-language segments, nested ones too ("[Fix it: [Dense]]")."""
    while True:
        shorter = PSEUDO_SEGMENT.sub(" ", text)
        if shorter == text:
            return text
        text = shorter


def where(owner: object) -> str:
    name = owner.objectName() if isinstance(owner, QObject) else ""
    return f"{type(owner).__name__}:{name}"


def leftovers(root: QWidget, window: QWidget | None = None) -> tuple[int, list[Leftover]]:
    """How many texts ``root`` shows, and those with words that did not come through the
    catalogue (see the module's rules)."""
    window = window or root
    allowed = identifiers()
    keys = key_names(window) | control_names(window)
    app_name = QApplication.applicationDisplayName()
    found = shown_texts(root)
    result = []
    for owner, text in found:
        if isinstance(owner, QObject) and QT_OWN.match(owner.objectName()):
            continue
        seen = plain(text).replace(app_name, " ") if app_name else plain(text)
        if from_a_lesson(seen):
            continue
        outside = LICENCE.sub(" ", without_pseudo(seen))
        words = tuple(w for w in WORD.findall(outside)
                      if w.lower() not in allowed and w not in keys and len(w) > 2)
        if words:
            result.append(Leftover(where(owner), text, words))
    return len(found), result
