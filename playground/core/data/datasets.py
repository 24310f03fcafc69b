"""The dataset registry: what data the app can train on, where it lives and how it is prepared.

Why it is built this way:

* The app must work on a computer that has never been online, so the default dataset ``mnist``
  (10,000 real digits, ``assets/mnist/mnist-10k.npz``) ships with it and loads in a few tens of
  milliseconds. The four 2D toy sets are generated (see :mod:`playground.core.data.toy`).
* The larger sets (``mnist-full``, ``fashion-mnist``, ``cifar10``) are downloaded by
  :mod:`playground.core.data.downloads` (progress, cancel, resume, checksums) into a per-user folder
  (:func:`default_data_root`) and read through torchvision, or for Fashion-MNIST from the copy
  Debian's ``dataset-fashion-mnist`` package installs. Nothing is downloaded unless the caller
  asks (:func:`download_dataset`, or ``download=True``); when a set is missing the user gets a
  :class:`DatasetUnavailable` that says how to get it and that the bundled ``mnist`` works
  offline -- never a network traceback.
* Words and sequences: ``text-sentiment`` (bundled English and Spanish sentences, token ids,
  :mod:`playground.core.data.text`) and ``sine-next`` (generated regression windows,
  :mod:`playground.core.data.sequences`).
* The user's own data: ``"folder:<path>"`` (one sub-folder per class of images,
  :mod:`playground.core.data.image_folder`) and ``"csv:<path>"`` (a table with a label column,
  :mod:`playground.core.data.tables`), split with a seeded, stratified split.
* Everything is held as whole tensors and prepared with whole-tensor operations: the sets are
  small enough to fit in memory, and this keeps training loops simple and fast.
* The user's own classes (``"own-classes"``, pictures drawn, pasted or dropped and kept in the
  project, :mod:`playground.core.data.own_classes`): given to :func:`load_dataset` as
  ``own_classes=`` or else the current ones, split with the same stratified split.
* A :class:`Dataset` remembers its preprocessing and the training statistics it used, so a digit
  the user draws on the canvas can be prepared exactly like the training images
  (:meth:`Dataset.normalize`).

This module never imports Qt; torchvision is imported only when a torchvision dataset is loaded.
"""

from __future__ import annotations

import gzip
import math
import os
import tarfile
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import torch

from playground.core.data import downloads
from playground.core.data.assets import bundled_file
from playground.core.data.downloads import IDX_FILES
from playground.core.data.image_folder import FolderReport, read_image_folder, scan_image_folder
from playground.core.data.own_classes import OwnClasses, current_own_classes, own_classes_info
from playground.core.data.own_classes_check import require_trainable
from playground.core.data.preprocessing import PREPROCESSING
from playground.core.data.registry import (  # noqa: F401  (part of this module's face)
    _INFOS,
    DATASET_NAMES,
    OWN_CLASSES_NAME,
    TOY_NAMES,
    DatasetInfo,
    _info,
)
from playground.core.data.sequences import sine_windows
from playground.core.data.tables import DataFileError, TableReport, read_table
from playground.core.data.text import Vocabulary, sentiment_data
from playground.core.data.toy import generate_toy
from playground.core.errors import DatasetUnavailable, SpecError, TrainingError, shorten
from playground.core.messages import Message

BUNDLED_MNIST = bundled_file("assets", "mnist", "mnist-10k.npz")
DATA_ROOT_ENV = "NN_PLAYGROUND_DATA"
# Read-only copies installed by the system's package manager, looked at before the user folder.
SYSTEM_DIRS: dict[str, Path] = {"fashion-mnist": Path("/usr/share/datasets/fashion-mnist")}
FOLDER_PREFIX, CSV_PREFIX = "folder:", "csv:"


