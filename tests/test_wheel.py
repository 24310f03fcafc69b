"""An installed wheel carries the bundled data: it trains on the bundled MNIST away from a checkout.

The wheel is built from a copy of the sources (so the checkout gets no build folders), without
build isolation (nothing is downloaded), and installed into a throwaway environment that
borrows the test environment's packages (torch, PySide6...) through a ``.pth`` line but not its
editable install of ``playground``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "playground", "assets", "packaging/icons")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        origin, target = ROOT / name, source / name
        if origin.is_dir():
            shutil.copytree(origin, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, target)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps",
                    "--quiet", "-w", str(out), str(source)], check=True, timeout=300)
    (built,) = out.glob("nn_playground-*.whl")
    return built


def test_the_wheel_holds_the_data_the_app_reads(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    share = [n.split("/data/share/nn-playground/", 1)[1] for n in names if "/data/share/" in n]
    assert "assets/mnist/mnist-10k.npz" in share
    assert "assets/text/sentences.tsv" in share
    assert "icons/nn-playground-256.png" in share
    lessons = sorted(p.name for p in (ROOT / "assets" / "lessons").glob("*.json"))
    assert sorted(n.rsplit("/", 1)[1] for n in share if n.startswith("assets/lessons/")) == lessons
    assert "playground/locale/playground.pot" in names
    assert "playground/locale/es/LC_MESSAGES/playground.po" in names


@pytest.mark.slow
def test_an_installed_wheel_trains_on_the_bundled_digits(wheel: Path, tmp_path: Path) -> None:
    env = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    site = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--no-deps", "--quiet", str(wheel)], check=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    metrics = elsewhere / "metrics.json"
    run = subprocess.run(
        [str(python), "-m", "playground", "train", "mlp-mnist", "--epochs", "3",
         "--limit", "600", "--quiet", "--metrics-json", str(metrics)],
        cwd=elsewhere, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    where = subprocess.run(
        [str(python), "-c", "import playground.core.data.datasets as d; print(d.BUNDLED_MNIST)"],
        cwd=elsewhere, check=True, capture_output=True, text=True).stdout.strip()
    assert where.startswith(str(env)) and "share/nn-playground" in where  # not the checkout's
    assert json.loads(metrics.read_text())["test_accuracy"] > 0.5
