"""Many small maps tiled into one picture, and the colour maps the inside views share.

Why one mosaic per layer: 64 filters drawn as 64 ImageItems in 64 ViewBoxes cost 64 times the
layout and paint work of one image; a mosaic with transparent (NaN) gaps costs one. The mosaic
remembers its tiles, so hovering can say which tile is under the mouse and enlarge it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg

MAX_TILES = 64  # maps drawn per layer at most; the title says how many there were
GAP = 1  # pixels of transparent gap between tiles
ASPECT = 5.0  # mosaics aim at this width:height, since the pane is a wide bottom dock

# Blue for negative, white for zero, red for positive (colorcet's CET-D1, bundled with pyqtgraph).
DIVERGING = pg.colormap.get("CET-D1")
# The two classes of a toy set, as in TensorFlow Playground: orange for 0, blue for 1.
CLASS_COLOURS = ((245, 147, 34), (8, 119, 189))
BOUNDARY_MAP = pg.ColorMap([0.0, 0.5, 1.0], [CLASS_COLOURS[0], (232, 234, 235), CLASS_COLOURS[1]])


def symmetric_level(values: np.ndarray) -> float:
    """max |v| over the finite values (1.0 when there are none, or all are zero)."""
    finite = np.abs(values[np.isfinite(values)])
    level = float(finite.max()) if finite.size else 0.0
    return level if level > 0 else 1.0


@dataclass(frozen=True)
class Mosaic:
    """``tiles`` laid out row by row in ``columns`` columns, NaN between and after them."""

    image: np.ndarray  # float32, row-major: (H, W), or (H, W, 3) for colour tiles
    tiles: np.ndarray  # (n, h, w) or (n, h, w, 3) float32: what was drawn, at most MAX_TILES
    columns: int
    total: int  # tiles before capping
    values: np.ndarray | None = None  # colour tiles: the numbers they picture (n, h, w, 3)

    @property
    def capped(self) -> bool:
        return self.total > len(self.tiles)

    @property
    def colour(self) -> bool:
        """Tiles that are RGB pictures in [0, 1] rather than values for a colour map."""
        return self.tiles.ndim == 4

    def tile_values(self, index: int) -> np.ndarray:
        """The numbers behind tile ``index`` (its weights, for a colour tile)."""
        return (self.values if self.values is not None else self.tiles)[index]

    def tile_at(self, x: float, y: float) -> int | None:
        """The tile under image coordinates (x along columns, y along rows), if any."""
        h, w = self.tiles.shape[1:3]
        col, row = math.floor(x / (w + GAP)), math.floor(y / (h + GAP))
        if x < 0 or y < 0 or x - col * (w + GAP) >= w or y - row * (h + GAP) >= h:
            return None
        index = row * self.columns + col
        return index if col < self.columns and index < len(self.tiles) else None


def mosaic(stack: np.ndarray, max_tiles: int = MAX_TILES, columns: int | None = None,
           values: np.ndarray | None = None) -> Mosaic:
    """Tile ``stack`` (n, h, w) into one image; at most ``max_tiles`` tiles, the first ones.

    A stack of colour pictures (n, h, w, 3) in [0, 1] gives a colour mosaic with white gaps
    (an RGB image has no transparent NaN); ``values`` are then the numbers they picture.
    """
    stack = np.asarray(stack, dtype=np.float32)
    if stack.ndim == 2:
        stack = stack[None]
    total = int(stack.shape[0])
    tiles = np.ascontiguousarray(stack[:max_tiles])
    n, h, w = tiles.shape[:3]
    if columns is None:
        columns = math.ceil(math.sqrt(max(n, 1) * ASPECT * h / max(w, 1)))
    columns = max(1, min(columns, n))
    rows = max(1, math.ceil(n / columns))
    size = (rows * (h + GAP) - GAP, columns * (w + GAP) - GAP, *tiles.shape[3:])
    image = np.full(size, 1.0 if tiles.ndim == 4 else np.nan, np.float32)
    for i in range(n):
        r, c = divmod(i, columns)
        image[r * (h + GAP) : r * (h + GAP) + h, c * (w + GAP) : c * (w + GAP) + w] = tiles[i]
    kept = None if values is None else np.ascontiguousarray(values[:max_tiles], np.float32)
    return Mosaic(image, tiles, columns, total, kept)


def as_strip(values: np.ndarray) -> np.ndarray:
    """A long vector folded into a near-square (rows, columns) image, NaN-padded at the end."""
    values = np.asarray(values, dtype=np.float32).reshape(-1)
    columns = max(1, math.ceil(math.sqrt(len(values) * ASPECT)))
    rows = max(1, math.ceil(len(values) / columns))
    image = np.full(rows * columns, np.nan, np.float32)
    image[: len(values)] = values
    return image.reshape(rows, columns)
