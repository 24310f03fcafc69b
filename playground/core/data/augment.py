"""Data augmentation for images: random shifts, small rotations and zooms, a whole batch at once.

Why it works this way:

* Augmentation shows the network a slightly moved, turned or resized copy of each image every
  epoch, so it learns the digit rather than its exact pixels. It must not slow training down
  noticeably, and the engine's batches are small (32) where per-call overhead dominates. So the
  work is done on tensors, for many images per call: one random affine matrix per image, one
  sampling grid built by broadcasting (cheaper than ``affine_grid``'s batched matrix product),
  and one ``grid_sample`` per chunk of :attr:`Augmentation.chunk` images.
* The engine calls :meth:`Augmentation.apply_` once per epoch on the shuffled training copy it
  already makes (in place, in chunks), instead of once per batch: the same work in 9 calls
  instead of 266 for MNIST. Each image still gets fresh random parameters every epoch.
* With ``group=k`` (the engine uses 4), k neighbouring images of the shuffled copy share one
  random transform: they are sampled as the k channels of one image, so the grid is built and
  the sampling positions worked out once for all k. That halves the cost again (mlp-mnist
  keeps about 90 % of its speed instead of about 85 %). The neighbours are a random draw every
  epoch, so every image still sees a new transform each epoch; a batch of 32 holds 8 of them.
* Nearest-neighbour sampling is the default, as in torchvision's ``RandomAffine``: it is about
  twice as fast as bilinear here and keeps pixel values (a binarised digit stays 0/1).
  Outside the image the edge pixels are repeated (``border``), which is the background for
  digits whatever the preprocessing (zero after ``scale``, negative after ``standardize``).
* Drawings differ from MNIST in more than place and size, so three more changes can be asked
  for (all off by default, and then no extra random numbers are drawn, so earlier runs are
  reproduced exactly): ``shear`` slants the digit (folded into the same affine matrix, free);
  ``elastic`` bends strokes by a smooth random displacement, a 4×4 grid of random offsets
  interpolated to the image and added to the same sampling grid (still one ``grid_sample``);
  ``thickness`` thickens strokes (dilation: ``max_pool2d``) or thins them (erosion:
  ``-max_pool2d(-x)``), chosen per image with one ``where`` per choice over each chunk;
  ``outline`` makes that share of the images hollow (a dilated copy minus the image: the digit's
  border, as outlined lettering draws it), since outlined digits otherwise read as "8". Max-pooling
  commutes with every preprocessing here (each keeps ink brighter than the paper), so it works
  on the engine's already normalised copy.
* That one-pixel outer border is bolder than printed outlines look once the Draw pane has
  shrunk them into 20×20 pixels: there the border of a bold glyph, a few pixels wide at print
  size, becomes a grey line under a pixel wide. ``outline_width`` (off by default) draws such a
  fine outline instead: the (thickened) ink's inner border, a random 1/4 to ``outline_width``
  pixels wide, taken at 4× resolution and averaged back down. It lifted the ready-trained
  network from 79 % to 93 % on the outlined font digits (see ``core.inspect.pretrained``).
* Random numbers come from the augmentation's own seeded generator, so a run with the same seed
  sees the same augmented images, and the global generator (dropout) is left alone.

Validation and test data are never augmented. This module never imports Qt.
"""

from __future__ import annotations

import math
from typing import Any

import torch
import torch.nn.functional as F

from playground.core.errors import TrainingError, shorten
from playground.core.messages import N_

Shape = tuple[int, ...]
INTERPOLATIONS = ("nearest", "bilinear")
PADDINGS = ("border", "zeros", "reflection")
MAX_SHIFT, MAX_ROTATION, MAX_SCALE = 16.0, 180.0, 0.5
MAX_SHEAR, MAX_ELASTIC, MAX_THICKNESS = 45.0, 4.0, 4
MAX_OUTLINE_WIDTH = 2.0
FINE = 4  # the fine outline is taken at this many times the image's resolution
ELASTIC_GRID = 4  # control points across the image for the elastic displacement


