"""The blocks above and below the layer cards: what goes into the network and what comes out.

The input block lets the student pick the dataset and how its samples are presented (an image,
a flat list, rows read as a sequence); the output block says how many values the last layer must
produce and shows problems that belong to the network as a whole, with their "Fix it" button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCursor, QFocusEvent, QGuiApplication, QWheelEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from playground.core.data.inputs import IMAGE_KINDS, InputView, input_views
from playground.core.network.spec import NetworkSpec
from playground.core.network.validation import ValidationError
from playground.gui import looks
from playground.gui.i18n import translate_message
from playground.gui.inputs import (
    dataset_kind,
    dataset_title,
    list_datasets,
    translated_title,
)
from playground.gui.layer_card import CARD_MAX_WIDTH, ErrorPanel, format_shape


def _block_style(name: str, shift: int = 0) -> str:
    """The style template (named colours, see :mod:`looks`) of the input or output block.

    ``shift`` moves the drawn block that many pixels right (left when negative) inside the
    widget, which the column keeps centred: a margin of twice that on the other side."""
    margin = f" margin-left: {2 * shift}px;" if shift > 0 else (
        f" margin-right: {-2 * shift}px;" if shift < 0 else "")
    return ("QFrame#" + name + " {{ background: {button}; border: 1.5px solid {plot_axis};"
            " border-radius: 8px;" + margin + " }} QLabel {{ background: transparent; }}")


def shift_block(block: QFrame, shift: int) -> None:
    """Draw ``block`` ``shift`` pixels off the column's centre line: over the first layer of a
    graph whose stem is not in the middle of its branches (no change, no restyle)."""
    if block.property("shift") != shift:
        block.setProperty("shift", shift)
        looks.set_style(block, _block_style(block.objectName(), shift))


class DatasetCombo(QComboBox):
    """Lists the datasets, loading the registry (and so torch) only when first opened."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._populated = False
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def show_dataset(self, name: str) -> None:
        index = self.findData(name)
        if index < 0:
            self.addItem(dataset_title(name), name)
            index = self.count() - 1
        elif self.itemText(index) == name:  # shown before the registry was loaded
            self.setItemText(index, dataset_title(name))
        self.setCurrentIndex(index)

    def ensure_populated(self) -> None:
        if self._populated:
            return
        self._populated = True
        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            infos = list_datasets()
        finally:
            QGuiApplication.restoreOverrideCursor()
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        for info in infos:
            self.addItem(translated_title(info.title), info.name)
            self.setItemData(self.count() - 1, translate_message(info.description),
                             Qt.ItemDataRole.ToolTipRole)
        self.blockSignals(False)
        self.show_dataset(current)

    def showPopup(self) -> None:
        self.ensure_populated()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.ensure_populated()  # keyboard users change the dataset with the arrow keys
        super().focusInEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.ensure_populated()
        super().wheelEvent(event)


def _title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


