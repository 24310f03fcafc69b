"""Latency of "Draw a digit" before any training, when the ready-trained network answers.

The same measurement as ``benchmarks/draw_latency.py`` (mouse-move events sent to a real
offscreen Draw pane, timed until the bars show the new probabilities), but the ``cnn-mnist``
network has no weights, so the shipped network of :mod:`playground.core.pretrained` answers
(the session of the main window's pane, ``ready_trained=True``). Target: p95 under 10 ms.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/draw_latency_ready.py [--events 600]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from draw_latency import TARGET_MS, mouse, percentiles, strokes
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtWidgets import QApplication


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=600, help="mouse-move events to time")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)

    from playground.core.templates import TEMPLATES
    from playground.gui.document import Document
    from playground.gui.draw.draw_pane import DrawPane
    from playground.gui.draw.session import LiveSession
    from playground.gui.training.worker import TrainingRunner

    document = Document()
    document.load_template(TEMPLATES["cnn-mnist"])
    session = LiveSession(document, TrainingRunner(), ready_trained=True)
    pane = DrawPane(session)
    pane.resize(1000, 320)
    pane.show()
    session.wait_for_data(120)
    deadline = time.perf_counter() + 60
    while not session.ready and time.perf_counter() < deadline:
        app.processEvents()
    if not session.using_ready_trained:
        print(f"The ready-trained network is not answering: {session.hint}")
        return 1
    pad, bars = pane.pad, pane.bars
    times: list[float] = []
    warm_up = 40
    while len(times) < args.events + warm_up:
        pad.clear()
        for stroke in strokes():
            first = pad.from_canvas(QPointF(*stroke[0]))
            QApplication.sendEvent(pad, mouse(QEvent.Type.MouseButtonPress, first,
                                              Qt.MouseButton.LeftButton))
            for x, y in stroke[1:]:
                before = bars.updates
                start = time.perf_counter()
                QApplication.sendEvent(pad, mouse(QEvent.Type.MouseMove,
                                                  pad.from_canvas(QPointF(x, y)),
                                                  Qt.MouseButton.LeftButton))
                while bars.updates == before:
                    app.processEvents()
                times.append((time.perf_counter() - start) * 1e3)
            last = pad.from_canvas(QPointF(*stroke[-1]))
            QApplication.sendEvent(pad, mouse(QEvent.Type.MouseButtonRelease, last,
                                              Qt.MouseButton.NoButton))
            app.processEvents()
    p50, p95 = percentiles(times[warm_up : warm_up + args.events])
    print(f"Draw pane, ready-trained network on CPU, {args.events} mouse-move events")
    print(f"  stroke event -> bars updated   p50 {p50:7.3f} ms   p95 {p95:7.3f} ms")
    verdict = "meets" if p95 < TARGET_MS else "misses"
    print(f"  target p95 < {TARGET_MS:.0f} ms: {verdict} it ({p95:.2f} ms)")
    pane.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
