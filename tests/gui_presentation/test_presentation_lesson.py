"""Presentation mode with a lesson open: the lesson stays, nothing to press is cut off, the
editor keeps real height, the type reads from the back of the room, and leaving puts the
lesson and the panes back where they were."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QDockWidget, QFormLayout, QLabel, QTabBar

from playground.gui.main_window import MainWindow
from tests.gui_presentation.presenting import (
    PROJECTORS,
    lessons_of,
    mode_of,
    on_projector,
    open_lesson,
    out_of_view,
    wholly_in_view,
)

RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
READABLE_PX = 24  # body text on a 1280×800 projector, read from the back of a classroom


@pytest.mark.parametrize(("width", "height"), PROJECTORS)
def test_the_lesson_stays_and_every_button_it_asks_for_is_in_view(
        qtbot, window: MainWindow, width: int, height: int) -> None:
    # The lesson used to disappear, and showing it again pushed Step and Reset (at 1024×768
    # Pause, Step, Stop and Reset too) out of the training panel.
    lessons = open_lesson(window)
    on_projector(qtbot, window, width, height)
    dock = lessons.dock
    assert dock.isVisible() and not dock.visibleRegion().isEmpty()
    assert window.dockWidgetArea(dock) == window.dockWidgetArea(window.training_dock) == RIGHT
    assert dock.geometry().bottom() < window.training_dock.geometry().top()  # the lesson above
    qtbot.waitUntil(lambda: out_of_view(window) == [], timeout=3000)
    assert lessons.panel.action_buttons  # the step's own button is among those checked
    assert window.size() == QSize(width, height)  # no pane pushed the window past the screen


@pytest.mark.parametrize(("width", "height"), PROJECTORS)
def test_every_step_of_every_lesson_keeps_its_buttons_in_view(
        qtbot, window: MainWindow, width: int, height: int) -> None:
    lessons = lessons_of(window)
    on_projector(qtbot, window, width, height)
    for lesson in lessons.lessons:
        assert lessons.open_lesson(lesson.id)
        for index in range(len(lesson.steps)):
            lessons.session.go_to(index)
            qtbot.waitUntil(lambda: out_of_view(window) == [], timeout=3000)
            assert window.size() == QSize(width, height), (lesson.id, index + 1)


def test_the_editor_keeps_real_height_at_1280x800(qtbot, window: MainWindow) -> None:
    open_lesson(window)
    on_projector(qtbot, window, 1280, 800)
    qtbot.waitUntil(lambda: window.editor.height() >= 400, timeout=3000)  # was about 290


@pytest.mark.parametrize(("width", "height"), PROJECTORS)
def test_the_editor_shows_more_than_one_layer_card_in_the_large_type(
        qtbot, window: MainWindow, width: int, height: int) -> None:
    """The totals become one wrapped line and the input block two rows: at 24 px type the
    editor showed one whole card of seven, with the footer taking a third of it."""
    editor = window.editor
    open_lesson(window)
    assert editor.footer.params.isVisibleTo(editor) and not editor.compact
    on_projector(qtbot, window, width, height)
    qtbot.waitUntil(lambda: whole_cards(window) >= 2, timeout=3000)
    assert editor.compact and editor.footer.summary.isVisible()
    assert not editor.footer.params.isVisible()
    assert editor.footer.height() < 100
    summary = editor.footer.summary.text()
    for figure in (editor.footer.params, editor.footer.macs):
        assert figure.value.text().replace(" ", "&nbsp;") in summary
    mode_of(window).leave()
    qtbot.waitUntil(lambda: not editor.compact, timeout=3000)
    assert editor.footer.params.isVisible() and not editor.footer.summary.isVisible()


@pytest.mark.parametrize(("width", "height"), PROJECTORS)
def test_no_card_cuts_its_shape_or_count_in_the_large_type(
        qtbot, window: MainWindow, width: int, height: int) -> None:
    """The figures' room was measured once in the normal type: at 1024×768 the larger type
    cut "→ (10, 8, 8)" and "1,510 params" at their left edge."""
    open_lesson(window)
    on_projector(qtbot, window, width, height)

    def cut() -> list[str]:
        return [label.text() for card in window.editor.visible_cards()
                for label in (card.shape, card.params)
                if label.width() < label.fontMetrics().horizontalAdvance(label.text())]

    qtbot.waitUntil(lambda: window.editor.compact, timeout=3000)
    qtbot.waitUntil(lambda: cut() == [], timeout=3000)
    assert QFontInfo(window.editor.visible_cards()[0].shape.font()).pixelSize() >= 18


def whole_cards(window: MainWindow) -> int:
    """How many layer cards the editor shows whole, not cut by its scroll area."""
    viewport = window.editor.scroll.viewport()
    return sum(viewport.rect().contains(QRect(card.mapTo(viewport, QPoint(0, 0)), card.size()))
               for card in window.editor.visible_cards())


def test_the_type_reads_from_the_back_of_the_room_at_1280x800(
        qtbot, window: MainWindow) -> None:
    lessons = open_lesson(window, step=8)  # its last step shows Compare Runs beside the curves
    on_projector(qtbot, window, 1280, 800)
    lessons.panel.action_buttons[-1].click()  # "Compare the runs": a tab bar under the curves
    training = window.training.panel
    progress = training.epoch_bar.parentWidget().layout()
    assert isinstance(progress, QFormLayout)
    epochs_label = progress.labelForField(training.epoch_bar)
    assert isinstance(epochs_label, QLabel) and epochs_label.text() == "Epochs"
    curves_title = window.curves_dock.titleBarWidget()
    assert isinstance(curves_title, QLabel) and curves_title.text() == "Learning Curves"

    def bottom_tabs() -> list[QTabBar]:
        return [bar for bar in window.findChildren(QTabBar) if bar.isVisible()
                and "Learning Curves" in [bar.tabText(i) for i in range(bar.count())]]

    qtbot.waitUntil(lambda: bool(bottom_tabs()), timeout=3000)
    sizes = {name: QFontInfo(widget.font()).pixelSize() for name, widget in {
        "lesson step text": lessons.panel.text,
        "training panel label": epochs_label,
        "training button": training.train_button,
        "pane title": curves_title,
        "pane tabs": bottom_tabs()[0],
    }.items()}
    assert min(sizes.values()) >= READABLE_PX, sizes


def test_the_type_shrinks_with_a_smaller_screen_to_keep_its_size_on_the_wall(
        qtbot, window: MainWindow) -> None:
    open_lesson(window)
    on_projector(qtbot, window, 1024, 768)
    mode = mode_of(window)
    assert mode.font_scale == round(max(1.0, mode.scale * 1024 / 1280), 2)


def dock_layout(window: MainWindow) -> dict[str, object]:
    """Where every pane is and how the window is arranged, in comparable values."""
    docks = [d for d in window.findChildren(QDockWidget) if d.parent() is window]
    return {
        "open": sorted(d.objectName() for d in docks if not d.isHidden()),
        "areas": {d.objectName(): window.dockWidgetArea(d) for d in docks},
        "tabs": {d.objectName(): sorted(t.objectName() for t in window.tabifiedDockWidgets(d))
                 for d in docks},
        "corners": [window.corner(c) for c in Qt.Corner],
        "title bars": [d.objectName() for d in docks if d.titleBarWidget() is not None],
        "least sizes": {d.objectName(): d.minimumSize().toTuple() for d in docks},
        "sizes in view": {d.objectName(): d.size().toTuple() for d in docks
                          if not d.visibleRegion().isEmpty()},
        "geometry": window.geometry().getRect(),
        "full screen": window.isFullScreen(),
    }


def test_leaving_puts_the_lesson_and_the_panes_back(qtbot, window: MainWindow) -> None:
    lessons = open_lesson(window)
    qtbot.waitUntil(lessons.dock.isVisible, timeout=3000)
    qtbot.wait(50)  # the lesson's column takes its share once the window has laid it out
    before = dock_layout(window)
    assert window.dockWidgetArea(lessons.dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    mode = mode_of(window)
    on_projector(qtbot, window, 1280, 800)
    assert dock_layout(window) != before
    mode.leave()
    qtbot.waitUntil(lambda: dock_layout(window) == before, timeout=3000)
    assert lessons.session is not None and lessons.panel.text.isVisible()


def test_a_lesson_opened_during_the_mode_joins_the_column_and_stays_open_after(
        qtbot, window: MainWindow) -> None:
    on_projector(qtbot, window, 1280, 800)
    lessons = open_lesson(window)
    qtbot.waitUntil(lambda: window.dockWidgetArea(lessons.dock) == RIGHT, timeout=3000)
    qtbot.waitUntil(lambda: out_of_view(window) == [], timeout=3000)
    mode_of(window).leave()
    qtbot.waitUntil(
        lambda: window.dockWidgetArea(lessons.dock) == Qt.DockWidgetArea.LeftDockWidgetArea,
        timeout=3000)
    assert lessons.dock.isVisible()  # the lesson is still open: its pane stays
    assert window.training_dock in window.tabifiedDockWidgets(window.inspector_dock)


def test_a_lesson_closed_during_the_mode_leaves_no_empty_pane(qtbot, window: MainWindow) -> None:
    lessons = open_lesson(window)
    on_projector(qtbot, window, 1280, 800)
    lessons.close_lesson()
    assert lessons.dock.isHidden()
    qtbot.waitUntil(lambda: wholly_in_view(window.training.panel.reset_button), timeout=3000)
    mode_of(window).leave()
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=3000)
    assert lessons.dock.isHidden()
    assert window.training_dock in window.tabifiedDockWidgets(window.inspector_dock)
