"""The window and its dialogs fit small and scaled screens (see playground.gui.screen_fit).

The offscreen test screen is 800×800, smaller than the window's default 1400×900: the window
opens maximised within it. Larger screens are faked by replacing the function that reads the
available geometry. The scale factor is read once per process, so the 2× screen (1920×1080,
960×540 logical) is measured in a subprocess (``scaled_window_probe.py``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, QLocale, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from playground.app import create_window, show_main_window
from playground.gui import screen_fit
from playground.gui.autosave import describe_time
from playground.gui.dock_tabs import stray_tab_bars
from playground.gui.i18n import install_language
from playground.gui.main_window import APP_NAME, BOTTOM_PANE_HEIGHT, DEFAULT_SIZE, MainWindow
from playground.gui.settings_dialog import SettingsDialog

PROBE = Path(__file__).with_name("scaled_window_probe.py")
Button = QMessageBox.StandardButton


def global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def fake_screen(monkeypatch: pytest.MonkeyPatch, width: int, height: int) -> QRect:
    area = QRect(0, 0, width, height)
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _widget=None: QRect(area))
    return area


@pytest.fixture
def opened(qtbot) -> MainWindow:
    """The window as the app opens it, on the 800×800 test screen."""
    window = create_window(restore_layout=False)
    qtbot.addWidget(window)
    show_main_window(window)
    qtbot.waitExposed(window)
    return window


# -- the main window -----------------------------------------------------------------------------

def test_the_window_opens_maximised_within_a_screen_smaller_than_its_default_size(
        opened) -> None:
    area = opened.screen().availableGeometry()
    assert area.width() < DEFAULT_SIZE[0]  # the test screen is the small one
    assert opened.opens_maximised and opened.isMaximized()
    assert area.contains(opened.frameGeometry())
    for part in (opened.inspector_dock, opened.curves_dock, opened.statusBar()):
        assert area.contains(global_rect(part)), part.objectName()


def test_shown_plainly_the_window_still_fits_the_screen(qtbot) -> None:
    window = create_window(restore_layout=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.screen().availableGeometry().contains(window.frameGeometry())


def test_on_a_large_screen_the_window_opens_at_its_default_size(qtbot, monkeypatch) -> None:
    fake_screen(monkeypatch, 1920, 1080)
    window = create_window(restore_layout=False)
    qtbot.addWidget(window)
    assert not window.opens_maximised
    assert window.size() == QSize(*DEFAULT_SIZE)


@pytest.mark.parametrize("size", [(1280, 800), (1024, 768)])
def test_a_classroom_screen_smaller_than_the_default_opens_maximised(
        qtbot, monkeypatch, size) -> None:
    area = fake_screen(monkeypatch, *size)
    window = create_window(restore_layout=False)
    qtbot.addWidget(window)
    assert window.opens_maximised
    assert area.contains(QRect(area.topLeft(), window.size()))


def test_a_restored_window_larger_than_the_screen_is_brought_within_it(qtbot) -> None:
    big = create_window(restore_layout=False)
    qtbot.addWidget(big)
    big.setGeometry(-300, -200, 2400, 1600)  # saved on a larger screen, further left
    big.save_layout()
    window = create_window()
    qtbot.addWidget(window)
    window.show_fitted()
    qtbot.waitExposed(window)
    assert window.screen().availableGeometry().contains(window.frameGeometry())


def test_the_panes_leave_the_editor_room_on_a_short_screen(qtbot, monkeypatch) -> None:
    """On 960×540 (1920×1080 at 2×) the bottom panes give way, down to what they need."""
    fake_screen(monkeypatch, 960, 540)
    window = create_window(restore_layout=False)
    qtbot.addWidget(window)
    assert window._bottom_height(540) < BOTTOM_PANE_HEIGHT
    assert window._bottom_height(900) == BOTTOM_PANE_HEIGHT


def test_the_layer_cards_fit_the_editor_at_1024_without_a_sideways_scroll_bar(opened,
                                                                              qtbot) -> None:
    from playground.core.teaching.templates import TEMPLATES

    opened.document.load_template(TEMPLATES["cnn-mnist"])
    opened.showNormal()
    opened.resize(1024, 740)
    qtbot.waitUntil(lambda: opened.width() == 1024, timeout=2000)
    scroll = opened.editor.scroll
    qtbot.waitUntil(lambda: scroll.viewport().width() >= scroll.widget().minimumSizeHint()
                    .width(), timeout=2000)
    assert not scroll.horizontalScrollBar().isVisible()


def test_the_default_pane_sizes_follow_the_window_until_the_user_arranges_them(
        opened, qtbot) -> None:
    """Opened on the small screen, then enlarged: the panes get their sizes for the large
    window; once the user has moved a pane, a resize leaves the panes as they are."""
    opened.showNormal()
    opened.resize(*DEFAULT_SIZE)
    qtbot.waitUntil(lambda: opened.width() == DEFAULT_SIZE[0], timeout=2000)
    palette, right = opened._side_widths(DEFAULT_SIZE[0])
    assert (opened.palette_dock.width(), opened.inspector_dock.width()) == (palette, right)
    assert right >= 340  # the training panel's progress line
    opened.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, opened.palette_dock)  # moved
    opened.resizeDocks([opened.palette_dock], [300], Qt.Orientation.Horizontal)
    opened.resize(1300, 880)
    qtbot.waitUntil(lambda: opened.width() == 1300, timeout=2000)
    assert not opened._docks_follow_size


def test_a_leftover_tab_bar_across_a_pane_it_lists_is_hidden(qtbot) -> None:
    """A bar in use runs along its group's edge; one left across the pane's middle (where
    the right column's stayed when the window opened maximised) is a leftover."""
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("editor"))
    docks = []
    for title in ("Inspector", "Training"):
        dock = QDockWidget(title, window)
        dock.setObjectName(title)
        dock.setWidget(QLabel(title))
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        docks.append(dock)
    window.tabifyDockWidget(*docks)
    window.resize(800, 600)
    window.show()
    qtbot.waitExposed(window)
    leftover = QTabBar(window)
    for title in ("Inspector", "Training"):
        leftover.addTab(title)
    pane = docks[0].geometry()
    leftover.setGeometry(pane.left() - 40, pane.center().y(), 200, 26)
    leftover.show()
    assert stray_tab_bars(window) == [leftover]


