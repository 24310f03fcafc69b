"""A challenge in the lesson dock: goal, live progress during a real run, score, leaderboard,
and the file a teacher exports for a class."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from playground.core.teaching.challenge_board import BOARD_FILE, Leaderboard
from playground.core.teaching.lessons import LESSONS_DIR, load_lesson

SPIRAL_CHALLENGE = {
    "format": "nn-playground-lesson", "version": 3, "id": "spiral-challenge", "order": 99,
    "title": {"en": "Small spiral", "es": "Espiral pequeña"},
    "intro": {"en": "<p>Separate the spirals.</p>", "es": "<p>Separa las espirales.</p>"},
    "start": {"template": "toy-spiral", "config": {"epochs": 3}},
    "challenge": {"goal": [{"metric": "train_accuracy", "at_least": 0.0},
                           {"metric": "parameters", "at_most": 2000},
                           {"metric": "epochs", "at_most": 3}],
                  "minimise": "parameters"},
    "steps": [{"text": {"en": "<p>Train.</p>", "es": "<p>Entrena.</p>"},
               "actions": [{"label": {"en": "Train", "es": "Entrenar"},
                            "do": [{"op": "train"}]}]}],
}


def open_spiral(tmp_path: Path, lessons) -> Path:
    path = tmp_path / "spiral.json"
    path.write_text(json.dumps(SPIRAL_CHALLENGE), encoding="utf-8")
    assert lessons.open_lesson(load_lesson(path))
    return path


def train_once(qtbot, window, lessons) -> list[str]:
    """Press the step's Train; the progress lines seen while it ran."""
    box = lessons.panel.challenge
    seen: list[str] = []
    lessons.session.challenge.changed.connect(lambda: seen.append(box.progress.text()))
    with qtbot.waitSignal(window.training.runFinished, timeout=120_000):
        qtbot.mouseClick(lessons.panel.action_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.training.runner.running, timeout=30_000)
    return seen


def test_a_challenge_shows_its_progress_scores_each_run_and_keeps_a_board(
        make_window, qtbot, tmp_path, _private_data_root) -> None:
    window, lessons = make_window()
    open_spiral(tmp_path, lessons)
    box = lessons.panel.challenge
    assert box.isVisible() and box.heading.text() == "Challenge"
    assert box.goal.text().splitlines() == [
        "training accuracy at least 0%", "parameters at most 2,000", "epochs at most 3",
        "The fewer parameters, the higher the score."]
    before = box.progress.text()
    assert before.startswith("training accuracy – of ≥ 0%") and "epochs 3 of ≤ 3 ✓" in before
    assert not box.result.isVisible() and not box.board.isVisible()

    seen = train_once(qtbot, window, lessons)
    live = [line for line in seen if "epoch " in line]
    assert any("epoch 1 of ≤ 3 ✓" in line for line in live), seen
    assert any("epoch 3 of ≤ 3 ✓" in line for line in live), seen
    assert len(set(live)) >= 2  # the line moved with the epochs
    assert "training accuracy " in live[-1] and "%" in live[-1]
    tracker = lessons.session.challenge
    assert tracker.outcome is not None and tracker.outcome.passed
    assert box.result.text().startswith("Challenge passed! Score ")
    after = box.progress.text()  # what the run measured, while the network is the same
    assert after.startswith("training accuracy ") and after.count("✓") == 3, after
    assert box.board.rowCount() == 1 and box.board.item(0, 0).text() == "▶ 1"
    assert box.board.item(0, 1).text().endswith("✓")
    first = tracker.current

    # A bigger network scores less: the second attempt ranks below the first, marked.
    window.document.set_param(0, "units", 24)  # 2 → 24 → 16 → 2: 506 parameters, not 354
    assert "parameters 506 of ≤ 2,000 ✓" in box.progress.text()  # follows the edit at once
    train_once(qtbot, window, lessons)
    assert box.board.rowCount() == 2 and tracker.current != first
    marked = [r for r in range(2) if box.board.item(r, 0).text().startswith("▶")]
    assert len(marked) == 1
    board = Leaderboard(_private_data_root / BOARD_FILE)
    assert [a.id for a in board.attempts(tracker.key)] == [a.id for a in tracker.attempts]

    # Closing the lesson stops following the runs.
    lessons.close_lesson()
    assert not box.isVisible()


def test_a_broken_board_is_set_aside_and_the_challenge_still_works(
        make_window, qtbot, tmp_path, _private_data_root) -> None:
    (_private_data_root / BOARD_FILE).write_text("{broken", encoding="utf-8")
    window, lessons = make_window()
    open_spiral(tmp_path, lessons)
    box = lessons.panel.challenge
    assert box.problem.isVisible() and "set aside as" in box.problem.text()
    assert list(_private_data_root.glob("challenges.broken-*.json"))
    train_once(qtbot, window, lessons)
    assert box.board.rowCount() == 1


def test_export_challenge_writes_a_lesson_that_reads_back_equal(
        make_window, qtbot, tmp_path, monkeypatch) -> None:
    window, lessons = make_window()
    lesson = load_lesson(LESSONS_DIR / "08-challenge-small-digits.json")
    assert lessons.open_lesson(lesson)
    target = tmp_path / "for my class"
    asked: list[tuple[str, str, str]] = []

    def ask(title: str, suggestion: str, file_filter: str) -> str:
        asked.append((title, suggestion, file_filter))
        return str(target)

    monkeypatch.setattr(window, "ask_save_path", ask)
    box = lessons.panel.challenge
    assert box.export_button.isVisible()
    qtbot.mouseClick(box.export_button, Qt.MouseButton.LeftButton)
    assert asked == [("Export Challenge", "challenge-small-digits.json", "Lessons (*.json)")]
    written = tmp_path / "for my class.json"
    assert load_lesson(written) == lesson
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically: no temporary file left


def test_a_lesson_without_a_challenge_shows_no_challenge(make_window) -> None:
    _window, lessons = make_window()
    assert lessons.open_lesson("first-network")
    assert lessons.session.challenge is None and not lessons.panel.challenge.isVisible()
