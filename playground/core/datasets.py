"""The dataset registry: what data the app can train on, where it lives and how it is prepared.

Why it is built this way:

* The app must work on a computer that has never been online, so the default dataset ``mnist``
  (10,000 real digits, ``assets/mnist/mnist-10k.npz``) ships with it and loads in a few tens of
  milliseconds. The four 2D toy sets are generated (see :mod:`playground.core.toy_data`).
* The larger sets (``mnist-full``, ``fashion-mnist``, ``cifar10``) come through torchvision into a
  per-user folder (:func:`default_data_root`), or for Fashion-MNIST from the copy Debian's
  ``dataset-fashion-mnist`` package installs. Nothing is downloaded unless the caller asks
  (``download=True``); when a set is missing the user gets a :class:`DatasetUnavailable` that
  says how to get it and that the bundled ``mnist`` works offline -- never a network traceback.
* Everything is held as whole tensors and prepared with whole-tensor operations: the sets are
  small enough to fit in memory, and this keeps training loops simple and fast.
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

import numpy as np
import torch

from playground.core.config import PREPROCESSING
from playground.core.errors import DatasetUnavailable, SpecError, TrainingError
from playground.core.layers import Text
from playground.core.toy_data import TOY_NAMES, generate_toy

BUNDLED_MNIST = Path(__file__).resolve().parents[2] / "assets" / "mnist" / "mnist-10k.npz"
DATA_ROOT_ENV = "NN_PLAYGROUND_DATA"
# Read-only copies installed by the system's package manager, looked at before the user folder.
SYSTEM_DIRS: dict[str, Path] = {"fashion-mnist": Path("/usr/share/datasets/fashion-mnist")}
IDX_FILES: tuple[str, ...] = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)


@dataclass(frozen=True)
class DatasetInfo:
    """What a dataset is, without loading it: enough for menus, tooltips and shape checks.

    ``train_size``/``test_size`` are the full sizes in the registry; the ``info`` of a loaded
    :class:`Dataset` carries the sizes actually loaded (after ``limit``, or for a toy set, after
    ``samples`` and ``train_ratio``).
    """

    name: str
    title: str
    description: Text
    input_shape: tuple[int, ...]
    num_classes: int
    class_names: tuple[str, ...]
    task: str
    train_size: int
    test_size: int
    license: str
    kind: str  # "image" | "toy"


@dataclass(frozen=True, eq=False)
class Dataset:
    """A loaded dataset: float32 inputs of shape (N, *info.input_shape), int64 labels.

    Inputs are already preprocessed. ``mean`` and ``std`` are the pixel statistics of the training
    images scaled to [0, 1] (what ``"standardize"`` uses). Toy sets are never preprocessed: their
    ``preprocessing`` is ``"none"``, ``mean`` 0 and ``std`` 1.
    """

    info: DatasetInfo
    train_x: torch.Tensor = field(repr=False)
    train_y: torch.Tensor = field(repr=False)
    test_x: torch.Tensor = field(repr=False)
    test_y: torch.Tensor = field(repr=False)
    preprocessing: str
    mean: float
    std: float

    def normalize(self, images01: torch.Tensor) -> torch.Tensor:
        """Prepare new inputs scaled to [0, 1] (a drawn digit) exactly like this dataset's."""
        x = images01.to(dtype=torch.float32, copy=True)
        return _preprocess(x, self.preprocessing, self.mean, self.std).contiguous()


def _info(
    name: str,
    title: str,
    en: str,
    es: str,
    shape: tuple[int, ...],
    classes: tuple[str, ...],
    sizes: tuple[int, int],
    license: str,
    kind: str,
) -> DatasetInfo:
    return DatasetInfo(
        name, title, Text(en, es), shape, len(classes), classes, "classification", *sizes,
        license, kind,
    )  # fmt: skip


_DIGITS = tuple(str(d) for d in range(10))
_FASHION = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
            "Bag", "Ankle boot")  # fmt: skip
