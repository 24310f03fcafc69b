"""Find every translatable text in the GUI code and check the Spanish catalogue covers it.

Texts are marked in the code the Qt way: ``self.tr("…")``, a module-level ``tr("…")`` that
calls ``QCoreApplication.translate``, ``QCoreApplication.translate(context, "…")`` and, for
texts stored in tables and translated later, ``QT_TR_NOOP("…")`` / ``QT_TRANSLATE_NOOP(ctx,
"…")``. This module reads the source with :mod:`ast` (nothing is imported or run), so it also
works on modules that need a display or torch.

Run it from the repository root::

    python -m playground.gui.translations.extract           # list texts missing in es.json
    python -m playground.gui.translations.extract --add     # add them as empty entries
    python -m playground.gui.translations.extract --unused  # entries no code asks for
    python -m playground.gui.translations.extract --dynamic # tr() calls on a non-literal

The catalogue is keyed by the English text alone (no context): the same words mean the same
thing wherever they appear in this app, and one entry per text keeps the file easy to review.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

GUI_ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = Path(__file__).resolve().with_name("es.json")

# Texts of pyqtgraph's own menus (right-click on a plot), which it passes through
# QCoreApplication.translate: listed so the catalogue keeps them.
THIRD_PARTY_TEXTS = (
    "Export...", "View All", "Mouse Mode", "3 button", "1 button", "ViewBox options", "axis",
    "Plot Options", "Transforms", "Downsample", "Average", "Alpha", "Grid", "Points", "Manual",
    "Auto", "Visible Data Only", "Auto Pan Only", "Mouse Enabled", "Link Axis:", "Invert Axis",
    "Log X", "Log Y", "Show X Grid", "Show Y Grid", "Opacity",
)
PYQTGRAPH = Path("pyqtgraph")
# Choices the training settings form translates from tables (``self.tr(label)`` in a loop over
# the loss labels and the core's initialisations and preprocessing names).
TABLE_TEXTS = (
    "cross-entropy", "mean squared error", "binary cross-entropy", "negative log-likelihood",
    "default", "normal", "scale", "center", "standardize", "binarize", "binarize_any",
    # The dataset registry's titles (core, English), shown through inputs.translated_title.
    "MNIST (bundled, 10,000 digits)", "MNIST (full, 70,000 digits)",
    "Fashion-MNIST (70,000 clothing images)", "CIFAR-10 (60,000 colour photos)",
    "Circle (2D toy)", "Exclusive or (2D toy)", "Two Gaussian blobs (2D toy)", "Spiral (2D toy)",
    "Sentiment of short reviews (bundled, English and Spanish)",
    "Next value of a sine wave (generated)",
    # The registry's class names, shown through inputs.translated_classes.
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
    "Ankle boot", "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
    "ship", "truck", "inside", "ring", "same sign", "opposite signs", "upper right", "lower left",
    "spiral A", "spiral B", "negative", "positive", "next value",
)
TABLES = Path("playground/gui/training/settings_form.py")

# The name of the callable -> the position of the source text among its arguments.
TEXT_ARGUMENT = {"tr": 0, "QT_TR_NOOP": 0, "translate": 1, "QT_TRANSLATE_NOOP": 1}


@dataclass(frozen=True)
class Found:
    """One marked text, or one marked call whose text is not a literal (``text`` is None)."""

    text: str | None
    path: Path
    line: int


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _module_constants(tree: ast.Module) -> dict[str, object]:
    """Module-level ``NAME = <literal>`` assignments (tables of texts translated in a loop)."""
    constants: dict[str, object] = {}
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 \
            else node.target if isinstance(node, ast.AnnAssign) and node.value else None
        if isinstance(target, ast.Name):
            try:
                constants[target.id] = ast.literal_eval(node.value)  # type: ignore[arg-type]
            except ValueError:
                continue
    return constants


def _loop_texts(name: str, loops: list[ast.comprehension | ast.For],
                constants: dict[str, object]) -> list[str] | None:
    """The texts ``name`` takes in ``for name in TABLE`` (or ``for a, name in TABLE``)."""
    for loop in reversed(loops):
        if not isinstance(loop.iter, ast.Name) or loop.iter.id not in constants:
            continue
        table = constants[loop.iter.id]
        rows = list(table) if isinstance(table, (tuple, list, dict)) else []
        if isinstance(loop.target, ast.Name) and loop.target.id == name:
            return [row for row in rows if isinstance(row, str)]
        if isinstance(loop.target, ast.Tuple):
            names = [t.id if isinstance(t, ast.Name) else None for t in loop.target.elts]
            if name in names:
                i = names.index(name)
                return [row[i] for row in rows
                        if isinstance(row, (tuple, list)) and isinstance(row[i], str)]
    return None


class _Collector(ast.NodeVisitor):
    """Walks a module keeping the loops around each call, to read texts taken from tables."""

    def __init__(self, path: Path, constants: dict[str, object]) -> None:
        self.path, self.constants = path, constants
        self.loops: list[ast.comprehension | ast.For] = []
        self.in_tr_helper = False
        self.found: list[Found] = []

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        outer = self.in_tr_helper
        self.in_tr_helper = node.name == "tr"  # the module's own ``def tr(text)`` helper
        self.generic_visit(node)
        self.in_tr_helper = outer

    def visit_For(self, node: ast.For) -> None:
        self.loops.append(node)
        self.generic_visit(node)
        self.loops.pop()

    def _visit_comprehension(self, node: ast.AST) -> None:
        generators = node.generators  # type: ignore[attr-defined]
        self.loops.extend(generators)
        self.generic_visit(node)
        del self.loops[-len(generators):]

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _visit_comprehension

    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)
        name = _called_name(node) or ""
        position = TEXT_ARGUMENT.get(name)
        if position is None or len(node.args) <= position or self.in_tr_helper:
            return
        argument = node.args[position]
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            self.found.append(Found(argument.value, self.path, node.lineno))
            return
        texts = _loop_texts(argument.id, self.loops, self.constants) \
            if isinstance(argument, ast.Name) else None
        if texts is None:
            self.found.append(Found(None, self.path, node.lineno))
        self.found.extend(Found(text, self.path, node.lineno) for text in texts or [])


def marked_texts(source: str, path: Path) -> list[Found]:
    """The texts of one module's translation calls; ``text`` is None where it is computed."""
    tree = ast.parse(source, filename=str(path))
    collector = _Collector(path, _module_constants(tree))
    collector.visit(tree)
    return collector.found


