"""Tests for the dataset registry: bundled MNIST, system/downloaded sets, toy sets, reshaping.

Nothing here touches the network or relies on /usr/share/datasets: system copies are faked with
tiny IDX files and torchvision is replaced where a download would happen.
"""

from __future__ import annotations

import gzip
import struct
import urllib.error
from pathlib import Path

import numpy as np
import pytest
import torch

from playground.core.data import datasets
from playground.core.data.datasets import (
    DATASET_NAMES,
    Dataset,
    dataset_info,
    dataset_status,
    default_data_root,
    list_datasets,
    load_dataset,
    view_as,
)
from playground.core.errors import DatasetUnavailable, SpecError, TrainingError
from playground.core.messages import render
from playground.core.training.config import PREPROCESSING

TOYS = ("toy-circle", "toy-xor", "toy-gauss", "toy-spiral")


@pytest.fixture(scope="module")
def mnist() -> Dataset:
    return load_dataset("mnist")


# --------------------------------------------------------------------------- helpers


def write_idx(path: Path, array: np.ndarray, magic: int) -> None:
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in array.shape)
    with gzip.open(path, "wb") as handle:
        handle.write(header + array.astype(np.uint8).tobytes())


def make_idx_folder(folder: Path, n_train: int = 12, n_test: int = 5) -> dict[str, np.ndarray]:
    """A tiny, valid Fashion-MNIST-like folder; returns the arrays written."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1)
    arrays = {
        "train-images": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "train-labels": (np.arange(n_train) % 10).astype(np.uint8),
        "t10k-images": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "t10k-labels": (np.arange(n_test) * 3 % 10).astype(np.uint8),
    }
    for key, array in arrays.items():
        kind = "idx3" if "images" in key else "idx1"
        write_idx(folder / f"{key}-{kind}-ubyte.gz", array, 2051 if "images" in key else 2049)
    return arrays


# --------------------------------------------------------------------------- registry


def test_registry_lists_every_dataset_with_consistent_info() -> None:
    infos = list_datasets()
    assert tuple(i.name for i in infos) == DATASET_NAMES
    expected = ("mnist", "mnist-full", "fashion-mnist", "cifar10", *TOYS, "text-sentiment",
                "sine-next")  # fmt: skip
    assert expected == DATASET_NAMES
    for info in infos:
        assert info.num_classes == len(info.class_names)
        assert info.task == ("regression" if info.name == "sine-next" else "classification")
        assert info.kind in ("image", "toy", "text", "sequence")
        assert str(info.description) and render(info.description, "es") != str(info.description)
        assert info.license
    assert dataset_info("cifar10").input_shape == (3, 32, 32)
    assert dataset_info("cifar10").class_names[0] == "airplane"
    assert dataset_info("fashion-mnist").class_names[-1] == "Ankle boot"
    assert dataset_info("toy-spiral").input_shape == (2,)


def test_unknown_dataset_names_the_known_ones() -> None:
    with pytest.raises(DatasetUnavailable, match="mnist-full") as err:
        dataset_info("imagenet")
    assert "imagenet" in str(err.value)
    with pytest.raises(DatasetUnavailable):
        load_dataset("imagenet")


def test_default_data_root_honours_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NN_PLAYGROUND_DATA", str(tmp_path))
    assert default_data_root() == tmp_path
    monkeypatch.delenv("NN_PLAYGROUND_DATA")
    root = default_data_root()
    assert root.name == "datasets" and "nn-playground" in str(root)


# --------------------------------------------------------------------------- bundled MNIST


def test_bundled_mnist_shapes_dtypes_sizes(mnist: Dataset) -> None:
    assert mnist.train_x.shape == (8500, 1, 28, 28)
    assert mnist.test_x.shape == (1500, 1, 28, 28)
    assert mnist.train_y.shape == (8500,) and mnist.test_y.shape == (1500,)
    assert mnist.train_x.dtype == torch.float32 and mnist.train_y.dtype == torch.int64
    assert mnist.train_x.is_contiguous() and mnist.test_x.is_contiguous()
    assert (mnist.info.train_size, mnist.info.test_size) == (8500, 1500)
    assert mnist.info.class_names == tuple("0123456789")
    assert mnist.preprocessing == "scale"


def test_bundled_mnist_has_every_digit_in_both_parts(mnist: Dataset) -> None:
    train_counts = torch.bincount(mnist.train_y, minlength=10)
    test_counts = torch.bincount(mnist.test_y, minlength=10)
    assert len(train_counts) == len(test_counts) == 10
    assert train_counts.min() > 700 and test_counts.min() > 100
    # Stratified: each digit's test share is 15 % of that digit, give or take one image.
    share = test_counts.double() / (train_counts + test_counts).double()
    assert torch.all((share - 0.15).abs() < 0.002)


def test_bundled_mnist_split_is_fixed(mnist: Dataset) -> None:
    again = load_dataset("mnist", seed=123)  # the seed is for toy sets; the split never moves
    assert torch.equal(mnist.train_x, again.train_x) and torch.equal(mnist.train_y, again.train_y)
    assert torch.equal(mnist.test_x, again.test_x) and torch.equal(mnist.test_y, again.test_y)
    # The training part is shuffled, not sorted by digit.
    assert len(torch.unique_consecutive(mnist.train_y[:100])) > 50


def test_bundled_mnist_looks_like_digits(mnist: Dataset) -> None:
    images = mnist.train_x[:500]
    border = torch.cat((images[..., :2, :].flatten(1), images[..., -2:, :].flatten(1)), dim=1)
    assert float(border.mean()) < 0.01  # ink in the middle, background at the edges
    ink = (images > 0.5).flatten(1).float().mean(dim=1)
    assert torch.all(ink > 0.02) and torch.all(ink < 0.5)


def test_limit_keeps_the_first_samples(mnist: Dataset) -> None:
    small = load_dataset("mnist", limit=40)
    assert small.train_x.shape == (40, 1, 28, 28) and small.test_y.shape == (40,)
    assert torch.equal(small.train_x, mnist.train_x[:40])
    assert torch.equal(small.test_y, mnist.test_y[:40])
    assert (small.info.train_size, small.info.test_size) == (40, 40)
    for bad in (0, -1, 2.5, True):
        with pytest.raises(TrainingError):
            load_dataset("mnist", limit=bad)


# --------------------------------------------------------------------------- preprocessing


def test_scale_is_zero_to_one(mnist: Dataset) -> None:
    assert float(mnist.train_x.min()) == 0.0 and float(mnist.train_x.max()) == 1.0
    assert float(mnist.test_x.min()) >= 0.0 and float(mnist.test_x.max()) <= 1.0
    assert 0.1 < mnist.mean < 0.16 and 0.28 < mnist.std < 0.34  # MNIST's well-known statistics


def test_center_is_minus_half_to_half(mnist: Dataset) -> None:
    d = load_dataset("mnist", preprocessing="center")
    assert float(d.train_x.min()) == -0.5 and float(d.train_x.max()) == 0.5
    assert torch.allclose(d.train_x, mnist.train_x - 0.5)


def test_standardize_uses_training_statistics(mnist: Dataset) -> None:
    d = load_dataset("mnist", preprocessing="standardize")
    assert abs(float(d.train_x.mean())) < 1e-4
    assert abs(float(d.train_x.std()) - 1.0) < 1e-3
    assert d.mean == pytest.approx(mnist.mean) and d.std == pytest.approx(mnist.std)
    expected_test = (mnist.test_x - mnist.mean) / mnist.std
    assert torch.allclose(d.test_x, expected_test, atol=1e-5)


def test_binarize_gives_only_zeros_and_ones(mnist: Dataset) -> None:
    d = load_dataset("mnist", preprocessing="binarize")
    assert set(torch.unique(d.train_x).tolist()) == {0.0, 1.0}
    assert set(torch.unique(d.test_x).tolist()) == {0.0, 1.0}
    assert torch.equal(d.train_x, (mnist.train_x > 0.5).float())


@pytest.mark.parametrize("preprocessing", PREPROCESSING)
def test_normalize_matches_the_datasets_own_preprocessing(
    mnist: Dataset, preprocessing: str
) -> None:
    d = load_dataset("mnist", preprocessing=preprocessing)
    drawn = mnist.test_x[:64].clone()  # stands in for digits drawn on the canvas, in [0, 1]
    out = d.normalize(drawn)
    assert torch.allclose(out, d.test_x[:64], atol=1e-6)
    assert out.dtype == torch.float32 and out.is_contiguous()
    assert torch.equal(drawn, mnist.test_x[:64])  # the caller's tensor is left alone


def test_unknown_preprocessing_is_a_training_error() -> None:
    with pytest.raises(TrainingError, match="standardize"):
        load_dataset("mnist", preprocessing="whiten")
    with pytest.raises(TrainingError):
        load_dataset("toy-xor", preprocessing="whiten")


# --------------------------------------------------------------------------- status, offline


def test_status_values(tmp_path: Path) -> None:
    assert dataset_status("mnist") == "bundled"
    for toy in TOYS:
        assert dataset_status(toy) == "generated"
    assert dataset_status("mnist-full", tmp_path) == "needs-download"
    assert dataset_status("cifar10", tmp_path) == "needs-download"
    nowhere = {"fashion-mnist": tmp_path / "no-system-copy"}
    assert dataset_status("fashion-mnist", tmp_path, system_dirs=nowhere) == "needs-download"
    make_idx_folder(tmp_path / "system")
    system = {"fashion-mnist": tmp_path / "system"}
    assert dataset_status("fashion-mnist", tmp_path, system_dirs=system) == "system"
    # What torchvision leaves behind after a download counts as downloaded.
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name in datasets.IDX_FILES:
        (raw / name.removesuffix(".gz")).write_bytes(b"")
    assert dataset_status("mnist-full", tmp_path) == "downloaded"
    with pytest.raises(DatasetUnavailable):
        dataset_status("nope")


def test_missing_dataset_offline_explains_what_to_do(monkeypatch, tmp_path: Path) -> None:
    def no_torchvision(*args: object) -> None:
        raise AssertionError("torchvision must not be asked when download is False")

    monkeypatch.setattr(datasets, "_fetch_torchvision", no_torchvision)
    with pytest.raises(DatasetUnavailable) as err:
        load_dataset("mnist-full", data_root=tmp_path, download=False)
    message = str(err.value)
    assert "not on this computer" in message
    assert "internet" in message and "12 MB" in message
    assert "'mnist'" in message and "offline" in message
    assert "Traceback" not in message


def test_failed_download_becomes_a_plain_message(monkeypatch, tmp_path: Path) -> None:
    def offline(name: str, root: Path, train: bool, download: bool) -> None:
        assert download
        raise urllib.error.URLError("[Errno -2] Name or service not known")

    monkeypatch.setattr(datasets, "_fetch_torchvision", offline)
    with pytest.raises(DatasetUnavailable) as err:
        load_dataset("cifar10", data_root=tmp_path, download=True)
    message = str(err.value)
    assert "not on this computer" in message and "170 MB" in message
    assert "Name or service not known" in message and "'mnist'" in message
    assert err.value.__cause__ is None and err.value.__suppress_context__


def test_cifar_images_become_channels_first(monkeypatch, tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    hwc = {True: rng.integers(0, 256, (6, 32, 32, 3), dtype=np.uint8),
           False: rng.integers(0, 256, (4, 32, 32, 3), dtype=np.uint8)}  # fmt: skip
    labels = {True: [0, 1, 2, 3, 4, 9], False: [5, 6, 7, 8]}

    def fake(name: str, root: Path, train: bool, download: bool) -> tuple[object, object]:
        assert name == "cifar10" and root == tmp_path
        return hwc[train], labels[train]  # what torchvision's CIFAR10 holds: HWC array, list

    monkeypatch.setattr(datasets, "_fetch_torchvision", fake)
    d = load_dataset("cifar10", data_root=tmp_path, download=True)
    assert d.train_x.shape == (6, 3, 32, 32) and d.test_x.shape == (4, 3, 32, 32)
    assert d.train_x.is_contiguous() and d.train_y.dtype == torch.int64
    assert d.train_y.tolist() == labels[True]
    # Pixel (row 5, column 7) of channel 2 of image 1 is where HWC put it.
    assert float(d.train_x[1, 2, 5, 7]) == pytest.approx(hwc[True][1, 5, 7, 2] / 255)


# --------------------------------------------------------------------------- IDX (system copies)


def test_fashion_mnist_from_a_system_copy(tmp_path: Path) -> None:
    arrays = make_idx_folder(tmp_path / "fashion")
    d = load_dataset("fashion-mnist", system_dirs={"fashion-mnist": tmp_path / "fashion"})
    assert d.train_x.shape == (12, 1, 28, 28) and d.test_x.shape == (5, 1, 28, 28)
    assert d.train_x.dtype == torch.float32 and d.test_y.dtype == torch.int64
    expected = torch.from_numpy(arrays["train-images"]).float().unsqueeze(1) / 255
    assert torch.allclose(d.train_x, expected)
    assert d.train_y.tolist() == arrays["train-labels"].tolist()
    assert d.test_y.tolist() == arrays["t10k-labels"].tolist()
    assert d.info.class_names[0] == "T-shirt/top" and d.info.train_size == 12


@pytest.mark.parametrize(
    "damage",
    ["not gzip", "wrong magic", "truncated", "label count"],
)
def test_corrupt_idx_file_is_dataset_unavailable(tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "fashion"
    make_idx_folder(folder)
    images = folder / "train-images-idx3-ubyte.gz"
    if damage == "not gzip":
        images.write_bytes(b"this is not a gzip file")
    elif damage == "wrong magic":
        write_idx(images, np.zeros((12, 28, 28), np.uint8), 2049)
    elif damage == "truncated":
        raw = gzip.decompress(images.read_bytes())
        images.write_bytes(gzip.compress(raw[:-100]))
    else:
        write_idx(images, np.zeros((11, 28, 28), np.uint8), 2051)
    with pytest.raises(DatasetUnavailable, match="fashion"):
        load_dataset("fashion-mnist", system_dirs={"fashion-mnist": folder})


# --------------------------------------------------------------------------- toy sets


@pytest.mark.parametrize("name", TOYS)
def test_toy_shapes_classes_and_determinism(name: str) -> None:
    d = load_dataset(name)
    assert d.train_x.shape == (250, 2) and d.test_x.shape == (250, 2)
    assert d.train_x.dtype == torch.float32 and d.train_y.dtype == torch.int64
    assert d.info.num_classes == 2 and d.info.kind == "toy"
    labels = torch.cat((d.train_y, d.test_y))
    assert torch.bincount(labels).tolist() == [250, 250]
    assert 0.35 < float(d.train_y.float().mean()) < 0.65
    points = torch.cat((d.train_x, d.test_x))
    assert float(points.abs().max()) < 1.5  # roughly [-1, 1]
    same = load_dataset(name, seed=0)
    assert torch.equal(d.train_x, same.train_x) and torch.equal(d.test_y, same.test_y)
    other = load_dataset(name, seed=1)
    assert not torch.equal(d.train_x, other.train_x)


@pytest.mark.parametrize("name", TOYS)
def test_toy_noise_moves_the_same_points(name: str) -> None:
    clean = load_dataset(name, noise=0.0, seed=3)
    noisy = load_dataset(name, noise=0.3, seed=3)
    assert torch.equal(clean.train_y, noisy.train_y)  # same points, same order, same labels
    shift = (noisy.train_x - clean.train_x).abs()
    assert float(shift.max()) <= 0.3 + 1e-6 and float(shift.mean()) > 0.05


@pytest.mark.parametrize(("ratio", "samples"), [(0.1, 500), (0.5, 500), (0.9, 300), (0.7, 101)])
def test_toy_train_ratio_and_samples(ratio: float, samples: int) -> None:
    d = load_dataset("toy-gauss", train_ratio=ratio, samples=samples)
    assert len(d.train_y) == round(samples * ratio)
    assert len(d.train_y) + len(d.test_y) == samples
    assert (d.info.train_size, d.info.test_size) == (len(d.train_y), len(d.test_y))


def test_toy_geometry_without_noise() -> None:
    circle = load_dataset("toy-circle", samples=1000)
    x, y = torch.cat((circle.train_x, circle.test_x)), torch.cat((circle.train_y, circle.test_y))
    radius = x.norm(dim=1)
    assert float(radius[y == 0].max()) <= 0.5 + 1e-6
    assert float(radius[y == 1].min()) >= 0.7 - 1e-6 and float(radius[y == 1].max()) <= 1 + 1e-6
    xor = load_dataset("toy-xor", samples=1000)
    product = xor.train_x[:, 0] * xor.train_x[:, 1]
    assert torch.all((product > 0) == (xor.train_y == 0))
    gauss = load_dataset("toy-gauss", samples=1000)
    assert float(gauss.train_x[gauss.train_y == 0].mean()) > 0.3
    assert float(gauss.train_x[gauss.train_y == 1].mean()) < -0.3


def test_preprocessing_does_not_touch_toy_sets() -> None:
    plain = load_dataset("toy-spiral")
    standardized = load_dataset("toy-spiral", preprocessing="standardize")
    assert torch.equal(plain.train_x, standardized.train_x)
    assert standardized.preprocessing == "none"
    assert torch.equal(standardized.normalize(plain.test_x), plain.test_x)


@pytest.mark.parametrize(
    "options",
    [{"noise": 0.6}, {"noise": -0.1}, {"train_ratio": 0.95}, {"train_ratio": 0.05},
     {"samples": 5}, {"samples": 100.5}, {"seed": -1}],
)  # fmt: skip
def test_toy_options_out_of_range(options: dict[str, float]) -> None:
    with pytest.raises(TrainingError):
        load_dataset("toy-circle", **options)


# --------------------------------------------------------------------------- view_as


def test_view_as_flat_and_rows_as_time_steps(mnist: Dataset) -> None:
    batch = mnist.train_x[:8]
    flat = view_as(batch, (784,))
    assert flat.shape == (8, 784) and flat.is_contiguous()
    assert torch.equal(flat[3], batch[3].flatten())
    rows = view_as(batch, (28, 28))
    assert rows.shape == (8, 28, 28) and torch.equal(rows[2, 5], batch[2, 0, 5])
    assert view_as(flat, (1, 28, 28)).shape == (8, 1, 28, 28)
    transposed = batch.transpose(2, 3)  # not contiguous: the result still must be
    assert view_as(transposed, (784,)).is_contiguous()


def test_view_as_mismatch_is_a_spec_error(mnist: Dataset) -> None:
    with pytest.raises(SpecError, match="784") as err:
        view_as(mnist.train_x[:4], (3, 32, 32))
    assert "3072" in str(err.value)
    with pytest.raises(SpecError):
        view_as(torch.zeros(4, 2), (3,))
