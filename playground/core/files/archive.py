"""The ``.nnp`` archive's safety checks, made before anything in it is read.

A project file comes from anywhere (students pass them around), so the zip itself is checked
first: the size of its table of contents before :mod:`zipfile` parses it, then every entry's
name (no absolute or ``..`` paths, only the project's own members), count, compression method,
declared size and compression ratio (zip bombs), and finally each member is read no further
than its declared size. Every refusal is a :class:`ProjectFileError` naming what is wrong.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from typing import IO

from playground.core.data.own_classes import MAX_SAMPLES
from playground.core.data.own_classes_png import MAX_SAMPLE_PNG_BYTES, SAMPLE_MEMBER
from playground.core.errors import ProjectFileError, shorten
from playground.core.messages import Message

PROJECT_JSON = "project.json"
WEIGHTS_FILE = "weights.safetensors"
BEST_WEIGHTS_FILE = "best.safetensors"

MiB = 1 << 20
#: Largest uncompressed size accepted for each member. A history of thousands of runs is a few
#: MiB; 1 GiB of float32 is ~270 million parameters, far beyond anything trained in class.
MEMBER_LIMITS: dict[str, int] = {
    PROJECT_JSON: 16 * MiB,
    WEIGHTS_FILE: 1024 * MiB,
    BEST_WEIGHTS_FILE: 1024 * MiB,
}
#: Deflate rarely beats ~10:1 on real data; zip bombs reach 1000:1. Members smaller than
#: ``RATIO_GRACE_BYTES`` are exempt: they cannot hurt, and tiny JSON can compress very well.
MAX_COMPRESSION_RATIO = 200
RATIO_GRACE_BYTES = 1 * MiB
#: A valid project has at most three members and a central directory of a few hundred bytes,
#: besides its own classes' samples: up to ``MAX_SAMPLES`` small PNGs named by
#: ``SAMPLE_MEMBER`` (``own_classes/00/0000.png``), about 360 KiB of central directory at most.
MAX_ENTRIES = 16
MAX_CENTRAL_DIRECTORY_BYTES = 1 * MiB
MAX_ALL_ENTRIES = MAX_ENTRIES + MAX_SAMPLES
_DRIVE = re.compile(r"^[A-Za-z]:")


def size_text(n: int) -> Message:
    """A byte count as people read it: 3 MiB, 12 KiB, 80 bytes (a value for a message, its
    number written the reader's way)."""
    if n >= MiB:
        return Message("{size:.0f} MiB", size=n / MiB)
    if n >= 1024:
        return Message("{size:.0f} KiB", size=n / 1024)
    return Message("{count} bytes", count=n)


def is_sample_member(name: str) -> bool:
    """Whether ``name`` is one of the own classes' sample pictures."""
    return SAMPLE_MEMBER.fullmatch(name) is not None


def member_limit(name: str) -> int:
    """The largest uncompressed size accepted for the member ``name`` (a known name)."""
    return MAX_SAMPLE_PNG_BYTES if is_sample_member(name) else MEMBER_LIMITS[name]


def ratio_too_high(info: zipfile.ZipInfo) -> bool:
    """Compressed past ``MAX_COMPRESSION_RATIO``: a zip bomb, unless the member is small."""
    return info.file_size > RATIO_GRACE_BYTES and info.file_size > MAX_COMPRESSION_RATIO * max(
        info.compress_size, 1
    )


def check_central_directory(stream: IO[bytes]) -> None:
    """Refuse archives whose central directory is too large *before* :mod:`zipfile` reads it.

    :class:`zipfile.ZipFile` parses the whole central directory into objects as soon as it
    opens, so a small hostile file declaring millions of entries could take gigabytes. This
    mirrors how :mod:`zipfile` locates the end-of-central-directory record (and the Zip64
    record, whose counts it prefers) and checks the counts and sizes there. Anything that
    does not look like a zip is left for :mod:`zipfile` to report.
    """
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    eocd_size = 22
    if size < eocd_size:
        return
    tail_start = max(size - (eocd_size + 65535), 0)
    stream.seek(tail_start)
    tail = stream.read()
    if tail[-eocd_size:][:4] == b"PK\x05\x06" and tail[-2:] == b"\x00\x00":
        index = len(tail) - eocd_size
    else:
        index = tail.rfind(b"PK\x05\x06")
        if index < 0 or len(tail) - index < eocd_size:
            return
    entries, directory_size = struct.unpack_from("<HL", tail, index + 10)
    offset = tail_start + index
    if offset >= 20:
        stream.seek(offset - 20)
        locator = stream.read(20)
        if locator[:4] == b"PK\x06\x07" and offset >= 20 + 56:
            stream.seek(offset - 20 - 56)
            record = stream.read(56)
            if record[:4] == b"PK\x06\x06":
                entries, directory_size = struct.unpack_from("<QQ", record, 32)
    if entries > MAX_ALL_ENTRIES:
        raise ProjectFileError(
            "The archive has {count} entries; a project file has at most {most}. "
            "It is not a project file.", count=entries, most=MAX_ALL_ENTRIES,
        )
    if directory_size > MAX_CENTRAL_DIRECTORY_BYTES:
        raise ProjectFileError("The archive's table of contents is too large for a project file.")


def _check_entry_name(name: str) -> None:
    """Refuse names that could escape a folder if extracted, then anything not ours."""
    shown = shorten(name, 60)
    if "\\" in name:
        raise ProjectFileError(
            "The archive contains an unsafe entry {entry} (a backslash path).", entry=shown)
    if name.startswith("/") or _DRIVE.match(name):
        raise ProjectFileError(
            "The archive contains an unsafe entry {entry} (an absolute path).", entry=shown)
    if ".." in name.split("/"):
        raise ProjectFileError(
            "The archive contains an unsafe entry {entry} (a '..' path that points outside).",
            entry=shown,
        )
    if "\x00" in name:
        raise ProjectFileError(
            "The archive contains an unsafe entry {entry} (a NUL character).", entry=shown)
    if name not in MEMBER_LIMITS and not is_sample_member(name):
        raise ProjectFileError(
            "The archive contains an unexpected entry {entry}; a project file holds only "
            "{names}. It was not opened.", entry=shown,
            names=", ".join((*MEMBER_LIMITS, "own_classes/00/0000.png")),
        )


def check_entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    samples = sum(1 for info in infos if is_sample_member(info.orig_filename))
    if len(infos) - samples > MAX_ENTRIES:
        raise ProjectFileError(
            "The archive has {count} entries; it is not a project file.", count=len(infos))
    if samples > MAX_SAMPLES:
        raise ProjectFileError(
            "The archive has {count} sample pictures; a project holds at most {limit}. It was "
            "not opened.", count=samples, limit=MAX_SAMPLES)
    found: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.orig_filename
        _check_entry_name(name)
        if name in found:
            raise ProjectFileError(
                "The archive contains {entry} twice; it is damaged.", entry=repr(name))
        if info.flag_bits & 0x1:
            raise ProjectFileError(
                "{file} is encrypted; project files are never encrypted.", file=name)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ProjectFileError(
                "{file} uses an unsupported compression method ({method}).", file=name,
                method=str(info.compress_type),
            )
        limit = member_limit(name)
        if info.file_size > limit:
            raise ProjectFileError(
                "{file} declares {size} of data, more than the {limit} a project file may "
                "hold; it was not opened.", file=name, size=size_text(info.file_size),
                limit=size_text(limit),
            )
        if ratio_too_high(info):
            raise ProjectFileError(
                "{file} is compressed more than {ratio}:1 ({packed} expanding to {size}); "
                "this looks like a zip bomb, so it was not opened.", file=name,
                ratio=str(MAX_COMPRESSION_RATIO), packed=size_text(info.compress_size),
                size=size_text(info.file_size),
            )
        found[name] = info
    if PROJECT_JSON not in found:
        raise ProjectFileError(
            "The archive has no {file}; it is not a project file.", file=PROJECT_JSON)
    return found


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Read one member, never more than its (already checked) declared size plus one byte."""
    with archive.open(info) as member:
        data = member.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise ProjectFileError(
            "{file} does not have the size the archive declares; the file is damaged.",
            file=info.filename,
        )
    return data
