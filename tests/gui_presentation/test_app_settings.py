"""Preferences: typed settings that survive a restart, the dialog, the last device, decimals."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QMenu, QWidget

from playground.app import create_window
from playground.gui import settings_dialog, theme
from playground.gui.app_settings import DEFAULT_SCALE, AppSettings
from playground.gui.main_window import MainWindow
from playground.gui.settings_dialog import SettingsDialog
from playground.gui.training.settings_form import DecimalEdit


def ini(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


def test_preferences_round_trip_through_a_settings_file(tmp_path: Path) -> None:
    path = tmp_path / "prefs.ini"
    fresh = AppSettings(ini(path))
    assert (fresh.theme, fresh.language, fresh.last_device, fresh.presentation_scale) == (
        "system", "system", "auto", DEFAULT_SCALE)
    fresh.theme, fresh.language, fresh.last_device = "dark", "es", "cuda"
    fresh.presentation_scale = 2.2
    fresh.sync()
    reread = AppSettings(ini(path))  # as the next start reads them
    assert (reread.theme, reread.language, reread.last_device, reread.presentation_scale) == (
        "dark", "es", "cuda", 2.2)
    assert reread.effective_language() == "es"


def test_a_damaged_settings_file_falls_back_to_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "prefs.ini"
    path.write_text("[appearance]\ntheme=sepia\nlanguage=42\n[presentation]\nfontScale=huge\n"
                    "[training]\nlastDevice=\n")
    prefs = AppSettings(ini(path))
    assert (prefs.theme, prefs.language, prefs.last_device, prefs.presentation_scale) == (
        "system", "system", "auto", DEFAULT_SCALE)


def test_wrong_values_are_refused_with_the_choices(tmp_path: Path) -> None:
    prefs = AppSettings(ini(tmp_path / "prefs.ini"))
    with pytest.raises(ValueError, match="theme must be one of system, light, dark"):
        prefs.theme = "sepia"
    with pytest.raises(ValueError, match="language must be one of system, en, es"):
        prefs.language = "fr"
    with pytest.raises(ValueError, match=r"between 1\.0 and 3\.0"):
        prefs.presentation_scale = 9.0


def test_the_system_language_is_spanish_for_any_spanish_locale(tmp_path: Path) -> None:
    prefs = AppSettings(ini(tmp_path / "prefs.ini"))
    assert prefs.effective_language(QLocale("es_MX")) == "es"
    assert prefs.effective_language(QLocale("de_DE")) == "en"
    prefs.language = "en"
    assert prefs.effective_language(QLocale("es_ES")) == "en"


def test_the_dialog_stores_the_choices_and_applies_the_theme(qtbot, window: MainWindow) -> None:
    dialog = SettingsDialog(parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    for widget in dialog.findChildren(QWidget):
        inner = widget.objectName().startswith("qt_")  # Qt's own parts (a spin box's editor)
        if widget.isVisible() and widget.focusPolicy() != Qt.FocusPolicy.NoFocus and not inner:
            assert widget.objectName() and widget.accessibleName(), widget
    assert not dialog.restart_note.isVisible()
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    assert dialog.restart_note.isVisible()  # the language applies at the next start
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.scale.setValue(2.0)
    dialog.findChild(QWidget, "settingsOkButton").click()
    prefs = AppSettings()
    assert (prefs.language, prefs.theme, prefs.presentation_scale) == ("es", "dark", 2.0)
    window_colour = QApplication.instance().palette().color(QPalette.ColorRole.Window)
    assert window_colour.name() == theme.DARK.window


def test_cancel_changes_nothing(qtbot, window: MainWindow) -> None:
    dialog = SettingsDialog(parent=window)
    qtbot.addWidget(dialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.findChild(QWidget, "settingsCancelButton").click()
    assert AppSettings().theme == "system"


def test_preferences_is_in_the_edit_menu_once(window: MainWindow) -> None:
    settings_dialog.install(window)  # a second call adds nothing
    names = [a.objectName() for a in window.findChild(QMenu, "editMenu").actions()]
    assert names.count("preferencesAction") == 1
    assert window.actions_by_name["preferencesAction"].text().startswith("&Preferences")


def device_combo(window: MainWindow) -> QComboBox:
    return window.findChild(QComboBox, settings_dialog.DEVICE_COMBO)


def test_the_device_the_user_picks_is_chosen_again_next_time(qtbot, window: MainWindow) -> None:
    combo = device_combo(window)
    combo.setFocus()
    assert combo.currentData() == "auto"
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the user picks the next entry: CPU
    assert combo.currentData() == "cpu"
    assert AppSettings().last_device == "cpu"

    again = create_window(restore_layout=False)
    qtbot.addWidget(again)
    settings_dialog.install(again)
    assert device_combo(again).currentData() == "cpu"
    assert again.document.config.device == "cpu"
    assert not again.document.dirty  # a preference of this computer, not an edit


def test_a_graphics_card_found_later_is_selected(qtbot, window: MainWindow) -> None:
    AppSettings().last_device = "cuda"
    again = create_window(restore_layout=False)
    qtbot.addWidget(again)
    settings_dialog.install(again)
    assert device_combo(again).currentData() == "auto"  # not found yet
    again.training.panel.settings.add_devices(["cpu", "cuda"])  # what detection reports
    qtbot.waitUntil(lambda: device_combo(again).currentData() == "cuda", timeout=3000)
    assert again.document.config.device == "cuda"
    assert not again.document.dirty


@pytest.mark.parametrize("typed", ["0,005", "0.005"])
def test_the_learning_rate_accepts_a_decimal_comma_or_point(
    qtbot, window: MainWindow, typed: str
) -> None:
    edit = window.findChild(DecimalEdit, "setting_learning_rate")
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, typed)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.document.config.learning_rate == pytest.approx(0.005)
    assert edit.styleSheet() == ""  # no red frame: the value was understood
