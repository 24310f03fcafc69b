"""The preview side of the dataset chooser: what the data looks like before training on it.

One page per kind of data: images (a grid of samples with their labels, class counts, the chosen
preprocessing before and after, augmented examples), 2D toy points regenerated live as noise and
training share change, sentences with their tokens and ids, sequences, and tables. The pane
also holds the choices that belong with the preview -- preprocessing, augmentation, toy noise
and training share -- and reports them (:meth:`PreviewPane.config_changes`,
:meth:`PreviewPane.dataset_options`), so what the student saw is what training uses.

Pages receive a finished :class:`PreviewData` (loaded off the GUI thread); only the toy points
and the augmented examples are made here, because they are a few hundred numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from playground.core.data.image_folder import FolderReport
from playground.core.training.config import PREPROCESSING, TrainingConfig
from playground.gui import looks
from playground.gui.data.plots import CountBars, ImageMosaic
from playground.gui.data.preview_data import PREVIEW_LIMIT, PreviewData
from playground.gui.data.preview_pages import SequencePage, TablePage, TextPage, ToyPage
from playground.gui.i18n import translate_message
from playground.gui.inputs import translated_text, translated_title
from playground.gui.numbers import localized

AUGMENT_COPIES = 5
AUGMENT_EXAMPLES = 3


def named(widget: Any, name: str, accessible: str, tip: str = "") -> Any:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    if tip:
        widget.setToolTip(tip)
    return widget


def problem_lines(data: PreviewData) -> list[str]:
    """"path: reason" for every file left out, the reason in the interface language."""
    return [f"{path}: {translate_message(message)}" for path, message in data.problems]


def stretch(values: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Values mapped onto [0, 1] by their own range, with the range (for captions)."""
    low, high = float(values.min()), float(values.max())
    return (values - low) / max(high - low, 1e-12), low, high


