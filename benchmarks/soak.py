"""Soak test: train for ten minutes in the real window with every pane shown, watching memory.

Every dock is shown at once (the tabbed ones float beside the window), the run restarts when
it finishes, and the resident memory (from ``/proc/self/statm``) is sampled every 10 seconds.
Prints the samples, the memory after the first minute and at the end, and the growth between
them. Target: under 50 MB of growth after the first minute.

    .venv/bin/python benchmarks/soak.py [--minutes 10] [--template mlp-mnist]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from playground.app import create_window
from playground.core.teaching.templates import TEMPLATES

PAGE = os.sysconf("SC_PAGE_SIZE")


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--template", default="mlp-mnist")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = create_window(restore_layout=False)
    window.document.load_template(TEMPLATES[args.template])
    config = replace(window.document.config, epochs=1000)
    window.document.config = config
    window.training.panel.settings.set_config(config)
    window.resize(1400, 900)
    window.show()
    for dock in window.findChildren(type(window.curves_dock)):
        if window.tabifiedDockWidgets(dock) and dock is not window.curves_dock:
            dock.setFloating(True)  # shown beside the window instead of behind a tab
        dock.show()

    start = time.perf_counter()
    samples: list[tuple[float, float]] = []
    runs = [0]

    def sample() -> None:
        minutes = (time.perf_counter() - start) / 60
        samples.append((minutes, resident_mb()))
        print(f"{minutes:5.1f} min  {samples[-1][1]:7.1f} MB  runs {runs[0]}", flush=True)
        if minutes >= args.minutes:
            window.training.stop()
            window.document.undo_stack.setClean()
            window.close()
            app.quit()

    def restart(_result: object = None) -> None:
        if (time.perf_counter() - start) / 60 < args.minutes:
            runs[0] += 1
            QTimer.singleShot(100, window.training.train)

    window.training.runFinished.connect(restart)
    timer = QTimer(interval=10_000)
    timer.timeout.connect(sample)
    timer.start()
    restart()
    sample()
    app.exec()
    after_first = next(mb for minutes, mb in samples if minutes >= 1.0)
    growth = samples[-1][1] - after_first
    print(f"resident memory after the first minute {after_first:.1f} MB, at the end "
          f"{samples[-1][1]:.1f} MB: growth {growth:+.1f} MB (target < 50 MB), {runs[0]} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