def image_shape_of(shape: Shape) -> tuple[int, int, int] | None:
    """The (channels, height, width) behind a sample shape, or ``None`` if it is not an image.

    ``(1, 28, 28)`` is itself, ``(28, 28)`` is one grey channel, ``(784,)`` a square grey
    image and ``(3072,)`` a square colour one.
    """
    shape = tuple(int(d) for d in shape)
    if len(shape) == 3:
        return shape  # type: ignore[return-value]
    if len(shape) == 2:
        return (1, *shape)  # type: ignore[return-value]
    if len(shape) == 1:
        for channels in (1, 3):
            side = math.isqrt(shape[0] // channels)
            if side >= 4 and channels * side * side == shape[0]:
                return (channels, side, side)
    return None


# What each setting is called in its two messages: whole sentences, so a translation can give
# the setting's name the grammar its language needs ("El desplazamiento...", "La escala...").
_SETTING_MESSAGES: dict[str, tuple[str, str]] = {
    "shift": (N_("The augmentation shift must be a number, not {value}."),
              N_("The augmentation shift must be between 0 and {high:g}, not {value}.")),
    "rotation": (N_("The augmentation rotation must be a number, not {value}."),
                 N_("The augmentation rotation must be between 0 and {high:g}, not {value}.")),
    "scale": (N_("The augmentation scale must be a number, not {value}."),
              N_("The augmentation scale must be between 0 and {high:g}, not {value}.")),
    "shear": (N_("The augmentation shear must be a number, not {value}."),
              N_("The augmentation shear must be between 0 and {high:g}, not {value}.")),
    "elastic": (N_("The augmentation elastic distortion must be a number, not {value}."),
                N_("The augmentation elastic distortion must be between 0 and {high:g}, "
                   "not {value}.")),
    "outline": (N_("The augmentation outline share must be a number, not {value}."),
                N_("The augmentation outline share must be between 0 and {high:g}, "
                   "not {value}.")),
    "outline_width": (N_("The augmentation outline width must be a number, not {value}."),
                      N_("The augmentation outline width must be between 0 and {high:g}, "
                         "not {value}.")),
}


def _number(setting: str, value: Any, high: float) -> float:
    not_number, out_of_range = _SETTING_MESSAGES[setting]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise TrainingError(not_number, value=shorten(value))
    if not 0 <= value <= high:
        # The number itself, so the reader's locale writes it (0,5 in Spain).
        raise TrainingError(out_of_range, high=float(high), value=value)
    return float(value)


class Augmentation:
    """Random affine changes of image batches: ``apply(batch) -> batch``.

    ``shift`` is the largest move in pixels (each direction, independently for x and y),
    ``rotation`` the largest turn in degrees either way, ``scale`` the zoom range as
    ``(smallest, largest)`` factors (a number ``s`` means ``(1 - s, 1 + s)``). Batches may have
    any per-sample shape holding ``image_shape``'s values ((784,) for (1, 28, 28)). ``group``
    images in a row share one transform (see the module docstring); ``chunk`` images go
    through ``grid_sample`` per call.

    ``shear`` is the largest slant in degrees either way, ``elastic`` the typical displacement
    of the smooth random bending in pixels, and ``thickness`` the most pixels a stroke may grow
    by (each image is thinned by one pixel, kept, or thickened by 1 to ``thickness`` pixels,
    all equally likely), and ``outline`` the share of images made hollow (only their border
    kept). They are the drawing-robust additions (see
    :data:`playground.core.training.config.DRAWING_ROBUST`). ``outline_width`` (pixels, 0 or
    1/4 to 2) makes the outlines fine (see the module docstring); its outlined images are
    always thickened, by 1 to ``thickness`` pixels, since outlined lettering is drawn around
    bold glyphs.
    """

    def __init__(
        self,
        image_shape: Shape,
        *,
        shift: float = 2.0,
        rotation: float = 10.0,
        scale: float | tuple[float, float] = 0.1,
        seed: int = 0,
        interpolation: str = "nearest",
        padding: str = "border",
        chunk: int = 1024,
        group: int = 1,
        shear: float = 0.0,
        elastic: float = 0.0,
        thickness: int = 0,
        outline: float = 0.0,
        outline_width: float = 0.0,
    ) -> None:
        image = image_shape_of(image_shape)
        if image is None:
            raise TrainingError(
                "Augmentation works on images, but each sample has the shape {shape}. Turn "
                "augmentation off for this dataset.", shape=str(tuple(image_shape)))
        self.image_shape = image
        self.shift = _number("shift", shift, MAX_SHIFT)
        self.rotation = _number("rotation", rotation, MAX_ROTATION)
        if isinstance(scale, (tuple, list)):
            low, high = (float(s) for s in scale)
        else:
            s = _number("scale", scale, MAX_SCALE)
            low, high = 1.0 - s, 1.0 + s
        if not (0.1 <= low <= high <= 10.0):
            raise TrainingError("The scale range must satisfy 0.1 ≤ low ≤ high ≤ 10, not {scale}.",
                                scale=str(scale))
        self.scale = (low, high)
        if interpolation not in INTERPOLATIONS:
            raise TrainingError("{name} must be one of {allowed}.", name="interpolation",
                                allowed=", ".join(INTERPOLATIONS))
        if padding not in PADDINGS:
            raise TrainingError("{name} must be one of {allowed}.", name="padding",
                                allowed=", ".join(PADDINGS))
        self.interpolation, self.padding = interpolation, padding
        self.chunk = max(int(chunk), 1)
        if isinstance(group, bool) or not isinstance(group, int) or not 1 <= group <= 64:
            raise TrainingError("{name} must be a whole number from {low} to {high}, not {value}.",
                                name="group", low=1, high=64, value=repr(group))
        self.group = group
        self.shear = _number("shear", shear, MAX_SHEAR)
        self.elastic = _number("elastic", elastic, MAX_ELASTIC)
        if isinstance(thickness, bool) or not isinstance(thickness, int) or \
                not 0 <= thickness <= MAX_THICKNESS:
            raise TrainingError(
                "The augmentation thickness must be a whole number from 0 to {high}, not {value}.",
                high=MAX_THICKNESS, value=shorten(thickness))
        self.thickness = thickness
        self.outline = _number("outline", outline, 1.0)
        self.outline_width = _number("outline_width", outline_width, MAX_OUTLINE_WIDTH)
        if self.outline_width and self.outline_width < 1 / FINE:
            raise TrainingError("The augmentation outline width must be 0 or at least {low:g} "
                                "pixels, not {value}.", low=1 / FINE, value=outline_width)
        self.seed = seed
        self.generator = torch.Generator().manual_seed(seed)
        _, height, width = image
        self._xs = (torch.arange(width, dtype=torch.float32) * 2 + 1) / width - 1
        self._ys = (torch.arange(height, dtype=torch.float32) * 2 + 1) / height - 1
        self._buffer: torch.Tensor | None = None

    @property
    def is_identity(self) -> bool:
        return (self.shift == 0 and self.rotation == 0 and self.scale == (1.0, 1.0)
                and self.shear == 0 and self.elastic == 0 and self.thickness == 0
                and self.outline == 0)

    def __repr__(self) -> str:
        return (
            f"Augmentation(image_shape={self.image_shape}, shift={self.shift:g}, "
            f"rotation={self.rotation:g}, scale={self.scale}, seed={self.seed}, "
            f"group={self.group}, shear={self.shear:g}, elastic={self.elastic:g}, "
            f"thickness={self.thickness}, outline={self.outline:g}, "
            f"outline_width={self.outline_width:g})"
        )

    # -- parameters ------------------------------------------------------------------------------
    def _uniform(self, n: int, low: float, high: float) -> torch.Tensor:
        return low + (high - low) * torch.rand(n, generator=self.generator)

    def matrices(self, n: int) -> torch.Tensor:
        """``n`` random (2, 3) matrices mapping output to input positions (grid_sample's
        normalised coordinates), one per image; advances the generator."""
        _, height, width = self.image_shape
        angle = self._uniform(n, -self.rotation, self.rotation) * (math.pi / 180)
        zoom = self._uniform(n, *self.scale)
        dx = self._uniform(n, -self.shift, self.shift) * (2 / width)
        dy = self._uniform(n, -self.shift, self.shift) * (2 / height)
        cos, sin = torch.cos(angle) / zoom, torch.sin(angle) / zoom
        # The inverse of "zoom, turn, then move" in pixels, written in normalised coordinates.
        m00, m01, m10, m11 = cos, sin * (height / width), -sin * (width / height), cos
        if self.shear:  # then slant: x_in += tan(shear) * y, applied before the turn's inverse
            slant = torch.tan(self._uniform(n, -self.shear, self.shear) * (math.pi / 180))
            m01 = m01 + m00 * slant * (height / width)
            m11 = m11 + m10 * slant * (height / width)
        b0 = -(m00 * dx + m01 * dy)
        b1 = -(m10 * dx + m11 * dy)
        return torch.stack((torch.stack((m00, m01, b0), 1), torch.stack((m10, m11, b1), 1)), 1)

    def _grid(self, theta: torch.Tensor, device: torch.device) -> torch.Tensor:
        """grid_sample's sampling grid for each matrix: ``grid[n, i, j] = M_n @ (x_j, y_i, 1)``.

        Each coordinate is one broadcast addition of an (n, 1, W) and an (n, H, 1) tensor,
        written into a buffer kept between calls (fresh memory per chunk costs page faults).
        """
        n = len(theta)
        _, height, width = self.image_shape
        theta = theta.to(device)
        xs, ys = self._xs.to(device), self._ys.to(device)
        buffer = self._buffer
        if buffer is None or buffer.device != device or len(buffer) < n:
            buffer = self._buffer = torch.empty(max(n, self.chunk), height, width, 2, device=device)
        grid = buffer[:n]
        for k in range(2):
            along_x = (theta[:, k, 0, None] * xs)[:, None, :]
            along_y = (theta[:, k, 1, None] * ys + theta[:, k, 2, None])[:, :, None]
            torch.add(along_x, along_y, out=grid[..., k])
        return grid

    def displacements(self, n: int) -> torch.Tensor | None:
        """``n`` smooth random displacement fields (n, H, W, 2) in normalised coordinates, or
        ``None`` without elastic distortion; advances the generator."""
        if not self.elastic:
            return None
        _, height, width = self.image_shape
        coarse = torch.randn(n, 2, ELASTIC_GRID, ELASTIC_GRID, generator=self.generator)
        field = F.interpolate(coarse * self.elastic, size=(height, width), mode="bicubic",
                              align_corners=True)
        field[:, 0] *= 2 / width  # pixels to grid_sample's [-1, 1] units
        field[:, 1] *= 2 / height
        return field.permute(0, 2, 3, 1)

    def strokes(self, n: int) -> torch.Tensor | None:
        """``n`` stroke changes in pixels (-1 thins, 0 keeps, k > 0 thickens by k), or
        ``None`` without thickness changes; advances the generator."""
        if not self.thickness:
            return None
        return torch.randint(-1, self.thickness + 1, (n,), generator=self.generator)

    def hollows(self, n: int) -> torch.Tensor | None:
        """Which of ``n`` images become outlines, or ``None`` without; advances the generator.

        With a fine outline (``outline_width``), each chosen image holds its border width in
        steps of ``1 / FINE`` pixel (1 to ``FINE * outline_width`` steps), the others 0.
        """
        if not self.outline:
            return None
        chosen = torch.rand(n, generator=self.generator) < self.outline
        if not self.outline_width:
            return chosen
        steps = torch.randint(1, round(FINE * self.outline_width) + 1, (n,),
                              generator=self.generator)
        return torch.where(chosen, steps, 0)

    @staticmethod
    def _hollow(images: torch.Tensor, chosen: torch.Tensor) -> torch.Tensor:
        """The chosen images (N, C, H, W) replaced by their outline: grown by one pixel each
        way, minus the image, laid on the image's paper (its smallest value)."""
        grown = F.max_pool2d(F.pad(images, (1, 1, 1, 1), mode="replicate"), 3, stride=1)
        paper = images.amin(dim=(1, 2, 3), keepdim=True)
        return torch.where(chosen.view(-1, 1, 1, 1), grown - images + paper, images)

    @staticmethod
    def _fine_hollow(images: torch.Tensor, steps: torch.Tensor) -> torch.Tensor:
        """The chosen images (``steps > 0``) replaced by the inner border of their ink,
        ``steps / FINE`` pixels wide, as outlined lettering is drawn: at ``FINE`` times the
        resolution the ink (brighter than half its brightest pixel) is eroded by ``steps``
        pixels and taken from itself, then averaged back down. A sub-pixel line comes out grey,
        as a printed outline does once the Draw pane shrinks it into 20×20 pixels."""
        chosen = (steps > 0).nonzero().flatten()
        if len(chosen) == 0:
            return images
        some = images[chosen]
        paper = some.amin(dim=(1, 2, 3), keepdim=True)
        ink = some - paper
        top = ink.amax(dim=(1, 2, 3), keepdim=True).clamp(min=1e-6)
        large = F.interpolate(ink / top, scale_factor=FINE, mode="bilinear", align_corners=False)
        glyph = (large > 0.5).to(images.dtype)
        border = torch.empty_like(glyph)
        widths = steps[chosen]
        for w in widths.unique().tolist():
            # Erosion of a 0/1 image: a pixel stays ink only if its whole (2w+1)² square is
            # ink. A box average finds that several times faster than a minimum on the CPU.
            these = (widths == w).nonzero().flatten()
            full = F.avg_pool2d(glyph[these], 2 * w + 1, stride=1, padding=w) > 1 - 1e-4
            border[these] = glyph[these] - full.to(glyph.dtype)
        out = images.clone()
        out[chosen] = F.avg_pool2d(border, FINE) * top + paper
        return out

    def _thicken(self, images: torch.Tensor, change: torch.Tensor) -> torch.Tensor:
        """Dilate or erode each image (N, C, H, W) by ``change[i]`` pixels.

        Growing by k pixels is a (k+1)×(k+1) maximum, thinning by one a 2×2 minimum; the edge
        is repeated so the border stays paper.
        """
        out = images
        for k in range(-1, self.thickness + 1):
            chosen = (change == k).view(-1, 1, 1, 1)
            if k == 0 or not bool(chosen.any()):
                continue
            size = 2 if k == -1 else k + 1
            sign = -1.0 if k == -1 else 1.0
            padded = F.pad(images * sign, ((size - 1) // 2, size // 2, (size - 1) // 2, size // 2),
                           mode="replicate")
            changed = F.max_pool2d(padded, size, stride=1) * sign
            out = torch.where(chosen, changed, out)
        return out

    def _warp(self, images: torch.Tensor, theta: torch.Tensor,
              bend: torch.Tensor | None = None) -> torch.Tensor:
        grid = self._grid(theta, images.device)
        if bend is not None:
            grid = grid + bend.to(images.device)
        return F.grid_sample(
            images, grid, mode=self.interpolation, padding_mode=self.padding, align_corners=False
        )

    # -- applying --------------------------------------------------------------------------------
    def _as_images(self, batch: torch.Tensor) -> torch.Tensor:
        if math.prod(batch.shape[1:]) != math.prod(self.image_shape):
            raise TrainingError(
                "Cannot augment samples of shape {shape} as images of shape {image}.",
                shape=str(tuple(batch.shape[1:])), image=str(self.image_shape))
        return batch.reshape(len(batch), *self.image_shape)

    @torch.no_grad()
    def apply(self, batch: torch.Tensor) -> torch.Tensor:
        """A new, augmented batch of the same shape (the input is left alone)."""
        out = batch.detach().clone().contiguous()
        return self.apply_(out)

    @torch.no_grad()
    def apply_(self, batch: torch.Tensor) -> torch.Tensor:
        """Augment ``batch`` in place, ``chunk`` images per call; returns ``batch``.

        ``batch`` must be contiguous (the engine's shuffled epoch copy is).
        """
        if self.is_identity or len(batch) == 0:
            return batch
        if not batch.is_contiguous():
            raise TrainingError("apply_ needs a contiguous batch; use apply() instead.")
        images = self._as_images(batch)
        n, (channels, height, width), g = len(images), self.image_shape, self.group
        groups = -(-n // g)
        theta = self.matrices(groups)  # drawn at once: the chunk size changes nothing
        bend = self.displacements(groups)
        change = self.strokes(n)
        hollow = self.hollows(n)
        if change is not None and hollow is not None and self.outline_width:
            # Outlined lettering is the border of a bold glyph: a fine outline of a thin stroke
            # would be the stroke again, so these images are always thickened.
            bold = torch.randint(1, self.thickness + 1, (n,), generator=self.generator)
            change = torch.where(hollow > 0, bold, change)
        whole = n - n % g
        # Each group of g images becomes one image of g * channels channels: one transform.
        grouped = images[:whole].view(whole // g, g * channels, height, width)
        step = max(self.chunk // g, 1)
        for start in range(0, len(grouped), step):
            part = grouped[start : start + step]
            stop = start + len(part)
            part.copy_(self._warp(part, theta[start:stop],
                                  None if bend is None else bend[start:stop]))
        if whole < n:
            rest = images[whole:].view(1, (n - whole) * channels, height, width)
            rest.copy_(self._warp(rest, theta[-1:], None if bend is None else bend[-1:]))
        for start in range(0, n if change is not None or hollow is not None else 0, self.chunk):
            part = images[start : start + self.chunk]
            stop = start + len(part)
            out = part
            if change is not None:
                out = self._thicken(out, change[start:stop].to(part.device))
            if hollow is not None and self.outline_width:
                out = self._fine_hollow(out, hollow[start:stop].to(part.device))
            elif hollow is not None:
                out = self._hollow(out, hollow[start:stop].to(part.device))
            part.copy_(out)
        return batch

    __call__ = apply

    # -- from a training configuration ---------------------------------------------------------
    @classmethod
    def from_config(cls, config: Any, image_shape: Shape) -> Augmentation | None:
        """The augmentation a :class:`~playground.core.training.config.TrainingConfig` asks for, if
        any.

        Reads ``augment`` (on/off), ``augment_shift``, ``augment_rotation``, ``augment_scale``,
        ``augment_shear``, ``augment_elastic``, ``augment_thickness``, ``augment_outline``,
        ``augment_outline_width`` and ``seed``; a
        configuration without these fields means no augmentation (a missing drawing-robust
        field means that change is off).
        ``image_shape`` is the dataset's own sample shape (``train_x.shape[1:]``), which must be
        (channels, height, width): a table with 16 columns is not a 4×4 image.
        """
        if not getattr(config, "augment", False):
            return None
        if len(image_shape) != 3:
            raise TrainingError(
                "Augmentation moves, turns and zooms images, but this dataset's samples have the "
                "shape {shape}. Turn augmentation off for it.", shape=str(tuple(image_shape)))
        return cls(
            image_shape,
            shift=getattr(config, "augment_shift", 2.0),
            rotation=getattr(config, "augment_rotation", 10.0),
            scale=getattr(config, "augment_scale", 0.1),
            seed=int(getattr(config, "seed", 0)) + 2,  # +1 is the engine's shuffle generator
            group=4,
            shear=getattr(config, "augment_shear", 0.0),
            elastic=getattr(config, "augment_elastic", 0.0),
            thickness=int(getattr(config, "augment_thickness", 0)),
            outline=getattr(config, "augment_outline", 0.0),
            outline_width=getattr(config, "augment_outline_width", 0.0),
        )
