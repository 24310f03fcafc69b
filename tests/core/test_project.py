"""Project files: exact round trips, atomic saves, and refusal of broken or hostile archives.

Project files travel between students, so most of these tests build archives the way an
attacker would (path traversal, zip bombs, pickles, lying headers) and check that opening them
raises :class:`ProjectFileError` with a useful message, and never runs code or allocates wildly.
"""

from __future__ import annotations

import ast
import errno
import io
import json
import os
import pickle
import struct
import tracemalloc
import warnings
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import safetensors.torch
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.core.catalogue import number_symbols
from playground.core.errors import ProjectFileError
from playground.core.files import atomic, project
from playground.core.files.atomic import atomic_write_bytes
from playground.core.files.project import (
    MIGRATIONS,
    PROJECT_FORMAT,
    PROJECT_SUFFIX,
    SCHEMA_VERSION,
    Project,
    load_project,
    project_from_bytes,
    project_to_bytes,
    save_project,
)
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.training.config import TrainingConfig

MiB = 1 << 20


# --------------------------------------------------------------------------------------------
# Helpers


def make_spec() -> NetworkSpec:
    return NetworkSpec(
        input_shape=(2,),
        dataset="moons",
        num_classes=2,
        layers=(
            LayerSpec.create("Dense", units=8, activation="tanh"),
            LayerSpec.create("BatchNorm"),
            LayerSpec.create("Dense", units=2, activation="linear"),
        ),
        name="tiny",
    )


def make_weights(seed: int = 0) -> dict[str, torch.Tensor]:
    """Weights of :func:`make_spec`'s model (BatchNorm brings an int64 counter), random values."""
    g = torch.Generator().manual_seed(seed)
    return {
        "layers.0.0.weight": torch.randn(8, 2, generator=g),
        "layers.0.0.bias": torch.randn(8, generator=g),
        "layers.1.0.weight": torch.randn(8, generator=g),
        "layers.1.0.bias": torch.randn(8, generator=g),
        "layers.1.0.running_mean": torch.randn(8, generator=g),
        "layers.1.0.running_var": torch.rand(8, generator=g),
        "layers.1.0.num_batches_tracked": torch.tensor(7, dtype=torch.int64),
        "layers.2.0.weight": torch.randn(2, 8, generator=g),
        "layers.2.0.bias": torch.randn(2, generator=g),
    }


def expected_layout(spec: NetworkSpec) -> dict[str, tuple[tuple[int, ...], torch.dtype]]:
    return {k: (tuple(v.shape), v.dtype) for k, v in make_weights().items()}


def tricky_floats(n: int, seed: int) -> list[float]:
    rng = np.random.default_rng(seed)
    values = [float(x) for x in rng.standard_normal(n) * 10.0 ** rng.integers(-300, 300, n)]
    return [*values, 0.1 + 0.2, 1 / 3, 5e-324, -0.0, 1.7976931348623157e308, 2.0**-1074]


def make_project() -> Project:
    run = {
        "config": TrainingConfig(epochs=3).to_dict(),
        "metrics": {"loss": tricky_floats(50, 1), "val_accuracy": tricky_floats(50, 2)},
        "final": {"accuracy": 0.8765432109876543, "loss": float("nan")},
    }
    return Project(
        spec=make_spec(),
        training=TrainingConfig(optimizer="sgd", learning_rate=0.05, momentum=0.9, epochs=3),
        dataset_options={"noise": 0.1, "train_ratio": 0.5},
        history=[run, {"note": "second run", "metrics": {"loss": tricky_floats(5, 3)}}],
        weights=make_weights(0),
        best_weights=make_weights(1),
        lesson="lesson-2-moons",
        name="My moons",
    )


def manifest_dict(p: Project | None = None) -> dict[str, Any]:
    """The project.json of a saved project (without weights unless ``p`` has them)."""
    p = p or Project(spec=make_spec(), history=[{"loss": [0.5, 0.25]}])
    with zipfile.ZipFile(io.BytesIO(project_to_bytes(p))) as zf:
        return json.loads(zf.read("project.json"))