_CIFAR = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
_TOY_LICENSE = "none needed (generated)"
_INFOS: dict[str, DatasetInfo] = {i.name: i for i in (
    _info("mnist", "MNIST (bundled, 10,000 digits)",
          "10,000 real handwritten digits shipped with the app; works offline.",
          "10.000 dígitos manuscritos reales incluidos en la aplicación; funciona sin conexión.",
          (1, 28, 28), _DIGITS, (8_500, 1_500), "CC BY-SA 3.0", "image"),
    _info("mnist-full", "MNIST (full, 70,000 digits)",
          "The complete MNIST set of 70,000 handwritten digits (download of about 12 MB).",
          "El conjunto MNIST completo, 70.000 dígitos manuscritos (descarga de unos 12 MB).",
          (1, 28, 28), _DIGITS, (60_000, 10_000), "CC BY-SA 3.0", "image"),
    _info("fashion-mnist", "Fashion-MNIST (70,000 clothing images)",
          "70,000 small grey photos of clothes and shoes in 10 kinds; harder than digits.",
          "70.000 fotos pequeñas en gris de ropa y calzado de 10 tipos; más difícil que dígitos.",
          (1, 28, 28), _FASHION, (60_000, 10_000), "MIT", "image"),
    _info("cifar10", "CIFAR-10 (60,000 colour photos)",
          "60,000 tiny colour photos of animals and vehicles in 10 classes (about 170 MB).",
          "60.000 fotos diminutas en color de animales y vehículos en 10 clases (unos 170 MB).",
          (3, 32, 32), _CIFAR, (50_000, 10_000), "no formal license (cite Krizhevsky, 2009)",
          "image"),
    _info("toy-circle", "Circle (2D toy)",
          "A disc of points inside a ring: no straight line separates them.",
          "Un disco de puntos dentro de un anillo: ninguna línea recta los separa.",
          (2,), ("inside", "ring"), (250, 250), _TOY_LICENSE, "toy"),
    _info("toy-xor", "Exclusive or (2D toy)",
          "Classes by whether x and y share a sign: the problem one neuron cannot solve.",
          "Clases según si x e y tienen el mismo signo: el problema que una neurona no resuelve.",
          (2,), ("same sign", "opposite signs"), (250, 250), _TOY_LICENSE, "toy"),
    _info("toy-gauss", "Two Gaussian blobs (2D toy)",
          "Two clouds of points that a single straight line can separate.",
          "Dos nubes de puntos que una sola línea recta puede separar.",
          (2,), ("upper right", "lower left"), (250, 250), _TOY_LICENSE, "toy"),
    _info("toy-spiral", "Spiral (2D toy)",
          "Two interleaved spirals: the hardest toy set, it needs several hidden layers.",
          "Dos espirales entrelazadas: el conjunto de juguete más difícil, pide varias capas.",
          (2,), ("spiral A", "spiral B"), (250, 250), _TOY_LICENSE, "toy"),
)}  # fmt: skip
DATASET_NAMES: tuple[str, ...] = tuple(_INFOS)
assert set(TOY_NAMES) <= set(DATASET_NAMES)

_DOWNLOAD_SIZE = {"mnist-full": "12 MB", "fashion-mnist": "30 MB", "cifar10": "170 MB"}
_TORCHVISION_CLASS = {"mnist-full": "MNIST", "fashion-mnist": "FashionMNIST", "cifar10": "CIFAR10"}
# Files torchvision leaves in the data root once a set is downloaded and unpacked.
_DOWNLOADED_FILES: dict[str, tuple[str, ...]] = {
    "mnist-full": tuple(f"MNIST/raw/{f[:-3]}" for f in IDX_FILES),
    "fashion-mnist": tuple(f"FashionMNIST/raw/{f[:-3]}" for f in IDX_FILES),
    "cifar10": tuple(
        f"cifar-10-batches-py/{f}"
        for f in ("batches.meta", "test_batch", *(f"data_batch_{i}" for i in range(1, 6)))
    ),
}


def list_datasets() -> list[DatasetInfo]:
    """Every dataset the app knows, in menu order (bundled and toy sets need no download)."""
    return list(_INFOS.values())


