"""Helpers the data GUI tests share: opening the chooser, waiting for previews, a slow server."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QApplication, QWidget
from test_downloads import FileServer

from playground.gui.data.chooser import DatasetChooser
from playground.gui.main_window import MainWindow

PIECE = 1024


def open_chooser(qtbot, window: MainWindow, action: str = "chooseDatasetAction") -> DatasetChooser:
    """Trigger a Data menu action and return the chooser it opened, once its preview is in."""
    window.actions_by_name[action].trigger()
    chooser = window.features["data"].chooser
    assert chooser.isVisible()
    wait_idle(qtbot, chooser)
    return chooser


def wait_idle(qtbot, chooser: DatasetChooser, timeout: int = 20_000) -> None:
    qtbot.waitUntil(lambda: not chooser.loading, timeout=timeout)
    QApplication.processEvents()


def select(qtbot, chooser: DatasetChooser, name: str) -> None:
    chooser.select(name)
    wait_idle(qtbot, chooser)


def type_path(qtbot, edit: QWidget, path: Path) -> None:
    """Type a path into a line edit and press Enter, as a user pasting it would."""
    edit.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, str(path))
    qtbot.keyClick(edit, "\r")


def two_class_csv(path: Path, rows: int = 200, seed: int = 0) -> Path:
    """Two well separated blobs; features on very different scales; words as labels."""
    rng = np.random.default_rng(seed)
    lines = ["height_cm,weight_g,kind"]
    for i in range(rows):
        kind = "apple" if i % 2 else "melon"
        centre = (8.0, 150.0) if kind == "apple" else (20.0, 1500.0)
        h, w = rng.normal(centre, (1.5, 200.0))
        lines.append(f"{h:.2f},{w:.1f},{kind}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def slow_file_server(files: dict[str, bytes], delay: float = 0.004) -> FileServer:
    """The core tests' server sending a kilobyte at a time, so a download can be cancelled."""
    return FileServer(files, delay=delay)
