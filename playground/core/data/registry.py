"""What each built-in dataset is, without loading it and without torch.

The window shows dataset titles, kinds and shapes from its first frame, long before torch
(about 1.5 s to import) is loaded for training; so the registry's facts live here, apart from
:mod:`playground.core.data.datasets`, which loads the data and needs torch.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.core.data.text import SENTIMENT_CLASSES
from playground.core.messages import N_, Message

TOY_NAMES: tuple[str, ...] = ("toy-circle", "toy-xor", "toy-gauss", "toy-spiral")
# The user's own classes (drawn, pasted or dropped pictures kept in the project): not listed
# with the built-in sets, since their classes are the user's (see core.data.own_classes).
OWN_CLASSES_NAME = "own-classes"
OWN_CLASSES_TITLE = N_("Your own classes")


@dataclass(frozen=True)
class DatasetInfo:
    """What a dataset is, without loading it: enough for menus, tooltips and shape checks.

    ``train_size``/``test_size`` are the full sizes in the registry; the ``info`` of a loaded
    :class:`Dataset` carries the sizes actually loaded (after ``limit``, or for a toy set, after
    ``samples`` and ``train_ratio``).

    Titles, descriptions and class names are English, marked for the catalogue where they are
    written, and translated where they are shown (``render(info.description, language)``,
    ``gettext(info.title, language)``): the registry is shared by the window and the command
    line, which speak the reader's language, and a new dataset cannot forget its Spanish. The
    user's own data has a title and description naming its file (a :class:`Message`).
    """

    name: str
    title: str | Message
    description: Message
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
    title: str | Message,
    description: Message | str,
    shape: tuple[int, ...],
    classes: tuple[str, ...],
    sizes: tuple[int, int],
    license: str,
    kind: str,
    task: str = "classification",
    vocabulary_size: int = 0,
) -> DatasetInfo:
    return DatasetInfo(
        name, title, description if isinstance(description, Message) else Message(description),
        shape, len(classes), classes, task, *sizes, license, kind,
        vocabulary_size,
    )  # fmt: skip


_DIGITS = tuple(str(d) for d in range(10))
_FASHION = (N_("T-shirt/top"), N_("Trouser"), N_("Pullover"), N_("Dress"), N_("Coat"),
            N_("Sandal"), N_("Shirt"), N_("Sneaker"), N_("Bag"), N_("Ankle boot"))  # fmt: skip
_CIFAR = (N_("airplane"), N_("automobile"), N_("bird"), N_("cat"), N_("deer"), N_("dog"),
          N_("frog"), N_("horse"), N_("ship"), N_("truck"))  # fmt: skip
_TOY_LICENSE = N_("none needed (generated)")
_INFOS: dict[str, DatasetInfo] = {i.name: i for i in (
    _info("mnist", N_("MNIST (bundled, 10,000 digits)"),
          N_("10,000 real handwritten digits shipped with the app; works offline."),
          (1, 28, 28), _DIGITS, (8_500, 1_500), "CC BY-SA 3.0", "image"),
    _info("mnist-full", N_("MNIST (full, 70,000 digits)"),
          N_("The complete MNIST set of 70,000 handwritten digits (download of about 12 MB)."),
          (1, 28, 28), _DIGITS, (60_000, 10_000), "CC BY-SA 3.0", "image"),
    _info("fashion-mnist", N_("Fashion-MNIST (70,000 clothing images)"),
          N_("70,000 small grey photos of clothes and shoes in 10 kinds; harder than digits."),
          (1, 28, 28), _FASHION, (60_000, 10_000), "MIT", "image"),
    _info("cifar10", N_("CIFAR-10 (60,000 colour photos)"),
          N_("60,000 tiny colour photos of animals and vehicles in 10 classes (about 170 MB)."),
          (3, 32, 32), _CIFAR, (50_000, 10_000), N_("no formal license (cite Krizhevsky, 2009)"),
          "image"),
    _info("toy-circle", N_("Circle (2D toy)"),
          N_("A disc of points inside a ring: no straight line separates them."),
          (2,), (N_("inside"), N_("ring")), (250, 250), _TOY_LICENSE, "toy"),
    _info("toy-xor", N_("Exclusive or (2D toy)"),
          N_("Classes by whether x and y share a sign: the problem one neuron cannot solve."),
          (2,), (N_("same sign"), N_("opposite signs")), (250, 250), _TOY_LICENSE, "toy"),
    _info("toy-gauss", N_("Two Gaussian blobs (2D toy)"),
          N_("Two clouds of points that a single straight line can separate."),
          (2,), (N_("upper right"), N_("lower left")), (250, 250), _TOY_LICENSE, "toy"),
    _info("toy-spiral", N_("Spiral (2D toy)"),
          N_("Two interleaved spirals: the hardest toy set, it needs several hidden layers."),
          (2,), (N_("spiral A"), N_("spiral B")), (250, 250), _TOY_LICENSE, "toy"),
    _info("text-sentiment", N_("Sentiment of short reviews (bundled, English and Spanish)"),
          N_("3,600 short film, food, hotel and phone reviews, positive or negative, as word "
             "ids; negations and 'but' make word order matter."),
          (20,), SENTIMENT_CLASSES, (2_880, 720), N_("CC0 (generated for the app)"), "text",
          vocabulary_size=380),
    _info("sine-next", N_("Next value of a sine wave (generated)"),
          N_("Windows of 20 values of noisy sine waves; predict the next value (regression)."),
          (20, 1), (N_("next value"),), (1_600, 400), _TOY_LICENSE, "sequence", "regression"),
)}  # fmt: skip
DATASET_NAMES: tuple[str, ...] = tuple(_INFOS)
assert set(TOY_NAMES) <= set(DATASET_NAMES)


def registry_title(name: str) -> str | None:
    """The English title of a built-in dataset, or None for any other name."""
    if name == OWN_CLASSES_NAME:
        return OWN_CLASSES_TITLE
    info = _INFOS.get(name)
    return None if info is None else str(info.title)


def registry_kind(name: str) -> str | None:
    """The kind ("image", "toy", "text", "sequence") of a built-in dataset, or None; the own
    classes are pictures ("image")."""
    if name == OWN_CLASSES_NAME:
        return "image"
    info = _INFOS.get(name)
    return None if info is None else info.kind
