"""Own-class samples as PNGs, and the project file's side of the own classes.

Why it works this way:

* A sample is stored as an 8-bit grey 28×28 PNG (what any image viewer or zip tool shows),
  written and read here in a few lines over :mod:`zlib`: no Qt, no Pillow, and no native image
  code ever sees a file that may have been crafted to attack. (torchvision's ``decode_png``
  crashes the whole program, not with an exception, on a PNG whose pixel data is cut short.)
* The header is read first (:func:`png_size`) and anything but an 8-bit grey 28×28 picture is
  refused before a single pixel is decoded, so a header claiming 50,000×50,000 costs nothing;
  the pixels are never inflated past the 812 bytes a sample has.
* In a project file, sample ``i`` of class ``c`` is the member ``own_classes/cc/iiii.png``
  (:data:`SAMPLE_MEMBER`) and the class names and counts are a small JSON index in
  ``project.json`` (:func:`samples_to_members`). Reading (:func:`samples_from_members`) checks
  every count against the limits before anything is read, and that the index and the members
  list each other exactly.

This module never imports Qt or torch.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from playground.core.data.digits import IMAGE_SIZE
from playground.core.data.own_classes import (
    MAX_CLASSES,
    MAX_SAMPLES,
    MAX_SAMPLES_PER_CLASS,
    OwnClasses,
    OwnClassesError,
    as_sample,
)
from playground.core.errors import shorten
from playground.core.messages import N_

__all__ = ["MAX_SAMPLE_PNG_BYTES", "SAMPLE_MEMBER", "decode_sample_png", "encode_sample_png",
           "png_size", "sample_member", "samples_from_members", "samples_to_members"]  # fmt: skip

#: The project file's member for sample ``i`` of class ``c``: ``own_classes/cc/iiii.png``.
SAMPLE_MEMBER = re.compile(r"own_classes/[0-9]{2}/[0-9]{4}\.png")
#: A 28×28 8-bit grey PNG is under 1 KiB even uncompressed; more is not one of ours.
MAX_SAMPLE_PNG_BYTES = 4096
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def sample_member(c: int, i: int) -> str:
    """The member name of sample ``i`` of class ``c`` (both from 0)."""
    return f"own_classes/{c:02d}/{i:04d}.png"


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">L", len(body)) + kind + body + struct.pack(">L", zlib.crc32(kind + body))


def png_size(data: bytes) -> tuple[int, int, int, int]:
    """``(width, height, bit depth, colour type)`` from a PNG's header, without decoding it."""
    if len(data) < 33 or data[:8] != _PNG_SIGNATURE or data[8:16] != b"\x00\x00\x00\x0dIHDR":
        raise OwnClassesError("It is not a PNG picture.")
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, depth, colour


def encode_sample_png(sample: np.ndarray) -> bytes:
    """A sample as the bytes of an 8-bit grey 28×28 PNG (the same bytes for the same sample)."""
    u8 = np.rint(as_sample(sample) * 255.0).astype(np.uint8)
    rows = np.concatenate((np.zeros((IMAGE_SIZE, 1), np.uint8), u8), axis=1)  # filter 0: none
    header = struct.pack(">2L5B", IMAGE_SIZE, IMAGE_SIZE, 8, 0, 0, 0, 0)
    return (_PNG_SIGNATURE + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(rows.tobytes(), 6)) + _chunk(b"IEND", b""))


def _unfilter(raw: bytes) -> np.ndarray:
    """The pixels of a 28×28 8-bit grey PNG's decompressed rows (each a filter byte and 28
    pixels), with the five PNG filters undone."""
    rows = np.frombuffer(raw, np.uint8).reshape(IMAGE_SIZE, IMAGE_SIZE + 1)
    if not rows[:, 0].any():  # no filter on any row: what this app writes
        return rows[:, 1:]
    out = np.zeros((IMAGE_SIZE, IMAGE_SIZE), np.uint8)
    prior = np.zeros(IMAGE_SIZE, np.uint8)
    for y in range(IMAGE_SIZE):
        kind, line = int(rows[y, 0]), rows[y, 1:].astype(np.int64)
        if kind == 1:  # sub: add the pixel to the left
            line = np.cumsum(line)
        elif kind == 2:  # up: add the pixel above
            line = line + prior
        elif kind in (3, 4):  # average, paeth: each pixel depends on the one just made
            for x in range(IMAGE_SIZE):
                a, b = (int(line[x - 1]) if x else 0), int(prior[x])
                c = int(prior[x - 1]) if x else 0
                if kind == 3:
                    guess = (a + b) // 2
                else:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    guess = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + guess) % 256
        elif kind != 0:
            raise OwnClassesError("Its pixel rows are damaged.")
        out[y] = line % 256
        prior = out[y]
    return out