class ImagePage(QWidget):
    """Samples, class counts, problems, preprocessing and augmentation of image data."""

    changed = Signal()

    def __init__(self, config: TrainingConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = self.tr
        self.data: PreviewData | None = None
        self.augment_seed = 0
        self.samples = ImageMosaic("previewSamples", tr("Samples with their labels"))
        self.counts = CountBars("previewCounts", tr("Samples per class"))
        self.problems = named(QListWidget(), "previewProblems", tr("Files left out"))
        self.problems.setMaximumHeight(110)
        self.problems_label = QLabel()
        looks.set_style(self.problems_label, "color: {error}; font-weight: bold;")

        self.preprocessing = named(QComboBox(), "previewPreprocessing", tr("Preprocessing"),
                                   tr("How pixels are prepared before the network sees them"))
        for p in PREPROCESSING:
            self.preprocessing.addItem(translated_text(p), p)
        self.preprocessing.setCurrentIndex(max(0, self.preprocessing.findData(
            config.preprocessing)))
        self.processed = ImageMosaic("previewPreprocessed", tr("Before and after preprocessing"))
        self.processed_label = named(QLabel(), "previewPreprocessedText",
                                     tr("Value ranges before and after preprocessing"))
        self.processed_label.setWordWrap(True)
        pre_box = QGroupBox(tr("Preprocessing: before (top) and after (bottom)"))
        pre_layout = QVBoxLayout(pre_box)
        choice = QFormLayout()  # a label of its own: on Linux a screen reader names a combo
        choice.addRow(tr("Preprocessing"), self.preprocessing)  # box by its buddy label
        pre_layout.addLayout(choice)
        pre_layout.addWidget(self.processed)
        pre_layout.addWidget(self.processed_label)

        self.augment = named(QCheckBox(tr("Augment the training images")), "previewAugment",
                             tr("Augment the training images"),
                             tr("Every epoch, move, turn and zoom each training image a little "
                                "at random; test images are never changed"))
        self.augment.setChecked(config.augment)
        self.shift = self._spin("previewShift", tr("Shift (pixels)"), 0, 10, 0.5,
                                config.augment_shift)
        self.rotation = self._spin("previewRotation", tr("Rotation (degrees)"), 0, 180, 5,
                                   config.augment_rotation)
        self.scale = self._spin("previewScale", tr("Zoom (±)"), 0, 0.5, 0.05, config.augment_scale)
        again = named(QPushButton(tr("Other Examples")), "previewAugmentAgain",
                      tr("Other examples"), tr("Draw new random moves, turns and zooms"))
        again.clicked.connect(self._new_examples)
        self.augmented = ImageMosaic("previewAugmented", tr("Augmented examples"))
        controls = QFormLayout()
        controls.addRow(self.augment)
        controls.addRow(tr("Shift (pixels)"), self.shift)
        controls.addRow(tr("Rotation (degrees)"), self.rotation)
        controls.addRow(tr("Zoom (±)"), self.scale)
        controls.addRow(again)
        aug_box = QGroupBox(tr("Augmentation: each original, then five augmented copies"))
        aug_layout = QVBoxLayout(aug_box)
        aug_layout.addLayout(controls)
        aug_layout.addWidget(self.augmented)

        self.caption = QLabel()
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.samples)
        layout.addWidget(self.counts)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems)
        layout.addWidget(pre_box)
        layout.addWidget(aug_box)
        self.preprocessing.currentIndexChanged.connect(self._preprocessing_changed)
        self.augment.toggled.connect(self._augmentation_changed)
        for spin in (self.shift, self.rotation, self.scale):
            spin.valueChanged.connect(self._augmentation_changed)
        self._enable()

    def _spin(self, name: str, label: str, low: float, high: float, step: float,
              value: float) -> QDoubleSpinBox:
        spin = named(QDoubleSpinBox(), name, label)
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setDecimals(2)
        spin.setValue(value)
        return spin

    # -- what the user chose -----------------------------------------------------------------
    def config_changes(self) -> dict[str, Any]:
        return {
            "preprocessing": self.preprocessing.currentData(),
            "augment": self.augment.isChecked(),
            "augment_shift": self.shift.value(),
            "augment_rotation": self.rotation.value(),
            "augment_scale": self.scale.value(),
        }

    def _enable(self) -> None:
        for spin in (self.shift, self.rotation, self.scale):
            spin.setEnabled(self.augment.isChecked())

    # -- showing -------------------------------------------------------------------------------
    def show_data(self, data: PreviewData) -> None:
        self.data = data
        info = data.info
        scope = (localized(self.tr("all {0:,} training samples"), sum(data.counts.values()))
                 if data.counted_all else
                 localized(self.tr("the first {0:,} training samples"), PREVIEW_LIMIT))
        caption = self.tr("{0}: {1} classes, each sample {2}. Counts of {3}.").format(
            translated_title(info.title), info.num_classes, "×".join(map(str, info.input_shape)),
            scope)
        if isinstance(data.report, FolderReport) and data.report.sizes:
            sizes = sorted(data.report.sizes.items(), key=lambda item: -item[1])
            side = info.input_shape[-1]
            found = ", ".join(f"{w}×{h} ({n})" for (w, h), n in sizes)
            caption += " " + self.tr("Picture sizes found: {0}; all are resized to {1}×{1}."
                                     ).format(found, side)
        self.caption.setText(caption)
        if data.grid is not None:
            self.samples.show_tiles(data.grid, list(data.grid_labels), columns=8)
        self.counts.show_counts(data.counts, self.tr("Samples per class"))
        problems = problem_lines(data)
        self.problems.clear()
        self.problems.addItems(problems)
        self.problems.setVisible(bool(problems))
        self.problems_label.setVisible(bool(problems))
        self.problems_label.setText(self.tr("{0} left out of training:").format(len(problems)))
        self.show_preprocessing()
        self.show_augmentation()

    def show_preprocessing(self) -> None:
        data = self.data
        if data is None or data.examples is None:
            return
        name = self.preprocessing.currentData()
        after, low, high = stretch(data.processed[name])
        tiles = np.concatenate([data.examples, after.astype(np.float32)])
        labels = list(data.example_labels)
        self.processed.show_tiles(tiles, labels + labels, columns=len(data.examples))
        self.processed_label.setText(localized(self.tr(
            "Before: values from 0 to 1. After “{0}”: values from {1:.2f} to {2:.2f} (the bottom "
            "row is stretched over that range to be visible)."), name, low, high))

    def show_augmentation(self) -> None:
        data = self.data
        if data is None or data.examples is None:
            return
        import torch

        from playground.core.data.augment import Augmentation

        originals = torch.from_numpy(data.examples[:AUGMENT_EXAMPLES])
        augmentation = Augmentation(
            tuple(originals.shape[1:]), shift=self.shift.value(), rotation=self.rotation.value(),
            scale=self.scale.value(), seed=self.augment_seed,
        )  # fmt: skip
        copies = augmentation.apply(originals.repeat_interleave(AUGMENT_COPIES, dim=0))
        rows, captions = [], []
        for i in range(len(originals)):
            rows += [originals[i : i + 1], copies[i * AUGMENT_COPIES : (i + 1) * AUGMENT_COPIES]]
            captions += [self.tr("original")] + [self.tr("copy {0}").format(k + 1)
                                                   for k in range(AUGMENT_COPIES)]
        self.augmented.show_tiles(torch.cat(rows).numpy(), captions, columns=AUGMENT_COPIES + 1)
        self.augmented.setEnabled(self.augment.isChecked())

    def _preprocessing_changed(self) -> None:
        self.show_preprocessing()
        self.changed.emit()

    def _augmentation_changed(self) -> None:
        self._enable()
        self.show_augmentation()
        self.changed.emit()

    def _new_examples(self) -> None:
        self.augment_seed += 1
        self.show_augmentation()


