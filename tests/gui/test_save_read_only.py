"""File ▸ Save on a read-only project refuses, says why, and offers Save As.

Desktop apps never silently replace a file the user marked read-only; they explain and offer to
save a copy under another name. The real window's save action is driven; the question is
answered by the test.
"""

from __future__ import annotations

import stat
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from playground.core.teaching.templates import TEMPLATES
from tests.gui.test_main_window import action


def locked_project(window, answers, tmp_path: Path) -> Path:
    """A saved project made read-only, with an unsaved edit in the window."""
    answers.save_path = str(tmp_path / "locked.nnp")
    window.document.load_template(TEMPLATES["mlp-mnist"])
    action(window, "saveAction").trigger()
    path = tmp_path / "locked.nnp"
    path.chmod(0o444)
    dense = next(i for i, layer in enumerate(window.document.spec.layers) if layer.type == "Dense")
    window.document.set_param(dense, "units", 32)
    answers.save_path = None
    return path


def test_save_on_a_read_only_file_offers_save_as(window, answers, tmp_path: Path) -> None:
    path = locked_project(window, answers, tmp_path)
    before = path.read_bytes()
    asked: list[str] = []

    def save_elsewhere(_title: str, message: object) -> bool:
        asked.append(str(message))
        answers.save_path = str(tmp_path / "copy")
        return True

    window.ask_save_elsewhere = save_elsewhere
    action(window, "saveAction").trigger()
    assert len(asked) == 1
    assert "locked.nnp" in asked[0] and "read-only" in asked[0] and "Save As" in asked[0]
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    copy = tmp_path / "copy.nnp"
    assert copy.is_file()
    assert window.document.path == copy
    assert not window.document.dirty
    assert answers.errors == []


def test_declining_save_as_keeps_the_edit_unsaved(window, answers, tmp_path: Path) -> None:
    path = locked_project(window, answers, tmp_path)
    before = path.read_bytes()
    asked: list[str] = []
    window.ask_save_elsewhere = lambda _title, message: asked.append(str(message)) or False
    assert not window.save()
    assert len(asked) == 1
    assert path.read_bytes() == before
    assert window.document.path == path
    assert window.document.dirty
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locked.nnp"]


def test_the_question_names_the_problem_and_offers_save_as(window) -> None:
    seen: list[str] = []

    def answer(choice: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        buttons = {b.text().replace("&", ""): b for b in box.buttons()}
        buttons[choice].click()

    QTimer.singleShot(0, lambda: answer("Save As…"))
    assert window.ask_save_elsewhere("Cannot Save Project", "Could not save 'x.nnp': the file "
                                     "is read-only. Save it under another name (Save As), or "
                                     "make the file writable.")
    QTimer.singleShot(0, lambda: answer("Cancel"))
    assert not window.ask_save_elsewhere("Cannot Save Project", "x")
    assert "read-only" in seen[0]
