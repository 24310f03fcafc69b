"""Command-line test set-up: every run, in this process or a child, logs to a private folder.

``main`` sets up the log at start; without this the tests would write into the user's real log
folder. Children inherit the variable through ``os.environ``. The command line speaks the
environment's language, so every test starts in English whatever the developer's locale is
(a test about another language sets its own).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from playground.core import logs


@pytest.fixture(autouse=True)
def private_log_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("logs")
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(folder))
    yield folder
    logs.close_logging()  # a run of ``main`` in this process opened the file


@pytest.fixture(autouse=True)
def english_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