def decode_sample_png(data: bytes) -> np.ndarray:
    """A sample from PNG bytes; :class:`OwnClassesError` for anything but an 8-bit grey 28×28
    PNG (checked in the header before anything else) or bytes that do not decode."""
    if len(data) > MAX_SAMPLE_PNG_BYTES:
        raise OwnClassesError("It is larger than a sample picture can be ({size} bytes).",
                              size=len(data))
    width, height, depth, colour = png_size(data)
    if (width, height) != (IMAGE_SIZE, IMAGE_SIZE) or depth != 8 or colour != 0:
        raise OwnClassesError(
            "It is not an 8-bit grey {size}×{size} picture (its header says {width}×{height}).",
            size=IMAGE_SIZE, width=width, height=height)
    if data[26:29] != b"\x00\x00\x00":  # compression, filter method, no interlacing
        raise OwnClassesError("It is stored in a way this app does not write (interlaced).")
    packed, at = [], 8
    while True:
        if at + 12 > len(data):
            raise OwnClassesError("It is cut short.")
        (length,), kind = struct.unpack(">L", data[at : at + 4]), data[at + 4 : at + 8]
        body = data[at + 8 : at + 8 + length]
        if len(body) != length or data[at + 8 + length : at + 12 + length] != struct.pack(
            ">L", zlib.crc32(kind + body)
        ):
            raise OwnClassesError("It is damaged (a part of it fails its check).")
        at += 12 + length
        if kind == b"IDAT":
            packed.append(body)
        elif kind == b"IEND":
            break
    expected = IMAGE_SIZE * (IMAGE_SIZE + 1)
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(b"".join(packed), expected + 1)
    except zlib.error:
        raw = b""
    if len(raw) != expected or not inflater.eof:
        raise OwnClassesError("Its pixel data is damaged or incomplete.")
    return as_sample(_unfilter(raw))


def samples_to_members(own: OwnClasses) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The project file's side of ``own``: its JSON index and its PNG members by name."""
    index = {"classes": [{"name": c.name, "samples": len(c)} for c in own.classes]}
    members = {sample_member(c, i): encode_sample_png(sample)
               for c, cls in enumerate(own.classes) for i, sample in enumerate(cls.samples)}
    return index, members


def _expect(condition: bool, template: str, **params: Any) -> None:
    if not condition:
        raise OwnClassesError(template, **params)


def samples_from_members(index: Any, names: Iterable[str], read: Callable[[str], bytes]
                         ) -> OwnClasses:  # fmt: skip
    """The classes of a project file from its index and its members; ``names`` are the archive's
    own-class member names, ``read`` reads one. Every count is checked before anything is read,
    and every member is listed by the index and every listed member is there.
    Raises :class:`OwnClassesError` saying what is wrong."""
    _expect(isinstance(index, Mapping) and set(index) == {"classes"}
            and isinstance(index["classes"], list),
            N_("The own classes' index must be an object with a list of 'classes'."))
    entries = index["classes"]
    _expect(len(entries) <= MAX_CLASSES,
            N_("It lists {count} classes, more than the {limit} allowed."),
            count=len(entries), limit=MAX_CLASSES)
    counts = []
    for entry in entries:
        _expect(isinstance(entry, Mapping) and set(entry) == {"name", "samples"},
                N_("Each class in the index must have a 'name' and a number of 'samples'."))
        count = entry["samples"]
        _expect(isinstance(count, int) and not isinstance(count, bool)
                and 0 <= count <= MAX_SAMPLES_PER_CLASS,
                N_("A class lists {count} samples; a class has 0 to {limit}."),
                count=count if isinstance(count, int) and abs(count) < 10**9 else shorten(count),
                limit=MAX_SAMPLES_PER_CLASS)
        counts.append(count)
    _expect(sum(counts) <= MAX_SAMPLES,
            N_("It lists {count} samples, more than the {limit} allowed."),
            count=sum(counts), limit=MAX_SAMPLES)
    own = OwnClasses.create(entry["name"] for entry in entries)
    listed = [sample_member(c, i) for c, n in enumerate(counts) for i in range(n)]
    present = set(names)
    missing = next((name for name in listed if name not in present), None)
    _expect(missing is None, N_("The index lists {file} but the file does not contain it."),
            file=missing)
    extra = sorted(present - set(listed))
    _expect(not extra, N_("The file contains {file}, which the index does not list."),
            file=shorten(extra[0] if extra else ""))
    at = 0
    for c, n in enumerate(counts):
        samples = []
        for name in listed[at : at + n]:
            try:
                samples.append(decode_sample_png(read(name)))
            except OwnClassesError as exc:
                raise OwnClassesError("{file}: {problem}", file=name, problem=exc.message) from None
        own = own.add_samples(c, samples)
        at += n
    return own
