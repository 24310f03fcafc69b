"""Time from launching ``python -m playground`` to its main window's first paint.

The target is under 1.0 s. Each launch is a fresh process (nothing cached in memory but what
the operating system keeps), started with the launch time in ``NN_PLAYGROUND_STARTUP_PROBE``:
the app prints the seconds to its first paint and quits. The baseline, measured the same way
in the same run, is an empty QMainWindow holding one pyqtgraph plot: the least any PySide6 +
pyqtgraph window costs on this machine, so the ratio shows what the app adds. Settings go to
a temporary folder, so the launch is a first start and the user's settings are not touched.

    .venv/bin/python benchmarks/startup.py [--runs 7] [--imports]

``--imports`` also lists the slowest imports of one launch (``python -X importtime``), the
place to look when the figure grows.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 1.0
PROBE = "NN_PLAYGROUND_STARTUP_PROBE"

BASELINE = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
import pyqtgraph as pg

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(pg.PlotWidget())
window.resize(1400, 900)

class FirstPaint(QObject):
    seen = False
    def eventFilter(self, watched, event):
        if (event.type() == QEvent.Type.Paint and not self.seen and watched.isWidgetType()
                and watched.window() is window):
            self.seen = True
            print(f"first paint {time.time() - float(os.environ['PROBE_NAME']):.3f} s", flush=True)
            QTimer.singleShot(0, app.quit)
        return False

probe = FirstPaint()
app.installEventFilter(probe)
window.show()
app.exec()
""".replace("PROBE_NAME", PROBE)


def launch(command: list[str], env: dict[str, str]) -> float:
    """Run ``command`` once; the seconds it reports from launch to first paint."""
    env = {**env, PROBE: repr(time.time())}
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT,
                            timeout=60, check=False)
    for line in result.stdout.splitlines():
        if line.startswith("first paint "):
            return float(line.split()[2])
    raise RuntimeError(f"{' '.join(command)} printed no time (exit {result.returncode}):\n"
                       f"{result.stdout}{result.stderr}")


def slowest_imports(env: dict[str, str], count: int = 15) -> list[tuple[float, str]]:
    """The imports with the largest cumulative time (their own imports included) in one launch;
    a module imported by another appears under both."""
    env = {**env, PROBE: repr(time.time())}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "playground"],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
                            check=False)
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self, cumulative, name = line[12:].split("|")
        rows.append((int(cumulative) / 1e6, name.strip()))
    return sorted(rows, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="launches of each (default 7)")
    parser.add_argument("--imports", action="store_true", help="list the slowest imports")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "XDG_CONFIG_HOME": home, "NN_PLAYGROUND_DATA": home}
        app = [sys.executable, "-m", "playground"]
        baseline = [sys.executable, "-c", BASELINE]
        launch(app, env)  # the first launch warms the disk cache for both
        app_times, base_times = [], []
        for _ in range(args.runs):  # interleaved, so machine noise hits both alike
            base_times.append(launch(baseline, env))
            app_times.append(launch(app, env))
        app_median, base_median = statistics.median(app_times), statistics.median(base_times)
        print(f"empty PySide6 + pyqtgraph window  median {base_median:.3f} s   "
              f"(min {min(base_times):.3f}, max {max(base_times):.3f}, {args.runs} runs)")
        print(f"Neural Network Playground         median {app_median:.3f} s   "
              f"(min {min(app_times):.3f}, max {max(app_times):.3f}, {args.runs} runs)")
        verdict = "meets" if app_median < TARGET_SECONDS else "misses"
        print(f"app / baseline {app_median / base_median:.2f}×; "
              f"{verdict} the {TARGET_SECONDS:.1f} s target")
        if args.imports:
            print("\nslowest imports of one launch (cumulative seconds):")
            for seconds, name in slowest_imports(env):
                print(f"  {seconds:6.3f}  {name}")


if __name__ == "__main__":
    main()
