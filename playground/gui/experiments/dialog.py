"""Training ▸ New Experiment… (or Experiment… on the Training tab): what to ask, and how.

A ready-made question is one click; the student's own question is a list of settings, each
with the values to try (:mod:`varied_rows`), tried in every combination or searched. The
dialog says how many runs that makes before anything starts. It only describes the
experiment; the engine checks it. Whatever the engine refuses (a setting this network lacks, a
value the configuration refuses, a grid of too many runs) is shown in its own plain words,
under the row at fault when it is one row's, and the dialog stays open to fix it.
"""

from __future__ import annotations

import math
import os
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.core.errors import PlaygroundError
from playground.core.experiments.definition import Experiment
from playground.core.experiments.presets import PRESETS
from playground.core.experiments.settings import available_settings
from playground.core.experiments.varied import VariedSetting
from playground.core.network.spec import NetworkSpec
from playground.core.training.config import TrainingConfig
from playground.gui import looks
from playground.gui.experiments.helpers import usable_processes
from playground.gui.experiments.varied_row import split_values
from playground.gui.experiments.varied_rows import VariedRows
from playground.gui.i18n import translate_message
from playground.gui.numbers import number

__all__ = ["CUSTOM", "NewExperimentDialog", "split_values"]

CUSTOM = "custom"


