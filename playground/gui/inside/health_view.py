"""The health of each layer: histograms of weights, activations and gradients, and verdicts.

Beside the verdicts, :class:`GradientNormChart` draws every layer's gradient size on one log
scale, where vanishing gradients show as a slope.

The numbers come from :func:`playground.core.inspect.health.layer_health` run on a copy of the
shown weights with a small fixed batch of test samples. It takes up to tens of milliseconds for
a CNN, so it runs in the application's background pool; a newer state replaces a pending one. The
verdicts (dead ReLUs, vanishing or exploding gradients, overfitting) are one line each in the
window's language, with a warning sign when the problem is there. Pointing at a bar of a
histogram reads out its range and how many values fall in it.

The pane sits under the editor, wide and short: the verdicts, with the gradient chart under
them, stand in a column beside the histograms rather than above them, and each histogram keeps
at least :data:`PLOT_MIN_HEIGHT` pixels; more layers than fit scroll vertically.
"""

from __future__ import annotations

import html
import time
from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QSplitter, QWidget

from playground.gui import looks
from playground.gui.background import Job, background
from playground.gui.i18n import current_language, translate_message
from playground.gui.inside.base import InsideView
from playground.gui.inside.canvas import clear_layout, light_plot
from playground.gui.inside.gradient_chart import GradientNormChart
from playground.gui.inside.state import ViewContext, one_torch_thread
from playground.gui.numbers import localized

if TYPE_CHECKING:
    from playground.core.inspect.health import HealthReport, Histogram, Indicator

HEALTH_SAMPLES = 32
# While a run trains, the check competes with it for the processor: it measures on fewer
# samples, only the states that end an epoch, and at most once per interval.
RUN_SAMPLES = 16
RUN_INTERVAL_S = 5.0
PLOT_MIN_HEIGHT = 120  # pixels: a histogram whose bars can be told apart and pointed at
ROW_HEIGHT = PLOT_MIN_HEIGHT + 36  # with its value axis and the spacing between rows
VERDICTS_MIN_HEIGHT = 40  # pixels: two lines of verdicts over the gradient chart, then a scroll
INDICATORS_WIDTH = 360  # pixels: the verdicts' column, each verdict in two or three lines
COLOURS = {"weights": (31, 119, 180), "activations": (44, 160, 44), "gradients": (214, 39, 40)}


