"""How a run on the own classes starts, in the pane's side column: from scratch or from what the
digits network learned (frozen or fine-tuned), the recommended settings and why, and Train.

The choice shows the document (the open network says which start it is, see
:func:`playground.gui.own_classes.jobs.mode_of`), so undo and a project opened show the right
one; a click asks for the change (``modeChosen``) and the window makes it. The reasons are the
core's sentences (``transfer.recommended_config``), rendered in the interface language.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from playground.core.messages import Message
from playground.gui import looks
from playground.gui.i18n import translate_message
from playground.gui.own_classes.jobs import FINE_TUNE, FROZEN, SCRATCH

__all__ = ["StartBox"]


class StartBox(QWidget):
    """The start of a run: mode, recommended settings and reasons, Train."""

    modeChosen = Signal(str)  # SCRATCH, FROZEN or FINE_TUNE
    trainClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ownClassesStart")
        self.title = QLabel(objectName="startTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.scratch = QRadioButton(objectName="scratchRadio")
        self.transfer = QRadioButton(objectName="transferRadio")
        self.group = QButtonGroup(self)
        self.group.addButton(self.scratch)
        self.group.addButton(self.transfer)
        self.how_label = QLabel(objectName="transferHowLabel")
        self.how = QComboBox(objectName="transferHowCombo")
        self.how_label.setBuddy(self.how)
        self.how.addItem("", FROZEN)
        self.how.addItem("", FINE_TUNE)
        self.recommended = QCheckBox(objectName="recommendedCheck")
        self.recommended.setChecked(True)
        self.reasons = QLabel(objectName="recommendationReasons")
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.PlainText)
        looks.set_style(self.reasons, "color: {muted};")
        self.train_button = QPushButton(objectName="ownClassesTrainButton")
        self.train_button.clicked.connect(lambda _c=False: self.trainClicked.emit())
        options = QWidget(objectName="startOptions")
        column = QVBoxLayout(options)
        column.setContentsMargins(0, 0, 4, 0)
        for widget in (self.title, self.scratch, self.transfer, self.how_label, self.how,
                       self.recommended, self.reasons):
            column.addWidget(widget)
        column.addStretch(1)
        # The reasons may be long in a narrow column: they scroll, Train stays in view.
        self.scroll = scroll = QScrollArea(objectName="startScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(options)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.train_button)
        self._mode = SCRATCH
        self._reasons: tuple[Message, ...] = ()
        self.scratch.toggled.connect(self._clicked)
        self.transfer.toggled.connect(self._clicked)
        self.how.activated.connect(lambda _i: self._clicked(True))
        self.show_mode(SCRATCH)
        self.retranslate()

    # -- showing ---------------------------------------------------------------------------------
    def show_mode(self, mode: str) -> None:
        """Show ``mode`` as chosen (the document's), without asking for it again."""
        self._mode = mode
        for widget in (self.scratch, self.transfer, self.how):
            widget.blockSignals(True)
        (self.scratch if mode == SCRATCH else self.transfer).setChecked(True)
        if mode != SCRATCH:
            self.how.setCurrentIndex(self.how.findData(mode))
        self.how.setEnabled(mode != SCRATCH)
        self.how_label.setEnabled(mode != SCRATCH)
        for widget in (self.scratch, self.transfer, self.how):
            widget.blockSignals(False)

    @property
    def mode(self) -> str:
        return self._mode

    def chosen_mode(self) -> str:
        """The mode the buttons show now."""
        return SCRATCH if self.scratch.isChecked() else str(self.how.currentData())

    def show_reasons(self, reasons: Sequence[Message]) -> None:
        self._reasons = tuple(reasons)
        self.reasons.setText("\n".join(translate_message(r) for r in self._reasons))
        self.reasons.setVisible(bool(self._reasons) and self.recommended.isChecked())

    def _clicked(self, checked: bool) -> None:
        if checked and self.chosen_mode() != self._mode:
            self.modeChosen.emit(self.chosen_mode())

    def retranslate(self) -> None:
        tr = self.tr
        self.title.setText(tr("How to start"))
        self.scratch.setText(tr("Train from scratch"))
        self.scratch.setToolTip(tr("A small network made for your classes learns them from "
                                   "random starting weights."))
        self.transfer.setText(tr("Start from the digits network"))
        self.transfer.setToolTip(tr(
            "Start from what the digits network learned: the ready-trained digits network "
            "already finds strokes, curves and corners; keep its learned layers and give it a "
            "new last layer for your classes."))
        self.transfer.setAccessibleName(tr("Start from what the digits network learned"))
        self.how.setItemText(0, tr("Frozen"))
        self.how.setItemText(1, tr("Fine-tuned (slowly)"))
        self.how.setItemData(0, tr("The learned layers keep their weights; only the layers "
                                   "after them learn your classes."), Qt.ItemDataRole.ToolTipRole)
        self.how.setItemData(1, tr("Every layer learns, at a lower learning rate, so the learned "
                                   "layers change slowly."), Qt.ItemDataRole.ToolTipRole)
        self.how_label.setText(tr("The learned layers:"))
        self.how.setAccessibleName(tr("How the learned layers train"))
        self.scroll.setAccessibleName(tr("How to start"))
        self.recommended.setText(tr("Use the recommended settings"))
        self.recommended.setToolTip(tr("Settings chosen for the size of your classes, set when "
                                       "you press Train; untick to keep your own."))
        self.train_button.setText(tr("Train"))
        self.train_button.setToolTip(tr("Train on your classes, starting as chosen above"))
        self.train_button.setAccessibleName(tr("Train on your classes"))
        self.show_reasons(self._reasons)
