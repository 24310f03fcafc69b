"""The data part of the exported ``train.py``, its configuration, and the files it reads.

Why a module of its own: where the data comes from decides most of what the script must do.
The bundled digits are copied beside the script as the app ships them (uint8, prepared by the
script exactly as the app prepares them, so the preprocessing stays a setting to play with);
the torchvision sets are read from a folder of IDX files or downloaded, as the app does; every
other set (the generated toy points, and whatever the app loads from its own sources) is saved
already prepared, so the script trains on exactly the tensors the app trained on.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from string import Template
from typing import Any

import numpy as np

from playground.core.data.datasets import BUNDLED_MNIST, DatasetInfo, load_dataset
from playground.core.errors import PlaygroundError
from playground.core.files.os_errors import reason_message
from playground.core.training.config import TrainingConfig

LINE = 99  # longest line the generated script should have (the repo's limit is 100)
_TV_CLASS = {"mnist-full": "MNIST", "fashion-mnist": "FashionMNIST"}
_SIZES = {"mnist-full": "12 MB", "fashion-mnist": "30 MB"}
SYSTEM_FASHION = "/usr/share/datasets/fashion-mnist"


class ExportError(PlaygroundError):
    """A network, project or destination that cannot be exported as asked."""


# -- pieces of the script ---------------------------------------------------------------------
LOAD_DATA = """\
    train_x, train_y, test_x, test_y = load_data(cfg)"""

LOAD_DATA_DOWNLOAD = """\
    if world_size > 1 and rank != 0:
        dist.barrier()  # wait until rank 0 has the data set (it may have to download it)
    train_x, train_y, test_x, test_y = load_data(cfg)
    if world_size > 1 and rank == 0:
        dist.barrier()"""

DATA_OPTION = """
    parser.add_argument("--data", type=lambda p: str(Path(p).resolve()),
                        help="folder where the data set is kept or downloaded")"""

PREPARE_IMAGES = '''\
def prepare(images: np.ndarray, how: str, mean: float, std: float) -> torch.Tensor:
    """uint8 pixels (0 to 255) -> float32 network inputs, exactly as the app prepares them."""
    x = torch.from_numpy(images).to(torch.float32).div_(255.0)  # into [0, 1]
    if how == "center":
        return x.sub_(0.5)  # into [-0.5, 0.5]
    if how == "standardize":
        return x.sub_(mean).div_(std)  # mean 0 and spread 1 over the training pixels
    if how == "binarize":
        return (x > 0.5).to(torch.float32)  # black or white: 0 or 1
    if how == "binarize_any":
        return (x > 0.5 / 255).to(torch.float32)  # any ink at all: 1
    return x  # "scale": [0, 1]


def load_data(cfg: Config) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Training and test inputs shaped (N, *INPUT_SHAPE), float32, and their labels, int64."""
    train_images, train_labels, test_images, test_labels = $load_images
    if cfg.limit:  # only the first samples, for a quick try
        train_images, train_labels = train_images[: cfg.limit], train_labels[: cfg.limit]
        test_images, test_labels = test_images[: cfg.limit], test_labels[: cfg.limit]
    # The training pixels' mean and spread in [0, 1]; "standardize" uses them for both sets.
    std, mean = torch.std_mean(torch.from_numpy(train_images).to(torch.float32).div_(255.0))
    mean, std = float(mean), max(float(std), 1e-6)
    train_x = prepare(train_images, cfg.preprocessing, mean, std)
    test_x = prepare(test_images, cfg.preprocessing, mean, std)
    return (
        train_x.reshape(len(train_x), *INPUT_SHAPE),
        torch.from_numpy(train_labels.astype(np.int64)),
        test_x.reshape(len(test_x), *INPUT_SHAPE),
        torch.from_numpy(test_labels.astype(np.int64)),
    )'''

BUNDLED_IMAGES = '''\
def load_images() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The $count MNIST digits the app ships with, saved beside this script as data.npz.

    uint8 images (N, 28, 28) with pixel values from 0 to 255 and uint8 labels, for the training
    and the test set.
    """
    with np.load(HERE / "data.npz", allow_pickle=False) as data:
        return (data["train_images"], data["train_labels"],
                data["test_images"], data["test_labels"])'''

IDX_IMAGES = '''\
# The original files of $title (IDX format); --data may name a folder holding all four.
IDX_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
             "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
$system_copy

def read_idx(path: Path) -> np.ndarray:
    """One gzipped IDX file: 4 magic bytes (the last one is the number of dimensions), the
    dimensions as big-endian 32-bit integers, then the values as unsigned bytes."""
    with gzip.open(path, "rb") as handle:
        data = handle.read()
    ndim = data[3]
    dims = np.frombuffer(data, dtype=">u4", count=ndim, offset=4)
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims).copy()


def load_images(root: Path) -> tuple[np.ndarray, ...]:
    """$title as uint8 images (N, 28, 28) and labels, for the training and the test set.

    Read from a folder of IDX files when there is one, else through torchvision, which
    downloads the set into ``root`` the first time (about $size).
    """
    for folder in $folders:
        if all((folder / name).is_file() for name in IDX_FILES):
            return tuple(read_idx(folder / name) for name in IDX_FILES)
    import torchvision  # only needed to download

    train = torchvision.datasets.$tv_class(str(root), train=True, download=True)
    test = torchvision.datasets.$tv_class(str(root), train=False, download=True)
    return train.data.numpy(), train.targets.numpy(), test.data.numpy(), test.targets.numpy()'''

CIFAR_IMAGES = '''\
def load_images(root: Path) -> tuple[np.ndarray, ...]:
    """CIFAR-10 as uint8 images (N, 3, 32, 32) and labels, for the training and the test set.

    torchvision downloads the set into ``root`` the first time (about 170 MB).
    """
    import torchvision  # only needed for the data

    train = torchvision.datasets.CIFAR10(str(root), train=True, download=True)
    test = torchvision.datasets.CIFAR10(str(root), train=False, download=True)
    # torchvision keeps the photos as (N, height, width, colours); PyTorch wants colours first.
    return (np.ascontiguousarray(train.data.transpose(0, 3, 1, 2)), np.asarray(train.targets),
            np.ascontiguousarray(test.data.transpose(0, 3, 1, 2)), np.asarray(test.targets))'''

SAVED_DATA = '''\
def load_data(cfg: Config) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Training and test inputs shaped (N, *INPUT_SHAPE), float32, and their labels, int64.

    The app prepared them and saved them beside this script in data.npz:
    $what.
    They are used as they are; a different seed here does not make new ones.
    """
    with np.load(HERE / "data.npz", allow_pickle=False) as data:
        arrays = [torch.from_numpy(data[k]) for k in ("train_x", "train_y", "test_x", "test_y")]
    if cfg.limit:  # only the first samples, for a quick try
        arrays = [a[: cfg.limit] for a in arrays]
    train_x, train_y, test_x, test_y = arrays
    return (train_x.reshape(len(train_x), *INPUT_SHAPE), train_y.long(),
            test_x.reshape(len(test_x), *INPUT_SHAPE), test_y.long())'''


# -- what the script is told ------------------------------------------------------------------
def downloads(info: DatasetInfo) -> bool:
    """Whether the script fetches the data itself (through torchvision or IDX files)."""
    return info.name in ("mnist-full", "fashion-mnist", "cifar10")


def _prepares_images(info: DatasetInfo) -> bool:
    return info.name == "mnist" or downloads(info)


def check_exportable(info: DatasetInfo) -> None:
    if getattr(info, "task", "classification") != "classification":
        raise ExportError(
            "{dataset} asks for a number, not a class; exporting regression networks as a "
            "training script is not supported yet. Export it as onnx or safetensors instead.",
            dataset=info.title,
        )


def config_source(config: TrainingConfig, info: DatasetInfo) -> str:
    """The ``Config`` dataclass: every setting, its value and what it does."""
    c = config
    fields: list[tuple[str, str, Any, str]] = [
        ("epochs", "int", c.epochs, "passes over the whole training set"),
        ("batch_size", "int", c.batch_size, "samples per step (per process under torchrun)"),
        ("optimizer", "str", c.optimizer, "sgd, adam, adamw, rmsprop or adagrad"),
        ("learning_rate", "float", c.learning_rate, "how big a step the optimizer takes"),
        ("momentum", "float", c.momentum, "sgd and rmsprop: keep going the recent way"),
        ("nesterov", "bool", c.nesterov, "sgd with momentum: look ahead before stepping"),
        ("weight_decay", "float", c.weight_decay, "pull every weight a little towards 0"),
        ("validation_split", "float", c.validation_split, "share of training samples held out"),
        ("seed", "int", c.seed, "same seed: same initial weights, same shuffles, same result"),
    ]
    if _prepares_images(info):
        fields.append(("preprocessing", "str", c.preprocessing,
                       "scale, center, standardize, binarize or binarize_any (see prepare)"))
    if c.init == "normal":
        fields.append(("init_std", "float", c.init_std, "spread of the normal initial weights"))
    if c.frozen_layers:  # a transfer network: without it, every layer would train
        fields.append(("frozen_layers", "int", c.frozen_layers,
                       "the first N layers keep their weights (see frozen_blocks)"))
    fields += [
        ("keep_best", "bool", c.keep_best, "end with the epoch of lowest validation loss"),
        ("early_stopping_patience", "int", c.early_stopping_patience,
         "stop after this many epochs without a better validation loss (0: never)"),
        ("target_accuracy", "float", c.target_accuracy,
         "stop once the validation accuracy (test without validation) reaches it (0: never)"),
        ("device", "str", c.device, "auto (a GPU if there is one), cpu, cuda or mps"),
        ("limit", "int", 0, "use only the first N training and test samples (0: all)"),
    ]  # fmt: skip
    if downloads(info):
        where = "IDX files, or torchvision's" if info.name in _TV_CLASS else "torchvision's"
        fields.append(("data", "str", "data", f"folder of the {where} download"))
    lines = [
        "@dataclass(frozen=True)",
        "class Config:",
        '    """How to train: the app\'s settings. Change them here or on the command line."""',
        "",
    ]
    for name, kind, value, comment in fields:
        code = f"    {name}: {kind} = {json.dumps(value) if kind == 'str' else repr(value)}"
        full = f"{code}  # {comment}"
        lines += [full] if len(full) <= LINE else [f"    # {comment}", code]
    return "\n".join(lines)


def data_source(info: DatasetInfo, config: TrainingConfig, options: dict[str, Any]) -> str:
    """``load_data`` (and what it needs) for the network's dataset."""
    if not _prepares_images(info):
        if info.kind == "toy":
            what = (f"{info.name}, {options.get('samples', 500)} points, noise "
                    f"{options.get('noise', 0.0):g}, {options.get('train_ratio', 0.5):.0%} for "
                    f"training, seed {config.seed}")  # fmt: skip
        else:
            what = f"{info.title}, seed {config.seed}"
        return Template(SAVED_DATA).substitute(what=what)
    if info.name == "mnist":
        count = f"{info.train_size + info.test_size:,}"
        loader, call = Template(BUNDLED_IMAGES).substitute(count=count), "load_images()"
    elif info.name == "cifar10":
        loader, call = CIFAR_IMAGES, "load_images(HERE / cfg.data)"
    else:
        fashion = info.name == "fashion-mnist"
        system = (f"# Debian and Ubuntu install a copy here (package dataset-fashion-mnist).\n"
                  f'SYSTEM_COPY = Path("{SYSTEM_FASHION}")\n') if fashion else ""  # fmt: skip
        loader = Template(IDX_IMAGES).substitute(
            title=info.title.split(" (")[0],
            system_copy=system,
            folders="(root, SYSTEM_COPY)" if fashion else "(root,)",
            size=_SIZES[info.name],
            tv_class=_TV_CLASS[info.name],
        )
        call = "load_images(HERE / cfg.data)"
    return f"{loader}\n\n\n{Template(PREPARE_IMAGES).substitute(load_images=call)}"


# -- the files beside the script ----------------------------------------------------------------
def data_file(
    name: str, info: DatasetInfo, config: TrainingConfig, options: dict[str, Any]
) -> bytes | None:
    """The contents of ``data.npz`` when the script cannot fetch the data itself, else None.

    Returned rather than written, so the export can write it together with the script: all of
    them, or none.
    """
    if downloads(info):
        return None
    if info.name == "mnist":
        try:  # uint8 images and labels, as the app ships them
            return Path(BUNDLED_MNIST).read_bytes()
        except OSError as exc:
            raise ExportError("Cannot read the bundled digits {path}: {reason}.",
                              path=str(BUNDLED_MNIST), reason=reason_message(exc)) from None
    data = load_dataset(name, preprocessing=config.preprocessing, seed=config.seed, **options)
    buffer = io.BytesIO()
    arrays = {"train_x": data.train_x, "train_y": data.train_y,
              "test_x": data.test_x, "test_y": data.test_y}  # fmt: skip
    np.savez(buffer, **{k: v.numpy() for k, v in arrays.items()})
    return buffer.getvalue()


def input_comment(shape: tuple[int, ...]) -> str:
    if len(shape) == 3:
        return "one sample: channels, height, width"
    if len(shape) == 2:
        return "one sample: time steps, values per step"
    return "one sample: a flat list of values"
