"""The lesson recorder: a teacher records a lesson with the window's own controls, previews it,
saves it, and a fresh window plays it back as a student gets it."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from playground.core.teaching.lessons import Lesson, load_lesson
from playground.core.teaching.templates import TEMPLATES


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(qtbot, widget, text: str) -> None:
    """Type ``text`` as keys (QTest only types ASCII: other letters arrive as typed input)."""
    widget.setFocus()
    for part in text.split("\n"):
        if part.isascii():
            qtbot.keyClicks(widget, part)
        elif hasattr(widget, "insertPlainText"):
            widget.insertPlainText(part)
        else:
            widget.insert(part)
        if part is not text.split("\n")[-1]:
            qtbot.keyClick(widget, Qt.Key.Key_Return)


def start_recording(window, lessons):
    window.document.load_template(TEMPLATES["mlp-mnist"])
    window.action("newLessonAction").trigger()
    assert lessons.recorder is not None and lessons.recording.dock.isVisible()
    return lessons.recorder, lessons.recording.panel


def write_step(qtbot, panel, en: str, es: str) -> None:
    panel.editor.setCurrentIndex(0)
    type_into(qtbot, panel.editor.text_en, en)
    type_into(qtbot, panel.editor.text_es, es)


def test_record_three_steps_save_and_play_back_in_a_fresh_window(make_window, qtbot,
                                                                 tmp_path) -> None:
    window, lessons = make_window()
    recorder, panel = start_recording(window, lessons)
    panel.pages.setCurrentIndex(0)
    type_into(qtbot, panel.title_en, "Smaller layers")
    type_into(qtbot, panel.title_es, "Capas más pequeñas")
    type_into(qtbot, panel.intro_en, "What a layer's size does.")
    type_into(qtbot, panel.intro_es, "Lo que hace el tamaño de una capa.")

    # Step 1: only words.
    click(qtbot, panel.record_button)
    write_step(qtbot, panel, "Look at the network.", "Mira la red.")
    assert recorder.draft.steps[0].edits == []
    # Step 2: a setting changed in the training panel.
    window.training.panel.settings.widgets["epochs"].setValue(3)
    click(qtbot, panel.record_button)
    assert recorder.draft.steps[1].edits == [{"op": "set_config", "changes": {"epochs": 3}}]
    write_step(qtbot, panel, "Train for three epochs.", "Entrena tres épocas.")
    assert panel.editor.edits.item(0).text() == "Settings: epochs = 3"
    # Step 3: a layer changed, with a question and a lock.
    window.document.set_param(1, "units", 32)
    click(qtbot, panel.record_button)
    write_step(qtbot, panel, "A smaller first layer.\n\nWatch the totals.",
               "Una primera capa más pequeña.\n\nMira los totales.")
    editor = panel.editor
    editor.setCurrentIndex(1)
    editor.label_en.clear()
    type_into(qtbot, editor.label_en, "Use 32 neurons")
    editor.label_es.clear()
    type_into(qtbot, editor.label_es, "Usar 32 neuronas")
    editor.setCurrentIndex(2)
    question = editor.question
    question.kind.setCurrentIndex(question.kind.findData("choice"))
    type_into(qtbot, question.prompt_en, "Fewer parameters?")
    type_into(qtbot, question.prompt_es, "¿Menos parámetros?")
    type_into(qtbot, question.explain_en, "Each neuron has its own weights.")
    type_into(qtbot, question.explain_es, "Cada neurona tiene sus pesos.")
    for (en, es), (text_en, text_es) in zip(question.options, (("No", "No"), ("Yes", "Sí")),
                                             strict=False):
        type_into(qtbot, en, text_en)
        type_into(qtbot, es, text_es)
    click(qtbot, question.right.button(1))
    editor.setCurrentIndex(3)
    locks = editor.locks
    row = next(i for i in range(locks.count())
               if locks.item(i).data(Qt.ItemDataRole.UserRole) == "setting_optimizer")
    locks.item(row).setCheckState(Qt.CheckState.Checked)
    assert recorder.draft.steps[2].edits == [
        {"op": "set_param", "layer": 2, "param": "units", "value": 32}]
    assert [panel.steps.item(i).text() for i in range(3)] == [
        "1. Look at the network.", "2. Train for three epochs.",
        "3. A smaller first layer. Watch the totals."]

    target = tmp_path / "smaller"
    window.ask_save_path = lambda *_args: str(target)
    click(qtbot, panel.save_button)
    saved = tmp_path / "smaller.json"
    assert panel.message.text() == "Saved smaller.json.", panel.message.text()
    assert not recorder.unsaved
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["id"] == "smaller-layers" and "Capas más pequeñas" in saved.read_text("utf-8")
    lesson = load_lesson(saved)
    assert lesson.steps[2].text.en == "<p>A smaller first layer.</p><p>Watch the totals.</p>"
    assert lesson.steps[2].question.answer == 1 and lesson.steps[2].lock == ("setting_optimizer",)

    # A fresh window opens the file and plays it back.
    student, student_lessons = make_window()
    student_lessons.ask_lesson_path = lambda _folder: str(saved)
    student.action("openLessonFileAction").trigger()
    session, lesson_panel, doc = student_lessons.session, student_lessons.panel, student.document
    assert session is not None and session.lesson.id == "smaller-layers"
    assert doc.config.epochs == TEMPLATES["mlp-mnist"].config.epochs
    assert doc.spec.layers[1]["units"] == 64
    assert lesson_panel.title.text() == "Smaller layers"
    assert lesson_panel.action_buttons == []
    click(qtbot, lesson_panel.next_button)
    click(qtbot, lesson_panel.action_buttons[0])
    assert doc.config.epochs == 3
    click(qtbot, lesson_panel.next_button)
    assert [b.text() for b in lesson_panel.action_buttons] == ["Use 32 neurons"]
    click(qtbot, lesson_panel.action_buttons[0])
    assert doc.spec.layers[1]["units"] == 32
    box = lesson_panel.question
    assert box.isVisible() and [t.text() for t in box.option_texts] == ["No", "Yes"]
    assert not session.locks.find("setting_optimizer").isEnabled()


def test_preview_and_back_to_the_recorder_keeps_both(make_window, qtbot) -> None:
    window, lessons = make_window()
    recorder, panel = start_recording(window, lessons)
    doc = window.document
    doc.set_param(1, "units", 16)
    click(qtbot, panel.record_button)
    write_step(qtbot, panel, "Sixteen.", "Dieciséis.")
    panel.title_en.setText("Preview")
    panel.title_es.setText("Vista previa")
    panel.intro_en.setPlainText("Intro")
    panel.intro_es.setPlainText("Introducción")
    doc.set_param(2, "units", 8)  # not recorded yet: the window's own state, kept
    before = (doc.spec, doc.config, doc.dirty)

    click(qtbot, panel.preview_button)
    assert recorder.previewing and lessons.session is not None
    assert lessons.dock.isVisible() and panel.preview_bar.isVisible()
    assert panel.record_button.isHidden() and panel.pages.isHidden()
    assert doc.spec == recorder.draft.start.spec  # the student's start
    click(qtbot, lessons.panel.action_buttons[0])
    assert doc.spec.layers[1]["units"] == 16

    click(qtbot, panel.back_button)
    qtbot.waitUntil(lambda: lessons.session is None)
    assert not recorder.previewing and panel.preview_bar.isHidden()
    assert (doc.spec, doc.config, doc.dirty) == before and doc.lesson is None
    assert len(recorder.draft.steps) == 1 and panel.record_button.isVisible()
    click(qtbot, panel.record_button)  # recording goes on from where it stopped
    assert recorder.draft.steps[1].edits == [
        {"op": "set_param", "layer": 3, "param": "units", "value": 8}]


def test_an_incomplete_lesson_or_an_impossible_step_is_explained(make_window, qtbot) -> None:
    window, lessons = make_window()
    recorder, panel = start_recording(window, lessons)
    asked = []
    window.ask_save_path = lambda *args: asked.append(args)
    click(qtbot, panel.save_button)
    assert panel.message.text() == "Record at least one step first." and not asked
    click(qtbot, panel.record_button)
    write_step(qtbot, panel, "Only English.", "")
    panel.title_en.setText("T")
    panel.title_es.setText("T")
    panel.intro_en.setPlainText("I")
    panel.intro_es.setPlainText("I")
    click(qtbot, panel.save_button)
    assert panel.message.text() == "step 1 text (es) must be a non-empty text." and not asked

    from playground.core.network.spec import LayerSpec

    doc = window.document
    doc.edit("skip", spec=doc.spec.add_skip(1, 2, LayerSpec.create("Add")))
    click(qtbot, panel.record_button)
    assert "cannot be written as a lesson step" in panel.message.text()
    assert len(recorder.draft.steps) == 1


def test_steps_move_and_go(make_window, qtbot) -> None:
    window, lessons = make_window()
    recorder, panel = start_recording(window, lessons)
    for words in ("one", "two", "three"):
        click(qtbot, panel.record_button)
        write_step(qtbot, panel, words, words)
    panel.steps.setCurrentRow(2)
    click(qtbot, panel.up_button)
    assert [s.text_en for s in recorder.draft.steps] == ["one", "three", "two"]
    assert panel.steps.currentRow() == 1 and panel.editor.text_en.toPlainText() == "three"
    click(qtbot, panel.delete_button)
    assert [s.text_en for s in recorder.draft.steps] == ["one", "two"]
    lessons.recording.ask_discard = lambda: False
    click(qtbot, panel.close_button)
    assert lessons.recorder is recorder  # kept: the teacher said no
    lessons.recording.ask_discard = lambda: True
    click(qtbot, panel.close_button)
    assert lessons.recorder is None and not lessons.recording.dock.isVisible()


def test_a_recorded_lesson_round_trips_through_its_file(make_window, qtbot) -> None:
    window, lessons = make_window()
    recorder, panel = start_recording(window, lessons)
    window.document.set_param(1, "activation", "tanh")
    click(qtbot, panel.record_button)
    write_step(qtbot, panel, "Tanh.", "Tanh.")
    panel.editor.train.setChecked(True)
    for field in (panel.title_en, panel.title_es):
        field.setText("Tanh")
    panel.intro_en.setPlainText("x")
    panel.intro_es.setPlainText("x")
    lesson = recorder.build()
    assert lesson is not None and isinstance(lesson, Lesson)
    assert [a.label.es for a in lesson.steps[0].actions] == ["Hacer el cambio de este paso",
                                                             "Entrenar"]
    from playground.core.teaching.lesson_writer import lesson_to_json, same_lesson

    assert same_lesson(Lesson.from_json(lesson_to_json(lesson)), lesson)


def test_every_control_of_the_recorder_is_named(make_window, qtbot) -> None:
    from tests.gui_lessons.test_lesson_window import visible_unnamed

    window, lessons = make_window()
    _recorder, panel = start_recording(window, lessons)
    click(qtbot, panel.record_button)
    for page in range(panel.pages.count()):
        panel.pages.setCurrentIndex(page)
        for tab in range(panel.editor.count()):
            panel.editor.setCurrentIndex(tab)
            for kind in range(panel.editor.question.kind.count()):
                panel.editor.question.kind.setCurrentIndex(kind)
                assert visible_unnamed(lessons.recording.dock) == []
