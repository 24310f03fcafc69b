"""Turn a drawing (or a picture file) into a 28×28 digit prepared exactly the way MNIST was.

Why it works this way:

* A network trained on MNIST has only ever seen digits made by one recipe (LeCun, Cortes and
  Burges): the ink's bounding box was scaled to fit a 20×20 box keeping its aspect ratio, with
  anti-aliasing (so the grey levels are the fraction of each pixel the ink covers), then placed
  in a 28×28 field so that the ink's centre of mass sits at the centre. A digit drawn on a big
  canvas, anywhere and at any size, must go through the same recipe or the network sees
  something it was never trained on -- a small digit in a corner is classified badly even by a
  network with 99 % test accuracy. :func:`mnistify` follows the recipe step by step.
* The scaling is an exact area (box) filter: each output pixel is the mean of the canvas area it
  covers. That is the proper anti-aliasing for shrinking a drawing (no moiré, no lost thin
  strokes, unlike nearest or plain bilinear sampling), it keeps the aspect ratio exactly (a
  partly covered last column gets partial intensity), and at scale 1 it is the identity, so an
  MNIST digit comes back unchanged. It is computed from running sums (the integral of the ink
  along rows, then columns), not as matrix products: a product that size goes to the BLAS
  library's worker threads, which on a busy computer (a network training on the other core)
  made one drawing in twenty wait over 10 ms for them.
* The centre of mass is put at pixel (14, 14) (row and column index) by the rounded offset, as
  in MNIST itself: the bundled MNIST digits all have their centre of mass in [13.5, 14.5]. The
  only departure from the recipe: if centring would push ink out of the 28×28 field (a very
  lopsided drawing), the shift is limited so nothing is cut off.
* Everything is whole-array numpy (no loop over pixels): a 280×280 canvas takes a fraction of a
  millisecond, so the GUI can predict while the student is still drawing.
* A blank canvas is not an error: :func:`prepare_digit` says ``empty`` and returns zeros, so the
  GUI can ask the student to draw a digit.
* :func:`load_image_file` reads a photo or scan of a digit with Pillow (imported lazily), turns
  dark ink on light paper into bright ink on dark by looking at the border, and stretches the
  contrast between the paper and the ink; unreadable files raise :class:`ImageFileError` naming
  the file.

This module never imports Qt or torch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from playground.core.errors import PlaygroundError

__all__ = [
    "CENTRE",
    "FIT_SIZE",
    "IMAGE_SIZE",
    "INK_THRESHOLD",
    "ImageFileError",
    "PreparedDigit",
    "flatten_alpha",
    "load_image_file",
    "mnistify",
    "picture_canvas",
    "prepare_digit",
]

IMAGE_SIZE = 28  # MNIST images are 28×28
FIT_SIZE = 20  # the ink's bounding box is scaled to fit 20×20
CENTRE = 14.0  # where the centre of mass goes (row and column index), as in MNIST
INK_THRESHOLD = 0.1  # canvas values (in [0, 1]) above this count as ink for the bounding box
BORDER_FRACTION = 0.03  # the outer 3 % of a picture is taken as its background
MIN_CONTRAST = 0.1  # a picture whose ink differs from the paper by less than this is blank


class ImageFileError(PlaygroundError):
    """A picture file that cannot be read as a digit; the message names the file."""


@dataclass(frozen=True)
class PreparedDigit:
    """A drawing after the MNIST recipe, with what the GUI may want to show about it.

    ``image`` is 28×28 float32 in [0, 1] (all zeros when ``empty``). ``ink_box`` is the ink's
    bounding box on the canvas as ``(top, left, bottom, right)`` (bottom and right exclusive);
    ``scale`` is how much the drawing was shrunk (or grown); ``offset`` is the (row, column) where
    the scaled ink box was pasted in the 28×28 field; ``centre_of_mass`` is the ink's centre of
    mass in the 28×28 image (row, column), within half a pixel of (14, 14) unless the shift had
    to be limited to keep the ink inside (``clamped``).
    """

    image: np.ndarray
    empty: bool
    ink_box: tuple[int, int, int, int] | None = None
    scale: float = 0.0
    offset: tuple[int, int] = (0, 0)
    centre_of_mass: tuple[float, float] = (CENTRE, CENTRE)
    clamped: bool = False


def _as_unit_float(canvas: np.ndarray) -> np.ndarray:
    """A 2D float32 copy of ``canvas`` in [0, 1]: integers are divided by their type's maximum."""
    a = np.asarray(canvas)
    if a.ndim != 2:
        raise ValueError(f"A canvas must be a 2D array (height, width), not shape {a.shape}.")
    if a.dtype == np.bool_:
        return a.astype(np.float32)
    if np.issubdtype(a.dtype, np.integer):
        return a.astype(np.float32) * np.float32(1.0 / np.iinfo(a.dtype).max)
    x = a.astype(np.float32)  # always a copy, so the caller's canvas is never changed
    if not np.isfinite(x).all():  # checked first: nan_to_num alone costs more than the rest
        np.nan_to_num(x, copy=False, nan=0.0, posinf=1.0, neginf=0.0)
    return np.clip(x, 0.0, 1.0, out=x)