# -- the toolbar at 1024 wide --------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "es"])
def test_train_step_and_stop_stay_on_the_toolbar_at_1024(qtbot, qapp, language) -> None:
    install_language(qapp, language)
    try:
        window = create_window(language, restore_layout=False)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.resize(1024, 740)
        qtbot.waitUntil(lambda: window.toolbar.width() == 1024, timeout=2000)
        toolbar = window.toolbar
        for name in ("trainAction", "stepAction", "stopAction"):
            button = toolbar.widgetForAction(window.actions_by_name[name])
            assert button.isVisible(), name
            assert global_rect(toolbar).contains(global_rect(button)), name
        assert toolbar.widgetForAction(window.actions_by_name["stepAction"]).text() == (
            "Paso" if language == "es" else "Step")
        window.close()
    finally:
        install_language(qapp, "en")


# -- dialogs -------------------------------------------------------------------------------------

def oversized_dialog(parent: QWidget, minimum: bool = False) -> tuple[QDialog, QDialogButtonBox]:
    """A dialog twice the screen's size (or whose layout needs that much), OK and Cancel at
    its bottom right."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Oversized")
    layout = QVBoxLayout(dialog)
    body = QWidget()
    area = parent.screen().availableGeometry()
    if minimum:
        body.setMinimumSize(area.width() * 2, area.height() * 2)
    layout.addWidget(body, 1)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    layout.addWidget(buttons)
    dialog.resize(area.width() * 2, area.height() * 2)
    return dialog, buttons


@pytest.mark.parametrize("minimum", [False, True], ids=["sized", "laid-out"])
def test_a_dialog_larger_than_the_screen_is_clamped_with_its_buttons_on_screen(
        opened, qtbot, minimum) -> None:
    dialog, buttons = oversized_dialog(opened, minimum)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    area = dialog.screen().availableGeometry()
    assert area.contains(dialog.frameGeometry())
    for button in buttons.buttons():
        assert area.contains(global_rect(button))


def test_a_dialog_placed_off_screen_is_moved_onto_it(opened, qtbot) -> None:
    dialog = QDialog(opened)
    dialog.resize(300, 200)
    dialog.move(-500, 5000)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.screen().availableGeometry().contains(dialog.frameGeometry())


def test_a_message_box_with_a_very_long_text_is_clamped(opened, qtbot) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "Long", "\n".join(["line"] * 200),
                      Button.Ok, opened)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    area = box.screen().availableGeometry()
    assert area.contains(box.frameGeometry())
    assert area.contains(global_rect(box.button(Button.Ok)))


def test_installing_the_fitter_twice_keeps_one(qapp) -> None:
    assert screen_fit.install(qapp) is screen_fit.install(qapp)


def test_the_main_window_is_not_touched_by_the_dialog_fitter(opened, qtbot) -> None:
    """Only dialogs are clamped when shown: the main window keeps the size it was given."""
    opened.showNormal()
    opened.resize(1600, 1000)  # larger than the test screen, as a user may drag it
    qtbot.waitUntil(lambda: opened.width() == 1600, timeout=2000)
    opened.hide()
    opened.show()
    qtbot.waitExposed(opened)
    assert opened.width() == 1600


# -- whole titles --------------------------------------------------------------------------------

def title_width(widget: QWidget) -> int:
    """The title as the window manager gets it, in bold: Qt adds the app's name."""
    font = QFont(widget.font())
    font.setBold(True)
    return QFontMetrics(font).horizontalAdvance(f"{widget.windowTitle()} \u2014 {APP_NAME}")


