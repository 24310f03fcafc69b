"""File ▸ Export: the network as a PyTorch training script, as ONNX, its weights as safetensors,
and the learning curves as PNG or CSV.

Why off the GUI thread: the exports use the same core as ``python -m playground export``
(:func:`playground.core.export.formats.export`), which imports torch (1.5–2.5 s the first time)
and, for ONNX, traces the model (1–4 s for the templates). The window must keep repainting
meanwhile, so the work runs in the application's background pool
(:mod:`playground.gui.background`) and receives only plain data (the frozen network and
settings, the trained weights, which nothing edits in place); its outcome comes back on the GUI
thread, or to no one once the window has closed (closing cancels it: an ONNX export's process
is ended). A busy cursor and a status message show that something is happening, and the export
entries are disabled until it ends. The ONNX tracer holds Python's interpreter lock for seconds
at a time, which would freeze the window even from a thread, so the job only waits for the
command line doing the export in a process of its own.

ONNX and safetensors are written to a hidden folder next to the chosen file and moved into
place, so a failed export never leaves half a file under the name the student chose; a chosen
name that is a pipe, a device or a read-only file is refused before any work starts.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from playground.core.errors import PlaygroundError
from playground.core.files.os_errors import reason_message
from playground.gui.background import Job, background, error_message
from playground.gui.i18n import translate_message

if TYPE_CHECKING:
    from playground.core.network.spec import NetworkSpec
    from playground.core.training.config import TrainingConfig
    from playground.gui.host import WindowHost

__all__ = ["ExportActions", "ScriptExportDialog"]

Work = Callable[[Job], list[Path]]
ONNX_TIMEOUT_SECONDS = 600
CANCEL_POLL_SECONDS = 0.1  # how often a waiting ONNX export looks at its cancel flag


def tr(text: str) -> str:
    return QCoreApplication.translate("Export", text)


class ScriptExportDialog(QDialog):
    """Where to write ``train.py`` and whether it starts from the trained weights."""

    def __init__(self, folder: Path, has_weights: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scriptExportDialog")
        self.setAccessibleName(tr("Export PyTorch script"))
        self.setWindowTitle(tr("Export PyTorch Script"))
        intro = QLabel(tr("Writes train.py, a standalone PyTorch program that builds this network "
                          "and trains it the same way, and the data it trains on, into this "
                          "folder."))
        intro.setWordWrap(True)
        self.folder_edit = QLineEdit(str(folder), objectName="scriptFolderEdit")
        self.folder_edit.setAccessibleName(tr("Folder"))
        browse = QPushButton(tr("Browse…"), objectName="scriptBrowseButton")
        browse.setAccessibleName(tr("Choose the folder"))
        browse.clicked.connect(self._browse)
        self.weights_check = QCheckBox(tr("Start from the trained weights"),
                                       objectName="startFromWeightsCheck")
        self.weights_check.setAccessibleName(tr("Start from the trained weights"))
        self.weights_check.setToolTip(tr("Also write initial.safetensors; the script then "
                                         "continues training from where the app left off."))
        self.weights_check.setChecked(has_weights)
        self.weights_check.setEnabled(has_weights)
        if not has_weights:
            self.weights_check.setToolTip(tr("Train the network first to include its weights."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("scriptExportButtons")
        self.export_button = buttons.addButton(tr("Export"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("scriptExportButton")
        self.export_button.setAccessibleName(tr("Export"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("scriptCancelButton")
        cancel.setAccessibleName(tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.folder_edit.textChanged.connect(
            lambda text: self.export_button.setEnabled(bool(text.strip())))
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.weights_check)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Folder for train.py"),
                                                  self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def choice(self) -> tuple[Path, bool]:
        folder = Path(self.folder_edit.text().strip()).expanduser()
        return folder, self.weights_check.isEnabled() and self.weights_check.isChecked()


class ExportActions(QObject):
    """The export entries of one window and the background work behind them."""

    exported = Signal(object)  # list[Path] written, on the GUI thread
    exportFailed = Signal(str)  # the message shown

    def __init__(self, host: WindowHost) -> None:
        window = host.window_widget()
        super().__init__(window)
        self.setObjectName("exportActions")
        self.window = host
        self._job: Job | None = None
        menu = host.menu("export")
        self.menu = menu
        self.actions: dict[str, QAction] = {}
        first = menu.actions()[0] if menu.actions() else None
        for name, text, slot, tip in (
            ("exportPytorchAction", tr("PyTorch Script (train.py)…"), self.export_script,
             tr("A standalone PyTorch program that trains this network")),
            ("exportOnnxAction", tr("ONNX Model…"), self.export_onnx,
             tr("The network as ONNX, for Netron and other runtimes")),
            ("exportWeightsAction", tr("Weights (safetensors)…"), self.export_weights,
             tr("The trained weights, readable by any framework")),
        ):
            action = QAction(text, window)
            action.setObjectName(name)
            action.setStatusTip(tip)
            action.setToolTip(tip)
            action.triggered.connect(lambda _c=False, s=slot: s())
            host.add_action("export", action, before=first.objectName() if first else None)
            self.actions[name] = action
        menu.insertSeparator(first)
        menu.addSeparator()
        for name, text, slot in (
            ("exportCurvesPngAction", tr("Learning Curves (PNG)…"), self.export_curves_png),
            ("exportCurvesCsvAction", tr("Learning Curves (CSV)…"), self.export_curves_csv),
        ):
            action = QAction(text, window)
            action.setObjectName(name)
            action.triggered.connect(lambda _c=False, s=slot: s())
            host.add_action("export", action)
            self.actions[name] = action
        menu.aboutToShow.connect(self.refresh)
        host.document.analysisChanged.connect(lambda _a: self.refresh())
        host.training.runFinished.connect(lambda _r: self.refresh())
        host.on_close(self.cancel)
        self.refresh()

    # -- state -----------------------------------------------------------------------------------
    def trained_weights(self) -> dict[str, Any] | None:
        """The document's weights if they belong to the network as it is now."""
        doc = self.window.document
        if doc.weights and doc.weights_spec == doc.spec:
            return dict(doc.weights)
        return None

    @property
    def busy(self) -> bool:
        return self._job is not None

    def refresh(self) -> None:
        doc = self.window.document
        valid = bool(doc.spec.layers) and doc.analysis.error is None
        idle = not self.busy
        self.actions["exportPytorchAction"].setEnabled(idle and valid)
        self.actions["exportOnnxAction"].setEnabled(idle and valid)
        self.actions["exportWeightsAction"].setEnabled(
            idle and self.trained_weights() is not None)

    # -- questions (replaced in tests) ------------------------------------------------------------
    def ask_script_target(self, suggestion: Path, has_weights: bool) -> tuple[Path, bool] | None:
        dialog = ScriptExportDialog(suggestion, has_weights, self.window.window_widget())
        try:
            return dialog.choice() if dialog.exec() else None
        finally:
            dialog.deleteLater()

    def ask_file(self, title: str, suggestion: str, file_filter: str) -> str | None:
        return self.window.ask_save_path(title, suggestion, file_filter)

    def ask_replace(self, folder: Path) -> bool:
        answer = QMessageBox.question(
            self.window, tr("Export PyTorch Script"),
            tr("{0} already has a train.py. Replace it?").format(folder))
        return answer == QMessageBox.StandardButton.Yes

    # -- the exports -----------------------------------------------------------------------------
    def _stem(self) -> str:
        return self.window.document.spec.name or "network"

    def _start_folder(self) -> Path:
        recent = self.window.recent_files()
        return Path(recent[0]).parent if recent else Path.home()

    def export_script(self) -> bool:
        weights = self.trained_weights()
        choice = self.ask_script_target(self._start_folder() / f"{self._stem()}-pytorch",
                                        weights is not None)
        if choice is None:
            return False
        folder, with_weights = choice
        if (folder / "train.py").exists() and not self.ask_replace(folder):
            return False
        doc = self.window.document
        spec, config, options = doc.spec, doc.config, dict(doc.dataset_options)

        def job(_job: Job) -> list[Path]:
            from playground.core.export.formats import export

            return export(spec, config, folder, "pytorch", dataset_options=options,
                          weights=weights if with_weights else None, with_weights=with_weights)

        return self._start(tr("Export PyTorch Script"), job)

    def export_onnx(self) -> bool:
        path = self.ask_file(tr("Export ONNX Model"), f"{self._stem()}.onnx", "ONNX (*.onnx)")
        if not path:
            return False
        return self._export_file(tr("Export ONNX Model"), "onnx", "model.onnx",
                                 _with_suffix(path, ".onnx"), self.trained_weights())

    def export_weights(self) -> bool:
        weights = self.trained_weights()
        if weights is None:
            self.window.report_error(tr("Export Weights"),
                                     tr("The network has no trained weights. Train it first."))
            return False
        path = self.ask_file(tr("Export Weights"), f"{self._stem()}.safetensors",
                             "safetensors (*.safetensors)")
        if not path:
            return False
        return self._export_file(tr("Export Weights"), "safetensors", "model.safetensors",
                                 _with_suffix(path, ".safetensors"), weights)

    def _export_file(self, title: str, fmt: str, produced: str, target: Path,
                     weights: dict[str, Any] | None) -> bool:
        doc = self.window.document
        spec, config, options = doc.spec, doc.config, dict(doc.dataset_options)

        def job(running: Job) -> list[Path]:
            from playground.core.files.atomic import check_can_write, move_into_place

            check_can_write(target)  # a pipe, a device or a read-only file is refused at once
            staging = Path(tempfile.mkdtemp(prefix=".export-", dir=target.parent))
            try:
                if fmt == "onnx":
                    _onnx_in_subprocess(spec, config, options, weights, staging, running)
                else:
                    from playground.core.export.formats import export

                    export(spec, config, staging, fmt, dataset_options=options, weights=weights)
                return [move_into_place(staging / produced, target)]
            finally:
                shutil.rmtree(staging, ignore_errors=True)

        return self._start(title, job)

    def export_curves_png(self) -> bool:
        path = self.ask_file(tr("Export Learning Curves"), f"{self._stem()}-curves.png",
                             "PNG (*.png)")
        if not path:
            return False
        target = _with_suffix(path, ".png")
        if not self.window.training.curves.export_png(target):
            self._report(tr("Export Learning Curves"),
                         tr("Could not write {0}. Choose another folder.").format(target))
            return False
        self._announce([target])
        return True

    def export_curves_csv(self) -> bool:
        path = self.ask_file(tr("Export Learning Curves"), f"{self._stem()}-curves.csv",
                             "CSV (*.csv)")
        if not path:
            return False
        target = _with_suffix(path, ".csv")
        try:
            self.window.training.curves.export_csv(target)
        except PlaygroundError as exc:
            self._report(tr("Export Learning Curves"), str(exc))
            return False
        self._announce([target])
        return True

    # -- running in the background -----------------------------------------------------------
    def _start(self, title: str, work: Work) -> bool:
        if self.busy:
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self.window.show_status(tr("Exporting…"), 0)
        self._job = background().submit(
            work, owner=self, name="export",
            on_result=lambda files: self._finish(title, files, None),
            on_error=lambda exc: self._finish(title, None, _export_error(exc)))
        self.refresh()
        return True

    def _finish(self, title: str, files: list[Path] | None, error: str | None) -> None:
        self._job = None
        QApplication.restoreOverrideCursor()
        self.refresh()
        if error is not None:
            self._report(title, error)
        else:
            self._announce(files or [])

    def wait(self, timeout: float = 60.0) -> None:
        """Block until a running export has ended; its report follows on the event loop."""
        if self._job is not None:
            self._job.wait(timeout)

    def cancel(self) -> None:
        """Stop a running export and drop its outcome (the window is closing)."""
        job, self._job = self._job, None
        if job is not None:
            job.cancel()
            QApplication.restoreOverrideCursor()

    def _report(self, title: str, message: str) -> None:
        self.window.report_error(title, message)
        self.exportFailed.emit(message)

    def _announce(self, files: list[Path]) -> None:
        shown = files[-1] if files else ""
        self.window.show_status(tr("Exported {0}").format(shown), 8000)
        self.exported.emit(files)


