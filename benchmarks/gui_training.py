"""What the GUI costs while training, measured in one process.

1. Throughput: the same template trained through the real main window (offscreen, curves live,
   worker thread, signals) and through the bare engine in a thread configured as the worker
   is (one core left free), alternating; prints samples per second for both and the ratio, and
   for reference the engine on the main thread as the command line runs it.
2. Responsiveness: while ``cnn-mnist`` trains in the window, a timer asks to fire every 10 ms;
   how late it fires is how long the event loop stalled. Prints p50, p99 and the maximum.

With ``--inside TAB`` the Inside dock is shown on that tab during the GUI runs (0 filters,
1 feature maps, 2 weight images, 3 health, 4 boundary, 5 confusion; ``all`` cycles through
every tab, one per repeat), to measure what the visualisations cost.

    .venv/bin/python benchmarks/gui_training.py [--template mlp-mnist] [--epochs 10] [--repeats 3]
        [--inside all]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import threading
import time
from dataclasses import replace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from playground.app import create_window
from playground.core.data.datasets import load_dataset
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.loop import Trainer
from playground.gui.main_window import MainWindow

SETTLE_SECONDS = 1.5


def open_window(template: str, epochs: int) -> MainWindow:
    window = create_window(restore_layout=False)
    window.document.load_template(TEMPLATES[template])
    config = replace(window.document.config, epochs=epochs)
    window.document.config = config
    window.training.panel.settings.set_config(config)
    window.resize(1400, 900)
    window.show()
    settle(SETTLE_SECONDS)
    return window


def settle(seconds: float) -> None:
    """Let the new window finish its start-up work (first paints, the device search) before a
    run starts, as it has when a user clicks Train; otherwise that work is counted as the cost
    of training in the window."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def close_window(window: MainWindow) -> None:
    window.document.undo_stack.setClean()
    window.training.shutdown()
    window.hide()
    window.deleteLater()
    # Delete the window now and collect its cycles here, on the GUI thread: left to the
    # automatic collector they may be destroyed on the next run's training thread.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def gui_run(app: QApplication, template: str, epochs: int,
            probe_ms: int | None = None, inside_tab: int | None = None
            ) -> tuple[float, list[float]]:
    """Train once through the window; (samples per second, event-loop delays in ms)."""
    window = open_window(template, epochs)
    if inside_tab is not None:
        def show_inside(_event: object) -> None:
            # The window raises the curves when a run starts.
            window.features["inside"].dock.raise_()
            window.features["inside"].pane.tabs.setCurrentIndex(inside_tab)

        window.training.runner.started.connect(show_inside)
    results: list[object] = []
    loop = QEventLoop()
    window.training.runFinished.connect(results.append)
    window.training.runFinished.connect(lambda _r: loop.quit())
    window.training.runner.failed.connect(lambda _e: loop.quit())
    delays: list[float] = []
    probe = None
    if probe_ms:
        clock = QElapsedTimer()
        probe = QTimer(interval=probe_ms)

        def tick() -> None:
            if clock.isValid():
                delays.append(max(0.0, clock.nsecsElapsed() / 1e6 - probe_ms))
            clock.start()

        probe.timeout.connect(tick)
        window.training.runner.started.connect(lambda _e: probe.start())
    window.training.train()
    loop.exec()
    if probe is not None:
        probe.stop()
    close_window(window)
    app.processEvents()
    if not results:
        raise SystemExit("the GUI run failed")
    return results[0].samples_per_second, delays  # type: ignore[attr-defined]


def bare_run(template: str, epochs: int, data, in_thread: bool = True) -> float:
    """The engine alone. ``in_thread``: as the window's worker runs it (a secondary thread,
    one core left free), so the ratio shows what the window itself costs; else on the main
    thread with PyTorch's default threads, as the command line runs it."""
    t = TEMPLATES[template]
    config = replace(t.config, epochs=epochs)
    if not in_thread:
        return Trainer(t.spec, config, data).run().samples_per_second
    threads = max(1, (os.cpu_count() or 2) - 1)
    out: list[float] = []
    thread = threading.Thread(target=lambda: out.append(
        Trainer(t.spec, config, data, cpu_threads=threads).run().samples_per_second))
    thread.start()
    thread.join()
    return out[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", default="mlp-mnist")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--stall-epochs", type=int, default=2)
    parser.add_argument("--inside", default=None,
                        help="show the Inside dock on this tab (0-5) or cycle through 'all'")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    t = TEMPLATES[args.template]
    data = load_dataset(t.dataset, preprocessing=t.config.preprocessing)

    gui, bare = [], []
    bare_run(args.template, 1, data)  # warm-up
    command_line = []
    for r in range(args.repeats):
        bare.append(bare_run(args.template, args.epochs, data))
        command_line.append(bare_run(args.template, args.epochs, data, in_thread=False))
        tab = None if args.inside is None else (r % 6 if args.inside == "all"
                                                 else int(args.inside))
        gui.append(gui_run(app, args.template, args.epochs, inside_tab=tab)[0])
        shown = "" if tab is None else f" (Inside tab {tab})"
        print(f"  run {r + 1}: bare {bare[-1]:,.0f} samples/s, GUI {gui[-1]:,.0f} samples/s"
              f"{shown}", flush=True)
    g, b = statistics.median(gui), statistics.median(bare)
    print(f"{args.template}, {args.epochs} epochs: bare engine {b:,.0f} samples/s, "
          f"through the GUI {g:,.0f} samples/s")
    print(f"GUI throughput cost: {100 * (1 - g / b):+.1f}% (ratio {g / b:.3f})")
    print(f"for reference, the engine on the main thread (as the command line runs it): "
          f"{statistics.median(command_line):,.0f} samples/s")

    start = time.perf_counter()
    _, delays = gui_run(app, "cnn-mnist", args.stall_epochs, probe_ms=10)
    delays.sort()
    p = lambda q: delays[min(len(delays) - 1, int(q * len(delays)))]  # noqa: E731
    print(f"event loop while training cnn-mnist ({time.perf_counter() - start:.0f} s, "
          f"{len(delays)} probes every 10 ms): stall p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, "
          f"max {delays[-1]:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
