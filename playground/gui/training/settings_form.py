"""The form for every training option, each control with a tooltip saying what it does.

It edits a :class:`TrainingConfig` value: every change builds a new, validated config and emits
``configChanged``; the form never holds settings of its own. Decimal fields accept both a comma
and a point, as people type them in Spanish and in English. The dataset belongs to the network,
not to the config: the form only shows its name, and its Choose… button asks for the dataset
chooser (``chooseDatasetRequested``), which whoever owns the document opens.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from playground.core.errors import TrainingError
from playground.core.messages import N_
from playground.core.training.config import (
    DRAWING_ROBUST,
    INITIALISATIONS,
    LOSSES,
    OPTIMIZERS,
    PREPROCESSING,
    RANGES,
    TrainingConfig,
)
from playground.gui import looks
from playground.gui.explained_spin import ExplainedDoubleSpinBox, ExplainedSpinBox
from playground.gui.numbers import number


def parse_decimal(text: str) -> float | None:
    """A number typed with a decimal comma or point (``0,005``, ``5e-3``); ``None`` if not one."""
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class DecimalValidator(QValidator):
    """Accepts what :func:`parse_decimal` reads, and partial input on the way to it."""

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if parse_decimal(text) is not None:
            return QValidator.State.Acceptable, text, pos
        if all(c in "0123456789.,eE-+ " for c in text):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos


class DecimalEdit(QLineEdit):
    """A line edit for a positive decimal number such as a learning rate."""

    valueEdited = Signal(float)
    refused = Signal(str)  # text that is not a number above ``minimum``

    def __init__(self, value: float, minimum: float = 0.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.minimum = minimum
        self.setValidator(DecimalValidator(self))
        self.set_value(value)
        self.editingFinished.connect(self._finished)

    def set_value(self, value: float) -> None:
        self.setText(number(value, "g"))  # "0,001" in Spanish, as the spin boxes write

    def value(self) -> float | None:
        value = parse_decimal(self.text())
        return value if value is not None and value >= self.minimum else None

    def _finished(self) -> None:
        value = self.value()
        if value is None:
            looks.set_style(self, "border: 2px solid {error_strong};")
            self.refused.emit(self.text())
            return
        looks.set_style(self, "")
        self.valueEdited.emit(value)


class PercentSpinBox(ExplainedDoubleSpinBox):
    """A fraction setting (0 to 1) shown and typed as a percentage, as accuracies are shown
    everywhere else: the form converts on the way in and out (see ``SettingsForm._show``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0.0, 100.0)
        self.setDecimals(1)
        self.setSingleStep(1.0)
        self.setSuffix(" %")


def _bound(widget: QWidget, value: float) -> str:
    """A range end as the field writes it: whole numbers in full (2147483647, not 2.1e+09)."""
    return number(int(value)) if isinstance(widget, QSpinBox) else number(value, "g")


# The controls that only matter with augmentation on (the preset's, and the outline width).
AUGMENT_SETTINGS = (*(name for name in DRAWING_ROBUST if name != "augment"),
                    "augment_outline_width")

LOSS_LABELS = {
    "cross_entropy": N_("cross-entropy"),
    "mse": N_("mean squared error"),
    "binary_cross_entropy": N_("binary cross-entropy"),
    "nll": N_("negative log-likelihood"),
}
# Choices shown by their value and translated as words; the rest (sgd, adam, xavier, he, cpu)
# are names that stay as they are.
TRANSLATED_VALUES = (N_("default"), N_("normal"))


