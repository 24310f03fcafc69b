"""Menus and toolbar of the main window: File, Edit, View, Help, with the usual shortcuts.

Every action gets an object name, so tests (and scripts) find it as
``window.findChild(QAction, "saveAction")`` and its toolbar button as ``saveActionButton``.
The window is known here only as a :class:`MenuOwner` (what the menus call), and what is built
comes back as :class:`BuiltMenus`, so this module neither imports the window nor sets anything
on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import shiboken6
from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStyle,
    QToolBar,
    QWidget,
)

from playground.core.messages import N_
from playground.core.teaching.templates import TEMPLATES
from playground.gui.commands import retranslate_commands
from playground.gui.document import Document
from playground.gui.i18n import translate_message
from playground.gui.icons import set_standard_icon
from playground.gui.log_folder import open_log_folder
from playground.gui.screen_fit import available_geometry
from playground.gui.template_dialog import EMPTY
from playground.gui.training.controller import TrainingController


class EditorActions(Protocol):
    layer_actions: list[QAction]


class MenuOwner(Protocol):
    """What the menus call on the window they belong to."""

    language: str
    document: Document
    training: TrainingController
    editor: EditorActions
    docks: list[QDockWidget]

    def window_widget(self) -> QMainWindow: ...
    def new_project(self) -> None: ...
    def new_from_template(self, name: str) -> None: ...
    def open_project(self) -> None: ...
    def open_path(self, path: str | Path) -> bool: ...
    def maybe_save(self) -> bool: ...
    def save(self) -> bool: ...
    def save_as(self) -> bool: ...
    def export_text(self, kind: str) -> bool: ...
    def export_picture(self) -> bool: ...
    def reset_layout(self) -> None: ...
    def recent_files(self) -> list[str]: ...
    def clear_recent(self) -> None: ...


@dataclass
class BuiltMenus:
    """The menu bar's menus by name (see :data:`playground.gui.host.MENU_NAMES`), every action
    by object name, and the toolbar."""

    menus: dict[str, QMenu]
    actions: dict[str, QAction]
    toolbar: QToolBar


def tr(text: str) -> str:
    return QCoreApplication.translate("Menus", text)


SHORTCUTS = (
    (N_("Ctrl+N"), N_("New network from a template")),
    (N_("Ctrl+O"), N_("Open a project")),
    (N_("Ctrl+S / Ctrl+Shift+S"), N_("Save / Save as")),
    (N_("Ctrl+Z / Ctrl+Shift+Z"), N_("Undo / Redo")),
    (N_("Delete"), N_("Remove the selected layer")),
    (N_("Ctrl+D"), N_("Duplicate the selected layer")),
    (N_("Ctrl+Up / Ctrl+Down"), N_("Move the selected layer")),
    (N_("Up / Down"), N_("Select the previous or next layer")),
    (N_("Enter (in the palette)"), N_("Add the layer at the end")),
    (N_("Space"), N_("Train, pause or resume")),
    (N_("Right arrow"), N_("Train one batch (step)")),
    (N_("R"), N_("Reset the weights to the seed's initial weights")),
    (N_("S"), N_("Stop the run and evaluate on the test set")),
    (N_("Page Down"), N_("Next lesson step")),
    (N_("Page Up"), N_("Previous lesson step")),
    (N_("F11"), N_("Presentation mode: large type, only the panes that matter")),
    (N_("Esc"), N_("Leave presentation mode")),
)


def build_menus(window: MenuOwner) -> BuiltMenus:
    """Create the menu bar and toolbar of ``window``; returns them with every action by name."""
    actions: dict[str, QAction] = {}
    qt_window = window.window_widget()
    style = qt_window.style()

    def make(name: str, text: str, slot: Callable[[], object], keys: object = None,
             icon: QStyle.StandardPixmap | None = None, tip: str = "") -> QAction:
        action = QAction(text, qt_window)
        action.setObjectName(name)
        if icon is not None:
            set_standard_icon(action, style, icon)
        if isinstance(keys, list):
            action.setShortcuts([QKeySequence(k) for k in keys])
        elif keys is not None:
            action.setShortcut(QKeySequence(keys))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        actions[name] = action
        return action

    sp = QStyle.StandardPixmap
    bar = qt_window.menuBar()
    bar.setObjectName("menuBar")
    bar.setAccessibleName(tr("Menu bar"))

    # File
    file_menu = bar.addMenu(tr("&File"))
    file_menu.setObjectName("fileMenu")
    file_menu.addAction(make("newAction", tr("&New…"), window.new_project,
                             QKeySequence.StandardKey.New, sp.SP_FileIcon,
                             tr("Start a new network, empty or from a template")))
    templates = file_menu.addMenu(tr("New from &Template"))
    templates.setObjectName("templatesMenu")
    templates.setToolTipsVisible(True)
    empty = make("template_empty", tr("Empty network"), lambda: window.new_from_template(EMPTY))
    templates.addAction(empty)
    templates.addSeparator()
    for template in TEMPLATES.values():
        action = make(f"template_{template.name}", "",
                      lambda n=template.name: window.new_from_template(n))
        templates.addAction(action)
    _name_templates(window, actions)
    file_menu.addAction(make("openAction", tr("&Open…"), window.open_project,
                             QKeySequence.StandardKey.Open, sp.SP_DialogOpenButton,
                             tr("Open a saved project (.nnp)")))
    recent = file_menu.addMenu(tr("Open &Recent"))
    recent.setObjectName("recentMenu")
    recent.aboutToShow.connect(lambda: fill_recent_menu(window, recent))
    file_menu.addSeparator()
    file_menu.addAction(make("saveAction", tr("&Save"), window.save,
                             QKeySequence.StandardKey.Save, sp.SP_DialogSaveButton,
                             tr("Save the project")))
    file_menu.addAction(make("saveAsAction", tr("Save &As…"), window.save_as, "Ctrl+Shift+S"))
    export = file_menu.addMenu(tr("&Export"))
    export.setObjectName("exportMenu")
    export.addAction(make("exportJsonAction", tr("Network Description (JSON)…"),
                          lambda: window.export_text("json")))
    export.addAction(make("exportSummaryAction", tr("Summary Table (text)…"),
                          lambda: window.export_text("summary")))
    export.addAction(make("exportPictureAction", tr("Picture of the Window (PNG)…"),
                          window.export_picture))
    file_menu.addSeparator()
    file_menu.addAction(make("quitAction", tr("&Quit"), qt_window.close,
                             QKeySequence.StandardKey.Quit))

    # Edit
    edit_menu = bar.addMenu(tr("&Edit"))
    edit_menu.setObjectName("editMenu")
    stack = window.document.undo_stack
    undo, redo = QAction(qt_window), QAction(qt_window)
    undo.triggered.connect(lambda _checked=False: stack.undo())
    redo.triggered.connect(lambda _checked=False: stack.redo())
    for signal in (stack.indexChanged, stack.canUndoChanged, stack.canRedoChanged,
                   stack.undoTextChanged, stack.redoTextChanged):
        signal.connect(lambda *_: _name_undo_redo(stack, undo, redo))
    _name_undo_redo(stack, undo, redo)
    undo.setObjectName("undoAction")
    undo.setShortcuts([QKeySequence("Ctrl+Z")])
    set_standard_icon(undo, style, sp.SP_ArrowBack)
    undo.setIconText(tr("Undo"))  # the toolbar keeps a short label; the menu says what
    redo.setObjectName("redoAction")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    set_standard_icon(redo, style, sp.SP_ArrowForward)
    redo.setIconText(tr("Redo"))
    actions.update(undoAction=undo, redoAction=redo)
    edit_menu.addActions([undo, redo])
    edit_menu.addSeparator()
    for action in window.editor.layer_actions:
        edit_menu.addAction(action)
        actions[action.objectName()] = action
    edit_menu.addSeparator()
    edit_menu.addAction(make("fixAction", tr("&Fix Problem"), window.document.apply_fix,
                             tip=tr("Apply the suggested fix for the network's problem")))

    # View
    view_menu = bar.addMenu(tr("&View"))
    view_menu.setObjectName("viewMenu")
    for dock in window.docks:
        toggle = dock.toggleViewAction()
        toggle.setObjectName(f"{dock.objectName()}Toggle")
        view_menu.addAction(toggle)
    view_menu.addSeparator()
    view_menu.addAction(make("resetLayoutAction", tr("&Reset Layout"), window.reset_layout))

    # Training
    training = window.training
    train_menu = bar.addMenu(tr("&Training"))
    train_menu.setObjectName("trainingMenu")
    train_menu.addAction(make("trainAction", tr("&Train / Pause"), training.toggle, "Space",
                              sp.SP_MediaPlay, tr("Start training, pause it, or resume it")))
    train_menu.addAction(make("stepAction", tr("&Step One Batch"), training.step, "Right",
                              sp.SP_MediaSeekForward, tr("Train exactly one batch, then pause")))
    train_menu.addAction(make("stopAction", tr("St&op"), training.stop, None, sp.SP_MediaStop,
                              tr("End the run and evaluate on the test set")))
    train_menu.addAction(make("resetWeightsAction", tr("&Reset Weights"), training.reset_weights,
                              "R", sp.SP_BrowserReload,
                              tr("Start again from the initial weights of this seed")))
    training.runner.runningChanged.connect(lambda _r: _update_training_actions(window, actions))
    training.runner.pausedChanged.connect(lambda _p: _update_training_actions(window, actions))

    # Help
    help_menu = bar.addMenu(tr("&Help"))
    help_menu.setObjectName("helpMenu")
    help_menu.addAction(make("shortcutsAction", tr("&Keyboard Shortcuts"),
                             lambda: show_shortcuts(window), QKeySequence.StandardKey.HelpContents))
    help_menu.addAction(make("openLogFolderAction", tr("Open &Log Folder"),
                             lambda: open_log_folder(qt_window),
                             tip=tr("Show the folder of the log file, where problems are "
                                    "written down with their details")))
    help_menu.addSeparator()
    help_menu.addAction(make("aboutAction", tr("&About"), lambda: show_about(window)))

    toolbar = _build_toolbar(window, actions)
    _update_fix_action(window, actions["fixAction"])
    _update_training_actions(window, actions)
    window.document.analysisChanged.connect(
        lambda _a: _update_fix_action(window, actions["fixAction"])
    )
    menus = {"file": file_menu, "export": export, "edit": edit_menu, "view": view_menu,
             "training": train_menu, "help": help_menu}
    return BuiltMenus(menus, actions, toolbar)


def _update_training_actions(window: MenuOwner, actions: dict[str, QAction]) -> None:
    runner = window.training.runner
    running, paused = runner.running, runner.paused
    train = actions["trainAction"]
    train.setText(tr("Pause") if running and not paused else
                  tr("Resume") if running else tr("Train"))
    style = window.window_widget().style()
    icon = QStyle.StandardPixmap.SP_MediaPause if running and not paused else \
        QStyle.StandardPixmap.SP_MediaPlay
    set_standard_icon(train, style, icon)
    actions["stopAction"].setEnabled(running)
    actions["resetWeightsAction"].setEnabled(not running)


# Toolbar buttons shown as their icon alone: the file and undo actions, whose pictures are
# familiar from every program and whose names are in their tooltips. The rest keep their label
# (the training actions are what a lesson points at), and all of it fits a 1280 px wide window
# even with presentation mode's enlarged type, so Stop never falls into the overflow menu.
ICON_ONLY = ("newAction", "openAction", "saveAction", "undoAction", "redoAction")
# On a screen less tall than this (logical pixels: 960×540 at a scale factor of 2) the toolbar's
# icons are smaller, leaving the network editor a few more pixels.
SHORT_SCREEN, SMALL_ICON = 600, 16


def _build_toolbar(window: MenuOwner, actions: dict[str, QAction]) -> QToolBar:
    qt_window = window.window_widget()
    actions["stepAction"].setIconText(tr("Step"))  # the menu keeps the full name
    toolbar = QToolBar(tr("Main Toolbar"), qt_window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setAccessibleName(tr("Main toolbar"))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.setMovable(False)
    if available_geometry(qt_window).height() < SHORT_SCREEN:  # the editor needs the height
        toolbar.setIconSize(QSize(SMALL_ICON, SMALL_ICON))
    for name in ("newAction", "openAction", "saveAction", None, "undoAction", "redoAction", None,
                 "deleteLayer", "fixAction", None, "trainAction", "stepAction", "stopAction"):
        if name is None:
            toolbar.addSeparator()
            continue
        action = actions[name]
        toolbar.addAction(action)
        button = toolbar.widgetForAction(action)
        button.setObjectName(f"{name}Button")
        if name in ICON_ONLY:
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    _name_toolbar_buttons(toolbar)
    qt_window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    return toolbar


def _name_undo_redo(stack: QUndoStack, undo: QAction, redo: QAction) -> None:
    """Undo and Redo named after the step they take back or again ("Undo Add Dense"), as Qt's
    own undo actions are, but composed here so a change of language can name them again."""
    if not shiboken6.isValid(stack):  # the stack says it changed while it is being deleted
        return
    for action, prefix, step, can in ((undo, tr("&Undo"), stack.undoText(), stack.canUndo()),
                                      (redo, tr("&Redo"), stack.redoText(), stack.canRedo())):
        if shiboken6.isValid(action):
            action.setText(f"{prefix} {step}" if step else prefix)
            action.setEnabled(can)


def _name_templates(window: MenuOwner, actions: dict[str, QAction]) -> None:
    """The template entries' names and tips in the window's language."""
    for template in TEMPLATES.values():
        action = actions[f"template_{template.name}"]
        action.setText(template.title.get(window.language))
        tip = f"{template.name}: {template.description.get(window.language)}"
        action.setToolTip(tip)
        action.setStatusTip(tip)


def _name_toolbar_buttons(toolbar: QToolBar) -> None:
    """Each toolbar button named after its action, for screen readers (the icon-only ones
    show no text of their own), and named again when the action's text changes ("Pause")."""
    for action in toolbar.actions():
        button = toolbar.widgetForAction(action)
        if button is None or action.isSeparator():
            continue
        button.setAccessibleName(_button_name(action))
        if not button.property("namedAfterAction"):
            button.setProperty("namedAfterAction", True)
            action.changed.connect(lambda a=action, b=button: _rename(b, a))


