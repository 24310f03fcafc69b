"""Own classes in and out: pictures made into samples, classes as image folders, the dataset.

Why it works this way:

* Every picture becomes a sample by the Draw pane's recipe (:func:`prepare_picture`): a drawing
  from the pad as it is, a pasted or dropped picture of any size and colour first turned into
  bright ink on dark paper with its contrast stretched, then both fitted into 20×20 pixels and
  centred by mass in 28×28 (:mod:`playground.core.data.digits`).
* Classes go out as an image folder, one sub-folder per class (:func:`export_image_folder`),
  the layout other tools (and this app's own folder reader) use, and come back from any such
  folder (:func:`import_image_folder`), reusing the folder reader's scan and its report. A
  28×28 grey picture with a dark border is taken as it is (an exported sample or an MNIST-style
  digit), so a round trip gives back exactly the same samples; any other picture is prepared.
* :func:`to_dataset` makes the dataset training uses, through the registry.

Samples as PNGs, and the project file's side, are in
:mod:`playground.core.data.own_classes_png`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from playground.core.data.datasets import Dataset, load_dataset
from playground.core.data.digits import (
    IMAGE_SIZE,
    flatten_alpha,
    load_image_file,
    picture_canvas,
    prepare_digit,
)
from playground.core.data.image_folder import (
    IGNORED_FILES,
    FolderProblem,
    FolderReport,
    _is_image_name,
    _walk,
    scan_image_folder,
)
from playground.core.data.own_classes import (
    MAX_CLASSES,
    MAX_SAMPLES,
    MAX_SAMPLES_PER_CLASS,
    OWN_CLASSES_NAME,
    ClassRef,
    OwnClasses,
    OwnClassesError,
    OwnClassesLimitError,
    as_sample,
)
from playground.core.data.own_classes_png import encode_sample_png
from playground.core.data.tables import DataFileError
from playground.core.errors import PlaygroundError
from playground.core.messages import Message

__all__ = ["BlankPictureError", "add_picture", "add_pictures", "export_image_folder",
           "import_image_folder", "prepare_picture", "to_dataset"]  # fmt: skip



class BlankPictureError(OwnClassesError):
    """A picture without visible ink: there is nothing in it to learn from."""


# --------------------------------------------------------------------------- pictures in


def _unit_grey(picture: np.ndarray) -> np.ndarray:
    """Any picture array as float32 grey in [0, 1]: integers by their type's range, colour by
    the luma weights Pillow uses, transparency laid on a background that shows the ink."""
    a = np.asarray(picture)
    if a.ndim == 3 and a.shape[2] == 1:
        a = a[:, :, 0]
    if a.ndim not in (2, 3) or (a.ndim == 3 and a.shape[2] not in (3, 4)) or a.size == 0 or (
        a.dtype.kind not in "biuf"
    ):
        raise OwnClassesError(
            "A picture must be grey (height × width) or colour (height × width × 3 or 4), not an "
            "array of shape {shape}.", shape=str(tuple(a.shape)))
    if a.dtype.kind == "b":
        x = a.astype(np.float32)
    elif a.dtype.kind in "iu":
        x = np.clip(a.astype(np.float32) / np.float32(np.iinfo(a.dtype).max), 0.0, 1.0)
    else:
        x = np.clip(np.nan_to_num(a.astype(np.float32), nan=0.0), 0.0, 1.0)
    if x.ndim == 2:
        return x
    grey = x[:, :, 0] * 0.299 + x[:, :, 1] * 0.587 + x[:, :, 2] * 0.114
    return flatten_alpha(grey, x[:, :, 3]) if x.shape[2] == 4 else grey.astype(np.float32)


def prepare_picture(picture: np.ndarray | str | Path, *, drawing: bool = False) -> np.ndarray:
    """A picture as a sample: 28×28 float32 in [0, 1], prepared as the Draw pane prepares it.

    ``picture`` is a file (any format Pillow reads), or an array of any size: grey, colour
    (RGB or RGBA, last axis), floats in [0, 1] or integers. ``drawing=True`` says it is the
    pad's canvas (bright ink on dark, taken as it is); any other picture is first turned into
    bright ink on dark paper with its contrast stretched, as a pasted or dropped picture is.
    Raises :class:`BlankPictureError` when there is no ink, and
    :class:`~playground.core.data.digits.ImageFileError` for a file that cannot be read.
    """
    if isinstance(picture, (str, Path)):
        canvas = load_image_file(picture)
    elif drawing:
        canvas = _unit_grey(picture)
    else:
        canvas = picture_canvas(_unit_grey(picture))
    prepared = prepare_digit(canvas)
    if prepared.empty:
        if drawing:
            raise BlankPictureError("The drawing is empty: draw something first.")
        raise BlankPictureError(
            "The picture has no visible marks, so there is nothing in it to learn from. Use a "
            "picture with a clear drawing or object.")
    return as_sample(prepared.image)


def add_picture(own: OwnClasses, ref: ClassRef, picture: Any, *, drawing: bool = False
                ) -> OwnClasses:  # fmt: skip
    """``own`` with ``picture`` prepared (:func:`prepare_picture`) and added to a class."""
    own.index(ref)  # an unknown class is named before any work is done
    return own.add_sample(ref, prepare_picture(picture, drawing=drawing))


def add_pictures(own: OwnClasses, ref: ClassRef, files: Iterable[str | Path]
                 ) -> tuple[OwnClasses, list[FolderProblem]]:  # fmt: skip
    """Dropped files added to a class in one change; the ones that could not be used (unreadable,
    blank) are left out and listed with why. The limits are checked before anything is read."""
    files = list(files)
    index = own.index(ref)
    own.check_room(index, len(files))
    samples, problems = [], []
    for file in files:
        try:
            samples.append(prepare_picture(Path(file)))
        except PlaygroundError as exc:
            problems.append(FolderProblem(Path(file).name, "broken", exc.message))
    return own.add_samples(index, samples), problems


# --------------------------------------------------------------------------- image folders


def export_image_folder(own: OwnClasses, folder: str | Path) -> Path:
    """Write one sub-folder per class holding its samples as ``0001.png``, ``0002.png``...

    ``folder`` must be new or empty, so none of the user's files is ever overwritten.
    """
    root = Path(folder).expanduser()
    try:
        if root.exists() and (not root.is_dir() or any(root.iterdir())):
            raise DataFileError(
                "The folder {folder} is not empty. Choose an empty or new folder, so no picture "
                "of yours is overwritten.", folder=str(root))
        for cls in own.classes:
            sub = root / cls.name
            sub.mkdir(parents=True, exist_ok=True)
            for i, sample in enumerate(cls.samples, start=1):
                (sub / f"{i:04d}.png").write_bytes(encode_sample_png(sample))
    except OSError as exc:
        raise DataFileError("Cannot write the pictures to {folder} ({reason}).",
                            folder=str(root), reason=str(exc.strerror or exc)) from None
    return root


def _read_sample(path: Path) -> np.ndarray:
    """A picture file as a sample: an 8-bit grey 28×28 picture on dark paper as it is (an
    exported sample), anything else prepared by :func:`prepare_picture`."""
    from PIL import Image

    with Image.open(path) as image:
        ours = image.size == (IMAGE_SIZE, IMAGE_SIZE) and image.mode == "L"
        pixels = np.asarray(image) if ours else None
    if pixels is not None:
        border = np.concatenate((pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]))
        if np.median(border) < 128 and pixels.max() > 0:
            return as_sample(pixels)
    return prepare_picture(path)


def import_image_folder(folder: str | Path) -> tuple[OwnClasses, FolderReport]:
    """Classes from a folder with one sub-folder of pictures per class (sorted by name).

    Pictures that cannot be read or show nothing are skipped and listed in the report, as are
    pictures past the limits; a class left without samples is left out.
    """
    scan = scan_image_folder(folder, check_images=False)
    root = scan.root
    named = [name for name, count in scan.counts.items() if count > 0]
    if len(named) > MAX_CLASSES:
        raise OwnClassesLimitError(
            "The folder {folder} has {count} class folders with pictures; there can be at most "
            "{limit} classes. Move some out and try again.", folder=str(root), count=len(named),
            limit=MAX_CLASSES)
    own = OwnClasses()
    for name in named:
        try:
            own = own.add_class(name)
        except OwnClassesError as exc:
            raise OwnClassesError("The folder {folder} cannot be a class: {problem}",
                                  folder=repr(name), problem=exc.message) from None
    problems = [p for p in scan.problems if p.kind != "empty-class"]
    counts: dict[str, int] = dict.fromkeys(scan.counts, 0)
    for index, name in enumerate(named):
        samples: list[np.ndarray] = []
        for file in _walk(root / name):
            if not _is_image_name(file) or file.name.lower() in IGNORED_FILES:
                continue
            rel = file.relative_to(root).as_posix()
            if len(samples) >= MAX_SAMPLES_PER_CLASS or own.total + len(samples) >= MAX_SAMPLES:
                problems.append(FolderProblem(rel, "skipped", Message("over the {limit} limit",
                    limit=min(MAX_SAMPLES_PER_CLASS, MAX_SAMPLES))))  # fmt: skip
                continue
            try:
                samples.append(_read_sample(file))
            except Exception as exc:  # a broken or blank picture is reported, never a crash
                reason = exc.message if isinstance(exc, PlaygroundError) else Message(
                    "cannot be read as an image ({reason}); skipped",
                    reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
                problems.append(FolderProblem(rel, "broken", reason))
        own = own.add_samples(index, samples)
        counts[name] = len(samples)
    for name in [c for c in own.names if counts[c] == 0]:
        problems.append(FolderProblem(name + "/", "empty-class",
                                      Message("has no usable images; this class is left out")))
        own = own.remove_class(name)
    return own, FolderReport(root, own.names, counts, problems=tuple(problems))


# --------------------------------------------------------------------------- training data


def to_dataset(own: OwnClasses, *, seed: int = 0, test_share: float = 0.2,
               preprocessing: str = "scale") -> Dataset:  # fmt: skip
    """The dataset training uses: a seeded split that keeps each class's share in the test part
    (``test_share``, 0.05 to 0.5) and at least one sample of every class for training.

    Validation is taken from the training part by the training settings
    (``TrainingConfig.validation_split``). Raises :class:`OwnClassesError` when something blocks
    training (see ``own_classes_check``) and
    :class:`~playground.core.data.tables.DataFileError` when too few samples are left to test.
    """
    return load_dataset(OWN_CLASSES_NAME, own_classes=own, seed=seed, test_fraction=test_share,
                        preprocessing=preprocessing)  # fmt: skip
