"""Lesson files from outside: opened from the menu, dropped on the window or named on the
command line; broken and hostile files refused in words; a lesson handed out as a project."""

from __future__ import annotations

import json
import os

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from playground.core.files.project import load_project
from playground.core.teaching.lessons import LESSONS_DIR, read_project_answers, read_project_lesson
from playground.core.teaching.templates import TEMPLATES
from playground.gui.file_drop import file_drops, open_file

FIRST = sorted(LESSONS_DIR.glob("01-*.json"))[0]


def lesson_data() -> dict:
    return json.loads(FIRST.read_text(encoding="utf-8"))


def write(path, data) -> str:
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def catch_errors(window) -> list[str]:
    """The problems the window reports, instead of a modal warning box."""
    errors: list[str] = []
    window.report_error = lambda title, message: errors.append(f"{title}: {message}")
    return errors


def drop(qtbot, widget, path) -> bool:
    """Drag ``path`` over ``widget`` and drop it, as the file manager does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    centre = widget.rect().center()
    enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    event = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    return enter.isAccepted() and event.isAccepted()


def test_open_lesson_file_asks_about_unsaved_work_first(make_window, tmp_path) -> None:
    window, lessons = make_window()
    window.document.append_layer("Dense")
    asked = []
    window.ask_unsaved_changes = lambda: asked.append(1) or QMessageBox.StandardButton.Cancel
    lessons.ask_lesson_path = lambda _folder: str(FIRST)
    window.action("openLessonFileAction").trigger()
    assert asked and lessons.session is None and window.document.dirty  # nothing lost
    window.ask_unsaved_changes = lambda: QMessageBox.StandardButton.Discard
    window.action("openLessonFileAction").trigger()
    assert lessons.session is not None and lessons.session.lesson.id == "first-network"


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d["steps"][0]["text"].update(en="<p><img src='x'></p>"), "uses the tag"),
    (lambda d: d.update(version=99), "not supported"),
    (lambda d: d["steps"][0].update(actions=[{"label": {"en": "Go", "es": "Ir"},
                                              "do": [{"op": "run_code", "code": "rm"}]}]),
     "unknown op"),
])
def test_a_hostile_lesson_is_refused_with_the_readers_words(make_window, tmp_path, change,
                                                           words) -> None:
    window, lessons = make_window()
    errors = catch_errors(window)
    data = lesson_data()
    change(data)
    path = write(tmp_path / "bad.json", data)
    spec = window.document.spec
    assert not lessons.open_lesson_file(path)
    assert len(errors) == 1 and errors[0].startswith("Cannot Open Lesson: bad.json")
    assert words in errors[0]
    assert lessons.session is None and window.document.spec == spec


def test_what_is_no_lesson_file_is_refused_before_it_is_read(make_window, tmp_path) -> None:
    window, lessons = make_window()
    errors = catch_errors(window)
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.truncate(3 * 1024 * 1024)  # sparse: nothing is written
    assert not lessons.open_lesson_file(big)
    assert "at most 512 KiB" in errors[-1]
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)  # reading it would wait for ever
    assert not lessons.open_lesson_file(fifo)
    assert "it is not a file" in errors[-1]
    assert not lessons.open_lesson_file(tmp_path / "missing.json")
    assert "missing.json" in errors[-1]
    (tmp_path / "text.json").write_text("{not json", encoding="utf-8")
    assert not lessons.open_lesson_file(tmp_path / "text.json")
    assert "not valid JSON" in errors[-1]


def test_a_lesson_dropped_anywhere_on_the_window_opens(make_window, qtbot, tmp_path) -> None:
    window, lessons = make_window()
    canvas = window.findChild(QWidget, "editorCanvas")
    assert canvas is not None and canvas.acceptDrops()
    assert drop(qtbot, canvas, FIRST)  # over the editor, which takes dragged layers itself
    qtbot.waitUntil(lambda: lessons.session is not None)
    assert lessons.session.lesson.id == "first-network"


def test_a_hostile_lesson_dropped_is_refused(make_window, qtbot, tmp_path) -> None:
    window, lessons = make_window()
    errors = catch_errors(window)
    data = lesson_data()
    data["start"] = {"template": "no-such-template"}
    path = write(tmp_path / "dropped.json", data)
    assert drop(qtbot, window.palette_view, path)
    qtbot.waitUntil(lambda: bool(errors))
    assert "unknown template" in errors[0] and lessons.session is None


def test_a_project_dropped_opens_as_file_open_does(make_window, qtbot, tmp_path) -> None:
    window, _lessons = make_window()
    window.document.load_template(TEMPLATES["cnn-mnist"])
    project = tmp_path / "net.nnp"
    window.document.save(project)
    window.document.load_template(TEMPLATES["mlp-mnist"])
    assert drop(qtbot, window, project)
    qtbot.waitUntil(lambda: window.document.path == project)
    assert window.document.spec == TEMPLATES["cnn-mnist"].spec


def test_other_files_are_left_to_the_widget_under_the_pointer(make_window, qtbot,
                                                              tmp_path) -> None:
    window, _lessons = make_window()
    picture = tmp_path / "digit.png"
    picture.write_bytes(b"")
    drops = file_drops(window)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(picture))])
    assert drops.file_for(mime) is None
    assert drops.openers.keys() == {".nnp", ".json"}


def test_hand_out_a_lesson_opens_at_step_one_without_the_teachers_work(make_window, qtbot,
                                                                       tmp_path) -> None:
    window, lessons = make_window()
    lessons.open_lesson("decision-boundaries")
    session = lessons.session
    session.go_to(2)
    session.answers[1] = (1, True)
    window.document.history.append({"config": {}, "metrics": {}})  # a run of the teacher's
    window.ask_save_path = lambda *_args: str(tmp_path / "for-class")
    window.action("handOutLessonAction").trigger()
    path = tmp_path / "for-class.nnp"
    project = load_project(path)
    lesson, step = read_project_lesson(project.lesson)
    assert lesson.id == "decision-boundaries" and step == 0
    assert read_project_answers(project.lesson) == {}
    assert project.history == [] and project.weights is None
    assert project.spec == lesson.start.spec and project.training == lesson.start.config

    student, student_lessons = make_window()
    assert drop(qtbot, student, path)
    qtbot.waitUntil(lambda: student_lessons.session is not None)
    assert student_lessons.session.step_index == 0
    assert student_lessons.session.lesson.id == "decision-boundaries"
    assert student_lessons.panel.counter.text().startswith("Step 1 of")


def test_hand_out_without_a_lesson_says_so(make_window) -> None:
    window, lessons = make_window()
    asked = []
    window.ask_save_path = lambda *args: asked.append(args)
    assert not lessons.save_for_students()
    assert not asked and window.statusBar().currentMessage() == "Open or record a lesson first."


def test_the_command_line_opens_a_lesson_in_the_app(make_window, monkeypatch) -> None:
    import playground.__main__ as entry
    import playground.app

    given = []
    monkeypatch.setattr(playground.app, "main", lambda args: given.append(args) or 0)
    monkeypatch.setattr("sys.argv", ["playground", str(FIRST)])
    assert entry.main() == 0 and given == [[str(FIRST)]]
    window, lessons = make_window()
    assert open_file(window, FIRST)  # what the app does with it once its window is up
    assert lessons.session is not None and lessons.session.lesson.id == "first-network"
    assert not open_file(window, "notes.txt")
