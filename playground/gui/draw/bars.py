"""Class probabilities as bars, and the most probable class in large type above them.

Horizontal bars, one row per class with its name on the left, class 0 at the top: class names
such as "Ankle boot" or "automobile" stay readable in a narrow dock, and the longest bar is the
network's answer. The top class is also written large (readable from the back of a classroom)
with its probability. Updating only changes the bars' widths and colours (a few rectangles),
so it can follow every stroke segment.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QBoxLayout, QLabel, QVBoxLayout, QWidget

from playground.gui import looks
from playground.gui.numbers import localized
from playground.gui.training.confusion_view import set_ticks

BAR_COLOUR = (120, 160, 210)
TOP_COLOUR = (255, 127, 14)
MAX_NAMED_CLASSES = 20  # more classes than this get numbered ticks only


class _BarsPlot(pg.PlotWidget):
    """A plot that asks for little room, so the drawing pad keeps its share of a tall pane."""

    def sizeHint(self) -> QSize:
        return QSize(320, 180)


class ProbabilityBars(QWidget):
    """The answer (large) and one bar per class; ``probabilities`` is what is shown, or None."""

    probabilitiesShown = Signal(object)  # np.ndarray, after the bars were updated
    classClicked = Signal(int)  # the class whose bar (or its row) was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("probabilityBars")
        self.setAccessibleName(self.tr("Class probabilities"))
        self.class_names: tuple[str, ...] = ()
        self.probabilities: np.ndarray | None = None
        self.explained: int | None = None  # the class whose bar is outlined (being explained)
        self.updates = 0  # how many predictions were shown (tests and benchmarks watch it)

        self.answer_label = QLabel("–")
        self.answer_label.setObjectName("topClassLabel")
        self.answer_label.setAccessibleName(self.tr("Predicted class"))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 3.4)
        font.setBold(True)
        self.answer_label.setFont(font)
        self.answer_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.answer_label.setMinimumWidth(60)
        self.confidence_label = QLabel("")
        self.confidence_label.setObjectName("confidenceLabel")
        self.confidence_label.setAccessibleName(self.tr("Probability of the predicted class"))
        bigger = QFont(self.font())
        bigger.setPointSizeF(bigger.pointSizeF() * 1.3)
        self.confidence_label.setFont(bigger)
        self.message_label = QLabel("")
        self.message_label.setObjectName("predictionMessage")
        self.message_label.setAccessibleName(self.tr("Prediction message"))
        self.message_label.setWordWrap(True)

        # A view box made without its context menu: one switched off later is left to the
        # garbage collector, which may delete it while the theme walks the top-level widgets.
        self.plot = _BarsPlot(background="w", viewBox=pg.ViewBox(enableMenu=False))
        self.plot.setObjectName("probabilityPlot")
        self.plot.setAccessibleName(self.tr("Probability of each class"))
        self.plot.setMinimumSize(160, 90)
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False, enableViewBoxMenu=None)
        item.setMouseEnabled(x=False, y=False)
        item.invertY(True)  # class 0 at the top
        item.setXRange(-0.015, 1.07, padding=0.0)  # room for the "0" and "100 %" labels
        item.getAxis("bottom").setTicks([[(0.0, "0"), (0.5, "50 %"), (1.0, "100 %")], []])
        for name in ("left", "bottom"):
            item.getAxis(name).setTextPen(looks.current().plot_foreground)
            item.getAxis(name).setPen(looks.current().plot_axis)
        self.bar_item = pg.BarGraphItem(x0=[], y=[], height=0.75, width=[], brushes=[])
        item.addItem(self.bar_item)
        self.plot.scene().sigMouseClicked.connect(self._clicked)

        answer = QVBoxLayout()
        answer.setSpacing(0)
        answer.addWidget(self.answer_label)
        answer.addWidget(self.confidence_label)
        answer.addWidget(self.message_label)
        answer.addStretch(1)
        # The header: a view may put the network's input picture before the answer.
        self.header = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.header.setContentsMargins(0, 0, 0, 0)
        self.header.addLayout(answer, 1)
        self.main = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.main.setContentsMargins(0, 0, 0, 0)
        self.main.setSpacing(4)
        self.main.addLayout(self.header)
        self.main.addWidget(self.plot, 1)

    def set_wide(self, wide: bool) -> None:
        """Header beside the bars (a wide, low pane) or above them (a tall one)."""
        if wide:
            self.main.setDirection(QBoxLayout.Direction.LeftToRight)
            self.header.setDirection(QBoxLayout.Direction.TopToBottom)
        else:
            self.main.setDirection(QBoxLayout.Direction.TopToBottom)
            self.header.setDirection(QBoxLayout.Direction.LeftToRight)
        self.message_label.setMaximumWidth(220 if wide else 16_777_215)

    def set_classes(self, names: Sequence[str]) -> None:
        """The classes, in output order; the bars are emptied."""
        names = tuple(str(n) for n in names)
        if names == self.class_names:
            return
        self.class_names = names
        k = len(names)
        shown = range(0, k, max(1, k // MAX_NAMED_CLASSES))
        labels = [(i, names[i] if k <= MAX_NAMED_CLASSES else str(i)) for i in shown]
        set_ticks(self.plot.getPlotItem().getAxis("left"), [(float(i), t) for i, t in labels])
        self.plot.getPlotItem().setYRange(-0.6, k - 0.4, padding=0.0)
        self.clear()

    def class_name(self, index: int) -> str:
        return self.class_names[index] if 0 <= index < len(self.class_names) else str(index)

    @property
    def top_class(self) -> int | None:
        """The class shown as the answer, or None when nothing is shown."""
        return None if self.probabilities is None else int(np.argmax(self.probabilities))

    def _say_confidence(self) -> None:
        if self.probabilities is not None and len(self.probabilities):
            top = float(self.probabilities[int(np.argmax(self.probabilities))])
            self.confidence_label.setText(localized(self.tr("{0:.0%} sure"), top))

    def retranslate(self) -> None:
        """After a change of language: the answer's confidence, in the new words and locale."""
        self._say_confidence()

    def show_probabilities(self, probabilities: np.ndarray) -> None:
        p = np.nan_to_num(np.asarray(probabilities, dtype=np.float64).reshape(-1))
        if len(p) != len(self.class_names):
            self.set_classes([str(i) for i in range(len(p))])
        top = int(np.argmax(p)) if len(p) else 0
        brushes = [pg.mkBrush(TOP_COLOUR if i == top else BAR_COLOUR) for i in range(len(p))]
        self.bar_item.setOpts(x0=np.zeros(len(p)), y=np.arange(len(p)), width=p, brushes=brushes,
                              pens=self._pens(len(p)))
        self.probabilities = p
        self.answer_label.setText(self.class_name(top))
        self._say_confidence()
        self.updates += 1
        self.probabilitiesShown.emit(p)

    def _pens(self, count: int) -> list | None:
        """The usual frame for every bar, and a thick one for the class being explained
        (``None``, the usual frame everywhere, when no class is)."""
        if self.explained is None:
            return None
        usual = pg.mkPen(self.bar_item.opts["pen"])
        thick = pg.mkPen(looks.current().plot_foreground, width=3)
        return [thick if i == self.explained else usual for i in range(count)]

    def set_explained(self, index: int | None) -> None:
        """Outline the bar of the class an explanation shows (``None``: no outline)."""
        if index == self.explained:
            return
        self.explained = index
        if self.probabilities is not None:
            self.bar_item.setOpts(pens=self._pens(len(self.probabilities)))

    def class_at(self, scene_pos: QPointF) -> int | None:
        """The class whose row is at ``scene_pos`` (scene coordinates), if any."""
        box = self.plot.getPlotItem().getViewBox()
        if not box.sceneBoundingRect().contains(scene_pos):
            return None
        row = round(box.mapSceneToView(scene_pos).y())
        return row if 0 <= row < len(self.class_names) else None

    def _clicked(self, event: object) -> None:
        index = self.class_at(event.scenePos())  # type: ignore[attr-defined]
        if index is not None and self.probabilities is not None:
            self.classClicked.emit(index)

    def clear(self, message: str = "") -> None:
        """No answer: empty bars and, if given, a message saying why."""
        self.bar_item.setOpts(x0=[], y=[], width=[], brushes=[])
        self.probabilities = None
        self.answer_label.setText("–")
        self.confidence_label.setText("")
        self.set_message(message)

    def set_message(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.setVisible(bool(message))
