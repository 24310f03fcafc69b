"""What the lesson views share: redrawing lazily, the document's model, and cached examples.

A view under a lesson step shows the numbers of the network the student has *now*: the trained
weights when the last run trained this very network, otherwise the seed's initial weights (the
ones the next run starts from). It redraws when the network, its settings or its weights change,
and only while it is visible. The models are tiny copies built here, in the GUI thread, from the
document's weights, which are CPU copies that no training thread touches; a view never looks at
the model being trained.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from playground.core.network.build import PlaygroundNet
    from playground.gui.document import Document
    from playground.gui.host import WindowHost

DIVERGING = "CET-D1"  # blue for negative, white for zero, red for positive
CLASS_COLOURS = ((31, 119, 180), (255, 127, 14))


class LessonView(QWidget):
    """Base of the views under a step: a note line, a body, and :meth:`draw` when needed."""

    def __init__(self, window: WindowHost, name: str, accessible_name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setAccessibleName(accessible_name)
        self.window_ = window
        self.note = QLabel(objectName=f"{name}Note", wordWrap=True)
        self.note.setAccessibleName(self.tr("About this view"))
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addLayout(self.body, 1)
        self._stale = True
        self.draws = 0  # how many times the view really drew (tests read it)
        doc = window.document
        for signal in (doc.specChanged, doc.replaced, doc.configChanged,
                       window.signals.weightsChanged):
            signal.connect(self.invalidate)

    @property
    def document(self) -> Document:
        return self.window_.document

    def invalidate(self, *_args: Any) -> None:
        """Something it shows changed: redraw soon if visible, else when next shown."""
        self._stale = True
        if self.isVisible():
            QTimer.singleShot(0, self._draw_if_stale)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._draw_if_stale()

    def _draw_if_stale(self) -> None:
        if self._stale and self.isVisible():
            self.redraw()

    def redraw(self) -> None:
        self._stale = False
        self.draws += 1
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.draw()
        finally:
            QApplication.restoreOverrideCursor()

    def draw(self) -> None:
        raise NotImplementedError

    def weights_note(self) -> str:
        if self.has_trained_weights():
            return self.tr("Trained weights (after the last run).")
        return self.tr("Initial weights (untrained): train to see what changes.")

    def has_trained_weights(self) -> bool:
        doc = self.document
        return doc.weights is not None and doc.weights_spec == doc.spec


def document_model(document: Document) -> PlaygroundNet:
    """A model of the document's network with its trained or initial weights, to look at
    (evaluation mode, no gradients).

    Neither way touches the global random generator, which a run training meanwhile draws its
    dropout masks from: the initial weights come from the seed through a private generator.
    """
    from playground.core.network.build import build_model, model_from_weights

    if document.weights is not None and document.weights_spec == document.spec:
        return model_from_weights(document.spec, document.weights)
    config = document.config
    model = build_model(document.spec, seed=config.seed, init=config.init,
                        init_std=config.init_std)
    return model.requires_grad_(False).eval()


class ExampleCache:
    """Data loaded once per key (dataset, preprocessing, options): a view redraws many times."""

    def __init__(self) -> None:
        self._key: Hashable = None
        self._value: Any = None

    def get(self, key: Hashable, load: Callable[[], Any]) -> Any:
        if key != self._key:
            self._value = load()
            self._key = key
        return self._value
