"""The user's own table: a CSV file of numeric features and one label column.

Why it works this way:

* Spreadsheets export CSV in many dialects: commas or semicolons (Spanish Excel writes ``;`` and
  decimal commas), with or without a header row, sometimes with a byte-order mark. The reader
  guesses the delimiter and the header and accepts ``1,5`` as 1.5 when ``;`` separates values.
* A table that cannot be used must say exactly where: "line 14, column 'weight' holds 'abc',
  which is not a number". Each problem raises :class:`DataFileError` with the line of the file
  and the column's name, so a student can open the file and fix it. Missing values are refused
  rather than silently filled, because filling them is a modelling decision.
* Labels become classes: whole numbers sort numerically, words alphabetically. Decimal labels
  are refused (they would be a regression target, which a table does not offer yet).

This module parses only; :mod:`playground.core.data.datasets` splits the rows and standardises the
features with the training part's statistics. It never imports Qt or torch.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from playground.core.errors import DatasetUnavailable, shorten
from playground.core.messages import Message

MISSING = frozenset({"", "na", "n/a", "nan", "null", "none", "?", "-", "missing"})
MAX_CLASSES = 100
MAX_ROWS = 1_000_000
MAX_BYTES = 200 * 1024 * 1024


class DataFileError(DatasetUnavailable):
    """A user's own data file or folder that cannot be used as it is; the message says where."""


@dataclass(frozen=True)
class TableReport:
    """What was read: columns, which one is the label, rows, classes and their counts."""

    path: Path
    columns: tuple[str, ...]
    label_column: str
    feature_columns: tuple[str, ...]
    rows: int
    class_names: tuple[str, ...]
    counts: dict[str, int]
    delimiter: str
    has_header: bool

    def summary(self, language: str = "en", locale: str | None = None) -> str:
        """One line for the preview or the command line, in ``language``."""
        classes = ", ".join(f"{c} ({self.counts[c]})" for c in self.class_names)
        return Message(
            "{rows} rows, {count} features ({features}); label '{label}': {classes}",
            rows=self.rows, count=len(self.feature_columns),
            features=", ".join(self.feature_columns), label=self.label_column, classes=classes,
        ).render(language, locale)


