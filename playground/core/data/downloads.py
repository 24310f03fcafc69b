"""Downloads of the larger datasets (full MNIST, Fashion-MNIST, CIFAR-10) into the user folder.

Why the app downloads them itself instead of letting torchvision do it:

* A student on a school network needs to see progress (``(bytes_done, bytes_total)``), to cancel,
  and to pick up where a dropped connection left off. torchvision's downloader does none of this,
  so files are fetched here with :mod:`urllib` in chunks: the cancel request is checked between
  chunks, bytes go to ``<file>.part``, and the next attempt asks the server for the rest with an
  HTTP ``Range`` request.
* Every file is checked against the MD5 torchvision knows for it. A mismatch deletes the part file
  (resuming a damaged file would only repeat the damage) and says so.
* Files land in the layout torchvision's dataset classes read (``<root>/MNIST/raw/*``,
  ``<root>/FashionMNIST/raw/*``, ``<root>/cifar-10-batches-py/*``), so loading stays in
  :mod:`playground.core.data.datasets`. The CIFAR archive is unpacked with checks: no absolute
  paths,
  no ``..``, no links or devices, and a cap on the unpacked size.
* Offline, the user gets a :class:`~playground.core.errors.DatasetUnavailable` that says what
  failed and that the bundled ``mnist`` works without a network, never a traceback.

Mirrors are a module-level list per dataset (:data:`MIRRORS`); the ``mirrors`` argument or the
``NN_PLAYGROUND_MIRROR`` environment variable (base URLs separated by spaces or commas; ``{name}``
is replaced by the dataset name) replace them, which is how the tests serve tiny files from
127.0.0.1. This module never imports Qt or torch.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.client
import os
import shutil
import tarfile
import threading
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from playground.core.errors import DatasetUnavailable, shorten
from playground.core.messages import Message

MIRROR_ENV = "NN_PLAYGROUND_MIRROR"
CHUNK_SIZE = 64 * 1024
TIMEOUT = 30.0
MAX_FILE_BYTES = 1 << 30  # no dataset file is larger; a server that streams on is cut off
MAX_UNPACKED_BYTES = 1 << 30
USER_AGENT = "nn-playground/0.1 (dataset download)"

IDX_FILES: tuple[str, ...] = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)
CIFAR_FOLDER = "cifar-10-batches-py"
CIFAR_ARCHIVE = "cifar-10-python.tar.gz"
CIFAR_FILES: tuple[str, ...] = (
    "batches.meta", "test_batch", *(f"data_batch_{i}" for i in range(1, 6)),
)  # fmt: skip


@dataclass(frozen=True)
class RemoteFile:
    """One file on a mirror: its name (appended to the base URL), MD5 and size when known."""

    name: str
    md5: str
    size: int | None = None


@dataclass(frozen=True)
class DownloadPlan:
    """Where a dataset comes from and where it goes (``folder`` is relative to the data root)."""

    dataset: str
    title: str
    folder: str
    files: tuple[RemoteFile, ...]
    unpack: str  # "gzip": each .gz next to itself; "tar": the archive into the data root
    ready: tuple[str, ...]  # files (relative to the data root) that exist once it is unpacked


# The base URLs torchvision uses; the first that works wins.
MIRRORS: dict[str, list[str]] = {
    "mnist-full": [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ],
    "fashion-mnist": ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
    "cifar10": ["https://www.cs.toronto.edu/~kriz/"],
}

_MNIST_MD5 = ("f68b3c2dcbeaaa9fbdd348bbdeb94873", "d53e105ee54ea40749a09fcbcd1e9432",
              "9fb629c4189551a2d022fa330f9573f3", "ec29112dd5afa0611ce80d1b7f02629c")  # fmt: skip
_MNIST_SIZES = (9_912_422, 28_881, 1_648_877, 4_542)
_FASHION_MD5 = ("8d4fb7e6c68d591d4c3dfef9ec88bf0d", "25c81989df183df01b3e8a0aad5dffbe",
                "bef4ecab320f06d8554ea6380940ec79", "bb300cfdad3c16e7a12a480ee83cd310")  # fmt: skip
_FASHION_SIZES = (26_421_880, 29_515, 4_422_102, 5_148)


def _idx_plan(
    name: str, title: str, folder: str, md5s: Sequence[str], sizes: Sequence[int]
) -> DownloadPlan:
    files = tuple(RemoteFile(f, m, s) for f, m, s in zip(IDX_FILES, md5s, sizes, strict=True))
    ready = tuple(f"{folder}/{f.removesuffix('.gz')}" for f in IDX_FILES)
    return DownloadPlan(name, title, folder, files, "gzip", ready)


PLANS: dict[str, DownloadPlan] = {
    "mnist-full": _idx_plan("mnist-full", "MNIST (full)", "MNIST/raw", _MNIST_MD5, _MNIST_SIZES),
    "fashion-mnist": _idx_plan(
        "fashion-mnist", "Fashion-MNIST", "FashionMNIST/raw", _FASHION_MD5, _FASHION_SIZES
    ),
    "cifar10": DownloadPlan(
        "cifar10",
        "CIFAR-10",
        "",
        (RemoteFile(CIFAR_ARCHIVE, "c58f30108f718f92721af3b95e74349a", 170_498_071),),
        "tar",
        tuple(f"{CIFAR_FOLDER}/{f}" for f in CIFAR_FILES),
    ),
}

ProgressCallback = Callable[[int, int], None]
CancelRequest = threading.Event | Callable[[], bool]


class DownloadCancelled(DatasetUnavailable):
    """The user cancelled; the part file is kept so the next download resumes from it."""


class _ChecksumMismatch(Exception):
    pass


def plan(name: str) -> DownloadPlan:
    try:
        return PLANS[name]
    except KeyError:
        raise DatasetUnavailable("{name} cannot be downloaded; these can: {known}.",
                                 name=shorten(name), known=", ".join(PLANS)) from None


def is_complete(name: str, root: Path) -> bool:
    """Whether ``name`` is downloaded and unpacked in ``root`` (what torchvision will read)."""
    return all((Path(root) / f).is_file() for f in plan(name).ready)


def partial_bytes(name: str, root: Path) -> int:
    """Bytes already on disk towards a download (part files and finished files), for a resume."""
    folder = Path(root) / plan(name).folder
    total = 0
    for f in plan(name).files:
        for path in (folder / f.name, folder / f"{f.name}.part"):
            with contextlib.suppress(OSError):
                total += path.stat().st_size
    return total


def mirrors_for(name: str, mirrors: Sequence[str] | None = None) -> list[str]:
    """Base URLs to try for ``name``: the argument, else ``$NN_PLAYGROUND_MIRROR``, else ours."""
    if mirrors is None:
        env = os.environ.get(MIRROR_ENV, "").replace(",", " ").split()
        mirrors = env or MIRRORS[plan(name).dataset]
    bases = [m.replace("{name}", name) for m in mirrors]
    return [b if b.endswith("/") else b + "/" for b in bases]


def _cancelled(cancel: CancelRequest | None) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


def _cancel_error(remote: RemoteFile, have: int) -> DownloadCancelled:
    return DownloadCancelled(
        "The download of {file} was cancelled after {count} bytes. What was downloaded is kept; "
        "downloading again resumes from there.", file=remote.name, count=have)


def file_md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _Progress:
    """Bytes done and expected over all files of one dataset; the total grows when a size is
    learned only from the server."""

    def __init__(self, files: Sequence[RemoteFile], callback: ProgressCallback | None) -> None:
        self.total = sum(f.size or 0 for f in files)
        self.done = 0
        self.callback = callback
        self.learned: set[str] = set()

    def learn(self, name: str, size: int) -> None:
        """Add the size of a file whose size was not known in advance (once per file)."""
        if name not in self.learned:
            self.learned.add(name)
            self.total += size

    def report(self) -> None:
        if self.callback is not None:
            self.callback(self.done, max(self.total, self.done))


def _reason(exc: BaseException) -> Message | str:
    """Why one attempt failed: the app's own words as a Message (the connection errors
    :func:`_fetch` raises carry one), the system's words as they are."""
    if isinstance(exc, urllib.error.HTTPError):
        return Message("the server answered {code} {reason}", code=str(exc.code),
                       reason=str(exc.reason))
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    if exc.args and isinstance(exc.args[0], Message):
        return exc.args[0]
    return str(exc) or type(exc).__name__


