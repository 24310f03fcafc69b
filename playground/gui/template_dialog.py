"""File ▸ New: choose an empty network or one of the core's templates, reading what each is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.core.network.shapes import analyse
from playground.core.teaching.templates import TEMPLATES
from playground.gui.icons import layer_icon
from playground.gui.numbers import number

EMPTY = ""  # the item data of "Empty network"


def layer_chain(name: str) -> str:
    """'Conv2D 6×5×5 → MaxPool2D 2×2 → ...' for a template, to show what it contains."""
    spec = TEMPLATES[name].spec
    return " → ".join(f"{layer.type} {layer.describe()}".strip() for layer in spec.layers)


class TemplateDialog(QDialog):
    """A list of starting points with the selected one's description and layers."""

    def __init__(self, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templateDialog")
        self.setWindowTitle(self.tr("New Network"))
        self.language = language
        self.list = QListWidget()
        self.list.setObjectName("templateList")
        self.list.setAccessibleName(self.tr("Templates"))
        empty = QListWidgetItem(self.tr("Empty network"))
        empty.setData(Qt.ItemDataRole.UserRole, EMPTY)
        self.list.addItem(empty)
        for template in TEMPLATES.values():
            item = QListWidgetItem(template.name)
            item.setData(Qt.ItemDataRole.UserRole, template.name)
            item.setToolTip(template.description.get(language))
            if template.spec.layers:
                item.setIcon(layer_icon(template.spec.layers[0].type))
            self.list.addItem(item)
        self.list.setMinimumWidth(170)
        self.description = QLabel()
        self.description.setObjectName("templateDescription")
        self.description.setWordWrap(True)
        self.description.setMinimumWidth(340)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.list.currentItemChanged.connect(lambda item, _old: self._describe(item))
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("templateButtons")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create"))
        for button in buttons.buttons():
            button.setObjectName(f"template{button.text().replace('&', '')}Button")
            button.setAccessibleName(button.text().replace("&", ""))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addWidget(self.description, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(buttons)
        self.list.setCurrentRow(0)
        self.resize(640, 340)

    def _describe(self, item: QListWidgetItem | None) -> None:
        name = item.data(Qt.ItemDataRole.UserRole) if item is not None else EMPTY
        if name == EMPTY:
            self.description.setText(
                self.tr("<b>Empty network</b><p>Start from the MNIST digits with no layers and "
                        "build the network yourself from the palette.</p>")
            )
            return
        template = TEMPLATES[name]
        analysis = analyse(template.spec)
        self.description.setText(
            f"<b>{name}</b><p>{template.description.get(self.language)}</p>"
            f"<p style='color:#455A64'>{layer_chain(name)}</p>"
            + self.tr("<p>Dataset: {dataset} · {params} parameters</p>").format(
                dataset=template.dataset, params=number(analysis.total_params, ","))
        )

    def chosen(self) -> str:
        """The chosen template's name, or ``EMPTY`` for an empty network."""
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else EMPTY
