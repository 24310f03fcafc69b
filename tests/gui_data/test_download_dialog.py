"""Downloading through the chooser from a server on 127.0.0.1: progress, cancel, resume, offline.

The server sends tiny but valid IDX files a kilobyte at a time, so a cancel lands midway; their
MD5s are passed as the expected checksums (the real ones belong to the real files).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from data_helpers import open_chooser, select, slow_file_server, wait_idle
from PySide6.QtCore import Qt
from test_downloads import FileServer, checksums, closed_port, tiny_mnist

from playground.core.data.datasets import dataset_status
from playground.gui.data.catalog import status_words


@pytest.fixture
def mnist_server() -> Iterator[tuple[FileServer, dict[str, bytes]]]:
    files, _ = tiny_mnist()
    server = slow_file_server({f"mnist-full/{name}": data for name, data in files.items()})
    yield server, files
    server.close()


def test_a_download_survives_a_cancel_resumes_and_completes(qtbot, window, mnist_server) -> None:
    server, files = mnist_server
    chooser = open_chooser(qtbot, window)
    chooser.download_options = {"mirrors": [server.mirror], "md5s": checksums(files),
                                "chunk_size": 1024, "timeout": 5.0}
    select(qtbot, chooser, "mnist-full")
    assert not chooser.ok_button.isEnabled()  # nothing to train on yet
    assert "not on this computer" in chooser.preview.message.text()
    assert "without a network" in chooser.preview.message.text()
    assert chooser.download_button.isVisible()

    qtbot.mouseClick(chooser.download_button, Qt.MouseButton.LeftButton)
    dialog = chooser.download_dialog
    assert dialog is not None and dialog.isVisible() and dialog.running
    qtbot.waitUntil(lambda: dialog.progress.value() > 100, timeout=10_000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    assert "Cancelled" in dialog.status.text() and "resumes" in dialog.status.text()
    assert dialog.start_button.text() == "Resume" and dialog.start_button.isEnabled()
    assert dataset_status("mnist-full") == "needs-download"
    kept = dialog.progress.value()

    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.downloaded, timeout=20_000):
        pass
    resumed = [r for r in server.requests if r[1] is not None]
    assert resumed and resumed[0][1] != "bytes=0-"  # a Range request: it went on, not over
    assert dialog.progress.value() == dialog.progress.maximum() > kept
    assert "verified" in dialog.status.text()
    assert dataset_status("mnist-full") == "downloaded"

    # The chooser now says so, previews the downloaded images and lets the user pick them.
    wait_idle(qtbot, chooser)
    row = chooser.row_index("mnist-full")
    assert chooser.rows[row].where == status_words()["downloaded"]
    assert chooser.preview_data is not None and chooser.preview_data.name == "mnist-full"
    assert sum(chooser.preview_data.counts.values()) == 40
    assert not chooser.download_button.isVisible()
    dialog.close()
    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)
    assert window.document.spec.dataset == "mnist-full"


def test_offline_the_dialog_says_the_bundled_mnist_works(qtbot, window) -> None:
    chooser = open_chooser(qtbot, window)
    chooser.download_options = {"mirrors": [f"http://127.0.0.1:{closed_port()}/{{name}}/"],
                                "timeout": 5.0}
    select(qtbot, chooser, "fashion-mnist" if dataset_status("fashion-mnist") ==
           "needs-download" else "cifar10")
    dialog = chooser.open_download()
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    message = dialog.status.text()
    assert "internet" in message and "'mnist'" in message and "without a network" in message
    assert "Traceback" not in message
    assert dialog.start_button.text() == "Try Again" and dialog.start_button.isEnabled()
    assert not dialog.succeeded
    dialog.close()
    chooser.reject()
