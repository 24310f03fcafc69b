"""The user's own classes: a few named classes, each a handful of pictures drawn, pasted or dropped.

Why it works this way:

* A student teaches the app classes of their own ("circle", "triangle", "cross") in a minute,
  so every picture, whatever it came from (a drawing on the pad, a pasted screenshot, a dropped
  photo of any size and colour), becomes a 28×28 grey sample by the recipe the Draw pane uses
  (``own_classes_io.prepare_picture``): the network that learns the classes later reads the
  pad's drawings prepared the same way. This module holds prepared samples only: float32 in
  [0, 1], rounded to a 1/255 step, so saving one as an 8-bit PNG and opening it again gives
  back exactly the same numbers.
* :class:`OwnClasses` is immutable: every change (:meth:`~OwnClasses.add_sample`,
  :meth:`~OwnClasses.rename_class`, ...) returns a new object that shares the untouched samples
  (read-only arrays) with the old one. An undo stack can keep every state for the price of a few
  tuples, and a training run on another thread can hold the state it started with.
* Limits (:data:`MAX_CLASSES`, :data:`MAX_SAMPLES_PER_CLASS`, :data:`MAX_SAMPLES`) keep a class
  set small enough to train in seconds and to open safely from a project file; going past one is
  refused with an :class:`OwnClassesLimitError` that says the limit and the fix.
* :func:`playground.core.data.own_classes_check.check` says what would make training fail or
  go badly; :mod:`playground.core.data.own_classes_io` prepares pictures, writes and reads
  image folders and makes the training dataset; :mod:`playground.core.data.own_classes_png`
  keeps samples as PNGs in project files.
* The dataset of the name :data:`OWN_CLASSES_NAME` is loaded from an :class:`OwnClasses` given to
  :func:`playground.core.data.datasets.load_dataset` (``own_classes=``) or, when none is given,
  from the one :func:`set_current_own_classes` made current (the open project's), so every place
  that loads "the network's dataset" by name works for own classes too.

This module never imports Qt or torch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np

from playground.core.data.digits import IMAGE_SIZE
from playground.core.data.registry import OWN_CLASSES_NAME, OWN_CLASSES_TITLE, DatasetInfo, _info
from playground.core.errors import PlaygroundError, shorten
from playground.core.messages import Message

__all__ = [
    "MAX_CLASSES", "MAX_NAME_LENGTH", "MAX_SAMPLES", "MAX_SAMPLES_PER_CLASS", "OWN_CLASSES_NAME",
    "OwnClass", "OwnClasses", "OwnClassesError", "OwnClassesLimitError",
    "as_sample", "check_name", "current_own_classes", "own_classes_info",
    "set_current_own_classes",
]  # fmt: skip

MAX_CLASSES = 20
MAX_SAMPLES_PER_CLASS = 1_000
MAX_SAMPLES = 5_000
MAX_NAME_LENGTH = 40
SHAPE = (IMAGE_SIZE, IMAGE_SIZE)
# Characters no folder name may hold on some computer: the classes are saved as folders.
_FORBIDDEN = '/\\:*?"<>|'
_DEVICE_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                           *(f"lpt{i}" for i in range(1, 10))})  # fmt: skip

ClassRef = int | str  # a class by its position (0-based) or its name


class OwnClassesError(PlaygroundError):
    """A change to the own classes that cannot be made; the message says why and what to do."""


class OwnClassesLimitError(OwnClassesError):
    """A change refused because it would pass one of the limits (classes, samples)."""


def check_name(name: object) -> str:
    """``name`` as a class name (outer spaces removed), or :class:`OwnClassesError` saying why not.

    Class names become folder names when the classes are exported as pictures, so characters
    that some computer does not allow in a folder name are refused.
    """
    if not isinstance(name, str) or not name.strip():
        raise OwnClassesError("A class needs a name.")
    text = name.strip()
    if len(text) > MAX_NAME_LENGTH:
        raise OwnClassesError(
            "The class name {name} is too long: at most {limit} characters. Use a shorter name.",
            name=shorten(text), limit=MAX_NAME_LENGTH)
    bad = next((c for c in text if c in _FORBIDDEN or ord(c) < 32 or ord(c) == 127), None)
    if bad is not None:
        raise OwnClassesError(
            "The class name {name} cannot contain {character}: classes are saved as folders of "
            "pictures, and folder names cannot. Leave it out.",
            name=shorten(text), character=repr(bad))
    if text.endswith(".") or text.split(".")[0].strip().casefold() in _DEVICE_NAMES:
        raise OwnClassesError(
            "{name} cannot be a folder name on every computer. Choose another name for the class.",
            name=shorten(text))
    return text


def _quantised(image: np.ndarray) -> np.ndarray:
    """A read-only float32 copy in [0, 1], rounded to 1/255 steps (what an 8-bit PNG keeps)."""
    x = np.nan_to_num(np.asarray(image, dtype=np.float32), nan=0.0, posinf=1.0, neginf=0.0)
    x = np.round(np.clip(x, 0.0, 1.0) * np.float32(255.0)) / np.float32(255.0)
    x = np.ascontiguousarray(x, dtype=np.float32)
    x.setflags(write=False)
    return x


def as_sample(image: Any) -> np.ndarray:
    """A prepared 28×28 picture as a sample: read-only float32 in [0, 1] on 1/255 steps.

    Floats are clipped to [0, 1], integers divided by their type's maximum (uint8: 255). A raw
    picture is prepared first by :func:`playground.core.data.own_classes_io.prepare_picture`.
    """
    a = np.asarray(image)
    if a.shape != SHAPE or a.dtype.kind not in "biuf":
        raise OwnClassesError(
            "A prepared sample must be a {size}×{size} grey picture, not an array of shape "
            "{shape}.", size=IMAGE_SIZE, shape=str(tuple(a.shape)))
    if a.dtype == np.bool_:
        a = a.astype(np.float32)
    elif np.issubdtype(a.dtype, np.integer):
        a = a.astype(np.float32) / np.float32(np.iinfo(a.dtype).max)
    return _quantised(a)


@dataclass(frozen=True, eq=False)
class OwnClass:
    """One class: its name and its samples (read-only 28×28 float32 arrays), in order."""

    name: str
    samples: tuple[np.ndarray, ...] = field(default=(), repr=False)

    def __len__(self) -> int:
        return len(self.samples)


@dataclass(frozen=True, eq=False)
class OwnClasses:
    """The user's classes, in order (class ``i`` is the network's output ``i``).

    Immutable: every operation returns a new object (see the module's docstring). Two objects
    are equal when they have the same names and the same samples in the same order.
    """

    classes: tuple[OwnClass, ...] = ()

    # -- building ---------------------------------------------------------------------------
    @classmethod
    def create(cls, names: Iterable[str] = ()) -> OwnClasses:
        """Classes with these names and no samples yet."""
        own = cls()
        for name in names:
            own = own.add_class(name)
        return own

    @classmethod
    def from_arrays(cls, names: Sequence[str], images: np.ndarray, labels: np.ndarray
                    ) -> OwnClasses:  # fmt: skip
        """Classes from prepared samples: ``images`` (N, 28, 28) or (N, 1, 28, 28), floats in
        [0, 1] or uint8, ``labels`` (N,) the class of each; names and limits are checked as for
        single changes."""
        images, labels = np.asarray(images), np.asarray(labels)
        if images.ndim == 4 and images.shape[1] == 1:
            images = images[:, 0]
        own = cls.create(names)
        if len(images) != len(labels):
            raise OwnClassesError("There are {images} pictures but {labels} labels.",
                                  images=len(images), labels=len(labels))
        if len(labels) and (labels.min() < 0 or labels.max() >= len(own.classes)):
            raise OwnClassesError("A label is not the number of one of the {count} classes.",
                                  count=len(own.classes))
        for index in range(len(own.classes)):
            own = own.add_samples(index, images[labels == index])
        return own

    # -- reading ----------------------------------------------------------------------------
    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.classes)

    @property
    def counts(self) -> tuple[int, ...]:
        return tuple(len(c.samples) for c in self.classes)

    @property
    def total(self) -> int:
        return sum(self.counts)

    def __len__(self) -> int:
        return len(self.classes)

    def index(self, ref: ClassRef) -> int:
        """The position of a class given by position or name (names match ignoring case)."""
        if isinstance(ref, int) and not isinstance(ref, bool):
            if 0 <= ref < len(self.classes):
                return ref
            raise OwnClassesError("There is no class number {number}; there are {count}.",
                                  number=ref + 1, count=len(self.classes))
        key = ref.strip().casefold() if isinstance(ref, str) else None
        for i, c in enumerate(self.classes):
            if c.name.casefold() == key:
                return i
        raise OwnClassesError("There is no class called {name}.", name=shorten(ref))

    def samples(self, ref: ClassRef) -> tuple[np.ndarray, ...]:
        return self.classes[self.index(ref)].samples

    def stacked(self) -> tuple[np.ndarray, np.ndarray]:
        """Every sample as one array: ``(images float32 (N, 28, 28), labels int64 (N,))``."""
        arrays = [s for c in self.classes for s in c.samples]
        images = np.stack(arrays) if arrays else np.zeros((0, *SHAPE), np.float32)
        labels = np.repeat(np.arange(len(self.classes), dtype=np.int64), self.counts)
        return images, labels

    @cached_property
    def fingerprint(self) -> str:
        """A digest of the names and samples: equal objects have equal fingerprints, so a cache
        of anything computed from the classes (a loaded dataset) can be keyed by it."""
        digest = hashlib.blake2b(digest_size=16)
        for c in self.classes:
            digest.update(c.name.encode("utf-8") + b"\x00" + len(c.samples).to_bytes(4, "little"))
            for s in c.samples:
                digest.update(s.tobytes())
        return digest.hexdigest()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OwnClasses):
            return NotImplemented
        return self is other or (self.names == other.names and self.counts == other.counts and all(
            np.array_equal(a, b) for x, y in zip(self.classes, other.classes, strict=True)
            for a, b in zip(x.samples, y.samples, strict=True)))

    __hash__ = None  # type: ignore[assignment]  # equal by value, like a list

    def __repr__(self) -> str:
        return "OwnClasses(" + ", ".join(f"{c.name!r}: {len(c)}" for c in self.classes) + ")"

    # -- changes (each returns a new object) ----------------------------------------------------
    def _with(self, index: int, changed: OwnClass | None) -> OwnClasses:
        rest = self.classes[index + 1 :]
        head = self.classes[:index]
        return OwnClasses((*head, changed, *rest) if changed is not None else (*head, *rest))

    def _check_unique(self, name: str, skip: int | None = None) -> None:
        for i, c in enumerate(self.classes):
            if i != skip and c.name.casefold() == name.casefold():
                raise OwnClassesError(
                    "There is already a class called {name}. Give each class its own name.",
                    name=shorten(c.name))

    def add_class(self, name: str) -> OwnClasses:
        """A new empty class at the end."""
        if len(self.classes) >= MAX_CLASSES:
            raise OwnClassesLimitError(
                "There can be at most {limit} classes. Remove a class before adding another.",
                limit=MAX_CLASSES)
        text = check_name(name)
        self._check_unique(text)
        return OwnClasses((*self.classes, OwnClass(text)))

    def rename_class(self, ref: ClassRef, name: str) -> OwnClasses:
        index = self.index(ref)
        text = check_name(name)
        self._check_unique(text, skip=index)
        return self._with(index, replace(self.classes[index], name=text))

    def remove_class(self, ref: ClassRef) -> OwnClasses:
        """The classes without this one (and its samples); the later classes move up one."""
        return self._with(self.index(ref), None)

    def add_sample(self, ref: ClassRef, sample: Any) -> OwnClasses:
        """One more sample at the end of a class: a prepared 28×28 picture (:func:`as_sample`;
        a drawing, file or pasted picture goes through ``own_classes_io.prepare_picture``, or
        ``own_classes_io.add_picture`` does both)."""
        return self.add_samples(ref, [sample])

    def add_samples(self, ref: ClassRef, samples: Iterable[Any]) -> OwnClasses:
        """Several samples at once (a drop of many files): one new object, limits checked once."""
        index = self.index(ref)
        pictures = list(samples)
        self.check_room(index, len(pictures))
        new = tuple(as_sample(p) for p in pictures)
        old = self.classes[index]
        return self._with(index, replace(old, samples=old.samples + new))

    def check_room(self, ref: ClassRef, adding: int) -> None:
        """Raise :class:`OwnClassesLimitError` if ``adding`` more samples to a class would pass
        a limit (before a drop of many files is read)."""
        index = self.index(ref)
        name, count = self.classes[index].name, len(self.classes[index].samples) + adding
        if count > MAX_SAMPLES_PER_CLASS:
            raise OwnClassesLimitError(
                "Class {name} would have {count} samples, more than the {limit} a class may "
                "have. Remove some, or add fewer.", name=shorten(name), count=count,
                limit=MAX_SAMPLES_PER_CLASS)
        if self.total + adding > MAX_SAMPLES:
            raise OwnClassesLimitError(
                "Your classes would have {count} samples in all, more than the {limit} allowed. "
                "Remove some, or add fewer.", count=self.total + adding, limit=MAX_SAMPLES)

    def _sample_index(self, index: int, sample: int) -> int:
        samples = self.classes[index].samples
        if isinstance(sample, bool) or not isinstance(sample, int) or not (
            0 <= sample < len(samples)
        ):
            raise OwnClassesError("Class {name} has no sample number {number}; it has {count}.",
                                  name=shorten(self.classes[index].name),
                                  number=shorten(sample), count=len(samples))
        return sample

    def remove_sample(self, ref: ClassRef, sample: int) -> OwnClasses:
        index = self.index(ref)
        at = self._sample_index(index, sample)
        old = self.classes[index]
        return self._with(index, replace(old, samples=old.samples[:at] + old.samples[at + 1 :]))

    def move_sample(self, ref: ClassRef, sample: int, to: ClassRef) -> OwnClasses:
        """Move a sample to the end of another class (a picture filed under the wrong class)."""
        source, target = self.index(ref), self.index(to)
        at = self._sample_index(source, sample)
        if source == target:
            return self
        if len(self.classes[target].samples) >= MAX_SAMPLES_PER_CLASS:
            self.check_room(target, 1)  # refused: the class is full (the total stays the same)
        picture = self.classes[source].samples[at]
        moved = self.remove_sample(source, at)
        dest = moved.classes[target]
        return moved._with(target, replace(dest, samples=(*dest.samples, picture)))


# --------------------------------------------------------------------------- the dataset


def own_classes_info(own: OwnClasses) -> DatasetInfo:
    """What the registry says about these classes (sizes are filled in when they are split)."""
    return _info(OWN_CLASSES_NAME, Message(OWN_CLASSES_TITLE),
                 Message("{count} pictures of your own in {classes} classes.", count=own.total,
                         classes=len(own)),
                 (1, *SHAPE), own.names, (own.total, 0), "yours", "image")  # fmt: skip


_current: OwnClasses | None = None


def set_current_own_classes(own: OwnClasses | None) -> None:
    """Make ``own`` the classes the dataset :data:`OWN_CLASSES_NAME` means when a caller does
    not pass its own (the window calls this whenever the open project's classes change)."""
    global _current
    if own is not None and not isinstance(own, OwnClasses):
        raise TypeError("set_current_own_classes needs an OwnClasses object or None.")
    _current = own


def current_own_classes() -> OwnClasses | None:
    return _current