def _area_resample(a: np.ndarray, scale: float, axis: int) -> np.ndarray:
    """``a`` (float32) resampled by ``scale`` along ``axis`` with an exact box filter.

    Output pixel ``i`` covers input coordinates ``[i / scale, (i + 1) / scale)``, clipped to the
    input: it gets ``scale`` times the ink integrated over that interval, so a full output pixel
    is the mean of what it covers and the last one, when the scaled size is not a whole number,
    only its covered fraction. With ``e_i = w_i + f_i`` the interval edges (whole and fraction
    parts), that integral is the sum of the whole pixels ``w_i .. w_{i+1} - 1`` plus
    ``f_{i+1}`` of pixel ``w_{i+1}`` minus ``f_i`` of pixel ``w_i``.
    """
    n_in = a.shape[axis]
    n_out = max(1, math.ceil(n_in * scale - 1e-6))
    edges = np.minimum(np.arange(n_out + 1, dtype=np.float64) / scale, n_in)
    edges[-1] = n_in  # the last pixel ends with the input (not a rounding error before it)
    whole = np.floor(edges).astype(np.intp)  # every edge but the last is inside the input
    shape = [1] * a.ndim
    shape[axis] = n_out + 1
    fraction = (edges - whole).astype(np.float32).reshape(shape)
    partial = fraction * np.take(a, np.minimum(whole, n_in - 1), axis=axis)
    sums = np.add.reduceat(a, whole[:-1], axis=axis)
    empty = whole[1:] == whole[:-1]  # reduceat gives a[w] for an empty range; it must be 0
    if empty.any():
        shape[axis] = n_out
        sums = np.where(empty.reshape(shape), np.float32(0.0), sums)
    ends = [slice(None)] * a.ndim
    ends[axis] = slice(1, None)
    starts = list(ends)
    starts[axis] = slice(None, -1)
    return (sums + partial[tuple(ends)] - partial[tuple(starts)]) * np.float32(scale)


def _round(value: float) -> int:
    """Round half up; a tie is decided the same way whatever the last bits of the float say.

    A symmetric drawing puts its centre of mass exactly between two pixels, and rounding
    ``x.5`` must not flip with the order of a sum on another computer.
    """
    return math.floor(value + 0.5 + 1e-4)