@dataclass(frozen=True, eq=False)
class Dataset:
    """A loaded dataset: float32 inputs of shape (N, *info.input_shape), int64 labels.

    Inputs are already preprocessed. ``mean`` and ``std`` are the pixel statistics of the training
    images scaled to [0, 1] (what ``"standardize"`` uses). Toy sets are never preprocessed: their
    ``preprocessing`` is ``"none"``, ``mean`` 0 and ``std`` 1. So are text (token ids) and
    sequence sets; a regression set (``info.task == "regression"``) has float32 targets.

    Extras, when they apply: ``vocabulary`` and ``texts`` (training and test sentences, row by
    row) for text; ``report`` (what was read and skipped) for a folder or table; and the
    per-feature training statistics ``feature_mean``/``feature_std`` a table is standardised with.
    """

    info: DatasetInfo
    train_x: torch.Tensor = field(repr=False)
    train_y: torch.Tensor = field(repr=False)
    test_x: torch.Tensor = field(repr=False)
    test_y: torch.Tensor = field(repr=False)
    preprocessing: str
    mean: float
    std: float
    vocabulary: Vocabulary | None = field(default=None, repr=False)
    texts: tuple[tuple[str, ...], tuple[str, ...]] | None = field(default=None, repr=False)
    report: FolderReport | TableReport | None = field(default=None, repr=False)
    feature_mean: torch.Tensor | None = field(default=None, repr=False)
    feature_std: torch.Tensor | None = field(default=None, repr=False)

    def normalize(self, images01: torch.Tensor) -> torch.Tensor:
        """Prepare new inputs scaled to [0, 1] (a drawn digit) exactly like this dataset's.

        For a table, new rows of raw feature values get the training standardisation.
        """
        x = images01.to(dtype=torch.float32, copy=True)
        if self.feature_mean is not None and self.feature_std is not None:
            return ((x - self.feature_mean) / self.feature_std).contiguous()
        return _preprocess(x, self.preprocessing, self.mean, self.std).contiguous()


_STATUS_BY_KIND = {"toy": "generated", "sequence": "generated", "text": "bundled"}

_DOWNLOAD_SIZE = {"mnist-full": "12 MB", "fashion-mnist": "30 MB", "cifar10": "170 MB"}
_TORCHVISION_CLASS = {"mnist-full": "MNIST", "fashion-mnist": "FashionMNIST", "cifar10": "CIFAR10"}


def list_datasets() -> list[DatasetInfo]:
    """Every built-in dataset, in menu order (bundled and generated sets need no download).

    The user's own data is not listed: it is named by path (``"folder:..."``, ``"csv:..."``).
    """
    return list(_INFOS.values())


def _local_path(name: str) -> tuple[str, Path] | None:
    """``("folder" | "csv", path)`` for a name of the user's own data, else ``None``."""
    for prefix in (FOLDER_PREFIX, CSV_PREFIX):
        if isinstance(name, str) and name.startswith(prefix) and len(name) > len(prefix):
            return prefix[:-1], Path(name[len(prefix) :]).expanduser()
    return None


def _own_classes(own: OwnClasses | None) -> OwnClasses:
    """The own classes to use: the caller's, else the current ones (the open project's)."""
    own = own if own is not None else current_own_classes()
    if own is None:
        raise DatasetUnavailable(
            "There are no own classes to use: they are kept in the project that holds them. "
            "Open that project, or add classes and samples first.")
    return own


def dataset_info(name: str, *, own_classes: OwnClasses | None = None) -> DatasetInfo:
    """Registry information; for a folder or table it is read from disk (images not decoded).

    For :data:`OWN_CLASSES_NAME` it describes ``own_classes``, or the current own classes.
    """
    if name == OWN_CLASSES_NAME:
        return own_classes_info(_own_classes(own_classes))
    local = _local_path(name)
    if local is not None:
        kind, path = local
        if kind == "folder":
            report = scan_image_folder(path, check_images=False)
            sizes, shape, classes = (report.total, 0), (1, 28, 28), report.classes
        else:
            x, _, classes, _ = read_table(path)
            sizes, shape = (len(x), 0), (x.shape[1],)
        if kind == "folder":
            title = Message("{name} (your images)", name=path.name)
        else:
            title = Message("{name} (your table)", name=path.name)
        text = Message("Your own data from {path}.", path=str(path))
        return _info(name, title, text, shape, classes, sizes, "yours",
                     "folder" if kind == "folder" else "table")  # fmt: skip
    try:
        return _INFOS[name]
    except (KeyError, TypeError):
        raise DatasetUnavailable(
            "Unknown dataset {name}. Known datasets: {known}; or your own data as "
            "'folder:<path>' or 'csv:<path>'.", name=shorten(name), known=", ".join(DATASET_NAMES),
        ) from None


