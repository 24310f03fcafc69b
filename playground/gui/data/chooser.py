"""Data ▸ Choose Dataset…: every dataset in a table, the selected one previewed beside it.

The table lists the registry's datasets with their size, input shape, classes, where they live
(bundled, generated, a system copy, downloaded, or needing a download) and their licence, then
two rows for the user's own images and table. Selecting a row loads its preview in the
application's background pool (:mod:`playground.gui.background`), one load at a time and only
the newest request shown; a set that needs downloading offers
Download… instead. Accepting gives a :class:`DataChoice`: the dataset, the options training must
load it with, the shape and classes of its samples, and the training settings chosen with it
(preprocessing, augmentation). Applying it to the open project is
:mod:`playground.gui.data.install`'s job; this dialog changes nothing by itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.core.errors import PlaygroundError
from playground.core.messages import N_
from playground.core.training.config import TrainingConfig
from playground.gui.background import Job, background, error_message
from playground.gui.data.catalog import (
    OWN_FOLDER,
    OWN_TABLE,
    DatasetRow,
    download_size,
    own_kind,
    own_rows,
    registry_rows,
    where_text,
)
from playground.gui.data.download_dialog import DownloadDialog
from playground.gui.data.own_data import FolderOptions, TableOptions
from playground.gui.data.preview import PreviewPane, problem_lines
from playground.gui.data.preview_data import PreviewData, build_preview
from playground.gui.i18n import translate_message
from playground.gui.inputs import translated_title
from playground.gui.layer_card import format_shape
from playground.gui.numbers import number

TITLE_WIDTH = 240
# Marked for the catalogue here, translated when the table's header is made.
COLUMNS = (N_("Dataset"), N_("Train + test"), N_("Input"), N_("Classes"), N_("Where"),
           N_("Licence"))


@dataclass(frozen=True)
class DataChoice:
    """A dataset chosen in the dialog and everything needed to train on it."""

    dataset: str
    kind: str
    title: str
    input_shape: tuple[int, ...]  # one sample as the data holds it
    num_classes: int
    options: dict[str, Any] = field(default_factory=dict)  # load_dataset options
    config_changes: dict[str, Any] = field(default_factory=dict)  # TrainingConfig fields
    problems: tuple[str, ...] = ()  # files of the user's folder left out, with the reason


class DatasetChooser(QDialog):
    """The table of datasets and the preview of the selected one; see the module docstring."""

    previewShown = Signal(object)  # PreviewData, once shown (tests and status messages)

    def __init__(self, dataset: str, options: dict[str, Any], config: TrainingConfig,
                 language: str = "en", purpose: str = "choose",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = self.tr
        self.setObjectName("datasetChooser")
        self.setAccessibleName(tr("Choose a dataset"))
        self.setWindowTitle(tr("New Project from a Dataset") if purpose == "new"
                            else tr("Choose a Dataset"))
        self.language = language
        self.initial = (dataset, dict(options))
        self.download_options: dict[str, Any] = {}  # passed to the core download (tests)
        self.download_dialog: DownloadDialog | None = None
        self.preview_data: PreviewData | None = None
        self._key: object = None

        self.table = QTableWidget(objectName="datasetTable")
        self.table.setAccessibleName(tr("Datasets"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows go through it
        self.table.verticalHeader().setVisible(False)
        self.table.setColumnCount(len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.rows: list[DatasetRow] = []
        self.infos = self._fill_table()
        self.table.itemSelectionChanged.connect(self._row_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.accept_if_ready())

        self.title = QLabel(objectName="datasetTitle")
        self.title.setAccessibleName(tr("Selected dataset"))
        self.details = QLabel(objectName="datasetDetails")
        self.details.setAccessibleName(tr("About the selected dataset"))
        self.details.setWordWrap(True)
        self.download_button = QPushButton(tr("Download…"), objectName="datasetDownloadButton")
        self.download_button.setAccessibleName(tr("Download the dataset"))
        self.download_button.clicked.connect(self.open_download)
        self.folder_options = FolderOptions()
        self.table_options = TableOptions()
        self.folder_options.changed.connect(self._load_preview)
        self.table_options.changed.connect(self._load_preview)
        self.preview = PreviewPane(config)
        scroll = QScrollArea(objectName="datasetPreviewScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.preview)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.download_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(header)
        right_layout.addWidget(self.details)
        right_layout.addWidget(self.folder_options)
        right_layout.addWidget(self.table_options)
        right_layout.addWidget(scroll, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, objectName="datasetChooserSplitter")
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setSizes([700, 560])

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("Create Project") if purpose == "new" else tr("Use This Dataset"))
        self.ok_button.setObjectName("datasetOkButton")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("datasetCancelButton")
        for button in (self.ok_button, cancel):
            button.setAccessibleName(button.text())
        self.buttons.accepted.connect(self.accept_if_ready)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.resize(1280, 820)
        self._select_initial()

    # -- the table -------------------------------------------------------------------------------
    def _fill_table(self) -> dict[str, Any]:
        from playground.core.data.datasets import list_datasets

        self.rows = registry_rows(self.language) + own_rows()
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            self._show_row(r, row)
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        header.resizeSection(0, min(header.sectionSize(0), TITLE_WIDTH))  # long titles wrap
        header.setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()
        return {info.name: info for info in list_datasets()}

    def _show_row(self, r: int, row: DatasetRow) -> None:
        cells = (row.title, row.samples, row.shape, row.classes, row.where, row.license)
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.name)
            item.setToolTip(row.classes_tip if c == 3 and row.classes_tip else row.description)
            self.table.setItem(r, c, item)
        self.rows[r] = row

    def row_index(self, name: str) -> int:
        return next((i for i, row in enumerate(self.rows) if row.name == name), -1)

    def select(self, name: str) -> None:
        """Select a dataset's row (a registry name, or OWN_FOLDER / OWN_TABLE)."""
        index = self.row_index(name)
        if index >= 0:
            self.table.selectRow(index)

    def current_row(self) -> DatasetRow | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def refresh_statuses(self) -> None:
        """Read every status again (after a download)."""
        from playground.core.data.datasets import dataset_status

        for r, row in enumerate(self.rows):
            if own_kind(row.name) is None:
                status = dataset_status(row.name)
                self._show_row(r, replace(row, status=status, where=where_text(row.name, status)))

    def _select_initial(self) -> None:
        dataset, options = self.initial
        kind = own_kind(dataset)
        if kind == "folder":
            self.folder_options.set_choice(dataset, options)
        elif kind == "table":
            self.table_options.set_choice(dataset, options)
        target = {"folder": OWN_FOLDER, "table": OWN_TABLE}.get(kind or "", dataset)
        self.select(target if self.row_index(target) >= 0 else "mnist")

    # -- the preview -----------------------------------------------------------------------------
    def _row_changed(self) -> None:
        row = self.current_row()
        if row is None:
            return
        self._show_details(row)
        kind = own_kind(row.name)
        self.folder_options.setVisible(kind == "folder")
        self.table_options.setVisible(kind == "table")
        self.download_button.setVisible(row.status == "needs-download")
        self._load_preview()

    def _show_details(self, row: DatasetRow) -> None:
        self.title.setText(f"<b>{row.title}</b>")
        self.details.setText(self.tr("{0}<br>Where: {1} · Licence: {2}").format(
            row.description, row.where, row.license))

    def _load_preview(self) -> None:
        row = self.current_row()
        self.preview_data = None
        self._key = None
        if row is None:
            return
        kind = own_kind(row.name)
        if row.kind == "toy":
            same = row.name == self.initial[0]
            self.preview.show_toy(row.name, self.initial[1] if same else {})
        elif row.status == "needs-download":
            self.preview.show_message(self.tr(
                "{0} is not on this computer yet. Download it ({1}) once and it works offline "
                "from then on. The bundled MNIST digits work without a network.").format(
                row.title, download_size(row.name)))
        elif kind is not None:
            options = self.folder_options if kind == "folder" else self.table_options
            name = options.dataset_name()
            if name is None:
                self.preview.show_message(self.tr("Choose a folder above.") if kind == "folder"
                                          else self.tr("Choose a CSV file above."))
            else:
                self._request(name, options.options())
        else:
            self._request(row.name, {})
        self._refresh_ok()

    def _request(self, name: str, options: dict[str, Any]) -> None:
        key = self._key = (name, tuple(sorted(options.items())))
        self.preview.show_message(self.tr("Loading the preview…"))

        def load(_job: Job) -> PreviewData:
            return build_preview(name, options)

        background().submit(load, owner=self, key="preview", name="dataset-preview",
                            on_result=lambda data: self._loaded(key, data),
                            on_error=lambda exc: self._failed(key, exc))

    def _loaded(self, key: object, data: PreviewData) -> None:
        if key != self._key:
            return
        self.preview_data = data
        self.preview.show_data(data)
        kind = own_kind(data.name)
        if kind is not None:
            index = self.row_index(OWN_FOLDER if kind == "folder" else OWN_TABLE)
            info = data.info
            row = self.rows[index]
            self._show_row(index, DatasetRow(
                row.name, row.title, row.description,
                f"{number(info.train_size, ',')} + {number(info.test_size, ',')}",
                format_shape(info.input_shape),
                str(info.num_classes), ", ".join(info.class_names), "local",
                where_text(data.name, "local"), row.license, row.kind))  # fmt: skip
            self._show_details(self.rows[index])
        self._refresh_ok()
        self.previewShown.emit(data)

    def _failed(self, key: object, error: BaseException) -> None:
        if key == self._key:
            # The core's own problem (a broken CSV line, a missing folder) rendered with its
            # values in the interface language; anything unexpected as its type and text.
            text = (translate_message(error) if isinstance(error, PlaygroundError)
                    else error_message(error))
            self.preview.show_message(text, error=True)
            self._refresh_ok()

    @property
    def loading(self) -> bool:
        return background().pending("preview", owner=self)

    # -- the choice ------------------------------------------------------------------------------
    def _refresh_ok(self) -> None:
        self.ok_button.setEnabled(self.choice() is not None)

    def choice(self) -> DataChoice | None:
        """What accepting now would choose, or None while nothing usable is selected."""
        row = self.current_row()
        if row is None:
            return None
        kind = own_kind(row.name)
        if kind is not None:
            data = self.preview_data
            options = self.folder_options if kind == "folder" else self.table_options
            if data is None or data.name != options.dataset_name():
                return None
            return DataChoice(
                data.name, data.kind, translated_title(data.info.title),
                tuple(data.info.input_shape),
                data.info.num_classes, dict(data.options), self.preview.config_changes(data.kind),
                tuple(problem_lines(data)),
            )  # fmt: skip
        if not row.usable:
            return None
        info = self.infos[row.name]
        return DataChoice(
            row.name, info.kind, row.title, tuple(info.input_shape), info.num_classes,
            self.preview.dataset_options(info.kind), self.preview.config_changes(info.kind),
        )  # fmt: skip

    def accept_if_ready(self) -> None:
        if self.choice() is not None:
            self.accept()

    # -- downloads -------------------------------------------------------------------------------
    def open_download(self) -> DownloadDialog | None:
        """Open the download dialog for the selected set and start downloading."""
        row = self.current_row()
        if row is None or row.status != "needs-download":
            return None
        dialog = DownloadDialog(row.name, row.title, self.download_options, parent=self)
        dialog.downloaded.connect(self._downloaded)
        self.download_dialog = dialog
        dialog.open()
        dialog.start()
        return dialog

    def done(self, result: int) -> None:
        """Closing the chooser cancels a download still running (what arrived is kept)."""
        if self.download_dialog is not None and self.download_dialog.running:
            self.download_dialog.cancel()
        super().done(result)

    @Slot(str)
    def _downloaded(self, name: str) -> None:
        self.refresh_statuses()
        row = self.current_row()
        if row is not None and row.name == name:
            self._row_changed()