def _joined(reasons: Sequence[Message | str]) -> Message | str:
    """Several failures as one text, "first; second; ...", each in the reader's language."""
    if not reasons:
        return ""
    joined = reasons[0]
    for reason in reasons[1:]:
        joined = Message("{earlier}; {later}", earlier=joined, later=reason)
    return joined


def _fetch(
    url: str,
    part: Path,
    remote: RemoteFile,
    progress: _Progress,
    cancel: CancelRequest | None,
    chunk_size: int,
    timeout: float,
) -> None:
    """Append the rest of ``url`` to ``part`` (all of it if there is no part yet)."""
    have = part.stat().st_size if part.exists() else 0
    if _cancelled(cancel):
        raise _cancel_error(remote, have)
    headers = {"User-Agent": USER_AGENT}
    if have:
        headers["Range"] = f"bytes={have}-"
    request = urllib.request.Request(url, headers=headers)
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # nothing left to send: the part file is already whole
            exc.close()
            return
        raise
    with response:
        resumed = have > 0 and response.status == 206
        content_range = response.headers.get("Content-Range", f"bytes {have}-")
        if resumed and not content_range.startswith(f"bytes {have}-"):
            progress.done -= have
            part.unlink(missing_ok=True)  # the next attempt starts afresh
            raise ConnectionError(Message("the server resumed at the wrong place ({range})",
                                          range=content_range))
        if not resumed:
            progress.done -= have  # the server sends everything again
            have = 0
        length = response.headers.get("Content-Length")
        expected = have + int(length) if length and length.isdigit() else remote.size
        if remote.size is None and expected:
            progress.learn(remote.name, expected)
        limit = remote.size + 1 if remote.size else MAX_FILE_BYTES
        with open(part, "ab" if resumed else "wb") as out:
            while have <= limit:
                if _cancelled(cancel):
                    raise _cancel_error(remote, have)
                chunk = response.read(chunk_size)
                if not chunk:
                    break
                out.write(chunk)
                have += len(chunk)
                progress.done += len(chunk)
                progress.report()
        if expected and have < expected:  # a dropped connection: keep the part for a resume
            raise ConnectionError(Message("the connection closed after {count} of {total} bytes",
                                          count=have, total=expected))


