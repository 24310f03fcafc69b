"""What every inside view has: a note line, its own controls, a PNG button, and lazy redraws.

A view redraws only through :meth:`InsideView.refresh`, which the pane calls from its timer while
the view is visible; the view compares a key (the state's serial, the samples' serial and its
own options) with what it drew last and returns at once when nothing changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from playground.gui.inside.state import ViewContext, one_torch_thread


class InsideView(QWidget):
    """Base of the inside tabs; subclasses fill ``controls`` and ``body`` and implement draw."""

    changed = Signal()  # an option changed: the pane redraws this view at once

    def __init__(self, name: str, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible_name)
        self.note = QLabel(objectName=f"{name}Note", wordWrap=True)
        self.note.setAccessibleName(self.tr("About this view"))
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.controls = QHBoxLayout()
        self.controls.setContentsMargins(0, 0, 0, 0)
        self.png_button = QPushButton(self.tr("PNG…"), objectName=f"{name}PngButton")
        self.png_button.setToolTip(self.tr("Save this view as a PNG picture"))
        self.set_title(accessible_name)
        self.png_button.clicked.connect(self.ask_png)
        header = QHBoxLayout()
        header.addWidget(self.note, 1)
        header.addLayout(self.controls)
        header.addWidget(self.png_button, 0, Qt.AlignmentFlag.AlignTop)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addLayout(self.body, 1)
        self._drawn: Any = None
        self._options = 0
        self.redraws = 0  # how many times the view really drew (tests and benchmarks read it)

    def set_title(self, title: str) -> None:
        """Name what the PNG button exports ("Export Filters as a picture"): every view has
        one, and a screen reader must tell them apart. The pane gives its tab's title."""
        self.png_button.setAccessibleName(self.tr("Export {0} as a picture").format(title))

    @property
    def drawn(self) -> bool:
        """Whether the view has drawn something (in the language of that moment)."""
        return self._drawn is not None

    # -- redrawing ---------------------------------------------------------------------------------
    def key(self, context: ViewContext) -> Any:
        state = context.state
        return (state.serial if state is not None else context.message, context.data_serial,
                self._options, context.language)

    def refresh(self, context: ViewContext) -> bool:
        """Draw ``context`` unless what it would draw is already on screen."""
        key = self.key(context)
        if key == self._drawn:
            return False
        try:
            with one_torch_thread():
                if self.draw(context) is False:
                    return False  # put off: asked again on the next tick
        except Exception as exc:  # a network this view cannot draw must not stop the others
            self.show_note(self.tr("This view cannot show this network: {0}").format(exc))
        self._drawn = key
        self.redraws += 1
        return True

    def options_changed(self) -> None:
        """Call when one of the view's own controls changed what it shows."""
        self._options += 1
        self.changed.emit()

    def draw(self, context: ViewContext) -> bool | None:
        """Show ``context``; returning False puts the drawing off until the next refresh."""
        raise NotImplementedError

    def show_note(self, text: str) -> None:
        self.note.setText(text)

    # -- export ------------------------------------------------------------------------------------
    def export_widget(self) -> QWidget:
        return self

    def export_png(self, path: str | Path) -> bool:
        return self.export_widget().grab().save(str(path), "PNG")

    def ask_png(self) -> None:
        title = self.accessibleName()
        suggestion = self.objectName().removesuffix("View") + ".png"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export {0}").format(title),
                                              suggestion, "PNG (*.png)")
        if path:
            if not path.lower().endswith(".png"):
                path += ".png"
            self.export_png(path)
