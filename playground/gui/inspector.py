"""The inspector: an explanation and a parameter form for the selected layer.

The form is generated from the catalogue's :class:`ParamDef` s: spin boxes bounded by their
minimum and maximum (a value out of range stays as typed, marked, with the reason under it, and
never reaches the layer), combo boxes for choices, check boxes for flags and a validated line
edit for shapes. Every change is applied at once through the document; a spin box being dragged
merges into one undo step until the field is left.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QRegularExpression, QSignalBlocker, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.core.errors import SpecError
from playground.core.messages import Message
from playground.core.network.layers import (
    ACTIVATION_EXPLANATIONS,
    FAMILY_TITLES,
    LAYER_TYPES,
    ParamDef,
)
from playground.core.network.spec import LayerSpec
from playground.core.network.validation import ValidationError
from playground.gui import looks
from playground.gui.document import Document
from playground.gui.explained_spin import ExplainedDoubleSpinBox, ExplainedSpinBox
from playground.gui.i18n import current_locale
from playground.gui.icons import layer_pixmap, type_colour
from playground.gui.layer_card import format_shape
from playground.gui.numbers import number

INT_LIMIT = 2**31 - 1
SHAPE_PATTERN = r"^\s*\d*(\s*[,x×]\s*\d*){0,3}\s*$"


def parse_shape(text: str) -> tuple[int, ...] | None:
    """'1, 28, 28' or '1x28x28' -> (1, 28, 28); None if it is not a list of whole numbers."""
    parts = [p for p in re.split(r"\s*[,x×]\s*", text.strip()) if p]
    if not parts or not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


class Inspector(QWidget):
    """Shows the selected layer of ``document`` and edits its parameters."""

    def __init__(self, document: Document, language: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.setAccessibleName(self.tr("Layer inspector"))
        self.document = document
        self.language = language
        self.editors: dict[str, QWidget] = {}
        self._shown: tuple[int, str] | None = None  # (index, type) the form was built for

        self.icon = QLabel()
        self.title = QLabel()
        self.title.setObjectName("inspectorTitle")
        self.title.setWordWrap(True)  # "Ninguna capa seleccionada" in a narrow column at 2x
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.title.setFont(font)
        self.family = QLabel()
        header = QHBoxLayout()
        header.addWidget(self.icon)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.title)
        names.addWidget(self.family)
        header.addLayout(names, 1)
        self.explanation = QLabel()
        self.explanation.setObjectName("inspectorExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stats = QLabel()
        self.stats.setObjectName("inspectorStats")
        self.stats.setWordWrap(True)
        self.form_host = QWidget()
        self.problems: dict[str, QLabel] = {}  # under a field: why a value was refused
        self.form = QFormLayout(self.form_host)
        self.form.setContentsMargins(0, 8, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.explanation)
        layout.addWidget(self.stats)
        layout.addWidget(self.form_host)
        layout.addStretch(1)
        self.setMinimumWidth(230)

        document.selectionChanged.connect(lambda _i: self.refresh())
        document.analysisChanged.connect(lambda _a: self.refresh())
        self.refresh()

    # -- display ---------------------------------------------------------------------------------
    def show_type(self, type_name: str) -> None:
        """Preview a palette entry's explanation while no layer is selected."""
        if self.document.selected < 0:
            self._show_header(type_name)
            self.stats.setText(self.tr("Drag it into the network, or double-click it to add it "
                                       "at the end."))

    def _show_header(self, type_name: str | None) -> None:
        if type_name is None:
            self.icon.clear()
            self.title.setText(self.tr("No layer selected"))
            self.family.setText("")
            self.explanation.setText(
                self.tr("Click a layer in the network to see what it does and change its "
                        "settings. Pick one in the palette to read about it.")
            )
            return
        layer_type = LAYER_TYPES[type_name]
        self.icon.setPixmap(layer_pixmap(type_name, 40))
        self.title.setText(layer_type.title.get(self.language))
        self.family.setText(FAMILY_TITLES[layer_type.family].get(self.language))
        self.family.setProperty("familyOf", type_name)
        self.look_changed(looks.current())
        self.explanation.setText(layer_type.explanation.get(self.language))

    def retranslate(self) -> None:
        """After a change of language, compose the selected layer's summary line again (its
        whole texts, the names and explanations, are swapped where they are shown)."""
        if self.document.selected_layer() is not None:
            self._show_stats()

    def look_changed(self, look: looks.Look) -> None:
        """The family's name in its colour, made readable on the current background."""
        type_name = self.family.property("familyOf")
        if type_name:
            colour = looks.family_text(type_colour(type_name), look)
            self.family.setStyleSheet(f"color: {colour.name()};")

    def refresh(self) -> None:
        doc = self.document
        layer = doc.selected_layer()
        if layer is None:
            self._shown = None
            self._clear_form()
            self._show_header(None)
            self.stats.setText("")
            return
        if self._shown != (doc.selected, layer.type):
            self._shown = (doc.selected, layer.type)
            self._show_header(layer.type)
            self._build_form(layer)
        self._sync_values(layer)
        self._show_stats()

    def _show_stats(self) -> None:
        analysis, index = self.document.analysis, self.document.selected
        error = analysis.error
        if error is not None and error.layer_index == index:
            self.stats.setText(self._problem_text(error))
            looks.set_style(self.stats, "color: {error};")
        elif index < len(analysis.layers):
            info = analysis.layers[index]
            self.stats.setText(self.tr("Output {shape} · {n} parameters").format(
                shape=format_shape(info.output_shape), n=number(info.params, ",")))
            self.stats.setToolTip(
                info.parameter_explanation.get(self.language, current_locale()))
            looks.set_style(self.stats, "color: {text};")
        else:
            self.stats.setText(self.tr("Not checked yet: an earlier layer has a problem."))
            looks.set_style(self.stats, "color: {hint};")

    def _problem_text(self, error: ValidationError) -> str:
        """What is wrong with the layer, in the inspector's language.

        A problem the core wrote as a Message is rendered; a plain English one (written before
        the catalogue) falls back to the Spanish it carried beside it.
        """
        problem = error.problem
        if isinstance(problem, Message):
            return problem.render(self.language, current_locale())
        if self.language.startswith("es"):
            return str(getattr(error, "problem_es", "") or problem)
        return str(problem)

    # -- the form --------------------------------------------------------------------------------
    def _clear_form(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors.clear()
        self.problems.clear()

    def _build_form(self, layer: LayerSpec) -> None:
        self._clear_form()
        for param in LAYER_TYPES[layer.type].params:
            editor = self._make_editor(param)
            editor.setObjectName(f"param_{param.name}")
            label_text = param.label.get(self.language)
            editor.setAccessibleName(label_text)
            help_text = param.help.get(self.language)
            editor.setToolTip(help_text)
            editor.setAccessibleDescription(help_text)
            if isinstance(editor, QCheckBox):  # the check box carries its own label
                editor.setText(label_text)
                self.form.addRow(editor)
            else:
                label = QLabel(label_text)
                label.setToolTip(help_text)
                label.setBuddy(editor)
                self.form.addRow(label, editor)
            self.editors[param.name] = editor
            if isinstance(editor, (ExplainedSpinBox, ExplainedDoubleSpinBox)):
                problem = QLabel(objectName=f"problem_{param.name}", wordWrap=True)
                looks.set_style(problem, "color: {error};")
                problem.hide()
                self.form.addRow(problem)
                self.problems[param.name] = problem
                editor.refused.connect(
                    lambda text, p=problem, e=editor, lb=label_text, h=help_text:
                    self._refused(p, e, lb, h, text))
                # The field holds a value it takes again: typed, stepped, Escape or undo.
                editor.refusalCleared.connect(
                    lambda p=problem, e=editor: self._refusal_cleared(p, e))

    def _refused(self, problem: QLabel, editor: QSpinBox | QDoubleSpinBox, label: str,
                 help_text: str, text: str) -> None:
        """Say under the field why the typed ``text`` was not taken: its range, and why.

        The field keeps ``text`` (the layer keeps its last valid value) and is marked until it
        is fixed.
        """
        low, high = editor.minimum(), editor.maximum()
        if isinstance(editor, QSpinBox):  # whole numbers in full: 2147483647, not 2.1e+09
            low_text, high_text = number(int(low)), number(int(high))
        else:
            low_text, high_text = number(low, "g"), number(high, "g")
        problem.setText(self.tr("{0} must be from {1} to {2}, not “{3}”.").format(
            label, low_text, high_text, text) + " " + help_text)
        problem.show()
        looks.set_style(editor, "border: 2px solid {error_strong};")

    @staticmethod
    def _refusal_cleared(problem: QLabel, editor: QWidget) -> None:
        """The field shows a value it takes: the mark and the reason go."""
        problem.hide()
        looks.set_style(editor, "")

    def _make_editor(self, p: ParamDef) -> QWidget:
        doc = self.document

        def apply(value: Any) -> None:
            doc.set_param(doc.selected, p.name, value)

        def apply_once(value: Any) -> None:
            doc.end_merge()
            apply(value)
            doc.end_merge()

        if p.kind in ("int", "float"):
            spin = ExplainedSpinBox() if p.kind == "int" else ExplainedDoubleSpinBox()
            low = p.minimum if p.minimum is not None else (0 if p.kind == "int" else -1e9)
            high = p.maximum if p.maximum is not None else (INT_LIMIT if p.kind == "int" else 1e9)
            if isinstance(spin, QDoubleSpinBox):
                spin.setDecimals(2)
                spin.setSingleStep(0.05)
                spin.setRange(float(low), float(high))
            else:
                spin.setRange(int(low), int(min(high, INT_LIMIT)))
                if p.name == "stride" and low == 0:
                    spin.setSpecialValueText(self.tr("same as pool size"))
            spin.setAccelerated(True)
            spin.valueChanged.connect(apply)
            spin.editingFinished.connect(doc.end_merge)
            return spin
        if p.kind == "bool":
            box = QCheckBox()
            box.toggled.connect(apply_once)
            return box
        if p.kind == "choice":
            combo = QComboBox()
            for choice in p.choices:
                combo.addItem(choice, choice)
                explanation = ACTIVATION_EXPLANATIONS.get(choice)
                if explanation is not None and p.name == "activation":
                    combo.setItemData(combo.count() - 1, explanation.get(self.language),
                                      Qt.ItemDataRole.ToolTipRole)
            combo.activated.connect(lambda i: apply_once(combo.itemData(i)))
            return combo
        edit = QLineEdit()
        edit.setValidator(QRegularExpressionValidator(QRegularExpression(SHAPE_PATTERN), edit))
        edit.setPlaceholderText("1, 28, 28")
        edit.textEdited.connect(lambda text: self._shape_edited(p, edit, text))
        edit.editingFinished.connect(lambda: self._shape_finished(edit))
        return edit

    def _shape_edited(self, p: ParamDef, edit: QLineEdit, text: str) -> None:
        doc = self.document
        shape = parse_shape(text)
        problem = None
        if shape is None:
            problem = self.tr("Write sizes separated by commas, like 1, 28, 28.")
        else:
            try:
                doc.set_param(doc.selected, p.name, shape)
            except SpecError as exc:
                problem = str(exc)
        edit.setProperty("invalid", problem is not None)
        looks.set_style(edit, "border: 2px solid {error_strong};" if problem else "")
        edit.setToolTip(problem or p.help.get(self.language))

    def _shape_finished(self, edit: QLineEdit) -> None:
        """Leaving the field ends the undo step and puts back the last valid shape."""
        self.document.end_merge()
        layer = self.document.selected_layer()
        if layer is not None and edit.property("invalid"):
            edit.setProperty("invalid", False)
            looks.set_style(edit, "")
            self._sync_values(layer)

    def _sync_values(self, layer: LayerSpec) -> None:
        """Show ``layer``'s values without echoing them back as edits."""
        for name, editor in self.editors.items():
            value = layer.params[name]
            blocker = QSignalBlocker(editor)
            if isinstance(editor, (QSpinBox, QDoubleSpinBox)):
                if editor.value() != value:  # a text the field refused stays until then
                    editor.setValue(value)
                    if name in self.problems:  # undo or the program set it: nothing is refused
                        self._refusal_cleared(self.problems[name], editor)
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QComboBox):
                editor.setCurrentIndex(editor.findData(value))
            elif (
                isinstance(editor, QLineEdit)
                and parse_shape(editor.text()) != tuple(value)
                and not editor.property("invalid")
            ):
                editor.setText(", ".join(map(str, value)))
            blocker.unblock()