def prepare_digit(
    canvas: np.ndarray, *, dark_on_light: bool = False, threshold: float = INK_THRESHOLD
) -> PreparedDigit:
    """The MNIST recipe applied to ``canvas``, with its intermediate results.

    ``canvas`` is a 2D array of any size: floats in [0, 1] (values outside are clipped) or
    integers (uint8 0..255). Ink is bright on dark unless ``dark_on_light``. Pixels brighter
    than ``threshold`` decide the ink's bounding box; fainter ones inside it are kept (they are
    the drawing's own anti-aliasing).
    """
    x = _as_unit_float(canvas)
    if dark_on_light:
        np.subtract(1.0, x, out=x)
    mask = x > threshold
    rows, cols = mask.any(axis=1), mask.any(axis=0)
    if not rows.any():
        return PreparedDigit(np.zeros((IMAGE_SIZE, IMAGE_SIZE), np.float32), empty=True)
    top, bottom = int(rows.argmax()), len(rows) - int(rows[::-1].argmax())
    left, right = int(cols.argmax()), len(cols) - int(cols[::-1].argmax())
    crop = x[top:bottom, left:right]
    h, w = crop.shape

    # 1. Scale so the longer side is exactly FIT_SIZE, with an exact area filter.
    scale = FIT_SIZE / max(h, w)
    fitted = _area_resample(_area_resample(crop, scale, 0), scale, 1)
    fh, fw = fitted.shape

    # 2. Paste so the centre of mass lands on (14, 14), by the rounded offset.
    mass = float(fitted.sum())
    if mass <= 0.0:  # only possible with a threshold below zero
        return PreparedDigit(np.zeros((IMAGE_SIZE, IMAGE_SIZE), np.float32), empty=True)
    cy = float(fitted.sum(axis=1) @ np.arange(fh, dtype=np.float32)) / mass
    cx = float(fitted.sum(axis=0) @ np.arange(fw, dtype=np.float32)) / mass
    want_y, want_x = _round(CENTRE - cy), _round(CENTRE - cx)
    oy = min(max(want_y, 0), IMAGE_SIZE - fh)
    ox = min(max(want_x, 0), IMAGE_SIZE - fw)
    image = np.zeros((IMAGE_SIZE, IMAGE_SIZE), np.float32)
    image[oy : oy + fh, ox : ox + fw] = fitted
    np.clip(image, 0.0, 1.0, out=image)
    return PreparedDigit(
        image, empty=False, ink_box=(top, left, bottom, right), scale=scale, offset=(oy, ox),
        centre_of_mass=(oy + cy, ox + cx), clamped=(oy, ox) != (want_y, want_x),
    )  # fmt: skip


def mnistify(
    canvas: np.ndarray, *, dark_on_light: bool = False, threshold: float = INK_THRESHOLD
) -> np.ndarray:
    """A drawing as a 28×28 float32 MNIST-style digit in [0, 1]; all zeros for a blank canvas.

    See :func:`prepare_digit` for the arguments, and for the ``empty`` flag the GUI needs to
    ask for a drawing instead of showing a prediction.
    """
    return prepare_digit(canvas, dark_on_light=dark_on_light, threshold=threshold).image


# --------------------------------------------------------------------------- picture files


def _grey_from_pillow(image) -> np.ndarray:  # image: PIL.Image.Image
    """The picture as float32 grey levels in [0, 1]; transparency goes by :func:`flatten_alpha`."""
    mode = image.mode
    if mode in ("I;16", "I;16L", "I;16B", "I;16N"):
        return np.asarray(image, dtype=np.float32) / 65535.0
    if mode in ("I", "F"):
        a = np.asarray(image, dtype=np.float32)
        lo, hi = float(a.min()), float(a.max())
        return (a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)
    has_alpha = mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info
    if not has_alpha:
        return np.asarray(image.convert("L"), dtype=np.float32) / 255.0
    la = np.asarray(image.convert("LA"), dtype=np.float32) / 255.0
    return flatten_alpha(la[..., 0], la[..., 1])


