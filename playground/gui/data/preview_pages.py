"""Preview pages for data that is not pictures: 2D toy points, sentences, sequences, tables.

The toy page regenerates its points on every slider move through the core's own generator
(500 points take well under a millisecond), with the same seed training will use, so the
student sees exactly the points the network will be given. The other pages show a finished
:class:`~playground.gui.data.preview_data.PreviewData`.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QLabel,
    QSlider,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.gui.data.plots import CountBars, PointsView, SequenceView
from playground.gui.data.preview_data import PreviewData
from playground.gui.i18n import current_language, current_locale
from playground.gui.numbers import localized, number

DEFAULT_TOY = {"noise": 0.0, "train_ratio": 0.5, "samples": 500}


def _label(name: str, accessible: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setAccessibleName(accessible)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _table(name: str, accessible: str) -> QTableWidget:
    table = QTableWidget(objectName=name)
    table.setAccessibleName(accessible)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows go through it
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    return table


def _fill(table: QTableWidget, headers: list[str], rows: list[list[str]]) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(headers)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    table.resizeRowsToContents()


class ToyPage(QWidget):
    """Points of a 2D toy set with live noise and training-share sliders."""

    changed = Signal()

    def __init__(self, seed: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = self.tr
        self.seed = seed
        self.name = ""
        self.samples = DEFAULT_TOY["samples"]
        self.points = PointsView("previewToyPoints", tr("The points, coloured by class"))
        self.noise = self._slider("previewNoise", tr("Noise"), 0, 50,
                                  tr("Moves every point at random: classes start to overlap"))
        self.ratio = self._slider("previewTrainRatio", tr("Training share"), 10, 90,
                                  tr("Share of the points used for training; the rest test"))
        self.noise_text = QLabel()
        self.ratio_text = QLabel()
        self.caption = _label("previewToyText", tr("What the points show"))
        form = QFormLayout()
        form.addRow(tr("Noise"), self.noise)
        form.addRow("", self.noise_text)
        form.addRow(tr("Training share"), self.ratio)
        form.addRow("", self.ratio_text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.points, 1)
        layout.addLayout(form)
        self.noise.valueChanged.connect(self._moved)
        self.ratio.valueChanged.connect(self._moved)

    def _slider(self, name: str, accessible: str, low: int, high: int, tip: str) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal, objectName=name)
        slider.setAccessibleName(accessible)
        slider.setToolTip(tip)
        slider.setRange(low, high)
        return slider

    def options(self) -> dict[str, Any]:
        return {"noise": self.noise.value() / 100, "train_ratio": self.ratio.value() / 100,
                "samples": self.samples}

    def show_toy(self, name: str, options: dict[str, Any]) -> None:
        self.name = name
        values = {**DEFAULT_TOY, **{k: v for k, v in options.items() if k in DEFAULT_TOY}}
        self.samples = int(values["samples"])
        for slider, value in ((self.noise, values["noise"]), (self.ratio, values["train_ratio"])):
            slider.blockSignals(True)
            slider.setValue(round(float(value) * 100))
            slider.blockSignals(False)
        self.regenerate()

    def regenerate(self) -> None:
        from playground.core.data.toy import generate_toy

        options = self.options()
        train_x, train_y, test_x, test_y = generate_toy(
            self.name, samples=self.samples, noise=options["noise"],
            train_ratio=options["train_ratio"], seed=self.seed,
        )  # fmt: skip
        self.points.show_points(train_x.numpy(), train_y.numpy(), test_x.numpy(), test_y.numpy())
        self.noise_text.setText(number(options["noise"], ".2f"))
        self.ratio_text.setText(localized(self.tr("{0:.0%}: {1} training points, {2} test points"),
                                          options["train_ratio"], len(train_y), len(test_y)))
        self.caption.setText(self.tr("Filled dots train the network; hollow dots test it. Colour "
                                     "is the class."))

    def _moved(self) -> None:
        self.regenerate()
        self.changed.emit()


class TextPage(QWidget):
    """Sentences, the words they become and the ids the network reads; the vocabulary."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = self.tr
        self.steps = _label("previewTextSteps", tr("How text becomes numbers"))
        self.sentences = _label("previewSentences", tr("Sentences and their token ids"))
        self.sentences.setTextFormat(Qt.TextFormat.RichText)
        self.vocabulary = _label("previewVocabulary", tr("The vocabulary"))
        self.counts = CountBars("previewTextCounts", tr("Sentences per class"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.steps, self.sentences, self.vocabulary, self.counts):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_data(self, data: PreviewData) -> None:
        tr = self.tr
        seq_len = data.info.input_shape[0]
        self.steps.setText(tr(
            "Each sentence is lowercased, its punctuation dropped and split into words; each word "
            "becomes its id in the vocabulary (1 = a word the vocabulary does not know) and the "
            "row is filled at the start with 0 (<pad>) up to {0} ids, what the network reads."
        ).format(seq_len))
        blocks = []
        for s in data.sentences:
            words = " · ".join(f"{escape(w)}→{i}" for w, i in s.words)
            ids = " ".join(str(i) for i in s.ids)
            blocks.append(
                f"<p><b>“{escape(s.text)}”</b> — {escape(s.label)}<br>{words}<br>"
                f"<span style='font-family: monospace; color: #455A64'>{ids}</span></p>")
        self.sentences.setText("".join(blocks))
        words = ", ".join(f"{i} {w}" for i, w in enumerate(data.vocabulary))
        self.vocabulary.setText(tr("Vocabulary: {0} words, most frequent first. {1}, …").format(
            data.vocabulary_size, words))
        self.counts.show_counts(data.counts, tr("Training sentences per class"))


class SequencePage(QWidget):
    """A few windows of a sequence set and the value the network must predict after each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = _label("previewSequenceText", self.tr("What a sequence sample is"))
        self.view = SequenceView("previewSequences", self.tr("Example windows"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.view, 1)

    def show_data(self, data: PreviewData) -> None:
        if data.windows is None or data.targets is None:
            return
        steps = data.windows.shape[1]
        self.caption.setText(localized(self.tr(
            "Each sample is a window of {0} values read one step at a time (shape {1}); the "
            "star is the next value, what the network must predict. {2:,} training and {3:,} test "
            "windows."), steps, "×".join(map(str, data.info.input_shape)),
                               data.info.train_size, data.info.test_size))
        self.view.show_windows(data.windows, data.targets)


class TablePage(QWidget):
    """Columns, the first rows before and after standardising, classes and (2 features) points."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = self.tr
        self.summary = _label("previewTableSummary", tr("What the table holds"))
        self.rows = _table("previewTableRows", tr("First rows: value → standardised value"))
        self.rows.setMinimumHeight(200)
        self.counts = CountBars("previewTableCounts", tr("Rows per class"))
        self.points = PointsView("previewTablePoints", tr("The rows as points"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.summary, self.rows, self.counts, self.points):
            layout.addWidget(widget)

    def show_data(self, data: PreviewData) -> None:
        tr = self.tr
        report = data.report
        features = list(getattr(report, "feature_columns", ()))
        label = getattr(report, "label_column", tr("label"))
        text = report.summary(current_language(), current_locale()) if report is not None else ""
        self.summary.setText(text + "\n" + tr(
            "Each feature is standardised with the training rows' mean and spread (mean 0, "
            "spread 1), so columns measured on very different scales count alike."))
        rows = [[f"{number(raw, 'g')} → {number(std, '.2f')}"
                 for raw, std in zip(r, s, strict=True)] + [c]
                for r, s, c in data.table_rows]
        _fill(self.rows, [*features, label], rows)
        self.counts.show_counts(data.counts, tr("Rows per class"))
        two = data.points is not None and data.point_labels is not None
        self.points.setVisible(two)
        if two:
            self.points.show_points(data.points, data.point_labels)
            self.points.plot.setLabel("bottom", features[0] if features else "1")
            self.points.plot.setLabel("left", features[1] if len(features) > 1 else "2")