class SettingsForm(QWidget):
    """One control per :class:`TrainingConfig` field (the dataset lives with the network)."""

    configChanged = Signal(object)  # TrainingConfig
    learningRateChanged = Signal(float)
    chooseDatasetRequested = Signal()

    def __init__(self, config: TrainingConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingSettings")
        self._config = config
        self._updating = False
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout(self)
        # A narrow dock (or longer Spanish labels) puts a field under its label rather than
        # pushing the form wider than the dock.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setContentsMargins(0, 0, 0, 0)
        tr = self.tr

        self.problems: dict[str, QLabel] = {}  # under each field: why a value was refused
        self._refused_texts: dict[str, str] = {}  # the refused text each problem is about

        def add(name: str, label: str, widget: QWidget, tip: str) -> None:
            widget.setObjectName(f"setting_{name}")
            widget.setAccessibleName(label)
            widget.setToolTip(tip)
            form.addRow(label, widget)
            self.widgets[name] = widget
            problem = QLabel(objectName=f"problem_{name}", wordWrap=True)
            looks.set_style(problem, "color: {error};")
            problem.hide()
            form.addRow(problem)
            self.problems[name] = problem
            refused = getattr(widget, "refused", None)
            if refused is not None:
                refused.connect(lambda text, n=name, lb=label, t=tip: self._refused(n, lb, t,
                                                                                   text))
            cleared = getattr(widget, "refusalCleared", None)
            if cleared is not None:  # the spin box holds a value it takes again
                cleared.connect(lambda w=widget, p=problem: self._refusal_cleared(w, p))

        self.dataset_label = QLabel(objectName="settingDatasetName")
        self.dataset_label.setAccessibleName(tr("Dataset"))
        self.choose_dataset = QPushButton(tr("Choose…"), objectName="chooseDatasetButton")
        self.choose_dataset.setAccessibleName(tr("Choose a dataset"))
        self.choose_dataset.setToolTip(
            tr("See every dataset with a preview, download one, or use your own images or table"))
        self.choose_dataset.clicked.connect(self.chooseDatasetRequested)
        dataset_row = QHBoxLayout()
        dataset_row.addWidget(self.dataset_label, 1)
        dataset_row.addWidget(self.choose_dataset)
        form.addRow(tr("Dataset"), dataset_row)
        add("loss", tr("Loss"), self._combo(LOSSES, LOSS_LABELS),
            tr("How the error between the network's answer and the right answer is measured. "
               "Cross-entropy suits classes: it takes the last layer's raw scores or softmax "
               "(the usual choice). Negative log-likelihood (NLL) is the same measure for a last "
               "layer with log_softmax, and needs it. Binary cross-entropy asks one yes/no "
               "question per output (sigmoid). Mean squared error suits numbers."))
        add("optimizer", tr("Optimizer"), self._combo(OPTIMIZERS),
            tr("The rule that changes the weights after each batch. Adam adapts its step to "
               "each weight and is a good default; SGD is the plain textbook rule."))
        add("learning_rate", tr("Learning rate"), DecimalEdit(config.learning_rate, 1e-12),
            tr("How big each step is. Too small learns slowly; too large makes the loss jump "
               "or explode. Can be changed while training."))
        add("momentum", tr("Momentum"), self._spin(0.0, 0.999, 0.05, 3),
            tr("SGD and RMSprop: keep part of the previous step, which smooths and speeds "
               "up learning."))
        add("nesterov", tr("Nesterov"), QCheckBox(),
            tr("SGD with momentum: look ahead before stepping; often a little faster."))
        add("batch_size", tr("Batch size"), self._int_spin(1, 65536),
            tr("How many examples are averaged for each weight update."))
        add("epochs", tr("Epochs"), self._int_spin(1, 100_000),
            tr("How many times the network sees the whole training set."))
        add("validation_split", tr("Validation split"), self._spin(0.0, 0.9, 0.05, 2),
            tr("Share of the training examples kept aside to check for overfitting."))
        add("weight_decay", tr("Weight decay"), DecimalEdit(config.weight_decay, 0.0),
            tr("Pulls every weight a little towards zero at each step (L2 regularisation)."))
        add("seed", tr("Seed"), self._int_spin(0, 2**31 - 1),
            tr("Fixes the random start: the same seed gives the same initial weights and the "
               "same run."))
        add("init", tr("Initialisation"), self._combo(INITIALISATIONS),
            tr("How the weights start: PyTorch's default, Xavier (for tanh/sigmoid), He (for "
               "ReLU) or a normal distribution with the σ below."))
        add("init_std", tr("Init σ"), self._spin(0.0001, 10.0, 0.01, 4),
            tr("Standard deviation of the normal initialisation."))
        add("preprocessing", tr("Preprocessing"), self._combo(PREPROCESSING),
            tr("How pixels are prepared: scale to 0..1, center to -0.5..0.5, standardize to "
               "mean 0 and spread 1, binarize to black and white, or binarize_any: every pixel "
               "with any ink becomes 1."))
        add("augment", tr("Augment images"), QCheckBox(),
            tr("Image data only: every epoch, move, turn and zoom each training image a little "
               "at random, so the network learns the shapes rather than the exact pixels."))
        add("augment_shift", tr("Shift (pixels)"), self._spin(0.0, 10.0, 0.5, 1),
            tr("The largest move of an augmented image, in pixels, across and down."))
        add("augment_rotation", tr("Rotation (degrees)"), self._spin(0.0, 180.0, 5.0, 0),
            tr("The largest turn of an augmented image, either way."))
        add("augment_scale", tr("Zoom (±)"), self._spin(0.0, 0.5, 0.05, 2),
            tr("How much an augmented image may grow or shrink: 0.1 is 90 % to 110 %."))
        add("augment_shear", tr("Slant (degrees)"), self._spin(0.0, 45.0, 5.0, 0),
            tr("The largest slant of an augmented image, either way, as people write in italics."))
        add("augment_elastic", tr("Bending (pixels)"), self._spin(0.0, 4.0, 0.5, 1),
            tr("How far strokes of an augmented image are bent by a smooth random warp, as a "
               "hand wobbles."))
        add("augment_thickness", tr("Stroke width (±pixels)"), self._int_spin(0, 4),
            tr("Strokes of an augmented image are thinned by one pixel or thickened by up to "
               "this many, as thin pens and thick brushes draw."))
        add("augment_outline", tr("Outlined (share)"), self._spin(0.0, 1.0, 0.05, 2),
            tr("The share of augmented images drawn hollow, only the border of their strokes, "
               "as outlined lettering looks."))
        add("augment_outline_width", tr("Outline width (pixels)"), self._spin(0.0, 2.0, 0.25, 2),
            tr("0 draws an outline as the one-pixel ring around the strokes. Above 0, outlines "
               "are fine lines up to this wide inside thickened strokes, as printed outlined "
               "digits look once shrunk to the network's size."))
        self.drawing_robust_button = QPushButton(tr("Drawing-robust"),
                                                 objectName="drawingRobustButton")
        self.drawing_robust_button.setAccessibleName(tr("Use drawing-robust augmentation"))
        self.drawing_robust_button.setToolTip(
            tr("Turn on augmentation that moves, turns, zooms, slants, bends, thickens, thins "
               "and outlines the training digits, so the network also reads drawings and printed "
               "digits well. The cnn-mnist template trains this way."))
        self.drawing_robust_button.clicked.connect(self.apply_drawing_robust)
        form.addRow("", self.drawing_robust_button)
        device = QComboBox()
        device.addItem(tr("auto"), "auto")
        device.addItem("CPU", "cpu")
        add("device", tr("Device"), device,
            tr("Where to train: the CPU, or a graphics card (CUDA, Apple MPS) when one is found."))
        early = self._int_spin(0, 10_000)
        early.setSpecialValueText(tr("off"))
        add("early_stopping_patience", tr("Early stopping"), early,
            tr("Stop when the validation loss has not improved for this many epochs."))
        add("keep_best", tr("Keep best weights"), QCheckBox(),
            tr("At the end, go back to the weights with the lowest validation loss."))
        target = PercentSpinBox()
        target.setSpecialValueText(tr("off"))
        add("target_accuracy", tr("Stop at accuracy"), target,
            tr("End the run after the first epoch whose validation accuracy reaches this "
               "percentage. With no validation split the test accuracy is used, and the run's "
               "final message says so. 0 is off."))
        self.set_config(config)
        self._connect()

    # -- widget factories ------------------------------------------------------------------------
    def _combo(self, values: tuple[str, ...], labels: dict[str, str] | None = None) -> QComboBox:
        combo = QComboBox()
        for v in values:
            combo.addItem(self.tr((labels or {}).get(v, v)), v)
        return combo

    def _spin(self, low: float, high: float, step: float, decimals: int) -> QDoubleSpinBox:
        spin = ExplainedDoubleSpinBox()
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setDecimals(decimals)
        return spin

    def _int_spin(self, low: int, high: int) -> QSpinBox:
        spin = ExplainedSpinBox()
        spin.setRange(low, high)
        return spin

    def add_devices(self, devices: list[str]) -> None:
        """Offer the devices found on this computer (detected off the GUI thread)."""
        combo = self.widgets["device"]
        assert isinstance(combo, QComboBox)
        for name in devices:
            if combo.findData(name) < 0:
                combo.addItem(name.upper(), name)
        self._show(combo, self._config.device)

    # -- reading and writing -----------------------------------------------------------------------
    @property
    def config(self) -> TrainingConfig:
        return self._config

    def set_config(self, config: TrainingConfig) -> None:
        self._updating = True
        try:
            self._config = config
            for name, widget in self.widgets.items():
                self._show(widget, getattr(config, name))
                self.problems[name].hide()  # the value shown now is a valid one
                if isinstance(widget, DecimalEdit):
                    looks.set_style(widget, "")
            self._enable_dependents()
        finally:
            self._updating = False

    def _show(self, widget: QWidget, value: Any) -> None:
        if isinstance(widget, QComboBox):
            index = widget.findData(value)
            if index >= 0:
                widget.setCurrentIndex(index)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, PercentSpinBox):
            widget.setValue(value * 100)
        elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            widget.setValue(value)
        elif isinstance(widget, DecimalEdit):
            widget.set_value(value)

    def _connect(self) -> None:
        for name, widget in self.widgets.items():
            if isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(
                    lambda _i, n=name, w=widget: self._changed(n, w.currentData()))
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(lambda on, n=name: self._changed(n, on))
            elif isinstance(widget, PercentSpinBox):  # 97.5 % is stored as 0.975
                widget.valueChanged.connect(lambda v, n=name: self._changed(n, round(v / 100, 6)))
            elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
                widget.valueChanged.connect(lambda v, n=name: self._changed(n, v))
            elif isinstance(widget, DecimalEdit):
                widget.valueEdited.connect(lambda v, n=name: self._changed(n, v))

    def _refused(self, name: str, label: str, tip: str, text: str) -> None:
        """Say under the field why ``text`` was not taken: the range, and what it is for.

        A spin box keeps the refused text until it is fixed, so it is marked as well; its own
        range is the one to name (the seed's is narrower than the configuration's).
        """
        widget = self.widgets[name]
        low, high = RANGES.get(name, (None, None))
        if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            low, high = widget.minimum(), widget.maximum()
            looks.set_style(widget, "border: 2px solid {error_strong};")
        if low is None:
            why = self.tr("{0}: “{1}” is not a value this field takes.").format(label, text)
        else:
            why = self.tr("{0} must be from {1} to {2}, not “{3}”.").format(
                label, _bound(widget, low), _bound(widget, high), text)
        problem = self.problems[name]
        problem.setText(f"{why} {tip}")
        problem.show()
        self._refused_texts[name] = text

    def retranslate(self) -> None:
        """After a change of language: the reasons shown under fields, composed again from the
        field's name and tip (whole catalogue texts, already in the new language)."""
        for name, text in self._refused_texts.items():
            widget = self.widgets[name]
            if not self.problems[name].isHidden():
                self._refused(name, widget.accessibleName(), widget.toolTip(), text)

    @staticmethod
    def _refusal_cleared(widget: QWidget, problem: QLabel) -> None:
        """The field holds a value it takes again: the mark and the reason go."""
        problem.hide()
        looks.set_style(widget, "")

    def _changed(self, name: str, value: Any) -> None:
        if self._updating or getattr(self._config, name) == value:
            return
        try:
            config = self._config.with_changes(**{name: value})
        except TrainingError:
            widget = self.widgets[name]
            if isinstance(widget, DecimalEdit):  # keep what was typed until it is fixed
                looks.set_style(widget, "border: 2px solid {error_strong};")
                widget.refused.emit(widget.text())
            else:
                self._show(widget, getattr(self._config, name))
            return
        if isinstance(self.widgets[name], DecimalEdit):  # the typed value is taken now
            self.problems[name].hide()
            looks.set_style(self.widgets[name], "")
        self._config = config
        self._enable_dependents()
        if name == "learning_rate":
            self.learningRateChanged.emit(float(value))
        self.configChanged.emit(config)

    def _enable_dependents(self) -> None:
        c = self._config
        self.widgets["momentum"].setEnabled(c.optimizer in ("sgd", "rmsprop"))
        self.widgets["nesterov"].setEnabled(c.optimizer == "sgd")
        self.widgets["init_std"].setEnabled(c.init == "normal")
        for name in AUGMENT_SETTINGS:
            self.widgets[name].setEnabled(c.augment)
        self.drawing_robust_button.setEnabled(not c.is_drawing_robust)

    def apply_drawing_robust(self) -> None:
        """Set every augmentation control to the drawing-robust preset (one config change)."""
        config = self._config.drawing_robust()
        if config == self._config:
            return
        self.set_config(config)
        self.configChanged.emit(config)

    def show_dataset(self, text: str) -> None:
        """Show which dataset the open network trains on."""
        self.dataset_label.setText(text)
        self.dataset_label.setToolTip(text)

    def lock_during_run(self, running: bool) -> None:
        """While a run goes, only the learning rate may change (it applies at the next batch)."""
        for name, widget in self.widgets.items():
            widget.setEnabled(not running or name == "learning_rate")
        self.choose_dataset.setEnabled(not running)
        self.drawing_robust_button.setEnabled(not running)
        if not running:
            self._enable_dependents()
