"""Tests for the dataset downloader: progress, cancel, resume, checksums, safe unpacking, offline.

Nothing here touches the internet. A small HTTP server on 127.0.0.1 (a thread, stopped after
each test) serves tiny generated files: valid IDX .gz files and a CIFAR-like tar.gz. Their MD5s
are computed here and passed as the expected checksums. The server records every request, so
a resume can be seen as a Range request.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import itertools
import socket
import struct
import tarfile
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
import torch

from playground.core.data import downloads
from playground.core.data.datasets import dataset_status, download_dataset, load_dataset
from playground.core.data.downloads import DownloadCancelled, mirrors_for
from playground.core.errors import DatasetUnavailable

TIMEOUT = 5.0


class FileServer:
    """Serves ``files`` (URL path -> bytes) with HTTP Range support; records each request.

    With ``delay``, bodies go out a kilobyte at a time with that pause between pieces, so a
    client can cancel a download midway (the GUI's download dialog tests do).
    """

    def __init__(self, files: dict[str, bytes], ranges: bool = True, delay: float = 0.0) -> None:
        self.files = files
        self.ranges = ranges
        self.delay = delay
        self.requests: list[tuple[str, str | None]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.lstrip("/")
                requested = self.headers.get("Range")
                server.requests.append((path, requested))
                data = server.files.get(path)
                if data is None:
                    self.send_error(404)
                    return
                start = 0
                if requested and server.ranges:
                    start = int(requested.removeprefix("bytes=").split("-")[0])
                    if start >= len(data):
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{len(data)}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", str(len(data) - start))
                self.end_headers()
                piece = 1024 if server.delay else len(data)
                try:
                    for at in range(start, len(data), max(piece, 1)):
                        self.wfile.write(data[at : at + piece])
                        self.wfile.flush()
                        time.sleep(server.delay)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client cancelled

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def mirror(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{{name}}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive()


def idx_gz(array: np.ndarray, magic: int) -> bytes:
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in array.shape)
    return gzip.compress(header + array.astype(np.uint8).tobytes(), mtime=0)


def tiny_mnist() -> tuple[dict[str, bytes], dict[str, np.ndarray]]:
    """Four valid IDX files: 40 training and 10 test images of random (incompressible) noise."""
    rng = np.random.default_rng(7)
    arrays = {
        "train-images-idx3-ubyte.gz": rng.integers(0, 256, (40, 28, 28), dtype=np.uint8),
        "train-labels-idx1-ubyte.gz": (np.arange(40) % 10).astype(np.uint8),
        "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (10, 28, 28), dtype=np.uint8),
        "t10k-labels-idx1-ubyte.gz": (np.arange(10)[::-1] % 10).astype(np.uint8),
    }
    files = {name: idx_gz(a, 2051 if "images" in name else 2049) for name, a in arrays.items()}
    return files, arrays


def md5(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def tar_gz(members: dict[str, bytes], extra: tarfile.TarInfo | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        if extra is not None:
            archive.addfile(extra, io.BytesIO(b"x" * extra.size) if extra.size else None)
    return buffer.getvalue()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mnist_files() -> tuple[dict[str, bytes], dict[str, np.ndarray]]:
    return tiny_mnist()


@pytest.fixture
def server(mnist_files: tuple[dict[str, bytes], dict[str, np.ndarray]]) -> Iterator[FileServer]:
    files, _ = mnist_files
    served = FileServer({f"mnist-full/{name}": data for name, data in files.items()})
    yield served
    served.close()


def checksums(files: dict[str, bytes]) -> dict[str, str]:
    return {name: md5(data) for name, data in files.items()}


# --------------------------------------------------------------------------- complete download


def test_download_completes_verifies_and_loads_through_torchvision(
    server: FileServer, mnist_files: tuple[dict[str, bytes], dict[str, np.ndarray]], tmp_path: Path
) -> None:
    files, arrays = mnist_files
    seen: list[tuple[int, int]] = []
    assert dataset_status("mnist-full", tmp_path) == "needs-download"
    download_dataset(
        "mnist-full", tmp_path, progress=lambda done, total: seen.append((done, total)),
        mirrors=[server.mirror], md5s=checksums(files), chunk_size=4096, timeout=TIMEOUT,
    )  # fmt: skip
    total = sum(len(d) for d in files.values())
    assert seen[-1] == (total, total)
    assert all(b[0] >= a[0] for a, b in itertools.pairwise(seen))  # never backwards
    assert len(seen) > 4  # reported chunk by chunk, not only at the end
    raw = tmp_path / "MNIST" / "raw"
    for name, data in files.items():
        assert (raw / name).read_bytes() == data  # the verified archive is kept
        assert (raw / name.removesuffix(".gz")).is_file()  # and unpacked for torchvision
    assert not list(raw.glob("*.part"))
    assert dataset_status("mnist-full", tmp_path) == "downloaded"

    d = load_dataset("mnist-full", data_root=tmp_path)  # through torchvision, no network
    assert d.train_x.shape == (40, 1, 28, 28) and d.test_x.shape == (10, 1, 28, 28)
    expected = torch.from_numpy(arrays["train-images-idx3-ubyte.gz"]).float().unsqueeze(1) / 255
    assert torch.allclose(d.train_x, expected)
    assert d.test_y.tolist() == arrays["t10k-labels-idx1-ubyte.gz"].tolist()

    # Asking again downloads nothing.
    before = len(server.requests)
    download_dataset("mnist-full", tmp_path, mirrors=[server.mirror], md5s=checksums(files))
    assert len(server.requests) == before


def test_cancel_midway_keeps_the_part_file_and_the_next_download_resumes(
    server: FileServer, mnist_files: tuple[dict[str, bytes], dict[str, np.ndarray]], tmp_path: Path
) -> None:
    files, _ = mnist_files
    first = "train-images-idx3-ubyte.gz"
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done >= 8192:
            cancel.set()

    options = {"mirrors": [server.mirror], "md5s": checksums(files), "chunk_size": 1024,
               "timeout": TIMEOUT}  # fmt: skip
    with pytest.raises(DownloadCancelled, match="cancelled") as err:
        download_dataset("mnist-full", tmp_path, progress=progress, cancel=cancel, **options)
    assert "resumes" in str(err.value)
    part = tmp_path / "MNIST" / "raw" / f"{first}.part"
    kept = part.stat().st_size
    assert 8192 <= kept < len(files[first])
    assert not (tmp_path / "MNIST" / "raw" / first).exists()
    assert downloads.partial_bytes("mnist-full", tmp_path) == kept
    assert dataset_status("mnist-full", tmp_path) == "needs-download"

    seen: list[tuple[int, int]] = []
    download_dataset("mnist-full", tmp_path, progress=lambda *p: seen.append(p), **options)
    assert (f"mnist-full/{first}", f"bytes={kept}-") in server.requests  # resumed, not restarted
    assert seen[0][0] > kept  # progress starts from what was already there
    assert (tmp_path / "MNIST" / "raw" / first).read_bytes() == files[first]
    assert not part.exists()
    assert dataset_status("mnist-full", tmp_path) == "downloaded"


def test_a_callable_cancel_works_too(
    server: FileServer, mnist_files: tuple[dict[str, bytes], dict[str, np.ndarray]], tmp_path: Path
) -> None:
    files, _ = mnist_files
    with pytest.raises(DownloadCancelled):
        download_dataset("mnist-full", tmp_path, cancel=lambda: True, mirrors=[server.mirror],
                         md5s=checksums(files), timeout=TIMEOUT)  # fmt: skip


def test_a_server_without_range_support_restarts_the_file(
    mnist_files: tuple[dict[str, bytes], dict[str, np.ndarray]], tmp_path: Path
) -> None:
    files, _ = mnist_files
    first = "train-images-idx3-ubyte.gz"
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    (raw / f"{first}.part").write_bytes(files[first][:5000])
    plain = FileServer({f"mnist-full/{n}": d for n, d in files.items()}, ranges=False)
    try:
        seen: list[tuple[int, int]] = []
        download_dataset(
            "mnist-full", tmp_path, progress=lambda *p: seen.append(p), mirrors=[plain.mirror],
            md5s=checksums(files), timeout=TIMEOUT,
        )  # fmt: skip
    finally:
        plain.close()
    assert (raw / first).read_bytes() == files[first]
    total = sum(len(d) for d in files.values())
    assert seen[-1] == (total, total)  # the resent bytes were not counted twice


def test_the_next_mirror_is_tried_when_one_is_down(
    server: FileServer, mnist_files: tuple[dict[str, bytes], dict[str, np.ndarray]], tmp_path: Path
) -> None:
    files, _ = mnist_files
    down = f"http://127.0.0.1:{closed_port()}/"
    download_dataset("mnist-full", tmp_path, mirrors=[down, server.mirror], md5s=checksums(files),
                     timeout=TIMEOUT)  # fmt: skip
    assert dataset_status("mnist-full", tmp_path) == "downloaded"


# --------------------------------------------------------------------------- failures


def test_a_corrupt_file_fails_verification_and_the_part_file_is_deleted(
    server: FileServer, mnist_files: tuple[dict[str, bytes], dict[str, np.ndarray]], tmp_path: Path
) -> None:
    files, _ = mnist_files
    damaged = "train-labels-idx1-ubyte.gz"
    server.files[f"mnist-full/{damaged}"] = files[damaged][:-3] + b"xyz"
    with pytest.raises(DatasetUnavailable) as err:
        download_dataset("mnist-full", tmp_path, mirrors=[server.mirror], md5s=checksums(files),
                         timeout=TIMEOUT)  # fmt: skip
    message = str(err.value)
    assert damaged in message and "checksum" in message and md5(files[damaged]) in message
    assert "deleted" in message
    raw = tmp_path / "MNIST" / "raw"
    assert not (raw / f"{damaged}.part").exists() and not (raw / damaged).exists()
    assert (raw / "train-images-idx3-ubyte.gz").is_file()  # the good file before it is kept
    assert dataset_status("mnist-full", tmp_path) == "needs-download"


def test_offline_is_a_plain_message_that_points_to_the_bundled_mnist(tmp_path: Path) -> None:
    mirror = f"http://127.0.0.1:{closed_port()}/{{name}}/"
    with pytest.raises(DatasetUnavailable) as err:
        download_dataset("fashion-mnist", tmp_path, mirrors=[mirror], timeout=TIMEOUT)
    message = str(err.value)
    assert "refused" in message.lower()
    assert "internet" in message and "'mnist'" in message and "without a network" in message
    assert "Traceback" not in message
    assert err.value.__cause__ is None
    assert err.value.__context__ is None or err.value.__suppress_context__


def test_load_dataset_download_uses_the_mirror_environment_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    port = closed_port()
    monkeypatch.setenv("NN_PLAYGROUND_MIRROR", f"http://127.0.0.1:{port}/{{name}}/")
    with pytest.raises(DatasetUnavailable, match="without a network") as err:
        load_dataset("mnist-full", data_root=tmp_path, download=True)
    assert f"127.0.0.1:{port}/mnist-full/train-images-idx3-ubyte.gz" in str(err.value)


def test_mirror_list_order_of_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NN_PLAYGROUND_MIRROR", raising=False)
    assert mirrors_for("cifar10") == ["https://www.cs.toronto.edu/~kriz/"]
    monkeypatch.setenv("NN_PLAYGROUND_MIRROR", "http://a.test/{name}, http://b.test/x/")
    assert mirrors_for("mnist-full") == ["http://a.test/mnist-full/", "http://b.test/x/"]
    assert mirrors_for("mnist-full", ["http://c.test"]) == ["http://c.test/"]


def test_known_checksums_are_torchvisions() -> None:
    from torchvision.datasets import CIFAR10, MNIST, FashionMNIST

    for name, cls in (("mnist-full", MNIST), ("fashion-mnist", FashionMNIST)):
        ours = [(f.name, f.md5) for f in downloads.PLANS[name].files]
        assert ours == [tuple(r) for r in cls.resources]
    (archive,) = downloads.PLANS["cifar10"].files
    assert (archive.name, archive.md5) == (CIFAR10.filename, CIFAR10.tgz_md5)
    assert downloads.MIRRORS["mnist-full"] == MNIST.mirrors


# --------------------------------------------------------------------------- CIFAR archive


def cifar_members() -> dict[str, bytes]:
    return {f"cifar-10-batches-py/{f}": f.encode() * 100 for f in downloads.CIFAR_FILES}


def test_cifar_archive_is_unpacked_into_torchvisions_layout(tmp_path: Path) -> None:
    archive = tar_gz(cifar_members())
    sums = {"cifar-10-python.tar.gz": md5(archive)}
    served = FileServer({"cifar10/cifar-10-python.tar.gz": archive})
    try:
        download_dataset("cifar10", tmp_path, mirrors=[served.mirror], md5s=sums, timeout=TIMEOUT)
    finally:
        served.close()
    folder = tmp_path / "cifar-10-batches-py"
    for name, data in cifar_members().items():
        assert (tmp_path / name).read_bytes() == data
    assert sorted(p.name for p in folder.iterdir()) == sorted(downloads.CIFAR_FILES)
    assert not (tmp_path / "cifar-10-python.tar.gz").exists()  # 170 MB not kept twice
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cifar-10-batches-py"]
    assert dataset_status("cifar10", tmp_path) == "downloaded"


def _evil(kind: str) -> tarfile.TarInfo:
    if kind == "parent":
        info = tarfile.TarInfo("cifar-10-batches-py/../../evil.txt")
        info.size = 4
    elif kind == "absolute":
        info = tarfile.TarInfo("/tmp/nn-playground-evil.txt")
        info.size = 4
    else:
        info = tarfile.TarInfo("cifar-10-batches-py/link")
        info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
    return info


@pytest.mark.parametrize("kind", ["parent", "absolute", "symlink"])
def test_unsafe_archive_members_are_refused(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "data"
    archive = tar_gz(cifar_members(), extra=_evil(kind))
    sums = {"cifar-10-python.tar.gz": md5(archive)}
    served = FileServer({"cifar10/cifar-10-python.tar.gz": archive})
    try:
        with pytest.raises(DatasetUnavailable, match="unsafe"):
            download_dataset("cifar10", root, mirrors=[served.mirror], md5s=sums, timeout=TIMEOUT)
    finally:
        served.close()
    assert not (tmp_path / "evil.txt").exists()
    assert not Path("/tmp/nn-playground-evil.txt").exists()
    assert not (root / "cifar-10-batches-py").exists()  # nothing half-unpacked
    assert dataset_status("cifar10", root) == "needs-download"
