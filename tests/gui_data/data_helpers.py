"""Helpers the data GUI tests share: opening the chooser, waiting for previews, a slow server."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QApplication, QWidget

from playground.gui.data.chooser import DatasetChooser
from playground.gui.main_window import MainWindow

PIECE = 1024


def open_chooser(qtbot, window: MainWindow, action: str = "chooseDatasetAction") -> DatasetChooser:
    """Trigger a Data menu action and return the chooser it opened, once its preview is in."""
    window.actions_by_name[action].trigger()
    chooser = window.data_chooser
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


class SlowFileServer:
    """Serves files from 127.0.0.1 a kilobyte at a time (so a download can be cancelled midway)
    with HTTP Range support; records each request as (path, Range header)."""

    def __init__(self, files: dict[str, bytes], delay: float = 0.004) -> None:
        self.files = files
        self.requests: list[tuple[str, str | None]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.lstrip("/")
                requested = self.headers.get("Range")
                server.requests.append((path, requested))
                data = server.files.get(path)
                if data is None:
                    self.send_error(404)
                    return
                start = int(requested.removeprefix("bytes=").split("-")[0]) if requested else 0
                if requested:
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", str(len(data) - start))
                self.end_headers()
                try:
                    for at in range(start, len(data), PIECE):
                        self.wfile.write(data[at : at + PIECE])
                        self.wfile.flush()
                        time.sleep(delay)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client cancelled

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def mirror(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{{name}}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)
