"""How long the editor takes to re-validate and redraw a 30-layer network after one edit.

Every change in the editor (a spin box step, a drop, an undo) re-runs shape inference and
refreshes the cards, the footer and the inspector. The target is well under 50 ms for 30
layers so a dragged spin box feels immediate. Run with:

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/editor_validation.py
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from playground.core.network.shapes import analyse
from playground.core.network.spec import LayerSpec, NetworkSpec

L = LayerSpec.create
REPEATS = 200


def thirty_layers() -> NetworkSpec:
    """A deep but valid CNN of exactly 30 layers: six conv blocks, two poolings, a classifier."""
    layers: list[LayerSpec] = []
    for block in range(6):
        filters = 8 * (block + 1)
        layers += [L("Conv2D", filters=filters, padding="same"), L("BatchNorm"),
                   L("Activation"), L("Conv2D", filters=filters, padding="same")]
        if block in (1, 3):
            layers.append(L("MaxPool2D"))
    layers += [L("Flatten"), L("Dropout"), L("Dense", units=64),
               L("Dense", units=10, activation="softmax")]
    spec = NetworkSpec((1, 28, 28), "mnist", 10, tuple(layers), "bench")
    assert len(spec.layers) == 30 and analyse(spec).ok
    return spec


def timed(action, repeats: int = REPEATS) -> list[float]:
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"{label:<46} median {statistics.median(times):6.2f} ms   p95 {p95:6.2f} ms")


def main() -> None:
    from playground.app import create_window

    app = QApplication.instance() or QApplication([])
    spec = thirty_layers()
    print(f"Network: {len(spec.layers)} layers, {analyse(spec).total_params:,} parameters")
    report("shape inference only (core.analyse)", timed(lambda _i: analyse(spec)))

    window = create_window(restore_layout=False)
    window.resize(1400, 900)
    window.show()
    doc = window.document
    doc.reset(spec)
    doc.select(12)
    app.processEvents()

    def edit(i: int) -> None:
        doc.set_param(12, "filters", 16 + i % 2)  # one spin-box step: validate + redraw
        app.processEvents()

    report("one parameter edit, window redrawn", timed(edit))

    def invalid_and_back(i: int) -> None:
        doc.remove_layer(26) if i % 2 == 0 else doc.undo_stack.undo()  # 26 is the Flatten
        app.processEvents()

    report("remove Flatten (turns red) / undo", timed(invalid_and_back))
    doc.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    main()
