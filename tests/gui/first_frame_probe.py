"""Shows a window on an X server and prints the colour of its inside before the app paints.

Run by ``test_first_frame.py`` under ``xvfb-run``: ``fill`` as the first argument fills the
native window's background first (as the app does for its main window), anything else not.
No event is processed between showing the window and reading the screen, so what is read is
what the X server shows until the app's first paint.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget


def main(mode: str, theme: str) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from playground.app import fill_native_background
    from playground.gui import looks
    from playground.gui.theme import theme_manager

    theme_manager(app, theme)
    window = QWidget()
    window.setGeometry(100, 100, 300, 200)
    filled = fill_native_background(window) if mode == "fill" else False
    window.show()  # the X server maps it; the app has not painted it yet
    shot = app.primaryScreen().grabWindow(0, 200, 150, 20, 20).toImage()
    print("PROBE " + json.dumps({
        "platform": app.platformName(), "filled": filled,
        "before_paint": QColor(shot.pixel(10, 10)).name(),
        "window_colour": QColor(looks.current().window).name()}), flush=True)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
