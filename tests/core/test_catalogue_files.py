"""The catalogues match the code: every marked text translated, nothing stale, nothing broken.

``make translations`` (``python -m playground.core.catalogue_update``) keeps them so; these
tests fail when someone adds a text without running it, or a translation loses a placeholder.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from playground.core import catalogue
from playground.core.catalogue_update import Report, check, error_classes, extract, main

# HTML tags a translation must keep (``<path>`` in a command's syntax is a word, translated).
TAGS = re.compile(r"</?(b|i|u|s|p|a|br|hr|em|strong|span|div|ul|ol|li|table|tr|td|th|code|pre"
                  r"|sub|sup|small|big|font|h[1-6]|img|nobr)\b")
ACCELERATOR = re.compile(r"&(?![&\s]|nbsp;|lt;|gt;|amp;|#)")


@pytest.fixture(scope="module")
def template():
    return extract()


@pytest.fixture(scope="module", params=[lang for lang in catalogue.available_languages()
                                        if lang != catalogue.SOURCE_LANGUAGE])
def report(request, template) -> Report:
    return check(request.param, template)


def fields(text: str) -> list[str]:
    """The ``{...}`` replacement fields, as ``str.format`` reads them."""
    return sorted(f"{name}:{spec}" for _, name, spec, _ in string.Formatter().parse(text)
                  if name is not None)


def test_the_extractor_finds_the_interface_and_the_core(template) -> None:
    places = {location[0].split("/")[1] for entry in template for location in entry.locations}
    assert {"gui", "core"} <= places
    assert len(template) > 1000


def test_every_marked_text_is_translated(report: Report) -> None:
    assert report.missing == [], (
        f"{len(report.missing)} texts without a {report.language} translation (run `make "
        "translations`, then translate them in the .po file):\n" + "\n".join(report.missing))


def test_no_entry_is_left_that_the_code_no_longer_uses(report: Report) -> None:
    assert report.unused == [], "run `make translations`:\n" + "\n".join(report.unused)


def test_no_marked_text_is_an_f_string(template) -> None:
    assert template.skipped == [], (
        "an f-string cannot be translated; give the values by name instead:\n"
        + "\n".join(template.skipped))


def test_translations_keep_placeholders_tags_and_accelerators(report: Report) -> None:
    problems = []
    for source, text in catalogue.translations(report.language).items():
        if fields(source) != fields(text):
            problems.append(f"{source!r}: fields {fields(source)} became {fields(text)}")
        if sorted(TAGS.findall(source)) != sorted(TAGS.findall(text)):
            problems.append(f"{source!r}: HTML tags changed")
        if len(ACCELERATOR.findall(source)) != len(ACCELERATOR.findall(text)):
            problems.append(f"{source!r}: keyboard accelerator (&) lost or added")
        if source.startswith(" ") != text.startswith(" ") or \
                source.endswith(" ") != text.endswith(" "):
            problems.append(f"{source!r}: leading or trailing space changed")
    assert problems == [], "\n".join(problems)


def test_the_template_on_disk_is_the_code_s(template) -> None:
    with catalogue.TEMPLATE.open("rb") as handle:
        on_disk = {entry.id for entry in read_po(handle) if entry.id}
    assert on_disk == {entry.id for entry in template if entry.id}, "run `make translations`"


def test_the_extractor_reads_every_way_of_marking_a_text(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "errors.py").write_text(
        "class PlaygroundError(Exception): ...\n"
        "class DataError(PlaygroundError): ...\n"
        "class FileTooBig(DataError): ...\n")
    (package / "pane.py").write_text('''
from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

def tr(text):
    return QCoreApplication.translate("Ctx", text)

NAMES = (N_("first"), N_("second"))

class Pane:
    def build(self, label, size):
        self.tr("Method text {0}").format(1)
        tr("Module " "text")
        QCoreApplication.translate("Other", "Direct text")
        QT_TRANSLATE_NOOP("Table", "Stored text")
        Message("A message of {n}", n=1)
        Text("A layer explanation")
        raise FileTooBig("The file is {size} bytes.", size=size)
        raise FileTooBig(f"Skipped: {size} bytes.")
        self.tr(label)
''')
    assert {"PlaygroundError", "DataError", "FileTooBig"} <= error_classes(tmp_path)
    found = extract(tmp_path)
    assert {entry.id for entry in found if entry.id} == {
        "Method text {0}", "Module text", "Direct text", "Stored text", "first", "second",
        "A message of {n}", "A layer explanation", "The file is {size} bytes."}
    # The f-string, reported with its place (under the folder extracted from).
    assert found.skipped == [f"{tmp_path.name}/pkg/pane.py:18"]


def test_check_mode_fails_while_something_is_missing(monkeypatch, capsys) -> None:
    monkeypatch.setattr("playground.core.catalogue_update.languages", lambda: ["es"])
    broken = Report("es", missing=["A text"], total=1)
    monkeypatch.setattr("playground.core.catalogue_update.check", lambda *_a: broken)
    assert main(["--check"]) == 1
    assert "missing: 'A text'" in capsys.readouterr().out


def test_no_translation_call_hides_inside_an_f_string() -> None:
    """``f"{self.tr('Loading…')}"``: the extractor does not look inside f-strings, so the text
    would never reach the catalogue."""
    import ast

    from playground.core.catalogue_update import BASE_KEYWORDS, PACKAGE

    hidden = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                name = getattr(getattr(call, "func", None), "attr", None) or \
                    getattr(getattr(call, "func", None), "id", None)
                if isinstance(call, ast.Call) and name in BASE_KEYWORDS:
                    hidden.append(f"{path.relative_to(PACKAGE.parent)}:{call.lineno}")
    assert hidden == [], "move the translated text out of the f-string:\n" + "\n".join(hidden)
