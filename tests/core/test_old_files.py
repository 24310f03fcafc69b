"""Files written by earlier versions of the app open unchanged, forever.

``tests/old_files/v1`` holds projects and network descriptions saved by the app before networks
could branch (description version 1), with what they contained recorded in ``expected.json``
when they were made: the layers, the parameter count, a digest of every weight and the runs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from playground.core.files.project import load_project
from playground.core.network.shapes import analyse
from playground.core.network.spec import NetworkSpec

OLD = Path(__file__).resolve().parents[1] / "old_files"
V1 = OLD / "v1"
EXPECTED = json.loads((V1 / "expected.json").read_text(encoding="utf-8"))


def weights_digest(weights: dict) -> str:
    digest = hashlib.sha256()
    for name in sorted(weights):
        digest.update(name.encode())
        digest.update(weights[name].numpy().tobytes())
    return digest.hexdigest()


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.endswith(".nnp")))
def test_an_old_project_opens_with_the_same_layers_weights_and_runs(name: str) -> None:
    expected = EXPECTED[name]
    project = load_project(V1 / name)
    assert [layer.type for layer in project.spec.layers] == expected["layers"]
    assert list(project.spec.input_shape) == expected["input_shape"]
    assert project.spec.dataset == expected["dataset"]
    assert analyse(project.spec).total_params == expected["params"]
    assert weights_digest(project.weights) == expected["weights_sha256"]
    assert len(project.history) == expected["runs"]


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.endswith(".json")))
def test_an_old_network_description_opens_with_the_same_layers(name: str) -> None:
    expected = EXPECTED[name]
    spec = NetworkSpec.from_json((V1 / name).read_bytes())
    assert [layer.type for layer in spec.layers] == expected["layers"]
    assert list(spec.input_shape) == expected["input_shape"]
    assert analyse(spec).total_params == expected["params"]
    # Read again after writing: the same network, whatever version the app writes now.
    assert NetworkSpec.from_json(spec.to_json()) == spec
