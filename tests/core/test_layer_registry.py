"""The layer registry holds everything about each layer type, and nothing else compares type names.

Every test here iterates over the registry, so a new entry is checked without touching this file:
its parameters round-trip through JSON, it accepts some input shape, the module it builds
produces the shape and the parameter count its entry promises, the exported script can write
every module it builds, and the GUI gets a glyph and a colour for it. A merge layer (Add,
Concatenate...) reads two inputs, so it is tried on two copies of a shape and placed in a small
network that branches. The last test reads the source of ``playground/`` and fails where code
outside the registry compares a value with a layer-type name instead of asking the entry.
"""

from __future__ import annotations

import ast
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import torch

from playground.core.network.build import count_parameters
from playground.core.network.layer_types import LAYER_TYPES, LayerType
from playground.core.network.layer_types.base import Place, ShapeProblem
from playground.core.network.shapes import analyse
from playground.core.network.spec import LayerSpec, NetworkSpec

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "playground"
REGISTRY = PACKAGE / "core" / "network" / "layer_types"
# Network data, not behaviour: templates, lessons and the ready-trained network name layer types
# to construct layers, which is what names are for.
DATA_MODULES = {
    PACKAGE / "core" / "teaching" / "templates.py",
    PACKAGE / "core" / "teaching" / "lessons.py",
    PACKAGE / "core" / "inspect" / "pretrained.py",
}
CANDIDATE_INPUTS = [(784,), (28, 28), (1, 28, 28), (3, 32, 32), (20,), (4, 6), (2, 8, 8)]
ENTRIES = list(LAYER_TYPES.values())


def _id(entry: LayerType) -> str:
    return entry.name


def _varied(entry: LayerType) -> dict[str, Any]:
    """A parameter set that differs from the defaults wherever the definitions allow."""
    params: dict[str, Any] = {}
    for p in entry.params:
        if p.kind == "bool":
            params[p.name] = not p.default
        elif p.kind == "choice":
            params[p.name] = p.choices[-1] if p.default != p.choices[-1] else p.choices[0]
        elif p.kind == "int" and p.maximum is not None and p.default < p.maximum:
            params[p.name] = p.default + 1
        elif p.kind == "float" and p.maximum is not None:
            params[p.name] = (p.default + p.maximum) / 2
        else:
            params[p.name] = p.default
    return params


def _shape_after(entry: LayerType, shape: tuple[int, ...], params: dict[str, Any],
                 place: Place) -> tuple[int, ...]:
    """What the entry makes of ``shape`` (a merge gets two copies of it); may raise
    :class:`ShapeProblem`."""
    if entry.merges:
        return entry.merged_shape((shape, shape), params, place)
    return entry.output_shape(shape, params, place)


def _accepted(entry: LayerType, params: dict[str, Any]) -> list[tuple[tuple[int, ...], Any]]:
    """The candidate inputs the entry takes as the first layer, with its output shape."""
    found = []
    for shape in CANDIDATE_INPUTS:
        try:
            found.append((shape, _shape_after(entry, shape, params, Place(0, shape))))
        except ShapeProblem:
            continue
    return found


def _network_of(layer: LayerSpec) -> NetworkSpec:
    """A network holding ``layer``: alone, or for a merge after two Dense branches."""
    if not LAYER_TYPES[layer.type].merges:
        return NetworkSpec((784,), "mnist", 10, (layer,))
    branch = LayerSpec.create("Dense", units=10)
    return NetworkSpec((784,), "mnist", 10, (branch, branch, layer), inputs=((-1,), (-1,), (0, 1)))


def _run(modules: list[torch.nn.Module], x: torch.Tensor, merges: bool) -> torch.Tensor:
    """The modules applied in order; a merge's first module reads two copies of ``x``."""
    for n, module in enumerate(modules):
        x = module(x, x) if merges and n == 0 else module(x)
    return x


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_parameters_round_trip_through_json(entry: LayerType) -> None:
    for params in (entry.defaults(), _varied(entry)):
        layer = LayerSpec(entry.name, params)
        spec = _network_of(layer)
        again = NetworkSpec.from_json(spec.to_json())
        assert again == spec
        assert dict(again.layers[-1].params) == dict(layer.params)
        assert isinstance(layer.describe(), str)


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_catalogue_entry_is_complete(entry: LayerType) -> None:
    assert entry.title.en and entry.title.es and entry.explanation.en and entry.explanation.es
    for p in entry.params:
        assert p.label.en and p.label.es and p.help.en and p.help.es
        if p.kind == "choice":
            assert p.default in p.choices
        if p.minimum is not None:
            assert p.default >= p.minimum
        if p.maximum is not None:
            assert p.default <= p.maximum
    assert entry.icon, "the GUI needs a glyph name"
    assert entry.colour.startswith("#") and len(entry.colour) == 7


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
@pytest.mark.parametrize("varied", [False, True], ids=["defaults", "varied"])
def test_built_modules_keep_the_entrys_promises(entry: LayerType, varied: bool) -> None:
    params = dict(LayerSpec(entry.name, _varied(entry) if varied else {}).params)
    accepted = _accepted(entry, params)
    assert accepted, f"{entry.name} accepts none of {CANDIDATE_INPUTS}"
    for shape, output in accepted:
        modules = entry.build(shape, output, params)
        block = torch.nn.Sequential(*modules)
        x = torch.randint(0, 10, (2, *shape)).float()
        assert tuple(_run(modules, x, entry.merges).shape[1:]) == tuple(output), (entry.name, shape)
        count = entry.count(shape, params)
        assert count_parameters(block) == count.total
        assert sum(p.numel() for p in block.parameters()) == count.trainable
        assert f"{count.total:,}" in count.explanation.en or count.total == 0
        for module in modules:
            assert entry.export_source(module), f"{entry.name} cannot export {module}"
        assert entry.macs(shape, output, params) >= 0


