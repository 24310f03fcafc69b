"""Autosave files: where they live, how a leftover of an ended process is found and claimed, and
what a full disk or a read-only folder does."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import torch

from playground.core.errors import ProjectFileError
from playground.core.files import autosave
from playground.core.files.autosave import AutosaveSession, autosave_root, find_leftovers
from playground.core.files.project import Project, load_project
from playground.core.network.build import build_model
from playground.core.teaching.templates import TEMPLATES

ROOT = Path(__file__).resolve().parents[2]
SPIRAL = TEMPLATES["toy-spiral"]


def spiral_project(units: int = 16) -> Project:
    spec = SPIRAL.spec.replace_layer(0, SPIRAL.spec.layers[0].with_params(units=units))
    weights = {k: v.clone() for k, v in build_model(spec, seed=3).state_dict().items()}
    history = [{"status": "completed", "history": {"train_loss": [0.7, 0.25, 1 / 3]}}]
    return Project(spec=spec, training=SPIRAL.config, dataset_options=dict(
        SPIRAL.dataset_options), history=history, weights=weights, name=spec.name)


def abandon(session: AutosaveSession) -> Path:
    """What the death of the owning process does: the OS drops the lock, the files stay."""
    folder = session.folder
    assert folder is not None
    os.close(session._fd)  # type: ignore[arg-type]
    session.folder, session._fd = None, None
    return folder


def same_weights(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def test_the_folder_follows_the_data_folder_variable(_private_data_root: Path) -> None:
    assert autosave_root() == _private_data_root / "autosave"


def test_a_live_session_is_not_a_leftover_and_a_clean_exit_removes_it() -> None:
    session = AutosaveSession()
    assert not session.has_autosave()
    written = session.save(spiral_project(), Path("/home/student/spiral.nnp"))
    assert written.is_file() and session.has_autosave()
    assert find_leftovers() == []  # this process holds the lock
    marker = json.loads((written.parent / "autosave.json").read_text())
    assert marker["pid"] == os.getpid()
    assert marker["original_path"] == "/home/student/spiral.nnp"
    assert abs(marker["saved_at"] - time.time()) < 60
    folder = session.folder
    session.close()
    assert folder is not None and not folder.exists()
    assert find_leftovers() == []


def test_the_autosave_of_an_ended_process_is_found_and_loads_exactly() -> None:
    code = textwrap.dedent("""
        import os, sys
        sys.path.insert(0, sys.argv[1])
        from tests.core.test_autosave import spiral_project
        from playground.core.files.autosave import AutosaveSession
        AutosaveSession().save(spiral_project(units=7), None)
        os._exit(0)  # no clean-up, like a crash
    """)
    subprocess.run([sys.executable, "-c", code, str(ROOT)], check=True, timeout=120, cwd=ROOT)
    leftovers = find_leftovers()
    assert len(leftovers) == 1
    leftover = leftovers[0]
    try:
        assert leftover.pid != os.getpid() and leftover.original_path is None
        project = leftover.load()
        expected = spiral_project(units=7)
        assert project.spec == expected.spec and project.history == expected.history
        assert project.weights is not None and expected.weights is not None
        assert same_weights(project.weights, expected.weights)
        assert find_leftovers() == []  # claimed: a second instance does not offer it too
    finally:
        leftover.release()
    again = find_leftovers()
    assert [item.folder for item in again] == [leftover.folder]
    again[0].discard()
    assert not leftover.folder.exists() and find_leftovers() == []


def test_leftovers_come_newest_first_and_survive_a_damaged_marker() -> None:
    older, newer = AutosaveSession(), AutosaveSession()
    older.save(spiral_project(units=4))
    newer.save(spiral_project(units=5))
    old_folder, new_folder = abandon(older), abandon(newer)
    # An hour between the two saves, set on the files rather than waited for.
    then = (new_folder / "project.nnp").stat().st_mtime - 3600
    os.utime(old_folder / "project.nnp", (then, then))
    (old_folder / "autosave.json").write_text("{not json")
    found = find_leftovers()
    try:
        assert [item.folder for item in found] == [new_folder, old_folder]
        assert found[1].saved_at == pytest.approx((old_folder / "project.nnp").stat().st_mtime)
        assert found[1].load().spec.layers[0].params["units"] == 4
    finally:
        for item in found:
            item.release()


def test_adopting_a_restored_leftover_moves_it_into_this_session() -> None:
    crashed = AutosaveSession()
    crashed.save(spiral_project(units=9), Path("/tmp/lesson.nnp"))
    folder = abandon(crashed)
    [leftover] = find_leftovers()
    mine = AutosaveSession()
    mine.adopt(leftover)
    assert not folder.exists()
    assert mine.project_file is not None
    assert load_project(mine.project_file).spec.layers[0].params["units"] == 9
    marker = json.loads((mine.project_file.parent / "autosave.json").read_text())
    assert marker["original_path"] == "/tmp/lesson.nnp"
    assert find_leftovers() == []
    mine.close()


def test_clearing_keeps_the_slot_but_leaves_nothing_to_restore() -> None:
    session = AutosaveSession()
    session.save(spiral_project())
    session.clear()
    assert not session.has_autosave()
    abandon(session)
    assert find_leftovers() == []


def test_empty_folders_of_ended_processes_are_cleaned_once_old(monkeypatch) -> None:
    session = AutosaveSession()
    session.save(spiral_project())
    session.clear()
    young = abandon(session)
    assert find_leftovers() == [] and young.exists()  # may be a session being created
    monkeypatch.setattr(autosave, "STALE_AFTER_SECONDS", -1.0)
    assert find_leftovers() == [] and not young.exists()


def test_a_full_disk_raises_a_clear_error_and_keeps_the_previous_autosave(monkeypatch) -> None:
    session = AutosaveSession()
    session.save(spiral_project(units=3))

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ProjectFileError, match="disk is full"):
        session.save(spiral_project(units=30))
    monkeypatch.undo()
    assert session.project_file is not None
    assert load_project(session.project_file).spec.layers[0].params["units"] == 3
    assert sorted(p.name for p in session.project_file.parent.iterdir()) == [
        "autosave.json", "lock", "project.nnp"]  # no temporary file left behind
    session.close()


def test_a_read_only_folder_raises_a_clear_error(monkeypatch, tmp_path: Path) -> None:
    def read_only(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    session = AutosaveSession(tmp_path / "autosave")
    with pytest.raises(ProjectFileError, match="read-only"):
        session.save(spiral_project())
    assert not session.has_autosave() and session.folder is None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores modes")
def test_a_folder_without_write_permission(tmp_path: Path) -> None:
    root = tmp_path / "autosave"
    root.mkdir()
    root.chmod(0o500)
    try:
        with pytest.raises(ProjectFileError, match="read-only"):
            AutosaveSession(root).save(spiral_project())
    finally:
        root.chmod(0o700)


def test_without_file_locks_the_pid_decides(monkeypatch) -> None:
    session = AutosaveSession()
    session.save(spiral_project())
    folder = abandon(session)

    def no_locks(_fd: int) -> bool:
        raise autosave._LocksUnsupported

    monkeypatch.setattr(autosave, "_try_lock", no_locks)
    assert find_leftovers() == []  # the pid in the lock file is this live process
    (folder / "lock").write_text("999999999")  # no such process
    [leftover] = find_leftovers()
    assert leftover.folder == folder
    leftover.discard()


def test_the_marker_is_written_once_and_a_leftover_dates_from_its_newest_save() -> None:
    session = AutosaveSession()
    session.save(spiral_project(units=4), Path("/tmp/a.nnp"))
    marker = session.folder / "autosave.json"  # type: ignore[operator]
    first = marker.stat().st_mtime_ns - 3_600 * 10**9  # an hour ago, whatever the clock's grain
    os.utime(marker, ns=(first, first))
    written = session.save(spiral_project(units=5), Path("/tmp/a.nnp"))
    assert marker.stat().st_mtime_ns == first  # the same origin: only the project is written
    folder = abandon(session)
    [leftover] = find_leftovers()
    try:
        assert leftover.saved_at == pytest.approx(written.stat().st_mtime)
        assert leftover.original_path == Path("/tmp/a.nnp")
        assert leftover.load().spec.layers[0].params["units"] == 5
    finally:
        leftover.release()
    assert folder.exists()


def test_a_leftover_whose_weights_do_not_fit_its_network_is_refused() -> None:
    """Crash recovery reads with the same checks as opening a file: weights that belong to
    another network are refused before anything is restored, and the message says where."""
    session = AutosaveSession()
    wrong = spiral_project(units=16)
    wrong.weights = spiral_project(units=9).weights  # a checkpoint of another network
    session.save(wrong)
    abandon(session)
    leftover = find_leftovers()[0]
    try:
        with pytest.raises(ProjectFileError, match=r"The weights do not fit layer 1 \(Dense\): "
                           r"tensor 'layers\.0\.0\.weight' has shape \(9, 2\), but the layer "
                           r"needs \(16, 2\)\.") as info:
            leftover.load()
        assert str(info.value).startswith("Cannot open 'project.nnp'. ")
    finally:
        leftover.discard()


@pytest.mark.parametrize(("code", "words"), [
    (errno.ENOSPC, "the disk is full. Free some space on it."),
    (errno.EACCES, "the folder is read-only. Ask for write access to it."),
    (errno.EPERM, "the folder is read-only. Ask for write access to it."),
    (errno.EROFS, "the folder is read-only. Ask for write access to it."),
    (errno.ENAMETOOLONG, "the file name is too long."),
    (errno.EIO, "Input/output error."),
])
def test_autosave_errors_are_told_from_the_one_table(code: int, words: str) -> None:
    message = str(autosave._explain(Path("/data/autosave"), OSError(code, os.strerror(code))))
    assert message == f"Cannot autosave into '/data/autosave': {words}"