def dataset_info(name: str) -> DatasetInfo:
    try:
        return _INFOS[name]
    except (KeyError, TypeError):
        known = ", ".join(DATASET_NAMES)
        raise DatasetUnavailable(f"Unknown dataset {name!r}. Known datasets: {known}.") from None


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
    return all((root / f).is_file() for f in _DOWNLOADED_FILES[name])


def dataset_status(
    name: str, data_root: Path | None = None, *, system_dirs: dict[str, Path] | None = None
) -> str:
    """``"bundled"``, ``"generated"``, ``"system"``, ``"downloaded"`` or ``"needs-download"``."""
    info = dataset_info(name)
    if name == "mnist":
        return "bundled"
    if info.kind == "toy":
        return "generated"
    if _system_dir(name, system_dirs) is not None:
        return "system"
    root = Path(data_root) if data_root is not None else default_data_root()
    return "downloaded" if _is_downloaded(name, root) else "needs-download"


def _unavailable(name: str, root: Path, reason: str = "") -> DatasetUnavailable:
    message = (
        f"{_INFOS[name].title} is not on this computer (looked in {root}). To get it, connect to "
        f"the internet and download it (about {_DOWNLOAD_SIZE[name]}); it is kept for next time."
    )
    if name == "fashion-mnist":
        message += " On Debian or Ubuntu, installing the package dataset-fashion-mnist also works."
    if reason:
        message += f" The download did not work ({reason.rstrip('.')})."
    return DatasetUnavailable(
        message + " The bundled 'mnist' dataset (10,000 digits) works offline in the meantime."
    )


# --------------------------------------------------------------------------- raw uint8 loading


def read_idx(path: Path, magic: int) -> np.ndarray:
    """Read one gzipped IDX file of unsigned bytes (``magic`` 2049 labels, 2051 images)."""

    def broken(problem: str) -> DatasetUnavailable:
        return DatasetUnavailable(
            f"The dataset file {path} is damaged ({problem}). Reinstall or download it again."
        )

    try:
        with gzip.open(path, "rb") as handle:
            data = handle.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise broken(f"cannot be unpacked: {exc}") from None
    ndim = magic & 0xFF
    header = 4 + 4 * ndim
    if len(data) < header or int.from_bytes(data[:4], "big") != magic:
        raise broken("not an IDX file of the expected kind")
    dims = tuple(int(d) for d in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    if len(data) != header + math.prod(dims):
        raise broken(f"{len(data) - header} bytes of data for shape {dims}")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims).copy()


def _read_idx_folder(folder: Path) -> tuple[np.ndarray, ...]:
    arrays = []
    for part in ("train", "t10k"):
        images = read_idx(folder / f"{part}-images-idx3-ubyte.gz", 2051)
        labels = read_idx(folder / f"{part}-labels-idx1-ubyte.gz", 2049)
        if images.shape[1:] != (28, 28) or len(images) != len(labels) or labels.max() > 9:
            raise DatasetUnavailable(
                f"The dataset files in {folder} do not match each other ({part}: images "
                f"{images.shape}, {len(labels)} labels). Reinstall or download them again."
            )
        arrays += [images, labels]
    return tuple(arrays)


def _load_bundled() -> tuple[np.ndarray, ...]:
    keys = ("train_images", "train_labels", "test_images", "test_labels")
    try:
        with np.load(BUNDLED_MNIST, allow_pickle=False) as npz:
            return tuple(npz[k] for k in keys)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise DatasetUnavailable(
            f"The bundled MNIST file {BUNDLED_MNIST} is missing or damaged ({exc}). Reinstall "
            "the app, or rebuild the file with assets/mnist/convert_mnist.py."
        ) from None


def _fetch_torchvision(name: str, root: Path, train: bool, download: bool) -> tuple[object, object]:
    """Images and labels of one split through torchvision (``.data`` and ``.targets``)."""
    import torchvision.datasets

    cls = getattr(torchvision.datasets, _TORCHVISION_CLASS[name])
    ds = cls(root=str(root), train=train, download=download)
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
    raise TrainingError(
        f"preprocessing must be one of {', '.join(PREPROCESSING)}, not {preprocessing!r}."
    )


