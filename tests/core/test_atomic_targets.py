"""Atomic saves never replace what is not an ordinary file, and respect read-only files.

A rename replaces whatever sits at the destination: run as root, ``train --out /dev/full`` once
swapped the device for a zip file. These tests use real pipes, sockets and devices.
"""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from playground.core.errors import ProjectFileError, ReadOnlyFileError
from playground.core.files import atomic
from playground.core.files.atomic import atomic_write_bytes, check_can_write

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@needs_fifo
def test_a_fifo_is_refused_and_survives(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.nnp"
    os.mkfifo(fifo)
    with pytest.raises(ProjectFileError, match=r"named pipe .*not a regular file") as info:
        atomic_write_bytes(fifo, b"data")
    assert "Choose another file name" in str(info.value)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.nnp"]


def _make_device(path: Path) -> None:
    """A real character device like /dev/null, made in the test folder so the real one is safe."""
    if not hasattr(os, "mknod") or not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))


def test_a_device_is_refused_and_survives(tmp_path: Path) -> None:
    device = tmp_path / "null"
    _make_device(device)
    before = os.lstat(device)
    with pytest.raises(ProjectFileError, match="a device, not a regular file"):
        atomic_write_bytes(device, b"data")
    after = os.lstat(device)
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no unix sockets")
def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.nnp"
    with socket.socket(socket.AF_UNIX) as server:
        try:
            server.bind(str(path))
        except OSError:
            pytest.skip("cannot bind a unix socket here")
        with pytest.raises(ProjectFileError, match="a socket, not a regular file"):
            atomic_write_bytes(path, b"data")
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.nnp").mkdir()
    with pytest.raises(ProjectFileError, match="a folder with that name already exists"):
        check_can_write(tmp_path / "x.nnp")


@needs_fifo
def test_a_link_to_a_fifo_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "link.nnp").symlink_to(tmp_path / "pipe")
    with pytest.raises(ProjectFileError, match="named pipe"):
        atomic_write_bytes(tmp_path / "link.nnp", b"data")
    assert (tmp_path / "link.nnp").is_symlink()


@needs_fifo
def test_a_fifo_appearing_during_the_save_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked again right before the rename: something may have appeared since."""
    path = tmp_path / "work.nnp"
    real_fsync = os.fsync

    def fsync_then_pipe(fd: int) -> None:
        real_fsync(fd)
        if not path.exists():
            os.mkfifo(path)

    monkeypatch.setattr(atomic.os, "fsync", fsync_then_pipe)
    with pytest.raises(ProjectFileError, match="named pipe"):
        atomic_write_bytes(path, b"data")
    assert stat.S_ISFIFO(os.lstat(path).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["work.nnp"]


def test_a_read_only_file_is_refused_even_for_root(tmp_path: Path) -> None:
    path = tmp_path / "x.nnp"
    path.write_bytes(b"old")
    path.chmod(0o444)
    with pytest.raises(ReadOnlyFileError, match="the file is read-only") as info:
        atomic_write_bytes(path, b"new")
    assert "Save As" in str(info.value) and "make the file writable" in str(info.value)
    assert path.read_bytes() == b"old"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert [p.name for p in tmp_path.iterdir()] == ["x.nnp"]


def test_a_file_writable_by_its_group_only_is_not_read_only_for_root(tmp_path: Path) -> None:
    path = tmp_path / "x.nnp"
    path.write_bytes(b"old")
    path.chmod(0o464)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        atomic_write_bytes(path, b"new")
        assert path.read_bytes() == b"new"


def test_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ReadOnlyFileError, match="permission denied"):
            atomic_write_bytes(folder / "x.nnp", b"new")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_missing_folder_and_file_in_the_path(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match="the folder does not exist"):
        check_can_write(tmp_path / "nope" / "x.nnp")
    (tmp_path / "plain").write_text("x")
    with pytest.raises(ProjectFileError, match="part of the path is a file"):
        check_can_write(tmp_path / "plain" / "x.nnp")


def test_ordinary_new_and_existing_files_pass(tmp_path: Path) -> None:
    check_can_write(tmp_path / "new.nnp")
    (tmp_path / "old.nnp").write_bytes(b"old")
    check_can_write(tmp_path / "old.nnp")


def test_a_link_in_a_circle_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.nnp").symlink_to(tmp_path / "b.nnp")
    (tmp_path / "b.nnp").symlink_to(tmp_path / "a.nnp")
    with pytest.raises(ProjectFileError, match="a link that leads back to itself"):
        atomic_write_bytes(tmp_path / "a.nnp", b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.nnp", "b.nnp"]
