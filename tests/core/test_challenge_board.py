"""The local leaderboard: kept in the data folder, ranked, bounded, and never broken by its file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from playground.core.teaching import challenge_board
from playground.core.teaching.challenge_board import (
    BOARD_FILE,
    Attempt,
    BoardError,
    Leaderboard,
    board_path,
)


def attempt(score: int, passed: bool = False, parameters: int = 10_000,
            accuracy: float = 0.9) -> Attempt:
    return Attempt.new(score, passed, parameters, accuracy, 3, "Conv2D 8 → Dense 10")


def test_the_board_lives_in_the_data_folder_the_environment_names(_private_data_root) -> None:
    assert board_path() == _private_data_root / BOARD_FILE
    assert Leaderboard().path == _private_data_root / BOARD_FILE


def test_attempts_are_written_read_back_and_ranked_best_first(tmp_path: Path) -> None:
    board = Leaderboard(tmp_path / "nested" / "board.json")
    assert board.attempts("c#1") == [] and board.problem is None
    low, high = attempt(40), attempt(67, passed=True, parameters=12_810, accuracy=0.976)
    board.record("c#1", low)
    ranked = board.record("c#1", high)
    assert [a.id for a in ranked] == [high.id, low.id]
    again = Leaderboard(tmp_path / "nested" / "board.json")
    assert again.attempts("c#1") == [high, low]
    assert again.attempts("other#2") == []
    data = json.loads((tmp_path / "nested" / "board.json").read_text(encoding="utf-8"))
    assert data["format"] == "nn-playground-challenge-board" and data["version"] == 1
    assert set(data["challenges"]["c#1"][0]) == {
        "id", "date", "score", "passed", "parameters", "accuracy", "epochs", "network"}


def test_ties_go_to_the_pass_then_accuracy_then_fewer_parameters() -> None:
    a = attempt(100, passed=True, parameters=15_000, accuracy=0.975)
    b = attempt(100, passed=True, parameters=9_000, accuracy=0.975)
    c = attempt(100, passed=True, parameters=19_000, accuracy=0.99)
    assert challenge_board.ranked([a, b, c]) == [c, b, a]


def test_the_board_stays_small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(challenge_board, "MAX_ATTEMPTS", 5)
    monkeypatch.setattr(challenge_board, "MAX_CHALLENGES", 3)
    board = Leaderboard(tmp_path / "board.json")
    for score in range(10):
        kept = board.record("a#1", attempt(score))
    assert [a.score for a in kept] == [9, 8, 7, 6, 5]
    worst = board.record("a#1", attempt(0))  # not among the best five: not kept
    assert [a.score for a in worst] == [9, 8, 7, 6, 5]
    for key in ("b#1", "c#1", "d#1"):
        board.record(key, attempt(50))
    data = json.loads((tmp_path / "board.json").read_text(encoding="utf-8"))
    assert list(data["challenges"]) == ["b#1", "c#1", "d#1"]  # the least recent went
    long = Attempt.new(1, False, None, None, 1, "Dense 10 → " * 100)
    assert len(long.network) == challenge_board.MAX_NETWORK_CHARS


@pytest.mark.parametrize("content", [
    b"{not json", b"\xff\xfe", b"[]", json.dumps({"format": "other"}).encode(),
    json.dumps({"format": "nn-playground-challenge-board", "version": 99,
                "challenges": {}}).encode(),
])
def test_a_broken_board_is_set_aside_with_a_message_and_a_new_one_starts(
        tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "challenges.json"
    path.write_bytes(content)
    board = Leaderboard(path)
    assert board.attempts("c#1") == []
    assert board.problem is not None and "set aside as challenges.broken-" in str(board.problem)
    aside = list(tmp_path.glob("challenges.broken-*.json"))
    assert len(aside) == 1 and aside[0].read_bytes() == content
    board.record("c#1", attempt(10))
    assert Leaderboard(path).attempts("c#1")[0].score == 10


def test_a_huge_board_is_set_aside_unread(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(challenge_board, "MAX_BOARD_BYTES", 100)
    path = tmp_path / "challenges.json"
    path.write_text(json.dumps({"format": "nn-playground-challenge-board", "version": 1,
                                "challenges": {"x": ["y" * 200]}}), encoding="utf-8")
    assert Leaderboard(path).attempts("x") == []
    assert not path.exists()


def test_entries_that_do_not_fit_are_left_out(tmp_path: Path) -> None:
    good = attempt(60, passed=True)
    entries = [good.__dict__, {"score": "a lot"}, {**good.__dict__, "score": 101},
               {**good.__dict__, "passed": "yes"}, {**good.__dict__, "accuracy": "nan"},
               {**good.__dict__, "epochs": None}, 7]
    path = tmp_path / "challenges.json"
    path.write_text(json.dumps({"format": "nn-playground-challenge-board", "version": 1,
                                "challenges": {"c#1": entries, "d#1": "not a list"}}),
                    encoding="utf-8")
    board = Leaderboard(path)
    assert board.attempts("c#1") == [good] and board.problem is None
    assert board.attempts("d#1") == []


def test_a_board_that_cannot_be_saved_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    with pytest.raises(BoardError, match="Could not"):
        Leaderboard(blocker / "challenges.json").record("c#1", attempt(1))
