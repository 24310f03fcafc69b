"""The command line keeps a log: a refused file and a failed run are in it with their traceback,
the message of a failed run names the file, and a log that cannot be written changes nothing
else."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from playground.cli import EXIT_BAD_INPUT, EXIT_TRAINING_FAILED, main
from playground.core import logs
from playground.core.network.build import PlaygroundNet


def run(*args: str, log_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "playground", *args],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONUNBUFFERED": "1", logs.LOG_DIR_ENV: str(log_dir)},
    )


def test_a_refused_project_file_is_logged_with_its_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "broken.nnp"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    log_dir = tmp_path / "logs"
    out = run("train", str(bad), log_dir=log_dir)
    assert out.returncode == EXIT_BAD_INPUT
    # The user still reads one line, and no traceback.
    assert out.stderr.startswith("error: ") and "broken.nnp" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
    text = (log_dir / "nn-playground.log").read_text(encoding="utf-8")
    assert "started: Python" in text and f"train {bad}" in text  # which command ran
    assert f"playground.cli [MainThread] train refused its input ({bad}): Cannot open" in text
    assert "Traceback (most recent call last):" in text
    assert "ProjectFileError" in text  # the exception, as raised where the file was read


def test_a_log_folder_that_cannot_be_made_leaves_the_command_working(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    out = run("summary", "mlp-mnist", log_dir=blocker / "logs")
    assert out.returncode == 0
    assert "Total" in out.stdout or "total" in out.stdout
    assert out.stderr.startswith(f"nn-playground: cannot write the log to {blocker}/logs/")
    assert blocker.read_text() == "x"
    bad = tmp_path / "broken.nnp"
    bad.write_bytes(b"not a project")
    refused = run("train", str(bad), log_dir=blocker / "logs")
    assert refused.returncode == EXIT_BAD_INPUT and "Traceback" not in refused.stderr
    assert refused.stderr.strip().splitlines()[-1].startswith("error: ")


def test_a_failed_run_names_the_log_that_holds_its_traceback(
    private_log_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_forward(self: PlaygroundNet, x: torch.Tensor) -> torch.Tensor:
        raise ValueError("this network cannot run forward")

    monkeypatch.setattr(PlaygroundNet, "forward", broken_forward)
    monkeypatch.setattr(PlaygroundNet, "forward_logits", broken_forward)
    err = io.StringIO()
    code = main(["train", "mlp-mnist", "--limit", "200", "--epochs", "1", "--quiet"],
                io.StringIO(), err)
    assert code == EXIT_TRAINING_FAILED
    log_file = private_log_folder / "nn-playground.log"
    last = err.getvalue().strip().splitlines()[-1]
    assert last == (
        "error: Training stopped with an error: ValueError: this network cannot run forward "
        f"Check the network and the training settings; details are in the log: {log_file}."
    )
    text = log_file.read_text(encoding="utf-8")
    assert "A training run failed (error)" in text
    assert "in broken_forward" in text and "ValueError: this network cannot run forward" in text


def test_every_command_started_in_this_process_logs_to_one_file(
    private_log_folder: Path,
) -> None:
    for _ in range(2):
        assert main(["templates"], io.StringIO(), io.StringIO()) == 0
    text = (private_log_folder / "nn-playground.log").read_text(encoding="utf-8")
    assert text.count("started: Python") == 1  # set up once, not once per call
