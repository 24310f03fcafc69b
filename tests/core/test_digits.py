"""Preparing a drawing like MNIST: golden outputs, the recipe's properties, picture files.

The drawings are rendered with :func:`draw`, a small anti-aliased thick-line renderer, so the
tests need no GUI. Golden arrays (uint8, ``tests/core/golden/``) pin the exact output; regenerate
them after a deliberate change with ``PLAYGROUND_UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from playground.core.data.datasets import BUNDLED_MNIST
from playground.core.data.digits import (
    CENTRE,
    FIT_SIZE,
    ImageFileError,
    load_image_file,
    mnistify,
    prepare_digit,
)
from playground.core.errors import PlaygroundError

GOLDEN = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("PLAYGROUND_UPDATE_GOLDEN") == "1"
Stroke = list[tuple[float, float]]  # (row, column) points of one pen stroke

# Digits as a student might draw them on a 280×280 canvas, pen 18 px wide.
_T = np.linspace(0.0, 2 * np.pi + 0.4, 49)  # once round and a little more: the ends overlap
_ZERO: Stroke = list(zip(140 - 80 * np.cos(_T), 140 + 52 * np.sin(_T) * (1 + 0.2 * np.cos(_T))
                         - 14 * np.cos(_T), strict=True))  # fmt: skip  # an egg, tilted
DRAWINGS: dict[str, list[Stroke]] = {
    "one": [[(88, 122), (60, 150), (220, 132)]],
    "seven": [[(70, 84), (66, 200), (220, 118)]],
    "zero": [_ZERO],
    "four": [[(60, 160), (170, 78), (170, 205)], [(105, 165), (230, 160)]],
}
LABELS = {"one": 1, "seven": 7, "zero": 0, "four": 4}


def draw(
    strokes: list[Stroke],
    size: tuple[int, int] = (280, 280),
    width: float = 18.0,
    shift: tuple[float, float] = (0.0, 0.0),
    scale: float = 1.0,
) -> np.ndarray:
    """A float32 canvas with each stroke drawn as anti-aliased thick line segments (ink 1).

    Points are scaled by ``scale`` about the origin and moved by ``shift``; the pen width is
    scaled too. A pixel's ink is how far its centre lies inside the pen (clipped to 0..1).
    """
    rows, cols = np.mgrid[0 : size[0], 0 : size[1]].astype(np.float32) + 0.5
    canvas = np.zeros(size, np.float32)
    radius = width * scale / 2
    for stroke in strokes:
        p = np.asarray(stroke, np.float32) * scale + np.asarray(shift, np.float32)
        a, b = p[:-1, :, None, None], p[1:, :, None, None]  # segments, broadcast over pixels
        ab = b - a
        length2 = np.maximum((ab**2).sum(axis=1), 1e-9)
        t = ((rows - a[:, 0]) * ab[:, 0] + (cols - a[:, 1]) * ab[:, 1]) / length2
        t = np.clip(t, 0.0, 1.0)
        dist = np.hypot(rows - (a[:, 0] + t * ab[:, 0]), cols - (a[:, 1] + t * ab[:, 1]))
        ink = np.clip(radius + 0.5 - dist.min(axis=0), 0.0, 1.0)
        np.maximum(canvas, ink, out=canvas)
    return canvas


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    idx = np.arange(image.shape[0])
    mass = image.sum()
    return float(image.sum(1) @ idx / mass), float(image.sum(0) @ idx / mass)


def ink_box(image: np.ndarray) -> tuple[int, int, int, int]:
    """(top, left, bottom, right), bottom and right inclusive, of the non-zero pixels."""
    r, c = np.flatnonzero(image.any(1)), np.flatnonzero(image.any(0))
    return int(r[0]), int(c[0]), int(r[-1]), int(c[-1])


@pytest.fixture(scope="module")
def canvases() -> dict[str, np.ndarray]:
    return {name: draw(strokes) for name, strokes in DRAWINGS.items()}


# --------------------------------------------------------------------------- golden outputs


@pytest.mark.parametrize("name", list(DRAWINGS))
def test_drawings_match_the_golden_arrays(canvases, name: str) -> None:
    image = mnistify(canvases[name])
    path = GOLDEN / f"{name}.npy"
    if UPDATE_GOLDEN:
        GOLDEN.mkdir(exist_ok=True)
        np.save(path, np.round(image * 255).astype(np.uint8), allow_pickle=False)
    golden = np.load(path, allow_pickle=False)
    assert golden.dtype == np.uint8 and golden.shape == (28, 28)
    assert np.abs(image - golden / 255.0).max() <= 1 / 255


def test_golden_drawings_are_not_on_a_rounding_tie(canvases) -> None:
    """A centre of mass half-way between pixels could round either way on another computer."""
    for name, canvas in canvases.items():
        offset = np.asarray(prepare_digit(canvas).centre_of_mass) - CENTRE
        assert np.all(np.abs(np.abs(offset) - 0.5) > 0.04), name


def test_mnist_digits_come_back_unchanged() -> None:
    """The recipe is MNIST's own: every bundled test digit is a fixed point of it.

    Its ink box is already 20 pixels on the longer side (scale 1, where the area filter is the
    identity) and its centre of mass already rounds to (14, 14), so nothing moves.
    """
    with np.load(BUNDLED_MNIST, allow_pickle=False) as npz:
        digits = npz["test_images"]
    for u8 in digits:
        assert np.allclose(mnistify(u8, threshold=0.0), u8 / 255.0, rtol=0, atol=1e-6)
    # With the default threshold, faint edge pixels may be left out of the box: barely visible.
    diff = [np.abs(mnistify(u8) - u8 / 255).mean() for u8 in digits[:200]]
    assert np.mean(diff) < 0.002


# --------------------------------------------------------------------------- the recipe


def test_output_is_28x28_float32_in_0_1_for_all_kinds_of_canvas(canvases) -> None:
    rng = np.random.default_rng(1)
    inputs = [
        *canvases.values(),
        (canvases["seven"] * 255).astype(np.uint8),
        canvases["four"].astype(np.float64) * 3.0 - 0.5,  # out of range: clipped
        rng.random((97, 301)),  # noise on a wide canvas
        np.pad(np.ones((3, 1)), 40),  # a tiny mark: grown to 20 pixels
        draw(DRAWINGS["one"], size=(400, 180)),
        (rng.random((60, 60)) > 0.97),  # booleans
        (canvases["zero"] * 65535).astype(np.uint16),
    ]
    for canvas in inputs:
        image = mnistify(canvas)
        assert image.shape == (28, 28) and image.dtype == np.float32
        assert image.min() >= 0.0 and image.max() <= 1.0 and image.max() > 0.1


@pytest.mark.parametrize("name", list(DRAWINGS))
def test_ink_box_is_20_pixels_on_its_longer_side_and_centre_of_mass_is_central(
    canvases, name: str
) -> None:
    prepared = prepare_digit(canvases[name])
    image = prepared.image
    top, left, bottom, right = ink_box(image)
    height, width = bottom - top + 1, right - left + 1
    assert max(height, width) == FIT_SIZE and min(height, width) <= FIT_SIZE
    assert not prepared.clamped
    cy, cx = centre_of_mass(image)
    assert abs(cy - CENTRE) <= 0.5 + 1e-4 and abs(cx - CENTRE) <= 0.5 + 1e-4
    assert np.hypot(cy - CENTRE, cx - CENTRE) <= 1.0
    assert prepared.centre_of_mass == pytest.approx((cy, cx), abs=1e-4)


def test_a_balanced_drawing_sits_in_the_central_20x20_area(canvases) -> None:
    """Up to the half pixel of centring on pixel 14: rows and columns 4..24.

    A lopsided drawing (the 7's heavy bar, the 1's flag) is placed by its centre of mass, not
    its box, so its box may reach further -- as in MNIST, where only about a quarter of the
    digits lie inside rows and columns 4..23.
    """
    bar = draw([[(40, 140), (240, 140)]])
    plus = draw([[(40, 140), (240, 140)], [(140, 60), (140, 220)]])
    for canvas in (canvases["zero"], bar, plus):
        top, left, bottom, right = ink_box(mnistify(canvas))
        assert top >= 4 and left >= 4 and bottom <= 24 and right <= 24


def test_aspect_ratio_is_kept_and_the_area_filter_conserves_ink() -> None:
    canvas = np.zeros((300, 300), np.float32)
    canvas[50:250, 120:220] = 1.0  # a block 200 tall, 100 wide
    prepared = prepare_digit(canvas)
    assert prepared.scale == pytest.approx(0.1)
    top, left, bottom, right = ink_box(prepared.image)
    assert (bottom - top + 1, right - left + 1) == (20, 10)
    assert np.all(prepared.image[top : bottom + 1, left : right + 1] == 1.0)
    # Anti-aliasing, not sampling: a stroke thinner than an output pixel becomes a grey line
    # whose total ink is the stroke's area times scale², wherever it falls on the grid.
    for col in (100, 103, 106):
        thin = np.zeros((300, 300), np.float32)
        thin[50:250, col : col + 3] = 1.0
        thin[50:53, col : col + 60] = 1.0  # a bar, so the box is wide enough to shrink
        prepared = prepare_digit(thin)
        image = prepared.image
        assert image.sum() == pytest.approx(thin.sum() * prepared.scale**2, rel=1e-5)
        assert 0.0 < image.max() <= 1.0 and np.any((image > 0.05) & (image < 0.95))


def test_a_thin_stroke_is_never_lost_when_shrunk() -> None:
    canvas = np.zeros((280, 280), np.float32)
    canvas[20:260, 140] = 1.0  # a 1-pixel line, shrunk 12 times
    canvas[20, 100:180] = 1.0
    image = mnistify(canvas)
    top, _, bottom, _ = ink_box(image)
    assert np.all(image[top : bottom + 1].max(axis=1) > 0.05)  # no row of the line is lost


def test_the_scaling_is_the_exact_area_filter() -> None:
    """Against the definition: each output pixel is ``scale`` times its overlap with each input
    pixel, written out as a matrix (shrinking and enlarging, whole and partial last pixels)."""
    from playground.core.data.digits import _area_resample

    def overlaps(n_in: int, scale: float) -> np.ndarray:
        n_out = max(1, int(np.ceil(n_in * scale - 1e-6)))
        lo = np.arange(n_out)[:, None] / scale
        k = np.arange(n_in)[None, :]
        return np.clip(np.minimum(lo + 1 / scale, k + 1) - np.maximum(lo, k), 0, None) * scale

    rng = np.random.default_rng(7)
    for _ in range(300):
        h, w = (int(n) for n in rng.integers(1, 300, 2))
        x = (rng.random((h, w)) * (rng.random((h, w)) > 0.6)).astype(np.float32)
        scale = FIT_SIZE / max(h, w)
        expected = overlaps(h, scale) @ x @ overlaps(w, scale).T
        got = _area_resample(_area_resample(x, scale, 0), scale, 1)
        assert got.shape == expected.shape and got.dtype == np.float32
        assert np.abs(got - expected).max() < 1e-5, (h, w)


def test_moving_the_drawing_changes_nothing(canvases) -> None:
    canvas = canvases["four"]
    reference = mnistify(canvas)
    for shift in ((-50, -60), (40, 45), (-45, 30), (10, -68)):  # the ink stays on the canvas
        assert np.array_equal(mnistify(np.roll(canvas, shift, axis=(0, 1))), reference), shift
        # Drawn again elsewhere (the renderer's own rounding differs by a few 1e-7).
        moved = draw(DRAWINGS["four"], shift=shift)
        assert np.allclose(mnistify(moved), reference, rtol=0, atol=1e-5), shift
    larger = np.zeros((500, 350), np.float32)  # a canvas of another size and shape
    larger[200:480, 60:340] = canvas
    assert np.array_equal(mnistify(larger), reference)


@pytest.mark.parametrize("name", list(DRAWINGS))
def test_drawing_twice_as_big_or_half_as_big_changes_little(canvases, name: str) -> None:
    reference = mnistify(canvases[name])
    bigger = mnistify(draw(DRAWINGS[name], size=(600, 600), scale=2.0))
    smaller = mnistify(draw(DRAWINGS[name], size=(150, 150), scale=0.5))
    assert np.abs(bigger - reference).mean() < 0.002 and np.abs(bigger - reference).max() < 0.05
    assert np.abs(smaller - reference).mean() < 0.02 and np.abs(smaller - reference).max() < 0.3


def test_dark_ink_on_light_paper(canvases) -> None:
    canvas = canvases["seven"]
    assert np.array_equal(mnistify(1.0 - canvas, dark_on_light=True), mnistify(canvas))
    paper = (255 - canvas * 255).round().astype(np.uint8)
    assert np.abs(mnistify(paper, dark_on_light=True) - mnistify(canvas)).max() < 2 / 255


def test_the_callers_canvas_is_left_alone(canvases) -> None:
    canvas = canvases["zero"].copy()
    mnistify(canvas, dark_on_light=True)
    mnistify(canvas)
    assert np.array_equal(canvas, canvases["zero"])


def test_a_blank_canvas_gives_zeros_and_says_so() -> None:
    zeros = np.zeros((28, 28), np.float32)
    for blank, dark_on_light in (
        (np.zeros((280, 280), np.float32), False),
        (np.zeros((280, 280), np.uint8), False),
        (np.full((100, 100), 0.05, np.float32), False),  # faint smudges below the threshold
        (np.ones((50, 50), np.float32), True),  # white paper for dark ink
    ):
        prepared = prepare_digit(blank, dark_on_light=dark_on_light)
        assert prepared.empty and prepared.ink_box is None
        assert np.array_equal(prepared.image, zeros)
        assert np.array_equal(mnistify(blank, dark_on_light=dark_on_light), zeros)
    assert not prepare_digit(draw(DRAWINGS["one"])).empty


def test_prepared_digit_reports_where_the_ink_was(canvases) -> None:
    prepared = prepare_digit(canvases["one"])
    top, left, bottom, right = prepared.ink_box
    rows = np.flatnonzero((canvases["one"] > 0.1).any(axis=1))
    cols = np.flatnonzero((canvases["one"] > 0.1).any(axis=0))
    assert (top, left, bottom, right) == (rows[0], cols[0], rows[-1] + 1, cols[-1] + 1)
    assert prepared.scale == pytest.approx(FIT_SIZE / max(bottom - top, right - left))


def test_a_lopsided_drawing_is_never_cut_off() -> None:
    heavy = np.zeros((200, 200), np.float32)
    heavy[10:190, 10:60] = 1.0  # a fat bar on the left ...
    heavy[185:190, 60:190] = 1.0  # ... and a thin line to the right: the mass is far left
    prepared = prepare_digit(heavy)
    assert prepared.clamped  # centring would push the thin line out of the field
    assert prepared.image.sum() == pytest.approx(heavy.sum() * prepared.scale**2, rel=1e-5)
    assert prepared.image[:, -1].any()  # it touches the edge instead


def test_a_canvas_must_be_2d() -> None:
    with pytest.raises(ValueError, match="2D"):
        mnistify(np.zeros((28, 28, 3)))


# --------------------------------------------------------------------------- picture files


@pytest.fixture
def paper_digit(canvases) -> np.ndarray:
    """The "four" as dark ink on white paper, uint8."""
    return (255 - np.round(canvases["four"] * 255)).astype(np.uint8)


def test_a_png_of_dark_ink_on_paper_is_inverted(tmp_path: Path, canvases, paper_digit) -> None:
    from PIL import Image

    path = tmp_path / "four.png"
    Image.fromarray(paper_digit, "L").save(path)
    canvas = load_image_file(path)
    assert canvas.dtype == np.float32 and canvas.shape == (280, 280)
    assert np.abs(canvas - canvases["four"]).max() < 0.01
    assert np.abs(mnistify(canvas) - mnistify(canvases["four"])).max() < 0.01
    # Told explicitly, the same.
    assert np.array_equal(load_image_file(path, dark_on_light=True), canvas)


def test_light_ink_on_black_is_kept(tmp_path: Path, canvases) -> None:
    from PIL import Image

    path = tmp_path / "four.png"
    Image.fromarray(np.round(canvases["four"] * 255).astype(np.uint8), "L").save(path)
    assert np.abs(load_image_file(path) - canvases["four"]).max() < 0.01


def test_a_jpeg_photo_in_colour_with_grey_paper(tmp_path: Path, canvases) -> None:
    from PIL import Image

    ink = canvases["four"]
    rng = np.random.default_rng(0)
    grey = 200 - 160 * ink + rng.normal(0, 4, ink.shape)  # grey paper, dark-grey pen, noise
    rgb = np.stack([grey, grey * 0.95, grey * 0.9], axis=-1).clip(0, 255).astype(np.uint8)
    path = tmp_path / "photo.jpg"
    Image.fromarray(rgb, "RGB").save(path, quality=85)
    image = mnistify(load_image_file(path))
    reference = mnistify(ink)
    assert np.abs(image - reference).mean() < 0.03
    assert np.corrcoef(image.ravel(), reference.ravel())[0, 1] > 0.97


def test_a_transparent_png_keeps_its_strokes_either_colour(tmp_path: Path, canvases) -> None:
    from PIL import Image

    ink = np.round(canvases["seven"] * 255).astype(np.uint8)
    reference = mnistify(canvases["seven"])
    for colour in (0, 255):  # black pen, white pen, on a transparent background
        rgba = np.zeros((*ink.shape, 4), np.uint8)
        rgba[..., :3] = colour
        rgba[..., 3] = ink
        path = tmp_path / f"pen{colour}.png"
        Image.fromarray(rgba, "RGBA").save(path)
        assert np.abs(mnistify(load_image_file(path)) - reference).max() < 0.02, colour


def test_a_blank_picture_is_an_empty_canvas(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "blank.png"
    Image.fromarray(np.full((64, 80), 230, np.uint8), "L").save(path)
    canvas = load_image_file(path)
    assert canvas.shape == (64, 80) and not canvas.any()
    assert prepare_digit(canvas).empty


def test_unreadable_files_raise_an_error_naming_the_file(tmp_path: Path, paper_digit) -> None:
    from PIL import Image

    not_image = tmp_path / "notes.png"
    not_image.write_text("this is not a picture")
    truncated = tmp_path / "cut.png"
    Image.fromarray(paper_digit, "L").save(truncated)
    truncated.write_bytes(truncated.read_bytes()[:200])
    cases = {
        tmp_path / "missing.png": "does not exist",
        not_image: "not a picture",
        truncated: "damaged",
        tmp_path: "folder",
    }
    for path, words in cases.items():
        with pytest.raises(ImageFileError, match=words) as caught:
            load_image_file(path)
        assert isinstance(caught.value, PlaygroundError)
        assert path.name in str(caught.value)