class NewExperimentDialog(QDialog):
    """Describe an experiment on the open network; :attr:`experiment` holds it once accepted.

    ``custom``: open on the student's own question (as the Training tab's button does) rather
    than on the first ready-made one."""

    def __init__(self, spec: NetworkSpec, config: TrainingConfig,
                 dataset_options: dict[str, Any], limit: int | None = None,
                 parent: QWidget | None = None, *, custom: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("newExperimentDialog")
        self.setWindowTitle(self.tr("New Experiment"))
        self.spec, self.config, self.options, self.limit = spec, config, dataset_options, limit
        self.experiment: Experiment | None = None
        self.chosen = ""
        layout = QVBoxLayout(self)
        base = QLabel(self.tr("Every run starts from the open network and its training "
                              "settings ({0}, learning rate {1}, batches of {2}) and changes "
                              "only what the experiment varies.").format(
            config.optimizer, number(config.learning_rate, "g"), config.batch_size),
            objectName="experimentBase")
        base.setWordWrap(True)
        layout.addWidget(base)
        layout.addWidget(self._presets_box())
        layout.addWidget(self._custom_box(), 1)
        layout.addWidget(self._plan_box())
        self.count = QLabel(objectName="runCount")
        self.count.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.count)
        self.error = QLabel(objectName="experimentError")
        self.error.setWordWrap(True)
        looks.set_style(self.error, "color: {error};")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = buttons.addButton(self.tr("Start"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setObjectName("startExperimentButton")
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.choose(CUSTOM if custom else next(iter(PRESETS)))
        if custom:
            self.rows.rows[0].setting.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown: make room for the rows (their sizes are only known once laid out)."""
        super().showEvent(event)
        QTimer.singleShot(0, self.rows, self.rows.fit)

    # -- building ------------------------------------------------------------------------------
    def _presets_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("A ready-made question"))
        grid = QGridLayout(box)
        self.choices = QButtonGroup(self)
        self.preset_buttons: dict[str, QPushButton] = {}
        for index, (name, preset) in enumerate(PRESETS.items()):
            button = QPushButton(translate_message(preset.title), objectName=f"preset-{name}")
            button.setCheckable(True)
            button.setToolTip(translate_message(preset.question))
            button.clicked.connect(lambda _c=False, n=name: self.choose(n))
            self.choices.addButton(button)
            self.preset_buttons[name] = button
            grid.addWidget(button, index // 3, index % 3)
        self.question = QLabel(objectName="presetQuestion")
        self.question.setWordWrap(True)
        grid.addWidget(self.question, 2, 0, 1, 3)
        return box

    def _custom_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Or your own question"))
        layout = QVBoxLayout(box)
        self.custom_button = QPushButton(self.tr("Vary settings of my choice"),
                                         objectName="preset-custom")
        self.custom_button.setCheckable(True)
        self.custom_button.clicked.connect(lambda _c=False: self.choose(CUSTOM))
        self.choices.addButton(self.custom_button)
        layout.addWidget(self.custom_button)
        self.rows = VariedRows(self.spec, self.config, available_settings(self.spec))
        self.rows.changed.connect(self._update_count)
        self.trials = self.rows.trials
        layout.addWidget(self.rows, 1)
        return box

    def _plan_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Each run"))
        form = QFormLayout(box)
        self.repeats = QSpinBox(objectName="experimentRepeats", minimum=1, maximum=5, value=1)
        self.repeats.setToolTip(self.tr("Each combination runs this many times with different "
                                        "seeds, to see how much luck there is in the result"))
        self.repeats.valueChanged.connect(self._update_count)
        form.addRow(self.tr("Repeats (seeds):"), self.repeats)
        self.epochs = QSpinBox(objectName="experimentEpochs", minimum=1, maximum=200,
                               value=max(1, min(self.config.epochs, 200)))
        form.addRow(self.tr("Epochs:"), self.epochs)
        self.use_target = QCheckBox(self.tr("Stop at validation accuracy ≥"),
                                    objectName="useTarget")
        # In percent, as the training form's own "Stop at accuracy" (the engine takes a share).
        self.target = QDoubleSpinBox(objectName="experimentTarget", minimum=1.0, maximum=100.0,
                                     singleStep=1.0, decimals=1, value=97.0, suffix=" %")
        self.target.setAccessibleName(self.tr("Validation accuracy to stop at"))
        self.target.setEnabled(False)
        self.use_target.toggled.connect(self.target.setEnabled)
        form.addRow(self.use_target, self.target)
        most = usable_processes()
        self.processes = QSpinBox(objectName="experimentProcesses", minimum=1, maximum=most,
                                  value=1)
        self.processes.setToolTip(self.tr("Runs train side by side in this many processes, up "
                                          "to one fewer than this computer's {0} cores (one "
                                          "is left for the window)").format(os.cpu_count() or 1))
        self.processes.setEnabled(most > 1)
        form.addRow(self.tr("Processes side by side:"), self.processes)
        return box

    # -- choosing ------------------------------------------------------------------------------
    def choose(self, name: str) -> None:
        """Select preset ``name`` (or ``custom``)."""
        self.chosen = name
        button = self.custom_button if name == CUSTOM else self.preset_buttons[name]
        button.setChecked(True)
        self.rows.setEnabled(name == CUSTOM)
        self.question.setText("" if name == CUSTOM else
                              translate_message(PRESETS[name].question))
        self.error.hide()
        self._update_count()

    def _update_count(self) -> None:
        """Say how many runs the experiment makes, before it starts."""
        if not self.chosen:
            return
        vary: tuple[VariedSetting, ...] | None
        if self.chosen == CUSTOM:
            vary, mode = self.rows.valid, self.rows.mode
        else:
            vary, mode = PRESETS[self.chosen].vary, "grid"
        if vary is None:
            self.count.setText("")
            return
        self.count.setText(self.runs_text(vary, mode, self.rows.trials.value(),
                                          self.repeats.value()))

    def runs_text(self, vary: tuple[VariedSetting, ...], mode: str, trials: int,
                  repeats: int) -> str:
        """"12 runs (6 combinations × 2 seeds)", or what a search of ``trials`` points makes."""
        if mode == "search":
            if repeats == 1:
                return self.tr("1 run") if trials == 1 else \
                    self.tr("{0} runs, at points the search chooses").format(trials)
            return self.tr("Up to {0} runs ({1} points the search chooses × {2} seeds)").format(
                trials * repeats, trials, repeats)
        combinations = math.prod(len(v.values) for v in vary)
        runs = combinations * repeats
        if runs == 1:
            return self.tr("1 run")
        if repeats == 1:
            return self.tr("{0} runs, one per combination").format(runs)
        if combinations == 1:
            return self.tr("{0} runs (1 combination × {1} seeds)").format(runs, repeats)
        return self.tr("{0} runs ({1} combinations × {2} seeds)").format(
            runs, combinations, repeats)

    def build(self) -> Experiment:
        """The experiment described; the engine's ``ExperimentError`` if it refuses it."""
        config = self.config.with_changes(epochs=self.epochs.value())
        plan: dict[str, Any] = {"repeats": self.repeats.value(), "limit": self.limit,
                                "target": self.target.value() / 100 if self.use_target.isChecked()
                                else None}
        if self.chosen != CUSTOM:
            return PRESETS[self.chosen].experiment(self.spec, config, self.options, **plan)
        vary, mode = self.rows.varied(), self.rows.mode
        return Experiment(self.spec, config, vary, self.options, mode=mode,
                          trials=self.rows.trials.value() if mode == "search" else 0, **plan)

    def start(self) -> None:
        """Accept when the engine accepts the experiment; else say why, and stay open."""
        try:
            self.experiment = self.build()
        except PlaygroundError as exc:
            self.show_error(translate_message(exc))
            return
        self.accept()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)
