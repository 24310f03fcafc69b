"""Own classes in files: in the project file (refused when hostile), and as image folders."""

from __future__ import annotations

import io
import json
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from playground.core.data.own_classes import MAX_SAMPLES, OwnClasses, OwnClassesError
from playground.core.data.own_classes_io import export_image_folder, import_image_folder
from playground.core.data.own_classes_png import decode_sample_png, encode_sample_png, png_size
from playground.core.data.tables import DataFileError
from playground.core.errors import ProjectFileError
from playground.core.files.project import (
    SCHEMA_VERSION,
    Project,
    load_project,
    project_from_bytes,
    project_to_bytes,
    save_project,
)
from playground.core.teaching.transfer import default_spec

OLD = Path(__file__).resolve().parents[1] / "old_files" / "v1"


def blob(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = np.zeros((28, 28), np.float32)
    x[4:24, 4:24] = rng.integers(0, 256, (20, 20)) / 255 * (rng.random((20, 20)) > 0.5)
    return x


def own_classes() -> OwnClasses:
    own = OwnClasses.create(["circle", "triangle", "cross"])
    for c in range(3):
        own = own.add_samples(c, [blob(10 * c + i) for i in range(4 + c)])
    return own


def manifest(own_index: object) -> bytes:
    """project.json of a small project, listing ``own_index`` as its own classes."""
    written = project_to_bytes(Project(default_spec(2)))
    data = json.loads(zipfile.ZipFile(io.BytesIO(written)).read("project.json"))
    data["own_classes"] = own_index
    return json.dumps(data).encode()


def archive(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name), data)
    return buffer.getvalue()


def refused(data: bytes, match: str) -> None:
    with pytest.raises(ProjectFileError, match=match):
        project_from_bytes(data)


TWO = {"classes": [{"name": "a", "samples": 1}, {"name": "b", "samples": 0}]}


# --------------------------------------------------------------------------- round trips


def test_a_project_keeps_its_own_classes_exactly(tmp_path: Path) -> None:
    own = own_classes()
    path = tmp_path / "shapes.nnp"
    save_project(Project(default_spec(own), own_classes=own), path)
    back = load_project(path)
    assert back.own_classes == own and back.own_classes.names == own.names
    assert back.own_classes.fingerprint == own.fingerprint
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        index = json.loads(z.read("project.json"))
    assert "own_classes/02/0005.png" in names and len(names) == 1 + 15
    assert index["schema_version"] == SCHEMA_VERSION == 2
    assert index["own_classes"] == {"classes": [{"name": "circle", "samples": 4},
                                                {"name": "triangle", "samples": 5},
                                                {"name": "cross", "samples": 6}]}
    assert project_to_bytes(back) == path.read_bytes()  # saving again gives the same bytes


def test_a_project_without_classes_has_none(tmp_path: Path) -> None:
    data = project_to_bytes(Project(default_spec(3)))
    assert "own_classes" not in json.loads(zipfile.ZipFile(io.BytesIO(data)).read("project.json"))
    assert project_from_bytes(data).own_classes is None
    empty = project_from_bytes(project_to_bytes(Project(default_spec(3),
                                                        own_classes=OwnClasses())))
    assert empty.own_classes == OwnClasses()


@pytest.mark.parametrize("name", sorted(p.name for p in OLD.glob("*.nnp")))
def test_old_project_files_open_without_classes(name: str) -> None:
    project = load_project(OLD / name)
    assert project.own_classes is None
    assert project.training.frozen_layers == 0
    assert project_from_bytes(project_to_bytes(project)).training == project.training


def test_sample_pngs_are_grey_28x28_and_exact() -> None:
    sample = blob(3)
    data = encode_sample_png(sample)
    assert png_size(data) == (28, 28, 8, 0)
    assert np.array_equal(decode_sample_png(data), sample)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(data))), np.rint(sample * 255))