def _download_file(
    title: str,
    remote: RemoteFile,
    folder: Path,
    bases: Sequence[str],
    progress: _Progress,
    cancel: CancelRequest | None,
    chunk_size: int,
    timeout: float,
) -> Path:
    """Fetch and verify one file, trying each mirror in turn; returns the finished file."""
    final = folder / remote.name
    if final.is_file() and file_md5(final) == remote.md5:
        progress.done += final.stat().st_size
        if remote.size is None:
            progress.learn(remote.name, final.stat().st_size)
        progress.report()
        return final
    part = folder / f"{remote.name}.part"
    if part.exists():
        progress.done += part.stat().st_size
    failures: list[Message | str] = []
    damaged = False
    for base in bases:
        url = base + remote.name
        try:
            _fetch(url, part, remote, progress, cancel, chunk_size, timeout)
            got = file_md5(part)
            if got != remote.md5:
                raise _ChecksumMismatch(got)
        except _ChecksumMismatch as exc:
            progress.done -= part.stat().st_size
            part.unlink(missing_ok=True)
            damaged = True
            failures.append(Message(
                "{url} sent a damaged file (MD5 checksum {got} instead of {expected}), so the "
                "partial file was deleted", url=url, got=str(exc), expected=remote.md5))
            continue
        except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
            failures.append(Message("{url}: {reason}", url=url, reason=_reason(exc)))
            continue
        os.replace(part, final)
        return final
    detail = _joined(failures)
    if damaged:
        raise DatasetUnavailable(
            "The download of {title} failed verification: {detail}. Try again later; if it "
            "keeps failing, the mirror is serving a broken copy. The bundled 'mnist' dataset "
            "works without a network in the meantime.", title=title, detail=detail)
    raise DatasetUnavailable(
        "Could not download {title} ({detail}). Check that this computer is connected to the "
        "internet and try again; anything already downloaded is kept and the download resumes "
        "from there. The bundled 'mnist' dataset works without a network.", title=title,
        detail=detail)