@pytest.fixture
def app_name(qapp):
    """The app's display name, as the app sets it (Qt adds it to every window title)."""
    name = qapp.applicationDisplayName()
    qapp.setApplicationDisplayName(APP_NAME)
    yield APP_NAME
    qapp.setApplicationDisplayName(name)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_preferences_dialog_is_wide_enough_for_its_whole_title(qtbot, qapp, app_name,
                                                                   language) -> None:
    """"Preferences — Neural Network Playground": the form alone is narrower, and the title
    bar cut the title short."""
    install_language(qapp, language)
    screen_fit.install(qapp)
    try:
        dialog = SettingsDialog()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.windowTitle() == ("Preferencias" if language == "es" else "Preferences")
        assert dialog.width() >= title_width(dialog) + 100
        dialog.close()
    finally:
        install_language(qapp, "en")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_unsaved_changes_question_is_wide_enough_for_its_whole_title(
        qtbot, qapp, app_name, language) -> None:
    """A message box fixes its own size to its text: "Cambios sin guardar — …" was cut."""
    install_language(qapp, language)
    try:
        window = create_window(language, restore_layout=False)
        qtbot.addWidget(window)
        box = window.unsaved_changes_box()
        qtbot.addWidget(box)
        box.show()
        qtbot.waitExposed(box)
        assert box.width() >= title_width(box) + 100
        text = box.findChild(QLabel, "qt_msgbox_label")
        assert text.height() >= text.heightForWidth(text.width())  # its text still shows
        box.reject()
        window.close()
    finally:
        install_language(qapp, "en")


# -- the restore dialog's date -------------------------------------------------------------------

SAVED_AT = QDateTime.fromString("2026-12-04T20:55:00", Qt.DateFormat.ISODate)


