"""The start-up probe the start-up benchmark uses: ``python -m playground`` reports and quits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from playground.app import STARTUP_PROBE, process_age, seconds_since_launch

ROOT = Path(__file__).resolve().parents[2]


def test_the_probe_prints_the_time_to_the_first_paint_and_quits(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           STARTUP_PROBE: repr(time.time())}
    started = time.time()
    result = subprocess.run([sys.executable, "-m", "playground"], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=120, check=False)
    took = time.time() - started
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("first paint ")]
    assert len(lines) == 1, result.stdout
    seconds = float(lines[0].split()[2])
    assert 0 < seconds <= took


def test_without_a_launch_time_the_process_age_is_used() -> None:
    age = process_age()
    assert 0 < age < 24 * 3600  # this test process started a moment ago, not at boot
    assert seconds_since_launch("not a time") >= age
    assert abs(seconds_since_launch(repr(time.time() - 2.0)) - 2.0) < 0.5