def default_data_root() -> Path:
    """Where downloaded datasets are kept: ``$NN_PLAYGROUND_DATA`` or the user's data folder."""
    env = os.environ.get(DATA_ROOT_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("nn-playground") / "datasets"


def _system_dir(name: str, system_dirs: dict[str, Path] | None) -> Path | None:
    """The folder holding a complete system copy (IDX .gz files) of ``name``, if there is one."""
    if name not in ("mnist-full", "fashion-mnist"):
        return None
    folder = {**SYSTEM_DIRS, **(system_dirs or {})}.get(name)
    if folder is not None and all((Path(folder) / f).is_file() for f in IDX_FILES):
        return Path(folder)
    return None


def _is_downloaded(name: str, root: Path) -> bool:
    return downloads.is_complete(name, root)


def download_dataset(name: str, data_root: Path | None = None, **options: Any) -> Path:
    """Download ``name`` into ``data_root`` (default :func:`default_data_root`); returns the root.

    ``options`` go to :func:`playground.core.data.downloads.download_dataset`: ``progress``,
    ``cancel``, ``mirrors``, ``md5s``, ``chunk_size``, ``timeout``. Call it on a worker thread;
    afterwards :func:`load_dataset` finds the set without a network.
    """
    root = Path(data_root) if data_root is not None else default_data_root()
    return downloads.download_dataset(name, root, **options)


def dataset_status(
    name: str, data_root: Path | None = None, *, system_dirs: dict[str, Path] | None = None
) -> str:
    """``"bundled"``, ``"generated"``, ``"system"``, ``"downloaded"`` or ``"needs-download"``;
    ``"local"`` (or ``"missing"``) for the user's own folder or table."""
    local = _local_path(name)
    if local is not None:
        return "local" if local[1].exists() else "missing"
    info = dataset_info(name)
    if name == "mnist":
        return "bundled"
    if info.kind in _STATUS_BY_KIND:
        return _STATUS_BY_KIND[info.kind]
    if _system_dir(name, system_dirs) is not None:
        return "system"
    root = Path(data_root) if data_root is not None else default_data_root()
    return "downloaded" if _is_downloaded(name, root) else "needs-download"


def _unavailable(name: str, root: Path, reason: str = "") -> DatasetUnavailable:
    """The error for a downloadable set that is not here: one whole paragraph per case, so a
    translation reads as one text (Fashion-MNIST also comes as a Debian package)."""
    values = {"title": Message(_INFOS[name].title), "root": str(root),
              "size": _DOWNLOAD_SIZE[name], "reason": reason.rstrip(".")}
    fashion = name == "fashion-mnist"
    if reason and fashion:
        return DatasetUnavailable(
            "{title} is not on this computer (looked in {root}). To get it, connect to the "
            "internet and download it (about {size}); it is kept for next time. On Debian or "
            "Ubuntu, installing the package dataset-fashion-mnist also works. The download did "
            "not work ({reason}). The bundled 'mnist' dataset (10,000 digits) works offline in "
            "the meantime.", **values)
    if reason:
        return DatasetUnavailable(
            "{title} is not on this computer (looked in {root}). To get it, connect to the "
            "internet and download it (about {size}); it is kept for next time. The download "
            "did not work ({reason}). The bundled 'mnist' dataset (10,000 digits) works offline "
            "in the meantime.", **values)
    if fashion:
        return DatasetUnavailable(
            "{title} is not on this computer (looked in {root}). To get it, connect to the "
            "internet and download it (about {size}); it is kept for next time. On Debian or "
            "Ubuntu, installing the package dataset-fashion-mnist also works. The bundled "
            "'mnist' dataset (10,000 digits) works offline in the meantime.", **values)
    return DatasetUnavailable(
        "{title} is not on this computer (looked in {root}). To get it, connect to the internet "
        "and download it (about {size}); it is kept for next time. The bundled 'mnist' dataset "
        "(10,000 digits) works offline in the meantime.", **values)


# --------------------------------------------------------------------------- raw uint8 loading


def read_idx(path: Path, magic: int) -> np.ndarray:
    """Read one gzipped IDX file of unsigned bytes (``magic`` 2049 labels, 2051 images)."""

    try:
        with gzip.open(path, "rb") as handle:
            data = handle.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise DatasetUnavailable(
            "The dataset file {file} is damaged (cannot be unpacked: {reason}). Reinstall or "
            "download it again.", file=str(path), reason=str(exc)) from None
    ndim = magic & 0xFF
    header = 4 + 4 * ndim
    if len(data) < header or int.from_bytes(data[:4], "big") != magic:
        raise DatasetUnavailable(
            "The dataset file {file} is damaged (not an IDX file of the expected kind). "
            "Reinstall or download it again.", file=str(path))
    dims = tuple(int(d) for d in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    if len(data) != header + math.prod(dims):
        raise DatasetUnavailable(
            "The dataset file {file} is damaged ({count} bytes of data for shape {shape}). "
            "Reinstall or download it again.", file=str(path), count=len(data) - header,
            shape=str(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims).copy()


def _read_idx_folder(folder: Path) -> tuple[np.ndarray, ...]:
    arrays = []
    for part in ("train", "t10k"):
        images = read_idx(folder / f"{part}-images-idx3-ubyte.gz", 2051)
        labels = read_idx(folder / f"{part}-labels-idx1-ubyte.gz", 2049)
        if images.shape[1:] != (28, 28) or len(images) != len(labels) or labels.max() > 9:
            raise DatasetUnavailable(
                "The dataset files in {folder} do not match each other ({part}: images {shape}, "
                "{count} labels). Reinstall or download them again.", folder=str(folder),
                part=part, shape=str(images.shape), count=len(labels))
        arrays += [images, labels]
    return tuple(arrays)


def _load_bundled() -> tuple[np.ndarray, ...]:
    keys = ("train_images", "train_labels", "test_images", "test_labels")
    try:
        with np.load(BUNDLED_MNIST, allow_pickle=False) as npz:
            return tuple(npz[k] for k in keys)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise DatasetUnavailable(
            "The bundled MNIST file {file} is missing or damaged ({reason}). Reinstall the app, "
            "or rebuild the file with {script}.", file=str(BUNDLED_MNIST), reason=str(exc),
            script="assets/mnist/convert_mnist.py") from None


def _fetch_torchvision(name: str, root: Path, train: bool, download: bool) -> tuple[object, object]:
    """Images and labels of one split through torchvision (``.data`` and ``.targets``).

    With ``download`` a missing set is first fetched by :mod:`playground.core.data.downloads`
    (torchvision's own downloader is never used).
    """
    import torchvision.datasets

    if download:
        downloads.download_dataset(name, root)
    cls = getattr(torchvision.datasets, _TORCHVISION_CLASS[name])
    ds = cls(root=str(root), train=train, download=False)
    return ds.data, ds.targets


def _load_torchvision(name: str, root: Path, download: bool) -> tuple[object, ...]:
    if not download and not _is_downloaded(name, root):
        raise _unavailable(name, root)
    try:
        return (*_fetch_torchvision(name, root, True, download),
                *_fetch_torchvision(name, root, False, download))  # fmt: skip
    except (RuntimeError, OSError, ValueError, EOFError, tarfile.TarError, zlib.error) as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        raise _unavailable(name, root, lines[-1] if lines else type(exc).__name__) from None


def _as_images(data: object, name: str) -> torch.Tensor:
    """uint8 images as (N, C, H, W): grey (N, H, W) gains a channel, CIFAR's HWC becomes CHW."""
    images = torch.as_tensor(np.asarray(data), dtype=torch.uint8)
    if images.dim() == 3:
        return images.unsqueeze(1)
    return images.permute(0, 3, 1, 2).contiguous() if name == "cifar10" else images


# --------------------------------------------------------------------------- preprocessing


def _preprocess(x: torch.Tensor, preprocessing: str, mean: float, std: float) -> torch.Tensor:
    """Apply a preprocessing to float32 values in [0, 1]; may work in place on ``x``."""
    if preprocessing in ("scale", "none"):
        return x
    if preprocessing == "center":
        return x.sub_(0.5)
    if preprocessing == "standardize":
        return x.sub_(mean).div_(std)
    if preprocessing == "binarize":
        return (x > 0.5).to(torch.float32)
    if preprocessing == "binarize_any":
        # Any ink at all is a 1, like numpy's ``pixels.astype(bool)`` in networks written by
        # hand. Half a grey level is the cut: every non-zero byte of an image is above it, and
        # the rounding dust of a resampled drawing (a digit drawn on the canvas) is below it.
        return (x > 0.5 / 255).to(torch.float32)
    raise _bad_preprocessing(preprocessing)


def _bad_preprocessing(preprocessing: object) -> TrainingError:
    return TrainingError("{name} must be one of {allowed}, not {value}.", name="preprocessing",
                         allowed=", ".join(PREPROCESSING), value=shorten(preprocessing))


def _check_limit(limit: int | None) -> None:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise TrainingError("{name} must be a whole number of at least {low}, not {value}.",
                            name="limit", low=1, value=shorten(limit))


def _image_dataset(
    info: DatasetInfo,
    train_u8: torch.Tensor,
    train_y: torch.Tensor,
    test_u8: torch.Tensor,
    test_y: torch.Tensor,
    preprocessing: str,
    report: FolderReport | None = None,
) -> Dataset:
    """Scale uint8 (N, C, H, W) images to [0, 1] and preprocess with the training statistics."""
    train_x = train_u8.to(torch.float32).div_(255.0)
    test_x = test_u8.to(torch.float32).div_(255.0)
    std_t, mean_t = torch.std_mean(train_x)
    mean, std = float(mean_t), max(float(std_t), 1e-6)
    train_x = _preprocess(train_x, preprocessing, mean, std).contiguous()
    test_x = _preprocess(test_x, preprocessing, mean, std).contiguous()
    info = replace(info, train_size=len(train_y), test_size=len(test_y))
    return Dataset(info, train_x, train_y.contiguous(), test_x, test_y.contiguous(),
                   preprocessing, mean, std, report=report)  # fmt: skip


def split_indices(
    labels: np.ndarray, test_fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """A seeded split that keeps each class's share: ``(train indices, test indices)``.

    Every class keeps at least one training sample; both parts come out shuffled.
    """
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, (int, float)) or not (
        0.05 <= test_fraction <= 0.5
    ):
        raise TrainingError("{name} must be between {low} and {high}, not {value}.",
                            name="test_fraction", low=0.05, high=0.5, value=shorten(test_fraction))
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise TrainingError("{name} must be a whole number of at least {low}, not {value}.",
                            name="seed", low=0, value=shorten(seed))
    rng = np.random.default_rng(seed)
    train: list[int] = []
    test: list[int] = []
    for c in np.unique(labels):
        idx = rng.permutation(np.flatnonzero(labels == c))
        n_test = min(round(len(idx) * test_fraction), len(idx) - 1)
        test += idx[:n_test].tolist()
        train += idx[n_test:].tolist()
    if not test:
        raise DataFileError(
            "There are only {count} samples: too few to keep some apart for testing. Add more "
            "(at least a few per class).", count=len(labels))
    return rng.permutation(train), rng.permutation(test)


def _load_local(
    kind: str, path: Path, name: str, preprocessing: str, test_fraction: float, seed: int,
    image_size: int, channels: int, label_column: str | int,
) -> Dataset:  # fmt: skip
    """The user's own images (``kind == "folder"``) or table (``"csv"``), split and prepared."""
    if kind == "folder":
        images, labels, classes, report = read_image_folder(
            path, image_size=image_size, channels=channels
        )
        train, test = split_indices(labels, test_fraction, seed)
        info = _info(name, Message("{name} (your images)", name=report.root.name),
                     Message("Your images from {path}.", path=str(path)),
                     (channels, image_size, image_size), classes, (0, 0), "yours",
                     "folder")  # fmt: skip
        u8, y = torch.from_numpy(images), torch.from_numpy(labels)
        return _image_dataset(info, u8[train], y[train], u8[test], y[test], preprocessing, report)
    features, labels, classes, table = read_table(path, label_column)
    train, test = split_indices(labels, test_fraction, seed)
    x = torch.from_numpy(features)
    mean = x[train].mean(dim=0)
    std = x[train].std(dim=0, correction=0)
    std = torch.where(std > 1e-12, std, torch.ones_like(std))
    train_x, test_x = (((x[i] - mean) / std).to(torch.float32).contiguous() for i in (train, test))
    y = torch.from_numpy(labels)
    info = _info(name, Message("{name} (your table)", name=path.name),
                 Message("Your table {path}.", path=str(path)), (x.shape[1],), classes,
                 (len(train), len(test)), "yours", "table")  # fmt: skip
    return Dataset(info, train_x, y[train].contiguous(), test_x, y[test].contiguous(),
                   "standardize", 0.0, 1.0, report=table, feature_mean=mean.to(torch.float32),
                   feature_std=std.to(torch.float32))  # fmt: skip


def _load_own_classes(
    own: OwnClasses, preprocessing: str, test_fraction: float, seed: int
) -> Dataset:
    """The own classes split (stratified, seeded) and prepared like any image set."""
    require_trainable(own)
    images, labels = own.stacked()
    train, test = split_indices(labels, test_fraction, seed)
    # Samples are on 1/255 steps, so the bytes give back exactly the same values.
    u8 = torch.from_numpy(np.rint(images * 255.0).astype(np.uint8)).unsqueeze(1)
    y = torch.from_numpy(labels)
    return _image_dataset(own_classes_info(own), u8[train], y[train], u8[test], y[test],
                          preprocessing)  # fmt: skip


def _cut(data: Dataset, limit: int | None) -> Dataset:
    """Keep the first ``limit`` training and test samples; ``info`` gets the sizes loaded."""
    if limit is None:
        sizes = {"train_size": len(data.train_y), "test_size": len(data.test_y)}
        return replace(data, info=replace(data.info, **sizes))
    cut = slice(None, limit)
    train_x, train_y, test_x, test_y = (
        t[cut].contiguous() for t in (data.train_x, data.train_y, data.test_x, data.test_y)
    )
    texts = (data.texts[0][cut], data.texts[1][cut]) if data.texts is not None else None
    info = replace(data.info, train_size=len(train_y), test_size=len(test_y))
    return replace(data, info=info, train_x=train_x, train_y=train_y, test_x=test_x,
                   test_y=test_y, texts=texts)  # fmt: skip


def load_dataset(
    name: str,
    *,
    preprocessing: str = "scale",
    data_root: Path | None = None,
    download: bool = False,
    noise: float | None = None,
    train_ratio: float | None = None,
    samples: int | None = None,
    seed: int = 0,
    limit: int | None = None,
    system_dirs: dict[str, Path] | None = None,
    seq_len: int | None = None,
    language: str = "both",
    image_size: int = 28,
    channels: int = 1,
    label_column: str | int = -1,
    test_fraction: float = 0.2,
    own_classes: OwnClasses | None = None,
) -> Dataset:
    """Load a dataset as whole tensors, preprocessed and ready to train on.

    ``preprocessing`` (one of :data:`PREPROCESSING`) applies to image sets (and your image
    folders) only; a table's features are always standardised. ``limit`` keeps the first
    ``limit`` training and test samples. ``download`` fetches a missing set into ``data_root``
    (default :func:`default_data_root`); ``system_dirs`` replaces the system folders where IDX
    copies are looked for first. Bundled image sets have a fixed split. Options by kind:

    * toy sets: ``noise`` (0), ``train_ratio`` (0.5), ``samples`` (500), ``seed``;
    * ``sine-next``: ``seq_len`` (20 steps), ``noise`` (0.05), ``train_ratio`` (0.8),
      ``samples`` (2000), ``seed``;
    * ``text-sentiment``: ``seq_len`` (20 tokens), ``language`` ("both", "en" or "es");
    * ``"folder:<path>"``: ``image_size`` (28), ``channels`` (1 grey, 3 colour),
      ``test_fraction`` (0.2) and ``seed`` for the stratified split;
    * ``"csv:<path>"``: ``label_column`` (name or index, default the last), ``test_fraction``,
      ``seed``;
    * ``"own-classes"``: ``own_classes`` (default the current ones), ``test_fraction`` and
      ``seed`` for the stratified split.
    """
    if preprocessing not in PREPROCESSING:
        raise _bad_preprocessing(preprocessing)
    _check_limit(limit)
    if name == OWN_CLASSES_NAME:
        own = _own_classes(own_classes)
        return _cut(_load_own_classes(own, preprocessing, test_fraction, seed), limit)
    local = _local_path(name)
    if local is not None:
        data = _load_local(local[0], local[1], name, preprocessing, test_fraction, seed,
                           image_size, channels, label_column)  # fmt: skip
        return _cut(data, limit)
    info = dataset_info(name)
    if info.kind == "toy":
        train_x, train_y, test_x, test_y = generate_toy(
            name, samples=500 if samples is None else samples,
            noise=0.0 if noise is None else noise,
            train_ratio=0.5 if train_ratio is None else train_ratio, seed=seed,
        )  # fmt: skip
        return _cut(Dataset(info, train_x, train_y, test_x, test_y, "none", 0.0, 1.0), limit)
    if info.kind == "sequence":
        train_x, train_y, test_x, test_y = sine_windows(
            samples=2000 if samples is None else samples,
            steps=info.input_shape[0] if seq_len is None else seq_len,
            noise=0.05 if noise is None else noise,
            train_ratio=0.8 if train_ratio is None else train_ratio, seed=seed,
        )  # fmt: skip
        info = replace(info, input_shape=tuple(train_x.shape[1:]), train_size=len(train_y),
                       test_size=len(test_y))  # fmt: skip
        return _cut(Dataset(info, train_x, train_y, test_x, test_y, "none", 0.0, 1.0), limit)
    if info.kind == "text":
        text = sentiment_data(language, info.input_shape[0] if seq_len is None else seq_len)
        info = replace(
            info, input_shape=(text.train_x.shape[1],), train_size=len(text.train_y),
            test_size=len(text.test_y), vocabulary_size=len(text.vocabulary),
        )  # fmt: skip
        arrays = (text.train_x, text.train_y, text.test_x, text.test_y)
        tensors = (torch.from_numpy(a) for a in arrays)
        data = Dataset(info, *tensors, "none", 0.0, 1.0, vocabulary=text.vocabulary,
                       texts=(text.train_text, text.test_text))  # fmt: skip
        return _cut(data, limit)

    if name == "mnist":
        raw: tuple[object, ...] = _load_bundled()
    elif (folder := _system_dir(name, system_dirs)) is not None:
        raw = _read_idx_folder(folder)
    else:
        root = Path(data_root) if data_root is not None else default_data_root()
        raw = _load_torchvision(name, root, download)

    cut = slice(None, limit)
    train_u8, test_u8 = (_as_images(raw[i], name)[cut] for i in (0, 2))
    train_y, test_y = (torch.as_tensor(np.asarray(raw[i]), dtype=torch.int64)[cut] for i in (1, 3))
    return _image_dataset(info, train_u8, train_y, test_u8, test_y, preprocessing)


def view_as(x: torch.Tensor, input_shape: tuple[int, ...]) -> torch.Tensor:
    """Reshape a batch (N, ...) so each sample has ``input_shape``; the value count must match.

    This is how one dataset feeds different networks: MNIST images (N, 1, 28, 28) become (N, 784)
    for a dense network or (N, 28, 28) for a recurrent one that reads one row per time step.
    """
    shape = tuple(int(d) for d in input_shape)
    if x.dim() < 1 or not shape or any(d < 1 for d in shape):
        raise SpecError("Cannot give a batch of shape {batch} the input shape {shape}.",
                        batch=str(tuple(x.shape)), shape=str(shape))
    have, want = math.prod(x.shape[1:]), math.prod(shape)
    if have != want:
        sample = "×".join(str(d) for d in x.shape[1:]) or "1"
        wanted = "×".join(str(d) for d in shape)
        raise SpecError(
            "Each sample of the data has {have} values ({sample}), but the network's input shape "
            "{wanted} needs {want}. Set the input shape to {sample}, or to any shape with {have} "
            "values in total.", have=str(have), sample=sample, wanted=wanted, want=str(want))
    return x.reshape(x.shape[0], *shape).contiguous()
