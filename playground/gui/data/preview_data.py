"""What a dataset preview shows, worked out off the GUI thread as plain numpy data.

:func:`build_preview` loads a dataset through the core registry exactly as training will (same
options), but only as much of it as a preview needs: the first :data:`PREVIEW_LIMIT` samples of
a large image set, a handful of samples per class for the grid, a few examples for the
"before and after preprocessing" strip. The result is a frozen :class:`PreviewData` of numpy
copies, safe to hand to the GUI thread. Nothing here imports Qt.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from playground.core.data.image_folder import FolderReport
from playground.core.data.tables import TableReport
from playground.core.messages import Message
from playground.core.training.config import PREPROCESSING
from playground.gui.inputs import translated_classes

PREVIEW_LIMIT = 2000  # samples of a large set looked at for the grid and the class counts
GRID_PER_CLASS = 4
MAX_GRID = 40
EXAMPLES = 6  # samples in the preprocessing and augmentation strips
TEXT_EXAMPLES = 6
VOCABULARY_SHOWN = 60
SEQUENCE_EXAMPLES = 4
TABLE_ROWS = 8
HEADER_BYTES = 64 * 1024
LOCAL_KINDS = {"folder": "folder", "csv": "table"}  # name prefix -> kind of the user's own data


@dataclass(frozen=True)
class TokenRow:
    """One sentence as the network receives it: its words with their ids, then the padded row."""

    text: str
    label: str
    words: tuple[tuple[str, int], ...]
    ids: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class PreviewData:
    """Everything one preview shows. Arrays are copies; images are float32 in [0, 1].

    ``counts`` are training samples per class; ``counted_all`` says whether they cover the
    whole training set or only the first :data:`PREVIEW_LIMIT` samples.
    """

    name: str
    info: Any  # core.datasets.DatasetInfo of what was loaded (sizes after any limit)
    options: dict[str, Any]
    counts: dict[str, int]
    counted_all: bool
    grid: np.ndarray | None = None  # (n, C, H, W)
    grid_labels: tuple[str, ...] = ()
    examples: np.ndarray | None = None  # (k, C, H, W), scaled only
    example_labels: tuple[str, ...] = ()
    processed: dict[str, np.ndarray] = field(default_factory=dict)  # preprocessing -> (k,C,H,W)
    sentences: tuple[TokenRow, ...] = ()
    vocabulary: tuple[str, ...] = ()  # the first words of the vocabulary, by id
    vocabulary_size: int = 0
    windows: np.ndarray | None = None  # (k, steps) sequence inputs
    targets: np.ndarray | None = None  # (k,) the values to predict
    table_rows: tuple[tuple[tuple[float, ...], tuple[float, ...], str], ...] = ()
    points: np.ndarray | None = None  # (n, 2) standardised features of a two-feature table
    point_labels: np.ndarray | None = None
    report: FolderReport | TableReport | None = None

    @property
    def kind(self) -> str:
        return str(self.info.kind)

    @property
    def problems(self) -> list[tuple[str, Message]]:
        """Files and classes that were left out, each with its reason (image folders), the
        reason a Message the window renders in its language."""
        if isinstance(self.report, FolderReport):
            return [(p.path, p.message) for p in self.report.problems]
        return []


def table_columns(path: str | Path) -> tuple[str, ...]:
    """The first row of a CSV file, for choosing the label column before the file can be read
    (when the default label column holds words, reading fails but the names are still there)."""
    try:
        with open(Path(path).expanduser(), encoding="utf-8-sig", errors="replace") as handle:
            sample = handle.read(HEADER_BYTES)
    except OSError:
        return ()
    lines = [line for line in sample.splitlines() if line.strip()]
    if not lines:
        return ()
    try:
        delimiter = csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    return tuple(cell.strip() for cell in next(csv.reader([lines[0]], delimiter=delimiter)))


def _grid_indices(labels: np.ndarray, classes: int) -> np.ndarray:
    """Up to :data:`GRID_PER_CLASS` samples of each class, class by class."""
    per_class = max(1, min(GRID_PER_CLASS, MAX_GRID // max(classes, 1)))
    picks = [np.flatnonzero(labels == c)[:per_class] for c in range(classes)]
    return np.concatenate(picks) if picks else np.zeros(0, np.int64)


def _counts(info: Any, labels: np.ndarray) -> dict[str, int]:
    bins = np.bincount(labels, minlength=info.num_classes)
    names = translated_classes(info.class_names)
    return {name: int(n) for name, n in zip(names, bins, strict=False)}


def build_preview(name: str, options: dict[str, Any] | None = None) -> PreviewData:
    """Load ``name`` with ``options`` (as training would) and pick what the preview shows."""
    from playground.core.data.datasets import dataset_info, load_dataset

    options = dict(options or {})
    kind = LOCAL_KINDS.get(name.split(":", 1)[0]) if ":" in name else None
    kind = kind or dataset_info(name).kind
    limit = PREVIEW_LIMIT if kind == "image" else None
    data = load_dataset(name, preprocessing="scale", limit=limit, **options)
    info = data.info
    base = {"name": name, "info": info, "options": options, "report": data.report}
    labels = data.train_y.numpy()
    if kind in ("image", "folder"):
        return _image_preview(data, labels, base, counted_all=kind == "folder"
                              or info.train_size < PREVIEW_LIMIT)
    if kind == "text":
        return _text_preview(data, labels, base)
    if kind == "sequence":
        x = data.train_x[:SEQUENCE_EXAMPLES, :, 0].numpy().copy()
        y = data.train_y[:SEQUENCE_EXAMPLES].numpy().copy()
        return PreviewData(**base, counts={}, counted_all=True, windows=x, targets=y)
    if kind == "table":
        return _table_preview(data, labels, base)
    return PreviewData(**base, counts=_counts(info, labels), counted_all=True)


def _image_preview(data: Any, labels: np.ndarray, base: dict[str, Any],
                   counted_all: bool) -> PreviewData:
    info = data.info
    counts = _counts(info, labels)
    if isinstance(data.report, FolderReport):  # every image of the folder, empty classes too
        counts = dict(data.report.counts)
    grid = _grid_indices(labels, info.num_classes)
    examples = data.train_x[:EXAMPLES]
    processed = {
        p: replace(data, preprocessing=p).normalize(examples).numpy() for p in PREPROCESSING
    }
    names = translated_classes(info.class_names)
    return PreviewData(
        **base, counts=counts, counted_all=counted_all,
        grid=data.train_x[grid].numpy().copy(), grid_labels=tuple(names[i] for i in labels[grid]),
        examples=examples.numpy().copy(),
        example_labels=tuple(names[i] for i in labels[:EXAMPLES]), processed=processed,
    )  # fmt: skip


def _text_preview(data: Any, labels: np.ndarray, base: dict[str, Any]) -> PreviewData:
    vocabulary = data.vocabulary
    seq_len = int(data.train_x.shape[1])
    rows = []
    texts = data.texts[0] if data.texts is not None else ()
    for i, text in enumerate(texts[:TEXT_EXAMPLES]):
        words = tuple(vocabulary.preview(text, seq_len)) if vocabulary is not None else ()
        ids = tuple(int(v) for v in data.train_x[i].tolist())
        label = translated_classes([data.info.class_names[int(labels[i])]])[0]
        rows.append(TokenRow(text, label, words, ids))
    tokens = vocabulary.tokens if vocabulary is not None else ()
    return PreviewData(
        **base, counts=_counts(data.info, labels), counted_all=True, sentences=tuple(rows),
        vocabulary=tuple(tokens[:VOCABULARY_SHOWN]), vocabulary_size=len(tokens),
    )  # fmt: skip


def _table_preview(data: Any, labels: np.ndarray, base: dict[str, Any]) -> PreviewData:
    report = data.report
    x = data.train_x.numpy()
    mean, std = data.feature_mean.numpy(), data.feature_std.numpy()
    names = translated_classes(data.info.class_names)
    rows = tuple(
        (tuple(float(v) for v in x[i] * std + mean), tuple(float(v) for v in x[i]),
         names[int(labels[i])])
        for i in range(min(TABLE_ROWS, len(x)))
    )  # fmt: skip
    counts = dict(report.counts) if isinstance(report, TableReport) else _counts(data.info, labels)
    two = x.shape[1] == 2
    return PreviewData(
        **base, counts=counts, counted_all=True, table_rows=rows,
        points=x.copy() if two else None, point_labels=labels.copy() if two else None,
    )  # fmt: skip