def _gunzip(source: Path, target: Path) -> None:
    temp = target.with_name(target.name + ".tmp")
    try:
        with gzip.open(source, "rb") as src, open(temp, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        os.replace(temp, target)
    except (OSError, EOFError, zlib.error) as exc:
        temp.unlink(missing_ok=True)
        source.unlink(missing_ok=True)
        raise DatasetUnavailable(
            "{file} passed its checksum but cannot be unpacked ({reason}); it was deleted. "
            "Download it again.", file=source.name, reason=str(exc)) from None


def _safe_members(archive: tarfile.TarFile, name: str) -> list[tarfile.TarInfo]:
    """Every member, after checking none could write outside the target folder."""
    members, total = [], 0
    for member in archive.getmembers():
        path = PurePosixPath(member.name)
        bad = (
            path.is_absolute() or ".." in path.parts or member.name.startswith(("/", "\\"))
            or ":" in member.name or not (member.isfile() or member.isdir())
        )  # fmt: skip
        if bad:
            raise DatasetUnavailable(
                "The archive {archive} contains an unsafe entry {entry} (an absolute path, '..', "
                "or a link); nothing was unpacked.", archive=name, entry=shorten(member.name))
        total += max(member.size, 0)
        if total > MAX_UNPACKED_BYTES:
            raise DatasetUnavailable("The archive {archive} unpacks to more than {size}; "
                                     "refused.", archive=name, size="1 GiB")
        members.append(member)
    return members


def extract_tar_safely(archive_path: Path, root: Path, expect_folder: str) -> Path:
    """Unpack ``archive_path`` so that ``<root>/<expect_folder>`` appears complete or not at all.

    It is unpacked into a temporary folder next to the target and moved into place only when
    every member was checked and written, so an interrupted unpack leaves nothing half-done.
    """
    temp = root / f".{expect_folder}.unpacking"
    shutil.rmtree(temp, ignore_errors=True)
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            members = _safe_members(archive, archive_path.name)
            temp.mkdir(parents=True)
            extra = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
            archive.extractall(temp, members=members, **extra)  # members checked above
        unpacked = temp / expect_folder
        if not unpacked.is_dir():
            raise DatasetUnavailable(
                "The archive {archive} does not contain the folder {folder}.",
                archive=archive_path.name, folder=expect_folder)
        target = root / expect_folder
        shutil.rmtree(target, ignore_errors=True)
        os.replace(unpacked, target)
        return target
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        archive_path.unlink(missing_ok=True)
        raise DatasetUnavailable(
            "The archive {archive} cannot be unpacked ({reason}); it was deleted. Download it "
            "again.", archive=archive_path.name, reason=str(exc)) from None
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def download_dataset(
    name: str,
    root: Path,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelRequest | None = None,
    mirrors: Sequence[str] | None = None,
    md5s: Mapping[str, str] | None = None,
    chunk_size: int = CHUNK_SIZE,
    timeout: float = TIMEOUT,
) -> Path:
    """Download, verify and unpack ``name`` into ``root``; returns ``root``.

    ``progress(bytes_done, bytes_total)`` is called after every chunk (on the calling thread).
    ``cancel`` (a :class:`threading.Event` or a callable returning true) is checked between
    chunks; a cancel raises :class:`DownloadCancelled` and keeps the part file for a resume.
    ``md5s`` replaces expected checksums by file name (the sizes of replaced files become
    unknown). Does nothing but report completion when the dataset is already unpacked.
    """
    the_plan = plan(name)
    root = Path(root)
    files = tuple(
        RemoteFile(f.name, md5s[f.name], None) if md5s and f.name in md5s else f
        for f in the_plan.files
    )
    state = _Progress(files, progress)
    if is_complete(name, root):
        state.done = state.total
        state.report()
        return root
    folder = root / the_plan.folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatasetUnavailable(
            "Cannot create the data folder {folder} ({reason}). Choose another data folder "
            "(NN_PLAYGROUND_DATA).", folder=str(folder), reason=str(exc.strerror or exc)) from None
    bases = mirrors_for(name, mirrors)
    for remote in files:
        path = _download_file(
            the_plan.title, remote, folder, bases, state, cancel, chunk_size, timeout
        )
        if the_plan.unpack == "gzip":
            _gunzip(path, path.with_suffix(""))
        else:
            extract_tar_safely(path, root, CIFAR_FOLDER)
            path.unlink(missing_ok=True)  # 170 MB that torchvision does not need again
    return root
