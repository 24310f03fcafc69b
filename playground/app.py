"""Composition root: builds the QApplication and the main window, and opens a file if given.

Torch is not imported here, nor by the window: it loads when the user first opens or saves a
project, lists the datasets or trains, so the window appears in well under a second.

Here the stored preferences are applied: the theme before the first widget exists (so nothing
flashes in the wrong colours) and the language (the app's Spanish catalogue and Qt's own texts)
before the window is built. :data:`FEATURES` lists every window feature in one place: each is
built with the window as its host (:mod:`playground.gui.host`), in any order.

With the environment variable ``NN_PLAYGROUND_STARTUP_PROBE`` set, the app prints how long it
took from launch to the window's first paint and quits: ``benchmarks/startup.py`` uses it.
Its value is the launch time (``time.time()`` of the launching process); any other value
measures from the start of this process as the kernel recorded it.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from playground.gui.main_window import APP_NAME, MainWindow

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from playground.gui.host import FeatureFactory

ORGANIZATION = "nn-playground"
STARTUP_PROBE = "NN_PLAYGROUND_STARTUP_PROBE"
PROBE_TIMEOUT_MS = 60_000


def features() -> tuple[tuple[str, FeatureFactory], ...]:
    """The window's features by name, each a factory called with the window's host.

    Imported when the first window is built: none loads torch at import.
    """
    from playground.gui import autosave, export_dialog, presentation, settings_dialog
    from playground.gui.data import DataFeature
    from playground.gui.draw.install import DrawFeature
    from playground.gui.experiments import ExperimentsFeature
    from playground.gui.inside.install import InsideFeature
    from playground.gui.lessons import LessonsController
    from playground.gui.own_classes.install import OwnClassesFeature

    return (
        ("data", DataFeature),
        ("export", export_dialog.ExportActions),
        ("autosave", autosave.AutosaveManager),
        ("draw", DrawFeature),
        ("inside", InsideFeature),
        ("own-classes", OwnClassesFeature),
        ("experiments", ExperimentsFeature),
        ("lessons", LessonsController),
        ("presentation", presentation.install),
        ("preferences", settings_dialog.install),
    )


def create_window(language: str = "en", restore_layout: bool = True) -> MainWindow:
    """A main window with every feature of the app, in ``language`` (already installed).

    Every dialog shown from then on is kept within its screen (see :mod:`screen_fit`).
    """
    from playground.gui import screen_fit

    screen_fit.install()
    return MainWindow(language=language, restore_layout=restore_layout, features=features())


def show_main_window(window: MainWindow) -> None:
    """Show ``window`` as the app opens it: fitted to the screen (maximised on a screen smaller
    than its default size), its inside in the theme's colour from the first frame."""
    fill_native_background(window)
    window.show_fitted()


XCB_CW_BACK_PIXEL = 2  # xcb_cw_t: the window's background, filled in by the X server


def fill_native_background(window: QWidget) -> bool:
    """Have the X server fill ``window``'s native window with the theme's window colour.

    Qt creates its X11 windows with no background, so from the moment the window manager maps
    the window until the app's first paint has finished (a few tenths of a second for the
    main window) the inside shows black. With a background the server paints it in the
    window's colour at once. Only X11 needs it: elsewhere (Wayland, macOS, Windows, tests'
    offscreen screen) nothing is done. Returns whether the background was set.
    """
    import ctypes

    from PySide6.QtGui import QColor, QGuiApplication

    from playground.gui import looks

    app = QGuiApplication.instance()
    if QGuiApplication.platformName() != "xcb" or not isinstance(app, QGuiApplication):
        return False
    try:
        connection = app.nativeInterface().connection()
        xcb = ctypes.CDLL("libxcb.so.1")
    except (AttributeError, OSError):
        return False
    colour = QColor(looks.current().window)
    values = (ctypes.c_uint32 * 1)(0xFF000000 | (colour.rgb() & 0xFFFFFF))  # opaque
    xcb.xcb_change_window_attributes.argtypes = (
        ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_void_p)
    xcb.xcb_flush.argtypes = (ctypes.c_void_p,)
    xcb.xcb_change_window_attributes(connection, int(window.winId()), XCB_CW_BACK_PIXEL,
                                     values)
    xcb.xcb_flush(connection)
    return True


