"""Tests for the user's own data: a folder of class sub-folders of images, and a CSV table.

The images are generated here (simple shapes drawn with Pillow) together with the usual mess of
a hand-made folder: a broken image, an empty class, a text file. The table is a generated
two-class problem with features on very different scales.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from playground.core.data.datasets import (
    DataFileError,
    dataset_info,
    dataset_status,
    load_dataset,
    split_indices,
)
from playground.core.data.image_folder import read_image_folder, scan_image_folder
from playground.core.data.tables import read_table
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.training.config import TrainingConfig
from playground.core.training.loop import train

L = LayerSpec.create


# --------------------------------------------------------------------------- image folders


def draw_shape(kind: str, rng: np.random.Generator, size: tuple[int, int], mode: str) -> Image:
    image = Image.new(mode, size, "white")
    draw = ImageDraw.Draw(image)
    w, h = size
    r = rng.uniform(0.22, 0.34) * min(w, h)
    cx, cy = rng.uniform(r + 1, w - r - 1), rng.uniform(r + 1, h - r - 1)
    ink = "black" if mode != "RGB" else tuple(int(v) for v in rng.integers(0, 120, 3))
    if kind == "circle":
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=ink)
    elif kind == "square":
        draw.rectangle((cx - r, cy - r, cx + r, cy + r), fill=ink)
    else:
        points = [(cx + r * math.sin(a), cy - r * math.cos(a)) for a in (0, 2.094, 4.189)]
        draw.polygon(points, fill=ink)
    return image


def make_shape_folder(root: Path, per_class: int = 40) -> Path:
    """Three classes of shapes, plus a broken PNG, an empty class and non-image files."""
    rng = np.random.default_rng(0)
    for kind in ("circle", "square", "triangle"):
        (root / kind).mkdir(parents=True)
        for i in range(per_class):
            size = (32, 32) if i % 4 else (40, 30)  # mixed sizes are resized
            mode = "RGB" if i % 3 == 0 else "L"
            draw_shape(kind, rng, size, mode).save(root / kind / f"{kind}_{i:03d}.png")
    (root / "circle" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n this is not really a png")
    (root / "square" / "notes.txt").write_text("drawn by hand on Tuesday")
    (root / "square" / ".DS_Store").write_bytes(b"\0\0")  # hidden: ignored, not reported
    (root / "empty").mkdir()
    (root / "README.md").write_text("my shapes")
    return root


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_shape_folder(tmp_path_factory.mktemp("own") / "shapes")


def test_scan_reports_classes_counts_sizes_and_every_problem_by_name(shapes: Path) -> None:
    report = scan_image_folder(shapes)
    assert report.classes == ("circle", "square", "triangle")
    assert report.counts == {"circle": 40, "empty": 0, "square": 40, "triangle": 40}
    assert report.total == 120
    assert report.sizes == {(32, 32): 90, (40, 30): 30}
    assert set(report.modes) == {"L", "RGB"}
    assert report.problem_files("broken") == ["circle/broken.png"]
    assert report.problem_files("empty-class") == ["empty/"]
    assert report.problem_files("not-image") == ["README.md", "square/notes.txt"]
    summary = report.summary()
    assert "circle/broken.png" in summary and "empty/" in summary and "notes.txt" in summary
    quick = scan_image_folder(shapes, check_images=False)  # names only: the broken file counts
    assert quick.counts["circle"] == 41 and not quick.sizes


def test_loading_skips_broken_files_and_reports_them(shapes: Path) -> None:
    images, labels, classes, report = read_image_folder(shapes, image_size=28, channels=1)
    assert images.shape == (120, 1, 28, 28) and images.dtype == np.uint8
    assert classes == ("circle", "square", "triangle")
    assert np.bincount(labels).tolist() == [40, 40, 40]
    assert report.problem_files("broken") == ["circle/broken.png"]
    assert "empty/" in report.problem_files("empty-class")
    assert images.mean() > 128  # dark shapes on a white background survive the resize


def test_folder_dataset_split_shapes_and_status(shapes: Path) -> None:
    name = f"folder:{shapes}"
    d = load_dataset(name, image_size=32, channels=3, seed=1)
    assert d.info.input_shape == (3, 32, 32) and d.info.kind == "folder"
    assert d.train_x.shape[1:] == (3, 32, 32) and d.train_x.dtype == torch.float32
    assert (d.info.train_size, d.info.test_size) == (96, 24)
    assert torch.bincount(d.test_y).tolist() == [8, 8, 8]  # stratified
    assert d.info.class_names == ("circle", "square", "triangle")
    assert d.report is not None and d.report.problem_files("broken") == ["circle/broken.png"]
    again = load_dataset(name, image_size=32, channels=3, seed=1)
    assert torch.equal(d.train_x, again.train_x)  # the seed fixes the split
    other = load_dataset(name, image_size=32, channels=3, seed=2)
    assert not torch.equal(d.test_y, other.test_y) or not torch.equal(d.test_x, other.test_x)
    assert dataset_status(name) == "local"
    assert dataset_status(f"folder:{shapes}-missing") == "missing"
    assert dataset_info(name).class_names == ("circle", "square", "triangle")


def test_a_small_cnn_learns_the_shapes(shapes: Path) -> None:
    data = load_dataset(f"folder:{shapes}", image_size=28, channels=1, seed=0)
    spec = NetworkSpec((1, 28, 28), f"folder:{shapes}", 3, (
        L("Conv2D", filters=8, kernel_size=5, activation="relu"),
        L("MaxPool2D", pool_size=2),
        L("Flatten"),
        L("Dense", units=32, activation="relu"),
        L("Dense", units=3, activation="softmax"),
    ))  # fmt: skip
    config = TrainingConfig(learning_rate=0.01, batch_size=16, epochs=15, validation_split=0.0,
                            device="cpu")  # fmt: skip
    result = train(spec, config, data)
    assert result.status == "completed"
    # 96 training images; chance is 1/3 (about 0.9 here, seeded).
    assert result.test is not None and result.test.accuracy >= 0.7, result.test


def test_transparent_pixels_become_white_and_colour_keeps_channels(tmp_path: Path) -> None:
    for cls, colour in (("red", (255, 0, 0, 255)), ("clear", (0, 0, 0, 0))):
        (tmp_path / cls).mkdir()
        for i in range(3):
            Image.new("RGBA", (10, 10), colour).save(tmp_path / cls / f"{i}.png")
    images, labels, classes, _ = read_image_folder(tmp_path, image_size=8, channels=3)
    assert classes == ("clear", "red")
    clear, red = images[labels == 0], images[labels == 1]
    assert (clear == 255).all()  # transparent is white, not black
    assert (red[:, 0] == 255).all() and (red[:, 1:] == 0).all()


def test_folder_errors_are_plain(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="does not exist"):
        load_dataset(f"folder:{tmp_path / 'nowhere'}")
    (tmp_path / "only").mkdir()
    Image.new("L", (8, 8)).save(tmp_path / "only" / "a.png")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "b.jpg").write_bytes(b"not a jpeg")
    with pytest.raises(DataFileError, match="at least two class") as err:
        load_dataset(f"folder:{tmp_path}")
    assert "only (1)" in str(err.value) and "broken (0)" in str(err.value)
    with pytest.raises(DataFileError, match="image size"):
        read_image_folder(tmp_path, image_size=1000)
    with pytest.raises(DataFileError, match="channels"):
        read_image_folder(tmp_path, channels=2)


def test_split_keeps_every_class_in_training() -> None:
    labels = np.array([0] * 10 + [1] * 2 + [2])
    train_idx, test_idx = split_indices(labels, 0.5, seed=0)
    assert sorted(np.concatenate((train_idx, test_idx)).tolist()) == list(range(13))
    assert set(labels[train_idx].tolist()) == {0, 1, 2}
    assert np.bincount(labels[test_idx]).tolist() == [5, 1]


# --------------------------------------------------------------------------- tables


def write_blobs(path: Path, n: int = 400, seed: int = 0) -> None:
    """Two classes; 'width' is in the hundreds, 'ratio' in hundredths: standardising matters."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    width = 500 + 120 * (2 * y - 1) + rng.normal(0, 60, n)
    ratio = 0.05 - 0.02 * (2 * y - 1) + rng.normal(0, 0.012, n)
    names = np.where(y == 1, "big", "small")
    rows = zip(width, ratio, names, strict=True)
    lines = ["width,ratio,kind"] + [f"{a:.3f},{b:.5f},{c}" for a, b, c in rows]
    path.write_text("\n".join(lines) + "\n")


