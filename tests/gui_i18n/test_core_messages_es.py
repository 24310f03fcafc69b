"""The core's messages a student can meet come out entirely in Spanish.

Each case calls the core with bad input (a broken CSV table, a missing or garbage picture, a
crafted project archive, impossible settings, an impossible export, a cancelled download) and
checks that the real message's template, and every message inside it, has a Spanish entry in
the catalogue, so it renders in Spanish to the last word.
"""

from __future__ import annotations

import gzip
import io
import json
import math
import os
import socket
import tarfile
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import safetensors.torch
import torch

from playground.core import catalogue
from playground.core.data import datasets, downloads
from playground.core.data import toy as toy_data
from playground.core.data.augment import Augmentation
from playground.core.data.digits import load_image_file
from playground.core.data.image_folder import read_image_folder
from playground.core.data.tables import read_table
from playground.core.data.text import sentiment_data
from playground.core.errors import PlaygroundError
from playground.core.export.formats import export
from playground.core.files.atomic import atomic_write_bytes
from playground.core.files.project import (
    Project,
    load_project,
    project_from_bytes,
    project_to_bytes,
)
from playground.core.inspect.live_predict import LivePredictor
from playground.core.messages import Message
from playground.core.network.build import build_model
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.config import TrainingConfig
from playground.core.training.objective import Objective
from playground.gui.i18n import translate_message

TINY = NetworkSpec(
    (2,), "moons", 2, (LayerSpec.create("Dense", units=2, activation="linear"),), name="tiny"
)
MLP = TEMPLATES["mlp-mnist"]
WEIGHTS = "weights.safetensors"


# -- making bad input -----------------------------------------------------------------------------
def table(tmp: Path, text: str, label: str | int = "c") -> Any:
    path = tmp / "bad.csv"
    path.write_text(text)
    return read_table(path, label)