def _check_limit(limit: int | None) -> None:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise TrainingError(f"limit must be a whole number of at least 1, not {limit!r}.")


def load_dataset(
    name: str,
    *,
    preprocessing: str = "scale",
    data_root: Path | None = None,
    download: bool = False,
    noise: float = 0.0,
    train_ratio: float = 0.5,
    samples: int = 500,
    seed: int = 0,
    limit: int | None = None,
    system_dirs: dict[str, Path] | None = None,
) -> Dataset:
    """Load a dataset as whole tensors, preprocessed and ready to train on.

    ``preprocessing`` (one of ``config.PREPROCESSING``) applies to image sets only. ``noise``,
    ``train_ratio``, ``samples`` and ``seed`` apply to toy sets only; image sets have a fixed
    split. ``limit`` keeps the first ``limit`` training and test samples. ``download`` lets
    torchvision fetch a missing set into ``data_root`` (default :func:`default_data_root`).
    ``system_dirs`` replaces the system folders where IDX copies are looked for first.
    """
    info = dataset_info(name)
    if preprocessing not in PREPROCESSING:
        raise TrainingError(
            f"preprocessing must be one of {', '.join(PREPROCESSING)}, not {preprocessing!r}."
        )
    _check_limit(limit)
    cut = slice(None, limit)

    if info.kind == "toy":
        train_x, train_y, test_x, test_y = (
            t[cut].contiguous()
            for t in generate_toy(
                name, samples=samples, noise=noise, train_ratio=train_ratio, seed=seed
            )
        )
        info = replace(info, train_size=len(train_y), test_size=len(test_y))
        return Dataset(info, train_x, train_y, test_x, test_y, "none", 0.0, 1.0)

    if name == "mnist":
        raw: tuple[object, ...] = _load_bundled()
    elif (folder := _system_dir(name, system_dirs)) is not None:
        raw = _read_idx_folder(folder)
    else:
        root = Path(data_root) if data_root is not None else default_data_root()
        raw = _load_torchvision(name, root, download)

    train_u8, test_u8 = (_as_images(raw[i], name)[cut] for i in (0, 2))
    train_y, test_y = (
        torch.as_tensor(np.asarray(raw[i]), dtype=torch.int64)[cut].contiguous() for i in (1, 3)
    )
    train_x = train_u8.to(torch.float32).div_(255.0)
    test_x = test_u8.to(torch.float32).div_(255.0)
    std_t, mean_t = torch.std_mean(train_x)
    mean, std = float(mean_t), max(float(std_t), 1e-6)
    train_x = _preprocess(train_x, preprocessing, mean, std).contiguous()
    test_x = _preprocess(test_x, preprocessing, mean, std).contiguous()
    info = replace(info, train_size=len(train_y), test_size=len(test_y))
    return Dataset(info, train_x, train_y, test_x, test_y, preprocessing, mean, std)


def view_as(x: torch.Tensor, input_shape: tuple[int, ...]) -> torch.Tensor:
    """Reshape a batch (N, ...) so each sample has ``input_shape``; the value count must match.

    This is how one dataset feeds different networks: MNIST images (N, 1, 28, 28) become (N, 784)
    for a dense network or (N, 28, 28) for a recurrent one that reads one row per time step.
    """
    shape = tuple(int(d) for d in input_shape)
    if x.dim() < 1 or not shape or any(d < 1 for d in shape):
        raise SpecError(f"Cannot give a batch of shape {tuple(x.shape)} the input shape {shape}.")
    have, want = math.prod(x.shape[1:]), math.prod(shape)
    if have != want:
        sample = "×".join(str(d) for d in x.shape[1:]) or "1"
        wanted = "×".join(str(d) for d in shape)
        raise SpecError(
            f"Each sample of the data has {have} values ({sample}), but the network's input "
            f"shape {wanted} needs {want}. Set the input shape to {sample}, or to any shape with "
            f"{have} values in total."
        )
    return x.reshape(x.shape[0], *shape).contiguous()
