"""The user's own images: a folder with one sub-folder per class (the ImageFolder layout).

Why it works this way:

* Students collect pictures by hand (phone photos, drawings, screenshots), so a folder always
  has surprises: a half-copied JPEG, a ``notes.txt``, a class folder still empty. Nothing of that
  may crash the app. :func:`scan_image_folder` looks at everything first and reports each problem
  with the file's name, so the GUI can show them before training; :func:`read_image_folder`
  skips whatever cannot be decoded and adds it to the same report.
* Every image is brought to one size and one mode (grey, 1 channel, or colour, 3 channels) with
  Pillow, which comes with torchvision: the networks need one input shape. Pictures are squashed
  to the square (not cropped), so nothing the student drew falls off the edge; transparent
  pixels become white, and phone photos are turned upright using their EXIF orientation.
* The result is a uint8 array; the registry (:mod:`playground.core.data.datasets`) splits, scales
  and wraps it like any other image set.

This module never imports Qt or torch.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from playground.core.data.tables import DataFileError
from playground.core.errors import shorten
from playground.core.messages import Message

IMAGE_EXTENSIONS = frozenset(
    {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff", ".ppm", ".pgm"}
)
# Files operating systems leave in folders; they are not the user's data, so not reported.
IGNORED_FILES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})
IMAGE_SIZE_RANGE = (4, 256)
MAX_IMAGES = 100_000


@dataclass(frozen=True)
class FolderProblem:
    """One thing in the folder that will not be used, and why.

    ``kind`` is ``"broken"`` (cannot be decoded), ``"not-image"`` (not an image file),
    ``"empty-class"`` (a class folder without usable images), ``"outside-class"`` (an image not
    inside any class folder) or ``"skipped"`` (over the image limit). ``message`` says why,
    as a :class:`Message` the window renders in its language (shown after the path and a colon).
    """

    path: str  # relative to the folder, with "/" separators
    kind: str
    message: Message


@dataclass(frozen=True)
class FolderReport:
    """What a folder holds: classes in label order, images per class, sizes seen, problems."""

    root: Path
    classes: tuple[str, ...]  # classes with at least one usable image; label i is classes[i]
    counts: dict[str, int]  # usable images per class, empty classes included (0)
    sizes: dict[tuple[int, int], int] = field(default_factory=dict)  # (width, height): images
    modes: dict[str, int] = field(default_factory=dict)  # Pillow mode ("L", "RGB", ...): images
    problems: tuple[FolderProblem, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def problem_files(self, kind: str | None = None) -> list[str]:
        return [p.path for p in self.problems if kind is None or p.kind == kind]

    def summary(self, language: str = "en", locale: str | None = None) -> str:
        """A few lines for a dialog or the command line, in ``language``."""
        classes = ", ".join(f"{c} ({self.counts[c]})" for c in self.classes)
        lines = [Message("{total} images in {count} classes: {classes}", total=self.total,
                         count=len(self.classes), classes=classes)]
        if self.sizes:
            common = sorted(self.sizes.items(), key=lambda item: -item[1])[:3]
            lines.append(Message("Sizes: {sizes}",
                                 sizes=", ".join(f"{w}×{h} ({n})" for (w, h), n in common)))
        lines += [Message("{path}: {problem}", path=p.path, problem=p.message)
                  for p in self.problems]
        return "\n".join(line.render(language, locale) for line in lines)


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _walk(folder: Path) -> list[Path]:
    """Files under ``folder`` in a stable order, hidden files and folders left out."""
    found: list[Path] = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(current) / f for f in sorted(files) if not f.startswith(".")]
    return found


def _open_image(path: Path):  # -> PIL.Image.Image (Pillow is imported lazily)
    from PIL import Image, ImageOps

    with Image.open(path) as image:
        image.load()
        return ImageOps.exif_transpose(image) or image


def _check_image(path: Path) -> tuple[tuple[int, int], str]:
    """Size and mode of a readable image; raises for a broken one (reads only what it must)."""
    from PIL import Image

    with Image.open(path) as image:
        size, mode = image.size, image.mode
        image.verify()
    return size, mode


def _is_image_name(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_EXTENSIONS


def _root_folder(path: Path | str) -> Path:
    root = Path(path).expanduser()
    if not root.is_dir():
        raise DataFileError(
            "The folder {folder} does not exist. Choose a folder that has one sub-folder per "
            "class, each holding that class's images.", folder=str(root))
    return root


def _class_folders(root: Path) -> list[Path]:
    try:
        return sorted(
            (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
            key=lambda p: p.name,
        )
    except OSError as exc:
        raise DataFileError("Cannot read the folder {folder} ({reason}).", folder=str(root),
                            reason=str(exc.strerror or exc)) from None


def _broken(path: str, exc: BaseException) -> FolderProblem:
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return FolderProblem(path, "broken", Message(
        "cannot be read as an image ({reason}); skipped", reason=reason))


def scan_image_folder(path: Path | str, *, check_images: bool = True) -> FolderReport:
    """Look at a folder of class sub-folders without loading the images into memory.

    With ``check_images`` every image is opened and verified (a broken file is reported);
    without it only file names are looked at, which is instant even for big folders.
    """
    root = _root_folder(path)
    problems: list[FolderProblem] = []
    counts: dict[str, int] = {}
    sizes: Counter[tuple[int, int]] = Counter()
    modes: Counter[str] = Counter()
    for item in sorted(p for p in root.iterdir() if p.is_file() and not p.name.startswith(".")):
        if item.name.lower() in IGNORED_FILES:
            continue
        kind = "outside-class" if _is_image_name(item) else "not-image"
        problems.append(FolderProblem(
            item.name, kind, Message("is not inside a class folder; only sub-folders are classes"),
        ))  # fmt: skip
    for folder in _class_folders(root):
        good = 0
        for file in _walk(folder):
            rel = _relative(file, root)
            if file.name.lower() in IGNORED_FILES:
                continue
            if not _is_image_name(file):
                problems.append(FolderProblem(rel, "not-image",
                                              Message("is not an image file; skipped")))
                continue
            if check_images:
                try:
                    size, mode = _check_image(file)
                except Exception as exc:  # Pillow raises many types for broken files
                    problems.append(_broken(rel, exc))
                    continue
                sizes[size] += 1
                modes[mode] += 1
            good += 1
        counts[folder.name] = good
        if good == 0:
            problems.append(FolderProblem(
                folder.name + "/", "empty-class",
                Message("has no usable images; this class is left out"),
            ))  # fmt: skip
    classes = tuple(name for name, n in counts.items() if n > 0)
    return FolderReport(root, classes, counts, dict(sizes), dict(modes), tuple(problems))


def _to_array(image, size: int, channels: int) -> np.ndarray:  # image: PIL.Image.Image
    from PIL import Image

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    image = image.convert("L" if channels == 1 else "RGB")
    image = image.resize((size, size), Image.Resampling.BILINEAR, reducing_gap=3.0)
    array = np.asarray(image, dtype=np.uint8)
    return array[None] if channels == 1 else array.transpose(2, 0, 1)


def read_image_folder(
    path: Path | str,
    *,
    image_size: int = 28,
    channels: int = 1,
    max_images: int = MAX_IMAGES,
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...], FolderReport]:
    """Decode every usable image: ``(images uint8 (N, C, S, S), labels int64, classes, report)``.

    Files that fail to decode are skipped and added to the report; classes left with no image
    drop out. Raises :class:`DataFileError` when fewer than two classes have images.
    """
    if isinstance(image_size, bool) or not isinstance(image_size, int):
        raise DataFileError("The image size must be a whole number, not {value}.",
                            value=shorten(image_size))
    low, high = IMAGE_SIZE_RANGE
    if not low <= image_size <= high:
        raise DataFileError("The image size must be {low} to {high} pixels, not {value}.",
                            low=low, high=high, value=image_size)
    if channels not in (1, 3):
        raise DataFileError("channels must be 1 (grey) or 3 (colour), not {value}.",
                            value=shorten(channels))
    first = scan_image_folder(path, check_images=False)
    root = first.root
    problems = [p for p in first.problems if p.kind != "empty-class"]
    images: list[np.ndarray] = []
    labels: list[int] = []
    counts: dict[str, int] = {}
    sizes: Counter[tuple[int, int]] = Counter()
    modes: Counter[str] = Counter()
    for folder_name in first.counts:
        label = sum(1 for n in counts.values() if n > 0)  # empty classes take no label
        good = 0
        for file in _walk(root / folder_name):
            if not _is_image_name(file) or file.name.lower() in IGNORED_FILES:
                continue
            rel = _relative(file, root)
            if len(images) >= max_images:
                problems.append(FolderProblem(
                    rel, "skipped", Message("over the {limit} limit", limit=max_images)))
                continue
            try:
                image = _open_image(file)
                sizes[image.size] += 1
                modes[image.mode] += 1
                images.append(_to_array(image, image_size, channels))
            except Exception as exc:  # a broken file is reported, never a crash
                problems.append(_broken(rel, exc))
                continue
            labels.append(label)
            good += 1
        counts[folder_name] = good
        if good == 0:
            problems.append(FolderProblem(
                folder_name + "/", "empty-class",
                Message("has no usable images; this class is left out"),
            ))  # fmt: skip
    classes = tuple(name for name, n in counts.items() if n > 0)
    report = FolderReport(root, classes, counts, dict(sizes), dict(modes), tuple(problems))
    if len(classes) < 2:
        if not counts:
            raise DataFileError(
                "The folder {folder} needs at least two class sub-folders with images; found no "
                "sub-folders. Put each class's images in its own sub-folder.", folder=str(root))
        raise DataFileError(
            "The folder {folder} needs at least two class sub-folders with images; found "
            "{found}. Put each class's images in its own sub-folder.", folder=str(root),
            found=", ".join(f"{c} ({n})" for c, n in counts.items()))
    shape = (0, channels, image_size, image_size)
    array = np.stack(images) if images else np.zeros(shape, np.uint8)
    return array, np.asarray(labels, dtype=np.int64), classes, report