def test_table_trains_a_dense_network_and_reports_two_inputs(tmp_path: Path) -> None:
    path = tmp_path / "blobs.csv"
    write_blobs(path)
    name = f"csv:{path}"
    assert dataset_info(name).input_shape == (2,)  # the GUI can draw a decision boundary
    d = load_dataset(name, label_column="kind", seed=0)
    assert d.info.input_shape == (2,) and d.info.kind == "table"
    assert d.info.class_names == ("big", "small")
    assert (d.info.train_size, d.info.test_size) == (320, 80)
    assert d.train_x.dtype == torch.float32 and d.train_y.dtype == torch.int64
    # Standardised with the training part's statistics.
    assert torch.allclose(d.train_x.mean(0), torch.zeros(2), atol=1e-5)
    assert torch.allclose(d.train_x.std(0, correction=0), torch.ones(2), atol=1e-4)
    assert d.report is not None and d.report.feature_columns == ("width", "ratio")
    spec = NetworkSpec((2,), name, 2, (
        L("Dense", units=16, activation="relu"),
        L("Dense", units=2, activation="softmax"),
    ))  # fmt: skip
    config = TrainingConfig(learning_rate=0.01, batch_size=16, epochs=20, validation_split=0.0,
                            device="cpu")  # fmt: skip
    result = train(spec, config, d)
    assert result.test is not None and result.test.accuracy >= 0.95
    # Two standardised features: the decision boundary is drawn over the plane of the points.
    from playground.core.inspect.boundary import decision_grid
    from playground.core.network.build import build_model

    model = build_model(spec)
    model.load_state_dict(result.state_dict)
    low, high = float(d.train_x.min()), float(d.train_x.max())
    grid = decision_grid(model, (low, high), (low, high), resolution=40)
    assert grid.probabilities.shape == (40, 40)
    assert grid.probabilities.min() < 0.1 and grid.probabilities.max() > 0.9  # both sides


