"""Pictures from outside (a file, the clipboard) made ready to be stamped into the pad.

Files go through :func:`playground.core.data.digits.load_image_file`; a pasted picture arrives as a
:class:`QImage` and takes the same steps (grey levels, transparency laid on a contrasting
background, ink made bright on dark, contrast stretched). The result is then cropped to its
ink with a margin, so a small digit in a large photo fills the pad instead of a corner of it;
the MNIST recipe crops to the ink anyway, and the student sees what the network will get.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QMimeData, Qt
from PySide6.QtGui import QImage, QPixmap

from playground.core.data.digits import (
    INK_THRESHOLD,
    ImageFileError,
    flatten_alpha,
    load_image_file,
    picture_canvas,
)

MAX_SIDE = 1200  # larger pasted pictures are shrunk first: the digit needs no more
CROP_MARGIN = 0.12  # share of the ink box added on each side when cropping to the ink
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff")


def tr(text: str) -> str:
    return QCoreApplication.translate("DrawPictures", text)


def crop_to_ink(canvas: np.ndarray, margin: float = CROP_MARGIN) -> np.ndarray:
    """The part of ``canvas`` around its ink (values above the ink threshold), with a margin."""
    mask = canvas > INK_THRESHOLD
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if len(rows) == 0:
        return canvas
    h, w = canvas.shape
    pad = round(margin * max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1))
    top, bottom = max(rows[0] - pad, 0), min(rows[-1] + 1 + pad, h)
    left, right = max(cols[0] - pad, 0), min(cols[-1] + 1 + pad, w)
    return canvas[top:bottom, left:right]


def canvas_from_qimage(image: QImage) -> np.ndarray:
    """A pasted picture as float32 ink in [0, 1], bright on dark; zeros without visible ink."""
    if image.isNull() or image.width() < 1 or image.height() < 1:
        raise ImageFileError(tr("The pasted picture is empty."))
    if max(image.width(), image.height()) > MAX_SIDE:
        image = image.scaled(MAX_SIDE, MAX_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)  # not premultiplied
    h, w, line = rgba.height(), rgba.width(), rgba.bytesPerLine()
    raw = np.frombuffer(rgba.constBits(), np.uint8, line * h).reshape(h, line)[:, : 4 * w]
    pixels = raw.reshape(h, w, 4).astype(np.float32) * np.float32(1.0 / 255.0)
    # ITU-R 601-2 luma, as Pillow's "L" conversion, so files and pastes agree.
    grey = pixels[..., 0] * 0.299 + pixels[..., 1] * 0.587 + pixels[..., 2] * 0.114
    return picture_canvas(flatten_alpha(grey, pixels[..., 3]))


def picture_from_file(path: str | Path) -> np.ndarray:
    """A picture file as ink cropped for the pad; raises ``ImageFileError`` naming the file."""
    return crop_to_ink(load_image_file(path))


def picture_from_mime(mime: QMimeData | None, image: QImage | None = None) -> np.ndarray:
    """What the clipboard (or a drop) holds, as ink cropped for the pad.

    A picture is used as it is; otherwise the first local picture file it names. Raises
    ``ImageFileError`` with what to do when it holds neither.
    """
    if mime is not None and mime.hasImage():
        pasted = image if image is not None else mime.imageData()
        if isinstance(pasted, QPixmap):
            pasted = pasted.toImage()
        if not isinstance(pasted, QImage):
            raise ImageFileError(tr("The pasted picture could not be read. Save it as a PNG "
                                    "file and open that instead."))
        return crop_to_ink(canvas_from_qimage(pasted))
    if mime is not None and mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in IMAGE_SUFFIXES:
                return picture_from_file(url.toLocalFile())
    raise ImageFileError(tr("The clipboard holds no picture. Copy a picture of a digit (or a "
                            "picture file), then paste it here."))
