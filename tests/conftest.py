"""Shared test set-up: keep every test away from the user's real data and settings folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_data_root(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Downloads and caches go to a temporary folder, never to the user's data folder."""
    root: Path = tmp_path_factory.mktemp("data-root")
    monkeypatch.setenv("NN_PLAYGROUND_DATA", str(root))
    yield root