def gui_modules(root: Path = GUI_ROOT) -> list[Path]:
    """Every Python file of the GUI package, except this folder's own."""
    here = Path(__file__).resolve().parent
    return sorted(p for p in root.rglob("*.py") if here not in p.resolve().parents)


def extract(paths: Iterable[Path] | None = None) -> dict[str, list[Found]]:
    """Each literal text marked for translation -> where it is used.

    Without ``paths``: the whole GUI package, plus the texts of the two tables above.
    """
    texts: dict[str, list[Found]] = {}
    if paths is None:
        paths = gui_modules()
        for text in THIRD_PARTY_TEXTS:
            texts[text] = [Found(text, PYQTGRAPH, 0)]
        for text in TABLE_TEXTS:
            texts[text] = [Found(text, TABLES, 0)]
    for path in paths:
        for found in marked_texts(path.read_text(encoding="utf-8"), path):
            if found.text is not None and found.text.strip():
                texts.setdefault(found.text, []).append(found)
    return texts


def dynamic_calls(paths: Iterable[Path] | None = None) -> list[Found]:
    """Translation calls whose text is computed: the catalogue cannot know those texts."""
    return [found for path in (paths if paths is not None else gui_modules())
            for found in marked_texts(path.read_text(encoding="utf-8"), path)
            if found.text is None]


def load_catalogue(path: Path = CATALOGUE) -> dict[str, str]:
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def save_catalogue(catalogue: dict[str, str], path: Path = CATALOGUE) -> None:
    """Sorted, one entry a line, non-ASCII kept as is: diffs stay small and readable."""
    text = json.dumps(dict(sorted(catalogue.items(), key=lambda kv: kv[0].casefold())),
                      ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")


def missing(texts: Iterable[str], catalogue: dict[str, str]) -> list[str]:
    """Texts with no entry, or an empty one."""
    return sorted({t for t in texts if not catalogue.get(t)}, key=str.casefold)


def _where(found: list[Found]) -> str:
    first = found[0]
    try:
        shown = first.path.relative_to(GUI_ROOT.parents[1])
    except ValueError:
        shown = first.path
    more = f" (+{len(found) - 1})" if len(found) > 1 else ""
    return f"{shown}:{first.line}{more}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--add", action="store_true", help="add missing texts as empty entries")
    parser.add_argument("--catalogue", type=Path, default=CATALOGUE, help="the JSON to check")
    parser.add_argument("--unused", action="store_true", help="list entries no code uses")
    parser.add_argument("--dynamic", action="store_true",
                        help="list translation calls whose text is not a literal")
    args = parser.parse_args(argv)
    texts = extract()
    catalogue = load_catalogue(args.catalogue)
    if args.dynamic:
        for found in dynamic_calls():
            print(f"{_where([found])}: text is not a literal")
    if args.unused:
        for text in sorted(set(catalogue) - set(texts), key=str.casefold):
            print(f"unused: {text!r}")
    absent = missing(texts, catalogue)
    for text in absent:
        print(f"{_where(texts[text])}: {text!r}")
    if args.add and absent:
        catalogue.update({t: catalogue.get(t, "") for t in absent})
        save_catalogue(catalogue, args.catalogue)
        print(f"added {len(absent)} empty entries to {args.catalogue}", file=sys.stderr)
    print(f"{len(texts)} texts, {len(absent)} without Spanish", file=sys.stderr)
    return 1 if absent and not args.add else 0


if __name__ == "__main__":
    raise SystemExit(main())
