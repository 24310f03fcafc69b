"""Messages about project files, saves, autosaves and exports read in Spanish, values included,
while ``str(error)`` stays the English it always was (logs, scripts and older tests read it).

Each error carries its template and values (:class:`~playground.core.messages.Message`), so the
same failure is rendered in the reader's language, numbers written the Spanish way, and the
operating system's reason (found by its error number) in Spanish words too.
"""

from __future__ import annotations

import errno
import io
import json
import os
import pickle
import zipfile
from pathlib import Path
from typing import Any

import pytest
import torch

from playground.core.errors import ProjectFileError, ReadOnlyFileError
from playground.core.export.formats import ExportError, export
from playground.core.files import atomic
from playground.core.files.archive import size_text
from playground.core.files.autosave import AutosaveSession
from playground.core.files.os_errors import (
    REASONS_BY_ERRNO,
    reason_message,
    reason_sentence,
)
from playground.core.files.project import (
    Project,
    WeightsMismatchError,
    load_project,
    project_from_bytes,
    project_to_bytes,
    save_project,
)
from playground.core.messages import Message
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES

FULL = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def tiny_spec() -> NetworkSpec:
    return NetworkSpec(
        input_shape=(2,), dataset="moons", num_classes=2, name="tiny",
        layers=(LayerSpec.create("Dense", units=8, activation="tanh"),
                LayerSpec.create("Dense", units=2, activation="linear")),
    )


def zip_of(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def refusal(data: bytes) -> ProjectFileError:
    with pytest.raises(ProjectFileError) as info:
        project_from_bytes(data)
    return info.value


# -- the operating system's reasons -----------------------------------------------------------
def test_every_os_reason_is_a_message_with_spanish() -> None:
    for reason in REASONS_BY_ERRNO:
        for code in reason.codes:
            message = reason_message(OSError(code, "whatever the system says"))
            assert isinstance(message, Message) and str(message) == reason.words
            assert message.render("es") != reason.words, reason.words


def test_an_unknown_error_number_keeps_the_system_text() -> None:
    assert reason_message(OSError(errno.EIO, "Input/output error")) == "Input/output error"
    assert reason_message(ValueError()) == "ValueError"
    sentence = reason_sentence(OSError(errno.EACCES, "Permission denied"))
    assert (str(sentence), sentence.render("es")) == ("Permission denied", "Permiso denegado")


# -- opening --------------------------------------------------------------------------------
def test_a_damaged_project_is_explained_in_spanish(tmp_path: Path) -> None:
    path = tmp_path / "broken.nnp"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(ProjectFileError) as info:
        load_project(path)
    assert str(info.value) == (
        "Cannot open 'broken.nnp'. This is not a project file (it is not a zip archive).")
    assert info.value.message.render("es") == (
        "No se puede abrir 'broken.nnp'. Esto no es un archivo de proyecto (no es un archivo "
        "zip).")


def test_an_unreadable_project_gives_the_reason_as_a_spanish_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.nnp"
    path.write_bytes(b"PK")

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(ProjectFileError) as info:
        load_project(path)
    assert str(info.value) == "Cannot open 'locked.nnp'. Permission denied."
    assert info.value.message.render("es") == "No se puede abrir 'locked.nnp'. Permiso denegado."


def test_a_path_traversal_entry_is_refused_in_spanish() -> None:
    error = refusal(zip_of([("../evil.py", b"print('pwned')")]))
    assert str(error) == (
        "The archive contains an unsafe entry '../evil.py' (a '..' path that points outside).")
    assert error.message.render("es") == (
        "El archivo zip contiene una entrada peligrosa '../evil.py' (una ruta con '..' que "
        "apunta fuera).")


def test_a_member_too_big_gives_sizes_with_spanish_numbers() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.json", b" " * (17 << 20))
    error = refusal(buffer.getvalue())
    assert str(error) == ("project.json declares 17 MiB of data, more than the 16 MiB a project "
                          "file may hold; it was not opened.")
    assert error.message.render("es") == (
        "project.json declara 17 MiB de datos, más de los 16 MiB que puede contener un archivo "
        "de proyecto; no se abrió.")
    assert size_text(1500).render("es") == "1 KiB"
    assert size_text(999).render("es") == "999 bytes"


def test_an_archive_with_many_entries_groups_the_count_the_spanish_way() -> None:
    error = refusal(zip_of([(f"f{i}", b"") for i in range(1200)]))
    assert str(error).startswith("The archive has 1,200 entries")
    assert error.message.render("es").startswith("El archivo zip tiene 1.200 entradas")


def test_weights_that_do_not_fit_name_the_layer_in_spanish() -> None:
    spec = tiny_spec()
    from playground.core.network.build import build_model

    weights = dict(build_model(spec).state_dict())
    weights["layers.1.0.weight"] = torch.zeros(2, 4)
    with pytest.raises(WeightsMismatchError) as info:
        project_from_bytes(project_to_bytes(Project(spec=spec, weights=weights)))
    assert str(info.value) == (
        "The weights do not fit layer 2 (Dense): tensor 'layers.1.0.weight' has shape (2, 4), "
        "but the layer needs (2, 8). They were saved for a different network, so nothing was "
        "opened. To use this network, open the file without its weights and train it again.")
    assert info.value.message.render("es") == (
        "Los pesos no encajan con la capa 2 (Dense): el tensor 'layers.1.0.weight' tiene la "
        "forma (2, 4), pero la capa necesita (2, 8). Se guardaron para otra red, así que no se "
        "abrió nada. Para usar esta red, abre el archivo sin sus pesos y vuelve a entrenarla.")


def test_a_newer_project_format_keeps_its_numbers_as_written() -> None:
    manifest = {"format": "nn-playground-project", "schema_version": 1234}
    error = refusal(zip_of([("project.json", json.dumps(manifest).encode())]))
    assert "(project format 1234; this app reads up to 2)" in str(error)
    assert "(formato de proyecto 1234; esta aplicación lee hasta el 2)" in (
        error.message.render("es"))


# -- saving ---------------------------------------------------------------------------------
def test_a_read_only_file_is_refused_in_spanish(tmp_path: Path) -> None:
    path = tmp_path / "moons.nnp"
    path.write_bytes(b"old")
    path.chmod(0o444)
    try:
        with pytest.raises(ReadOnlyFileError) as info:
            save_project(Project(spec=tiny_spec()), path)
    finally:
        path.chmod(0o644)
    shown = repr(str(path))
    assert str(info.value) == (
        f"Could not save {shown}: the file is read-only. Save it under another name (Save As), "
        "or make the file writable.")
    assert info.value.message.render("es") == (
        f"No se pudo guardar {shown}: el archivo es de solo lectura. Guárdalo con otro nombre "
        "(Guardar como) o haz que el archivo se pueda modificar.")
    assert path.read_bytes() == b"old"


def test_a_full_disk_is_explained_in_spanish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_fd: int) -> None:
        raise FULL

    monkeypatch.setattr(atomic.os, "fsync", full)
    path = tmp_path / "moons.nnp"
    with pytest.raises(ProjectFileError) as info:
        save_project(Project(spec=tiny_spec()), path)
    shown = repr(str(path))
    assert str(info.value) == (
        f"Could not save {shown}: the disk is full. Free some space or save to another drive.")
    assert info.value.message.render("es") == (
        f"No se pudo guardar {shown}: el disco está lleno. Libera espacio o guarda en otra "
        "unidad.")
    assert not path.exists()


