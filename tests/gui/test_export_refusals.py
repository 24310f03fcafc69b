"""File ▸ Export never replaces a pipe, a device or a read-only file with the exported file.

A rename would replace whatever sits at the chosen name; the export is refused with the reason
instead, and what was there stays as it was.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from playground.core.network.build import build_model
from playground.core.teaching.templates import TEMPLATES
from playground.gui.main_window import MainWindow

SPIRAL = TEMPLATES["toy-spiral"]


@pytest.fixture
def trained(window: MainWindow) -> MainWindow:
    doc = window.document
    doc.load_template(SPIRAL)
    doc.weights, doc.weights_spec = dict(build_model(SPIRAL.spec, seed=0).state_dict()), doc.spec
    return window


def export_weights_to(qtbot, window: MainWindow, answers, path: Path) -> str:
    actions = window.features["export"]
    actions.refresh()
    answers.save_path = str(path)
    with qtbot.waitSignal(actions.exportFailed, timeout=60_000) as blocker:
        actions.actions["exportWeightsAction"].trigger()
    qtbot.waitUntil(lambda: not actions.busy, timeout=10_000)
    return blocker.args[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_exporting_onto_a_pipe_is_refused(qtbot, trained, answers, tmp_path: Path) -> None:
    pipe = tmp_path / "w.safetensors"
    os.mkfifo(pipe)
    message = export_weights_to(qtbot, trained, answers, pipe)
    assert "named pipe" in message
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["w.safetensors"]


def test_exporting_onto_a_read_only_file_is_refused(qtbot, trained, answers,
                                                    tmp_path: Path) -> None:
    locked = tmp_path / "w.safetensors"
    locked.write_bytes(b"earlier weights")
    locked.chmod(0o444)
    message = export_weights_to(qtbot, trained, answers, locked)
    assert "read-only" in message
    assert locked.read_bytes() == b"earlier weights"
    assert [p.name for p in tmp_path.iterdir()] == ["w.safetensors"]


def test_exporting_the_description_over_a_read_only_file_is_refused(window, answers,
                                                                      tmp_path: Path) -> None:
    locked = tmp_path / "net.json"
    locked.write_text("{}")
    locked.chmod(0o444)
    answers.save_path = str(locked)
    assert not window.export_text("json")
    assert len(answers.errors) == 1 and "read-only" in answers.errors[0]
    assert locked.read_text() == "{}"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_exporting_the_summary_onto_a_pipe_is_refused(window, answers, tmp_path: Path) -> None:
    """Writing into a pipe nobody reads would freeze the window; it is refused instead."""
    pipe = tmp_path / "net.txt"
    os.mkfifo(pipe)
    answers.save_path = str(pipe)
    assert not window.export_text("summary")
    assert len(answers.errors) == 1 and "named pipe" in answers.errors[0]
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


def test_the_picture_is_written_whole_and_never_over_a_read_only_file(window, answers,
                                                                      tmp_path: Path) -> None:
    answers.save_path = str(tmp_path / "network.png")
    assert window.export_picture()
    assert (tmp_path / "network.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "network.png").chmod(0o444)
    before = (tmp_path / "network.png").read_bytes()
    assert not window.export_picture()
    assert "read-only" in answers.errors[-1]
    assert (tmp_path / "network.png").read_bytes() == before