def zip_of(*members: tuple[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """An archive holding exactly ``members``, names written as they are."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a duplicate name is deliberate
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in members:
                info = zipfile.ZipInfo(name)
                info.compress_type = compression
                archive.writestr(info, data)
    return buffer.getvalue()


def manifest(**changes: Any) -> bytes:
    """The project.json of a saved tiny project, with ``changes`` made to it."""
    with zipfile.ZipFile(io.BytesIO(project_to_bytes(Project(spec=TINY)))) as archive:
        data = json.loads(archive.read("project.json"))
    return json.dumps({**data, **changes}).encode()


def opened(*members: tuple[str, bytes]) -> Any:
    return project_from_bytes(zip_of(*members))


def listing(current: str | None) -> bytes:
    return manifest(weights={"current": current, "best": None})


def expected_shapes(spec: NetworkSpec) -> dict[str, tuple[tuple[int, ...], torch.dtype]]:
    return {k: (tuple(v.shape), v.dtype) for k, v in build_model(spec).state_dict().items()}


def with_weights(weight: torch.Tensor, bias: torch.Tensor | None = None) -> bytes:
    tensors = {"layers.0.0.weight": weight}
    if bias is not None:
        tensors["layers.0.0.bias"] = bias
    return project_to_bytes(Project(spec=TINY, weights=tensors))


def cannot_build(spec: NetworkSpec) -> dict[str, tuple[tuple[int, ...], torch.dtype]]:
    raise ValueError("cannot build")


def picture(tmp: Path, name: str, data: bytes | None = None) -> Any:
    path = tmp / name
    if data is not None:
        path.write_bytes(data)
    return load_image_file(path)


def cut_png(tmp: Path) -> Any:
    from PIL import Image

    path = tmp / "cut.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (64, 64), np.uint8), "L").save(path)
    path.write_bytes(path.read_bytes()[:200])
    return load_image_file(path)


def idx(path: Path, array: np.ndarray, magic: int) -> None:
    dims = b"".join(d.to_bytes(4, "big") for d in array.shape)
    path.write_bytes(gzip.compress(magic.to_bytes(4, "big") + dims + array.tobytes()))


def mismatched_idx_folder(tmp: Path) -> Any:
    for part, n in (("train", 12), ("t10k", 4)):
        idx(tmp / f"{part}-images-idx3-ubyte.gz", np.zeros((n - 1, 28, 28), np.uint8), 2051)
        idx(tmp / f"{part}-labels-idx1-ubyte.gz", np.zeros(n, np.uint8), 2049)
    return datasets.load_dataset("fashion-mnist", system_dirs={"fashion-mnist": tmp})


def not_idx(tmp: Path) -> Any:
    idx(tmp / "labels.gz", np.zeros(20, np.uint8), 2049)
    return datasets.read_idx(tmp / "labels.gz", 2051)


def unsafe_tar(tmp: Path) -> Any:
    path = tmp / "cifar-10-python.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        evil = tarfile.TarInfo("cifar-10-batches-py/../../evil.txt")
        evil.size = 4
        archive.addfile(evil, io.BytesIO(b"evil"))
    return downloads.extract_tar_safely(path, tmp / "data", downloads.CIFAR_FOLDER)


def blocker(tmp: Path) -> Path:
    path = tmp / "a-file"
    path.write_text("not a folder")
    return path


def save_over_fifo(tmp: Path) -> Any:
    os.mkfifo(tmp / "pipe.nnp")
    return atomic_write_bytes(tmp / "pipe.nnp", b"x")


def save_over_socket(tmp: Path) -> Any:
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp / "s.nnp"))
        return atomic_write_bytes(tmp / "s.nnp", b"x")


def save_over_a_link_loop(tmp: Path) -> Any:
    (tmp / "a.nnp").symlink_to(tmp / "b.nnp")
    (tmp / "b.nnp").symlink_to(tmp / "a.nnp")
    return atomic_write_bytes(tmp / "a.nnp", b"x")


def save_over_read_only(tmp: Path) -> Any:
    path = tmp / "locked.nnp"
    path.write_bytes(b"old")
    path.chmod(0o444)
    return atomic_write_bytes(path, b"new")


def save_into_read_only_folder(tmp: Path) -> Any:
    tmp.chmod(0o555)
    try:
        return atomic_write_bytes(tmp / "x.nnp", b"new")
    finally:
        tmp.chmod(0o755)


NO_NETWORK = ["http://127.0.0.1:9/"]

FAMILIES: dict[str, dict[str, Callable[[Path], Any]]] = {"tables and image folders": {
    "row too short": lambda t: table(t, "x,y,c\n1,2,a\n3,4\n"),
    "empty cell": lambda t: table(t, "x,y,c\n1,2,a\n3,,b\n"),
    "NA cell": lambda t: table(t, "x,y,c\n1,2,a\n3,NA,b\n"),
    "not a number": lambda t: table(t, "x,y,c\n1,2,a\n3,oops,b\n"),
    "no label": lambda t: table(t, "x,y,c\n1,2,a\n3,4,\n"),
    "one class": lambda t: table(t, "x,y,c\n1,2,a\n3,4,a\n"),
    "decimal labels": lambda t: table(t, "x,y,c\n1,2,0.5\n3,4,1.5\n"),
    "too many classes": lambda t: table(t, "x,c\n" + "".join(f"{i},k{i}\n" for i in range(101))),
    "no such column": lambda t: table(t, "x,y,c\n1,2,a\n3,4,b\n", 7),
    "no such name": lambda t: table(t, "x,y,c\n1,2,a\n3,4,b\n", "kind"),
    "one column": lambda t: table(t, "x\n1\n2\n", -1),
    "empty table": lambda t: table(t, "", -1),
    "header only": lambda t: table(t, "x,y,c\n"),
    "missing table": lambda t: read_table(t / "none.csv"),
    "image size": lambda t: read_image_folder(t, image_size=1000),
    "image size type": lambda t: read_image_folder(t, image_size=2.5),  # type: ignore[arg-type]
    "channels": lambda t: read_image_folder(t, channels=2),
    "no folder": lambda t: read_image_folder(t / "nowhere"),
}, "pictures on the drawing pad": {
    "missing picture": lambda t: picture(t, "missing.png"),
    "folder picture": load_image_file,
    "text picture": lambda t: picture(t, "notes.png", b"this is not a picture"),
    "cut picture": cut_png,
}, "opening and saving projects": {
    "not a zip": lambda t: project_from_bytes(b"hello, I am a text file"),
    "cut short": lambda t: project_from_bytes(project_to_bytes(Project(spec=TINY))[:300]),
    "missing project": lambda t: load_project(t / "missing.nnp"),
    "folder project": lambda t: load_project(t),
    "parent entry": lambda t: opened(("project.json", manifest()), ("../evil", b"x")),
    "absolute entry": lambda t: opened(("project.json", manifest()), ("/etc/evil", b"x")),
    "backslash entry": lambda t: opened(("project.json", manifest()), ("..\\evil", b"x")),
    "unexpected entry": lambda t: opened(("project.json", manifest()), ("data.pkl", b"x")),
    "twice": lambda t: opened(("project.json", manifest()), ("project.json", manifest())),
    "too many entries": lambda t: opened(*[(f"f{i}", b"") for i in range(101)]),
    "no manifest": lambda t: opened(),
    "compression": lambda t: project_from_bytes(
        zip_of(("project.json", manifest()), compression=zipfile.ZIP_LZMA)
    ),
    "too big": lambda t: opened(("project.json", b" " * (17 << 20))),
    "not json": lambda t: opened(("project.json", b"{not json")),
    "not utf-8": lambda t: opened(("project.json", b"\xff\xfe")),
    "json list": lambda t: opened(("project.json", b"[1, 2]")),
    "other format": lambda t: opened(("project.json", manifest(format="something-else"))),
    "newer version": lambda t: opened(("project.json", manifest(schema_version=99))),
    "version text": lambda t: opened(("project.json", manifest(schema_version="1"))),
    "unexpected field": lambda t: opened(("project.json", manifest(macro="rm -rf"))),
    "history": lambda t: opened(("project.json", manifest(history={"not": "a list"}))),
    "dataset field": lambda t: opened(("project.json", manifest(dataset=[]))),
    "weights slot": lambda t: opened(("project.json", listing("../../etc/passwd"))),
    "weights not there": lambda t: opened(("project.json", listing(WEIGHTS))),
    "weights not listed": lambda t: opened(
        ("project.json", listing(None)),
        ("best.safetensors", safetensors.torch.save({"w": torch.zeros(1)})),
    ),
    "bool weights": lambda t: opened(
        ("project.json", listing(WEIGHTS)),
        (WEIGHTS, safetensors.torch.save({"mask": torch.ones(3, dtype=torch.bool)})),
    ),
    "damaged weights": lambda t: opened(("project.json", listing(WEIGHTS)), (WEIGHTS, b"junk")),
    "weights shape": lambda t: project_from_bytes(
        with_weights(torch.zeros(3, 2), torch.zeros(2)), expected_shapes
    ),
    "weights type": lambda t: project_from_bytes(
        with_weights(torch.zeros(2, 2), torch.zeros(2).int()), expected_shapes
    ),
    "weights missing": lambda t: project_from_bytes(
        with_weights(torch.zeros(2, 2)), expected_shapes
    ),
    "network not built": lambda t: project_from_bytes(
        with_weights(torch.zeros(2, 2)), cannot_build
    ),
    "number too long": lambda t: opened(("project.json", b'{"n": ' + b"9" * 5000 + b"}")),
    "version too large": lambda t: opened(("project.json", manifest(schema_version=10**400))),
    "training number too large": lambda t: opened(("project.json", manifest(
        training={"epochs": 10**400}))),
    "deeply nested": lambda t: opened(("project.json", b"[" * 100_000 + b"]" * 100_000)),
    "save bool weights": lambda t: project_to_bytes(
        Project(spec=TINY, weights={"mask": torch.ones(3, dtype=torch.bool)})
    ),
    "save odd history": lambda t: project_to_bytes(Project(spec=TINY, history=[{"x": object()}])),
}, "saving files": {
    "save over a pipe": save_over_fifo,
    "save over a socket": save_over_socket,
    "save over a read-only file": save_over_read_only,
    "save into a read-only folder": save_into_read_only_folder,
    "save over a folder": lambda t: atomic_write_bytes(t, b"x"),
    "save over a link in a circle": save_over_a_link_loop,
    "save into a missing folder": lambda t: atomic_write_bytes(t / "no" / "x.nnp", b"x"),
}, "training settings and augmentation": {
    "epochs": lambda t: TrainingConfig(epochs=0),
    "batch size type": lambda t: TrainingConfig(batch_size=[]),  # type: ignore[arg-type]
    "learning rate": lambda t: TrainingConfig(learning_rate=-1),
    "epochs whole": lambda t: TrainingConfig(epochs=2.5),  # type: ignore[arg-type]
    "momentum": lambda t: TrainingConfig(momentum=math.inf),
    "optimizer": lambda t: TrainingConfig(optimizer="magic"),
    "keep best": lambda t: TrainingConfig(keep_best="yes"),  # type: ignore[arg-type]
    "augment scale": lambda t: TrainingConfig(augment_scale=0.9),
    "unknown option": lambda t: TrainingConfig.from_dict({"speed": 1}),
    "augment a table": lambda t: Augmentation((2,)),
    "augment from config": lambda t: Augmentation.from_config(TrainingConfig(augment=True), (2,)),
    "augment shift": lambda t: Augmentation((1, 28, 28), shift=-1),
    "augment shift nan": lambda t: Augmentation((1, 28, 28), shift=math.nan),
    "augment rotation": lambda t: Augmentation((1, 28, 28), rotation=400),
    "augment zoom": lambda t: Augmentation((1, 28, 28), scale=0.9),
    "scale range": lambda t: Augmentation((1, 28, 28), scale=(1.2, 1.1)),
    "interpolation": lambda t: Augmentation((1, 28, 28), interpolation="cubic"),
    "toy samples": lambda t: toy_data.generate_toy("toy-circle", samples=5),
    "toy noise": lambda t: toy_data.generate_toy("toy-circle", noise=0.6),
    "toy seed": lambda t: toy_data.generate_toy("toy-circle", seed=-1),
    "preprocessing": lambda t: datasets.load_dataset("mnist", preprocessing="whiten"),
    "limit": lambda t: datasets.load_dataset("mnist", limit=0),
    "language": lambda t: sentiment_data(language="fr"),
    "seq len": lambda t: sentiment_data(seq_len=0),
    "nll on softmax": lambda t: Objective("nll", "softmax", 10),
    "nll one output": lambda t: Objective("nll", "log_softmax", 1),
}, "weights from another network": {
    "snapshot missing": lambda t: LivePredictor(TINY, state_dict={}),
    "snapshot shape": lambda t: LivePredictor(TINY, state_dict=build_model(
        NetworkSpec((3,), "moons", 2, TINY.layers)
    ).state_dict()),
}, "exports": {
    "export format": lambda t: export(MLP.spec, MLP.config, t / "out", "keras"),
    "export no weights": lambda t: export(MLP.spec, MLP.config, t / "out", "safetensors"),
    "export with weights": lambda t: export(
        MLP.spec, MLP.config, t / "out", "pytorch", with_weights=True
    ),
    "export wrong weights": lambda t: export(
        MLP.spec, MLP.config, t / "out", "safetensors", weights=build_model(TINY).state_dict()
    ),
    "export not a folder": lambda t: export(MLP.spec, MLP.config, blocker(t) / "sub", "summary"),
}, "downloads and downloaded data": {
    "cancelled": lambda t: downloads.download_dataset(
        "mnist-full", t, cancel=lambda: True, mirrors=NO_NETWORK
    ),
    "data folder": lambda t: downloads.download_dataset("mnist-full", blocker(t) / "data"),
    "unsafe tar": unsafe_tar,
    "not idx": not_idx,
    "files do not match": mismatched_idx_folder,
    "unknown dataset": lambda t: datasets.load_dataset("imagenet"),
}}  # fmt: skip
CASES = {case: make for family in FAMILIES.values() for case, make in family.items()}


def untranslated(message: Message) -> list[str]:
    """The templates of ``message`` and of the messages inside it with no Spanish entry."""
    spanish = catalogue.translations("es")
    missing = [] if message.template in spanish else [message.template]
    for value in message.params.values():
        if isinstance(value, Message):
            missing += untranslated(value)
    return missing


@pytest.mark.parametrize("family", FAMILIES)
def test_every_sentence_of_the_message_has_spanish(spanish, tmp_path: Path, family: str) -> None:
    english: dict[str, str] = {}  # case: the message, when some of it stays English
    for case, make in FAMILIES[family].items():
        folder = tmp_path / case.replace(" ", "-")
        folder.mkdir()
        try:
            make(folder)
        except PlaygroundError as exc:
            message = exc.message
        else:
            english[case] = "(no error)"
            continue
        if untranslated(message) or translate_message(message) == str(message):
            english[case] = str(message)
    assert english == {}


def test_names_numbers_and_code_are_kept_as_they_were(spanish, tmp_path: Path) -> None:
    def spanish_for(case: str) -> str:
        folder = tmp_path / case.replace(" ", "-")
        folder.mkdir()
        with pytest.raises(PlaygroundError) as caught:
            CASES[case](folder)
        return translate_message(caught.value)

    assert spanish_for("row too short") == (
        "La línea 3 de bad.csv tiene 2 valores, pero la tabla tiene 3 columnas. "
        "Cada fila necesita un valor por columna."
    )
    assert spanish_for("not a number") == (
        "En la línea 3 de bad.csv, la columna 'y' contiene 'oops', que no es un número. "
        "Las columnas de características deben contener números."
    )
    assert spanish_for("epochs") == "epochs debe estar entre 1 y 100000, no 0."
    assert spanish_for("augment a table") == (
        "El aumento funciona con imágenes, pero cada muestra tiene la forma (2,). "
        "Desactiva el aumento para este conjunto de datos."
    )
    assert "'python -m playground train SOURCE --out trained.nnp'" in spanish_for(
        "export no weights"
    )
    assert spanish_for("cancelled") == (
        "La descarga de train-images-idx3-ubyte.gz se canceló después de 0 bytes. "
        "Lo ya descargado se conserva; si vuelves a descargar, sigue desde ahí."
    )
    not_a_folder = spanish_for("export not a folder")
    assert not_a_folder.startswith("No se puede escribir en ")
    assert not_a_folder.endswith("a-file/sub: parte de la ruta es un archivo, no una carpeta.")


def test_the_reasons_files_of_an_image_folder_were_left_out_are_spanish(
        spanish, tmp_path: Path) -> None:
    from PIL import Image

    from playground.core.data.image_folder import scan_image_folder

    for name in ("cats", "dogs", "empty"):
        (tmp_path / name).mkdir()
    for where in ("cats/a.png", "dogs/b.png", "loose.png"):
        Image.new("L", (8, 8), 128).save(tmp_path / where)
    (tmp_path / "dogs" / "notes.txt").write_text("not a picture")
    (tmp_path / "dogs" / "cut.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    report = scan_image_folder(tmp_path)
    kinds = {problem.kind for problem in report.problems}
    assert {"not-image", "broken", "empty-class", "outside-class"} <= kinds
    english = [str(p.message) for p in report.problems
               if translate_message(p.message) == str(p.message)]
    assert english == []


def test_refused_saves_are_spanish_to_the_last_word(spanish, tmp_path: Path) -> None:
    def spanish_for(case: str) -> str:
        folder = tmp_path / case.replace(" ", "-")
        folder.mkdir()
        with pytest.raises(PlaygroundError) as caught:
            CASES[case](folder)
        return translate_message(caught.value)

    assert spanish_for("save over a pipe").endswith(
        "pipe.nnp': es una tubería con nombre (FIFO), no un archivo normal. "
        "Elige otro nombre de archivo."
    )
    assert spanish_for("save over a socket").endswith(
        "s.nnp': es un socket, no un archivo normal. Elige otro nombre de archivo."
    )
    assert spanish_for("save over a read-only file").endswith(
        "locked.nnp': el archivo es de solo lectura. "
        "Guárdalo con otro nombre (Guardar como) o haz que el archivo se pueda modificar."
    )
