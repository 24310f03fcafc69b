"""A failed export leaves the folder as it was: no truncated data.npz, train.py or model.onnx.

The disk is made full at the second file, whichever way a file is written (a plain write or the
fsync of an atomic one), and the folder is then compared with what was there before.
"""

from __future__ import annotations

import errno
import os
import pathlib
from pathlib import Path
from typing import Any

import pytest
import torch

from playground.core.export.formats import ExportError, export
from playground.core.files import atomic
from playground.core.network.build import build_model
from playground.core.teaching.templates import TEMPLATES

MLP = TEMPLATES["mlp-mnist"]
FULL = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def disk_full_at_second_file(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The first file is written; the second one fills the disk half way."""
    files: list[str] = []
    real_write_bytes = pathlib.Path.write_bytes
    real_fsync = os.fsync

    def write_bytes(self: Path, data: Any) -> int:
        files.append(self.name)
        if len(files) >= 2:
            real_write_bytes(self, bytes(data)[: len(data) // 2])
            raise FULL
        return real_write_bytes(self, data)

    def fsync(fd: int) -> None:
        if os.path.isdir(f"/proc/self/fd/{fd}"):  # a folder's fsync writes nothing
            return real_fsync(fd)
        files.append(str(fd))
        if len(files) >= 2:
            raise FULL
        return real_fsync(fd)

    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)
    monkeypatch.setattr(atomic.os, "fsync", fsync)
    return files


def test_a_full_disk_leaves_no_new_file_and_keeps_the_old_ones(
    tmp_path: Path, disk_full_at_second_file: list[str]
) -> None:
    out = tmp_path / "export"
    out.mkdir()
    for name, data in (("notes.txt", b"the student's notes"), ("train.py", b"# older export")):
        with open(out / name, "wb") as stream:  # not through the full disk
            stream.write(data)
    before = contents(out)
    weights = build_model(MLP.spec).state_dict()
    with pytest.raises(ExportError, match=r"disk is full|No space left"):
        export(MLP.spec, MLP.config, out, "pytorch", weights=weights, with_weights=True)
    assert len(disk_full_at_second_file) >= 2
    assert contents(out) == before


def test_a_full_disk_in_a_new_folder_leaves_no_folder(
    tmp_path: Path, disk_full_at_second_file: list[str]
) -> None:
    toy = TEMPLATES["toy-spiral"]  # data.npz, initial.safetensors and train.py
    with pytest.raises(ExportError):
        export(toy.spec, toy.config, tmp_path / "new" / "export", "pytorch",
               weights=build_model(toy.spec).state_dict(), with_weights=True)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_onnx_export_leaves_no_partial_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_then_full(model: Any, args: Any, f: Any, **kwargs: Any) -> None:
        Path(f).write_bytes(b"\x08\x07 half an onnx model")
        raise FULL

    monkeypatch.setattr(torch.onnx, "export", half_then_full)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportError, match=r"No space left|disk is full"):
        export(MLP.spec, MLP.config, out, "onnx")
    assert list(out.iterdir()) == []


def test_the_whole_export_lands_when_nothing_fails(tmp_path: Path) -> None:
    weights = build_model(MLP.spec).state_dict()
    written = export(MLP.spec, MLP.config, tmp_path, "pytorch", weights=weights,
                     with_weights=True)
    assert sorted(p.name for p in written) == ["data.npz", "initial.safetensors", "train.py"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)
    assert all(p.stat().st_size > 0 for p in written)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_an_export_refuses_a_pipe_in_the_way(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "summary.txt")
    with pytest.raises(ExportError, match="named pipe"):
        export(MLP.spec, MLP.config, tmp_path, "summary")
    assert [p.name for p in tmp_path.iterdir()] == ["summary.txt"]


def test_the_files_are_reported_as_the_caller_named_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert export(MLP.spec, MLP.config, "out", "summary") == [Path("out") / "summary.txt"]
