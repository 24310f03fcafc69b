"""The validation confusion matrix as it was at the chosen moment of the run.

Snapshots taken at the end of an epoch carry the matrix of that epoch's validation pass; a
snapshot taken in the middle of an epoch shows the one of the last epoch that ended before it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QWidget

from playground.gui.inside.base import InsideView
from playground.gui.inside.state import ViewContext
from playground.gui.training.confusion_view import ConfusionView


class ConfusionHistoryView(InsideView):
    """A confusion matrix per recorded epoch, driven by the time scrubber."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("confusionHistoryView", self.tr("Confusion matrix over time"), parent)
        self.matrix_view = ConfusionView()
        self.matrix_view.setObjectName("confusionHistoryMatrix")
        self.body.addWidget(self.matrix_view)
        self.shown: np.ndarray | None = None

    def key(self, context: ViewContext) -> object:
        confusion = context.confusion
        return (id(confusion) if confusion is not None else context.message,
                context.confusion_label, context.data_serial, context.language)

    def draw(self, context: ViewContext) -> None:
        confusion = context.confusion
        self.shown = confusion
        if confusion is None:
            self.matrix_view.set_matrix(np.zeros((0, 0), np.int64), ())
            self.show_note(context.message or self.tr(
                "The confusion matrix is recorded at the end of each epoch on the validation "
                "samples; it appears once an epoch has ended (and the run keeps some samples "
                "for validation)."))
            return
        names = context.class_names
        if len(names) != confusion.shape[0]:
            names = tuple(str(i) for i in range(confusion.shape[0]))
        self.matrix_view.set_matrix(confusion, names)
        self.show_note(self.tr("Validation samples, {0}: rows are the true class, columns the "
                               "network's answer.").format(context.confusion_label))

    def export_widget(self) -> QWidget:
        return self.matrix_view
