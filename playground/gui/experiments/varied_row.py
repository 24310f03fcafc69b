"""One row of the experiment dialog: a setting, how to vary it, and what is wrong with it.

A number is varied by a list of values (each tried in a grid) or by a range, from low to high
on a log or a linear scale (which only a search can try); a choice (an activation, an
optimizer) or a switch by ticking the choices to try. Picking a setting proposes values near
the open network's (:mod:`suggestions`). The row checks itself as it is edited, with the
engine's own words under it, so a mistake shows where it is made.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QToolButton,
    QWidget,
)

from playground.core.errors import PlaygroundError
from playground.core.experiments.settings import (
    ExperimentError,
    SettingKind,
    parse_value,
    setting_kind,
    setting_label,
)
from playground.core.experiments.varied import VariedSetting
from playground.core.network.spec import NetworkSpec
from playground.core.training.config import TrainingConfig
from playground.gui import looks
from playground.gui.experiments.suggestions import suggest, value_text
from playground.gui.i18n import translate_message

__all__ = ["VariedRow", "split_values"]

CHOICE_COLUMNS = 4


def split_values(text: str) -> list[str]:
    """``1e-4, 1e-3`` or, where the comma is the decimal mark, ``0,1; 0,2`` → the values."""
    if ";" in text:
        return [part.strip().replace(",", ".") for part in text.split(";") if part.strip()]
    return [part.strip() for part in re.split(r"[,\s]+", text) if part.strip()]


class VariedRow(QFrame):
    """A varied setting being described; :meth:`varied` is it, or the engine's refusal."""

    changed = Signal()  # anything in the row changed: the counts and the checks follow
    reshaped = Signal()  # the row's height may have changed (other fields, a message shown)
    removeRequested = Signal(object)  # this row

    def __init__(self, spec: NetworkSpec, config: TrainingConfig, names: list[str], name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("variedRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.spec, self.config = spec, config
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        self.label = QLabel()
        self.setting = QComboBox(objectName="experimentSetting")
        for each in names:
            self.setting.addItem(translate_message(setting_label(each, spec)), each)
        self.label.setBuddy(self.setting)
        self.remove_button = QToolButton(objectName="removeSetting", text="×")
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self))
        grid.addWidget(self.label, 0, 0)
        grid.addWidget(self.setting, 0, 1)
        grid.addWidget(self.remove_button, 0, 2)
        self.as_values = QRadioButton(self.tr("These values:"), objectName="valuesMode")
        self.values = QLineEdit(objectName="experimentValues")
        self.values.setToolTip(self.tr("Separate the values with commas (or with semicolons "
                                       "when the comma is the decimal mark)"))
        self.as_range = QRadioButton(self.tr("A range:"), objectName="rangeMode")
        self.range_line = QWidget()
        line = QHBoxLayout(self.range_line)
        line.setContentsMargins(0, 0, 0, 0)
        self.low = QLineEdit(objectName="rangeLow")
        self.high = QLineEdit(objectName="rangeHigh")
        self.log = QCheckBox(self.tr("log scale"), objectName="rangeLog")
        for widget in (QLabel(self.tr("from")), self.low, QLabel(self.tr("to")), self.high,
                       self.log):
            line.addWidget(widget)
        self.how = QButtonGroup(self)
        self.how.addButton(self.as_values)
        self.how.addButton(self.as_range)
        self.as_values.setChecked(True)
        self.choices_label = QLabel(self.tr("Try:"))
        self.choices_box = QWidget(objectName="experimentChoices")
        self.choices_grid = QGridLayout(self.choices_box)
        self.choices_grid.setContentsMargins(0, 0, 0, 0)
        self.choice_boxes: list[QCheckBox] = []
        grid.addWidget(self.as_values, 1, 0)
        grid.addWidget(self.values, 1, 1, 1, 2)
        grid.addWidget(self.as_range, 2, 0)
        grid.addWidget(self.range_line, 2, 1, 1, 2)
        grid.addWidget(self.choices_label, 3, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.choices_box, 3, 1, 1, 2)
        self.error = QLabel(objectName="settingError")
        self.error.setWordWrap(True)
        looks.set_style(self.error, "color: {error};")
        self.error.hide()
        grid.addWidget(self.error, 4, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        # The same first column in every row, so the rows' fields line up under each other.
        grid.setColumnMinimumWidth(0, max(self.as_values.sizeHint().width(),
                                          self.as_range.sizeHint().width()))
        self.number = 0
        index = self.setting.findData(name)
        self.setting.setCurrentIndex(max(index, 0))
        self._setting_changed()
        self.setting.currentIndexChanged.connect(self._setting_changed)
        for edit in (self.values, self.low, self.high):
            edit.textChanged.connect(self.changed)
        for button in (self.as_values, self.as_range, self.log):
            button.toggled.connect(self._how_changed)

    # -- what the row shows ----------------------------------------------------------------------
    @property
    def name(self) -> str:
        return str(self.setting.currentData())

    @property
    def kind(self) -> SettingKind:
        return setting_kind(self.name, self.spec)

    def set_number(self, number: int) -> None:
        """Number the row (from 1) in its label and in every control's spoken name, so two
        rows' fields are told apart by a screen reader."""
        self.number = number
        self.label.setText(self.tr("Setting {0}:").format(number))
        self.setting.setAccessibleName(self.tr("Setting {0}").format(number))
        names = {
            self.remove_button: self.tr("Remove setting {0}"),
            self.as_values: self.tr("Values for setting {0}"),
            self.values: self.tr("Values to try for setting {0}"),
            self.as_range: self.tr("Range for setting {0}"),
            self.low: self.tr("Low end of setting {0}"),
            self.high: self.tr("High end of setting {0}"),
            self.log: self.tr("Log scale for setting {0}"),
        }
        for widget, text in names.items():
            widget.setAccessibleName(text.format(number))
        self.remove_button.setToolTip(self.tr("Remove setting {0}").format(number))
        for box in self.choice_boxes:
            box.setAccessibleName(self.tr("{0}, setting {1}").format(box.text(), number))

    def _setting_changed(self) -> None:
        """Show the way this kind of setting is varied, with values proposed for it."""
        kind = self.kind
        proposal = suggest(self.name, self.spec, self.config)
        numeric = kind.numeric
        for widget in (self.as_values, self.values, self.as_range, self.range_line):
            widget.setVisible(numeric)
        for widget in (self.choices_label, self.choices_box):
            widget.setVisible(not numeric)
        quiet = (self.values, self.low, self.high, self.log)  # one change signal, at the end
        for widget in quiet:
            widget.blockSignals(True)
        self.values.setText(", ".join(value_text(v) for v in proposal.values))
        self.low.setText(value_text(proposal.low) if proposal.low is not None else "")
        self.high.setText(value_text(proposal.high) if proposal.high is not None else "")
        self.log.setChecked(proposal.log)
        for widget in quiet:
            widget.blockSignals(False)
        if not numeric:
            self.as_values.setChecked(True)
        self._fill_choices(kind, proposal.values)
        self._how_changed()
        self.reshaped.emit()

    def _fill_choices(self, kind: SettingKind, ticked: tuple[Any, ...]) -> None:
        for box in self.choice_boxes:  # gone at once, not when the event loop deletes them
            self.choices_grid.removeWidget(box)
            box.hide()
            box.setParent(None)
            box.deleteLater()
        self.choice_boxes = []
        if kind.numeric:
            return
        for index, choice in enumerate(kind.choices):
            text = value_text(choice) if kind.kind == "choice" else (
                self.tr("on") if choice else self.tr("off"))
            box = QCheckBox(text, objectName=f"choice-{value_text(choice)}")
            box.setProperty("choice", choice)
            box.setChecked(choice in ticked)
            box.toggled.connect(self.changed)
            self.choices_grid.addWidget(box, index // CHOICE_COLUMNS, index % CHOICE_COLUMNS)
            if self.choices_box.isVisible():
                box.show()  # now, so that the row's height counts it at once
            self.choice_boxes.append(box)
        if self.number:
            self.set_number(self.number)

    def _how_changed(self) -> None:
        ranged = self.as_range.isChecked()
        self.values.setEnabled(not ranged)
        for widget in (self.low, self.high, self.log):
            widget.setEnabled(ranged)
        self.changed.emit()

    def tab_chain(self) -> list[QWidget]:
        """The row's fields in the order Tab visits them (hidden or disabled ones are skipped
        by Qt itself)."""
        return [self.setting, self.remove_button, self.as_values, self.values, self.as_range,
                self.low, self.high, self.log, *self.choice_boxes]

    # -- what the row describes ----------------------------------------------------------------
    @property
    def is_range(self) -> bool:
        return self.kind.numeric and self.as_range.isChecked()

    def varied(self) -> VariedSetting:
        """The varied setting described; the engine's ``ExperimentError`` if it refuses it."""
        name, kind = self.name, self.kind
        if not kind.numeric:
            chosen = [box.property("choice") for box in self.choice_boxes if box.isChecked()]
            if not chosen:
                raise ExperimentError("Tick at least one choice of {setting} to try.",
                                      setting=setting_label(name, self.spec))
            if kind.kind == "choice":
                return VariedSetting.choice(name, chosen)
            return VariedSetting.grid(name, chosen)
        if self.is_range:
            low, high = (parse_value(name, self.spec, edit.text().replace(",", "."))
                         for edit in (self.low, self.high))
            return VariedSetting.range(name, low, high, log=self.log.isChecked(),
                                       integer=kind.kind == "int")
        texts = split_values(self.values.text())
        if not texts:
            raise ExperimentError("Give {setting} at least one value to try.",
                                  setting=setting_label(name, self.spec))
        return VariedSetting.grid(name, [parse_value(name, self.spec, t) for t in texts])

    def show_error(self, problem: PlaygroundError | None) -> None:
        """Say under the row what is wrong with it (None: nothing)."""
        self.error.setText("" if problem is None else translate_message(problem))
        if self.error.isHidden() == (problem is not None):
            self.error.setVisible(problem is not None)
            self.reshaped.emit()