def flatten_alpha(grey: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Grey levels of a picture with transparency, laid on a background that shows the ink.

    ``grey`` and ``alpha`` are float arrays in [0, 1] of one shape. A transparent background is
    filled with whatever contrasts with the ink (white behind dark ink, black behind light ink),
    so both kinds of transparent drawing keep their strokes.
    """
    grey = np.asarray(grey, dtype=np.float32)
    alpha = np.asarray(alpha, dtype=np.float32)
    if float(alpha.min()) >= 1.0:
        return np.ascontiguousarray(grey)
    covered = float(alpha.sum())
    ink = float((grey * alpha).sum()) / covered if covered > 0 else 0.0
    background = 1.0 if ink < 0.5 else 0.0
    return grey * alpha + background * (1.0 - alpha)


def _border(x: np.ndarray) -> np.ndarray:
    """The pixels of the outer ring of ``x`` (3 % of each side, at least one pixel)."""
    h, w = x.shape
    by, bx = max(1, round(h * BORDER_FRACTION)), max(1, round(w * BORDER_FRACTION))
    return np.concatenate(
        (x[:by].ravel(), x[h - by :].ravel(), x[by : h - by, :bx].ravel(),
         x[by : h - by, w - bx :].ravel())
    )  # fmt: skip


def load_image_file(path: str | Path, *, dark_on_light: bool | None = None) -> np.ndarray:
    """Read a picture of a digit as a canvas for :func:`mnistify`: float32, ink bright on dark.

    PNG, JPEG and the other formats Pillow reads; colour becomes grey, phone photos are turned
    upright. ``dark_on_light=None`` decides by the border: a bright border is paper, so the
    picture is inverted. The contrast is then stretched so the paper (and its noise) becomes 0
    and the brightest ink 1; a picture without visible ink comes back all zeros. Raises
    :class:`ImageFileError` (naming the file) when the file is missing or not a readable picture.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    path = Path(path)
    try:
        with Image.open(path) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
    except FileNotFoundError:
        raise ImageFileError("The picture {path} does not exist.", path=str(path)) from None
    except IsADirectoryError:
        raise ImageFileError("{path} is a folder, not a picture.", path=str(path)) from None
    except PermissionError:
        raise ImageFileError("The picture {path} cannot be opened: permission denied.",
                             path=str(path)) from None
    except UnidentifiedImageError:
        raise ImageFileError(
            "{name} is not a picture this app can read. Use a PNG or JPEG file (looked at "
            "{path}).", name=path.name, path=str(path)) from None
    except Image.DecompressionBombError:
        raise ImageFileError(
            "The picture {path} is too large to open safely. Use a smaller picture.",
            path=str(path)) from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:  # truncated or damaged data
        raise ImageFileError("The picture {path} is damaged and cannot be read ({reason}).",
                             path=str(path), reason=str(exc)) from None
    if image.width < 1 or image.height < 1:
        raise ImageFileError("The picture {path} has no pixels.", path=str(path))
    return picture_canvas(_grey_from_pillow(image), dark_on_light=dark_on_light)


def picture_canvas(grey: np.ndarray, *, dark_on_light: bool | None = None) -> np.ndarray:
    """A grey picture (float in [0, 1], any size) as a canvas for :func:`mnistify`.

    The steps :func:`load_image_file` applies after reading a file, for pictures that come from
    elsewhere (the clipboard): ink made bright on dark (``None`` decides by the border), the
    paper and its noise set to 0 and the brightest ink to 1; all zeros without visible ink.
    """
    x = np.asarray(grey, dtype=np.float32)
    if x.ndim != 2 or x.size == 0:
        raise ValueError(f"A picture must be a non-empty 2D array, not shape {x.shape}.")
    border = _border(x)
    if dark_on_light is None:
        dark_on_light = float(np.median(border)) > 0.5
    if dark_on_light:
        x = 1.0 - x
        border = 1.0 - border
    paper = float(np.median(border))
    noise = float(np.percentile(border, 95)) - paper
    low, peak = paper + noise + 1.0 / 255.0, float(x.max())
    if peak - low < MIN_CONTRAST:
        return np.zeros(x.shape, np.float32)
    x = (x - np.float32(low)) * np.float32(1.0 / (peak - low))
    return np.clip(x, 0.0, 1.0).astype(np.float32, copy=False)