class HealthView(InsideView):
    """Three histograms per layer and the plain-language indicators above them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("healthView", self.tr("Layer health"), parent)
        self.indicators = QLabel(objectName="healthIndicators", wordWrap=True)
        self.indicators.setAccessibleName(self.tr("Health indicators"))
        self.indicators.setTextFormat(Qt.TextFormat.RichText)
        self.indicators.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        verdicts = QScrollArea(objectName="healthIndicatorsScroll", widgetResizable=True)
        verdicts.setAccessibleName(self.tr("Health indicators"))
        verdicts.setWidget(self.indicators)
        verdicts.setFrameShape(QScrollArea.Shape.NoFrame)
        verdicts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # it wraps
        verdicts.setMinimumHeight(VERDICTS_MIN_HEIGHT)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground("w")
        self.graphics.setObjectName("healthGraphics")
        self._name_graphics()
        self.graphics.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll = QScrollArea(objectName="healthScroll", widgetResizable=True)
        scroll.setAccessibleName(self.tr("Histograms of each layer"))
        scroll.setWidget(self.graphics)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.readout = QLabel(objectName="healthReadout")
        self.readout.setAccessibleName(self.tr("The histogram bar under the mouse"))
        self.graphics.scene().sigMouseMoved.connect(self._mouse_moved)
        self.gradient_chart = GradientNormChart()
        left = QSplitter(Qt.Orientation.Vertical, objectName="healthLeftSplitter")
        left.addWidget(verdicts)
        left.addWidget(self.gradient_chart)
        left.setChildrenCollapsible(False)
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Horizontal, objectName="healthSplitter")
        split.addWidget(left)
        split.addWidget(scroll)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([INDICATORS_WIDTH, 3 * INDICATORS_WIDTH])
        split.setChildrenCollapsible(False)
        self.body.addWidget(split, 1)
        self.body.addWidget(self.readout)
        self.report: HealthReport | None = None
        self.indicator_lines: list[str] = []
        self.curves: dict[tuple[int, str], pg.PlotDataItem] = {}
        self.views: dict[tuple[int, str], pg.ViewBox] = {}
        self.row_names: list[str] = []
        self._layout_key: tuple[str, ...] | None = None
        self._pending_context: ViewContext | None = None
        self._last_measured = -RUN_INTERVAL_S
        self._samples = 0  # test samples the pending or shown measurement uses

    def _name_graphics(self) -> None:
        self.graphics.setAccessibleName(
            self.tr("{0}: the pictures").format(self.tr("Histograms of each layer")))

    def retranslate(self) -> None:
        """After a change of language: the histograms' composed name (the pane draws the
        verdicts and notes again)."""
        self._name_graphics()
        self.gradient_chart.retranslate()

    # -- drawing ---------------------------------------------------------------------------------
    def draw(self, context: ViewContext) -> bool | None:
        state, data = context.state, context.data
        if state is None:
            self._clear(context.message)
            return None
        if data is None or len(data.test_x) == 0:
            self._clear(context.data_message or self.tr("No test samples to measure with."))
            return None
        now = time.monotonic()
        if context.running and (not state.snapshot.epoch_end
                                or now - self._last_measured < RUN_INTERVAL_S):
            return False  # a later state is measured (and this one once the run pauses)
        self._last_measured = now
        spec, tensors = state.spec, state.snapshot.state
        count = RUN_SAMPLES if context.running else HEALTH_SAMPLES
        x, y = data.test_x[:count], data.test_y[:count]
        loss = context.config.loss if context.config is not None else None
        regression = data.info.task == "regression"

        def measure(_job: Job) -> HealthReport:
            from playground.core.inspect.health import layer_health
            from playground.core.network.build import model_from_weights
            from playground.core.training.objective import Objective

            model = model_from_weights(spec, tensors or {})
            try:
                objective = Objective(loss, model.output_activation, spec.num_classes,
                                      regression) if loss else None
            except Exception:  # a loss that does not fit this network: use the usual one
                objective = None
            with one_torch_thread():
                return layer_health(model, x, y, objective=objective, max_samples=len(x))

        self._pending_context, self._samples = context, len(x)
        self.show_note(self.tr("{0}: measuring on {1} test samples…").format(state.label,
                                                                             len(x)))
        background().submit(measure, owner=self, key="health", name="inside-health",
                            on_result=self._measured, on_error=self._failed)
        return None

    def _failed(self, error: BaseException) -> None:
        if self._pending_context is not None and self._pending_context.state is not None:
            self._clear(self.tr("The health check failed: {0}").format(error))

    def _measured(self, report: HealthReport) -> None:
        context = self._pending_context
        if context is None or context.state is None:
            return
        self.report = report
        names = [f"{h.layer_index + 1} {h.layer_type}" for h in report.layers]
        self._ensure_rows(names)
        self.gradient_chart.show_norms(
            [(name, h.gradient_norm) for name, h in zip(names, report.layers, strict=True)])
        for row, h in enumerate(report.layers):
            for kind in COLOURS:
                self._show_histogram(self.curves.get((row, kind)), getattr(h, kind))
        self._show_indicators(report, context)
        self.show_note(self.tr(
            "{0}, measured on {1} test samples: blue weights, green activations (outputs), red "
            "gradients of the loss.").format(context.state.label, self._samples))

    def _clear(self, message: str) -> None:
        background().cancel(owner=self, key="health")
        self.report = None
        self.indicator_lines = []
        self.indicators.setText("")
        self.gradient_chart.clear()
        self.show_note(message)

    def _ensure_rows(self, names: list[str]) -> None:
        key = tuple(names)
        if key == self._layout_key:
            return
        self._layout_key = key
        clear_layout(self.graphics)
        self.curves.clear()
        self.views.clear()
        self.row_names = list(names)
        self.readout.setText("")
        layout = self.graphics.ci
        titles = (self.tr("weights"), self.tr("activations"), self.tr("gradients"))
        for col, title in enumerate(titles, start=1):
            layout.addLabel(title, row=0, col=col, color=looks.current().plot_foreground)
        for index, name in enumerate(names):
            layout.addLabel(name, row=index + 1, col=0, color=looks.current().plot_foreground,
                            angle=0)
            for col, kind in enumerate(COLOURS, start=1):
                view, _axis = light_plot(layout, index + 1, col)
                colour = COLOURS[kind]
                curve = pg.PlotDataItem(stepMode="center", fillLevel=0,
                                        brush=(*colour, 110), pen=pg.mkPen(colour))
                view.addItem(curve)
                self.curves[(index, kind)] = curve
                self.views[(index, kind)] = view
        self.graphics.setMinimumHeight(ROW_HEIGHT * len(names) + 24)

    def describe_bar(self, row: int, kind: str, x: float) -> str:
        """The bar of ``kind`` in layer row ``row`` at value ``x``, in words ("" if none)."""
        if self.report is None or not 0 <= row < len(self.report.layers):
            return ""
        hist = getattr(self.report.layers[row], kind)
        if hist is None or not len(hist.counts) or not hist.edges[0] <= x <= hist.edges[-1]:
            return ""
        i = min(int(np.searchsorted(hist.edges, x, side="right")) - 1, len(hist.counts) - 1)
        names = {"weights": self.tr("weights"), "activations": self.tr("activations"),
                 "gradients": self.tr("gradients")}
        return localized(self.tr("Layer {0}, {1}: {2:,} values from {3:.3g} to {4:.3g}"),
                         self.row_names[row], names[kind], int(hist.counts[i]),
                         float(hist.edges[i]), float(hist.edges[i + 1]))

    def _mouse_moved(self, position: Any) -> None:
        for (row, kind), view in self.views.items():
            if view.sceneBoundingRect().contains(position):
                x = view.mapSceneToView(position).x()
                self.readout.setText(self.describe_bar(row, kind, x))
                return
        self.readout.setText("")

    @staticmethod
    def _show_histogram(curve: pg.PlotDataItem | None, hist: Histogram | None) -> None:
        if curve is None:
            return
        if hist is None:
            curve.setData([], [])
            return
        curve.setData(hist.edges, hist.counts.astype(float))

    def _show_indicators(self, report: HealthReport, context: ViewContext) -> None:
        from playground.core.inspect.health import overfitting

        found: list[Indicator] = list(report.indicators)
        history = context.history
        over = overfitting({"epoch": [r.epoch for r in history],
                            "train_loss": [r.train_loss for r in history],
                            "val_loss": [r.val_loss for r in history]})
        if over is not None:
            found.append(over)
        lines = [("⚠ " if i.active else "✓ ") + _verdict(i, context.language) for i in found]
        if over is None:
            lines.append("· " + self.tr("Overfitting is judged from the validation loss after "
                                         "two epochs or more."))
        self.indicator_lines = lines
        self.look_changed(looks.current())

    def look_changed(self, look: looks.Look) -> None:
        """The verdicts, warnings in the look's warning colour."""
        rows = "".join(
            f"<div style='color:{look.warning if line.startswith('⚠') else look.text}'>"
            f"{html.escape(line)}</div>" for line in self.indicator_lines)
        self.indicators.setText(rows)


def _verdict(indicator: Indicator, language: str) -> str:
    """An indicator's sentence in the pane's language, numbers as the interface writes them
    (the pane's language is the interface's, except in a test that builds a pane in another)."""
    if language == current_language():
        return translate_message(indicator.text)
    return indicator.text.render(language)