def _button_name(action: QAction) -> str:
    return action.text().replace("&", "").rstrip("…")


def _rename(button: QWidget, action: QAction) -> None:
    if shiboken6.isValid(button) and shiboken6.isValid(action):  # not while the window goes
        button.setAccessibleName(_button_name(action))


def retranslate_menus(window: MenuOwner, built: BuiltMenus) -> None:
    """After a change of language: the texts composed here (template tips, button names, the
    fix's tooltip) in the new language; whole texts were replaced by the window's switch."""
    _name_templates(window, built.actions)
    stack = window.document.undo_stack
    retranslate_commands(stack)
    _name_undo_redo(stack, built.actions["undoAction"], built.actions["redoAction"])
    _name_toolbar_buttons(built.toolbar)
    _update_fix_action(window, built.actions["fixAction"])


def _update_fix_action(window: MenuOwner, action: QAction) -> None:
    """Enable Fix Problem for the error that stops training, else for the first warning's fix."""
    analysis = window.document.analysis
    candidates = [analysis.error] if analysis.error is not None else list(analysis.warnings)
    fix = next((c.fix for c in candidates if c.fix is not None), None)
    has_layers = bool(window.document.spec.layers)  # an empty network gets a hint, not a fix
    action.setEnabled(has_layers and fix is not None)
    # The fix's own words while there is one; the general tip once there is none, so no
    # earlier problem's fix is left in the tooltip.
    action.setToolTip(translate_message(fix.description) if fix is not None
                      else tr("Apply the suggested fix for the network's problem"))


