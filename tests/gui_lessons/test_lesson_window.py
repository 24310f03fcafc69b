"""Every bundled lesson in a real main window: it opens, every step shows, every action applies."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QLineEdit,
    QWidget,
)

from playground.core.teaching.lessons import LessonState, apply_action, bundled_lessons
from playground.gui.lessons.panel import TEXT_SHARE

LESSONS = bundled_lessons()
INTERACTIVE = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView)


def document_state(window) -> LessonState:
    doc = window.document
    return LessonState(doc.spec, doc.config, dict(doc.dataset_options))


def plain(html: str) -> str:
    inline = re.sub(r"</?(b|i|em|strong|code|sub|sup)>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", inline).split())


def visible_unnamed(widget: QWidget) -> list[str]:
    return [f"{type(w).__name__} {w.objectName()!r}" for w in widget.findChildren(QWidget)
            if isinstance(w, INTERACTIVE) and w.isVisible()
            and not w.objectName().startswith("qt_")
            and not (w.objectName() and w.accessibleName())]


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_lesson_opens_and_each_step_runs_its_actions(make_window, qtbot, lesson) -> None:
    window, lessons = make_window()
    window.document.append_layer("Dense")  # unsaved work: opening the lesson replaces it
    assert lessons.open_lesson(lesson.id)
    doc, panel = window.document, lessons.panel
    assert doc.spec == lesson.start.spec and doc.config == lesson.start.config
    assert not doc.dirty and lessons.dock.isVisible()
    assert panel.title.text() == lesson.title.en
    expected = lesson.start
    for index, step in enumerate(lesson.steps):
        if index:
            qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
        session = lessons.session
        assert session.step_index == index
        assert panel.counter.text() == f"Step {index + 1} of {len(lesson.steps)}"
        assert plain(step.text.en)[:60] in " ".join(panel.text.toPlainText().split())
        lock, hide = lesson.controls(index)
        assert session.locks.missing == []  # every name the lesson uses exists in the window
        assert all(not session.locks.find(n).isEnabled() for n in lock)
        assert all(session.locks.find(n).isHidden() for n in hide)
        assert [b.text() for b in panel.action_buttons] == [a.label.en for a in step.actions]
        for button, action in zip(panel.action_buttons, step.actions, strict=True):
            if action.trains:
                continue  # one short real run is enough: see test_lesson_training.py
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            assert panel.message.text() == f"Done: {action.label.en}", panel.message.text()
            expected, _ = apply_action(expected, lesson.start, action)
            assert document_state(window) == expected
            for edit in action.edits:
                if edit.op == "show_pane":
                    assert window.findChild(QDockWidget, edit.args["pane"]).isVisible()
        if step.view:
            view = panel.current_view
            qtbot.waitUntil(lambda v=view: v.draws > 0, timeout=10_000)
            assert view.isVisible()
        assert visible_unnamed(lessons.dock) == []
    assert not panel.next_button.isEnabled()
    names = [*lesson.lock, *lesson.hide, *(n for s in lesson.steps for n in s.lock + s.hide)]
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert lessons.session is None and not lessons.dock.isVisible() and doc.lesson is None
    for name in names:
        control = window.findChild(QWidget, name)
        assert not control.isHidden()
    assert all(window.training.panel.settings.widgets[n[len("setting_"):]].isEnabled()
               for n in names if n in ("setting_loss", "setting_optimizer"))


def test_the_views_show_the_numbers_of_the_current_network(make_window, qtbot) -> None:
    _window, lessons = make_window()
    lessons.open_lesson("decision-boundaries")
    view = lessons.panel.current_view
    qtbot.waitUntil(lambda: view.probabilities is not None, timeout=10_000)
    assert view.probabilities.shape == (120, 120)
    assert "Initial weights" in view.note.text()
    lessons.open_lesson("convolutions")
    session = lessons.session
    session.go_to(next(i for i, s in enumerate(session.lesson.steps) if s.view == "filters"))
    view = lessons.panel.current_view
    qtbot.waitUntil(lambda: view.filters_shown > 0, timeout=10_000)
    assert view.filters_shown == 6
    # The maps need Fashion-MNIST; without it the note says how to get it instead.
    assert view.maps_shown == 6 or "Fashion" in view.note.text()


def test_spanish_window_shows_spanish_lessons(make_window) -> None:
    _window, lessons = make_window("es")
    menu_titles = [a.text() for a in lessons.menu.actions() if a.objectName().startswith("lesson_")]
    assert menu_titles == [lesson.title.es for lesson in LESSONS]
    lessons.open_lesson("first-network")
    step = LESSONS[0].steps[0]
    assert lessons.panel.title.text() == LESSONS[0].title.es
    assert "Flatten" in lessons.panel.text.toPlainText()
    assert "aplanar" in lessons.panel.text.toPlainText()
    assert [b.text() for b in lessons.panel.action_buttons] == [a.label.es for a in step.actions]


def test_the_lessons_menu_comes_before_help(make_window) -> None:
    window, lessons = make_window()
    assert window.features["lessons"] is lessons
    menus = [a.menu().objectName() for a in window.menuBar().actions() if a.menu()]
    assert menus.count("lessonsMenu") == 1
    assert menus.index("lessonsMenu") == menus.index("helpMenu") - 1
    assert window.actions_by_name["lesson_first-network"].text() == LESSONS[0].title.en
    assert not window.actions_by_name["closeLessonAction"].isEnabled()
    window.actions_by_name["lesson_backpropagation"].trigger()
    assert lessons.session.lesson.id == "backpropagation"
    assert window.actions_by_name["closeLessonAction"].isEnabled()


def test_lesson_text_is_larger_than_the_window_and_follows_its_font(make_window, qtbot) -> None:
    window, lessons = make_window()
    text = lessons.panel.text
    base = lessons.panel.font().pointSizeF()
    assert text.font().pointSizeF() == pytest.approx(max(base * 1.3, 12))
    bigger = window.font()
    bigger.setPointSizeF(base * 2)
    window.setFont(bigger)  # what presentation mode does to the whole window
    qtbot.waitUntil(lambda: text.font().pointSizeF() == pytest.approx(base * 2 * 1.3),
                    timeout=2000)


def test_a_steps_view_gets_its_share_of_the_column_when_the_lesson_opens(
        make_window, qtbot) -> None:
    # Opened with the lesson's dock, the view used to be a strip under the text: the height
    # was shared before the dock had any.
    _window, lessons = make_window()
    lessons.open_lesson("backpropagation")
    panel = lessons.panel
    assert panel.current_view is not None

    def view_share() -> float:
        text, view = panel.splitter.sizes()
        return view / max(text + view, 1)

    qtbot.waitUntil(lambda: abs(view_share() - (1 - TEXT_SHARE)) < 0.05, timeout=5000)



def test_a_done_note_does_not_move_the_steps_buttons(make_window, qtbot) -> None:
    _window, lessons = make_window()
    assert lessons.open_lesson(LESSONS[0].id)
    panel = lessons.panel
    while panel.actions_box.count() == 0:  # the first step with buttons of its own
        qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    action = panel.actions_box.itemAt(0).widget()
    qtbot.waitUntil(action.isVisible, timeout=2000)
    panel.show_message("", error=False)
    panel.layout().activate()
    before = action.mapTo(panel, action.rect().topLeft())
    panel.show_message("Done: add a hidden layer\nof 32 units", error=False)  # two lines
    panel.layout().activate()
    panel.splitter.widget(0).layout().activate()
    assert action.mapTo(panel, action.rect().topLeft()) == before


def test_a_step_can_bring_a_tab_of_a_pane_to_the_front(make_window, qtbot) -> None:
    """Lesson 6 opens the Health tab itself; the student no longer has to find it."""
    from PySide6.QtWidgets import QTabWidget

    window, lessons = make_window()
    assert lessons.open_lesson("skip-connections")
    session = lessons.session
    step = next(i for i, s in enumerate(session.lesson.steps)
                if any(e.op == "show_pane" and e.args.get("tab") == "healthView"
                       for a in s.actions for e in a.edits))
    session.go_to(step)
    action = next(i for i, a in enumerate(session.step.actions)
                  if any(e.args.get("tab") == "healthView" for e in a.edits))
    tabs = window.findChild(QTabWidget, "insideTabs")
    tabs.setCurrentIndex(0)
    assert session.apply(action)
    assert tabs.currentWidget().objectName() == "healthView"
    assert window.pane("insideDock").isVisible()