def make_zip(members: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """An archive holding exactly ``members``, names written verbatim (no sanitising)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are deliberate in some tests
        with zipfile.ZipFile(buffer, "w") as zf:
            for name, data in members:
                info = zipfile.ZipInfo(name)
                info.compress_type = compression
                zf.writestr(info, data)
    return buffer.getvalue()


def manifest_bytes(data: Any) -> bytes:
    return json.dumps(data).encode()


def refused(data: bytes, match: str, **kwargs: Any) -> ProjectFileError:
    with pytest.raises(ProjectFileError, match=match) as info:
        project_from_bytes(data, **kwargs)
    return info.value


def bits(values: list[float]) -> list[bytes]:
    return [struct.pack("<d", v) for v in values]


# --------------------------------------------------------------------------------------------
# Round trip


def test_round_trip_is_exact(tmp_path: Path) -> None:
    original = make_project()
    path = tmp_path / f"moons{PROJECT_SUFFIX}"
    save_project(original, path)
    loaded = load_project(path, expected_shapes=expected_layout)

    assert loaded.spec == original.spec
    assert loaded.training == original.training
    assert loaded.dataset == "moons" == original.dataset
    assert loaded.dataset_options == original.dataset_options
    assert loaded.lesson == original.lesson
    assert loaded.name == original.name
    # Learning curves come back bit for bit (NaN compares unequal, so compare bit patterns).
    for before, after in zip(original.history, loaded.history, strict=True):
        for key, curve in before["metrics"].items():
            assert bits(after["metrics"][key]) == bits(curve)
    assert bits([loaded.history[0]["final"]["loss"]]) == bits([float("nan")])
    assert loaded.history[1]["note"] == "second run"
    for mine, theirs in (
        (original.weights, loaded.weights),
        (original.best_weights, loaded.best_weights),
    ):
        assert mine is not None and theirs is not None
        assert mine.keys() == theirs.keys()
        for key in mine:
            assert theirs[key].dtype == mine[key].dtype
            assert torch.equal(theirs[key], mine[key])


def test_archive_layout_and_manifest() -> None:
    data = project_to_bytes(make_project())
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == ["best.safetensors", "project.json", "weights.safetensors"]
        assert zf.getinfo("project.json").compress_type == zipfile.ZIP_DEFLATED
        manifest = json.loads(zf.read("project.json"))
    assert manifest["format"] == PROJECT_FORMAT
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["spec"] == make_spec().to_dict()
    assert manifest["dataset"] == {"name": "moons", "options": {"noise": 0.1, "train_ratio": 0.5}}
    assert manifest["weights"] == {"current": "weights.safetensors", "best": "best.safetensors"}
    assert isinstance(manifest["app_version"], str)


def test_project_without_weights_and_defaults() -> None:
    bare = Project(spec=make_spec())
    loaded = project_from_bytes(project_to_bytes(bare), expected_shapes=expected_layout)
    assert loaded.weights is None and loaded.best_weights is None
    assert loaded.training == TrainingConfig()
    assert loaded.history == [] and loaded.lesson is None and loaded.name == ""


def test_saving_is_deterministic() -> None:
    assert project_to_bytes(make_project()) == project_to_bytes(make_project())


def test_highly_compressible_weights_still_load() -> None:
    """Zero weights deflate beyond the zip-bomb ratio, so the saver stores them instead."""
    wide = NetworkSpec((1024,), "moons", 2, (
        LayerSpec.create("Dense", units=1024, activation="relu"),
        LayerSpec.create("Dense", units=2, activation="linear"),
    ))
    zeros = {
        "layers.0.0.weight": torch.zeros(1024, 1024),  # 4 MiB of zeros
        "layers.0.0.bias": torch.zeros(1024),
        "layers.1.0.weight": torch.zeros(2, 1024),
        "layers.1.0.bias": torch.zeros(2),
    }
    loaded = project_from_bytes(project_to_bytes(Project(spec=wide, weights=zeros)))
    assert loaded.weights is not None
    assert all(torch.equal(loaded.weights[k], v) for k, v in zeros.items())


def test_migration_from_version_0() -> None:
    assert 0 in MIGRATIONS
    manifest = manifest_dict()
    del manifest["schema_version"]
    manifest["config"] = manifest.pop("training")
    manifest["config"]["epochs"] = 11
    loaded = project_from_bytes(make_zip([("project.json", manifest_bytes(manifest))]))
    assert loaded.training.epochs == 11


def test_saving_unsupported_values_is_refused() -> None:
    with pytest.raises(ProjectFileError, match="not plain data"):
        project_to_bytes(Project(spec=make_spec(), history=[{"x": object()}]))
    with pytest.raises(ProjectFileError, match=r"torch\.bool"):
        project_to_bytes(Project(spec=make_spec(), weights={"mask": torch.ones(2, dtype=bool)}))


# --------------------------------------------------------------------------------------------
# Atomic saving


def test_failed_write_leaves_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "work.nnp"
    save_project(make_project(), path)
    before = path.read_bytes()

    real_fdopen = os.fdopen

    class FullDisk(io.RawIOBase):
        """Writes half of what it is given, then reports a full disk."""

        def __init__(self, fd: int) -> None:
            self.inner = real_fdopen(fd, "wb")

        def write(self, data: Any) -> int:
            self.inner.write(bytes(data)[: len(data) // 2])
            self.inner.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            self.inner.close()
            super().close()

    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: FullDisk(fd))
    with pytest.raises(ProjectFileError, match="disk is full") as info:
        save_project(Project(spec=make_spec(), name="replacement"), path)
    assert "work.nnp" in str(info.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work.nnp"]  # temp file removed
    assert load_project(path).name == "My moons"


@pytest.mark.parametrize(
    ("target", "code", "message"),
    [
        ("fsync", errno.ENOSPC, "disk is full"),
        ("replace", errno.EACCES, "permission denied"),
        ("open", errno.EROFS, "read-only"),
    ],
)
def test_os_errors_become_project_file_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, code: int, message: str
) -> None:
    path = tmp_path / "work.nnp"
    path.write_bytes(b"old contents")

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic.os, target, fail)
    with pytest.raises(ProjectFileError, match=message) as info:
        atomic_write_bytes(path, b"new contents")
    monkeypatch.undo()
    assert isinstance(info.value.__cause__, OSError)
    assert str(path) in str(info.value)
    assert path.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["work.nnp"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores modes")
def test_read_only_directory(tmp_path: Path) -> None:
    path = tmp_path / "work.nnp"
    path.write_bytes(b"old")
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(ProjectFileError, match="permission denied"):
            atomic_write_bytes(path, b"new")
    finally:
        tmp_path.chmod(0o755)
    assert path.read_bytes() == b"old"


def test_atomic_write_keeps_mode_and_follows_links(tmp_path: Path) -> None:
    target = tmp_path / "real.nnp"
    target.write_bytes(b"old")
    target.chmod(0o640)
    link = tmp_path / "link.nnp"
    link.symlink_to(target)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink()
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match="folder does not exist"):
        save_project(make_project(), tmp_path / "nope" / "x.nnp")


# --------------------------------------------------------------------------------------------
# Hostile and broken files


@pytest.fixture
def no_unpickling(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record any call to an unpickler; the loader must never make one.

    Babel keeps its own locale data (decimal marks for the messages' numbers) as pickles
    installed with it; that is read once, before the spy, as the app reads it at start-up.
    """
    for locale in ("en_US", "es_ES"):
        number_symbols(locale)
    calls: list[str] = []

    def spy(name: str) -> Any:
        def called(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            raise RuntimeError(f"{name} must not be called")

        return called

    for module, name in ((pickle, "loads"), (pickle, "load"), (torch, "load")):
        monkeypatch.setattr(module, name, spy(f"{module.__name__}.{name}"))
    return calls


class Payload:
    """Unpickling this creates ``marker``: proof that code from the file ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


def test_pickle_payloads_never_run(tmp_path: Path, no_unpickling: list[str]) -> None:
    marker = tmp_path / "pwned"
    payload = pickle.dumps(Payload(marker))
    # The payload is live: unpickling it elsewhere does create a file.
    check = tmp_path / "check"
    pickle._loads(pickle.dumps(Payload(check))).close()  # type: ignore[attr-defined]
    assert check.exists()

    manifest = manifest_dict()
    refused(
        make_zip([("project.json", manifest_bytes(manifest)), ("data.pkl", payload)]),
        "unexpected entry 'data.pkl'",
    )
    manifest["weights"]["current"] = "weights.safetensors"
    archive = make_zip(
        [("project.json", manifest_bytes(manifest)), ("weights.safetensors", payload)]
    )
    refused(archive, "weights.safetensors is not a valid safetensors file")
    refused(make_zip([("project.json", payload)]), "not UTF-8|not valid JSON")
    # A classic torch.save() file (itself a zip with data.pkl inside) is not a project either.
    buffer = io.BytesIO()
    torch.save({"w": torch.zeros(2)}, buffer)
    refused(buffer.getvalue(), "unexpected entry")
    assert not marker.exists()
    assert no_unpickling == []


@pytest.mark.parametrize(
    ("name", "match"),
    [
        ("../evil", r"unsafe entry '\.\./evil' \(a '\.\.' path"),
        ("weights/../../evil", r"'\.\.' path"),
        ("/etc/evil", r"unsafe entry '/etc/evil' \(an absolute path\)"),
        ("C:/evil", r"absolute path"),
        ("..\\evil", r"backslash"),
        ("nested/project.json", r"unexpected entry 'nested/project.json'"),
        ("weights/", r"unexpected entry"),
    ],
)
def test_unsafe_entry_names(name: str, match: str) -> None:
    members = [("project.json", manifest_bytes(manifest_dict())), (name, b"x")]
    refused(make_zip(members), match)


def test_zip_bombs_are_refused_before_reading(no_unpickling: list[str]) -> None:
    manifest = manifest_dict()
    # Declared size over the project.json limit.
    refused(make_zip([("project.json", b" " * (17 * MiB))]), "declares 17 MiB.*not opened")
    # A modest declared size but an absurd compression ratio.
    manifest["weights"]["current"] = "weights.safetensors"
    bomb = make_zip(
        [("project.json", manifest_bytes(manifest)), ("weights.safetensors", bytes(40 * MiB))]
    )
    assert len(bomb) < MiB
    refused(bomb, "compressed more than 200:1.*zip bomb")


def _patch_declared_size(archive: bytes, name: bytes, size: int) -> bytes:
    """Rewrite the uncompressed size of ``name`` in both its local and central headers."""
    data = bytearray(archive)
    local = data.find(b"PK\x03\x04" + bytes(0))
    while local >= 0:
        name_len = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + name_len] == name:
            struct.pack_into("<L", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<L", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def test_lying_size_header_cannot_blow_memory() -> None:
    manifest = manifest_dict()
    manifest["weights"]["current"] = "weights.safetensors"
    honest = make_zip(
        [("project.json", manifest_bytes(manifest)), ("weights.safetensors", bytes(30 * MiB))]
    )
    lying = _patch_declared_size(honest, b"weights.safetensors", 100_000)
    tracemalloc.start()
    try:
        refused(lying, "damaged")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * MiB


def test_truncated_archives() -> None:
    data = project_to_bytes(make_project())
    refused(data[: len(data) // 2], "incomplete.*cut short")
    for cut in range(1, len(data), max(1, len(data) // 97)):
        with pytest.raises(ProjectFileError):
            project_from_bytes(data[:cut])


def test_not_a_zip(tmp_path: Path) -> None:
    refused(b"", "not a zip archive")
    refused(b"hello, I am a text file", "not a zip archive")
    refused(b"\x89PNG\r\n\x1a\n" + bytes(100), "not a zip archive")
    path = tmp_path / "essay.nnp"
    path.write_text("not a project")
    with pytest.raises(ProjectFileError, match=r"Cannot open 'essay.nnp'\. .*not a zip"):
        load_project(path)
    with pytest.raises(ProjectFileError, match="does not exist"):
        load_project(tmp_path / "missing.nnp")
    with pytest.raises(ProjectFileError, match="not a regular file"):
        load_project(tmp_path)


def test_bad_json() -> None:
    refused(make_zip([("project.json", b"{not json")]), "project.json is not valid JSON")
    refused(make_zip([("project.json", b"\xff\xfe")]), "not UTF-8")
    refused(make_zip([("project.json", b"[1, 2]")]), "must hold a JSON object")
    refused(make_zip([("other.json", b"{}")]), "unexpected entry 'other.json'")
    refused(make_zip([]), "no project.json")


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deeply_nested_json(depth: int) -> None:
    manifest = manifest_dict()
    text = json.dumps(manifest)[:-1] + ', "lesson": ' + "[" * depth + "]" * depth + "}"
    refused(make_zip([("project.json", text.encode())]), "nested too deeply")


def test_versions_and_format() -> None:
    manifest = manifest_dict()
    refused(
        make_zip([("project.json", manifest_bytes({**manifest, "schema_version": 99}))]),
        "made by a newer version of the app.*Update the app",
    )
    refused(
        make_zip([("project.json", manifest_bytes({**manifest, "schema_version": "1"}))]),
        "schema_version must be a whole number",
    )
    refused(
        make_zip([("project.json", manifest_bytes({**manifest, "format": "something-else"}))]),
        "not a Neural Network Playground project",
    )
    refused(
        make_zip([("project.json", manifest_bytes({**manifest, "macro": "rm -rf"}))]),
        "unexpected field 'macro'",
    )


def test_spec_and_config_errors_keep_their_message() -> None:
    manifest = manifest_dict()
    manifest["spec"]["layers"][0]["type"] = "Eval"
    refused(
        make_zip([("project.json", manifest_bytes(manifest))]),
        "network is invalid: Unknown layer type 'Eval'",
    )
    manifest = manifest_dict()
    manifest["training"]["optimizer"] = "magic"
    refused(
        make_zip([("project.json", manifest_bytes(manifest))]),
        "training settings are invalid: optimizer must be one of",
    )
    manifest = manifest_dict()
    manifest["training"]["seed"] = 10**400
    refused(make_zip([("project.json", manifest_bytes(manifest))]), "training settings")


def _with_weights(tensors: dict[str, torch.Tensor]) -> bytes:
    return project_to_bytes(Project(spec=make_spec(), weights=tensors))


FIX = (
    r"They were saved for a different network, so nothing was opened\. To use this network, "
    r"open the file without its weights and train it again\."
)


def test_wrong_tensor_shapes_are_refused() -> None:
    """Without being asked, every load checks each tensor against the file's own network."""
    good = make_weights()
    wrong_shape = {**good, "layers.2.0.weight": torch.zeros(2, 4)}
    error = refused(_with_weights(wrong_shape), "layer 3")
    assert isinstance(error, project.WeightsMismatchError)
    assert str(error) == (
        "The weights do not fit layer 3 (Dense): tensor 'layers.2.0.weight' has shape (2, 4), "
        "but the layer needs (2, 8). They were saved for a different network, so nothing was "
        "opened. To use this network, open the file without its weights and train it again."
    )
    missing = {k: v for k, v in good.items() if k != "layers.1.0.bias"}
    refused(
        _with_weights(missing),
        r"^The weights do not fit layer 2 \(BatchNorm\): the layer needs a tensor "
        r"'layers\.1\.0\.bias' that weights\.safetensors does not have\. " + FIX,
    )
    refused(
        _with_weights({**good, "layers.0.0.scale": torch.zeros(8)}),
        r"^The weights do not fit layer 1 \(Dense\): weights\.safetensors has a tensor "
        r"'layers\.0\.0\.scale' that the layer does not have\. " + FIX,
    )
    refused(
        _with_weights({**good, "extra": torch.zeros(1)}),
        r"^The weights do not fit this network: weights\.safetensors has a tensor 'extra' that "
        r"belongs to none of its layers\. " + FIX,
    )
    refused(
        _with_weights({**good, "layers.7.0.weight": torch.zeros(1)}),
        r"tensor 'layers\.7\.0\.weight' that belongs to none of its layers",
    )
    refused(
        _with_weights({**good, "layers.1.0.num_batches_tracked": torch.tensor(7.0)}),
        r"^The weights do not fit layer 2 \(BatchNorm\): tensor "
        r"'layers\.1\.0\.num_batches_tracked' has type torch\.float32, but the layer needs "
        r"torch\.int64\. " + FIX,
    )
    # A caller's own layout is honoured too.
    refused(
        _with_weights(good),
        r"^The weights do not fit the network: the network needs a tensor "
        r"'layers\.9\.0\.weight' that weights\.safetensors does not have\. " + FIX,
        expected_shapes=lambda spec: {
            **expected_layout(spec), "layers.9.0.weight": ((1,), torch.float32)
        },
    )

    def broken(spec: NetworkSpec) -> dict[str, tuple[tuple[int, ...], torch.dtype]]:
        raise ValueError("cannot build")

    refused(_with_weights(good), "cannot be built", expected_shapes=broken)


def test_best_weights_are_checked_too() -> None:
    good = make_weights()
    best = {**good, "layers.0.0.weight": torch.zeros(8, 3)}
    data = project_to_bytes(Project(spec=make_spec(), weights=good, best_weights=best))
    refused(
        data,
        r"^The best weights do not fit layer 1 \(Dense\): tensor 'layers\.0\.0\.weight' has "
        r"shape \(8, 3\), but the layer needs \(8, 2\)\. " + FIX,
    )
    missing = {k: v for k, v in good.items() if k != "layers.2.0.bias"}
    data = project_to_bytes(Project(spec=make_spec(), weights=good, best_weights=missing))
    refused(data, r"^The best weights do not fit layer 3 \(Dense\): the layer needs a tensor "
                  r"'layers\.2\.0\.bias' that best\.safetensors does not have")


def test_a_refused_file_names_itself_and_opens_without_its_weights(tmp_path: Path) -> None:
    path = tmp_path / "other.nnp"
    wrong = {**make_weights(), "layers.0.0.weight": torch.zeros(8, 5)}
    save_project(Project(spec=make_spec(), weights=wrong, best_weights=wrong), path)
    with pytest.raises(project.WeightsMismatchError) as info:
        load_project(path)
    assert str(info.value).startswith(
        "Cannot open 'other.nnp'. The weights do not fit layer 1 (Dense): tensor "
        "'layers.0.0.weight' has shape (8, 5), but the layer needs (8, 2)."
    )
    bare = load_project(path, weights=False)
    assert bare.spec == make_spec() and bare.weights is None and bare.best_weights is None


def test_weights_in_model_order_and_other_float_widths_converted() -> None:
    good = make_weights()
    half = {k: v.half() if v.is_floating_point() else v for k, v in reversed(good.items())}
    loaded = project_from_bytes(_with_weights(half))
    assert loaded.weights is not None and list(loaded.weights) == list(good)
    assert all(loaded.weights[k].dtype == v.dtype for k, v in good.items())
    first = "layers.0.0.weight"
    assert torch.equal(loaded.weights[first], good[first].half().float())


def test_the_layout_comes_from_the_network_without_random_numbers() -> None:
    """Checking builds the model on the meta device: the global generator is not advanced
    (a file opened during a run leaves that run's dropout masks alone), and the layout is
    exactly the real model's, for every layer type."""
    from playground.core.network.build import build_model

    spec = NetworkSpec((12,), "sentiment", 2, (
        LayerSpec.create("Embedding", vocabulary=20, dimension=4),
        LayerSpec.create("SimpleRNN", units=3, return_sequences=True),
        LayerSpec.create("GRU", units=3, return_sequences=True),
        LayerSpec.create("LSTM", units=3, bidirectional=True),
        LayerSpec.create("BatchNorm"),
        LayerSpec.create("Dropout"),
        LayerSpec.create("Dense", units=2, activation="linear"),
    ))
    image = NetworkSpec((1, 8, 8), "mnist", 10, (
        LayerSpec.create("Conv2D", filters=2, kernel_size=3, padding="same"),
        LayerSpec.create("BatchNorm"),
        LayerSpec.create("MaxPool2D"),
        LayerSpec.create("AvgPool2D", pool_size=2),
        LayerSpec.create("Flatten"),
        LayerSpec.create("Reshape", target_shape=[2, 2, 2]),
        LayerSpec.create("Flatten"),
        LayerSpec.create("Dense", units=10),
        LayerSpec.create("Activation", activation="softmax"),
    ))
    for network in (spec, image):
        torch.manual_seed(3)
        layout = project.model_layout(network)
        after = torch.rand(4)
        torch.manual_seed(3)
        assert torch.equal(after, torch.rand(4))
        real = build_model(network).state_dict()
        assert layout == {k: (tuple(v.shape), v.dtype) for k, v in real.items()}
        assert project_from_bytes(project_to_bytes(Project(spec=network, weights=real))).weights


def test_disallowed_dtypes_and_inconsistent_weights() -> None:
    manifest = manifest_dict()
    manifest["weights"]["current"] = "weights.safetensors"
    mask = safetensors.torch.save({"mask": torch.ones(3, dtype=torch.bool)})
    refused(
        make_zip([("project.json", manifest_bytes(manifest)), ("weights.safetensors", mask)]),
        "'mask' has type torch.bool",
    )
    refused(
        make_zip([("project.json", manifest_bytes(manifest))]),
        "lists weights.safetensors but the archive does not contain it",
    )
    unlisted = manifest_dict()
    weights = safetensors.torch.save(make_weights())
    refused(
        make_zip([("project.json", manifest_bytes(unlisted)), ("best.safetensors", weights)]),
        "contains best.safetensors but project.json does not list it",
    )
    manifest["weights"]["current"] = "../../etc/passwd"
    refused(make_zip([("project.json", manifest_bytes(manifest))]), "weights.current must be")


def test_duplicate_and_excess_entries() -> None:
    manifest = manifest_bytes(manifest_dict())
    refused(make_zip([("project.json", manifest), ("project.json", manifest)]), "twice")
    many = [("project.json", manifest)] + [(f"f{i}", b"") for i in range(100)]
    refused(make_zip(many), "101 entries")


def test_encrypted_and_exotic_compression() -> None:
    manifest = manifest_bytes(manifest_dict())
    lzma = make_zip([("project.json", manifest)], compression=zipfile.ZIP_LZMA)
    refused(lzma, "unsupported compression")
    data = bytearray(make_zip([("project.json", manifest)]))
    for sig, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(sig)
        data[at + flag_offset] |= 1
    refused(bytes(data), "encrypted")


# --------------------------------------------------------------------------------------------
# Fuzzing: whatever the input, only ProjectFileError (or a clean load) comes out

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=25,
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def _load_or_refuse(archive: bytes) -> Project | None:
    try:
        return project_from_bytes(archive)
    except ProjectFileError as exc:
        assert str(exc)
        return None


@FUZZ
@given(JSON_VALUES)
def test_fuzz_arbitrary_json(value: Any) -> None:
    _load_or_refuse(make_zip([("project.json", json.dumps(value).encode())]))


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


VALID_MANIFEST = manifest_dict(make_project())
VALID_WEIGHTS = safetensors.torch.save(make_weights())
MANIFEST_PATHS = [p for p in _paths(VALID_MANIFEST) if p]
DELETE = object()


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(MANIFEST_PATHS),
            st.one_of(JSON_VALUES, st.just(DELETE), st.sampled_from(["", 0, -1, 1e308, None])),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_fuzz_mutated_manifest(mutations: list[tuple[tuple[Any, ...], Any]]) -> None:
    manifest = json.loads(json.dumps(VALID_MANIFEST))
    for path, replacement in mutations:
        parent = manifest
        try:
            for step in path[:-1]:
                parent = parent[step]
            if replacement is DELETE:
                del parent[path[-1]]
            else:
                parent[path[-1]] = replacement
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
    members = [("project.json", json.dumps(manifest).encode())]
    members += [("weights.safetensors", VALID_WEIGHTS), ("best.safetensors", VALID_WEIGHTS)]
    loaded = _load_or_refuse(make_zip(members))
    if loaded is not None:  # whatever loads can be saved and loaded again
        again = project_from_bytes(project_to_bytes(loaded))
        assert again.spec == loaded.spec and again.training == loaded.training


ARCHIVE = project_to_bytes(make_project())


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(ARCHIVE) - 1), st.integers(0, 255)), max_size=8))
def test_fuzz_corrupted_archive_bytes(changes: list[tuple[int, int]]) -> None:
    data = bytearray(ARCHIVE)
    for index, value in changes:
        data[index] = value
    _load_or_refuse(bytes(data))