def _excepthook(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """Show an unexpected error instead of letting Qt abort, log it, and keep the app running."""
    logging.getLogger("playground.app").critical("Unexpected error", exc_info=(kind, value, tb))
    traceback.print_exception(kind, value, tb)
    from PySide6.QtWidgets import QApplication, QMessageBox

    from playground.core.logs import details_location

    if QApplication.instance() is not None:
        QMessageBox.critical(
            None, APP_NAME,
            f"Something went wrong: {value}\n\nDetails are in {details_location()}. Your work "
            "is still open; consider saving it under a new name.",
        )


def process_age() -> float:
    """Seconds since this process started, from the kernel's records (Linux)."""
    stat = Path("/proc/self/stat").read_text()
    start_ticks = int(stat.rsplit(")", 1)[1].split()[19])  # field 22, after "(name)"
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


def seconds_since_launch(launch: str) -> float:
    try:
        return time.time() - float(launch)
    except ValueError:
        return process_age()


def _probe_startup(app: QApplication, window: QWidget, launch: str) -> None:
    """Print the time to the first paint of any part of ``window``, then quit the app."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (event.type() == QEvent.Type.Paint and watched.isWidgetType()
                    and watched.window() is window):
                app.removeEventFilter(self)
                print(f"first paint {seconds_since_launch(launch):.3f} s", flush=True)
                QTimer.singleShot(0, app.quit)
            return False

    # The whole app is watched: the window itself may be covered by its panes and never paint.
    app.installEventFilter(FirstPaint(app))
    QTimer.singleShot(PROBE_TIMEOUT_MS, lambda: app.exit(1))


def _set_window_icon(app: QApplication) -> None:
    from PySide6.QtGui import QIcon

    from playground.core.data.assets import bundled_file

    icon = bundled_file("icons", "nn-playground-256.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))


LANGUAGE_VARIABLE = "PLAYGROUND_LANGUAGE"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app; ``argv`` may hold one ``.nnp`` project or ``.json`` lesson to open.
    Returns the exit status."""
    from playground.core.logs import setup_logging

    setup_logging()
    from PySide6.QtWidgets import QApplication

    from playground.gui.app_settings import AppSettings
    from playground.gui.i18n import install_language
    from playground.gui.theme import theme_manager

    args = list(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("nn-playground")  # matches the window to its .desktop entry
    _set_window_icon(app)
    # Python's cycle collector runs in whichever thread happens to allocate: on the training
    # thread it could destroy Qt objects of a closed pane (pyqtgraph's menus) and deadlock.
    # Collect on a GUI-thread timer instead.
    from pyqtgraph.util.garbage_collector import GarbageCollector

    collector = GarbageCollector(interval=1.0)
    settings = AppSettings()
    # PLAYGROUND_LANGUAGE overrides Settings for one run: a translator checks a language, or the
    # pseudo-language (qps-ploc) that shows every text not taken from the catalogue.
    language = install_language(app, os.environ.get(LANGUAGE_VARIABLE)
                                or settings.effective_language())
    theme_manager(app, settings.theme)
    from playground.gui import screen_fit

    screen_fit.install(app)
    window = create_window(language)
    launch = os.environ.get(STARTUP_PROBE)
    if launch is not None:
        _probe_startup(app, window, launch)
    show_main_window(window)
    paths = [a for a in args if a.endswith((".nnp", ".json"))]
    if paths:  # a project, or a lesson: whichever feature opens that kind of file
        from playground.gui.file_drop import open_file

        open_file(window, paths[0])
    from playground.gui import file_open

    file_open.install(app)  # macOS hands double-clicked projects over as events
    from PySide6.QtCore import QTimer

    from playground.gui.autosave import AutosaveManager

    # Once the window is up: work left by a crashed or killed session is offered back.
    manager = window.features["autosave"]
    if isinstance(manager, AutosaveManager):
        QTimer.singleShot(0, manager.offer_restore)
    sys.excepthook = _excepthook
    status = app.exec()
    from playground.gui.background import shutdown_background

    # Every job (an import of torch cut short by the exit would print a traceback) ends first.
    shutdown_background(wait=True, timeout=30)
    collector.timer.stop()
    gc.enable()  # the collector had turned automatic collection off
    return status
