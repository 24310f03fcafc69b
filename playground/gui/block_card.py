"""A collapsed residual block shown as one card: its layers' names and their parameter total.

A large network that branches reads better when its repeated blocks fold away. The card is a
:class:`~playground.gui.layer_card.LayerCard` of the block's merge (so it is selected, dragged
and right-clicked like one, and shows the merge's output shape), with the block's own title,
the layers inside and the parameters they learn together; it is drawn as a stack of cards.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from playground.core.network.layers import LAYER_TYPES
from playground.core.network.shapes import Analysis
from playground.gui import looks
from playground.gui.graph_layout import Block
from playground.gui.icons import type_colour
from playground.gui.layer_card import LayerCard, in_language
from playground.gui.numbers import number

STACK_OFFSET = 4  # pixels between the card and the outline of the card "behind" it


class BlockCard(LayerCard):
    """One card standing for the layers of a residual block; double-click to expand it."""

    expandRequested = Signal(int)  # the block's merge index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.block: Block | None = None
        self._analysis: Analysis | None = None
        self.setObjectName("blockCard")
        self.stacked = 2 * STACK_OFFSET
        margins = self.layout().contentsMargins()
        self.layout().setContentsMargins(margins.left(), margins.top(),
                                         margins.right() + self.stacked,
                                         margins.bottom() + self.stacked)

    def show_block(self, block: Block, analysis: Analysis, selected: bool,
                   language: str) -> None:
        """Show ``block`` of ``analysis``'s network (its merge's shape, its total params)."""
        self.block, self._analysis = block, analysis
        spec = analysis.spec
        m = block.merge
        info = analysis.layers[m] if m < len(analysis.layers) else None
        error = analysis.error if analysis.error is not None and (
            analysis.error.layer_index in block.members) else None
        self.show_layer(m, spec.layers[m], info, error, selected, language)
        inside = [spec.layers[i].type for i in range(block.first, block.last + 1)]
        self.title.setText(self.tr("Residual block"))
        self.detail.setText(" → ".join(inside) + " + " + in_language(
            LAYER_TYPES[spec.layers[m].type].title, language))
        self.detail.setVisible(True)
        known = [analysis.layers[i].params for i in block.members if i < len(analysis.layers)]
        total = sum(known)
        self.params.setText(self.tr("{n} params").format(n=number(total, ",")) if total
                            else self.tr("no weights"))
        self.params.setToolTip(self.tr("Weights and biases the layers of this block learn"))
        self.setObjectName(f"blockCard{m}")
        self.setAccessibleName(self.tr("Residual block of layers {0} to {1}, collapsed").format(
            block.first + 1, m + 1))
        self.setToolTip(self.tr("Double-click to show the layers of this block"))

    def retranslate(self) -> None:
        """Show the same block again in the new ``language``."""
        self._fit_params_width()
        if self.block is not None and self._analysis is not None:
            self.layer = None  # show the merge's own names again first
            self.show_block(self.block, self._analysis, self.selected, self.language)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.block is not None:
            self.expandRequested.emit(self.block.merge)
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A card with the outlines of two more behind it: several layers folded into one."""
        if self.layer is not None:
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            colour = QColor(type_colour(self.layer.type))
            painter.setPen(QPen(colour, 1.2))
            painter.setBrush(QColor(looks.current().canvas))
            for k in (2, 1):
                offset = STACK_OFFSET * k
                painter.drawRoundedRect(QRectF(self.rect()).adjusted(
                    offset + 1.5, offset + 1.5, offset - 1.5 - self.stacked,
                    offset - 1.5 - self.stacked), 8, 8)
            painter.end()
        super().paintEvent(event)
