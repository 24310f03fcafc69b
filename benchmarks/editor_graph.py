"""How long the editor takes to re-check and lay out a network that branches after one edit.

Every edit re-runs the spec's validation (building the new, immutable spec checks its
connections), shape inference (``analyse``) and, for a network that branches, the graph layout.
This times that per edit on a 100-node graph (chains with skip connections: residual blocks)
and compares it with a plain 100-layer column in the same process; it also times opening a
large file (``NetworkSpec.from_json`` + ``analyse`` + layout), and the editor's whole redraw
with real cards (Qt, offscreen). Run with:

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/editor_graph.py
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground.core.errors import SpecError
from playground.core.network.shapes import analyse
from playground.core.network.spec import MAX_LAYERS, LayerSpec, NetworkSpec
from playground.gui.graph_layout import layout, skip_blocks

L = LayerSpec.create
EDITS = 300


def residual_graph(nodes: int) -> NetworkSpec:
    """``nodes`` layers: a Flatten and a Dense, then blocks of Dense, Dense, Add (each Add
    reading the block's input: a skip), then Dropouts and the output layer to make up the count."""
    layers = [L("Flatten"), L("Dense", units=64)]
    inputs: list[tuple[int, ...]] = [(-1,), (0,)]
    while len(layers) + 3 <= nodes - 1:
        before = len(layers) - 1
        layers += [L("Dense", units=64), L("Dense", units=64, activation="linear"), L("Add")]
        inputs += [(before,), (before + 1,), (before + 2, before)]
    while len(layers) < nodes - 1:
        inputs.append((len(layers) - 1,))
        layers.append(L("Dropout"))
    inputs.append((len(layers) - 1,))
    layers.append(L("Dense", units=10, activation="softmax"))
    spec = NetworkSpec((1, 28, 28), "mnist", 10, tuple(layers), "graph", tuple(inputs))
    assert len(spec.layers) == nodes
    return spec


def column(nodes: int) -> NetworkSpec:
    layers = [L("Flatten"), *[L("Dense", units=64) for _ in range(nodes - 2)],
              L("Dense", units=10, activation="softmax")]
    return NetworkSpec((1, 28, 28), "mnist", 10, tuple(layers), "column")


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95, in milliseconds."""
    ordered = sorted(samples)
    return (statistics.median(ordered) * 1000,
            ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000)


def edit_times(spec: NetworkSpec, step: Callable[[NetworkSpec], None]) -> list[float]:
    """Time ``step`` (validation + analysis (+ layout)) for ``EDITS`` parameter edits."""
    rng = random.Random(1)
    dense = [i for i, layer in enumerate(spec.layers[:-1]) if layer.type == "Dense"]
    times = []
    for _ in range(EDITS):
        index = rng.choice(dense)
        units = rng.choice((32, 64))
        start = time.perf_counter()
        changed = spec.replace_layer(index, spec.layers[index].with_params(units=units))
        step(changed)
        times.append(time.perf_counter() - start)
    return times


def graph_edit_times(spec: NetworkSpec) -> list[float]:
    """Time graph edits (a skip added around one layer, then removed again) the same way."""
    times = []
    rng = random.Random(2)
    single = [i for i in range(1, len(spec.layers) - 1) if len(spec.inputs_of(i)) == 1]
    for _ in range(EDITS // 2):
        first = rng.choice(single)
        start = time.perf_counter()
        changed = spec.add_skip(first, first, L("Add"))
        analyse(changed)
        layout(changed.connections)
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        back = changed.remove(first + 1)
        analyse(back)
        layout(back.connections)
        times.append(time.perf_counter() - start)
    return times


def graph_step(spec: NetworkSpec) -> None:
    analyse(spec)
    layout(spec.connections, ())


def column_step(spec: NetworkSpec) -> None:
    analyse(spec)  # a column is not laid out: its cards stack


def open_file(text: str) -> tuple[float, NetworkSpec]:
    start = time.perf_counter()
    spec = NetworkSpec.from_json(text)
    analyse(spec)
    layout(spec.connections)
    return time.perf_counter() - start, spec


def gui_refresh_times(spec: NetworkSpec) -> list[float]:
    """The editor's whole redraw (cards refreshed, graph laid out) per parameter edit."""
    from PySide6.QtWidgets import QApplication

    from playground.gui.document import Document
    from playground.gui.network_editor import NetworkEditor

    app = QApplication.instance() or QApplication(sys.argv[:1])
    document = Document()
    editor = NetworkEditor(document)
    editor.resize(1200, 900)
    editor.show()
    document.reset(spec)
    app.processEvents()
    rng = random.Random(3)
    dense = [i for i, layer in enumerate(spec.layers[:-1]) if layer.type == "Dense"]
    times = []
    for _ in range(60):
        index = rng.choice(dense)
        units = 32 if document.spec.layers[index]["units"] == 64 else 64  # always a change
        start = time.perf_counter()
        document.set_param(index, "units", units)
        document.end_merge()
        times.append(time.perf_counter() - start)
    editor.close()
    return times


def main() -> None:
    graph, plain = residual_graph(100), column(100)
    assert analyse(graph).ok and analyse(plain).ok
    graph_step(graph), column_step(plain)  # warm up
    g50, g95 = percentiles(edit_times(graph, graph_step))
    c50, c95 = percentiles(edit_times(plain, column_step))
    e50, e95 = percentiles(graph_edit_times(graph))
    print(f"100-node graph ({len(skip_blocks(graph.connections))} residual blocks), per edit "
          "(validation + analyse + layout):")
    print(f"  parameter edit  p50 {g50:6.2f} ms   p95 {g95:6.2f} ms")
    print(f"  skip add/remove p50 {e50:6.2f} ms   p95 {e95:6.2f} ms")
    print("100-layer column, per edit (validation + analyse):")
    print(f"  parameter edit  p50 {c50:6.2f} ms   p95 {c95:6.2f} ms")
    print(f"  ratio graph/column: p50 {g50 / c50:.2f}x   p95 {g95 / c95:.2f}x")

    big = residual_graph(1000).to_json() if MAX_LAYERS >= 1000 else None
    if big is None:
        # The spec refuses more than MAX_LAYERS layers: build the 1,000-node file by hand.
        wanted = residual_graph(MAX_LAYERS).to_dict()
        layers = wanted["layers"]
        while len(layers) < 1000:
            layers.insert(-1, {"type": "Dropout", "params": {}, "inputs": [len(layers) - 2]})
            layers[-1]["inputs"] = [len(layers) - 2]
        big = json.dumps(wanted)
    try:
        seconds, _ = open_file(big)
        print(f"open 1,000-node file (from_json + analyse + layout): {seconds * 1000:.1f} ms")
    except SpecError as refusal:
        print(f"open 1,000-node file: refused ({refusal})")
        largest = residual_graph(MAX_LAYERS).to_json()
        runs = sorted(open_file(largest)[0] for _ in range(5))
        print(f"open {MAX_LAYERS}-node file (the largest allowed; from_json + analyse + layout):"
              f" median {runs[2] * 1000:.1f} ms")
        inputs = [(i - 1,) if i % 3 else (i - 1, i - 3) for i in range(1000)]
        inputs[0], inputs[1], inputs[2] = (-1,), (0,), (1,)
        start = time.perf_counter()
        layout(inputs)
        seconds = time.perf_counter() - start
        print(f"  layout alone of a 1,000-node graph: {seconds * 1000:.1f} ms")

    q50, q95 = percentiles(gui_refresh_times(graph))
    p50, p95 = percentiles(gui_refresh_times(plain))
    print("editor redraw per edit (Qt offscreen, cards + layout):")
    print(f"  100-node graph  p50 {q50:6.2f} ms   p95 {q95:6.2f} ms")
    print(f"  100-layer column p50 {p50:6.2f} ms   p95 {p95:6.2f} ms")


if __name__ == "__main__":
    main()