def _filtered(pixels: np.ndarray, kinds: list[int]) -> bytes:
    """The rows of ``pixels`` with PNG filter ``kinds[y]`` applied, as other tools write."""
    out, prior = [], np.zeros(28, np.int64)
    for y, kind in enumerate(kinds):
        row = pixels[y].astype(np.int64)
        left = np.concatenate(([0], row[:-1]))
        up_left = np.concatenate(([0], prior[:-1]))
        guess = {0: 0, 1: left, 2: prior, 3: (left + prior) // 2}.get(kind)
        if kind == 4:
            p = left + prior - up_left
            pa, pb, pc = abs(p - left), abs(p - prior), abs(p - up_left)
            guess = np.where((pa <= pb) & (pa <= pc), left, np.where(pb <= pc, prior, up_left))
        out.append(bytes([kind]) + bytes(((row - guess) % 256).astype(np.uint8)))
        prior = row
    return b"".join(out)


def test_every_png_filter_decodes() -> None:
    pixels = np.random.default_rng(5).integers(0, 256, (28, 28))
    rows = _filtered(pixels, [y % 5 for y in range(28)])
    good = _png(28, 28)
    start = good.index(b"IDAT") - 4
    idat = struct.pack(">L", len(body := zlib.compress(rows))) + b"IDAT" + body + struct.pack(
        ">L", zlib.crc32(b"IDAT" + body))
    data = good[:start] + idat + good[good.index(b"IEND") - 4 :]
    assert np.array_equal(np.rint(decode_sample_png(data) * 255), pixels)


# --------------------------------------------------------------------------- hostile files


def _zip_entries(names: list[str]) -> bytes:
    """A zip of empty stored members, written directly (zipfile takes a second for 100,000)."""
    local, central, offset = [], [], 0
    for name in names:
        raw = name.encode()
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 33, 0, 0, 0,
                             len(raw), 0) + raw  # fmt: skip
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 33, 0, 0, 0,
                                   len(raw), 0, 0, 0, 0, 0, offset) + raw)  # fmt: skip
        local.append(header)
        offset += len(header)
    directory = b"".join(central)
    start = offset
    zip64 = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, len(names), len(names),
                        len(directory), start)  # fmt: skip
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, start + len(directory), 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF,
                      0xFFFFFFFF, 0)  # fmt: skip
    return b"".join(local) + directory + zip64 + locator + end


def test_a_hundred_thousand_sample_members_are_refused_before_reading() -> None:
    names = ["project.json"] + [f"own_classes/{i // 1000:02d}/{i % 1000:04d}.png"
                                for i in range(100_000)]  # fmt: skip
    data = _zip_entries(names)
    tracemalloc.start()
    try:
        refused(data, "100,001 entries; a project file has at most 5,016")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20  # the directory's 100,001 entries were never parsed


def test_more_samples_than_allowed_are_refused() -> None:
    png = encode_sample_png(blob(1))
    many = [(f"own_classes/{i // 1000:02d}/{i % 1000:04d}.png", png)
            for i in range(MAX_SAMPLES + 5)]
    refused(archive([("project.json", manifest(TWO)), *many]),
            "5,005 sample pictures; a project holds at most 5,000")
    index = {"classes": [{"name": f"c{i}", "samples": 1000} for i in range(6)]}
    refused(archive([("project.json", manifest(index))]), "lists 6,000 samples, more than the")
    over = {"classes": [{"name": "a", "samples": 1001}, {"name": "b", "samples": 0}]}
    refused(archive([("project.json", manifest(over))]), "lists 1,001 samples; a class has 0 to")


def _png(width: int, height: int, depth: int = 8, colour: int = 0) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">L", len(body)) + kind + body + struct.pack(
            ">L", zlib.crc32(kind + body))

    header = struct.pack(">2L5B", width, height, depth, colour, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0"))
            + chunk(b"IEND", b""))  # fmt: skip


def test_a_huge_png_is_refused_from_its_header_without_decoding() -> None:
    data = archive([("project.json", manifest(TWO)),
                    ("own_classes/00/0000.png", _png(50_000, 50_000))])  # fmt: skip
    tracemalloc.start()
    try:
        refused(data, "own_classes/00/0000.png: It is not an 8-bit grey 28×28 picture \\(its "
                      "header says 50,000×50,000\\)")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20  # refused from the header: 50,000² pixels were never allocated


