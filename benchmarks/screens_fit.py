"""Does the app fit small and scaled screens? Measures and pictures the window and its dialogs.

For each screen (1024×768, 1280×800, and 1920×1080 at a scale factor of 2, which leaves 960×540
logical pixels) it starts an X server with ``xvfb-run``, the openbox window manager in the
background, and this script again in ``--child`` mode, which opens the window the way the app
does and prints what decides whether everything can be reached:

* the window's frame against the screen's available geometry, and whether it is maximised;
* the network editor's height, its visible layer area, and whether the totals footer overlaps
  the input block;
* the toolbar: its width, what fell into its overflow menu, whether Train, Step and Stop show;
* each dialog (Choose Dataset, Preferences, New Network, Export train.py, the unsaved-changes
  question): its frame and its buttons against the screen.

It saves a picture of the whole screen for the window and for each dialog (``--out``), and
reports how many screenshots taken while the window first appeared show it black.

Run from the project's folder::

    .venv/bin/python benchmarks/screens_fit.py --out /tmp/screens_fit

Settings, data caches and logs go to temporary folders: the user's own are never touched.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SCREENS = (("1024x768", 1024, 768, 1), ("1280x800", 1280, 800, 1),
           ("1920x1080@2x", 1920, 1080, 2))
CHILD_TIMEOUT_S = 240


# -- the child: one screen ------------------------------------------------------------------------

def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    """Process events until ``condition`` holds or ``seconds`` pass; True if it held."""
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def settle(seconds: float = 0.5) -> None:
    wait_until(lambda: False, seconds)


def rect(r: Any) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def global_rect(widget: Any) -> Any:
    from PySide6.QtCore import QRect

    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def private_settings(temp: Path) -> None:
    from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    QCoreApplication.setOrganizationName("nn-playground-screens-fit")
    QCoreApplication.setApplicationName("screens-fit")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(temp / "ini"))


def screen_picture(window: Any, path: Path) -> None:
    """What the user sees: the whole screen the window is on."""
    screen = window.screen()
    screen.grabWindow(0).save(str(path))


def window_numbers(window: Any) -> dict[str, Any]:
    from PySide6.QtWidgets import QToolBar

    available = window.screen().availableGeometry()
    frame = window.frameGeometry()
    editor = window.editor
    viewport = editor.scroll.viewport()
    footer = editor.footer
    block = editor.input_block
    footer_rect = footer.geometry()
    block_rect = global_rect(block).intersected(global_rect(viewport))
    footer_global = global_rect(footer)
    toolbar = window.findChild(QToolBar, "mainToolbar")
    bar_rect = global_rect(toolbar)
    shown: dict[str, bool] = {}
    for name in ("trainAction", "stepAction", "stopAction"):
        button = toolbar.widgetForAction(window.actions_by_name[name])
        shown[name] = bool(button is not None and button.isVisible()
                           and bar_rect.contains(global_rect(button)))
    overflow = [a.text() for a in toolbar.actions() if not a.isSeparator()
                and toolbar.widgetForAction(a) is not None
                and not toolbar.widgetForAction(a).isVisible()]
    status = window.statusBar()
    return {
        "screen": rect(window.screen().geometry()),
        "available": rect(available),
        "dpr": window.devicePixelRatioF(),
        "frame": rect(frame),
        "window_fits": fits(available, frame, window.devicePixelRatioF()),
        "maximized": window.isMaximized(),
        "minimum_size": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
        "editor_height": editor.height(),
        "layer_area_height": viewport.height(),
        "footer_height": footer.height(),
        "footer_over_layer_area": footer_rect.intersects(editor.scroll.geometry()),
        "footer_over_input_block": footer_global.intersects(block_rect),
        "status_bar_on_screen": status.isVisible() and fits(available, global_rect(status),
                                                            window.devicePixelRatioF()),
        "inspector_on_screen": fits(available, global_rect(window.inspector_dock),
                                    window.devicePixelRatioF()),
        "toolbar_width": toolbar.width(),
        "toolbar_needs": toolbar.sizeHint().width(),
        "toolbar_overflow": overflow,
        "train_step_stop_shown": shown,
    }


def dialog_numbers(dialog: Any) -> dict[str, Any]:
    from PySide6.QtWidgets import QDialogButtonBox

    available = dialog.screen().availableGeometry()
    frame = dialog.frameGeometry()
    boxes = [b for b in dialog.findChildren(QDialogButtonBox) if b.isVisible()]
    buttons = [b for box in boxes for b in box.buttons() if b.isVisible()]
    return {
        "title": dialog.windowTitle(),
        "frame": rect(frame),
        "available": rect(available),
        "fits": fits(available, frame, dialog.devicePixelRatioF()),
        "buttons_on_screen": bool(buttons) and all(
            fits(available, global_rect(b), dialog.devicePixelRatioF()) for b in buttons),
        "title_fits": title_fits(dialog),
    }


def title_fits(dialog: Any) -> bool:
    """Whether the title bar has room for the whole title as the window manager gets it (Qt
    adds " — Neural Network Playground"), in bold, after its icon and buttons (about 100
    pixels on openbox)."""
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QApplication

    title = dialog.windowTitle()
    name = QApplication.applicationDisplayName()
    if name and name not in title:
        title = f"{title} \u2014 {name}"
    font = QFont(dialog.font())
    font.setBold(True)
    return QFontMetrics(font).horizontalAdvance(title) + 100 <= dialog.frameGeometry().width()


def fits(area: Any, frame: Any, dpr: float) -> bool:
    """Whether ``frame`` lies in ``area``, give or take the rounding of a scale factor (a
    19-pixel title bar is 9.5 logical pixels at 2×)."""
    slack = 1 if dpr > 1 else 0
    return area.adjusted(-slack, -slack, slack, slack).contains(frame)


def show_dialog(name: str, dialog: Any, out: Path, results: dict[str, Any]) -> None:
    dialog.show()
    wait_until(lambda: dialog.isVisible(), 5)
    settle(1.0)  # the window manager frames and places it
    # Qt briefly reports 1×1 for a window the window manager is still configuring.
    wait_until(lambda: dialog.frameGeometry().width() > 1, 3)
    screen_picture(dialog, out / f"{name}.png")
    results[name] = dialog_numbers(dialog)
    dialog.reject() if hasattr(dialog, "reject") else dialog.close()
    settle(0.3)


def child(args: argparse.Namespace) -> int:
    temp = Path(tempfile.mkdtemp(prefix="screens-fit-"))
    os.environ.setdefault("NN_PLAYGROUND_DATA", str(temp / "data"))
    os.environ.setdefault("NN_PLAYGROUND_LOG_DIR", str(temp / "logs"))
    from PySide6.QtWidgets import QApplication, QMessageBox

    from playground import app as app_module
    from playground.core.teaching.templates import TEMPLATES
    from playground.gui.export_dialog import ScriptExportDialog
    from playground.gui.i18n import install_language
    from playground.gui.main_window import APP_NAME, MainWindow
    from playground.gui.settings_dialog import SettingsDialog
    from playground.gui.template_dialog import TemplateDialog
    from playground.gui.theme import theme_manager

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)  # as the app does: Qt adds it to every title
    private_settings(temp)
    language = install_language(app, args.language)
    theme_manager(app, "light")
    MainWindow.ask_unsaved_changes = lambda self: QMessageBox.StandardButton.Discard
    window = app_module.create_window(language, restore_layout=False)
    window.document.load_template(TEMPLATES["cnn-mnist"])
    window.document.undo_stack.setClean()
    # Both versions are measured: one that opens and asks as the app does now, and an older
    # one without show_main_window and unsaved_changes_box, for comparison.
    show = getattr(app_module, "show_main_window", None)
    if show is not None:
        show(window)
    else:
        window.show()
    wait_until(lambda: window.isVisible(), 5)
    settle(2.5)  # the device search, the window manager's placement, first paints
    tag = f"{args.tag}-{language}"
    results: dict[str, Any] = {"window": window_numbers(window)}
    screen_picture(window, out / f"{tag}-window.png")
    window.grab().save(str(out / f"{tag}-window-only.png"))

    chooser = window.features["data"].open_chooser()
    if chooser is not None:
        wait_until(lambda: chooser.isVisible(), 10)
        settle(1.0)
        wait_until(lambda: chooser.frameGeometry().width() > 1, 3)
        screen_picture(chooser, out / f"{tag}-chooser.png")
        results["chooser"] = dialog_numbers(chooser)
        chooser.reject()
        settle(0.3)
    show_dialog(f"{tag}-preferences", SettingsDialog(parent=window), out, results)
    show_dialog(f"{tag}-template", TemplateDialog(language, window), out, results)
    show_dialog(f"{tag}-export", ScriptExportDialog(Path.home(), False, window), out, results)
    make_box = getattr(window, "unsaved_changes_box", None)
    if make_box is not None:
        box = make_box()
    else:
        text, buttons, default = window.unsaved_changes_question()
        box = QMessageBox(QMessageBox.Icon.Question, window.tr("Unsaved Changes"), text,
                          buttons, window)
        box.setDefaultButton(default)
    show_dialog(f"{tag}-unsaved", box, out, results)
    results = {k.removeprefix(f"{tag}-"): v for k, v in results.items()}
    print("RESULT " + json.dumps(results), flush=True)
    window.close()
    return 0


# -- the first frame: screenshots while the real app starts -------------------------------------

APP_TITLE = "Neural Network Playground"


def window_rects(title: str) -> tuple[list[int], list[int]] | None:
    """The client rectangle of the window called ``title`` and its frame extents (left, right,
    top, bottom), from the X server; None while there is no such window."""
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title],
                           capture_output=True, text=True, check=False).stdout.split()
    if not found:
        return None
    info = subprocess.run(["xwininfo", "-id", found[0]], capture_output=True, text=True,
                          check=False).stdout
    fields = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in
                                                   info.splitlines()) if v}
    client = [int(fields["Absolute upper-left X"]), int(fields["Absolute upper-left Y"]),
              int(fields["Width"]), int(fields["Height"])]
    extents = subprocess.run(["xprop", "-id", found[0], "_NET_FRAME_EXTENTS"],
                             capture_output=True, text=True, check=False).stdout
    numbers = [int(n) for n in extents.partition("=")[2].replace(",", " ").split()] or [0] * 4
    return client, numbers


def first_frame(args: argparse.Namespace) -> int:
    """Start the app as a user does and count the screenshots that show its window black:
    the window manager has drawn the title bar but the app has not painted the inside yet."""
    import numpy as np
    from PIL import ImageGrab

    temp = Path(tempfile.mkdtemp(prefix="screens-fit-launch-"))
    env = dict(os.environ, XDG_CONFIG_HOME=str(temp / "config"),
               NN_PLAYGROUND_DATA=str(temp / "data"), NN_PLAYGROUND_LOG_DIR=str(temp / "logs"))
    step = 2  # keep every other pixel: enough to tell black from painted
    process = subprocess.Popen([sys.executable, "-m", "playground"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shots: list[tuple[float, Any]] = []
    start = time.monotonic()
    found_at: float | None = None
    rects = None
    try:
        while time.monotonic() - start < 60:
            shots.append((time.monotonic() - start,
                          np.asarray(ImageGrab.grab())[::step, ::step].copy()))
            if len(shots) % 5 == 0:
                rects = window_rects(APP_TITLE) or rects
                if rects is not None and found_at is None:
                    found_at = time.monotonic()
            if found_at is not None and time.monotonic() - found_at > 4:
                rects = window_rects(APP_TITLE) or rects
                break
    finally:
        process.terminate()
        process.wait(10)
    if rects is None:
        raise SystemExit("the window never appeared")
    (x, y, w, h), (_left, _right, top, _bottom) = rects
    black, framed = [], 0
    for moment, shot in shots:
        client = shot[y // step:(y + h) // step, x // step:(x + w) // step]
        title = shot[max(0, y - top) // step:y // step, x // step:(x + w) // step]
        if top and (title.size == 0 or title.mean() < 30):
            continue  # the window manager has not framed the window yet
        framed += 1
        if (client.max(axis=2) < 8).mean() > 0.5:
            black.append(moment)
    print("RESULT " + json.dumps({"first_frame": {
        "shots": len(shots), "shots_framed": framed, "black_shots": len(black),
        "black_seconds": round(black[-1] - black[0], 3) if black else 0.0,
        "client": [x, y, w, h]}}), flush=True)
    return 0


# -- the parent: one X server per screen ---------------------------------------------------------

def run_screen(tag: str, width: int, height: int, scale: int, language: str,
               out: Path, mode: str = "--child") -> dict[str, Any]:
    """Start an X server of this size with openbox, run the child in it (``--child``, or
    ``--first-frame``), return its numbers."""
    script = Path(__file__).resolve()
    env = dict(os.environ, QT_SCALE_FACTOR=str(scale))
    env.pop("QT_QPA_PLATFORM", None)
    inner = (f"openbox >/dev/null 2>&1 & sleep 1; "
             f"{sys.executable} {script} {mode} --tag {tag} --language {language} "
             f"--out {out}")
    command = ["xvfb-run", "-a", "-s", f"-screen 0 {width}x{height}x24", "sh", "-c", inner]
    done = subprocess.run(command, env=env, capture_output=True, text=True,
                          timeout=CHILD_TIMEOUT_S, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line.removeprefix("RESULT "))
    raise SystemExit(f"{tag}: no result\n{done.stdout}\n{done.stderr}")


def summary(tag: str, numbers: dict[str, Any]) -> list[str]:
    w = numbers["window"]
    lines = [
        f"{tag}: screen {w['screen'][2]}x{w['screen'][3]} (available {w['available'][2]}x"
        f"{w['available'][3]}, dpr {w['dpr']}), window frame {w['frame'][2]}x{w['frame'][3]} at "
        f"({w['frame'][0]},{w['frame'][1]}) fits={w['window_fits']} maximised={w['maximized']}"
        f" minimum {w['minimum_size'][0]}x{w['minimum_size'][1]}",
        f"  editor {w['editor_height']} px (layer area {w['layer_area_height']}, footer "
        f"{w['footer_height']}), footer over input block={w['footer_over_input_block']}, "
        f"status bar on screen={w['status_bar_on_screen']}, inspector on screen="
        f"{w['inspector_on_screen']}",
        f"  toolbar {w['toolbar_width']} px (needs {w['toolbar_needs']}), overflow "
        f"{w['toolbar_overflow']}, shown {w['train_step_stop_shown']}",
    ]
    for name, d in numbers.items():
        if name == "window":
            continue
        lines.append(f"  {name}: frame {d['frame']} in {d['available']} fits={d['fits']} "
                     f"buttons on screen={d['buttons_on_screen']} "
                     f"title fits={d['title_fits']} ({d['title']!r})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="/tmp/screens_fit")
    parser.add_argument("--languages", default="en,es")
    parser.add_argument("--screens", default=",".join(tag for tag, *_ in SCREENS),
                        help="which of the screens to try, by name")
    parser.add_argument("--no-launch", action="store_true",
                        help="skip the screenshots of the app starting")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--first-frame", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tag", default="screen", help=argparse.SUPPRESS)
    parser.add_argument("--language", default="en", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)
    if args.first_frame:
        return first_frame(args)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for tag, width, height, scale in SCREENS:
        if tag not in args.screens.split(","):
            continue
        for language in filter(None, args.languages.split(",")):
            numbers = run_screen(tag, width, height, scale, language, out)
            print("\n".join(summary(f"{tag} {language}", numbers)), flush=True)
        if args.no_launch:
            continue
        launch = run_screen(tag, width, height, scale, "en", out, "--first-frame")
        print(f"{tag} launch: {launch['first_frame']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
