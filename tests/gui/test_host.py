"""Window features plug into the host: any order works and none attaches anything to the window."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QDockWidget

from playground.app import features
from playground.core.teaching.templates import TEMPLATES
from playground.gui.main_window import MainWindow

FEATURE_PANES = {"drawDock", "insideDock", "lessonDock"}


def _window(qtbot, order) -> MainWindow:
    window = MainWindow(restore_layout=False, features=order)
    qtbot.addWidget(window)
    return window


def test_features_attach_nothing_to_the_window(qtbot) -> None:
    bare = _window(qtbot, ())
    full = _window(qtbot, features())
    assert set(vars(full)) == set(vars(bare))  # everything a feature made lives in the feature
    assert set(full.features) == {name for name, _ in features()}


def test_any_install_order_gives_the_same_window(qtbot) -> None:
    forward = _window(qtbot, features())
    backward = _window(qtbot, tuple(reversed(features())))
    for window in (forward, backward):
        panes = {d.objectName() for d in window.findChildren(QDockWidget)}
        assert panes >= FEATURE_PANES
        for name in ("chooseDatasetAction", "newFromDatasetAction", "presentationAction",
                     "preferencesAction", "closeLessonAction", "drawDockToggle",
                     "insideDockToggle", "lessonDockToggle", "leavePresentationAction"):
            assert window.action(name) is not None, name
        menus = [a.menu().objectName() for a in window.menuBar().actions() if a.menu()]
        assert menus.index("dataMenu") < menus.index("trainingMenu")
        assert menus.index("lessonsMenu") == menus.index("helpMenu") - 1
        file_actions = window.menu("file").actions()
        assert file_actions.index(window.action("newFromDatasetAction")) < file_actions.index(
            window.action("openAction"))
    assert set(forward.actions_by_name) == set(backward.actions_by_name)


def test_a_drawn_digit_reaches_the_feature_maps_whichever_feature_came_first(qtbot) -> None:
    for order in (features(), tuple(reversed(features()))):
        window = _window(qtbot, order)
        window.document.load_template(TEMPLATES["cnn-mnist"])
        maps = window.features["inside"].pane.feature_maps
        assert maps.custom_input is None
        digit = np.zeros((28, 28), np.float32)
        digit[8:20, 13:15] = 1.0
        window.features["draw"].pane.inputChanged.emit(digit)
        assert maps.custom_input is not None
        np.testing.assert_array_equal(maps.custom_input, digit)