def fill_recent_menu(window: MenuOwner, menu: QMenu) -> None:
    menu.clear()
    files = window.recent_files()
    for i, path in enumerate(files):
        action = menu.addAction(f"&{i + 1} {Path(path).name}")
        action.setObjectName(f"recent{i}")
        action.setToolTip(path)
        action.setStatusTip(path)
        action.triggered.connect(
            lambda _c=False, p=path: window.maybe_save() and window.open_path(p)
        )
    if not files:
        menu.addAction(tr("No recent projects")).setEnabled(False)
    menu.addSeparator()
    menu.addAction(tr("Clear List"), window.clear_recent).setEnabled(bool(files))


def show_shortcuts(window: MenuOwner) -> None:
    rows = "".join(f"<tr><td><b>{keys}</b></td><td>&nbsp;&nbsp;{what}</td></tr>"
                   for keys, what in ((tr(k), tr(t)) for k, t in SHORTCUTS))
    QMessageBox.information(window.window_widget(), tr("Keyboard Shortcuts"),
                            f"<table>{rows}</table>")


def show_about(window: MenuOwner) -> None:
    from playground import __version__

    QMessageBox.about(
        window.window_widget(), tr("About"),
        tr("<h3>Neural Network Playground {version}</h3><p>Build a neural network by dragging "
           "layers, train it with real PyTorch and look inside it.</p>").format(
            version=__version__),
    )

