"""Live learning curves: loss per batch (raw and smoothed) and per epoch, accuracy per epoch.

The pane only appends incoming numbers to bounded buffers; a timer redraws at most twice a
second and only when something changed, so a fast run cannot flood the GUI thread. A crosshair
reads out exact values under the mouse; the loss axis can switch to a log scale; the curves
export as PNG and CSV.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from playground.gui.numbers import localized, number
from playground.gui.training.curves import BoundedCurve, EpochCurves, smoothing_for

# Curves redraw at most twice a second: enough to watch a loss fall, and every redraw runs
# Python on the GUI thread, which the training thread must wait for (it needs the same
# interpreter lock). Measured on mlp-mnist, 10 epochs: redraws at 8 Hz cost the run 8% of its
# throughput, at 2 Hz the whole window costs under 5%.
REDRAW_MS = 500
TRAIN_COLOUR = (31, 119, 180)
VAL_COLOUR = (255, 127, 14)
# Each batch's loss: paler than the smoothed line, still 3:1 on white and on the dark plots.
RAW_COLOUR = (100, 145, 195)


class CurvesPane(QWidget):
    """Two linked plots (loss, accuracy) fed by ``add_batches`` and ``add_epoch``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("curvesPane")
        self.batch_loss = BoundedCurve()
        self.epochs = EpochCurves()
        self.batches_per_epoch = 1
        self._drawn: tuple[int, int] = (-1, -1)
        self._markers: list[pg.InfiniteLine] = []
        self._loss_top = 0.0

        self.loss_plot = pg.PlotWidget()
        self.loss_plot.setObjectName("lossPlot")
        self.loss_plot.setAccessibleName(self.tr("Loss curves"))
        self.acc_plot = pg.PlotWidget()
        self.acc_plot.setObjectName("accuracyPlot")
        self.acc_plot.setAccessibleName(self.tr("Accuracy curves"))
        # Legends sit in the corner the curves usually leave empty: a loss falls from the top
        # left, so top right; an accuracy climbs towards the top right, so bottom right.
        for plot, label, corner in ((self.loss_plot, self.tr("loss"), (-10, 10)),
                                    (self.acc_plot, self.tr("accuracy"), (-10, -10))):
            plot.setBackground("w")
            plot.showGrid(x=True, y=True, alpha=0.25)
            plot.setLabel("left", label)
            plot.setLabel("bottom", self.tr("epoch"))
            plot.addLegend(offset=corner)
            for axis in ("left", "bottom"):
                plot.getAxis(axis).enableAutoSIPrefix(False)
                # The axes also draw the grid across the plot, so every curve update repainted
                # them (ticks, labels, grid: most of a redraw's time). Cached as a pixmap, they
                # are only re-rendered when their range changes.
                plot.getAxis(axis).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.acc_plot.setXLink(self.loss_plot)
        self.acc_plot.setYRange(0, 1)

        lp = self.loss_plot.getPlotItem()
        lp.setClipToView(True)
        lp.setDownsampling(auto=True, mode="peak")
        self.raw_item = lp.plot(pen=pg.mkPen(RAW_COLOUR, width=1), name=self.tr("batch"))
        self.smooth_item = lp.plot(pen=pg.mkPen(TRAIN_COLOUR, width=2.5), name=self.tr("smoothed"))
        self.train_epoch_item = lp.plot(
            pen=None, symbol="o", symbolBrush=TRAIN_COLOUR, symbolSize=8, name=self.tr("train")
        )
        self.val_epoch_item = lp.plot(
            pen=pg.mkPen(VAL_COLOUR, width=2), symbol="s", symbolBrush=VAL_COLOUR,
            symbolSize=8, name=self.tr("validation"),
        )
        ap = self.acc_plot.getPlotItem()
        self.train_acc_item = ap.plot(pen=pg.mkPen(TRAIN_COLOUR, width=2), symbol="o",
                                      symbolBrush=TRAIN_COLOUR, name=self.tr("train"))
        self.val_acc_item = ap.plot(pen=pg.mkPen(VAL_COLOUR, width=2), symbol="s",
                                    symbolBrush=VAL_COLOUR, name=self.tr("validation"))

        self._crosshair = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen((120, 120, 120)))
        self.loss_plot.addItem(self._crosshair, ignoreBounds=True)
        self.readout = QLabel(objectName="curvesReadout")
        self.readout.setAccessibleName(self.tr("Value under the mouse"))
        self.loss_plot.scene().sigMouseMoved.connect(self._mouse_moved)

        self.log_scale = QCheckBox(self.tr("Log scale"), objectName="logScaleCheck")
        self.log_scale.setAccessibleName(self.tr("Log scale for the loss"))
        self.log_scale.setToolTip(self.tr("Show the loss on a logarithmic axis"))
        self.log_scale.toggled.connect(self._set_log_scale)
        export_png = QPushButton(self.tr("PNG…"), objectName="exportCurvesPng")
        export_png.setAccessibleName(self.tr("Export the curves as a picture"))
        export_csv = QPushButton(self.tr("CSV…"), objectName="exportCurvesCsv")
        export_csv.setAccessibleName(self.tr("Export the curves as a table"))
        export_png.clicked.connect(self._ask_png)
        export_csv.clicked.connect(self._ask_csv)

        bar = QHBoxLayout()
        bar.addWidget(self.readout, 1)
        bar.addWidget(self.log_scale)
        bar.addWidget(export_png)
        bar.addWidget(export_csv)
        plots = QHBoxLayout()
        plots.addWidget(self.loss_plot, 3)
        plots.addWidget(self.acc_plot, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(plots, 1)
        layout.addLayout(bar)

        self._timer = QTimer(self, interval=REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        self._timer.start()

    # -- feeding ------------------------------------------------------------------------------
    def reset(self, batches_per_epoch: int = 1, epochs: int | None = None) -> None:
        """Empty the curves for a new run of ``epochs`` epochs (``None``: not known yet).

        A run's x axis spans all its epochs from the start and the loss axis starts at zero and
        only grows: the axes stay still while the run goes on, so a redraw repaints the curves
        alone (regenerating the axes' ticks cost more than the curves themselves).
        """
        self.batch_loss.clear()
        self.epochs.clear()
        self.batches_per_epoch = max(1, batches_per_epoch)
        self.batch_loss.smoothing = smoothing_for(self.batches_per_epoch)
        self._loss_top = 0.0
        plot = self.loss_plot.getPlotItem()
        if epochs:
            plot.enableAutoRange(x=False)
            plot.setXRange(0, epochs, padding=0.02)
        else:  # no run: the last run's axes must not stay (auto range keeps them when empty)
            plot.setXRange(0, 1, padding=0.02)
            plot.setYRange(0, 1, padding=0.02)
            plot.enableAutoRange(x=True)
        plot.enableAutoRange(y=True)
        for marker in self._markers:
            self.loss_plot.removeItem(marker)
        self._markers.clear()
        self.redraw()

    def add_batches(self, losses: np.ndarray) -> None:
        self.batch_loss.extend(losses)

    def add_epoch(self, epoch: int, train_loss: float, val_loss: float | None,
                  train_accuracy: float | None, val_accuracy: float | None) -> None:
        self.epochs.add(epoch, train_loss=train_loss, val_loss=val_loss,
                        train_accuracy=train_accuracy, val_accuracy=val_accuracy)

    def show_run(self, batch_losses: np.ndarray, batches_done: float, epochs: dict[str, list],
                 planned_epochs: int | None = None) -> None:
        """Draw a run from its history record (a restored run the app did not see end).

        A record keeps at most a couple of thousand batch losses (a long run's are averaged in
        groups), so each stored value stands for ``batches_done / len(batch_losses)`` batches;
        the x axis stays in epochs either way.
        """
        losses = np.asarray(batch_losses, dtype=float)
        per_epoch = max(1.0, len(losses) / batches_done) if batches_done > 0 else 1.0
        self.reset(max(1, round(per_epoch)), planned_epochs)
        self.batches_per_epoch = per_epoch  # type: ignore[assignment]  # a fraction is fine here
        self.batch_loss.extend(losses[np.isfinite(losses)])
        for i, epoch in enumerate(epochs.get("epoch") or []):
            def value(key: str, i: int = i) -> float | None:
                values = epochs.get(key) or []
                return values[i] if i < len(values) else None

            self.add_epoch(epoch, value("train_loss"), value("val_loss"),
                           value("train_accuracy"), value("val_accuracy"))
        self.redraw()

    def mark_failure(self, label: str) -> None:
        """A red line where the run broke down, labelled with what happened."""
        x = self.batch_loss.steps / self.batches_per_epoch
        line = pg.InfiniteLine(pos=x, angle=90, pen=pg.mkPen((214, 39, 40), width=2),
                               label=label, labelOpts={"color": (214, 39, 40), "position": 0.9})
        self.loss_plot.addItem(line)
        self._markers.append(line)

    # -- drawing -------------------------------------------------------------------------------
    def redraw(self) -> None:
        """Push changed data to the plots; an unchanged plot is not touched (nor repainted)."""
        batch_version, epoch_version = self.batch_loss.version, self.epochs.version
        if batch_version != self._drawn[0]:
            x = self.batch_loss.x / self.batches_per_epoch
            # The buffers hold only finite values: pyqtgraph need not check them again.
            self.raw_item.setData(x, self.batch_loss.y, skipFiniteCheck=True)
            self.smooth_item.setData(x, self.batch_loss.smoothed, skipFiniteCheck=True)
            self._keep_loss_axis_still()
        if epoch_version != self._drawn[1]:
            e = np.asarray(self.epochs.epochs, dtype=float)
            v = self.epochs.values
            for item, key in ((self.train_epoch_item, "train_loss"),
                              (self.val_epoch_item, "val_loss"),
                              (self.train_acc_item, "train_accuracy"),
                              (self.val_acc_item, "val_accuracy")):
                values = np.asarray(v[key], dtype=float)
                keep = np.isfinite(values)
                item.setData(e[keep], values[keep])
        self._drawn = (batch_version, epoch_version)

    def _set_log_scale(self, on: bool) -> None:
        self.loss_plot.setLogMode(y=on)
        self._loss_top = 0.0
        if on:
            self.loss_plot.getPlotItem().enableAutoRange(y=True)
        else:
            self._keep_loss_axis_still()

    def _keep_loss_axis_still(self) -> None:
        """Loss axis from 0 to a little above the highest loss so far, changed only when a loss
        goes above it (a log scale keeps Qt's automatic range)."""
        if self.log_scale.isChecked() or not len(self.batch_loss):
            return
        high = float(np.max(self.batch_loss.y))
        if high > self._loss_top or high < self._loss_top / 4:
            self._loss_top = high * 1.1
            plot = self.loss_plot.getPlotItem()
            plot.enableAutoRange(y=False)
            plot.setYRange(0, self._loss_top, padding=0)

    def _mouse_moved(self, pos: QPointF) -> None:
        vb = self.loss_plot.getPlotItem().vb
        if not self.loss_plot.sceneBoundingRect().contains(pos):
            return
        x = vb.mapSceneToView(pos).x()
        self._crosshair.setPos(x)
        self.readout.setText(self.describe_at(x))

    def retranslate(self) -> None:
        """After a change of language: the read-out of the values under the crosshair (the
        plots' titles, axes and legends are whole catalogue texts, replaced already)."""
        if self.readout.text():
            self.readout.setText(self.describe_at(self._crosshair.value()))

    def curve_names(self) -> dict[str, str]:
        """The epoch curves' names in the reader's language, for the hover read-out."""
        return {"train_loss": self.tr("train loss"), "val_loss": self.tr("validation loss"),
                "train_accuracy": self.tr("train accuracy"),
                "val_accuracy": self.tr("validation accuracy")}

    def describe_at(self, x: float) -> str:
        """The exact values nearest to epoch position ``x``, as one line of text."""
        parts = [localized(self.tr("epoch {0:.2f}"), x)]
        xs = self.batch_loss.x / self.batches_per_epoch
        if len(xs):
            i = int(np.clip(np.searchsorted(xs, x), 0, len(xs) - 1))
            parts.append(localized(self.tr("batch loss {0:.4f} (smoothed {1:.4f})"),
                                   self.batch_loss.y[i], self.batch_loss.smoothed[i]))
        if self.epochs.epochs:
            i = int(np.argmin(np.abs(np.asarray(self.epochs.epochs) - x)))
            values = {k: self.epochs.values[k][i] for k in EpochCurves.KEYS}
            names = self.curve_names()
            shown = [f"{names[k]} {number(values[k], '.4f')}" for k in EpochCurves.KEYS
                     if np.isfinite(values[k])]
            parts.append(self.tr("epoch {0}: ").format(self.epochs.epochs[i]) + ", ".join(shown))
        return " · ".join(parts)

    # -- export --------------------------------------------------------------------------------
    def export_png(self, path: str | Path) -> bool:
        return self.grab().save(str(path), "PNG")

    def export_csv(self, path: str | Path) -> None:
        from playground.core.files.atomic import atomic_write_bytes

        batch = ["step,batch_loss,smoothed"] + [
            f"{int(s)},{y!r},{m!r}" for s, y, m in
            zip(self.batch_loss.x, self.batch_loss.y, self.batch_loss.smoothed, strict=True)
        ]
        text = self.epochs.to_csv() + "\n" + "\n".join(batch) + "\n"
        atomic_write_bytes(Path(path), text.encode("utf-8"))

    def _ask_png(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export curves"), "curves.png",
                                              "PNG (*.png)")
        if path:
            self.export_png(path)

    def _ask_csv(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from playground.core.errors import PlaygroundError

        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export curves"), "curves.csv",
                                              "CSV (*.csv)")
        if path:
            try:
                self.export_csv(path)
            except PlaygroundError as exc:
                QMessageBox.warning(self, self.tr("Export curves"), str(exc))

    def stop_timer(self) -> None:
        self._timer.stop()

