"""What a finished run learned, on test images it never saw: the answer to "how good is it?".

On the left, the two numbers a class remembers (test accuracy, test loss), large enough for a
projector. Beside them where the network is good or bad: the confusion matrix, whose cells open
the test images behind them ("true 4, predicted 9: 12 images"), and in tabs every mistake as a
thumbnail with what the network said and what was right, and per class a table of precision,
recall and F1 (which class it misses most) beside the accuracy of each class as bars. The
pane opens on the most frequent confusion, so the interesting cell is already shown before
anyone clicks.

Docked under the editor the pane is wide and short, hence the numbers in a column rather than a
row above the matrix. The matrix keeps rows tall enough to read its counts; a pane shorter than
that scrolls vertically instead of squashing them.

A regression has no classes: only the loss is shown. Data that is not pictures (2D toy points)
keeps the numbers and the matrix, and the galleries say why they are empty. The pane draws only
:class:`~playground.gui.training.results_data.ResultsData`, plain data built in the worker.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from playground.gui import looks
from playground.gui.numbers import localized, number
from playground.gui.training.class_quality_table import ClassQualityTable
from playground.gui.training.confusion_view import MAX_LABELLED_CLASSES, ConfusionView, set_ticks
from playground.gui.training.curves_pane import TRAIN_COLOUR, VAL_COLOUR
from playground.gui.training.gallery import MAX_THUMBNAILS, Gallery
from playground.gui.training.results_data import ResultsData

HEADLINE_WIDTH = 190  # pixels: "100.0%" at 26 pt, and the summary in three or four lines


class _ScrolledBody(QWidget):
    """The pane's content in its scroll area: as tall as the dock, or its minimum if taller.

    Its wrapped labels give it a height-for-width, which a scroll area takes as the height to
    give it: the preferred height of everything in it, far more than the matrix needs. Only
    the minimum (readable rows) should make the pane scroll.
    """

    def heightForWidth(self, width: int) -> int:
        return self.minimumSizeHint().height()


class ResultsPane(QWidget):
    """Test accuracy and loss, per-class accuracy, a clickable confusion matrix and galleries."""

    cellSelected = Signal(int, int)  # true class, predicted class

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsPane")
        self.setAccessibleName(self.tr("Test results"))
        self.data: ResultsData | None = None
        self.selected: tuple[int, int] | None = None
        self.interrupted_after: int | None = None  # epochs of a restored interrupted run

        self.accuracy_label = self._headline("testAccuracyLabel", self.tr("Test accuracy"))
        self.loss_label = self._headline("testLossLabel", self.tr("Test loss"))
        self.summary_label = QLabel(objectName="resultsSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName(self.tr("Test set summary"))
        export_png = QPushButton(self.tr("PNG…"), objectName="exportResultsPng")
        export_png.setAccessibleName(self.tr("Export the results as a picture"))
        export_png.setToolTip(self.tr("Save this pane as a PNG picture"))
        export_png.clicked.connect(self._ask_png)
        headline = QWidget(objectName="resultsHeadline")
        headline.setFixedWidth(HEADLINE_WIDTH)
        column = QVBoxLayout(headline)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.accuracy_label)
        column.addSpacing(6)
        column.addWidget(self.loss_label)
        column.addSpacing(6)
        column.addWidget(self.summary_label)
        column.addStretch(1)
        column.addWidget(export_png, 0, Qt.AlignmentFlag.AlignLeft)

        self.confusion_view = ConfusionView(readable=True)  # the pane scrolls, never squashes
        self.confusion_view.cellClicked.connect(self.select_cell)
        self.class_plot = pg.PlotWidget(background="w")
        self.class_plot.setObjectName("perClassPlot")  # PlotWidget passes keywords to its plot
        self.class_plot.setAccessibleName(self.tr("Accuracy per class"))
        plot = self.class_plot.getPlotItem()
        plot.setTitle(self.tr("Accuracy per class"), color=looks.current().plot_foreground,
                      size="11pt")
        plot.setLabel("bottom", self.tr("test accuracy (%)"), color=looks.current().plot_foreground)
        plot.invertY(True)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.showGrid(x=True, alpha=0.25)
        for name in ("left", "bottom"):
            plot.getAxis(name).setTextPen(looks.current().plot_foreground)
            plot.getAxis(name).setPen(looks.current().plot_axis)
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.7, width=[], brush=TRAIN_COLOUR)
        plot.addItem(self.bars)
        self.overall_line = pg.InfiniteLine(
            angle=90, movable=False, pen=pg.mkPen(VAL_COLOUR, width=2, style=Qt.PenStyle.DashLine))
        plot.addItem(self.overall_line, ignoreBounds=True)
        self.bar_texts: list[pg.TextItem] = []

        self.misclassified_gallery = Gallery("misclassifiedGallery", self.tr("Misclassified"))
        self.cell_gallery = Gallery("cellGallery", self.tr("Images of the selected cell"))
        self.tabs = QTabWidget(objectName="resultsGalleries")
        self.tabs.setAccessibleName(self.tr("Test image galleries"))
        self.tabs.tabBar().setAccessibleName(self.tr("Test image galleries"))
        self.tabs.addTab(self.misclassified_gallery, self.tr("Misclassified"))
        self.class_table = ClassQualityTable()  # precision, recall, F1 beside the bars
        self.per_class = per_class = QSplitter(Qt.Orientation.Horizontal,
                                               objectName="perClassSplitter")
        per_class.addWidget(self.class_table)
        per_class.addWidget(self.class_plot)
        per_class.setChildrenCollapsible(False)
        per_class.setStretchFactor(1, 1)  # the table keeps its columns' width, the bars the rest
        self.tabs.addTab(per_class, self.tr("Per class"))
        self.tabs.addTab(self.cell_gallery, self.tr("Selected cell"))

        # The matrix, as large as the height allows; beside it, in tabs (a pane docked under the
        # editor is too short to stack them), what it explains.
        self.details = QSplitter(Qt.Orientation.Horizontal, objectName="resultsSplitter")
        self.details.addWidget(self.confusion_view)
        self.details.addWidget(self.tabs)
        self.details.setStretchFactor(0, 4)
        self.details.setStretchFactor(1, 5)
        self.details.setSizes([440, 550])
        self.details.setChildrenCollapsible(False)  # the matrix keeps its readable minimum
        self.tabs.setMinimumHeight(190)  # one full row of captioned thumbnails
        self.note = QLabel(objectName="resultsNote")
        self.note.setWordWrap(True)
        self.note.setAccessibleName(self.tr("Note about these results"))

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.note)
        right.addWidget(self.details, 1)
        self.body = _ScrolledBody(objectName="resultsBody")
        row = QHBoxLayout(self.body)
        row.setContentsMargins(6, 6, 6, 6)
        row.addWidget(headline)
        row.addSpacing(8)
        row.addLayout(right, 1)
        self.scroll = QScrollArea(objectName="resultsScroll", widgetResizable=True)
        self.scroll.setAccessibleName(self.tr("Test results"))
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        self.clear()

    def _headline(self, name: str, caption: str) -> QLabel:
        label = QLabel(objectName=name)
        label.setAccessibleName(caption)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)  # a long caption (in Spanish) stays in the column
        label.setProperty("caption", caption)
        return label

    @staticmethod
    def _set_headline(label: QLabel, value: str) -> None:
        label.setProperty("value", value)
        label.setText(
            f"<div style='font-size:26pt; font-weight:600; color:{looks.current().link}'>"
            f"{value}</div>"
            f"<div style='color:{looks.current().muted}'>{label.property('caption')}</div>"
        )
        label.setAccessibleDescription(f"{label.property('caption')}: {value}")

    def _label_overall(self, overall: float) -> None:
        """The per-class plot's axis title, naming the dashed overall line in its colour."""
        dashed = looks.family_text(QColor(*VAL_COLOUR)).name()
        self.class_plot.getPlotItem().setLabel(
            "bottom", localized(self.tr("test accuracy (%) · <span style='color:"
                                        "{1}'>dashed: overall {0:.1%}</span>"), overall, dashed),
            color=looks.current().plot_foreground)

    def retranslate(self) -> None:
        """After a change of language: the headlines' captions and everything composed from the
        shown results (numbers in the new locale), with the chosen cell and tab kept."""
        self.accuracy_label.setProperty("caption", self.tr("Test accuracy"))
        self.loss_label.setProperty("caption", self.tr("Test loss"))
        data, selected, tab = self.data, self.selected, self.tabs.currentIndex()
        if data is not None:
            self.show_results(data)
            if selected is not None:
                self.select_cell(*selected, switch_tab=False)
            self.tabs.setCurrentIndex(tab)
        elif self.interrupted_after is not None:
            self.show_interrupted(self.interrupted_after)
        else:
            self.clear()

    def look_changed(self, _look: looks.Look) -> None:
        """Texts that carry colours of their own are written again in the new look's."""
        for label in (self.accuracy_label, self.loss_label):
            if label.property("value") is not None:
                self._set_headline(label, label.property("value"))
        if self.data is not None and self.data.test_accuracy is not None:
            self._label_overall(self.data.test_accuracy)

    # -- content -------------------------------------------------------------------------------
    def clear(self) -> None:
        """Back to the empty state, before any run has finished."""
        self.data = None
        self.selected = None
        self.interrupted_after = None
        self._set_headline(self.accuracy_label, "–")
        self._set_headline(self.loss_label, "–")
        self.summary_label.setText(self.tr("Train a network to see how it does on test images "
                                           "it has never seen."))
        self.note.hide()
        self.details.hide()

    def show_interrupted(self, epochs: int) -> None:
        """Why a restored run has no test results: the app closed before the run ended."""
        self.clear()
        self.interrupted_after = epochs
        self.summary_label.setText(self.tr(
            "The last run was interrupted after epoch {0}: the app closed before it ended, so "
            "it was never tested. Its curves and weights up to then were restored; train again "
            "to go on from them.").format(number(epochs, "d")))

    def show_results(self, data: ResultsData) -> None:
        """Show a finished run's test results."""
        self.data = data
        self.selected = None
        self.interrupted_after = None
        self._set_headline(self.loss_label, number(data.test_loss, ".4g"))
        if not data.is_classification:
            self.accuracy_label.hide()
            self.summary_label.setText("")
            self.note.setText(self.tr(
                "This network predicts numbers rather than classes, so there is no accuracy or "
                "confusion matrix: the test loss says how far its predictions are from the "
                "right values (lower is better)."))
            self.note.show()
            self.details.hide()
            return
        self.accuracy_label.show()
        self._set_headline(self.accuracy_label, number(data.test_accuracy, ".1%"))
        wrong = data.misclassified()
        self.summary_label.setText(self.tr(
            "{0} test samples, never seen in training · {1} right · {2} wrong"
        ).format(number(data.samples, ","), number(data.samples - len(wrong), ","),
                 number(len(wrong), ",")))
        self.note.setVisible(data.images is None)
        self.note.setText(self.tr("The inputs of this dataset are not pictures, so the galleries "
                                  "list no images; the counts are still right."))
        self.details.show()
        self.confusion_view.set_matrix(data.confusion, data.class_names)
        self._draw_bars(data)
        if data.quality is not None:
            self.class_table.show_quality(data.quality)
        self._fill_misclassified(data, wrong)
        self.tabs.setTabText(0, self.tr("Misclassified ({0})").format(number(len(wrong), ",")))
        self.tabs.setCurrentIndex(0)
        cell = self.most_common_confusion()
        if cell is not None:
            self.select_cell(*cell, switch_tab=False)
        else:
            self.cell_gallery.show_samples(
                self.tr("Click a cell of the confusion matrix to see its test images."),
                data.images, np.zeros(0, np.int64),
                empty_message=self.tr("No cell selected."))
            self.confusion_view.select(-1, -1)

    def most_common_confusion(self) -> tuple[int, int] | None:
        """The (true, predicted) pair of the most frequent mistake, if there is one."""
        if self.data is None or not self.data.is_classification:
            return None
        off = self.data.confusion.copy()
        np.fill_diagonal(off, 0)
        if off.max(initial=0) == 0:
            return None
        t, p = np.unravel_index(int(np.argmax(off)), off.shape)
        return int(t), int(p)

    def select_cell(self, true_class: int, predicted: int, switch_tab: bool = True) -> None:
        """Show the test images of one confusion cell (what a click on the cell does)."""
        data = self.data
        if data is None or not data.is_classification:
            return
        k = data.num_classes
        if not (0 <= true_class < k and 0 <= predicted < k):
            return
        self.selected = (true_class, predicted)
        self.confusion_view.select(true_class, predicted)
        indices = data.cell_indices(true_class, predicted)
        t_name, p_name = data.class_name(true_class), data.class_name(predicted)
        n = len(indices)
        caption = self.tr("true: {0}, predicted: {1} — {2} images").format(t_name, p_name, n)
        if n > MAX_THUMBNAILS:
            caption += self.tr(" (showing the first {0})").format(MAX_THUMBNAILS)
        tooltips = [self.tr("test image #{0}").format(int(i)) for i in indices[:MAX_THUMBNAILS]]
        self.cell_gallery.show_samples(
            caption, data.images, indices, tooltips=tooltips,
            empty_message=self.tr("No test image is a true {0} predicted as {1}.").format(
                t_name, p_name),
            no_images_message=self.tr("{0} samples, but they are not pictures.").format(n),
        )
        title = self.tr("True {0} → predicted {1}").format(t_name, p_name)
        self.tabs.setTabText(self.tabs.indexOf(self.cell_gallery), title)
        if switch_tab:
            self.tabs.setCurrentWidget(self.cell_gallery)
        self.cellSelected.emit(true_class, predicted)

    def _fill_misclassified(self, data: ResultsData, wrong: np.ndarray) -> None:
        shown = wrong[:MAX_THUMBNAILS]
        captions = [
            (self.tr("said {0}").format(data.class_name(int(data.predictions[i]))),
             self.tr("true {0}").format(data.class_name(int(data.labels[i]))))
            for i in shown
        ]
        tooltips = [
            self.tr("test image #{0}: true {1}, predicted {2}").format(
                int(i), data.class_name(int(data.labels[i])),
                data.class_name(int(data.predictions[i])))
            for i in shown
        ]
        caption = self.tr("{0} of {1} test samples are wrong: the network said the red label, "
                          "the grey one is right.").format(number(len(wrong), ","),
                                                           number(data.samples, ","))
        if len(wrong) > MAX_THUMBNAILS:
            caption += self.tr(" Showing the first {0}.").format(MAX_THUMBNAILS)
        self.misclassified_gallery.show_samples(
            caption, data.images, wrong, captions, tooltips,
            empty_message=self.tr("No mistakes: every test sample was classified correctly."),
            no_images_message=self.tr("The mistakes are not pictures, so there is nothing to "
                                      "show here."),
        )

    def _draw_bars(self, data: ResultsData) -> None:
        plot = self.class_plot.getPlotItem()
        for item in self.bar_texts:
            plot.removeItem(item)
        self.bar_texts.clear()
        k = len(data.per_class_accuracy)
        values = np.asarray(data.per_class_accuracy, dtype=float) * 100
        self.bars.setOpts(x0=np.zeros(k), y=np.arange(k), height=0.7, width=values)
        step = max(1, k // 20)
        set_ticks(plot.getAxis("left"), [(i, data.class_name(i)) for i in range(0, k, step)])
        overall = data.test_accuracy or 0.0
        self.overall_line.setPos(overall * 100)
        self._label_overall(overall)
        if k <= MAX_LABELLED_CLASSES:
            font = QFont()
            font.setPointSizeF(9)
            for i, value in enumerate(values):
                text = pg.TextItem(f"{value:.0f}%", color=looks.current().plot_foreground,
                                   anchor=(0, 0.5))
                text.setFont(font)
                text.setPos(value + 1, i)
                plot.addItem(text)
                self.bar_texts.append(text)
        plot.setXRange(0, 112, padding=0)
        plot.setYRange(-0.6, k - 0.4, padding=0)

    # -- export --------------------------------------------------------------------------------
    def export_png(self, path: str | Path) -> bool:
        """The whole pane, also what a short dock has scrolled out of sight."""
        return self.body.grab().save(str(path), "PNG")

    def _ask_png(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export results"), "results.png",
                                              "PNG (*.png)")
        if path:
            self.export_png(path)
