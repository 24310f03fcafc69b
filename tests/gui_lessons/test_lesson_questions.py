"""Questions in a lesson window: answered, kept, revealed when the step says, and summed up."""

from __future__ import annotations

from PySide6.QtCore import Qt

from playground.core.teaching.lessons import read_project_answers
from playground.gui import looks


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_action(qtbot, lessons, label: str) -> None:
    click(qtbot, next(b for b in lessons.panel.action_buttons if b.text() == label))


def test_a_lesson_answered_end_to_end_one_right_one_wrong(make_window, qtbot) -> None:
    window, lessons = make_window()
    lessons.open_lesson("decision-boundaries")  # 250 generated training points: short runs
    panel, session, doc = lessons.panel, lessons.session, window.document
    box = panel.question
    assert not box.isVisible() and panel.results_button.isVisible()

    # Step 2: a prediction revealed after a training run.
    click(qtbot, panel.next_button)
    assert box.isVisible() and len(box.radios) == 3 and box.number_row.isHidden()
    click(qtbot, box.answer_button)  # nothing chosen yet
    assert panel.message.text() == "Choose one of the answers first."
    click(qtbot, box.option_texts[1])  # a click on the option's text chooses it
    assert box.radios[1].isChecked()
    click(qtbot, box.answer_button)
    assert session.answers == {1: (1, False)}
    assert "when the training ends" in box.verdict.text() and box.explanation.isHidden()
    assert read_project_answers(doc.lesson) == {1: (1, False)}  # saved with the project
    click_action(qtbot, lessons, "Remove the hidden layer")
    assert not session.answers[1][1]  # an action is not a run
    window.training.panel.settings.widgets["epochs"].setValue(2)
    with qtbot.waitSignal(window.training.runFinished, timeout=60_000):
        click_action(qtbot, lessons, "Train")
    qtbot.waitUntil(lambda: session.answers[1][1], timeout=5_000)
    assert box.verdict.text().startswith("✓")
    assert looks.current().ok in box.verdict.styleSheet()
    assert "straight line" in box.explanation.text() and box.explanation.isVisible()
    assert not box.answer_button.isEnabled() and not box.radios[0].isEnabled()

    # Step 3: "select the layer that…", revealed at once; the student picks the output layer.
    click(qtbot, panel.next_button)
    assert box.layer_hint.isVisible() and not box.radios
    qtbot.waitUntil(lambda: not window.training.runner.running, timeout=10_000)
    click_action(qtbot, lessons, "Go back to 4 hidden neurons")
    assert len(doc.spec.layers) == 2
    doc.select(-1)
    click(qtbot, box.answer_button)
    assert panel.message.text() == "Select a layer in the editor first."
    doc.select(1)  # layer 2, the output layer: wrong
    click(qtbot, box.answer_button)
    assert session.answers[2] == (2, True)
    assert box.verdict.text() == "✗ Not quite: the answer is 1."
    assert looks.current().error in box.verdict.styleSheet()
    assert "Layer 1" in box.explanation.text()

    # Back and Next still work and show each step's own answer.
    click(qtbot, panel.back_button)
    assert box.radios[1].isChecked() and box.verdict.text().startswith("✓")
    click(qtbot, panel.next_button)
    assert box.verdict.text().startswith("✗")

    # The summary: every question, the answer given, right or wrong, and the score.
    summary = panel.show_summary()
    assert summary is not None and summary.isVisible()
    assert summary.score_label.text() == "Score: 1 of 3 right"
    table = summary.table
    assert table.rowCount() == 3
    assert [table.item(r, 3).text() for r in range(3)] == ["✓", "✗", "✗"]
    assert table.item(0, 1).text().startswith("A straight line")
    assert table.item(1, 1).text() == "2" and table.item(1, 2).text() == "1"
    assert table.item(2, 1).text() == "(no answer)"
    assert read_project_answers(doc.lesson) == {1: (1, True), 2: (2, True)}


def test_a_number_question_takes_a_decimal_comma_and_refuses_words(make_window, qtbot) -> None:
    _window, lessons = make_window(language="es")
    lessons.open_lesson("convolutions")
    panel, session = lessons.panel, lessons.session
    box = panel.question
    assert box.number_row.isVisible() and not box.radios
    box.number.setText("muchas")
    click(qtbot, box.answer_button)
    assert 0 not in session.answers and panel.message.text()
    box.number.setText("24,0")
    click(qtbot, box.answer_button)
    assert session.answers[0] == (24.0, True)
    assert box.verdict.text().startswith("✓")
    assert "28 − 5 + 1" in box.explanation.text()  # the lesson's own Spanish text
    assert "Selecciona" in session.lesson.steps[2].question.prompt.get("es")


def test_answers_come_back_with_a_reopened_project(make_window, qtbot, tmp_path) -> None:
    window, lessons = make_window()
    lessons.open_lesson("skip-connections")
    panel, session = lessons.panel, lessons.session
    click(qtbot, panel.next_button)
    window.document.select(1)  # layer 2: the one the skip comes from
    click(qtbot, panel.question.answer_button)
    assert session.answers == {1: (2, True)}
    text = window.document.lesson
    lessons.close_lesson()
    window.document.lesson = text
    lessons.sync_with_document()
    assert lessons.session is not session and lessons.session.answers == {1: (2, True)}
    assert lessons.session.step_index == 1 and panel.question.verdict.text() == "✓ Right."
