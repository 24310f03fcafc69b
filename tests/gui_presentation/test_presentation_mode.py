"""Presentation mode: F11 shows the projector view, a second F11 puts everything back."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QScrollArea

from playground.app import create_window
from playground.core.teaching.templates import TEMPLATES
from playground.gui import presentation, theme
from playground.gui.app_settings import AppSettings
from playground.gui.main_window import MainWindow
from playground.gui.presentation_scaling import MIN_LINE_WIDTH
from tests.gui_presentation.presenting import wholly_in_view

SHOWN = {"curvesDock", "trainingDock"}


def mode_of(window: MainWindow) -> presentation.PresentationMode:
    return presentation.install(window)  # idempotent: the one already installed


def with_curves(window: MainWindow, template: str | None = "cnn-fashion") -> MainWindow:
    """A template open and a few epochs of numbers in the curves, as after a run."""
    if template is not None:
        window.document.load_template(TEMPLATES[template])
    curves = window.training.curves
    curves.reset(10)
    curves.add_batches(np.exp(-np.linspace(0, 3, 120)))
    for epoch in range(1, 4):
        curves.add_epoch(epoch, 1 / epoch, 1.1 / epoch, 1 - 0.5 / epoch, 1 - 0.6 / epoch)
    curves.redraw()
    return window


def pen_width(item: pg.PlotDataItem) -> float:
    pen = item.opts["pen"]
    return 0.0 if pen is None else pg.mkPen(pen).widthF()


def look_of(window: MainWindow) -> dict[str, Any]:
    """What presentation mode changes, in comparable values."""
    app = QApplication.instance()
    curves = window.training.curves
    items = [curves.raw_item, curves.smooth_item, curves.val_epoch_item, curves.train_acc_item]
    card = window.editor.cards[0]
    return {
        "open docks": {d.objectName() for d in window.docks if not d.isHidden()},
        "full screen": window.isFullScreen(),
        "geometry": window.geometry().getRect(),
        "app font": app.font().pointSizeF(),
        "card title font": card.title.font().pointSizeF(),
        "input label font": window.editor.input_block.shape_label.font().pointSizeF(),
        "pen widths": [pen_width(i) for i in items],
        "symbol sizes": [i.opts["symbolSize"] for i in items if i.opts["symbol"] is not None],
        "window colour": app.palette().color(QPalette.ColorRole.Window).name(),
        "text colour": app.palette().color(QPalette.ColorRole.WindowText).name(),
        "plot background": curves.loss_plot.backgroundBrush().color().name(),
        "tick font": curves.loss_plot.getAxis("left").style["tickFont"],
    }


def test_f11_shows_the_projector_view_and_a_second_f11_restores_everything(
    qtbot, window: MainWindow
) -> None:
    # The test screen is 800 px wide: the type grows by the preference times 800/1280.
    AppSettings().presentation_scale = 3.0
    with_curves(window)
    before = look_of(window)
    qtbot.keyClick(window.editor.canvas, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen, timeout=3000)
    during = look_of(window)
    assert mode_of(window).active
    assert window.actions_by_name["presentationAction"].isChecked()
    assert during["open docks"] == SHOWN
    assert window.centralWidget() is window.editor and window.editor.isVisible()
    scale = mode_of(window).font_scale
    assert scale == round(3.0 * 800 / 1280, 2)
    assert during["app font"] == before["app font"] * scale
    assert during["card title font"] == before["card title font"] * scale  # its own font too
    assert during["input label font"] == before["input label font"] * scale  # under a style sheet
    assert all(w >= MIN_LINE_WIDTH for w in during["pen widths"])
    assert all(d > b for d, b in zip(during["pen widths"], before["pen widths"], strict=True))
    assert all(d > b for d, b in zip(during["symbol sizes"], before["symbol sizes"], strict=True))
    assert (during["window colour"], during["text colour"]) == ("#ffffff", "#000000")
    assert during["tick font"] is not None

    qtbot.keyClick(window.editor.canvas, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=3000)
    qtbot.waitUntil(lambda: look_of(window) == before, timeout=3000)  # dock sizes come back
    assert not mode_of(window).active
    assert not window.actions_by_name["presentationAction"].isChecked()


def test_the_window_looks_the_same_after_a_round_trip(qtbot, window: MainWindow) -> None:
    # The empty start-up network: a template switches the dataset, and the dataset box only
    # fits its new name at the next font change, which would show as a difference here.
    with_curves(window, template=None)
    QCoreApplication.processEvents()  # layout and paint requests already posted are done
    before = window.grab().toImage()
    mode = mode_of(window)
    mode.enter()
    QCoreApplication.processEvents()
    mode.leave()
    qtbot.waitUntil(lambda: window.grab().toImage() == before, timeout=3000)


def test_escape_leaves_and_the_menu_entry_is_in_the_view_menu(qtbot, window: MainWindow) -> None:
    action = window.findChild(QAction, "presentationAction")
    view_menu = window.findChild(QMenu, "viewMenu")
    assert action in view_menu.actions() and action.isCheckable()
    assert "F11" in [k.toString() for k in action.shortcuts()]
    leave = window.actions_by_name["leavePresentationAction"]
    assert not leave.isEnabled()  # Esc belongs to others while the mode is off
    action.trigger()
    qtbot.waitUntil(window.isFullScreen, timeout=3000)
    assert leave.isEnabled()
    qtbot.keyClick(window.editor.canvas, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=3000)
    assert not mode_of(window).active and not action.isChecked()


def test_install_twice_adds_one_menu_entry(window: MainWindow) -> None:
    first = mode_of(window)
    assert presentation.install(window) is first
    names = [a.objectName() for a in window.findChild(QMenu, "viewMenu").actions()]
    assert names.count("presentationAction") == 1


def test_plots_added_during_the_mode_are_thickened_then_restored(window: MainWindow) -> None:
    mode = mode_of(window)
    mode.enter()
    late = window.training.curves.loss_plot.plot([0, 1, 2], [3, 2, 1], pen=pg.mkPen("r", width=1))
    assert pen_width(late) == 1
    mode.refresh()
    assert pen_width(late) >= MIN_LINE_WIDTH
    mode.leave()
    assert pen_width(late) == 1


def test_the_dark_theme_gets_black_high_contrast(qtbot, window: MainWindow) -> None:
    manager = theme.theme_manager()
    manager.set_theme("dark")
    with_curves(window)
    before = look_of(window)
    mode = mode_of(window)
    mode.enter()
    during = look_of(window)
    assert (during["window colour"], during["text colour"]) == ("#000000", "#ffffff")
    assert during["plot background"] == theme.CONTRAST_DARK.plot_background
    mode.leave()
    qtbot.waitUntil(lambda: look_of(window) == before, timeout=3000)
    assert before["window colour"] == theme.DARK.window


def test_closing_in_presentation_mode_saves_the_normal_layout(qtbot, window: MainWindow) -> None:
    mode_of(window).enter()
    assert window.palette_dock.isHidden()
    window.close()
    assert not mode_of(window).active
    assert QSettings().value("window/state") is not None
    again = create_window()  # reads the layout saved on closing
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert not again.palette_dock.isHidden() and not again.isFullScreen()


def test_the_enlarged_training_panel_gets_a_column_wide_enough(qtbot, window: MainWindow) -> None:
    # With the fonts enlarged, the panel's buttons were cut off behind a horizontal scroll bar.
    with_curves(window)
    mode = mode_of(window)
    mode.enter()
    window.showNormal()
    window.resize(1600, 900)  # a projector's 16:9 (the offscreen screen is 800×800)
    panel = window.training.panel
    scroll = panel.findChild(QScrollArea)
    buttons = [panel.train_button, panel.pause_button, panel.step_button, panel.stop_button,
               panel.reset_button]
    qtbot.waitUntil(lambda: not scroll.horizontalScrollBar().isVisible()
                    and all(wholly_in_view(b) for b in buttons), timeout=3000)
    mode.leave()


def test_a_maximised_window_is_maximised_again_after_the_mode(qtbot, window: MainWindow) -> None:
    """Leaving presentation mode gives back the window's state, not a normal-sized window."""
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    feature = window.features["presentation"]
    feature.enter()
    qtbot.waitUntil(window.isFullScreen)
    feature.leave()
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert window.isMaximized()