class PreviewPane(QWidget):
    """A message, or the page for the kind of data shown; see the module docstring."""

    changed = Signal()

    def __init__(self, config: TrainingConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("datasetPreview")
        self.setAccessibleName(self.tr("Dataset preview"))
        self.data: PreviewData | None = None
        self.message = named(QLabel(), "previewMessage", self.tr("Preview message"))
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.image_page = ImagePage(config)
        self.toy_page = ToyPage(config.seed)
        self.text_page = TextPage()
        self.sequence_page = SequencePage()
        self.table_page = TablePage()
        # Only the current page is visible, so the pane is as tall as that page alone.
        self.pages: list[QWidget] = [self.image_page, self.toy_page, self.text_page,
                                     self.sequence_page, self.table_page]
        self.image_page.changed.connect(self.changed)
        self.toy_page.changed.connect(self.changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        for page in self.pages:
            layout.addWidget(page, 1)
        self.show_message("")

    @property
    def current_page(self) -> QWidget | None:
        return next((page for page in self.pages if not page.isHidden()), None)

    def _show_page(self, shown: QWidget | None) -> None:
        for page in self.pages:
            page.setVisible(page is shown)

    def show_message(self, text: str, error: bool = False) -> None:
        """Only a message (loading…, needs a download, cannot be read); the pages hide."""
        self.data = None
        self.message.setText(text)
        looks.set_style(self.message, "color: {error}; font-weight: bold;" if error else "")
        self.message.setVisible(bool(text))
        self._show_page(None)

    def show_data(self, data: PreviewData) -> None:
        self.data = data
        self.message.setVisible(False)
        page = {"image": self.image_page, "folder": self.image_page, "text": self.text_page,
                "sequence": self.sequence_page, "table": self.table_page}.get(data.kind)
        if page is None:
            self.show_message(self.tr("No preview for this kind of data."))
            return
        page.show_data(data)
        self._show_page(page)

    def show_toy(self, name: str, options: dict[str, Any]) -> None:
        """Toy points are made here and now: they regenerate live with the sliders."""
        self.data = None
        self.message.setVisible(False)
        self._show_page(self.toy_page)
        self.toy_page.show_toy(name, options)

    def config_changes(self, kind: str) -> dict[str, Any]:
        """Training settings that come with the data: preprocessing and augmentation for
        images; anything else cannot be augmented."""
        if kind in ("image", "folder"):
            return self.image_page.config_changes()
        return {"augment": False}

    def dataset_options(self, kind: str) -> dict[str, Any]:
        return self.toy_page.options() if kind == "toy" else {}
