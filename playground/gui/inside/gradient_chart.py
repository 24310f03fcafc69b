"""The size of each layer's gradient, first layer to last, on a logarithmic scale.

The histograms show each layer's gradients one row at a time; whether they *vanish* is a matter
of how they compare from layer to layer, which a column of histograms with their own scales
hides. This chart puts the L2 norm of every layer's weight gradient side by side, so a plain
deep network's slope down to 10⁻⁷ and a residual network's flat line can be told apart at a
glance (the lesson "Why skip connections?" asks the student to compare them). Layers without
weights (activations, pooling, merges) have no gradient of their own and are left out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from playground.gui import looks
from playground.gui.numbers import localized

GRADIENT_COLOUR = (214, 39, 40)  # the histograms' red for gradients
MAX_LABELLED_TICKS = 10  # more layer numbers than this under 360 px overlap: label every k-th
MAX_DECADE_LABELS = 4  # a short chart labels every decade up to this many, then every k-th
SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
CHART_MIN_HEIGHT = 80  # pixels: three decades of a log axis, labelled every other one


def decades(values: Sequence[float]) -> tuple[int, int]:
    """The powers of ten around ``values`` (positive), at least two decades apart, so a flat
    line of gradients looks flat instead of being stretched over the whole height."""
    low = math.floor(math.log10(min(values)))
    high = math.ceil(math.log10(max(values)))
    if high - low < 2:
        middle = (low + high) / 2
        low, high = math.floor(middle - 1), math.ceil(middle + 1)
    return low, high


def power_of_ten(exponent: int) -> str:
    """``10⁻⁶`` for -6: how a gradient's size is read on the chart's axis."""
    if 0 <= exponent <= 2:
        return str(10**exponent)
    return "10" + str(exponent).translate(SUPERSCRIPTS)


class GradientNormChart(QWidget):
    """Gradient size per layer (log scale), with a line that reads the point under the mouse."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gradientNormChart")
        self.title = QLabel(objectName="gradientNormTitle", wordWrap=True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        # PlotWidget hands keyword arguments to its PlotItem, so names are set afterwards.
        self.plot = pg.PlotWidget(background=looks.current().plot_background)
        self.plot.setObjectName("gradientNormPlot")
        self.plot.setMinimumHeight(CHART_MIN_HEIGHT)
        self.plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.setLogMode(x=False, y=True)
        item.showGrid(x=False, y=True, alpha=0.25)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setTextPen(looks.current().plot_foreground)
            axis.setPen(looks.current().plot_axis)
            axis.enableAutoSIPrefix(False)
        self.curve = pg.PlotDataItem(pen=pg.mkPen(GRADIENT_COLOUR, width=2), symbol="o",
                                     symbolSize=7, symbolBrush=GRADIENT_COLOUR,
                                     symbolPen=pg.mkPen(GRADIENT_COLOUR))
        self.plot.addItem(self.curve)
        self.readout = QLabel(objectName="gradientNormReadout", wordWrap=True)
        self.plot.scene().sigMouseMoved.connect(self._mouse_moved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.readout)
        self.points: list[tuple[str, float]] = []  # (layer name, gradient norm) in layer order
        self.left_out = 0  # measured layers whose norm is zero or not a number
        self.retranslate()

    def retranslate(self) -> None:
        """The title, axis labels and accessible names in the interface's language."""
        self.title.setText(self.tr("Gradient size by layer (logarithmic scale)"))
        self.setAccessibleName(self.tr("Gradient size by layer"))
        self.plot.setAccessibleName(self.tr("Gradient size by layer: the picture"))
        self.plot.setLabel("bottom", self.tr("layer"))
        self.readout.setAccessibleName(self.tr("The point under the mouse"))
        self._show_summary()

    def show_norms(self, layers: Sequence[tuple[str, float | None]]) -> None:
        """Draw ``(layer name, gradient norm)`` pairs; ``None`` (no weights) is skipped."""
        measured = [(name, norm) for name, norm in layers if norm is not None]
        self.points = [(name, norm) for name, norm in measured if math.isfinite(norm) and norm > 0]
        self.left_out = len(measured) - len(self.points)
        x = np.arange(1, len(self.points) + 1, dtype=float)
        self.curve.setData(x, np.array([norm for _, norm in self.points], dtype=float))
        labels = [(float(i), name.split(" ", 1)[0]) for i, (name, _) in enumerate(self.points, 1)]
        step = max(1, math.ceil(len(labels) / MAX_LABELLED_TICKS))
        self.plot.getAxis("bottom").setTicks([labels[::step], labels])
        if self.points:
            item = self.plot.getPlotItem()
            item.setXRange(0.5, len(self.points) + 0.5, padding=0)
            low, high = decades([norm for _, norm in self.points])
            item.setYRange(low, high, padding=0.12)  # the end labels whole, not cut
            step = max(1, math.ceil((high - low) / MAX_DECADE_LABELS))
            self.plot.getAxis("left").setTicks(
                [[(float(k), power_of_ten(k)) for k in range(low, high + 1, step)],
                 [(float(k), "") for k in range(low, high + 1)]])
        self._show_summary()

    def clear(self) -> None:
        self.show_norms([])

    def describe_point(self, position: int) -> str:
        """The ``position``-th point (0-based) in words, for the readout and screen readers."""
        if not 0 <= position < len(self.points):
            return ""
        name, norm = self.points[position]
        return localized(self.tr("Layer {0}: gradient size {1:.2e}"), name, norm)

    def ratio(self) -> float | None:
        """First measured layer's gradient size over the last's (vanishing when tiny)."""
        if len(self.points) < 2:
            return None
        return self.points[0][1] / self.points[-1][1]

    def _show_summary(self) -> None:
        ratio = self.ratio()
        if ratio is None:
            text = "" if not self.points else self.describe_point(0)
        else:
            text = localized(self.tr("First layer's gradient / last layer's: {0:.2g}"), ratio)
        if self.left_out:
            text += " · " + self.tr("layers with a zero gradient, not drawn: {0}").format(
                self.left_out)
        self.readout.setText(text)

    def _mouse_moved(self, position: object) -> None:
        view = self.plot.getPlotItem().getViewBox()
        if not self.points or not view.sceneBoundingRect().contains(position):
            self._show_summary()
            return
        x = view.mapSceneToView(position).x()
        self.readout.setText(self.describe_point(round(x) - 1) or self.readout.text())
