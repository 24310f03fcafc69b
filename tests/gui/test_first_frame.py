"""The main window's first frame is in the theme's colour, not black (X11).

Qt creates X11 windows with no background: from the moment the window manager maps the window
until the app has painted it (a few tenths of a second for the main window) its inside showed
black. ``fill_native_background`` gives the native window the theme's window colour, which
the X server paints at once. Measured on a real X server (Xvfb), where the test is skipped
when Xvfb is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from playground.app import fill_native_background

PROBE = Path(__file__).with_name("first_frame_probe.py")


def before_paint(mode: str, theme: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["QT_QPA_PLATFORM"] = "xcb"
    done = subprocess.run(["xvfb-run", "-a", sys.executable, str(PROBE), mode, theme],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("PROBE ")]
    assert lines, done.stdout + done.stderr
    return json.loads(lines[-1].removeprefix("PROBE "))


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs Xvfb (xvfb-run)")
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_before_its_first_paint_the_window_shows_the_theme_colour(theme) -> None:
    shown = before_paint("fill", theme)
    assert shown["platform"] == "xcb" and shown["filled"]
    assert shown["before_paint"] == shown["window_colour"]


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs Xvfb (xvfb-run)")
def test_without_a_background_the_unpainted_window_is_not_the_theme_colour() -> None:
    """What the test above measures is the X server's, not a paint by the app."""
    shown = before_paint("none", "light")
    assert shown["before_paint"] != shown["window_colour"]


def test_elsewhere_than_x11_nothing_is_done(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    assert not fill_native_background(widget)  # the tests' offscreen platform
