"""Make ``font-digits.npz``: digits rendered from fonts, distorted like people draw them.

Why this set exists: the bundled MNIST test digits are the same kind of writing the network
trained on, so they flatter it. Drawings on the pad, and printed digits dropped on the pane,
differ: thick or thin strokes, blobs, outlines, slant, printed 1s and 4s. This set measures
that, and it is never trained on.

How each digit is made (all random choices from one seeded generator, so the file is the same
on every run with the same fonts and Pillow):

* a font from :data:`FONTS` (handwriting-style fonts and common printed ones), taken in turn so
  every class meets every font;
* a style: ``plain``, ``thick`` (a stroke drawn around the glyph), ``thin`` (the glyph eroded),
  or ``outline`` (only the border of a thickened glyph: a hollow digit);
* a slant (shear), a turn of up to 15°, a wider or narrower shape, a blur, and an off-centre
  place on a 320×320 canvas;
* the contrast stretched so the brightest ink is 1, as for a picture opened in the pane;
* then exactly the Draw pane's preprocessing (:func:`playground.core.data.digits.prepare_digit`):
  crop to the ink, fit in 20×20, centre of mass at (14, 14).

The fonts come from Debian packages (see :data:`PACKAGES`); a missing font stops the script
with the package to install, rather than silently making a different set.

    .venv/bin/python assets/digits/make_font_digits.py [--per-class 60] [--seed 15]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from playground.core.data.digits import prepare_digit  # noqa: E402

FONT_DIR = Path("/usr/share/fonts")
OUTPUT = Path(__file__).with_name("font-digits.npz")
CANVAS = 320
FONT_SIZE = 170
STYLES = ("plain", "thick", "thin", "outline")
STYLE_WEIGHTS = (0.35, 0.3, 0.15, 0.2)

# (path under /usr/share/fonts, Debian package). Left out: fonts-femkeklaver, whose overlapping
# glyph contours turn into filled blobs when stroked (a thick 0 becomes a solid oval that no
# reader would call a 0).
FONTS: tuple[tuple[str, str], ...] = (
    ("truetype/humor-sans/Humor-Sans.ttf", "fonts-humor-sans"),
    ("opentype/comic-neue/ComicNeue-Regular.otf", "fonts-comic-neue"),
    ("opentype/comic-neue/ComicNeue-Bold.otf", "fonts-comic-neue"),
    ("opentype/comic-neue/ComicNeue-LightItalic.otf", "fonts-comic-neue"),
    ("truetype/fifthhorseman/dkg.ttf", "fonts-dkg-handwriting"),
    ("truetype/fifthhorseman/dkgBd.ttf", "fonts-dkg-handwriting"),
    ("truetype/breip/Breip.ttf", "fonts-breip"),
    ("truetype/rufscript/Rufscript010.ttf", "fonts-rufscript"),
    ("truetype/klee/KleeOne-Regular.ttf", "fonts-klee"),
    ("opentype/bwht/BecauseWeLearn-Regular.otf", "fonts-bwht"),
    ("opentype/bwht/BecauseWeCreate-Regular.otf", "fonts-bwht"),
    ("opentype/urw-base35/Z003-MediumItalic.otf", "fonts-urw-base35"),
    ("opentype/urw-base35/URWGothic-Book.otf", "fonts-urw-base35"),
    ("opentype/urw-base35/NimbusSans-Regular.otf", "fonts-urw-base35"),
    ("opentype/urw-base35/NimbusMonoPS-Regular.otf", "fonts-urw-base35"),
    ("opentype/urw-base35/C059-Italic.otf", "fonts-urw-base35"),
    ("truetype/dejavu/DejaVuSans.ttf", "fonts-dejavu-core"),
    ("truetype/dejavu/DejaVuSerif-Bold.ttf", "fonts-dejavu-core"),
    ("truetype/liberation/LiberationSans-Regular.ttf", "fonts-liberation"),
    ("truetype/liberation/LiberationSerif-Italic.ttf", "fonts-liberation"),
    ("truetype/freefont/FreeSans.ttf", "fonts-freefont-ttf"),
    ("truetype/freefont/FreeMono.ttf", "fonts-freefont-ttf"),
)
PACKAGES = tuple(dict.fromkeys(package for _, package in FONTS))


def missing_fonts(font_dir: Path = FONT_DIR) -> list[str]:
    """The Debian packages whose fonts are not installed."""
    return sorted({package for path, package in FONTS if not (font_dir / path).exists()})


def glyph(font: ImageFont.FreeTypeFont, digit: int, style: str, rng: np.random.Generator,
          ) -> Image.Image:
    """White ``digit`` on black, in ``style``, centred on a large square canvas."""
    side = CANVAS * 2
    image = Image.new("L", (side, side), 0)
    draw = ImageDraw.Draw(image)
    stroke = 0
    if style in ("thick", "outline"):
        stroke = int(rng.integers(4, 13))
    draw.text((side / 2, side / 2), str(digit), fill=255, font=font, anchor="mm",
              stroke_width=stroke, stroke_fill=255)
    if style == "thin":
        image = image.filter(ImageFilter.MinFilter(int(rng.choice((3, 5)))))
        if not image.getbbox():  # a hairline font erodes to nothing: keep it plain
            draw.text((side / 2, side / 2), str(digit), fill=255, font=font, anchor="mm")
    elif style == "outline":
        width = int(rng.integers(3, 7))
        inner = image.filter(ImageFilter.MinFilter(2 * width + 1))
        image = Image.fromarray(np.maximum(np.asarray(image, np.int16) -
                                           np.asarray(inner, np.int16), 0).astype(np.uint8))
    return image


def distort(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """Slant, turn, stretch, blur and move the glyph onto the CANVAS×CANVAS pad."""
    side = image.width
    shear = rng.uniform(-0.3, 0.3)
    stretch = rng.uniform(0.8, 1.2)
    c = side / 2
    # PIL's affine maps output to input: x_in = a x + b y + c0, y_in = d x + e y + f0.
    a, b = 1 / stretch, shear
    image = image.transform((side, side), Image.Transform.AFFINE,
                            (a, b, c - a * c - b * c, 0, 1, 0), resample=Image.Resampling.BILINEAR)
    image = image.rotate(float(rng.uniform(-15, 15)), resample=Image.Resampling.BILINEAR)
    box = image.getbbox()
    if box is None:
        return Image.new("L", (CANVAS, CANVAS), 0)
    ink = image.crop(box)
    pad = Image.new("L", (CANVAS, CANVAS), 0)
    room_x, room_y = max(CANVAS - ink.width, 0), max(CANVAS - ink.height, 0)
    pad.paste(ink, (int(rng.integers(0, room_x + 1)), int(rng.integers(0, room_y + 1))))
    radius = float(rng.choice((0.0, 0.0, 1.5, 2.5, 4.0)))
    return pad.filter(ImageFilter.GaussianBlur(radius)) if radius else pad


def stretch_contrast(canvas: Image.Image) -> np.ndarray:
    """The canvas in [0, 1] with its brightest ink at 1, as the pane's picture loading does
    (``picture_canvas``): a blurred picture is soft, not faint."""
    x = np.asarray(canvas, np.float32) / 255.0
    return x / max(float(x.max()), 1e-6)


def make(per_class: int, seed: int, font_dir: Path = FONT_DIR) -> dict[str, np.ndarray]:
    """The set as arrays: ``images`` (N, 28, 28) uint8, ``labels``, ``fonts``, ``styles``."""
    rng = np.random.default_rng(seed)
    fonts = [(path, ImageFont.truetype(str(font_dir / path), FONT_SIZE)) for path, _ in FONTS]
    images, labels, names, styles = [], [], [], []
    for digit in range(10):
        for k in range(per_class):
            path, font = fonts[(k + 3 * digit) % len(fonts)]
            style = str(rng.choice(STYLES, p=STYLE_WEIGHTS))
            canvas = stretch_contrast(distort(glyph(font, digit, style, rng), rng))
            prepared = prepare_digit(canvas)
            if prepared.empty:
                raise SystemExit(f"{path} drew an empty {digit} ({style}); change the seed.")
            images.append(np.round(prepared.image * 255).astype(np.uint8))
            labels.append(digit)
            names.append(Path(path).stem)
            styles.append(style)
    return {"images": np.stack(images), "labels": np.array(labels, np.uint8),
            "fonts": np.array(names), "styles": np.array(styles)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-class", type=int, default=60, help="digits of each class")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    missing = missing_fonts()
    if missing:
        print("Fonts are missing. Install them first: sudo apt-get install " + " ".join(missing),
              file=sys.stderr)
        return 1
    arrays = make(args.per_class, args.seed)
    np.savez_compressed(args.output, **arrays)
    print(f"{len(arrays['labels'])} digits from {len(FONTS)} fonts -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
