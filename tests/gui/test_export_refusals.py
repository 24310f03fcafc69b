"""File ▸ Export never replaces a pipe, a device or a read-only file with the exported file.

A rename would replace whatever sits at the chosen name; the export is refused with the reason
instead, and what was there stays as it was.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import torch

from playground.core.build import build_model
from playground.core.templates import TEMPLATES
from playground.gui.export_dialog import install
from playground.gui.main_window import MainWindow

SPIRAL = TEMPLATES["toy-spiral"]


@pytest.fixture
def trained(window: MainWindow) -> MainWindow:
    doc = window.document
    doc.load_template(SPIRAL)
    torch.manual_seed(0)
    doc.weights, doc.weights_spec = dict(build_model(SPIRAL.spec).state_dict()), doc.spec
    return window


def export_weights_to(qtbot, window: MainWindow, answers, path: Path) -> str:
    actions = install(window)
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
