"""Samples as crisp enlarged pictures, and pasted pictures as arrays.

A sample is 28×28 grey; shown at its own size it is a smudge, and smoothed when enlarged it is
a blur. Each pixel is drawn as a square block (nearest neighbour, whole-number factor), the way
the network sees it. Pixmaps are cached per sample array: samples are immutable and shared
between the states of the undo stack, so a class of a thousand samples is drawn once, not on
every change.
"""

from __future__ import annotations

import weakref

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap

__all__ = ["MAX_PASTE_SIDE", "THUMB", "image_array", "sample_image", "sample_pixmap"]

THUMB = 56  # pixels: each sample pixel drawn as a 2×2 block
MAX_PASTE_SIDE = 1200  # a larger pasted picture is shrunk first: the sample is 28×28 anyway

# id(sample) -> (a weak reference to it, its pixmaps by size); an entry goes with its sample.
_cache: dict[int, tuple[weakref.ref, dict[int, QPixmap]]] = {}


def sample_image(sample: np.ndarray) -> QImage:
    """A sample (28×28 floats in [0, 1]) as an 8-bit grey picture, bright ink on dark."""
    pixels = np.ascontiguousarray(np.rint(np.clip(sample, 0.0, 1.0) * 255.0).astype(np.uint8))
    h, w = pixels.shape
    return QImage(pixels.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


def sample_pixmap(sample: np.ndarray, size: int = THUMB) -> QPixmap:
    """The sample enlarged to ``size`` pixels with square blocks, cached while it lives."""
    key = id(sample)
    entry = _cache.get(key)
    if entry is None or entry[0]() is not sample:
        entry = (weakref.ref(sample, lambda _ref, k=key: _cache.pop(k, None)), {})
        _cache[key] = entry
    sizes = entry[1]
    if size not in sizes:
        sizes[size] = _draw(sample, size)
    return sizes[size]


def _draw(sample: np.ndarray, size: int) -> QPixmap:
    return QPixmap.fromImage(sample_image(sample).scaled(
        size, size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.FastTransformation))


def image_array(image: QImage) -> np.ndarray:
    """A pasted picture as an RGBA uint8 array (height × width × 4), shrunk to at most
    :data:`MAX_PASTE_SIDE` pixels; a copy, so a pool job may prepare it."""
    if max(image.width(), image.height()) > MAX_PASTE_SIDE:
        image = image.scaled(MAX_PASTE_SIDE, MAX_PASTE_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)  # not premultiplied
    h, w, line = rgba.height(), rgba.width(), rgba.bytesPerLine()
    raw = np.frombuffer(rgba.constBits(), np.uint8, line * h).reshape(h, line)[:, : 4 * w]
    return raw.reshape(h, w, 4).copy()
