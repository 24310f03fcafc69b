"""Opens the app's window as the app does and prints its measurements as one JSON line.

Run in a subprocess by ``test_screen_fit.py`` with a scale factor (``QT_SCALE_FACTOR=2``) and
the offscreen platform given a 1920×1080 screen (``QT_QPA_PLATFORM=offscreen:configfile=…``),
since the scale factor is read once, when the application starts. By hand::

    QT_SCALE_FACTOR=2 QT_QPA_PLATFORM=offscreen:configfile=screen.json \\
        .venv/bin/python tests/gui/scaled_window_probe.py SETTINGS_FOLDER [LANGUAGE]

Settings go to the folder given (an INI file), never to the user's.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QRect,
    QSettings,
    QStandardPaths,
    QTimer,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

SETTLE_SECONDS = 5.0


def global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def within(outer: QRect, inner: QRect, tolerance: int = 1) -> bool:
    """Whether ``inner`` lies in ``outer``, give or take the rounding of a scale factor."""
    return outer.adjusted(-tolerance, -tolerance, tolerance, tolerance).contains(inner)


def settle(condition: Any = lambda: False, seconds: float = SETTLE_SECONDS) -> None:
    """Let the window settle: an event loop runs until ``condition`` holds or time is up."""
    loop = QEventLoop()
    poll = QTimer(interval=10)
    poll.timeout.connect(lambda: condition() and loop.quit())
    poll.start()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    poll.stop()
    for _ in range(5):
        QApplication.processEvents()


def oversized_dialog(parent: QWidget) -> QDialog:
    """A dialog asking for twice the screen, with OK and Cancel at its bottom."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Oversized")
    layout = QVBoxLayout(dialog)
    layout.addStretch(1)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    layout.addWidget(buttons)
    area = parent.screen().availableGeometry()
    dialog.resize(area.width() * 2, area.height() * 2)
    return dialog


def dialog_numbers(dialog: QDialog) -> dict[str, Any]:
    dialog.show()
    settle(dialog.isVisible, 1.0)
    area = dialog.screen().availableGeometry()
    buttons = [b for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons()]
    numbers = {
        "frame": [dialog.frameGeometry().x(), dialog.frameGeometry().y(),
                  dialog.frameGeometry().width(), dialog.frameGeometry().height()],
        "fits": within(area, dialog.frameGeometry()),
        "buttons_on_screen": bool(buttons) and all(within(area, global_rect(b))
                                                   for b in buttons),
    }
    dialog.reject()
    return numbers


def cards_in_view(editor: Any) -> int:
    """How many layer cards the editor shows whole, not cut by its scroll area."""
    viewport = editor.scroll.viewport()
    area = global_rect(viewport)
    return sum(area.contains(global_rect(card)) for card in editor.visible_cards())


def text_whole(label: Any) -> bool:
    """Whether a label shows all its text: every word fits its width, every line its height."""
    metrics = label.fontMetrics()
    widest = max(metrics.horizontalAdvance(word) for word in label.text().split())
    tall = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
    return widest <= label.width() and tall <= label.height() and (
        label.wordWrap() or metrics.horizontalAdvance(label.text()) <= label.width())


def main(settings_folder: str, language: str = "en") -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QStandardPaths.setTestModeEnabled(True)
    QCoreApplication.setOrganizationName("nn-playground-tests")
    QCoreApplication.setApplicationName("scaled-window-probe")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_folder)
    from playground.app import create_window, show_main_window
    from playground.core.teaching.templates import TEMPLATES
    from playground.gui.settings_dialog import SettingsDialog

    window = create_window(language, restore_layout=False)
    window.document.load_template(TEMPLATES["cnn-mnist"])
    window.document.undo_stack.setClean()
    show_main_window(window)
    area = window.screen().availableGeometry()
    settle(lambda: window.isVisible() and window.width() >= area.width() - 4)
    editor = window.editor
    scroll, footer, block = editor.scroll, editor.footer, editor.input_block
    viewport = scroll.viewport()
    visible_block = global_rect(block).intersected(global_rect(viewport))
    toolbar = window.findChild(QToolBar, "mainToolbar")
    shown = {name: toolbar.widgetForAction(window.actions_by_name[name]).isVisible()
             for name in ("trainAction", "stepAction", "stopAction")}
    frame = window.frameGeometry()
    numbers = {
        "dpr": window.devicePixelRatioF(),
        "available": [area.x(), area.y(), area.width(), area.height()],
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "maximized": window.isMaximized(),
        "window_fits": within(area, frame),
        "editor_height": editor.height(),
        "editor_least_height": editor.minimumSizeHint().height(),
        "layer_area_height": viewport.height(),
        "footer_height": footer.height(),
        "footer_over_layer_area": footer.geometry().intersects(scroll.geometry()),
        "footer_over_input_block": global_rect(footer).intersects(visible_block),
        "input_block_shown": not visible_block.isEmpty(),
        "editor_scrolls_sideways": scroll.horizontalScrollBar().isVisible(),
        "bottom_panes_height": window.curves_dock.height(),
        "cards_in_view": cards_in_view(editor),
        "editor_compact": editor.compact,
        "inspector_title_whole": text_whole(window.inspector.title),
        "train_step_stop_shown": shown,
        "oversized_dialog": dialog_numbers(oversized_dialog(window)),
        "preferences": dialog_numbers(SettingsDialog(parent=window)),
    }
    print("PROBE " + json.dumps(numbers), flush=True)
    window.document.undo_stack.setClean()
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
