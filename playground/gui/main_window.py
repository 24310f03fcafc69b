"""The main window: palette on the left, network editor in the centre, inspector on the right.

It composes the panes around one :class:`Document` and owns what belongs to the window: docks
(whose layout is remembered between runs), the title bar with its modified mark, and the file
operations that may ask the user something. Menus and the toolbar are built in
:mod:`playground.gui.menus`. The questions (which file? save changes?) are small methods so
tests can answer them without a modal dialog.

The window is the :class:`~playground.gui.host.WindowHost` of its features: it is given their
factories (``features``, listed in :mod:`playground.app`), builds each with itself as the host
and keeps them in :attr:`MainWindow.features` by name. It imports none of them.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QEvent, QIODevice, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QToolBar,
    QWidget,
)

from playground.core.errors import PlaygroundError, ReadOnlyFileError
from playground.core.files.atomic import atomic_write_bytes
from playground.core.teaching.templates import TEMPLATES
from playground.gui import file_drop, focus_ring, screen_fit, tab_chain
from playground.gui.background import background
from playground.gui.dock_tabs import hide_stray_tab_bars
from playground.gui.document import Document
from playground.gui.host import FeatureFactory, HostSignals
from playground.gui.inspector import Inspector
from playground.gui.menus import build_menus, retranslate_menus
from playground.gui.network_editor import NetworkEditor
from playground.gui.palette import LayerPalette
from playground.gui.pane_scroll import scrolled
from playground.gui.template_dialog import EMPTY, TemplateDialog
from playground.gui.training.controller import TrainingController
from playground.gui.window_questions import Button, WindowQuestions

APP_NAME = "Neural Network Playground"
# Saved layouts of an older version are not restored: version 3 gave the bottom panes the
# height their readable confusion matrix and histograms need, which older layouts lack.
LAYOUT_VERSION = 3
DEVICE_DETECTION_DELAY_MS = 1500
RIGHT_COLUMN_MIN, RIGHT_COLUMN_MAX = 340, 460  # pixels: the inspector and training column
# On a narrow screen the side columns give way to the layer cards, down to these widths
# (the inspector's own minimum is 230); the palette's wide width from WIDE_WINDOW up.
RIGHT_COLUMN_LEAST, PALETTE_NARROW, PALETTE_WIDTH, WIDE_WINDOW = 260, 170, 210, 1200
DOCK_SEPARATOR = 6  # pixels between the central widget and a dock column
DEFAULT_SIZE = (1400, 900)
# The bottom panes' height, their title bar and the tab bar under them included: Results'
# confusion matrix with rows of 20 px beside its numbers, and a full row of Inside ▸ Health's
# histograms. At 1280×800 the editor keeps about 360 px (the input block and two layers), at
# 1400×900 about 460.
BOTTOM_PANE_HEIGHT = 350
# On a short screen (960×540 logical pixels at a scale factor of 2) the bottom panes give way
# to the editor, which keeps the totals and about two layer cards in view, down to this height.
EDITOR_KEEPS = 280
BOTTOM_PANE_LEAST = 170
logger = logging.getLogger(__name__)


class MainWindow(WindowQuestions):
    """The application window around one open project."""

    def __init__(
        self, document: Document | None = None, language: str = "en",
        restore_layout: bool = True, parent: QWidget | None = None,
        features: Sequence[tuple[str, FeatureFactory]] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAccessibleName(APP_NAME)
        focus_ring.install()  # a ring round whatever the keyboard reaches, app-wide
        self.language = language
        self.signals = HostSignals(self)
        self.features: dict[str, object] = {}
        self._feature_factories = tuple(features)
        self._close_callbacks: list[Callable[[], None]] = []
        self._layout_callbacks: list[Callable[[], None]] | None = []
        self._docks_follow_size = False  # see resizeEvent
        self.document = document or Document(parent=self)
        self.editor = NetworkEditor(self.document, language)
        self.setCentralWidget(self.editor)
        self.palette_view = LayerPalette(language)
        self.palette_view.layerActivated.connect(self.document.append_layer)
        self.inspector = Inspector(self.document, language)
        self.palette_view.typeHighlighted.connect(self.inspector.show_type)
        self.palette_dock = self.add_pane(
            self.palette_view, self.tr("Layers"), "paletteDock",
            Qt.DockWidgetArea.LeftDockWidgetArea,
        )
        self.inspector_dock = self.add_pane(
            self.inspector, self.tr("Inspector"), "inspectorDock",
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        self.training = TrainingController(self.document, self)
        self.training_dock = self.add_pane(
            self.training.panel, self.tr("Training"), "trainingDock",
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        self.curves_dock = self.add_pane(
            self.training.curves, self.tr("Learning Curves"), "curvesDock",
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        self.results_dock = self.add_pane(
            self.training.results, self.tr("Results"), "resultsDock",
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        self.compare_dock = self.add_pane(
            self.training.compare, self.tr("Compare Runs"), "compareDock",
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        self.tabifyDockWidget(self.curves_dock, self.results_dock)
        self.tabifyDockWidget(self.results_dock, self.compare_dock)
        self.curves_dock.raise_()
        self.training.runFinished.connect(self._show_results_after_a_run)
        self.docks = [self.palette_dock, self.inspector_dock, self.training_dock,
                      self.curves_dock, self.results_dock, self.compare_dock]
        self.tabifyDockWidget(self.inspector_dock, self.training_dock)
        self.inspector_dock.raise_()
        self.document.selectionChanged.connect(self._show_inspector)
        self.training.runner.runningChanged.connect(self._show_training)
        self.training.statusMessage.connect(self.statusBar().showMessage)
        # Looking for GPUs imports torch: do it once the window is up, off the GUI thread.
        QTimer.singleShot(DEVICE_DETECTION_DELAY_MS, self.training.detect_devices)
        # The search loaded the dataset registry too: the input block can show full titles.
        self.training.devicesFound.connect(
            lambda _devices: self.editor.input_block.dataset_combo.show_dataset(
                self.document.spec.dataset))
        built = self._built_menus = build_menus(self)
        self.actions_by_name = built.actions
        self.menus = built.menus
        self.view_menu = built.menus["view"]
        self.toolbar = built.toolbar
        self._wire_host_signals()
        # Files dropped on the window: a project opens as File ▸ Open does (features add more).
        self.add_file_drop((".nnp",), lambda path: self.maybe_save() and self.open_path(path))
        for name, factory in self._feature_factories:
            self.features[name] = factory(self)
        # A pane a feature tabs with another brings that one to the front: the learning curves
        # are the bottom group's first face, whatever the features added.
        self.curves_dock.raise_()
        self.document.dirtyChanged.connect(self.setWindowModified)
        self.document.pathChanged.connect(lambda _p: self._update_title())
        self.document.replaced.connect(self._update_title)
        self.document.analysisChanged.connect(self._show_train_state)
        self._update_title()
        self._show_train_state()
        size, self.opens_maximised = screen_fit.opening_size(
            QSize(*DEFAULT_SIZE), screen_fit.available_geometry(self))
        self.resize(size)
        self._size_docks(size)
        # The panes' default sizes follow the window's size (the window manager's, once it is
        # shown; a new screen's; the user's) until the user arranges the panes themselves.
        self._docks_follow_size = True
        for dock in self.findChildren(QDockWidget):
            self._watch_arrangement(dock)
        self._default_state = self.saveState(LAYOUT_VERSION)
        if restore_layout:
            self.restore_layout()
        callbacks, self._layout_callbacks = self._layout_callbacks or [], None
        for callback in callbacks:
            callback()

    def _wire_host_signals(self) -> None:
        """The few events that change the weights or settings without a document signal."""
        weights = self.signals.weightsChanged
        self.training.runFinished.connect(lambda _result: weights.emit())
        self.training.panel.resetClicked.connect(weights.emit)
        self.actions_by_name["resetWeightsAction"].triggered.connect(
            lambda _c=False: weights.emit())
        # Typed, undone or set by a lesson: the document says so once, whichever it was.
        self.document.configChanged.connect(lambda *_a: self.signals.settingsChanged.emit())
        # A picture clicked in a gallery of the results: the Draw pane shows it, explained.
        results = self.training.results
        for gallery in (results.misclassified_gallery, results.cell_gallery):
            gallery.sampleChosen.connect(self.signals.testSampleChosen.emit)

    # -- the host of the window's features (see playground.gui.host) -----------------------------
    def window_widget(self) -> QMainWindow:
        return self

    def pane(self, name: str) -> QDockWidget | None:
        return self.findChild(QDockWidget, name)

    def menu(self, name: str) -> QMenu:
        return self.menus[name]

    def add_menu(self, name: str, title: str, before: str | None = None) -> QMenu:
        if name in self.menus:
            return self.menus[name]
        menu = QMenu(title, self)
        menu.setObjectName(f"{name}Menu")
        anchor = self.menus.get(before) if before else None
        if anchor is not None:
            self.menuBar().insertMenu(anchor.menuAction(), menu)
        else:
            self.menuBar().addMenu(menu)
        self.menus[name] = menu
        return menu

    def add_action(self, menu: str, action: QAction, *, before: str | None = None) -> QAction:
        target = self.menus[menu]
        anchor = self.actions_by_name.get(before) if before else None
        if anchor is not None and anchor in target.actions():
            target.insertAction(anchor, action)
        else:
            target.addAction(action)
        if action.objectName():
            self.actions_by_name[action.objectName()] = action
        return action

    def add_shortcut(self, action: QAction) -> QAction:
        self.addAction(action)
        self.actions_by_name[action.objectName()] = action
        return action

    def action(self, name: str) -> QAction | None:
        return self.actions_by_name.get(name)

    def show_status(self, message: str, timeout_ms: int = 5000) -> None:
        self.statusBar().showMessage(message, timeout_ms)

    def add_status_widget(self, widget: QWidget) -> None:
        self.statusBar().addPermanentWidget(widget)

    def add_file_drop(self, suffixes: Iterable[str], opener: Callable[[Path], object]) -> None:
        file_drop.file_drops(self).add(suffixes, opener)

    def on_close(self, callback: Callable[[], None]) -> None:
        self._close_callbacks.append(callback)

    def after_layout(self, callback: Callable[[], None]) -> None:
        if self._layout_callbacks is None:
            callback()
        else:
            self._layout_callbacks.append(callback)

    def build_like(self, language: str) -> MainWindow:
        return type(self)(language=language, features=self._feature_factories)

    # -- panes and layout ------------------------------------------------------------------------
    def _size_docks(self, size: QSize) -> None:
        """Give the panes their default sizes in a window of ``size``: on a large screen what
        makes them readable, on a small one less, so the editor keeps its cards in view.

        Called once the window has its first size (after tabifying, which would undo it).
        """
        palette, right = self._side_widths(size.width())
        self.resizeDocks([self.palette_dock, self.inspector_dock], [palette, right],
                         Qt.Orientation.Horizontal)
        # The bottom panes' group: resizeDocks() counts their tab bar in the height.
        self.resizeDocks([self.curves_dock], [self._bottom_height(size.height())],
                         Qt.Orientation.Vertical)
        self.layout().activate()  # now, not at the next event loop: the panes show their sizes

    def _bottom_height(self, window_height: int) -> int:
        """The bottom panes' height in a window this tall: their readable height, less what
        the editor needs on a short screen (see EDITOR_KEEPS)."""
        toolbars = self.findChildren(QToolBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
        chrome = sum(part.sizeHint().height()
                     for part in (self.menuBar(), self.statusBar(), *toolbars))
        room = window_height - chrome - EDITOR_KEEPS
        return max(BOTTOM_PANE_LEAST, min(BOTTOM_PANE_HEIGHT, room))

    def _side_widths(self, window_width: int) -> tuple[int, int]:
        """The palette's and the right column's widths in a window this wide: narrower on a
        small screen, so the layer cards fit the editor without a horizontal scroll bar."""
        scroll = self.editor.scroll
        editor = (scroll.widget().minimumSizeHint().width()
                  + scroll.verticalScrollBar().sizeHint().width() + 2 * DOCK_SEPARATOR)
        palette = PALETTE_WIDTH if window_width >= WIDE_WINDOW else PALETTE_NARROW
        room = window_width - palette - editor
        return palette, max(RIGHT_COLUMN_LEAST, min(self._right_width(), room))

    def _right_width(self) -> int:
        """The right column's width: the training panel's natural width (longer in Spanish),
        within bounds that leave the editor most of the window."""
        return max(RIGHT_COLUMN_MIN, min(RIGHT_COLUMN_MAX, self.training.panel.natural_width()))

    def add_pane(
        self, widget: QWidget, title: str, name: str, area: Qt.DockWidgetArea, *,
        tab_with: str | None = None, view_toggle: bool = False, toggle_text: str = "",
        toggle_tip: str = "",
    ) -> QDockWidget:
        """Dock ``widget`` as pane ``name``: the window's own panes and the features' alike.

        ``tab_with`` names a pane to share tabs with (if the window has it; the new pane goes
        behind it). ``view_toggle`` puts its show/hide toggle in the View menu, before the
        separator above Reset Layout; the window's own panes are listed there by the menus.
        """
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setAccessibleName(title)
        if area == Qt.DockWidgetArea.BottomDockWidgetArea:
            widget = scrolled(widget, name, title)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        # A pane dragged into or out of a group changes the group's tab bar: name it again.
        dock.dockLocationChanged.connect(lambda _area: self._name_tab_bars_soon())
        if self._layout_callbacks is None:  # a pane added once the window is built
            self._watch_arrangement(dock)
        neighbour = self.pane(tab_with) if tab_with else None
        if neighbour is not None:
            self.tabifyDockWidget(neighbour, dock)
            neighbour.raise_()
        if view_toggle:
            self.docks.append(dock)
            toggle = dock.toggleViewAction()
            toggle.setObjectName(f"{name}Toggle")
            if toggle_text:
                toggle.setText(toggle_text)
            if toggle_tip:
                toggle.setToolTip(toggle_tip)
                toggle.setStatusTip(toggle_tip)
            reset = self.actions_by_name.get("resetLayoutAction")
            actions = self.view_menu.actions()
            index = actions.index(reset) if reset in actions else len(actions)
            before = actions[index - 1] if index > 0 and actions[index - 1].isSeparator() \
                else reset
            if before is not None:
                self.view_menu.insertAction(before, toggle)
            else:
                self.view_menu.addAction(toggle)
            self.actions_by_name[toggle.objectName()] = toggle
        return dock

    def _show_inspector(self, index: int) -> None:
        if index >= 0 and not self.training.runner.running:
            self.inspector_dock.raise_()

    def _show_training(self, running: bool) -> None:
        """A run starts: show its panel, and its curves instead of the last run's Results or
        Compare Runs; a user watching a live pane (Inside the Network) keeps it."""
        if running:
            self.training_dock.raise_()
            if any(not dock.visibleRegion().isEmpty()
                   for dock in (self.results_dock, self.compare_dock)):
                self.curves_dock.raise_()

    def restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        state = settings.value("window/state")
        if geometry is not None and self.restoreGeometry(geometry):
            self.opens_maximised = False  # the size the user left it at (show_fitted clamps it)
        if state is not None and self.restoreState(state, LAYOUT_VERSION):
            self._docks_follow_size = False  # the panes as the user left them

    def show_fitted(self) -> None:
        """Show the window as it first appears: maximised on a screen smaller than its default
        size, else at its size within the screen's available geometry."""
        if self.opens_maximised:
            self.showMaximized()
            return
        if not self.isMaximized():
            margins = screen_fit.frame_margins(self)
            screen_fit.clamp_to_screen(
                self, margins if not margins.isNull() else screen_fit.FRAME_ALLOWANCE)
        self.show()

    def save_layout(self) -> None:
        self.signals.layoutAboutToBeSaved.emit()
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState(LAYOUT_VERSION))

    def reset_layout(self) -> None:
        self.restoreState(self._default_state, LAYOUT_VERSION)
        for dock in self.docks:
            dock.show()
        self._size_docks(self.size())  # the default sizes for this window's size
        self._docks_follow_size = True
        self._tidy_tab_bars_soon()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._tidy_tab_bars_soon()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Until the user arranges the panes, they keep their default sizes for the window's
        size: a window opened on a small screen and moved to a large one gets them too."""
        super().resizeEvent(event)
        if self._docks_follow_size:
            self._size_docks(event.size())
        if self.isVisible():
            self._tidy_tab_bars_soon()  # maximising lays the docks out again

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            self._docks_follow_size = False  # on a separator between panes: the user's sizes
        return super().event(event)

    def _watch_arrangement(self, dock: QDockWidget) -> None:
        """A pane moved, floated or closed by the user keeps the layout as the user made it."""
        def arranged(*_args: object) -> None:
            if self.isVisible():
                self._docks_follow_size = False

        dock.dockLocationChanged.connect(arranged)
        dock.topLevelChanged.connect(arranged)

    def _tidy_tab_bars_soon(self) -> None:
        """Once the layout has settled, hide the tab bars Qt left behind (see dock_tabs) and
        name the others after the panes they choose between (see tab_chain)."""
        QTimer.singleShot(0, self, self._tidy_tab_bars)

    def _tidy_tab_bars(self) -> None:
        hide_stray_tab_bars(self)
        tab_chain.name_pane_tab_bars(self)

    def _name_tab_bars_soon(self) -> None:
        QTimer.singleShot(0, self, lambda: tab_chain.name_pane_tab_bars(self))

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab pass over the panes hidden behind another pane's tab."""
        return tab_chain.focus_next_stop(self, next)

    # -- title and status ------------------------------------------------------------------------
    def retranslate(self) -> None:
        """After a change of language (see :mod:`playground.gui.language_switch`): the texts
        the window composes itself, in the new language."""
        retranslate_menus(self, self._built_menus)
        tab_chain.name_pane_tab_bars(self)
        self._update_title()
        # The status line repeats the footer's, which its own hook shows again after this one.
        QTimer.singleShot(0, self, self._show_train_state)
        for feature in self.features.values():  # features that compose texts of their own
            if isinstance(getattr(feature, "language", None), str):
                with contextlib.suppress(AttributeError):  # a property reading it itself
                    feature.language = self.language
            hook = getattr(feature, "retranslate", None)
            if callable(hook):
                hook()

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.document.display_name}[*] — {APP_NAME}")
        self.setWindowModified(self.document.dirty)

    def _show_train_state(self, _analysis: object = None) -> None:
        self.statusBar().showMessage(self.editor.footer.status.text())

    def _show_results_after_a_run(self, _result: object) -> None:
        """Bring Results forward at the end of a run, but only from Learning Curves: a user
        watching another pane (Inside the Network, a lesson) keeps it."""
        if not self.curves_dock.visibleRegion().isEmpty():
            self.results_dock.raise_()

    # -- files -----------------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True if the current project may be replaced (saved, discarded or unmodified); a
        run in progress is always asked about, since going on stops it."""
        if not self.document.dirty and not self.training.runner.running:
            return True
        answer = self.ask_unsaved_changes()
        if answer == Button.Save:
            return self.save()
        return answer == Button.Discard

    def new_project(self) -> None:
        """File ▸ New: ask which template (or an empty network) to start from."""
        if not self.maybe_save():
            return
        dialog = TemplateDialog(self.language, self)
        if dialog.exec():
            self._start_from(dialog.chosen())

    def new_from_template(self, name: str) -> None:
        if self.maybe_save():
            self._start_from(name)

    def _start_from(self, name: str) -> None:
        if name == EMPTY:
            self.document.new_empty()
        else:
            self.document.load_template(TEMPLATES[name])
        self.statusBar().showMessage(self.tr("New network: {name}").format(
            name=name or self.tr("empty")), 5000)

    def open_project(self) -> None:
        if self.maybe_save():
            path = self.ask_open_path()
            if path:
                self.open_path(path)

    def open_path(self, path: str | Path) -> bool:
        """Open a ``.nnp`` file (no question asked); reports a broken file in plain words."""
        try:
            self.document.open(path)
        except PlaygroundError as exc:
            from playground.core.files.project import WeightsMismatchError

            if isinstance(exc, WeightsMismatchError):
                return self._open_without_weights(path, exc)
            self.forget_recent(str(path))
            self.report_error(self.tr("Cannot Open Project"), exc)
            return False
        self.add_recent(str(Path(path).resolve()))
        self.statusBar().showMessage(self.tr("Opened {name}").format(name=Path(path).name), 5000)
        return True

    def _open_without_weights(self, path: str | Path, message: str | BaseException) -> bool:
        """The file's weights do not fit its network: offer its network, settings and runs
        without them. The open project marks the difference from the file as unsaved."""
        logger.warning("Weights refused: %s", message)
        if not self.ask_open_without_weights(message):
            return False
        try:
            self.document.open(path, weights=False)
        except PlaygroundError as exc:
            self.report_error(self.tr("Cannot Open Project"), exc)
            return False
        self.document.mark_modified()
        self.add_recent(str(Path(path).resolve()))
        self.statusBar().showMessage(self.tr("Opened {name} without its weights").format(
            name=Path(path).name), 8000)
        return True

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        suggestion = (self.document.spec.name or "network") + ".nnp"
        path = self.ask_save_path(self.tr("Save Project"), suggestion, self._project_filter())
        if not path:
            return False
        if not path.endswith(".nnp"):
            path += ".nnp"
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        try:
            saved = self.document.save(path)
        except ReadOnlyFileError as exc:  # another name or folder would work: offer it
            return self.ask_save_elsewhere(self.tr("Cannot Save Project"), exc) and (
                self.save_as())
        except PlaygroundError as exc:
            self.report_error(self.tr("Cannot Save Project"), exc)
            return False
        self.add_recent(str(saved.resolve()))
        self.statusBar().showMessage(self.tr("Saved {name}").format(name=saved.name), 5000)
        return True

    def export_text(self, kind: str) -> bool:
        """Export the network description (JSON) or its Keras-style summary (text)."""
        spec = self.document.spec
        stem = spec.name or "network"
        if kind == "json":
            title, suggestion, file_filter = (
                self.tr("Export Network Description"), f"{stem}.json", "JSON (*.json)")
            text = spec.to_json()
        else:
            title, suggestion, file_filter = (
                self.tr("Export Summary"), f"{stem}-summary.txt", self.tr("Text (*.txt)"))
            text = self.document.analysis.table()
        path = self.ask_save_path(title, suggestion, file_filter)
        if not path:
            return False
        try:  # atomically, and never into a pipe or over a read-only file
            atomic_write_bytes(path, (text + "\n").encode("utf-8"))
        except PlaygroundError as exc:
            self.report_error(title, exc)
            return False
        self.statusBar().showMessage(self.tr("Exported {name}").format(name=Path(path).name), 5000)
        return True

    def export_picture(self) -> bool:
        path = self.ask_save_path(self.tr("Export Picture"), "network.png", "PNG (*.png)")
        if not path:
            return False
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.grab().save(buffer, "PNG")
        try:
            atomic_write_bytes(path, bytes(buffer.data().data()))
        except PlaygroundError as exc:
            self.report_error(self.tr("Export Picture"), exc)
            return False
        return True

    # -- recent files ----------------------------------------------------------------------------
    # -- closing ---------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.maybe_save():
            self.save_layout()
            self.training.shutdown()
            for callback in self._close_callbacks:
                callback()
            background().cancel_within(self)  # the panes' previews and measurements
            event.accept()
        else:
            event.ignore()
