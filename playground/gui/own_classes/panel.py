"""The Own classes pane: what is wrong with the classes, one row per class, and how to start.

Above the rows the guidance says in plain words what would stop training (in the error colour:
a class without samples) or spoil it (in the warning colour: few samples, unbalanced classes,
near-duplicates), from ``own_classes_check.check``. Beside them, :class:`StartBox` chooses how a
run starts. The pane shows what it is given and asks for changes with signals; the feature
(:mod:`playground.gui.own_classes.install`) turns them into undoable steps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from playground.core.data.own_classes import MAX_CLASSES, OwnClasses
from playground.core.data.own_classes_check import OwnClassesProblem
from playground.gui import looks
from playground.gui.i18n import translate_message
from playground.gui.own_classes import webcam
from playground.gui.own_classes.class_row import ClassRow
from playground.gui.own_classes.dialogs import MIN_CLASSES
from playground.gui.own_classes.start_box import StartBox

__all__ = ["OwnClassesPane"]

SIDE_WIDTH = 210  # pixels: the start column


class OwnClassesPane(QWidget):
    """Guidance, the class rows and the start column (see the module docstring)."""

    renamed = Signal(int, str)
    addDrawingClicked = Signal(int)
    pasteClicked = Signal(int)
    addPicturesClicked = Signal(int)
    removeClicked = Signal(int)
    filesDropped = Signal(int, list)
    imageDropped = Signal(int, object)
    deleteSample = Signal(int, int)
    moveSample = Signal(int, int, int)
    addClassClicked = Signal()
    newClassesClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ownClassesPane")
        self.rows: list[ClassRow] = []
        self._own: OwnClasses | None = None
        self._problems: tuple[OwnClassesProblem, ...] = ()
        self._message: tuple[str | Callable[[], str], bool] = ("", False)
        self.guidance = QWidget(objectName="ownClassesGuidance")
        self.guidance_layout = QVBoxLayout(self.guidance)
        self.guidance_layout.setContentsMargins(0, 0, 0, 0)
        self.guidance_layout.setSpacing(2)
        self.message = QLabel(objectName="ownClassesMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        self.empty = QLabel(objectName="ownClassesEmpty")
        self.empty.setWordWrap(True)
        self.new_button = QPushButton(objectName="newOwnClassesButton")
        self.new_button.clicked.connect(lambda _c=False: self.newClassesClicked.emit())
        self.add_class_button = QPushButton(objectName="addClassButton")
        self.add_class_button.clicked.connect(lambda _c=False: self.addClassClicked.emit())
        rows_widget = QWidget(objectName="classRows")
        self.rows_layout = QVBoxLayout(rows_widget)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(4)
        self.rows_layout.addStretch(1)
        self.scroll = QScrollArea(objectName="classRowsScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(rows_widget)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.webcam_button = QPushButton(objectName="webcamButton")
        self.webcam_button.setEnabled(False)  # no capture without Qt Multimedia or OpenCV
        self.webcam_note = QLabel(objectName="webcamNote")
        self.webcam_note.setWordWrap(True)
        looks.set_style(self.webcam_note, "color: {muted};")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_class_button)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.webcam_button)
        buttons.addWidget(self.webcam_note, 1)
        left = QVBoxLayout()
        left.addWidget(self.guidance)
        left.addWidget(self.message)
        left.addWidget(self.empty)
        left.addWidget(self.scroll, 1)
        left.addLayout(buttons)
        self.start = StartBox()
        self.start.setFixedWidth(SIDE_WIDTH)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(left, 1)
        layout.addWidget(self.start)
        self.show_classes(None)
        self.retranslate()

    # -- showing ---------------------------------------------------------------------------------
    def show_classes(self, own: OwnClasses | None) -> None:
        """Show ``own`` (None: no own classes yet) as the document holds it."""
        self._own = own
        classes = own.classes if own is not None else ()
        while len(self.rows) > len(classes):
            row = self.rows.pop()
            row.hide()
            row.deleteLater()
        while len(self.rows) < len(classes):
            self._add_row(len(self.rows))
        names = own.names if own is not None else ()
        for row, cls in zip(self.rows, classes, strict=True):
            row.show_class(cls.name, cls.samples, names, removable=len(classes) > MIN_CLASSES)
        self.empty.setVisible(own is None)
        self.scroll.setVisible(own is not None)
        self.add_class_button.setVisible(own is not None)
        self.new_button.setVisible(own is None)  # with classes, it is in the Data menu
        self.add_class_button.setEnabled(own is not None and len(own) < MAX_CLASSES)
        self.start.setEnabled(own is not None)

    def _add_row(self, index: int) -> None:
        row = ClassRow(index)
        for name in ("renamed", "addDrawingClicked", "pasteClicked", "addPicturesClicked",
                     "removeClicked", "filesDropped", "imageDropped", "deleteSample",
                     "moveSample"):
            getattr(row, name).connect(getattr(self, name).emit)
        self.rows_layout.insertWidget(index, row)
        self.rows.append(row)

    def show_problems(self, problems: Sequence[OwnClassesProblem]) -> None:
        """The check's findings in plain words: blocking ones in the error colour, first."""
        self._problems = tuple(problems)
        while self.guidance_layout.count():
            item = self.guidance_layout.takeAt(0)
            old = item.widget()
            if old is not None:
                old.hide()
                old.setParent(None)  # gone from the pane at once
                old.deleteLater()
        for problem in self._problems:
            label = QLabel(("⛔ " if problem.blocks else "⚠ ") + translate_message(problem.message))
            label.setObjectName("blockingProblem" if problem.blocks else "warningProblem")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            looks.set_style(label, "color: {error};" if problem.blocks else "color: {warning};")
            self.guidance_layout.addWidget(label)
        self.guidance.setVisible(bool(self._problems))

    def show_message(self, text: str | Callable[[], str], error: bool = False) -> None:
        """What the last action did, or why it could not (in the error colour). A callable is
        kept and called again after a change of language."""
        self._message = (text, error)
        shown = text() if callable(text) else text
        self.message.setText(shown)
        looks.set_style(self.message, "color: {error};" if error else "color: {ok};")
        self.message.setVisible(bool(shown))

    @property
    def problems(self) -> tuple[OwnClassesProblem, ...]:
        return self._problems

    def problem_texts(self) -> list[str]:
        """The guidance as shown (for tests and screen readers' summaries)."""
        return [translate_message(p.message) for p in self._problems]

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Own classes"))
        self.scroll.setAccessibleName(self.tr("Your classes"))
        self.empty.setText(self.tr(
            "No classes of your own yet. Make some with Data ▸ New Own Classes…, then draw, "
            "paste or drop a few examples of each and train."))
        self.new_button.setText(self.tr("New Own Classes…"))
        self.new_button.setToolTip(self.tr("Start a new set of classes of your own"))
        self.add_class_button.setText(self.tr("Add Class"))
        self.add_class_button.setToolTip(self.tr("Add one more class at the end"))
        note = webcam.note()
        self.webcam_button.setText(self.tr("Webcam…"))
        self.webcam_button.setToolTip(note)
        self.webcam_button.setAccessibleName(self.tr("Take pictures with a webcam"))
        self.webcam_button.setAccessibleDescription(note)
        self.webcam_note.setText(webcam.short_note())
        self.webcam_note.setToolTip(note)
        for row in self.rows:
            row.retranslate()
        self.show_problems(self._problems)
        self.show_message(*self._message)
        self.start.retranslate()