def _export_error(exc: BaseException) -> str:
    """An export's failure in plain words; a file system error says what to do."""
    if isinstance(exc, OSError) and not isinstance(exc, PlaygroundError):
        return tr("Could not write the files: {0}. Choose another folder.").format(
            translate_message(reason_message(exc)))
    return error_message(exc)


def _onnx_in_subprocess(spec: NetworkSpec, config: TrainingConfig, options: dict[str, Any],
                        weights: dict[str, Any] | None, staging: Path, job: Job) -> None:
    """Write ``staging/model.onnx`` with ``python -m playground export`` in another process.

    Why not a thread: the ONNX exporter traces the model in Python and holds the interpreter
    lock for long stretches (measured: the window froze for over a second at a time), so it
    runs as the command line, in its own process, from a project file in ``staging``. The
    process is ended when the job is cancelled (its window closed).
    """
    from playground.core.export.script_data import ExportError
    from playground.core.files.project import Project, save_project

    source = staging / "network.nnp"
    save_project(Project(spec=spec, training=config, dataset_options=options, weights=weights,
                         name=spec.name), source)
    command = [sys.executable] if getattr(sys, "frozen", False) else [
        sys.executable, "-m", "playground"]
    command += ["export", str(source), "--format", "onnx", "--out", str(staging)]
    with subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[2],
        creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
    ) as process:
        deadline = time.monotonic() + ONNX_TIMEOUT_SECONDS
        while True:
            try:
                _out, stderr = process.communicate(timeout=CANCEL_POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                pass
            if job.cancelled or time.monotonic() > deadline:
                process.kill()
                process.communicate()
                if job.cancelled:
                    raise ExportError(tr("The ONNX export was cancelled."))
                raise ExportError(tr("The ONNX export took too long and was stopped."))
    if process.returncode != 0:
        lines = [line for line in stderr.splitlines() if line.strip()]
        reason = lines[-1].removeprefix("error: ") if lines else (
            f"exit status {process.returncode}")
        raise ExportError(reason)


def _with_suffix(path: str, suffix: str) -> Path:
    target = Path(path)
    return target if target.suffix.lower() == suffix else target.with_name(target.name + suffix)
