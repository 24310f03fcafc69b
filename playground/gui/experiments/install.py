"""The Experiments feature: Training ▸ New Experiment…, the Training tab's Experiment… button
(the same dialog, open on the student's own settings to vary), the Experiments pane, the run.

A student asks one question (what does the learning rate change?) and the window runs the
networks that answer it, one after another, in the background: the window's own training
stays free. The pane shows every run as it goes and, at the end, the table, the plots and a
plain paragraph; "Use this network" makes the chosen row's network and settings the open
ones, in one step the student can undo.

The study is kept beside the project, so opening a project (or starting the window with one)
shows its latest experiment again: its results if it ended, and Continue when runs are left
(the window closed, or the computer stopped, in the middle of it).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction

from playground.core.errors import PlaygroundError
from playground.core.experiments.definition import Experiment
from playground.core.experiments.presets import PRESETS
from playground.core.experiments.settings import apply_values, setting_label
from playground.gui.background import background
from playground.gui.experiments.dialog import CUSTOM, NewExperimentDialog
from playground.gui.experiments.pane import ExperimentsPane
from playground.gui.experiments.run import ExperimentRun, storage_for
from playground.gui.host import WindowHost
from playground.gui.i18n import current_language, current_locale, translate_message

__all__ = ["DOCK_NAME", "ExperimentsFeature"]

DOCK_NAME = "experimentsDock"
COMPARE_DOCK = "compareDock"


def tr(text: str) -> str:
    return QCoreApplication.translate("Experiments", text)


class ExperimentsFeature(QObject):
    """The action, the dialog, the pane and the one experiment running at a time.

    ``sample_limit``: samples per run (None: the whole dataset); tests and screenshots set a
    small one so a run takes a moment.
    """

    sample_limit: int | None = None

    def __init__(self, host: WindowHost) -> None:
        super().__init__(host.window_widget())
        self.setObjectName("experimentsFeature")
        self.host = host
        self.document = host.document
        self.run: ExperimentRun | None = None
        self.dialog: NewExperimentDialog | None = None
        self.result: Any = None
        self.pane = ExperimentsPane()
        self.pane.stopRequested.connect(self.stop)
        self.pane.pauseRequested.connect(self.pause)
        self.pane.continueRequested.connect(self.continue_study)
        self.pane.useRequested.connect(self.use_network)
        self.study: Any = None  # the study read back from beside the project, if any
        self.dock = host.add_pane(
            self.pane, tr("Experiments"), DOCK_NAME, Qt.DockWidgetArea.BottomDockWidgetArea,
            tab_with=COMPARE_DOCK, view_toggle=True, toggle_text=tr("E&xperiments"),
            toggle_tip=tr("Show the experiments: many runs that answer one question"))
        self.new_action = QAction(tr("New E&xperiment…"), host.window_widget())
        self.new_action.setObjectName("newExperimentAction")
        tip = tr("Ask one question (what does the learning rate change?) and let the "
                 "networks that answer it train by themselves")
        self.new_action.setToolTip(tip)
        self.new_action.setStatusTip(tip)
        self.new_action.triggered.connect(lambda _checked=False: self.new_experiment())
        host.add_action("training", self.new_action)
        self.panel_action = QAction(tr("Experiment…"), host.window_widget())
        self.panel_action.setObjectName("experimentFromTraining")
        tip = tr("Try other values of these settings (and of the network's), each in a run of "
                 "its own, side by side")
        self.panel_action.setToolTip(tip)
        self.panel_action.triggered.connect(lambda _checked=False: self.new_experiment(True))
        self.panel_button = host.training.panel.add_tool_button(self.panel_action)
        host.on_close(self._closed)
        self.document.pathChanged.connect(lambda _path: self.look_for_study())
        self.look_for_study()

    # -- starting ------------------------------------------------------------------------------
    def new_experiment(self, custom: bool = False) -> NewExperimentDialog:
        """Open the dialog (not modal: the window stays usable); Start runs the experiment.
        ``custom``: open on the student's own settings to vary (from the Training tab)."""
        doc = self.document
        dialog = NewExperimentDialog(doc.spec, doc.config, dict(doc.dataset_options),
                                     self.sample_limit, self.host.window_widget(),
                                     custom=custom)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._accepted(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _accepted(self, dialog: NewExperimentDialog) -> None:
        if dialog.experiment is None:
            return
        if dialog.chosen != CUSTOM:
            title = translate_message(PRESETS[dialog.chosen].title)
        else:
            experiment = dialog.experiment
            title = ", ".join(translate_message(setting_label(name, experiment.spec))
                              for name in experiment.names)
        self.start(dialog.experiment, title, processes=dialog.processes.value())

    def start(self, experiment: Experiment, title: str = "", *, processes: int = 1,
              study: Any = None) -> ExperimentRun:
        """Run ``experiment`` in the background (a running one is stopped at once first);
        ``study``: a study read back (a ``StudySnapshot``) to continue instead of a new one."""
        if self.run is not None and self.run.running:
            self.run.cancel()
        if study is not None:
            url: str | None = study.storage_url
        else:
            try:
                url = storage_for(self.document.path, "experiment")
            except OSError:  # no writable data folder: the study lives in memory
                url = None
        run = ExperimentRun(experiment, url, self, processes=processes,
                            study_name=None if study is None else study.study_name)
        run.trialChanged.connect(self.pane.add_record)
        run.studyRead.connect(self.pane.study_read)
        run.pausedChanged.connect(self._paused)
        run.finished.connect(self._finished)
        run.failed.connect(self._failed)
        self.run, self.result = run, None
        self.pane.begin(experiment, tr("Experiment: {0}").format(title) if title else
                        tr("Experiment"))
        if study is not None:
            self.pane.study_read(study)
        self.study = None
        self.dock.show()
        self.dock.raise_()
        run.start()
        self.host.show_status(tr("Experiment started: its runs train in the background."))
        return run

    def stop(self) -> None:
        """Stop after the run under way: its result is kept and shown."""
        if self.run is not None and self.run.running and not self.run.stop_requested:
            self.pane.stopping()  # before: a paused experiment ends at once
            self.run.request_stop()
            self.host.show_status(tr("The experiment stops after the run under way."))

    def pause(self, pause: bool = True) -> None:
        """Pause after the run under way (``False``: resume)."""
        if self.run is None or not self.run.running or self.run.stop_requested:
            return
        if pause:
            if not self.run.can_pause:
                return
            self.run.pause()
            self.pane.pausing()
            self.host.show_status(tr("The experiment pauses after the run under way."))
        else:
            self.run.resume()
            self.pane.set_paused(False)

    def _paused(self, paused: bool) -> None:
        if self.sender() is self.run:
            self.pane.set_paused(paused)
            if paused:
                self.host.show_status(tr("The experiment is paused: Resume goes on."))

    # -- an experiment kept beside the project -------------------------------------------------
    def look_for_study(self) -> None:
        """Read, in the background, the latest study kept beside the open project."""
        path = self.document.path
        if path is None or (self.run is not None and self.run.running):
            return
        url = storage_for(path, "experiment")

        def work(_job: Any) -> Any:
            from playground.core.experiments.reading import read_study

            return read_study(url)

        background().submit(work, owner=self, key="study", on_result=self._study_found,
                            on_error=lambda exc: None, name="experiment study")

    def _study_found(self, snapshot: Any) -> None:
        if snapshot is None or (self.run is not None and self.run.running):
            return
        self.study, self.result = snapshot, None
        self.run = None
        self.pane.show_study(snapshot, self._title(snapshot.experiment), ended=False)

    def _title(self, experiment: Experiment) -> str:
        names = ", ".join(translate_message(setting_label(n, experiment.spec))
                          for n in experiment.names)
        return tr("Experiment: {0}").format(names)

    def continue_study(self) -> ExperimentRun | None:
        """Run what is left of the study read back from beside the project."""
        study = self.study
        if study is None:
            return None
        return self.start(study.experiment, ", ".join(
            translate_message(setting_label(n, study.experiment.spec))
            for n in study.experiment.names), study=study)

    # -- ending --------------------------------------------------------------------------------
    def _finished(self, result: Any) -> None:
        from playground.core.experiments.conclusion import conclusion

        if self.sender() is not self.run:
            return
        self.result = result
        text = conclusion(result, current_language(), current_locale())
        self.pane.end(result, text)
        self.host.show_status(tr("The experiment has ended."))

    def _failed(self, text: str) -> None:
        if self.sender() is self.run:
            self.pane.fail(text)
            self.host.report_error(tr("Experiment"), text)

    # -- using the answer ----------------------------------------------------------------------
    def use_network(self, values: dict[str, Any]) -> bool:
        """Make the network and settings of ``values`` the open ones, as one undoable step
        (the epochs and the seed stay the document's: the experiment's were for comparing)."""
        experiment = self.pane.experiment
        if experiment is None:
            return False
        base = experiment.config.with_changes(epochs=self.document.config.epochs,
                                              seed=self.document.config.seed)
        try:
            spec, config = apply_values(experiment.spec, base, values)
        except PlaygroundError as exc:
            self.host.report_error(tr("Experiment"), exc)
            return False
        changed = self.document.edit(tr("Use the experiment's network"), spec=spec,
                                     config=config)
        if changed:
            self.host.show_status(tr("The chosen network and settings are now the current "
                                     "ones (Edit ▸ Undo goes back)."))
        return changed

    def _closed(self) -> None:
        if self.run is not None:
            self.run.cancel()
