"""The application's log: where it goes, how it rotates, and that it never stops a program."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest

from playground.core import logs


@pytest.fixture(autouse=True)
def _fresh_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with no log set up and leaves none behind."""
    logs.close_logging()
    monkeypatch.delenv(logs.LOG_DIR_ENV, raising=False)
    yield
    logs.close_logging()


def our_handlers() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if h.get_name() == logs.HANDLER_NAME]


def test_the_log_is_written_in_the_folder_the_environment_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "new" / "logs"  # created on demand, parents too
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(folder))
    assert logs.log_folder() == folder
    path = logs.setup_logging()
    assert path == folder / "nn-playground.log" == logs.log_file()
    assert logs.writing_to_file()
    assert logs.details_location() == f"the log: {path}"
    logging.getLogger("playground.core.something").info("a record from the core")
    logging.getLogger("torch").info("a library's chatter stays out")
    text = path.read_text(encoding="utf-8")
    assert "started: Python" in text  # the first line says which program and version
    assert "INFO    playground.core.something [MainThread] a record from the core" in text
    assert "chatter" not in text


def test_setting_up_twice_keeps_one_handler_and_another_folder_moves_the_log(
    tmp_path: Path,
) -> None:
    first = logs.setup_logging(tmp_path / "a")
    assert logs.setup_logging(tmp_path / "a") == first
    assert len(our_handlers()) == 1
    second = logs.setup_logging(tmp_path / "b")
    assert second == tmp_path / "b" / "nn-playground.log"
    assert len(our_handlers()) == 1
    logging.getLogger("playground").warning("only in b")
    assert "only in b" in second.read_text(encoding="utf-8")
    assert first is not None and "only in b" not in first.read_text(encoding="utf-8")


def test_a_full_file_is_rotated_and_only_the_newest_old_files_are_kept(tmp_path: Path) -> None:
    path = logs.setup_logging(tmp_path, max_bytes=2_000, backups=2)
    assert path is not None
    log = logging.getLogger("playground.rotation")
    for i in range(200):
        log.info("record %03d %s", i, "x" * 60)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["nn-playground.log", "nn-playground.log.1", "nn-playground.log.2"]
    assert all(p.stat().st_size <= 2_000 for p in tmp_path.iterdir())
    assert "record 199" in path.read_text(encoding="utf-8")  # the newest is in the live file
    kept = "".join(p.read_text(encoding="utf-8") for p in tmp_path.iterdir())
    assert "record 000" not in kept  # the oldest went with the third rotation


def test_the_log_is_utf8_whatever_the_locale(tmp_path: Path) -> None:
    path = logs.setup_logging(tmp_path)
    assert path is not None
    logging.getLogger("playground").warning("época, pérdida, 数字")
    assert "época, pérdida, 数字" in path.read_bytes().decode("utf-8")


def test_a_folder_that_cannot_be_created_sends_errors_to_the_error_output(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    stderr = io.StringIO()
    assert logs.setup_logging(blocker / "logs", fallback=stderr) is None
    said = stderr.getvalue()
    assert said.startswith(f"nn-playground: cannot write the log to {blocker}/logs/")
    assert "errors go to this output instead" in said
    assert not logs.writing_to_file()
    assert logs.details_location() == "the error output (stderr)"
    log = logging.getLogger("playground.core.training.loop")
    log.info("an ordinary record")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log.exception("a run failed")
    after = stderr.getvalue()[len(said):]
    assert "ordinary" not in after  # a terminal only gets what needs attention
    assert "a run failed" in after and "RuntimeError: boom" in after and "Traceback" in after
    assert blocker.read_text() == "not a folder"


def test_a_folder_that_is_a_file_is_refused_the_same_way(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "nn-playground.log").mkdir()  # the log's own name is taken by a folder
    stderr = io.StringIO()
    assert logs.setup_logging(folder, fallback=stderr) is None
    assert "cannot write the log" in stderr.getvalue()


def test_without_set_up_the_log_file_is_where_set_up_would_put_it() -> None:
    assert not logs.writing_to_file()
    assert logs.log_folder() == platformdirs.user_log_path("nn-playground")
    assert logs.log_file() == logs.log_folder() / "nn-playground.log"
    assert logs.details_location() == "the error output (stderr)"
    assert our_handlers() == []


def test_closing_the_log_releases_the_file(tmp_path: Path) -> None:
    path = logs.setup_logging(tmp_path)
    logs.close_logging()
    assert our_handlers() == [] and not logs.writing_to_file()
    logging.getLogger("playground").warning("after closing")
    assert path is not None and "after closing" not in path.read_text(encoding="utf-8")
