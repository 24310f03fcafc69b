"""``python -m playground snapshot``: render the real main window to a PNG without a display.

The README's pictures are made this way, so they always show the app as it is. The window is
built exactly as the app builds it, with the default layout (the user's saved layout and
recent files are neither read nor changed).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TextIO

from playground.core.teaching.templates import TEMPLATES

SIZE_PATTERN = re.compile(r"^\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*$")
MIN_SIZE, MAX_SIZE = 320, 8000


def parse_size(size: str) -> tuple[int, int] | None:
    match = SIZE_PATTERN.match(size)
    if not match:
        return None
    width, height = int(match.group(1)), int(match.group(2))
    if not (MIN_SIZE <= width <= MAX_SIZE and MIN_SIZE <= height <= MAX_SIZE):
        return None
    return width, height


def take_snapshot(
    out: Path, template: str | None, size: str, stream: TextIO, train_seconds: float = 0.0
) -> int:
    """Write a PNG of the main window (optionally with ``template`` open); 0 on success.

    With ``train_seconds``, training runs that long first and the picture shows it mid-run.
    """
    parsed = parse_size(size)
    if parsed is None:
        stream.write(
            f"error: --size must be WIDTHxHEIGHT between {MIN_SIZE} and {MAX_SIZE} pixels, "
            f"like 1400x900, not {size!r}.\n"
        )
        return 2
    if template is not None and template not in TEMPLATES:
        stream.write(f"error: unknown template {template!r}; choose from {', '.join(TEMPLATES)}.\n")
        return 2
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from playground.app import create_window

    app = QApplication.instance() or QApplication([sys.argv[0]])
    window = create_window(restore_layout=False)
    if template is not None:
        window.document.load_template(TEMPLATES[template])
        window.document.select(0)  # show the inspector's form, not an empty panel
    window.editor.input_block.dataset_combo.ensure_populated()  # show the dataset's full title
    window.resize(*parsed)
    window.show()
    for _ in range(3):
        app.processEvents()
    if train_seconds > 0:
        _train_for(window, app, train_seconds)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(out), "PNG")
    window.document.undo_stack.setClean()
    window.training.shutdown()
    window.hide()
    window.deleteLater()
    app.processEvents()
    if not ok:
        stream.write(f"error: could not write {out}.\n")
        return 1
    stream.write(f"Wrote {out} ({parsed[0]}x{parsed[1]}).\n")
    return 0


def _train_for(window: object, app: object, seconds: float) -> None:
    """Start training and keep the event loop turning for ``seconds`` (plots update live)."""
    import time

    training = window.training  # type: ignore[attr-defined]
    progressed: list[object] = []
    training.runner.progress.connect(progressed.append)
    training.train()
    # Loading torch and the data comes first; the clock starts with the first batch.
    deadline = time.monotonic() + 120
    while not progressed and training.runner.running and time.monotonic() < deadline:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)
    training.pause()
    for _ in range(20):
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)
    training.curves.redraw()
