"""The data dialogs as a window feature: a Data menu, File ▸ New Project from Dataset…, and the
training panel's Choose… button; applying a choice to the open project.

A choice changes three things in one undoable step of the document (which asks to stop a
running training first, like every edit): the network's dataset, input shape and number of
classes, the options training loads the data with (``dataset_options``), and the training
settings chosen with it (preprocessing, augmentation). The input keeps its view: a network
reading images flat keeps reading them flat, at the new size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QCursor, QGuiApplication

from playground.core.data.inputs import switch_dataset
from playground.core.messages import Message
from playground.core.network.spec import NetworkSpec
from playground.core.training.config import TrainingConfig
from playground.gui.data.catalog import OWN_FOLDER, OWN_TABLE, short_name
from playground.gui.host import WindowHost

if TYPE_CHECKING:
    from playground.gui.data.chooser import DataChoice, DatasetChooser

MAX_PROBLEMS_SHOWN = 5


def tr(text: str) -> str:
    return QCoreApplication.translate("DataMenu", text)


def spec_for(spec: NetworkSpec, choice: DataChoice) -> NetworkSpec:
    """``spec`` fed by the chosen data, keeping its way of reading samples (image, flat, rows)."""
    return switch_dataset(spec, choice.dataset, input_shape=tuple(choice.input_shape),
                          num_classes=choice.num_classes, kind=choice.kind)


def problems_text(problems: tuple[str, ...]) -> str:
    shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
    more = len(problems) - MAX_PROBLEMS_SHOWN
    extra = tr(" and {0} more").format(more) if more > 0 else ""
    return tr("{0} left out of your data: {1}{2}.").format(len(problems), shown, extra)


def apply_choice(window: WindowHost, choice: DataChoice) -> bool:
    """Make the open project train on ``choice``; False if the user kept a run going instead.

    The whole switch is one undoable step (Edit ▸ Undo brings the previous dataset back with
    its options and settings).
    """
    doc = window.document
    spec = spec_for(doc.spec, choice)
    config = doc.config.with_changes(**choice.config_changes)
    unchanged = (spec == doc.spec and doc.dataset_options == choice.options
                 and config == doc.config)  # fmt: skip
    text = Message("Use dataset {name}", name=short_name(choice.dataset))
    if not unchanged and not doc.edit(text, spec=spec, config=config,
                                      dataset_options=dict(choice.options)):
        return False  # the user kept a run going
    _report(window, choice, tr("Dataset: {0}").format(choice.title))
    return True


def new_project_from(window: WindowHost, choice: DataChoice) -> None:
    """Start an empty network on ``choice`` (the caller has asked about unsaved changes)."""
    spec = NetworkSpec(tuple(choice.input_shape), choice.dataset, choice.num_classes, (), "")
    config = TrainingConfig().with_changes(**choice.config_changes)
    window.document.reset(spec, config, dict(choice.options))
    _report(window, choice, tr("New network on {0}").format(choice.title))


def _report(window: WindowHost, choice: DataChoice, text: str) -> None:
    window.show_status(text, 8000)
    if choice.problems:
        window.training.panel.show_message(problems_text(choice.problems), error=True)


def open_chooser(window: WindowHost, purpose: str = "choose",
                 select: str | None = None) -> DatasetChooser | None:
    """Open the chooser (window-modal, not blocking); accepting applies the choice.

    ``purpose="new"`` starts a new project on the chosen data instead, after asking about
    unsaved changes. The dialog deletes itself when it closes.
    """
    if purpose == "new" and not window.maybe_save():
        return None
    if window.training.runner.running and purpose != "new":
        window.show_status(tr("Stop the training run to change the dataset."), 5000)
        return None
    from playground.gui.data.chooser import DatasetChooser

    doc = window.document
    QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))  # the registry loads
    try:
        chooser = DatasetChooser(doc.spec.dataset, doc.dataset_options, doc.config,
                                 window.language, purpose, window.window_widget())  # fmt: skip
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

    chooser.accepted.connect(accepted)
    chooser.finished.connect(lambda _result: chooser.deleteLater())
    chooser.open()
    return chooser


def _show_dataset(window: WindowHost, *_args: Any) -> None:
    window.training.panel.settings.show_dataset(short_name(window.document.spec.dataset))


class DataFeature:
    """Adds the Data menu, File ▸ New Project from Dataset… and the panel's Choose… button.

    ``chooser`` is the dataset chooser while one is open (None otherwise).
    """

    def __init__(self, host: WindowHost) -> None:
        self.host = host
        self.chooser: DatasetChooser | None = None
        qt_window = host.window_widget()

        def make(name: str, text: str, slot: Any, tip: str) -> QAction:
            action = QAction(text, qt_window)
            action.setObjectName(name)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(lambda _checked=False: slot())
            return action

        choose = make("chooseDatasetAction", tr("Choose &Dataset…"), self.open_chooser,
                      tr("See every dataset with a preview, download one, or use your own data"))
        new = make("newFromDatasetAction", tr("New Project from Dataset…"),
                   lambda: self.open_chooser("new"),
                   tr("Start an empty network on the dataset you choose"))
        images = make("ownImagesAction", tr("Your &Images…"),
                      lambda: self.open_chooser(select=OWN_FOLDER),
                      tr("Train on a folder of your own pictures, one sub-folder per class"))
        table = make("ownTableAction", tr("Your &Table (CSV)…"),
                     lambda: self.open_chooser(select=OWN_TABLE),
                     tr("Train on a table of numbers from a spreadsheet"))
        self.menu = host.add_menu("data", tr("&Data"), before="training")
        host.add_action("data", choose)
        host.add_action("data", new)
        self.menu.addSeparator()
        host.add_action("data", images)
        host.add_action("data", table)
        host.add_action("file", new, before="openAction")
        settings = host.training.panel.settings
        settings.chooseDatasetRequested.connect(self.open_chooser)
        host.document.specChanged.connect(lambda *_a: _show_dataset(host))
        host.document.replaced.connect(lambda: _show_dataset(host))
        _show_dataset(host)

    def open_chooser(self, purpose: str = "choose",
                     select: str | None = None) -> DatasetChooser | None:
        """:func:`open_chooser` for this window, remembering the dialog while it is open."""
        chooser = open_chooser(self.host, purpose, select)
        if chooser is not None:
            self.chooser = chooser
            chooser.finished.connect(lambda _r: self._closed(chooser))
        return chooser

    def _closed(self, chooser: DatasetChooser) -> None:
        if self.chooser is chooser:
            self.chooser = None
