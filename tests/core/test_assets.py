"""Bundled files are found beside the package, else where a wheel installed them."""

from __future__ import annotations

from pathlib import Path

from playground.core.data.assets import SOURCE_ROOT, bundled_file, installed_roots


def test_a_checkout_reads_its_own_files() -> None:
    assert bundled_file("assets", "mnist", "mnist-10k.npz") == \
        SOURCE_ROOT / "assets" / "mnist" / "mnist-10k.npz"
    assert bundled_file("icons", "nn-playground-256.png") == \
        SOURCE_ROOT / "packaging" / "icons" / "nn-playground-256.png"


def test_an_installed_copy_is_found_when_the_checkout_has_none(tmp_path: Path) -> None:
    first, second = tmp_path / "env", tmp_path / "user"
    (second / "assets" / "lessons").mkdir(parents=True)
    found = bundled_file("assets", "lessons", roots=[first, second])
    assert found != second / "assets" / "lessons"  # the checkout's own folder wins
    assert bundled_file("assets", "nothing-like-this", roots=[first, second]) == \
        SOURCE_ROOT / "assets" / "nothing-like-this"  # nowhere: named where a checkout has it
    (second / "assets" / "only-installed.txt").write_text("x")
    assert bundled_file("assets", "only-installed.txt", roots=[first, second]) == \
        second / "assets" / "only-installed.txt"


def test_installed_roots_end_in_the_apps_share_folder() -> None:
    roots = installed_roots()
    assert roots and all(root.parts[-2:] == ("share", "nn-playground") for root in roots)