@pytest.mark.parametrize("entry", [e for e in ENTRIES if not e.merges], ids=_id)
def test_shape_problems_speak_both_languages_and_repair(entry: LayerType) -> None:
    params = entry.defaults()
    for shape in CANDIDATE_INPUTS:
        try:
            entry.output_shape(shape, params, Place(1, shape))
        except ShapeProblem as problem:
            assert problem.problem.en and problem.problem.es
            assert problem.suggestion.en and problem.suggestion.es
            spec = NetworkSpec(shape, "mnist", 1, (LayerSpec("Flatten"), LayerSpec(entry.name)))
            if math.prod(shape) == 0:
                continue
            error = analyse(spec).error
            assert error is not None and error.layer_index in (0, 1)


# Two branches that read one image and end in different shapes: other channels, other sizes.
MISMATCHED_BRANCHES = [
    (LayerSpec.create("Conv2D", filters=4, padding="same"),
     LayerSpec.create("Conv2D", filters=8, padding="same")),
    (LayerSpec.create("Conv2D", filters=4, padding="same"),
     LayerSpec.create("Conv2D", filters=4, kernel_size=5)),
    (LayerSpec.create("Conv2D", filters=8, padding="same"),
     LayerSpec.create("Conv2D", filters=4, stride=2, padding="same")),
]


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.merges], ids=_id)
def test_merge_problems_speak_both_languages_and_repair(entry: LayerType) -> None:
    refused = 0
    for first, second in MISMATCHED_BRANCHES:
        spec = NetworkSpec((1, 12, 12), "mnist", 10, (
            first, second, LayerSpec(entry.name), LayerSpec("Flatten"),
            LayerSpec.create("Dense", units=10, activation="softmax"),
        ), inputs=((-1,), (-1,), (0, 1), (2,), (3,)))
        error = analyse(spec).error
        if error is None:
            continue
        refused += 1
        assert error.layer_index == 2 and error.layer_type == entry.name
        for text in (error.problem, error.suggestion):
            assert text.render("es") != text.render("en")
        if error.fix is not None:
            fixed = error.fix.apply()
            assert analyse(fixed).ok, analyse(fixed).error
            assert len(fixed.layers) == len(spec.layers) + 1
    assert refused, f"{entry.name} merged every pair of mismatched branches"


def test_importing_the_registry_leaves_torch_unloaded() -> None:
    code = ("import sys; import playground.core.network.layer_types, playground.core.network.spec;"
            " sys.exit(1 if 'torch' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0


def _type_names(node: ast.AST) -> list[str]:
    """Layer-type names written as string constants in ``node`` (a constant or a collection)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if node.value in LAYER_TYPES else []
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [name for element in node.elts for name in _type_names(element)]
    wrapped = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args
    if wrapped and node.func.id in ("frozenset", "set", "tuple"):
        return _type_names(node.args[0])
    return []


def _name_tests(tree: ast.AST) -> list[tuple[int, list[str]]]:
    """Comparisons with type names, and collections or dict keys of type names (lookup tables)."""
    exports = {  # ``__all__`` lists class names such as Reshape, not layer types
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    }
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if id(node) in exports:
            continue
        if isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                names += _type_names(side)
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)) and all(
            isinstance(e, ast.Constant) for e in node.elts
        ):
            names = _type_names(node)
        elif isinstance(node, ast.Dict):
            names = [n for key in node.keys if key is not None for n in _type_names(key)]
        if names:
            found.append((node.lineno, names))
    return found


def test_no_layer_type_name_is_compared_outside_the_registry() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if REGISTRY in path.parents or path in DATA_MODULES:
            continue
        for line, names in _name_tests(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{path.relative_to(ROOT)}:{line}: {', '.join(sorted(set(names)))}")
    assert not offenders, (
        "Ask the layer's registry entry (playground/core/network/layer_types) instead of "
        "comparing type names:\n" + "\n".join(offenders)
    )


def test_the_scan_finds_a_comparison() -> None:
    """The scan above is only worth something if it recognises the forms it forbids."""
    source = (
        'if layer.type == "Dense": pass\n'
        'ok = t in ("LSTM", "GRU")\n'
        'KINDS = frozenset({"Flatten", "Dropout"})\n'
        'GATES = {"SimpleRNN": 1}\n'
        'layer = make("Conv2D", filters=8)\n'
        '__all__ = ["Reshape"]\n'
    )
    assert sorted({line for line, _ in _name_tests(ast.parse(source))}) == [1, 2, 3, 4]