def test_module_never_imports_unpicklers() -> None:
    from playground.core.files import archive as project_archive

    sources = (Path(project.__file__), Path(project_archive.__file__))
    tree = ast.Module(body=[n for p in sources for n in ast.parse(p.read_text()).body],
                      type_ignores=[])
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            assert not {"pickle", "dill", "marshal", "shelve"} & set(names)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            assert (node.value.id, node.attr) != ("torch", "load")


# --------------------------------------------------------------------------------------------
# Every template, saved with the history and weights of a real (tiny) training run


def bit_exact(value: Any) -> Any:
    """``value`` with every float replaced by its bit pattern, so NaN and -0.0 compare exactly."""
    if isinstance(value, float):
        return ("float", struct.pack("<d", value))
    if isinstance(value, dict):
        return {key: bit_exact(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [bit_exact(item) for item in value]
    return value


def model_layout(spec: NetworkSpec) -> dict[str, tuple[tuple[int, ...], torch.dtype]]:
    from playground.core.network.build import build_model

    return {k: (tuple(v.shape), v.dtype) for k, v in build_model(spec).state_dict().items()}


TEMPLATE_NAMES = ("mlp-mnist", "scratch-mnist", "scratch-mnist-softmax", "cnn-fashion",
                  "cnn-fashion-improved", "cnn-mnist", "rnn-mnist", "toy-spiral", "resnet-fashion",
                  "inception-mnist")


def test_the_template_list_is_complete() -> None:
    from playground.core.teaching.templates import TEMPLATES

    assert set(TEMPLATE_NAMES) == set(TEMPLATES)


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_template_round_trips_with_its_run_history(name: str, tmp_path: Path) -> None:
    from playground.core.data.datasets import load_dataset
    from playground.core.network.build import build_model
    from playground.core.teaching.templates import TEMPLATES
    from playground.core.training.loop import Trainer

    template = TEMPLATES[name]
    config = template.config.with_changes(epochs=1)
    if template.dataset.startswith("toy-"):
        options = {**template.dataset_options, "samples": 100}
        data = load_dataset(template.dataset, seed=config.seed, **options)
    else:  # the bundled digits stand in for Fashion-MNIST (same shape), so this runs offline
        data = load_dataset("mnist", preprocessing=config.preprocessing, limit=40)
    result = Trainer(template.spec, config, data).run()
    assert result.status == "completed"
    history = [result.to_record(template.spec, started=1_700_000_000.0)]
    original = Project(
        spec=template.spec, training=config, dataset_options=dict(template.dataset_options),
        history=history, weights=result.state_dict, best_weights=result.best_state_dict,
        name=template.spec.name,
    )
    path = tmp_path / f"{name}{PROJECT_SUFFIX}"
    save_project(original, path)
    loaded = load_project(path, expected_shapes=model_layout)

    assert loaded.spec == template.spec and loaded.training == config
    assert loaded.dataset_options == template.dataset_options
    assert bit_exact(loaded.history) == bit_exact(history)
    assert loaded.history[0]["history"]["train_loss"]  # a real curve, not an empty record
    assert (loaded.best_weights is None) == (result.best_state_dict is None)
    for mine, theirs in ((result.state_dict, loaded.weights),
                         (result.best_state_dict, loaded.best_weights)):
        if mine is None:
            continue
        assert theirs is not None and list(theirs) == list(mine)
        assert all(theirs[k].dtype == mine[k].dtype and torch.equal(theirs[k], mine[k])
                   for k in mine)
    build_model(loaded.spec).load_state_dict(loaded.weights)  # they fit the network
    assert project_to_bytes(loaded) == path.read_bytes()  # and save back byte for byte
