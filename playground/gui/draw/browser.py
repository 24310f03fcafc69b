"""Step through the test images and see what the network answers for each, right or wrong.

The test images are ones the network never trained on, so this is an honest check a student
can make one picture at a time; for Fashion-MNIST and CIFAR-10 the answers are class names.
The browser shows the picture, its true class and the verdict; the shared probability bars
below show the network's answer in detail. It works for any picture dataset, whatever size.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.gui import looks
from playground.gui.draw.input_view import InputView
from playground.gui.inputs import translated_classes
from playground.gui.numbers import localized

if TYPE_CHECKING:
    from playground.core.data.datasets import Dataset




def described_button(name: str, text: str, description: str,
                     slot: Callable[[], object]) -> QPushButton:
    """A push button whose tooltip and accessible name say what it does (the drawing pane's
    buttons and the browser's are all made this way)."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(description)
    button.setToolTip(description)
    button.clicked.connect(lambda _checked=False: slot())
    return button


class TestSetBrowser(QWidget):
    """One test picture at a time; ``sampleChosen`` gives the picture (in [0, 1]) to predict."""

    __test__ = False  # a widget, not a test class (its name starts with "Test")

    sampleChosen = Signal(object)  # np.ndarray, one sample as the dataset stores it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("testSetBrowser")
        self.setAccessibleName(self.tr("Test images"))
        self.images: np.ndarray | None = None
        self.labels: np.ndarray | None = None
        self.class_names: tuple[str, ...] = ()
        self.index = 0
        self._data: object = None
        self.verdict: bool | None = None  # the shown picture was classified right
        self._predicted: int | None = None  # the class the network gave the shown picture

        self.picture = InputView(side=150)
        self.picture.setObjectName("testImageView")
        self.picture.setAccessibleName(self.tr("Test image"))
        self.picture.setToolTip(self.tr("A test image: the network never trained on it."))
        self.position_label = QLabel("")
        self.position_label.setObjectName("testImagePosition")
        self.truth_label = QLabel("")
        self.truth_label.setObjectName("testImageTruth")
        self.verdict_label = QLabel("")
        self.verdict_label.setObjectName("testImageVerdict")
        self.verdict_label.setAccessibleName(self.tr("Right or wrong"))
        self.verdict_label.setWordWrap(True)
        bold = QFont(self.font())
        bold.setPointSizeF(bold.pointSizeF() * 1.25)
        bold.setBold(True)
        self.verdict_label.setFont(bold)

        self.previous_button = described_button("previousTestImage", self.tr("◀ Previous"),
                                                self.tr("Previous test image"), self.previous)
        self.next_button = described_button("nextTestImage", self.tr("Next ▶"),
                                            self.tr("Next test image"), self.next)
        self.random_button = described_button("randomTestImage", self.tr("Random"),
                                              self.tr("A random test image"), self.random)
        self.index_box = QSpinBox()
        self.index_box.setObjectName("testImageIndex")
        self.index_box.setAccessibleName(self.tr("Test image number"))
        self.index_box.setRange(1, 1)
        self.index_box.valueChanged.connect(lambda value: self.show_index(value - 1))
        self._rng = np.random.default_rng()

        text = QVBoxLayout()
        text.addWidget(self.position_label)
        text.addWidget(self.truth_label)
        text.addWidget(self.verdict_label)
        text.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.picture)
        top.addLayout(text, 1)
        buttons = QHBoxLayout()
        for widget in (self.previous_button, self.next_button, self.random_button,
                       self.index_box):
            buttons.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.set_data(None)

    # -- content ---------------------------------------------------------------------------------
    def set_data(self, data: Dataset | None, class_names: tuple[str, ...] = ()) -> None:
        """Browse ``data``'s test samples (kept as they are: pictures in [0, 1])."""
        if data is self._data and data is not None and tuple(class_names) == self.class_names:
            return
        self._data = data
        if data is None or len(data.test_y) == 0:
            self.images = self.labels = None
            self.class_names = tuple(class_names)
            for widget in (self.previous_button, self.next_button, self.random_button,
                           self.index_box):
                widget.setEnabled(False)
            self.picture.set_picture(None)
            self.position_label.setText(self.tr("No test images"))
            self.truth_label.setText("")
            self.show_verdict(None)
            return
        self.images = data.test_x.numpy()
        self.labels = data.test_y.numpy()
        self.class_names = tuple(class_names) or translated_classes(data.info.class_names)
        for widget in (self.previous_button, self.next_button, self.random_button,
                       self.index_box):
            widget.setEnabled(True)
        self.index_box.blockSignals(True)
        self.index_box.setRange(1, len(self.labels))
        self.index_box.blockSignals(False)
        self.show_index(min(self.index, len(self.labels) - 1))

    def class_name(self, index: int) -> str:
        return self.class_names[index] if 0 <= index < len(self.class_names) else str(index)

    def count(self) -> int:
        return 0 if self.labels is None else len(self.labels)

    def current(self) -> np.ndarray | None:
        """The picture shown, as the dataset stores it (values in [0, 1])."""
        return None if self.images is None else self.images[self.index]

    def show_index(self, index: int) -> None:
        n = self.count()
        if n == 0:
            return
        self.index = int(index) % n
        picture = self.images[self.index]
        self.picture.set_picture(picture)
        self._label_picture()
        self.index_box.blockSignals(True)
        self.index_box.setValue(self.index + 1)
        self.index_box.blockSignals(False)
        self.show_verdict(None)
        self.sampleChosen.emit(picture)

    def _label_picture(self) -> None:
        """Which picture is shown and its true class, in the language of the moment."""
        label = int(self.labels[self.index])
        self.position_label.setText(localized(self.tr("Test image {0:,} of {1:,}"),
                                              self.index + 1, self.count()))
        self.truth_label.setText(self.tr("It is: {0}").format(self.class_name(label)))

    def retranslate(self) -> None:
        """After a change of language: the picture's captions and the verdict on it."""
        if self.count():
            self._label_picture()
            self.show_verdict(self._predicted)

    def previous(self) -> None:
        self.show_index(self.index - 1)

    def next(self) -> None:
        self.show_index(self.index + 1)

    def random(self) -> None:
        if self.count():
            self.show_index(int(self._rng.integers(self.count())))

    def show_verdict(self, predicted: int | None) -> None:
        """Right or wrong for the shown picture; None: no prediction (yet)."""
        self._predicted = predicted
        if predicted is None or self.labels is None:
            self.verdict = None
            self.verdict_label.setText("")
            return
        truth = int(self.labels[self.index])
        self.verdict = predicted == truth
        if self.verdict:
            text = self.tr("✓ Right: the network says {0}").format(self.class_name(predicted))
            colour = "ok"
        else:
            text = self.tr("✗ Wrong: the network says {0}").format(self.class_name(predicted))
            colour = "error"
        self.verdict_label.setText(text)
        looks.set_style(self.verdict_label, "color: {" + colour + "};")
        self.verdict_label.setAlignment(Qt.AlignmentFlag.AlignLeft)
