"""The row that chooses an explanation in the Draw pane: "Explain: [method] [layer]".

The methods are the core's (:data:`~playground.core.explain.attribution.METHODS`), with "None"
first; one a network cannot use stays listed but greyed out, its tooltip saying why (Grad-CAM
without a convolution layer), so a student learns what it would need. The layer list appears for
Grad-CAM only. Under the row, a caption says which class is explained and what the map means;
beside it, "computing…" while a slow method runs. Nothing here computes: see
:mod:`playground.gui.draw.explain_overlay`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from playground.core.explain.attribution import METHODS, title
from playground.gui import looks
from playground.gui.i18n import translate_message


class ExplainControls(QWidget):
    """The row "Explain: [method] [layer] computing…" and the method's caption under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("explainControls")
        self.label = QLabel()
        self.method_box = QComboBox()
        self.method_box.setObjectName("explainMethod")
        self.label.setBuddy(self.method_box)
        for method in ("", *METHODS):
            self.method_box.addItem("", method)
        self.layer_box = QComboBox()
        self.layer_box.setObjectName("explainLayer")
        self.layer_box.hide()
        self.status_label = QLabel("")
        self.status_label.setObjectName("explainStatus")
        looks.set_style(self.status_label, "color: {muted};")
        self.caption_label = QLabel("")
        self.caption_label.setObjectName("explainCaption")
        self.caption_label.setWordWrap(True)
        looks.set_style(self.caption_label, "color: {muted};")
        self.caption_label.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.method_box, self.layer_box, self.status_label):
            row.addWidget(widget)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.caption_label)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("Explain:"))
        tip = self.tr("Show which pixels made the network give its answer")
        self.method_box.setToolTip(tip)
        self.method_box.setAccessibleName(tip)
        self.layer_box.setToolTip(self.tr("The convolution layer Grad-CAM looks at"))
        self.layer_box.setAccessibleName(self.tr("Grad-CAM layer"))
        self.method_box.setItemText(0, self.tr("None"))
        for index, method in enumerate(METHODS, 1):
            self.method_box.setItemText(index, translate_message(title(method)))

    @property
    def method(self) -> str:
        return str(self.method_box.currentData() or "")

    def choose(self, method: str) -> None:
        """Select ``method`` ("" for none), as the user would."""
        self.method_box.setCurrentIndex(max(0, self.method_box.findData(method)))

    def set_available(self, method: str, reason: str | None) -> None:
        """Grey ``method`` out with ``reason`` as its tooltip, or make it choosable again."""
        index = self.method_box.findData(method)
        item = self.method_box.model().item(index)  # type: ignore[attr-defined]
        item.setEnabled(reason is None)
        self.method_box.setItemData(index, reason, Qt.ItemDataRole.ToolTipRole)
        if reason is not None and self.method == method:
            self.choose("")

    def is_available(self, method: str) -> bool:
        index = self.method_box.findData(method)
        return bool(self.method_box.model().item(index).isEnabled())  # type: ignore[attr-defined]