class InputBlock(QFrame):
    """Dataset and input view of the network; emits the user's choices."""

    datasetChosen = Signal(str)
    shapeChosen = Signal(tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inputBlock")
        self.setAccessibleName(self.tr("Network input"))
        looks.set_style(self, _block_style("inputBlock"))
        self.setMaximumWidth(CARD_MAX_WIDTH)
        self.dataset_combo = DatasetCombo()
        self.dataset_combo.setObjectName("datasetCombo")
        self.dataset_combo.setAccessibleName(self.tr("Dataset"))
        self.dataset_combo.setToolTip(self.tr("The data the network learns from"))
        self.dataset_combo.activated.connect(
            lambda i: self.datasetChosen.emit(self.dataset_combo.itemData(i))
        )
        self.view_combo = QComboBox()
        self.view_combo.setObjectName("inputViewCombo")
        self.view_combo.setAccessibleName(self.tr("Input view"))
        self.view_combo.setToolTip(
            self.tr("How each sample is given to the first layer: as an image, as one flat "
                    "list of numbers, or as rows read one after another (for recurrent layers)")
        )
        self._views: list[InputView] = []
        self._kinds: dict[str, str] = {}  # dataset -> registry kind, once known
        self._spec: NetworkSpec | None = None  # shown again by retranslate()
        self.view_combo.activated.connect(lambda i: self.shapeChosen.emit(self._views[i].shape))
        self.shape_label = QLabel()
        self.shape_label.setObjectName("inputShape")
        self.title = _title(self.tr("Input"))
        self._header = QHBoxLayout()
        self._header.addWidget(self.title)
        self._header.addStretch(1)
        self._header.addWidget(self.shape_label)
        self._choices = QGridLayout()
        self._choices.setHorizontalSpacing(10)
        labels = []
        for row, (text, combo) in enumerate(
            ((self.tr("Dataset"), self.dataset_combo), (self.tr("Read as"), self.view_combo))
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            self._choices.addWidget(label, row, 0)
            self._choices.addWidget(combo, row, 1)
            labels.append(label)
        self.dataset_label = labels[0]
        self._choices.setColumnStretch(1, 1)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(16, 10, 16, 12)
        self._layout.addLayout(self._header)
        self._layout.addLayout(self._choices)
        self.compact = False

    def set_compact(self, on: bool) -> None:
        """Two rows instead of three, for presentation mode's large type: the title takes the
        place of the "Dataset" label and the shape is left to the "Read as" choice, which
        names it too. Every choice stays where the student can reach it."""
        if on == self.compact:
            return
        self.compact = on
        if on:
            self._header.removeWidget(self.title)
            self._choices.addWidget(self.title, 0, 0)
        else:
            self._choices.removeWidget(self.title)
            self._header.insertWidget(0, self.title)
        self.dataset_label.setVisible(not on)
        self.shape_label.setVisible(not on)
        self._layout.setSpacing(0 if on else -1)
        self._layout.setContentsMargins(*((12, 6, 12, 6) if on else (16, 10, 16, 12)))

    def retranslate(self) -> None:
        """The same choices in the new language: the views and the shape name a shape."""
        if self._spec is not None:
            self.show_spec(self._spec)

    def show_spec(self, spec: NetworkSpec) -> None:
        self._spec = spec
        self.dataset_combo.show_dataset(spec.dataset)
        names = {"image": self.tr("Image"), "flat": self.tr("Flat list"),
                 "rows": self.tr("Rows as a sequence"), "sequence": self.tr("Sequence"),
                 "custom": self.tr("Custom")}
        kind = self._kinds.get(spec.dataset) or dataset_kind(spec.dataset)
        if kind is not None:  # reading a table from disk on every edit would be slow
            self._kinds[spec.dataset] = kind
        views = input_views(spec.input_shape, kind is None or kind in IMAGE_KINDS)
        if all(v.shape != spec.input_shape for v in views):  # a shape read from a file
            views.append(InputView("custom", spec.input_shape))
        texts = [f"{names[view.kind]} {format_shape(view.shape)}" for view in views]
        if views != self._views:
            self._views = views
            self.view_combo.clear()
            self.view_combo.addItems(texts)
        else:  # the same views, perhaps named in another language now
            for i, text in enumerate(texts):
                if self.view_combo.itemText(i) != text:
                    self.view_combo.setItemText(i, text)
        self.view_combo.setCurrentIndex([v.shape for v in views].index(spec.input_shape))
        self.view_combo.setEnabled(len(views) > 1)
        self.shape_label.setText(self.tr("shape") + " " + format_shape(spec.input_shape))
        self.shape_label.setAccessibleName(self.shape_label.text())


class OutputBlock(QFrame):
    """How many values the network must produce; problems of the network as a whole."""

    fixRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outputBlock")
        self.setAccessibleName(self.tr("Network output"))
        looks.set_style(self, _block_style("outputBlock"))
        self.setMaximumWidth(CARD_MAX_WIDTH)
        self.classes_label = QLabel()
        self.classes_label.setObjectName("outputClasses")
        self.classes_label.setWordWrap(True)
        self.error_panel = ErrorPanel(self)
        self.error_panel.set_subject(self.tr("the network's output"))
        self.error_panel.fixRequested.connect(self.fixRequested)
        # What the block shows, shown again by retranslate() in the new ``language``.
        self.language = "en"
        self._shown: tuple[NetworkSpec, ValidationError | None] | None = None
        header = QHBoxLayout()
        header.addWidget(_title(self.tr("Output")))
        header.addSpacing(12)
        header.addWidget(self.classes_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 12)
        layout.addLayout(header)
        layout.addWidget(self.error_panel)

    def retranslate(self) -> None:
        """The classes, the problem and the fix buttons' names in the new ``language`` (set
        just before this call)."""
        self.error_panel.set_subject(self.tr("the network's output"))
        if self._shown is not None:
            self.show_spec(*self._shown, self.language)

    def show_spec(self, spec: NetworkSpec, error: ValidationError | None, language: str) -> None:
        self._shown, self.language = (spec, error), language
        n = spec.num_classes
        if n == 1:
            text = self.tr("1 value: the last layer must produce (1,)")
        else:
            text = self.tr("{n} classes: the last layer must produce ({n},), one score per class")
            text = text.format(n=n)
        self.classes_label.setText(text)
        self.classes_label.setAccessibleName(text)
        self.error_panel.show_error(error, language)
