"""Help ▸ Open Log Folder: the folder of the log file opens in the file manager, or the user is
told why not; and the message of a failed run, which names that file, reads in Spanish."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from playground.core import logs
from playground.core.training import loop
from playground.gui import log_folder


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """The URLs handed to the desktop, which answers that it opened them."""
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


@pytest.fixture(autouse=True)
def _no_log_left(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    logs.close_logging()
    yield
    logs.close_logging()


def close_the_warning(seen: list[str]) -> None:
    """Read the modal warning once it shows, then close it as a user would."""
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    seen.append(f"{box.windowTitle()}: {box.text()}")
    box.accept()


def test_the_folder_of_the_log_being_written_is_opened(
    qtbot, tmp_path: Path, opened: list[QUrl]
) -> None:
    path = logs.setup_logging(tmp_path / "logs")
    assert path is not None
    parent = QWidget()
    qtbot.addWidget(parent)
    assert log_folder.open_log_folder(parent)
    assert [url.toLocalFile() for url in opened] == [str(tmp_path / "logs")]
    assert opened[0].scheme() == "file"


def test_the_folder_is_created_before_anything_was_logged(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[QUrl]
) -> None:
    folder = tmp_path / "not" / "yet"
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(folder))
    assert log_folder.open_log_folder(None)
    assert folder.is_dir()
    assert [url.toLocalFile() for url in opened] == [str(folder)]


def test_a_folder_that_cannot_be_created_is_explained(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[QUrl]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(blocker / "logs"))
    seen: list[str] = []
    QTimer.singleShot(0, lambda: close_the_warning(seen))
    assert not log_folder.open_log_folder(None)
    assert opened == []
    assert seen == [f"Open Log Folder: The log folder {blocker}/logs could not be created "
                    "(Not a directory)."]


def test_a_desktop_that_cannot_show_the_folder_is_explained(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    logs.setup_logging(tmp_path)
    seen: list[str] = []
    QTimer.singleShot(0, lambda: close_the_warning(seen))
    assert not log_folder.open_log_folder(None)
    assert seen == [f"Open Log Folder: No file manager could show the log folder. It is "
                    f"{tmp_path}"]


@pytest.mark.parametrize("to_file", [True, False])
def test_a_failed_run_s_suggestion_reads_in_spanish_with_the_file_kept(
        to_file: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # The training panel shows a failed run's suggestion in the interface language.
    path = "/home/ana/.local/state/nn-playground/log/nn-playground.log"
    monkeypatch.setattr(loop, "writing_to_file", lambda: to_file)
    monkeypatch.setattr(loop, "log_file", lambda: path)
    suggestion = loop.details_suggestion()
    spanish = suggestion.render("es")
    start = "Revisa la red y los ajustes de entrenamiento; los detalles están en "
    if to_file:
        assert spanish == f"{start}el registro: {path}."
        assert str(suggestion).endswith(f"details are in the log: {path}.")
    else:
        assert spanish == f"{start}la salida de errores (stderr)."