def test_an_unknown_os_error_keeps_the_system_text_inside_the_spanish(tmp_path: Path) -> None:
    message = atomic._explain(tmp_path / "a.nnp", OSError(errno.EIO, "Input/output error"))
    assert message.render("es").endswith(": Input/output error. Prueba a guardar en otra carpeta.")


def test_a_full_disk_while_autosaving_is_explained_in_spanish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "autosave"

    def full(self: Path, *_args: Any, **_kwargs: Any) -> None:
        raise FULL

    monkeypatch.setattr(Path, "mkdir", full)
    with pytest.raises(ProjectFileError) as info:
        AutosaveSession(root).save(Project(spec=tiny_spec()))
    shown = repr(str(root))
    assert str(info.value) == (
        f"Cannot autosave into {shown}: the disk is full. Free some space on it.")
    assert info.value.message.render("es") == (
        f"No se puede guardar automáticamente en {shown}: el disco está lleno. Libera espacio "
        "en él.")


def test_a_refused_save_survives_pickling_with_its_message(tmp_path: Path) -> None:
    error = ProjectFileError(atomic._explain(tmp_path / "a.nnp", FULL))
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error) and copy.message.render("es") == error.message.render("es")
    sentence = pickle.loads(pickle.dumps(reason_sentence(FULL)))
    assert sentence.render("es") == "El disco está lleno"


# -- exporting ------------------------------------------------------------------------------
def test_an_export_failure_is_explained_in_spanish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mlp = TEMPLATES["mlp-mnist"]
    with pytest.raises(ExportError) as info:
        export(mlp.spec, mlp.config, tmp_path / "out", "zip")
    assert str(info.value) == (
        "Unknown export format 'zip'. Formats: pytorch, onnx, safetensors, summary.")
    assert info.value.message.render("es") == (
        "Formato de exportación desconocido: 'zip'. Formatos: pytorch, onnx, safetensors, "
        "summary.")

    with pytest.raises(ExportError) as info:
        export(mlp.spec, mlp.config, tmp_path / "out", "safetensors")
    assert "{" not in info.value.message.render("es")
    assert info.value.message.render("es").startswith(
        f"Exportar a safetensors necesita pesos entrenados, y {mlp.spec.name!r} no tiene.")

    def full(_fd: int) -> None:
        raise FULL

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(ExportError) as info:
        export(mlp.spec, mlp.config, tmp_path / "out", "summary")
    assert str(info.value).endswith(": the disk is full. Free some space or save to another "
                                    "drive.")
    assert info.value.message.render("es").startswith("No se pudo guardar ")
    assert "summary.txt" in info.value.message.render("es")
    assert info.value.message.render("es").endswith(
        ": el disco está lleno. Libera espacio o guarda en otra unidad.")
