"""File ▸ New: choose an empty network or one of the core's templates, reading what each is."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
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
from playground.gui import looks
from playground.gui.icons import type_colour
from playground.gui.numbers import number

EMPTY = ""  # the item data of "Empty network"


PICTURE = QSize(72, 28)  # a template's picture in the list: one block per layer


def network_picture(name: str) -> QIcon:
    """A small picture of a template's network: its layers as blocks in their family colours,
    left to right, each as tall as its share of the widest layer suggests. ``EMPTY`` gets an
    empty dashed frame with a plus: a network still to be built."""
    pixmap = QPixmap(PICTURE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    w, h = PICTURE.width(), PICTURE.height()
    if name == EMPTY:
        painter.setPen(QPen(QColor(looks.current().plot_axis), 1.5, Qt.PenStyle.DashLine))
        painter.drawRoundedRect(QRectF(2, 2, w - 4, h - 4), 4, 4)
        painter.setPen(QPen(QColor(looks.current().plot_axis), 2))
        painter.drawLine(w // 2 - 6, h // 2, w // 2 + 6, h // 2)
        painter.drawLine(w // 2, h // 2 - 6, w // 2, h // 2 + 6)
    else:
        layers = TEMPLATES[name].spec.layers
        sizes = [max(1, layer.params.get("units") or layer.params.get("filters") or 0)
                 for layer in layers]
        widest = max(sizes)
        step = (w - 2) / max(len(layers), 1)
        painter.setPen(Qt.PenStyle.NoPen)
        for i, (layer, size) in enumerate(zip(layers, sizes, strict=True)):
            tall = h * (0.35 + 0.6 * (size / widest) ** 0.5) if size > 1 else h * 0.35
            painter.setBrush(type_colour(layer.type))
            painter.drawRoundedRect(QRectF(1 + i * step, (h - tall) / 2, step * 0.8, tall), 2, 2)
    painter.end()
    return QIcon(pixmap)


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
        self.list.setIconSize(PICTURE)
        empty = QListWidgetItem(network_picture(EMPTY), self.tr("Empty network"))
        empty.setData(Qt.ItemDataRole.UserRole, EMPTY)
        self.list.addItem(empty)
        for template in TEMPLATES.values():
            item = QListWidgetItem(network_picture(template.name),
                                   template.title.get(language))
            item.setData(Qt.ItemDataRole.UserRole, template.name)
            item.setToolTip(f"{template.name}: {template.description.get(language)}")
            self.list.addItem(item)
        # Wide enough for the longest title in this language, with no horizontal scroll bar.
        self.list.setMinimumWidth(self.list.sizeHintForColumn(0) + 2 * self.list.frameWidth()
                                  + 24)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
        self.resize(900, 380)

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
        muted = looks.current().muted  # the theme's colour for secondary text
        self.description.setText(
            f"<b>{template.title.get(self.language)}</b> <span style='color:{muted}'>"
            f"({name})</span><p>{template.description.get(self.language)}</p>"
            f"<p style='color:{muted}'>{layer_chain(name)}</p>"
            + self.tr("<p>Dataset: {dataset} · {params} parameters</p>").format(
                dataset=template.dataset, params=number(analysis.total_params, ","))
        )

    def chosen(self) -> str:
        """The chosen template's name, or ``EMPTY`` for an empty network."""
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else EMPTY
