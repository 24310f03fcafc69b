"""Draw the app icon: a small layered network (3 inputs, 4 hidden units, 2 outputs).

The SVG is the single source; every PNG size, the Windows ``.ico`` and the macOS ``.icns`` are
rendered from it with Qt, so the picture cannot drift between platforms. The node colours are
the editor's layer-family colours (Okabe-Ito, safe for colour-blind eyes), and the shapes are
thick enough to stay readable at 16 pixels in a panel or file manager.

Run from the repository root to rewrite ``packaging/icons/``::

    .venv/bin/python packaging/make_icon.py
"""

from __future__ import annotations

import itertools
import os
import struct
import sys
from pathlib import Path

ICON_NAME = "nn-playground"
ICONS_DIR = Path(__file__).resolve().parent / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico entry can say
# macOS icon element types holding PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}

CANVAS = 256
BACKGROUND = "#17324D"
EDGE = "#FFFFFF"
LAYERS: tuple[tuple[int, str], ...] = (  # (units, fill) from input to output
    (3, "#E69F00"),
    (4, "#56B4E9"),
    (2, "#009E73"),
)
LAYER_X = (64, 128, 192)
UNIT_SPACING = 46
UNIT_RADIUS = 17


def unit_centres() -> list[list[tuple[int, int]]]:
    """Centre of each unit, one list per layer, each layer centred vertically."""
    centres = []
    for x, (units, _) in zip(LAYER_X, LAYERS, strict=True):
        top = CANVAS // 2 - (units - 1) * UNIT_SPACING // 2
        centres.append([(x, top + i * UNIT_SPACING) for i in range(units)])
    return centres


def icon_svg() -> str:
    """The icon as SVG text: deterministic, so a test can check the committed file is current."""
    centres = unit_centres()
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CANVAS}" height="{CANVAS}" '
        f'viewBox="0 0 {CANVAS} {CANVAS}">',
        "  <title>Neural Network Playground</title>",
        f'  <rect x="8" y="8" width="240" height="240" rx="52" fill="{BACKGROUND}"/>',
        f'  <g stroke="{EDGE}" stroke-opacity="0.6" stroke-width="7" stroke-linecap="round">',
    ]
    for left, right in itertools.pairwise(centres):
        for x1, y1 in left:
            for x2, y2 in right:
                lines.append(f'    <line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>')
    lines.append("  </g>")
    lines.append(f'  <g stroke="{EDGE}" stroke-width="6">')
    for layer, (_, fill) in zip(centres, LAYERS, strict=True):
        for x, y in layer:
            lines.append(f'    <circle cx="{x}" cy="{y}" r="{UNIT_RADIUS}" fill="{fill}"/>')
    lines.append("  </g>")
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def render_png(svg: str, size: int) -> bytes:
    """``svg`` rasterised to a ``size``-pixel square PNG with a transparent background."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        raise ValueError("The icon SVG does not parse; check icon_svg().")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG images (readable by Windows Vista and later)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, data = b"", b""
    for size in sizes:
        png = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an .ico entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    return header + entries + data


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG images, one element per size macOS has a PNG type for."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
        for size, kind in sorted(ICNS_TYPES.items())
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_icons(out_dir: Path = ICONS_DIR) -> list[Path]:
    """Write the SVG, every PNG size, the .ico and the .icns into ``out_dir``; their paths."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([sys.argv[0]])  # noqa: F841  (kept alive while rendering)
    out_dir.mkdir(parents=True, exist_ok=True)
    svg = icon_svg()
    written = [out_dir / f"{ICON_NAME}.svg"]
    written[0].write_text(svg, encoding="utf-8")
    pngs = {size: render_png(svg, size) for size in PNG_SIZES}
    for size, png in pngs.items():
        path = out_dir / f"{ICON_NAME}-{size}.png"
        path.write_bytes(png)
        written.append(path)
    ico = out_dir / f"{ICON_NAME}.ico"
    ico.write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    icns = out_dir / f"{ICON_NAME}.icns"
    icns.write_bytes(icns_bytes(pngs))
    return [*written, ico, icns]


if __name__ == "__main__":
    for written_path in write_icons():
        print(f"Wrote {written_path}")
