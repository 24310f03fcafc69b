"""Attribution values as colours over the picture they explain, and as a PNG file.

The same colours everywhere (the Draw pane, the command line's PNG), so a caption can name
them: a signed map (evidence for and against) is red where it pushed the class's score up and
blue where it pulled it down; an unsigned map (how much, not which way) is a heat scale from
dark red through orange to pale yellow. Both are transparent where the value is zero, so the
picture shows through where nothing counted. The scale runs to the 99.5th percentile of the
sizes, not the maximum: one extreme pixel (saliency has them) would otherwise leave the rest
of the map invisible.

Everything is numpy (no Qt, no matplotlib); the PNG is encoded by torchvision and written
atomically, so a half-written file never replaces a good one.
"""

from __future__ import annotations

import math
import os
import warnings

import numpy as np

from playground.core.files.atomic import atomic_write_bytes

__all__ = ["as_grid", "blend", "grey_rgb", "heat_rgba", "level", "upscale", "write_png"]

POSITIVE = np.array((215, 48, 39), np.float32)  # red: evidence for the class
NEGATIVE = np.array((49, 130, 189), np.float32)  # blue: evidence against it
# The heat scale's colour stops (position, RGB), dark red to pale yellow.
HEAT_STOPS = ((0.0, (128, 0, 38)), (0.35, (227, 26, 28)), (0.7, (253, 141, 60)),
              (1.0, (255, 237, 160)))
MAX_ALPHA = 0.85  # the strongest colour still lets the picture show through
PERCENTILE = 99.5


def level(values: np.ndarray) -> float:
    """The size mapped to full colour: the 99.5th percentile of |values| (1.0 when all zero)."""
    sizes = np.abs(np.asarray(values, np.float32))
    sizes = sizes[np.isfinite(sizes)]
    if sizes.size == 0:
        return 1.0
    found = float(np.percentile(sizes, PERCENTILE))
    if not found > 0:
        found = float(sizes.max())
    return found if found > 0 and math.isfinite(found) else 1.0


def as_grid(values: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Attribution values laid over an (H, W) picture: a map of that size as it is, one value
    per row (a sequence read row by row) as horizontal stripes, one per pixel (a flat input)
    reshaped. Raises ``ValueError`` for values that do not fit the picture."""
    a = np.asarray(values, np.float32)
    h, w = size
    if a.shape == (h, w):
        return a
    if a.shape == (h,):
        return np.repeat(a[:, None], w, axis=1)
    if a.size == h * w:
        return a.reshape(h, w)
    raise ValueError(f"Attribution values of shape {a.shape} do not fit a {h}×{w} picture.")


def heat_rgba(values: np.ndarray, signed: bool, scale: float | None = None) -> np.ndarray:
    """A 2D map as RGBA uint8 (H, W, 4): red/blue for ``signed`` values, the heat scale for
    sizes; opacity grows with the size, zero is transparent. ``scale`` is the size shown at
    full colour (default :func:`level`)."""
    a = np.nan_to_num(np.asarray(values, np.float32))
    if a.ndim != 2:
        raise ValueError(f"A heat map needs a 2D array, not shape {a.shape}.")
    t = np.clip(np.abs(a) / (scale if scale and scale > 0 else level(a)), 0.0, 1.0)
    if signed:
        rgb = np.where((a >= 0)[..., None], POSITIVE, NEGATIVE)
    else:
        where = [p for p, _ in HEAT_STOPS]
        rgb = np.stack([np.interp(t, where, [c[i] for _, c in HEAT_STOPS]) for i in range(3)],
                       axis=-1)
    alpha = (MAX_ALPHA * 255.0) * (t if signed else t * np.sqrt(t))  # a faint haze fades out
    rgba = np.concatenate((rgb, alpha[..., None]), axis=-1)
    return np.ascontiguousarray(np.round(rgba).clip(0, 255).astype(np.uint8))


def grey_rgb(picture: np.ndarray) -> np.ndarray:
    """An (H, W) grey or (C, H, W) picture in [0, 1] as subdued grey RGB uint8 (H, W, 3): the
    ink stays readable and the colours over it stand out."""
    p = np.nan_to_num(np.asarray(picture, np.float32))
    if p.ndim == 3:
        p = p[:3].mean(axis=0) if p.shape[0] != 3 else \
            0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]
    if p.ndim != 2:
        raise ValueError(f"A picture must be (H, W) or (C, H, W), not shape {p.shape}.")
    grey = 40.0 + 150.0 * np.clip(p, 0.0, 1.0)
    return np.ascontiguousarray(np.repeat(np.round(grey).astype(np.uint8)[..., None], 3, -1))


def blend(picture: np.ndarray, rgba: np.ndarray) -> np.ndarray:
    """``rgba`` (from :func:`heat_rgba`) laid over the picture in grey: RGB uint8 (H, W, 3)."""
    base = grey_rgb(picture).astype(np.float32)
    colour = np.asarray(rgba, np.float32)
    if colour.shape[:2] != base.shape[:2]:
        raise ValueError(f"A {colour.shape[:2]} overlay cannot cover a {base.shape[:2]} picture.")
    alpha = colour[..., 3:4] / 255.0
    mixed = base * (1.0 - alpha) + colour[..., :3] * alpha
    return np.ascontiguousarray(np.round(mixed).clip(0, 255).astype(np.uint8))


def upscale(rgb: np.ndarray, factor: int) -> np.ndarray:
    """Each pixel as a ``factor``×``factor`` square (nearest neighbour: pixels stay crisp)."""
    if factor < 1:
        raise ValueError(f"The scale factor must be at least 1, not {factor}.")
    return np.ascontiguousarray(np.repeat(np.repeat(rgb, factor, axis=0), factor, axis=1))


def write_png(path: str | os.PathLike[str], rgb: np.ndarray) -> None:
    """Save an RGB (H, W, 3) or grey (H, W) uint8 picture as a PNG, atomically.

    torchvision's PNG encoder (the one ``torchvision.io.write_png`` uses) makes the bytes;
    :func:`~playground.core.files.atomic.atomic_write_bytes` puts them in place, so the file is
    either the whole picture or left as it was. Raises ``ProjectFileError`` (in plain words)
    when it cannot be written.
    """
    import torch

    a = np.asarray(rgb)
    if a.dtype != np.uint8 or a.ndim not in (2, 3) or (a.ndim == 3 and a.shape[2] not in (1, 3)):
        raise ValueError(f"A PNG needs uint8 (H, W) or (H, W, 3) pixels, not {a.dtype} "
                         f"{a.shape}.")
    chw = torch.from_numpy(np.ascontiguousarray(a if a.ndim == 3 else a[..., None]))
    with warnings.catch_warnings():  # torchvision 0.29 announces a move of its image codecs
        warnings.simplefilter("ignore", DeprecationWarning)
        from torchvision.io import encode_png

        data = encode_png(chw.permute(2, 0, 1).contiguous())
    atomic_write_bytes(path, data.numpy().tobytes())
