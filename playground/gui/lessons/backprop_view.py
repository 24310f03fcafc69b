"""The numbers of one example's forward and backward pass (lesson 2, backpropagation by hand).

Shows, for the test example the student picks: the input picture, each hidden layer's
activations and errors as bars, the output probabilities (the true class in another colour) and
the output error ``δ`` (``p − y``, times ReLU′(z) when a ReLU comes before the softmax), a
table of the output layer's numbers, a table of every layer's gradients, and the example's loss
before and after one plain SGD step. Everything comes from
:mod:`playground.core.inspect.backprop_steps`, computed by hand with numpy and equal to autograd.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
)

from playground.gui.i18n import translate_message
from playground.gui.lessons.views import ExampleCache, LessonView
from playground.gui.numbers import localized, number

if TYPE_CHECKING:
    from playground.core.inspect.backprop_steps import BackpropTrace
    from playground.gui.host import WindowHost

EXAMPLES = 100
PLOT_HEIGHT = 130  # one row of bars; the view scrolls inside the lesson panel
TABLE_HEIGHT = 220
BAR = (120, 120, 120)
TRUE_CLASS = (44, 160, 44)
POSITIVE, NEGATIVE = (214, 39, 40), (31, 119, 180)


def _signed_brushes(values: np.ndarray) -> list[Any]:
    return [pg.mkBrush(POSITIVE if v >= 0 else NEGATIVE) for v in values]


class BackpropView(LessonView):
    """One example through the network, forward and backward, with every number visible."""

    def __init__(self, window: WindowHost) -> None:
        title = QCoreApplication.translate("BackpropView", "Backpropagation of one example")
        super().__init__(window, "backpropView", title)
        self.example = QSpinBox(objectName="backpropExample")
        self.example.setRange(0, EXAMPLES - 1)
        self.example.setAccessibleName(self.tr("Test example number"))
        self.example.setToolTip(self.tr("Which test picture to follow through the network"))
        self.example.valueChanged.connect(lambda _v: self.redraw())
        self.summary = QLabel(objectName="backpropSummary", wordWrap=True)
        self.summary.setAccessibleName(self.tr("Prediction and loss of this example"))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Example")))
        row.addWidget(self.example)
        row.addWidget(self.summary, 1)
        self.body.addLayout(row)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setObjectName("backpropGraphics")
        self.graphics.setAccessibleName(self.tr("Activations and errors as bars"))
        self.graphics.setMinimumHeight(PLOT_HEIGHT * 4)
        self.body.addWidget(self.graphics)
        self.outputs = self._table("backpropOutputs", self.tr("Output layer numbers"), [
            self.tr("class"), self.tr("score z"), self.tr("probability p"), self.tr("target y"),
            self.tr("error p − y")])
        self.gradients = self._table("backpropGradients", self.tr("Gradients of every layer"), [
            self.tr("layer"), self.tr("∂L/∂W size"), self.tr("mean |∂L/∂W|"),
            self.tr("largest |∂L/∂W|"), self.tr("weights with ∂L/∂W = 0"),
            self.tr("largest |∂L/∂b|")])
        self.tables = QTabWidget(objectName="backpropTables")
        self.tables.setAccessibleName(self.tr("Tables of numbers"))
        self.tables.addTab(self.outputs, self.tr("Output layer"))
        self.tables.addTab(self.gradients, self.tr("Gradients"))
        self.tables.setMinimumHeight(TABLE_HEIGHT)
        self.body.addWidget(self.tables)
        self._examples = ExampleCache()
        self.trace: BackpropTrace | None = None
        self.loss_after: float | None = None

    def _table(self, name: str, accessible: str, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), objectName=name)
        table.setAccessibleName(accessible)
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setObjectName(f"{name}Header")
        header.setAccessibleName(self.tr("{0}: column titles").format(accessible))
        header.setStretchLastSection(True)
        return table

    # -- drawing -----------------------------------------------------------------------------------
    def draw(self) -> None:
        from playground.core.errors import PlaygroundError
        from playground.core.inspect import backprop_steps as bp

        doc = self.document
        spec, config = doc.spec, doc.config
        self.trace = None
        reason = bp.unsupported_reason(spec, config)
        if reason is not None:
            self._clear(translate_message(reason))
            return
        try:
            x, y = self._examples.get(
                (spec.dataset, config.preprocessing, config.seed),
                lambda: bp.load_examples(spec, config, EXAMPLES))
            params = bp.dense_params(spec, doc.weights if self.has_trained_weights() else None,
                                     config)
            i = min(self.example.value(), len(x) - 1)
            trace = bp.trace_example(params, x[i], int(y[i]))
            after = bp.loss_after_step(params, trace, x[i], config.learning_rate)
        except (PlaygroundError, ValueError, RuntimeError) as exc:
            self._clear(translate_message(exc))
            return
        self.trace, self.loss_after = trace, after
        self.note.setText(self.weights_note())
        self.summary.setText(localized(self.tr(
            "True class {0} · the network says {1} (p = {2:.3f}) · loss {3:.4f} → {4:.4f} after "
            "one SGD step with learning rate {5:g}"),
            trace.target, trace.predicted, trace.probabilities[trace.predicted], trace.loss,
            after, config.learning_rate))
        self._draw_plots(x[i], spec.input_shape, trace)
        self._fill_tables(trace, spec)

    def _clear(self, message: str) -> None:
        self.note.setText(message)
        self.summary.setText("")
        self.graphics.clear()
        self.outputs.setRowCount(0)
        self.gradients.setRowCount(0)

    def _draw_plots(self, x: np.ndarray, input_shape: tuple[int, ...],
                    trace: BackpropTrace) -> None:
        g = self.graphics
        g.clear()
        side = math.isqrt(x.size)
        if side * side == x.size:
            box = g.addViewBox(row=0, col=0, lockAspect=True, invertY=True)
            box.setMouseEnabled(False, False)
            image = pg.ImageItem(x.reshape(side, side).astype(np.float32),
                                 axisOrder="row-major", levels=(float(x.min()), float(x.max())
                                                                or 1.0))
            box.addItem(image)
            g.ci.layout.setColumnStretchFactor(0, 1)
            g.ci.layout.setColumnStretchFactor(1, 3)
        output = trace.layers[-1]
        classes = np.arange(len(output.outputs))
        colours = [pg.mkBrush(TRUE_CLASS if c == trace.target else BAR) for c in classes]
        self._bars(0, 1, self.tr("output probabilities p"), output.outputs, colours, (0.0, 1.0))
        self._bars(1, 0, self.tr("output error δ"), output.error,
                   _signed_brushes(output.error))
        row = 2
        for layer in trace.layers[:-1]:
            n = layer.layer_index + 1
            self._bars(row, 0, self.tr("layer {0}: activations a ({1})").format(
                n, layer.activation), layer.outputs, [pg.mkBrush(BAR)] * len(layer.outputs))
            self._bars(row + 1, 0, self.tr("layer {0}: error δ").format(n), layer.error,
                       _signed_brushes(layer.error))
            row += 2
        self.graphics.setMinimumHeight(PLOT_HEIGHT * row)

    def _bars(self, row: int, col: int, title: str, values: np.ndarray, brushes: list[Any],
              y_range: tuple[float, float] | None = None) -> None:
        span = 1 if col else 2  # the output probabilities share their row with the input
        plot = self.graphics.addPlot(row=row, col=col, colspan=span, title=title)
        plot.setMouseEnabled(False, False)
        plot.hideButtons()
        plot.addItem(pg.BarGraphItem(x=np.arange(len(values)), height=values, width=0.8,
                                     brushes=brushes))
        if y_range is not None:
            plot.setYRange(*y_range)

    def _fill_tables(self, trace: BackpropTrace, spec: Any) -> None:
        output = trace.layers[-1]
        names = list(range(len(output.outputs)))
        self.outputs.setRowCount(len(names))
        for r, c in enumerate(names):
            values = (str(c), number(output.pre_activation[c], ".4f"),
                      number(output.outputs[c], ".4f"), "1" if c == trace.target else "0",
                      number(output.error[c], "+.4f"))
            for col, text in enumerate(values):
                self.outputs.setItem(r, col, QTableWidgetItem(text))
        self.gradients.setRowCount(len(trace.layers))
        for r, layer in enumerate(trace.layers):
            g = np.abs(layer.grad_weight)
            rows, cols = layer.grad_weight.shape
            values = (self.tr("{0} Dense").format(layer.layer_index + 1), f"{rows} × {cols}",
                      number(g.mean(), ".2e"), number(g.max(), ".2e"),
                      number((g == 0).mean(), ".0%"), number(np.abs(layer.grad_bias).max(), ".2e"))
            for col, text in enumerate(values):
                self.gradients.setItem(r, col, QTableWidgetItem(text))
        self.outputs.resizeColumnsToContents()
        self.gradients.resizeColumnsToContents()
