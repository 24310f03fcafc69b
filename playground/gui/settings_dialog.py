"""Edit ▸ Preferences: language, theme and presentation font size, remembered between runs.

The theme applies at once, and so does a new language when OK is pressed: the open window is
shown in it as it stands, a run in progress included (see :mod:`playground.gui.language_switch`).

:func:`install` also remembers the training device: the device picked in the training panel
is stored when the user picks it, and put back when the window opens or a project that leaves
the device to "auto" comes in. A graphics card found later (device detection runs after the
window is up) is selected as soon as it appears.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from playground.gui import theme
from playground.gui.app_settings import MAX_SCALE, MIN_SCALE, UI_LANGUAGES, AppSettings
from playground.gui.i18n import current_language

if TYPE_CHECKING:
    from playground.gui.host import WindowHost

DEVICE_COMBO = "setting_device"  # the training panel's device choice


def tr(text: str) -> str:
    return QCoreApplication.translate("SettingsDialog", text)


def language_name(code: str) -> str:
    """A language's name in that language ("English", "Español", "Français"), as a reader
    looks for their own language in a list."""
    from babel import Locale

    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


class SettingsDialog(QDialog):
    """The preferences; :meth:`apply` stores them (OK calls it) and applies the theme."""

    def __init__(self, settings: AppSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setAccessibleName(tr("Preferences"))
        self.setWindowTitle(tr("Preferences"))
        self.settings = settings or AppSettings()
        self._language_at_open = self.settings.language

        self.language = self._combo("languageCombo", tr("Language"), (
            ("system", tr("System")), *((code, language_name(code)) for code in UI_LANGUAGES)),
            self.settings.language)
        self.language.setToolTip(tr("The language of the interface."))
        self.theme = self._combo("themeCombo", tr("Theme"), (
            ("system", tr("System")), ("light", tr("Light")), ("dark", tr("Dark"))),
            self.settings.theme)
        self.theme.setToolTip(tr("Light or dark colours; System follows the desktop."))
        self.scale = QDoubleSpinBox(objectName="presentationScaleSpin")
        self.scale.setAccessibleName(tr("Presentation font size"))
        self.scale.setToolTip(tr("How much larger the text is in presentation mode (F11)."))
        self.scale.setRange(MIN_SCALE, MAX_SCALE)
        self.scale.setSingleStep(0.1)
        self.scale.setDecimals(1)
        self.scale.setSuffix("×")
        self.scale.setValue(self.settings.presentation_scale)
        self.restart_note = QLabel(objectName="restartNote")
        self.restart_note.setAccessibleName(tr("Restart note"))
        self.restart_note.setWordWrap(True)
        self.language.currentIndexChanged.connect(self._show_restart_note)
        self._show_restart_note()

        form = QFormLayout()
        form.addRow(tr("&Language:"), self.language)
        form.addRow(tr("&Theme:"), self.theme)
        form.addRow(tr("&Presentation font size:"), self.scale)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("settingsButtons")
        for button, name, label in (
            (QDialogButtonBox.StandardButton.Ok, "settingsOkButton", tr("OK")),
            (QDialogButtonBox.StandardButton.Cancel, "settingsCancelButton", tr("Cancel")),
        ):
            widget = buttons.button(button)
            widget.setObjectName(name)
            widget.setAccessibleName(label)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.restart_note)
        layout.addWidget(buttons)

    def _combo(self, name: str, label: str, choices: tuple[tuple[str, str], ...],
               current: str) -> QComboBox:
        combo = QComboBox(objectName=name)
        combo.setAccessibleName(label)
        for value, text in choices:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        return combo

    def _show_restart_note(self) -> None:
        changed = self.language.currentData() != self._language_at_open
        text = tr("Pressing OK shows the window in the new language; your project, its runs and "
                  "a run in progress stay as they are.") if changed else ""
        self.restart_note.setText(text)
        self.restart_note.setVisible(changed)

    def accept(self) -> None:
        self.apply()
        super().accept()

    def apply(self) -> None:
        """Store the choices and apply the theme now."""
        self.settings.language = self.language.currentData()
        self.settings.theme = self.theme.currentData()
        self.settings.presentation_scale = round(self.scale.value(), 1)
        self.settings.sync()
        theme.theme_manager().set_theme(self.settings.theme)


def remember_device(window: WindowHost, settings: AppSettings | None = None) -> None:
    """Store the device the user picks and select it again in later sessions."""
    combo = window.window_widget().findChild(QComboBox, DEVICE_COMBO)
    if combo is None:
        return
    settings = settings or AppSettings()
    document = window.document

    def store(index: int) -> None:
        device = combo.itemData(index)
        if isinstance(device, str):
            settings.last_device = device

    def select_saved() -> None:
        """Pick the saved device unless the project names one itself; keep a clean project
        clean (the device is a preference of this computer, not an edit of the project)."""
        wanted = settings.last_device
        index = combo.findData(wanted)
        if index < 0 or document.config.device != "auto" or combo.currentIndex() == index:
            return
        clean = not document.dirty
        combo.setCurrentIndex(index)
        if clean and document.dirty:
            document.undo_stack.setClean()

    combo.activated.connect(store)
    # Devices found later are added to the combo: try again once the form has shown them.
    combo.model().rowsInserted.connect(lambda *_: QTimer.singleShot(0, select_saved))
    document.replaced.connect(lambda: QTimer.singleShot(0, select_saved))
    select_saved()


def open_preferences(window: WindowHost) -> None:
    """Edit ▸ Preferences…: show the dialog, then apply a new language if one was chosen."""
    dialog = SettingsDialog(parent=window.window_widget())
    if dialog.exec() == QDialog.DialogCode.Accepted:
        apply_language_choice(window, dialog.settings)


def apply_language_choice(window: WindowHost, settings: AppSettings) -> WindowHost | None:
    """Show the window in the stored language if it differs from the one shown; returns the
    window, or None when nothing changed."""
    from playground.gui.language_switch import switch_language

    wanted = settings.effective_language()
    if wanted == current_language():
        return None
    return switch_language(window, wanted)


def install(host: WindowHost) -> QAction:
    """Add Edit ▸ Preferences…, paint the window in the theme and restore the last device.

    The preferences feature's factory: the app builds it with each window's host.
    """
    window = host.window_widget()
    existing = host.action("preferencesAction")
    if existing is not None:
        return existing
    theme.install(window)
    action = QAction(tr("&Preferences…"), window)
    action.setObjectName("preferencesAction")
    action.setMenuRole(QAction.MenuRole.PreferencesRole)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Preferences))
    action.setStatusTip(tr("Language, theme and presentation font size"))
    action.triggered.connect(lambda _checked=False: open_preferences(host))
    host.menu("edit").addSeparator()
    host.add_action("edit", action)
    remember_device(host)
    return action