@pytest.mark.parametrize(
    ("member", "data", "match"),
    [
        ("own_classes/00/0000.png", _png(28, 28, 8, 2), "not an 8-bit grey 28×28"),
        ("own_classes/00/0000.png", _png(28, 28), "pixel data is damaged or incomplete"),
        ("own_classes/00/0000.png", _png(28, 28)[:40], "cut short"),
        ("own_classes/00/0000.png", _png(28, 28)[:-1] + b"\0", "fails its check"),
        ("own_classes/00/0000.png", b"GIF89a" + bytes(40), "not a PNG picture"),
        ("own_classes/00/0000.png", b"\0" * 5000, "declares 5 KiB of data, more than the 4 KiB"),
    ],
)
def test_bad_sample_pictures_are_refused(member: str, data: bytes, match: str) -> None:
    refused(archive([("project.json", manifest(TWO)), (member, data)]), match)


@pytest.mark.parametrize(
    ("members", "index", "match"),
    [
        ([("own_classes/00/0000.png", None)], None, "contains own_classes/00/0000.png but "
                                                    "project.json does not list it"),
        ([], TWO, "lists own_classes/00/0000.png but the file does not contain it"),
        ([("own_classes/00/0000.png", None), ("own_classes/01/0000.png", None)], TWO,
         "contains 'own_classes/01/0000.png', which the index does not list"),
        ([("own_classes/../../evil.png", None)], TWO, "'\\.\\.' path"),
        ([("own_classes/0a/0000.png", None)], TWO, "unexpected entry"),
        ([("own_classes/00/0000.png", None)], {"classes": [{"name": "a/b", "samples": 1}]},
         "cannot contain '/'"),
        ([], {"classes": "all"}, "index must be an object"),
        ([], {"classes": [{"name": "a"}]}, "must have a 'name' and a number"),
    ],
)
def test_damaged_indexes_and_names_are_refused(members, index, match: str) -> None:
    png = encode_sample_png(blob(1))
    files = [(name, png if data is None else data) for name, data in members]
    refused(archive([("project.json", manifest(index)), *files]), match)


# --------------------------------------------------------------------------- image folders


def test_classes_go_out_as_a_folder_and_come_back_the_same(tmp_path: Path) -> None:
    own = own_classes()
    root = export_image_folder(own, tmp_path / "shapes")
    assert sorted(p.name for p in root.iterdir()) == ["circle", "cross", "triangle"]
    assert (root / "cross" / "0006.png").is_file()
    back, report = import_image_folder(root)
    # Folders come back in name order; each class has the same samples.
    assert back.names == ("circle", "cross", "triangle") and report.problems == ()
    for name in own.names:
        assert all(np.array_equal(a, b) for a, b in
                   zip(own.samples(name), back.samples(name), strict=True))
    with pytest.raises(DataFileError, match="is not empty"):
        export_image_folder(own, root)


def test_any_folder_of_pictures_is_imported_with_its_problems(tmp_path: Path) -> None:
    for name in ("dots", "bars", "empty"):
        (tmp_path / name).mkdir()
    big = np.full((300, 200, 3), 255, np.uint8)
    big[50:250, 90:110] = (10, 10, 10)  # a dark bar on white, in colour
    Image.fromarray(big).save(tmp_path / "bars" / "bar.jpg")
    Image.fromarray(np.full((40, 40), 255, np.uint8)).save(tmp_path / "bars" / "blank.png")
    dot = np.zeros((28, 28), np.uint8)
    dot[10:18, 10:18] = 255
    Image.fromarray(dot).save(tmp_path / "dots" / "dot.png")
    (tmp_path / "dots" / "broken.png").write_bytes(b"\x89PNG broken")
    (tmp_path / "dots" / "notes.txt").write_text("hello")
    own, report = import_image_folder(tmp_path)
    assert own.names == ("bars", "dots") and own.counts == (1, 1)
    assert np.array_equal(own.samples("dots")[0], dot / np.float32(255))  # taken as it is
    assert own.samples("bars")[0].max() > 0.9
    kinds = {p.path: p.kind for p in report.problems}
    assert kinds == {"bars/blank.png": "broken", "dots/broken.png": "broken",
                     "dots/notes.txt": "not-image"}  # the empty folder is simply not a class
    assert "no visible marks" in str(next(p.message for p in report.problems
                                          if p.path == "bars/blank.png"))
    (tmp_path / ("x" * 41)).mkdir()
    Image.fromarray(dot).save(tmp_path / ("x" * 41) / "dot.png")
    with pytest.raises(OwnClassesError, match=r"The folder 'x{41}' cannot be a class: The class "
                                              r"name .* is too long"):
        import_image_folder(tmp_path)
