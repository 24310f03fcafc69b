"""Latency of "Draw a digit" in the GUI: from a stroke event on the pad to updated bars.

A real :class:`~playground.gui.draw.draw_pane.DrawPane` (offscreen Qt) predicts with the
``cnn-mnist`` network on the CPU. Mouse-move events are sent to the pad one at a time, as a
hand moves, along strokes that draw digits; for each event the clock runs from sending it to

* ``bars updated``: the probabilities are in the bars (the canvas was painted, prepared the
  MNIST way, shown as the 28×28 input, predicted, and the bars and the answer set), and
* ``painted``: the event loop has also repainted the pad, the input and the bars.

In the same run, interleaved so machine noise hits all alike, the baseline: the bare forward
pass of the same network on a ready (1, 1, 28, 28) tensor under ``torch.inference_mode()``,
on one intra-op thread like the pane's predictor.
The weights are random (seeded): the time does not depend on what the network learnt.
Target: p95 of ``bars updated`` under 10 ms. With ``--ready-trained`` the network has no weights
of its own, so the shipped ready-trained network (:mod:`playground.core.inspect.pretrained`)
answers, as
in a fresh window; the baseline is then that network's bare forward pass.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/draw_latency.py \
        [--events N] [--ready-trained]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

TARGET_MS = 10.0


def strokes() -> list[list[tuple[float, float]]]:
    """Strokes of a few digits on the 280×280 canvas, as (x, y) points 4 pixels apart."""
    t = np.linspace(0, 2 * np.pi, 120)
    zero = list(zip(140 + 55 * np.sin(t), 140 - 85 * np.cos(t), strict=True))
    one = [(140 + 0.1 * k, 55 + 4 * k) for k in range(43)]
    seven = [(80 + 4 * k, 60.0) for k in range(30)] + [(200 - 2 * k, 60 + 4 * k) for k in range(42)]
    return [zero, one, seven]


def mouse(kind: QEvent.Type, pos: QPointF, buttons: Qt.MouseButton) -> QMouseEvent:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else \
        Qt.MouseButton.LeftButton
    return QMouseEvent(kind, pos, pos, button, buttons, Qt.KeyboardModifier.NoModifier)


def percentiles(ms: list[float]) -> tuple[float, float]:
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=600, help="mouse-move events to time")
    parser.add_argument("--ready-trained", action="store_true",
                        help="leave the network untrained so the ready-trained network answers")
    args = parser.parse_args()

    app = QApplication.instance() or QApplication(sys.argv)
    import torch

    from playground.core.inspect import pretrained
    from playground.core.network.build import build_model
    from playground.core.teaching.templates import TEMPLATES
    from playground.gui.document import Document
    from playground.gui.draw.draw_pane import DrawPane
    from playground.gui.draw.session import LiveSession
    from playground.gui.training.worker import TrainingRunner

    template = TEMPLATES["cnn-mnist"]
    document = Document()
    document.load_template(template)
    if not args.ready_trained:
        document.weights = build_model(template.spec, seed=1).state_dict()
        document.weights_spec = document.spec
    session = LiveSession(document, TrainingRunner(), ready_trained=args.ready_trained)
    pane = DrawPane(session)
    pane.resize(1000, 320)
    pane.show()
    session.wait_for_data(120)
    deadline = time.perf_counter() + 60
    while not session.ready and time.perf_counter() < deadline:
        app.processEvents()
    if not session.ready or args.ready_trained != session.using_ready_trained:
        print(f"The pane is not ready to predict as asked: {session.hint}")
        return 1
    pad, bars = pane.pad, pane.bars
    if args.ready_trained:
        model = build_model(pretrained.SPEC, seed=1).eval()
        name = "the ready-trained network"
    else:
        model = build_model(template.spec, seed=1).eval()
        name = "cnn-mnist"
    ready = torch.rand(1, 1, 28, 28)

    def bare_forward() -> float:
        threads = torch.get_num_threads()
        start = time.perf_counter()
        torch.set_num_threads(1)
        with torch.inference_mode():
            model(ready)
        torch.set_num_threads(threads)
        return (time.perf_counter() - start) * 1e3

    def timed_move(pos: QPointF) -> tuple[float, float]:
        before = bars.updates
        start = time.perf_counter()
        QApplication.sendEvent(pad, mouse(QEvent.Type.MouseMove, pos, Qt.MouseButton.LeftButton))
        while bars.updates == before:
            app.processEvents()
        updated = time.perf_counter()
        app.processEvents()  # the repaints the update asked for
        painted = time.perf_counter()
        return (updated - start) * 1e3, (painted - start) * 1e3

    updated_ms: list[float] = []
    painted_ms: list[float] = []
    bare_ms: list[float] = []
    warm_up = 40
    while len(updated_ms) < args.events + warm_up:
        pad.clear()
        for stroke in strokes():
            first = pad.from_canvas(QPointF(*stroke[0]))
            QApplication.sendEvent(pad, mouse(QEvent.Type.MouseButtonPress, first,
                                              Qt.MouseButton.LeftButton))
            for x, y in stroke[1:]:
                updated, painted = timed_move(pad.from_canvas(QPointF(x, y)))
                updated_ms.append(updated)
                painted_ms.append(painted)
                bare_ms.append(bare_forward())
            last = pad.from_canvas(QPointF(*stroke[-1]))
            QApplication.sendEvent(pad, mouse(QEvent.Type.MouseButtonRelease, last,
                                              Qt.MouseButton.NoButton))
            app.processEvents()
    updated_ms, painted_ms, bare_ms = (m[warm_up : warm_up + args.events]
                                       for m in (updated_ms, painted_ms, bare_ms))  # fmt: skip

    print(f"Draw pane, {name} on CPU, {args.events} mouse-move events, predictions on "
          f"{session.predictor.threads} torch thread, torch {torch.__version__}")  # fmt: skip
    rows = (("stroke event -> bars updated", updated_ms), ("stroke event -> painted", painted_ms),
            ("bare forward (baseline)", bare_ms))  # fmt: skip
    for name, ms in rows:
        p50, p95 = percentiles(ms)
        print(f"  {name:<30} p50 {p50:7.3f} ms   p95 {p95:7.3f} ms")
    up50, up95 = percentiles(updated_ms)
    bare50, bare95 = percentiles(bare_ms)
    print(f"  bars updated / bare forward: p50 ×{up50 / bare50:.2f}, p95 ×{up95 / bare95:.2f}")
    verdict = "meets" if up95 < TARGET_MS else "misses"
    print(f"  target p95 < {TARGET_MS:.0f} ms: {verdict} it ({up95:.2f} ms)")
    pane.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