def test_normalize_prepares_raw_rows_like_the_training_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b,label\n1,10,0\n2,20,1\n3,30,0\n4,40,1\n5,50,0\n6,60,1\n7,70,0\n8,80,1\n")
    d = load_dataset(f"csv:{path}", test_fraction=0.25, seed=3)
    raw = torch.tensor([[float(v), 10.0 * v] for v in range(1, 9)])
    prepared = d.normalize(raw)
    rows = {tuple(round(v, 4) for v in r) for r in prepared.tolist()}
    assert {tuple(round(v, 4) for v in r) for r in d.test_x.tolist()} <= rows


def test_label_column_by_index_and_integer_classes(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("5,0.1,0.2\n1,0.3,0.4\n5,0.5,0.6\n1.0,0.7,0.8\n5,0.9,1.0\n1,1.1,1.2\n")
    x, y, classes, report = read_table(path, label_column=0)
    assert not report.has_header and report.columns[0] == "column 1"
    assert classes == ("1", "5")  # numeric order; "1" and "1.0" are one class
    assert y.tolist() == [1, 0, 1, 0, 1, 0]
    assert x.shape == (6, 2) and x[0].tolist() == [0.1, 0.2]


def test_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    path = tmp_path / "es.csv"
    path.write_text("altura;peso;clase\n1,5;60,2;a\n1,8;80,5;b\n1,6;65;a\n1,9;90;b\n", "utf-8-sig")
    x, _, classes, report = read_table(path, label_column="clase")
    assert report.delimiter == ";" and report.columns == ("altura", "peso", "clase")
    assert x[0].tolist() == [1.5, 60.2] and classes == ("a", "b")


@pytest.mark.parametrize(
    ("text", "label", "message"),
    [
        ("x,y,c\n1,2,a\n3,oops,b\n", "c", "Line 3, column 'y'.*'oops'.*not a number"),
        ("x,y,c\n1,2,a\n3,,b\n", "c", "Line 3, column 'y'.*missing value"),
        ("x,y,c\n1,2,a\n3,NA,b\n", "c", "Line 3, column 'y'.*missing value"),
        ("x,y,c\n1,2,a\n3,4,\n", "c", "Line 3, label column 'c'.*no label"),
        ("x,y,c\n1,2,a\n3,4,a\n", "c", "only one class \\(a\\)"),
        ("x,y,c\n1,2,a\n3,4\n", "c", "Line 3.*2 values.*3 columns"),
        ("x,y,c\n1,2,a\n3,4,b\n", "kind", "no column named 'kind'.*'x', 'y', 'c'"),
        ("x,y,c\n1,2,0.5\n3,4,1.5\n", "c", "decimal numbers"),
        ("x,y,c\n1,2,a\n3,4,b\n", 7, "Column 7 does not exist"),
        ("", -1, "empty"),
        ("x,y,c\n", "c", "no data rows"),
    ],
)
def test_table_errors_name_the_line_and_column(
    tmp_path: Path, text: str, label: str | int, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(DataFileError, match=message):
        load_dataset(f"csv:{path}", label_column=label)


def test_missing_table_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="does not exist"):
        load_dataset(f"csv:{tmp_path / 'none.csv'}")
    assert dataset_status(f"csv:{tmp_path / 'none.csv'}") == "missing"
