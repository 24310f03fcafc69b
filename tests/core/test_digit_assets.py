"""The font digits and the ready-trained weights ship with wheels and are found there."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from playground.core.data.assets import bundled_file

ROOT = Path(__file__).resolve().parents[2]
FILES = ("assets/digits/font-digits.npz", "assets/pretrained/digits-cnn.safetensors")


def test_wheels_carry_the_font_digits_and_the_ready_trained_weights() -> None:
    tomllib = pytest.importorskip("tomllib")
    data_files = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "data-files"]
    for name in FILES:
        folder = "share/nn-playground/" + name.rsplit("/", 1)[0]
        assert name in data_files[folder] and (ROOT / name).is_file()


def test_they_are_found_under_an_installed_share_folder(tmp_path: Path) -> None:
    for name in FILES:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, target)
        parts = tuple(Path(name).parts)
        found = bundled_file(*parts, roots=[tmp_path])
        assert found.is_file()


def test_the_font_digits_are_balanced_and_prepared_like_drawings() -> None:
    with np.load(ROOT / FILES[0], allow_pickle=False) as data:
        images, labels = data["images"], data["labels"]
    assert images.shape == (600, 28, 28) and images.dtype == np.uint8
    assert np.bincount(labels, minlength=10).tolist() == [60] * 10
    ink = images.astype(np.float32)
    assert ((ink > 0).any(2).sum(1) <= 20).all() and ((ink > 0).any(1).sum(1) <= 20).all()
    mass = ink.sum((1, 2))
    cy = (ink.sum(2) @ np.arange(28)) / mass
    cx = (ink.sum(1) @ np.arange(28)) / mass
    assert np.abs(cy - 14).max() < 1 and np.abs(cx - 14).max() < 1