@pytest.mark.parametrize(("language", "locale"), [
    ("en", QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)),
    ("es", QLocale(QLocale.Language.Spanish, QLocale.Country.Spain)),
])
def test_the_restore_question_writes_the_date_as_the_language_does_on_a_bare_system(
        qapp, language, locale) -> None:
    """With LANG=C (no regional settings) Qt's C locale wrote "4 12 2026 20:55"."""
    install_language(qapp, language)
    try:
        if language == "en":
            QLocale.setDefault(QLocale.c())  # what an English interface gets with LANG=C
        text = describe_time(SAVED_AT.toMSecsSinceEpoch() / 1000)
        assert text == locale.toString(SAVED_AT, QLocale.FormatType.ShortFormat)
        assert text == ("12/4/26 8:55\u202fPM" if language == "en" else "4/12/26 20:55")
        assert text != "4 12 2026 20:55"
    finally:
        install_language(qapp, "en")


def test_a_regional_locale_keeps_its_own_date_format(qapp) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    try:
        assert describe_time(SAVED_AT.toMSecsSinceEpoch() / 1000) == "04/12/2026 20:55"
    finally:
        install_language(qapp, "en")


# -- Alt+D in the unsaved-changes question -------------------------------------------------------

@pytest.mark.parametrize(("language", "label"), [("en", "&Don't Save"), ("es", "&Descartar")])
def test_alt_d_answers_discard_in_the_unsaved_changes_question(qtbot, qapp, language,
                                                               label) -> None:
    install_language(qapp, language)
    try:
        window = create_window(language, restore_layout=False)
        qtbot.addWidget(window)
        window.document.append_layer("Dense")  # something unsaved
        box = window.unsaved_changes_box()
        qtbot.addWidget(box)
        discard = box.button(Button.Discard)
        assert discard.text() == label
        box.show()
        qtbot.waitExposed(box)
        box.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=2000)
        with qtbot.waitSignal(box.finished, timeout=2000):
            qtbot.keyClick(box, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
        assert box.clickedButton() is discard
        assert box.result() == Button.Discard.value
        window.document.undo_stack.setClean()
        window.close()
    finally:
        install_language(qapp, "en")


# -- 1920×1080 at a scale factor of 2 ------------------------------------------------------------

def test_the_layout_holds_at_a_scale_factor_of_2(tmp_path) -> None:
    """960×540 logical pixels, in Spanish (the longer texts): the window fits, the totals
    footer stays below the layers and goes compact, the editor shows the input block and two
    whole layer cards above the bottom panes, the inspector's heading is whole, every dialog
    fits."""
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{
        "name": "fhd", "x": 0, "y": 0, "width": 1920, "height": 1080,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_SCALE_FACTOR="2",
               QT_QPA_PLATFORM=f"offscreen:configfile={screen}")
    done = subprocess.run([sys.executable, str(PROBE), str(tmp_path / "settings"), "es"], env=env,
                          capture_output=True, text=True, timeout=180, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("PROBE ")]
    assert lines, done.stdout + done.stderr
    numbers = json.loads(lines[-1].removeprefix("PROBE "))
    assert numbers["dpr"] == 2.0 and numbers["available"] == [0, 0, 960, 540]
    assert numbers["maximized"] and numbers["window_fits"], numbers["frame"]
    assert not numbers["footer_over_layer_area"] and not numbers["footer_over_input_block"]
    assert numbers["input_block_shown"]
    assert numbers["editor_height"] >= numbers["editor_least_height"]  # nothing squeezed
    assert numbers["layer_area_height"] >= 100, numbers
    assert not numbers["editor_scrolls_sideways"]
    assert numbers["bottom_panes_height"] < BOTTOM_PANE_HEIGHT
    assert numbers["editor_compact"] and numbers["cards_in_view"] >= 2, numbers
    assert numbers["inspector_title_whole"]
    assert all(numbers["train_step_stop_shown"].values())
    for dialog in ("oversized_dialog", "preferences"):
        assert numbers[dialog]["fits"] and numbers[dialog]["buttons_on_screen"], dialog
