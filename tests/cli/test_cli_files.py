"""Files the command line reads and writes: output targets are checked before any training,
network ``.json`` files are refused in plain words when too large or not text, and echoed user
values are shortened."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from playground.cli import MAX_NETWORK_FILE_BYTES, main
from playground.core.teaching.templates import TEMPLATES


def train(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["train", *args], out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("option", ["--out", "--metrics-json"])
def test_a_device_as_output_is_refused_before_training(option: str) -> None:
    code, _, err = train("mlp-mnist", "--limit", "200", option, "/dev/full")
    assert code == 2
    assert "Training on" not in err and "is a device" in err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # still the device


@pytest.mark.parametrize("option", ["--out", "--metrics-json"])
def test_a_named_pipe_as_output_is_refused_and_kept(tmp_path: Path, option: str) -> None:
    fifo = tmp_path / "x.nnp"
    os.mkfifo(fifo)
    code, _, err = train("mlp-mnist", "--limit", "200", option, str(fifo))
    assert code == 2 and "Training on" not in err and "x.nnp" in err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_missing_folder_is_refused_before_training(tmp_path: Path) -> None:
    code, _, err = train("mlp-mnist", "--out", str(tmp_path / "no" / "x.nnp"))
    assert code == 2 and "Training on" not in err and "folder does not exist" in err


def test_the_same_file_for_project_and_metrics_is_refused(tmp_path: Path) -> None:
    same = str(tmp_path / "x.nnp")
    code, _, err = train("mlp-mnist", "--out", same, "--metrics-json", same)
    assert code == 2 and "same file" in err


def test_a_network_file_above_the_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as stream:  # sparse: no disk used, and no reason to read it
        stream.truncate(44_000_000)
    code, _, err = train(str(big))
    assert code == 2
    assert err == (
        "error: big.json is larger than 1 MB, too large to be a network description (those "
        "are a few KB): choose a network .json saved by the app.\n"
    )


def test_the_limit_leaves_room_for_real_networks() -> None:
    largest = max(len(t.spec.to_json().encode()) for t in TEMPLATES.values())
    assert largest * 100 < MAX_NETWORK_FILE_BYTES


def test_a_binary_network_file_is_refused_in_plain_words(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(b"\xff\xfe\x00binary")
    code, _, err = train(str(path))
    assert code == 2
    assert err == (
        "error: x.json is not a text file (it is not UTF-8): choose a network .json saved by "
        "the app.\n"
    )


def test_a_pipe_named_json_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "net.json"
    os.mkfifo(fifo)
    code, _, err = train(str(fifo))
    assert code == 2 and "net.json is not a file" in err


def test_a_network_file_that_is_not_json_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_text("hello", encoding="utf-8")
    code, _, err = train(str(path))
    assert code == 2 and err.startswith("error: notes.json: ") and err.count("\n") == 1


def test_a_network_file_trains(tmp_path: Path) -> None:
    path = tmp_path / "net.json"
    path.write_text(TEMPLATES["toy-spiral"].spec.to_json(), encoding="utf-8")
    code, out, err = train(str(path), "--epochs", "1")
    assert code == 0, err
    assert "Test: loss" in out


def test_an_unknown_long_source_is_echoed_shortened() -> None:
    source = "n" * 500
    code, _, err = train(source)
    assert code == 2
    assert "'" + "n" * 40 + "…'" in err and "n" * 41 not in err


def test_a_long_file_name_is_echoed_shortened(tmp_path: Path) -> None:
    path = tmp_path / ("a" * 100 + ".json")
    path.write_bytes(b"\xff")
    code, _, err = train(str(path))
    assert code == 2 and "a" * 40 + "…" in err and "a" * 41 not in err
