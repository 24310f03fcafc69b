"""A project of a network that branches: its weights' refusals name the layer, as a column's do."""

from __future__ import annotations

import pytest

from playground.core.files.project import (
    Project,
    WeightsMismatchError,
    load_project,
    save_project,
)
from playground.core.network.build import build_model
from playground.core.network.spec import LayerSpec, NetworkSpec

L = LayerSpec.create


def residual(units: int) -> NetworkSpec:
    column = NetworkSpec((8,), "toy-spiral", 2, (L("Dense", units=units), L("Dense", units=units),
                                                   L("Dense", units=2, activation="softmax")))
    return column.add_skip(1, 1, L("Add"))


def test_weights_that_do_not_fit_a_branching_network_name_the_layer(tmp_path) -> None:
    saved = residual(4)
    weights = build_model(saved).state_dict()
    path = tmp_path / "net.nnp"
    save_project(Project(spec=residual(6), weights=weights), path)
    with pytest.raises(WeightsMismatchError) as refused:
        load_project(path)
    assert "layer 1 (Dense)" in str(refused.value)


def test_a_branching_network_and_its_weights_round_trip(tmp_path) -> None:
    spec = residual(4)
    weights = build_model(spec).state_dict()
    path = tmp_path / "net.nnp"
    save_project(Project(spec=spec, weights=weights), path)
    opened = load_project(path)
    assert opened.spec == spec and not opened.spec.is_sequential
    assert set(opened.weights) == set(weights)
