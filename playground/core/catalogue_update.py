"""``make translations``: collect every marked text into the template, merge it into each language.

Run from the project's folder::

    python -m playground.core.catalogue_update            # write playground.pot, update each .po
    python -m playground.core.catalogue_update --check    # what a translator still has to do

Marked texts are found with Babel's extractor, which reads the source without importing it:
``tr("…")`` and ``self.tr("…")``, ``QCoreApplication.translate(context, "…")``,
``QT_TR_NOOP``/``QT_TRANSLATE_NOOP``, ``N_("…")``, ``Message("…")``, ``Text("…")`` and the
first argument of every error class of the core (any class deriving from ``PlaygroundError``,
found by reading the class definitions). Contexts are not kept: in this app the same English
words mean the same thing everywhere, so one entry per text keeps the files easy to review.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from playground.core.catalogue import DOMAIN, LOCALE_DIR, TEMPLATE, po_path

PACKAGE = Path(__file__).resolve().parents[1]
BASE_KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "tr": None, "translate": (2,), "QT_TR_NOOP": None, "QT_TRANSLATE_NOOP": (2,),
    "N_": None, "Message": None, "Text": None,
}
ERROR_ROOT = "PlaygroundError"
_PLACEHOLDER = re.compile(r"\{([^{}:!]*)[^{}]*\}")


def error_classes(root: Path = PACKAGE) -> set[str]:
    """The names of every class deriving, directly or not, from ``PlaygroundError``."""
    bases: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "")
                         for b in node.bases}
                bases.setdefault(node.name, set()).update(names)
    found = {ERROR_ROOT}
    grown = True
    while grown:
        new = {name for name, parents in bases.items() if parents & found} - found
        found |= new
        grown = bool(new)
    return found


def keywords(root: Path = PACKAGE) -> dict[str, tuple[int, ...] | None]:
    return {**BASE_KEYWORDS, **{name: None for name in error_classes(root)}}


def extract(root: Path = PACKAGE) -> Catalog:
    """Every marked text under ``root``, with where it is used.

    Marked f-strings (``SpecError(f"… {x}")``) cannot be translated: Babel skips them, and
    they are listed in the catalogue's ``skipped`` attribute (``file:line``).
    """
    catalog = Catalog(project="nn-playground", domain=DOMAIN, charset="utf-8")
    method_map = [("**.py", "python")]
    warnings = io.StringIO()
    with contextlib.redirect_stderr(warnings):
        found = list(extract_from_dir(
            str(root), method_map, keywords=keywords(root), comment_tags=("Translators:",),
            strip_comment_tags=True))
    catalog.skipped = [line.split(": warning:")[0].removeprefix(str(root.parent) + "/")
                       for line in warnings.getvalue().splitlines() if "f-string" in line]
    for filename, lineno, message, comments, _context in found:
        if not isinstance(message, str) or not message.strip():
            continue
        location = (f"{root.name}/{filename}", lineno)
        existing = catalog.get(message)
        if existing is not None:
            existing.locations.append(location)
        else:
            catalog.add(message, locations=[location], auto_comments=comments,
                        flags=("python-brace-format",) if _PLACEHOLDER.search(message) else ())
    return catalog


def write_template(catalog: Catalog, path: Path = TEMPLATE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=True)


def update_language(template: Catalog, language: str) -> Catalog:
    """Merge ``template`` into ``language``'s catalogue: new texts are added untranslated,
    texts no code uses any more are dropped (kept in the history of the file, not in it)."""
    path = po_path(language)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, ignore_obsolete=True)
    return catalog


def placeholders(text: str) -> set[str]:
    """The names of ``text``'s ``{placeholders}`` (``{n:,}`` counts as ``n``)."""
    return {m.group(1) for m in _PLACEHOLDER.finditer(text)}


@dataclass
class Report:
    """What a language's catalogue lacks against the code."""

    language: str
    missing: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    placeholders: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    total: int = 0

    @property
    def translated(self) -> int:
        return self.total - len(self.missing)

    def lines(self) -> Iterable[str]:
        yield f"{self.language}: {self.translated} of {self.total} texts translated"
        for text in self.missing:
            yield f"  missing: {text!r}"
        for text in self.unused:
            yield f"  unused: {text!r}"
        for source, translation in self.placeholders:
            yield f"  placeholders differ: {source!r} -> {translation!r}"
        for where in self.skipped:
            yield f"  {where}: a marked f-string cannot be translated; pass the values by name"

    @property
    def clean(self) -> bool:
        return not (self.missing or self.unused or self.placeholders or self.skipped)


def check(language: str, template: Catalog | None = None) -> Report:
    """Texts the code marks but ``language`` does not translate, entries no code marks, and
    translations whose ``{placeholders}`` are not the English ones."""
    template = template or extract()
    with po_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    wanted = {m.id for m in template if m.id}
    have = {m.id: m.string for m in catalog if m.id and not isinstance(m.id, tuple)}
    report = Report(language, total=len(wanted), skipped=list(getattr(template, "skipped", [])))
    report.missing = sorted(t for t in wanted if not have.get(t))
    report.unused = sorted(set(have) - wanted)
    report.placeholders = sorted((s, t) for s, t in have.items()
                                 if t and placeholders(s) != placeholders(t))
    return report


def languages() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only report missing, unused and mismatched entries")
    args = parser.parse_args(argv)
    template = extract()
    if not args.check:
        write_template(template)
        for language in languages():
            update_language(template, language)
    reports = [check(language, template) for language in languages()]
    for report in reports:
        print("\n".join(report.lines()))
    return 1 if args.check and not all(r.clean for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
