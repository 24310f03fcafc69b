"""What each built-in dataset is, without loading it and without torch.

The window shows dataset titles, kinds and shapes from its first frame, long before torch
(about 1.5 s to import) is loaded for training; so the registry's facts live here, apart from
:mod:`playground.core.data.datasets`, which loads the data and needs torch.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.core.data.text import SENTIMENT_CLASSES
from playground.core.network.layers import Text

TOY_NAMES: tuple[str, ...] = ("toy-circle", "toy-xor", "toy-gauss", "toy-spiral")


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
    kind: str  # "image" | "toy" | "text" | "sequence" | "folder" | "table"
    vocabulary_size: int = 0  # text sets: the Embedding layer needs at least this many ids


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
    task: str = "classification",
    vocabulary_size: int = 0,
) -> DatasetInfo:
    return DatasetInfo(
        name, title, Text(en, es), shape, len(classes), classes, task, *sizes, license, kind,
        vocabulary_size,
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
    _info("text-sentiment", "Sentiment of short reviews (bundled, English and Spanish)",
          "3,600 short film, food, hotel and phone reviews, positive or negative, as word ids; "
          "negations and 'but' make word order matter.",
          "3.600 reseñas cortas de cine, comida, hoteles y móviles, positivas o negativas, como "
          "números de palabra; las negaciones y el 'pero' hacen que el orden importe.",
          (20,), SENTIMENT_CLASSES, (2_880, 720), "CC0 (generated for the app)", "text",
          vocabulary_size=380),
    _info("sine-next", "Next value of a sine wave (generated)",
          "Windows of 20 values of noisy sine waves; predict the next value (regression).",
          "Ventanas de 20 valores de ondas senoidales con ruido; predice el siguiente valor "
          "(regresión).",
          (20, 1), ("next value",), (1_600, 400), _TOY_LICENSE, "sequence", "regression"),
)}  # fmt: skip
DATASET_NAMES: tuple[str, ...] = tuple(_INFOS)
assert set(TOY_NAMES) <= set(DATASET_NAMES)


def registry_title(name: str) -> str | None:
    """The English title of a built-in dataset, or None for any other name."""
    info = _INFOS.get(name)
    return None if info is None else info.title


def registry_kind(name: str) -> str | None:
    """The kind ("image", "toy", "text", "sequence") of a built-in dataset, or None."""
    info = _INFOS.get(name)
    return None if info is None else info.kind
