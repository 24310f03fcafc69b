"""The Spanish catalogue covers every text the GUI marks for translation, and keeps its shape."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from playground.gui.translations.extract import (
    extract,
    load_catalogue,
    main,
    marked_texts,
    missing,
    save_catalogue,
)

TAGS = re.compile(r"</?([a-zA-Z0-9]+)")
ACCELERATOR = re.compile(r"&(?![&\s]|nbsp;|lt;|gt;|amp;)")


def fields(text: str) -> list[str]:
    """The ``{...}`` replacement fields, as ``str.format`` reads them."""
    return sorted(f"{name}:{spec}" for _, name, spec, _ in string.Formatter().parse(text)
                  if name is not None)


def test_every_marked_text_has_spanish() -> None:
    texts = extract()
    assert len(texts) > 500  # the extractor really found the GUI's texts
    absent = missing(texts, load_catalogue())
    where = [f"{texts[t][0].path.name}:{texts[t][0].line} {t!r}" for t in absent]
    assert where == [], "texts without Spanish (run python -m playground.gui.translations." \
        "extract --add, then translate):\n" + "\n".join(where)


def test_translations_keep_placeholders_tags_and_accelerators() -> None:
    problems = []
    for source, spanish in load_catalogue().items():
        if not spanish.strip():
            problems.append(f"{source!r}: empty")
            continue
        if fields(source) != fields(spanish):
            problems.append(f"{source!r}: fields {fields(source)} became {fields(spanish)}")
        if source.count("%n") != spanish.count("%n"):
            problems.append(f"{source!r}: %n lost")
        if sorted(TAGS.findall(source)) != sorted(TAGS.findall(spanish)):
            problems.append(f"{source!r}: HTML tags changed")
        if len(ACCELERATOR.findall(source)) != len(ACCELERATOR.findall(spanish)):
            problems.append(f"{source!r}: keyboard accelerator (&) lost or added")
        if source.startswith(" ") != spanish.startswith(" ") or \
                source.endswith(" ") != spanish.endswith(" "):
            problems.append(f"{source!r}: leading or trailing space changed")
    assert problems == [], "\n".join(problems)


def test_extractor_reads_every_way_of_marking_a_text(tmp_path: Path) -> None:
    source = '''
from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

ROWS = (("Ctrl+N", "New network"), ("Del", "Remove it"))
NAMES = ("first", "second")

def tr(text):
    return QCoreApplication.translate("Ctx", text)

class Pane:
    def build(self, label, value):
        self.tr("Method text {0}").format(1)
        tr("Module " "text")
        QCoreApplication.translate("Other", "Direct text")
        QT_TRANSLATE_NOOP("Table", "Stored text")
        rows = [tr(keys) + tr(what) for keys, what in ROWS]
        names = [self.tr(n) for n in NAMES]
        self.tr(label)
'''
    module = tmp_path / "pane.py"
    module.write_text(source)
    found = marked_texts(source, module)
    texts = [f.text for f in found]
    assert texts.count(None) == 1  # self.tr(label): unknowable, reported as dynamic
    assert set(texts) - {None} == {
        "Method text {0}", "Module text", "Direct text", "Stored text", "Ctrl+N", "New network",
        "Del", "Remove it", "first", "second",
    }
    assert next(f.line for f in found if f.text is None) == 18


def test_command_line_adds_missing_texts_as_empty_entries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = set(extract())
    catalogue_now = load_catalogue()
    forgotten = [text for text in catalogue_now if text in texts][:10]
    partial = {k: v for k, v in catalogue_now.items() if k not in forgotten}  # ten "forgotten"
    catalogue = tmp_path / "es.json"
    save_catalogue(partial, catalogue)
    absent = missing(extract(), partial)  # the ten, and any text not translated yet
    assert len(absent) >= 10
    assert main(["--catalogue", str(catalogue)]) == 1
    out, _ = capsys.readouterr()
    assert len(out.splitlines()) == len(absent)
    assert main(["--catalogue", str(catalogue), "--add"]) == 0
    added = load_catalogue(catalogue)
    assert sorted(text for text, spanish in added.items() if not spanish) == sorted(absent)
