"""The data dialogs in the main window: a Data menu, File ▸ New Project from Dataset…, and the
training panel's Choose… button; applying a choice to the open project.

A choice changes three things, each through the document: the network's dataset, input shape
and number of classes (one undoable step, which asks to stop a running training first, like
every edit), the options training loads the data with (``dataset_options``), and the training
settings chosen with it (preprocessing, augmentation). The input keeps its view: a network
reading images flat keeps reading them flat, at the new size.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QCursor, QGuiApplication
from PySide6.QtWidgets import QMenu

from playground.core.network.spec import NetworkSpec
from playground.core.training.config import TrainingConfig
from playground.gui.commands import SpecCommand
from playground.gui.data.catalog import IMAGE_KINDS, OWN_FOLDER, OWN_TABLE, short_name
from playground.gui.inputs import input_views, view_kind

if TYPE_CHECKING:
    from playground.gui.data.chooser import DataChoice, DatasetChooser
    from playground.gui.main_window import MainWindow

MAX_PROBLEMS_SHOWN = 5


def tr(text: str) -> str:
    return QCoreApplication.translate("DataMenu", text)


def spec_for(spec: NetworkSpec, choice: DataChoice) -> NetworkSpec:
    """``spec`` fed by the chosen data, keeping its way of reading samples (image, flat, rows)."""
    images = choice.kind in IMAGE_KINDS
    views = {v.kind: v.shape for v in input_views(choice.input_shape, images)}
    shape = views.get(view_kind(spec.input_shape), tuple(choice.input_shape))
    return replace(spec, dataset=choice.dataset, input_shape=shape,
                   num_classes=choice.num_classes)  # fmt: skip


def problems_text(problems: tuple[str, ...]) -> str:
    shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
    more = len(problems) - MAX_PROBLEMS_SHOWN
    extra = tr(" and {0} more").format(more) if more > 0 else ""
    return tr("{0} left out of your data: {1}{2}.").format(len(problems), shown, extra)


def _set_config(window: MainWindow, config: TrainingConfig) -> None:
    window.document.config = config
    window.training.panel.settings.set_config(config)


class DatasetCommand(SpecCommand):
    """A dataset switch as one undo step: the network's input and outputs, the dataset's
    options (noise, sentence length, your folder) and the training settings it brought."""

    def __init__(self, window: MainWindow, spec: NetworkSpec, options: dict[str, Any],
                 config: TrainingConfig, text: str) -> None:
        doc = window.document
        super().__init__(doc, spec, text)
        self._window = window
        self.old_options, self.new_options = dict(doc.dataset_options), dict(options)
        self.old_config, self.new_config = doc.config, config

    def redo(self) -> None:
        # Options and settings first: views that reload data on the spec change read them.
        self._document.dataset_options = dict(self.new_options)
        _set_config(self._window, self.new_config)
        super().redo()

    def undo(self) -> None:
        self._document.dataset_options = dict(self.old_options)
        _set_config(self._window, self.old_config)
        super().undo()


def apply_choice(window: MainWindow, choice: DataChoice) -> bool:
    """Make the open project train on ``choice``; False if the user kept a run going instead.

    The whole switch is one undoable step (Edit ▸ Undo brings the previous dataset back with
    its options and settings).
    """
    doc = window.document
    spec = spec_for(doc.spec, choice)
    config = doc.config.with_changes(**choice.config_changes)
    unchanged = (spec == doc.spec and doc.dataset_options == choice.options
                 and config == doc.config)  # fmt: skip
    if not unchanged:
        if doc.edit_guard is not None and not doc.edit_guard():
            return False
        doc.undo_stack.push(DatasetCommand(window, spec, dict(choice.options), config,
                                           tr("Use dataset {0}").format(
                                               short_name(choice.dataset))))
    _report(window, choice, tr("Dataset: {0}").format(choice.title))
    return True


def new_project_from(window: MainWindow, choice: DataChoice) -> None:
    """Start an empty network on ``choice`` (the caller has asked about unsaved changes)."""
    spec = NetworkSpec(tuple(choice.input_shape), choice.dataset, choice.num_classes, (), "")
    config = TrainingConfig().with_changes(**choice.config_changes)
    window.document.reset(spec, config, dict(choice.options))
    _report(window, choice, tr("New network on {0}").format(choice.title))


def _report(window: MainWindow, choice: DataChoice, text: str) -> None:
    window.statusBar().showMessage(text, 8000)
    if choice.problems:
        window.training.panel.show_message(problems_text(choice.problems), error=True)


def open_chooser(window: MainWindow, purpose: str = "choose",
                 select: str | None = None) -> DatasetChooser | None:
    """Open the chooser (window-modal, not blocking); accepting applies the choice.

    ``purpose="new"`` starts a new project on the chosen data instead, after asking about
    unsaved changes. The dialog is kept as ``window.data_chooser`` while it is open.
    """
    if purpose == "new" and not window.maybe_save():
        return None
    if window.training.runner.running and purpose != "new":
        window.statusBar().showMessage(tr("Stop the training run to change the dataset."), 5000)
        return None
    from playground.gui.data.chooser import DatasetChooser

    doc = window.document
    QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))  # the registry loads
    try:
        chooser = DatasetChooser(doc.spec.dataset, doc.dataset_options, doc.config,
                                 window.language, purpose, window)  # fmt: skip
    finally:
        QGuiApplication.restoreOverrideCursor()
    if select is not None:
        chooser.select(select)

    def accepted() -> None:
        choice = chooser.choice()
        if choice is None:
            return
        if purpose == "new":
            new_project_from(window, choice)
        else:
            apply_choice(window, choice)

    def finished() -> None:
        if getattr(window, "data_chooser", None) is chooser:
            window.data_chooser = None
        chooser.deleteLater()

    chooser.accepted.connect(accepted)
    chooser.finished.connect(lambda _result: finished())
    window.data_chooser = chooser
    chooser.open()
    return chooser


def _show_dataset(window: MainWindow, *_args: Any) -> None:
    window.training.panel.settings.show_dataset(short_name(window.document.spec.dataset))


def install(window: MainWindow) -> None:
    """Add the Data menu, File ▸ New Project from Dataset… and the panel's Choose… button.

    Idempotent: a second call changes nothing.
    """
    if getattr(window, "data_menu", None) is not None:
        return

    def make(name: str, text: str, slot: Any, tip: str) -> QAction:
        action = QAction(text, window)
        action.setObjectName(name)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        window.actions_by_name[name] = action
        return action

    choose = make("chooseDatasetAction", tr("Choose &Dataset…"), lambda: open_chooser(window),
                  tr("See every dataset with a preview, download one, or use your own data"))
    new = make("newFromDatasetAction", tr("New Project from Dataset…"),
               lambda: open_chooser(window, "new"),
               tr("Start an empty network on the dataset you choose"))
    images = make("ownImagesAction", tr("Your &Images…"),
                  lambda: open_chooser(window, select=OWN_FOLDER),
                  tr("Train on a folder of your own pictures, one sub-folder per class"))
    table = make("ownTableAction", tr("Your &Table (CSV)…"),
                 lambda: open_chooser(window, select=OWN_TABLE),
                 tr("Train on a table of numbers from a spreadsheet"))
    menu = QMenu(tr("&Data"), window)
    menu.setObjectName("dataMenu")
    menu.addActions([choose, new])
    menu.addSeparator()
    menu.addActions([images, table])
    bar = window.menuBar()
    before = next((a for a in bar.actions() if a.menu() is not None
                   and a.menu().objectName() == "trainingMenu"), None)  # fmt: skip
    if before is not None:
        bar.insertMenu(before, menu)
    else:
        bar.addMenu(menu)
    file_menu = next((a.menu() for a in bar.actions() if a.menu() is not None
                      and a.menu().objectName() == "fileMenu"), None)  # fmt: skip
    open_action = window.actions_by_name.get("openAction")
    if file_menu is not None and open_action is not None:
        file_menu.insertAction(open_action, new)
    window.data_menu = menu
    settings = window.training.panel.settings
    settings.chooseDatasetRequested.connect(lambda: open_chooser(window))
    window.document.specChanged.connect(lambda *_a: _show_dataset(window))
    window.document.replaced.connect(lambda: _show_dataset(window))
    _show_dataset(window)