def _number(cell: str, decimal_comma: bool) -> float | None:
    text = cell.strip()
    if decimal_comma and "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataFileError("{file} is over {size} MB; use a smaller file.", file=path.name,
                                size=MAX_BYTES >> 20)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError("The file {file} does not exist.", file=str(path)) from None
    except OSError as exc:
        raise DataFileError("Cannot read {file} ({reason}).", file=str(path),
                            reason=str(exc.strerror or exc)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # older spreadsheets; every byte decodes


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _label_index(label_column: str | int, header: list[str] | None, width: int) -> int:
    if isinstance(label_column, str) and not label_column.lstrip("-").isdigit():
        names = [h.strip() for h in header] if header else []
        if label_column.strip() not in names:
            if not names:
                raise DataFileError("There is no column named {column} (columns: no header row).",
                                    column=shorten(label_column))
            raise DataFileError("There is no column named {column} (columns: {have}).",
                                column=shorten(label_column),
                                have=", ".join(repr(n) for n in names))
        return names.index(label_column.strip())
    index = int(label_column)
    if not -width <= index < width:
        raise DataFileError(
            "Column {index} does not exist: the table has {width} columns (0 to {last}, or -1 "
            "for the last).", index=index, width=width, last=width - 1)
    return index % width


def read_table(
    path: Path | str,
    label_column: str | int = -1,
    *,
    has_header: bool | None = None,
    delimiter: str | None = None,
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...], TableReport]:
    """Parse a CSV: ``(features float64 (N, F), labels int64 (N,), class names, report)``.

    ``label_column`` is a column name (needs a header row) or an index (``-1``: the last).
    ``has_header`` and ``delimiter`` are guessed when ``None``.
    """
    path = Path(path).expanduser()
    text = _read_text(path)
    sep = delimiter or _delimiter(text)
    decimal_comma = sep == ";"
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    rows: list[tuple[int, list[str]]] = []
    for row in reader:
        if row and any(cell.strip() for cell in row):
            rows.append((reader.line_num, row))
            if len(rows) > MAX_ROWS + 1:
                raise DataFileError("{file} has more than {count} rows.", file=path.name,
                                    count=MAX_ROWS)
    if not rows:
        raise DataFileError("{file} is empty.", file=path.name)
    width = len(rows[0][1])
    if width < 2:
        raise DataFileError(
            "{file} has only one column (read with delimiter {delimiter}); it needs at least one "
            "feature column and one label column.", file=path.name, delimiter=repr(sep))
    first = rows[0][1]
    if has_header is None:
        if isinstance(label_column, str) and not label_column.lstrip("-").isdigit():
            has_header = True
        else:
            label = _label_index(label_column, None, width)
            has_header = any(
                _number(c, decimal_comma) is None for i, c in enumerate(first) if i != label
            )
    header = [c.strip() for c in first] if has_header else None
    label = _label_index(label_column, header, width)
    columns = tuple(header or (f"column {i + 1}" for i in range(width)))
    data = rows[1:] if has_header else rows
    if not data:
        raise DataFileError("{file} has a header but no data rows.", file=path.name)
    features = np.empty((len(data), width - 1), dtype=np.float64)
    raw_labels: list[str] = []
    feature_index = [i for i in range(width) if i != label]
    # Line numbers go into messages as text: "line 1234", as an editor shows it, not 1,234.
    for r, (line, row) in enumerate(data):
        if len(row) != width:
            raise DataFileError(
                "Line {line} of {file} has {count} values but the table has {width} columns. "
                "Every row needs one value per column.", line=str(line), file=path.name,
                count=len(row), width=width)
        for j, i in enumerate(feature_index):
            cell = row[i].strip()
            if cell.lower() in MISSING:
                raise DataFileError(
                    "Line {line}, column '{column}' of {file} has a missing value ({cell}). "
                    "Fill it in or delete the row.", line=str(line), column=columns[i],
                    file=path.name, cell=repr(cell))
            value = _number(cell, decimal_comma)
            if value is None or not math.isfinite(value):
                raise DataFileError(
                    "Line {line}, column '{column}' of {file} holds {cell}, which is not a "
                    "number. Feature columns must be numeric.", line=str(line), column=columns[i],
                    file=path.name, cell=shorten(cell))
            features[r, j] = value
        cell = row[label].strip()
        if cell.lower() in MISSING:
            raise DataFileError("Line {line}, label column '{column}' of {file} has no label.",
                                line=str(line), column=columns[label], file=path.name)
        raw_labels.append(cell)
    labels, class_names = _classes(raw_labels, columns[label], path.name, decimal_comma)
    counts = dict(zip(class_names, np.bincount(labels, minlength=len(class_names)).tolist(),
                      strict=True))  # fmt: skip
    report = TableReport(
        path, columns, columns[label], tuple(columns[i] for i in feature_index), len(data),
        class_names, counts, sep, bool(has_header),
    )  # fmt: skip
    return features, labels, class_names, report


def _classes(
    raw: list[str], column: str, file: str, decimal_comma: bool
) -> tuple[np.ndarray, tuple[str, ...]]:
    distinct = sorted(set(raw))
    numbers = {c: _number(c, decimal_comma) for c in distinct}
    if all(v is not None for v in numbers.values()):
        fractional = next((c for c, v in numbers.items() if not float(v).is_integer()), None)
        if fractional is not None:
            raise DataFileError(
                "The label column '{column}' of {file} holds decimal numbers such as {example}. "
                "Labels must be classes: whole numbers or words.", column=column, file=file,
                example=repr(fractional))
        by_value: dict[int, str] = {}
        for cell, value in numbers.items():
            by_value.setdefault(int(value), cell)  # "1" and "1.0" are one class
        names = tuple(str(v) for v in sorted(by_value))
        index = {cell: names.index(str(int(v))) for cell, v in numbers.items()}
    else:
        names = tuple(distinct)
        index = {c: i for i, c in enumerate(names)}
    if len(names) < 2:
        if not names:
            raise DataFileError(
                "The label column '{column}' of {file} has no classes. A classifier needs "
                "examples of at least two classes.", column=column, file=file)
        raise DataFileError(
            "The label column '{column}' of {file} has only one class ({only}). A classifier "
            "needs examples of at least two classes.", column=column, file=file, only=names[0])
    if len(names) > MAX_CLASSES:
        raise DataFileError(
            "The label column '{column}' of {file} has {count} different values; at most "
            "{most} classes are supported. Is it the right column?", column=column, file=file,
            count=len(names), most=MAX_CLASSES)
    labels = np.fromiter((index[c] for c in raw), dtype=np.int64, count=len(raw))
    return labels, names
