"""Datasets are named by their titles from the first frame, before torch is loaded."""

from __future__ import annotations

import subprocess
import sys

from playground.gui.data.catalog import short_name


def test_titles_and_kinds_need_no_torch() -> None:
    """The window's first frame names the dataset without importing the data registry."""
    code = ("import sys; from playground.gui.inputs import dataset_kind, dataset_title; "
            "print(dataset_title('fashion-mnist')); print(dataset_kind('toy-xor')); "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out == ["Fashion-MNIST (70,000 clothing images)", "toy", "False"]


def test_the_training_panel_names_the_dataset_by_its_title() -> None:
    assert short_name("mnist") == "MNIST (bundled, 10,000 digits)"
    assert short_name("csv:/data/iris.csv") == "iris.csv (your table)"
