"""Training ▸ New Experiment…: a ready-made question, or one setting and the values to try.

The dialog only describes the experiment; the engine checks it. Whatever the engine refuses
(a setting this network lacks, a value the configuration refuses, a range given to a grid) is
shown in the dialog in its own plain words, and the dialog stays open to fix it.
"""

from __future__ import annotations

import os
import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.core.errors import PlaygroundError
from playground.core.experiments.definition import Experiment
from playground.core.experiments.presets import PRESETS
from playground.core.experiments.settings import (
    available_settings,
    parse_value,
    setting_kind,
    setting_label,
)
from playground.core.experiments.varied import VariedSetting
from playground.core.network.spec import NetworkSpec
from playground.core.training.config import TrainingConfig
from playground.gui.experiments.helpers import usable_processes
from playground.gui.i18n import translate_message

__all__ = ["NewExperimentDialog", "split_values"]

CUSTOM = "custom"


def split_values(text: str) -> list[str]:
    """``1e-4, 1e-3`` or, where the comma is the decimal mark, ``0,1; 0,2`` → the values."""
    if ";" in text:
        return [part.strip().replace(",", ".") for part in text.split(";") if part.strip()]
    return [part.strip() for part in re.split(r"[,\s]+", text) if part.strip()]


class NewExperimentDialog(QDialog):
    """Describe an experiment on the open network; :attr:`experiment` holds it once accepted."""

    def __init__(self, spec: NetworkSpec, config: TrainingConfig,
                 dataset_options: dict[str, Any], limit: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newExperimentDialog")
        self.setWindowTitle(self.tr("New Experiment"))
        self.spec, self.config, self.options, self.limit = spec, config, dataset_options, limit
        self.experiment: Experiment | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self._presets_box())
        layout.addWidget(self._custom_box())
        layout.addWidget(self._plan_box())
        self.error = QLabel(objectName="experimentError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = buttons.addButton(self.tr("Start"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setObjectName("startExperimentButton")
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.choose(next(iter(PRESETS)))

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
        form = QFormLayout(box)
        self.custom_button = QPushButton(self.tr("Vary a setting of my choice"),
                                         objectName="preset-custom")
        self.custom_button.setCheckable(True)
        self.custom_button.clicked.connect(lambda _c=False: self.choose(CUSTOM))
        self.choices.addButton(self.custom_button)
        form.addRow(self.custom_button)
        self.setting = QComboBox(objectName="experimentSetting")
        for name in available_settings(self.spec):
            self.setting.addItem(translate_message(setting_label(name, self.spec)), name)
        index = self.setting.findData("learning_rate")
        self.setting.setCurrentIndex(max(index, 0))
        form.addRow(self.tr("Setting:"), self.setting)
        self.as_values = QRadioButton(self.tr("These values:"), objectName="valuesMode")
        self.as_values.setChecked(True)
        self.values = QLineEdit("1e-4, 1e-3, 1e-2", objectName="experimentValues")
        self.values.setToolTip(self.tr("Separate the values with commas (or with semicolons "
                                       "when the comma is the decimal mark)"))
        form.addRow(self.as_values, self.values)
        self.as_range = QRadioButton(self.tr("A range:"), objectName="rangeMode")
        row = QWidget()
        line = QGridLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.low, self.high = QLineEdit("1e-4", objectName="rangeLow"), \
            QLineEdit("1e-1", objectName="rangeHigh")
        self.log = QCheckBox(self.tr("log scale"), objectName="rangeLog")
        self.log.setChecked(True)
        self.trials = QSpinBox(objectName="searchRuns", minimum=1, maximum=100, value=6)
        self.trials.setPrefix(self.tr("search "))
        self.trials.setSuffix(self.tr(" runs"))
        for column, widget in enumerate((QLabel(self.tr("from")), self.low, QLabel(self.tr("to")),
                                         self.high, self.log, self.trials)):
            line.addWidget(widget, 0, column)
        form.addRow(self.as_range, row)
        self.custom_widgets = (self.setting, self.as_values, self.values, self.as_range, row)
        return box

    def _plan_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Each run"))
        form = QFormLayout(box)
        self.repeats = QSpinBox(objectName="experimentRepeats", minimum=1, maximum=5, value=1)
        self.repeats.setToolTip(self.tr("Each combination runs this many times with different "
                                        "seeds, to see how much luck there is in the result"))
        form.addRow(self.tr("Repeats (seeds):"), self.repeats)
        self.epochs = QSpinBox(objectName="experimentEpochs", minimum=1, maximum=200,
                               value=max(1, min(self.config.epochs, 200)))
        form.addRow(self.tr("Epochs:"), self.epochs)
        self.use_target = QCheckBox(self.tr("Stop at validation accuracy ≥"),
                                    objectName="useTarget")
        self.target = QDoubleSpinBox(objectName="experimentTarget", minimum=0.01, maximum=1.0,
                                     singleStep=0.01, decimals=2, value=0.97)
        self.target.setEnabled(False)
        self.use_target.toggled.connect(self.target.setEnabled)
        form.addRow(self.use_target, self.target)
        most = usable_processes()
        self.processes = QSpinBox(objectName="experimentProcesses", minimum=1, maximum=most,
                                  value=1)
        self.processes.setSuffix(self.tr(" processes"))
        self.processes.setToolTip(self.tr("Runs train side by side in this many processes, up "
                                          "to one fewer than this computer's {0} cores (one "
                                          "is left for the window)").format(os.cpu_count() or 1))
        self.processes.setEnabled(most > 1)
        form.addRow(self.tr("Run in:"), self.processes)
        return box

    # -- choosing ------------------------------------------------------------------------------
    def choose(self, name: str) -> None:
        """Select preset ``name`` (or ``custom``)."""
        self.chosen = name
        button = self.custom_button if name == CUSTOM else self.preset_buttons[name]
        button.setChecked(True)
        for widget in self.custom_widgets:
            widget.setEnabled(name == CUSTOM)
        self.question.setText("" if name == CUSTOM else
                              translate_message(PRESETS[name].question))
        self.error.hide()

    def build(self) -> Experiment:
        """The experiment described; the engine's ``ExperimentError`` if it refuses it."""
        config = self.config.with_changes(epochs=self.epochs.value())
        plan: dict[str, Any] = {"repeats": self.repeats.value(), "limit": self.limit,
                                "target": self.target.value() if self.use_target.isChecked()
                                else None}
        if self.chosen != CUSTOM:
            return PRESETS[self.chosen].experiment(self.spec, config, self.options, **plan)
        name = self.setting.currentData()
        if self.as_range.isChecked():
            low, high = (parse_value(name, self.spec, w.text().replace(",", "."))
                         for w in (self.low, self.high))
            integer = setting_kind(name, self.spec).kind == "int"
            varied = VariedSetting.range(name, low, high, log=self.log.isChecked(),
                                         integer=integer)
            return Experiment(self.spec, config, (varied,), self.options, mode="search",
                              trials=self.trials.value(), **plan)
        values = [parse_value(name, self.spec, text) for text in split_values(self.values.text())]
        kind = setting_kind(name, self.spec).kind
        varied = (VariedSetting.choice if kind == "choice" else VariedSetting.grid)(name, values)
        return Experiment(self.spec, config, (varied,), self.options, **plan)

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
        self.error.setAlignment(Qt.AlignmentFlag.AlignLeft)
