"""Reading and editing a network that branches: the reader stays strict, edits stay valid.

A file names, for each layer, the nodes it reads ("input" or an earlier layer's index). Every way
those connections can be wrong (a cycle, a layer that does not exist, a layer whose work nobody
uses, a merge with one input, an ordinary layer with two) is refused with a sentence a student
can act on, and every edit the editor offers returns a network the reader accepts again.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from playground.core.errors import SpecError
from playground.core.network import graph
from playground.core.network.graph import INPUT as IN
from playground.core.network.shapes import analyse
from playground.core.network.spec import LayerSpec, NetworkSpec

L = LayerSpec.create


def residual_file() -> dict[str, Any]:
    """A residual block as a file writes it: conv, conv, the image added back, then a head."""
    return {
        "format": "nn-playground-network",
        "version": 2,
        "name": "residual",
        "input": {"shape": [1, 12, 12], "dataset": "mnist"},
        "output": {"classes": 10},
        "layers": [
            {"type": "Conv2D", "params": {"filters": 1, "padding": "same"}, "inputs": ["input"]},
            {"type": "Conv2D", "params": {"filters": 1, "padding": "same"}, "inputs": [0]},
            {"type": "Add", "params": {}, "inputs": [1, "input"]},
            {"type": "Flatten", "params": {}, "inputs": [2]},
            {"type": "Dense", "params": {"units": 10, "activation": "softmax"}, "inputs": [3]},
        ],
    }


def test_a_branching_file_reads_and_writes_back_the_same() -> None:
    data = residual_file()
    spec = NetworkSpec.from_dict(data)
    assert not spec.is_sequential
    assert spec.inputs_of(2) == (1, IN)
    written = spec.to_dict()
    assert [layer["inputs"] for layer in written["layers"]] == [
        layer["inputs"] for layer in data["layers"]]
    assert NetworkSpec.from_json(spec.to_json()) == spec
    assert analyse(spec).ok


def _with(change: dict[int, Any], layers: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The residual file with some layers' "inputs" replaced (``None`` drops the key)."""
    data = residual_file()
    if layers is not None:
        data["layers"] = layers
    for index, inputs in change.items():
        if inputs is None:
            del data["layers"][index]["inputs"]
        else:
            data["layers"][index]["inputs"] = inputs
    return data


@pytest.mark.parametrize(
    ("data", "words"),
    [
        # A cycle: layer 2 reads layer 3, which comes after it (and reads layer 2).
        (_with({1: [2]}), "Layer 2 reads 2, which is not the input or a layer before it"),
        (_with({0: [0]}), "a connection back would make a cycle"),  # a layer reading itself
        # A dangling edge: a layer number the network does not have.
        (_with({3: [99]}), "Layer 4 reads 99, which is not the input or a layer before it"),
        (_with({3: [-7]}), "Layer 4 reads -7"),
        (_with({3: ["conv"]}), "Layer 4 reads 'conv', which is not a layer number."),
        (_with({3: [True]}), "which is not a layer number"),
        # A layer that leads nowhere: layer 1's output reaches nothing after the change.
        (_with({1: ["input"], 2: [1, "input"]}), "Layer 1 leads nowhere"),
        # Arity: a merge with one input, an ordinary layer with two.
        (_with({2: [1]}), "Layer 3 merges 1 inputs, but it needs at least 2."),
        (_with({1: [0, "input"]}), "Layer 2 reads 2 inputs, but it takes one."),
        (_with({2: [1, 1]}), "Layer 3 reads the same input twice."),
        (_with({2: []}), "Layer 3's inputs must be a non-empty list"),
        (_with({2: "input"}), "Layer 3's inputs must be a list"),
        (_with({4: None}), "Either every layer names its inputs or none does."),
    ],
)
def test_bad_connections_are_refused_in_plain_words(data: dict[str, Any], words: str) -> None:
    with pytest.raises(SpecError) as refused:
        NetworkSpec.from_dict(data)
    assert words in str(refused.value)
    assert "Traceback" not in str(refused.value)


def test_too_many_connections_are_refused() -> None:
    many = graph.MAX_INPUTS_PER_LAYER + 1
    layers = [{"type": "Dense", "params": {"units": 2}, "inputs": ["input"]}
              for _ in range(many)]
    layers.append({"type": "Add", "params": {}, "inputs": list(range(many))})
    data = {**residual_file(), "input": {"shape": [4], "dataset": "toy"}, "layers": layers}
    with pytest.raises(SpecError, match=f"may read at most {graph.MAX_INPUTS_PER_LAYER} inputs"):
        NetworkSpec.from_dict(data)
    with pytest.raises(SpecError, match="at most 4,096 connections"):
        graph.canonical([(IN,)] * (graph.MAX_CONNECTIONS + 1), graph.MAX_CONNECTIONS + 1,
                        lambda i: (1, 1))


def test_an_unknown_type_is_refused_in_a_branching_file() -> None:
    data = residual_file()
    data["layers"][2]["type"] = "Subtract"
    with pytest.raises(SpecError, match="Unknown layer type 'Subtract'"):
        NetworkSpec.from_dict(data)


def test_a_newer_version_is_refused() -> None:
    with pytest.raises(SpecError, match="version 3 is not supported"):
        NetworkSpec.from_dict({**residual_file(), "version": 3})


def test_a_column_writes_no_inputs_and_equals_the_same_network_read_from_version_1() -> None:
    column = NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Conv2D", filters=4), L("Flatten"), L("Dense", units=10, activation="softmax")))
    written = column.to_dict()
    assert written["version"] == 2
    assert all("inputs" not in layer for layer in written["layers"])
    old = copy.deepcopy(written)
    old["version"] = 1
    assert NetworkSpec.from_dict(old) == column
    # A version-2 file that names the column's connections is the same network, stored plainly.
    named = copy.deepcopy(written)
    for index, layer in enumerate(named["layers"]):
        layer["inputs"] = ["input"] if index == 0 else [index - 1]
    again = NetworkSpec.from_dict(named)
    assert again == column and again.is_sequential and again.inputs == ()
    assert json.loads(again.to_json()) == written


def test_a_version_1_file_ignores_nothing_silently() -> None:
    """Version 1 had no connections: a layer naming inputs there is an unexpected field."""
    data = residual_file()
    data["version"] = 1
    with pytest.raises(SpecError, match="unexpected field 'inputs'"):
        NetworkSpec.from_dict(data)


# -- edits --------------------------------------------------------------------------------------
def _valid(spec: NetworkSpec) -> NetworkSpec:
    """``spec`` after a reader round trip (the reader re-checks every connection)."""
    again = NetworkSpec.from_json(spec.to_json())
    assert again == spec
    assert not graph.unreachable(spec.connections)
    return again


def column4() -> NetworkSpec:
    return NetworkSpec((1, 12, 12), "mnist", 10, (
        L("Conv2D", filters=2, padding="same"), L("Conv2D", filters=2, padding="same"),
        L("Flatten"), L("Dense", units=10)))


def test_add_skip_makes_a_residual_block() -> None:
    spec = _valid(column4().add_skip(1, 1, L("Add")))
    assert [layer.type for layer in spec.layers] == ["Conv2D", "Conv2D", "Add", "Flatten",
                                                     "Dense"]
    assert spec.inputs_of(2) == (1, 0) and spec.inputs_of(3) == (2,)
    assert analyse(spec).ok


def test_add_branch_makes_two_paths_joined() -> None:
    spec = _valid(column4().add_branch(0, 1, L("Conv2D", filters=3, padding="same"),
                                       L("Concatenate")))
    assert spec.inputs_of(2) == (IN,) and spec.inputs_of(3) == (1, 2)
    info = analyse(spec)
    assert info.ok and info.layers[3].output_shape == (5, 12, 12)


def test_insert_and_remove_keep_a_branching_network_valid() -> None:
    spec = column4().add_skip(0, 1, L("Add"))  # conv, conv, Add(1, input), flatten, dense
    for index in range(len(spec.layers) + 1):
        inserted = _valid(spec.insert(index, L("Dropout")))
        assert len(inserted.layers) == len(spec.layers) + 1
    # Inserting before the skip's target rewires only that connection.
    before_add = _valid(spec.insert(2, L("BatchNorm")))
    assert before_add.inputs_of(3) == (2, IN)
    for index in range(len(spec.layers)):
        try:
            removed = spec.remove(index)
        except SpecError as refused:  # only where the edit would break the graph, in words
            assert "Layer" in str(refused)
            continue
        _valid(removed)
    removed_add = _valid(spec.remove(2))  # the merge goes: the Flatten reads its first input
    assert removed_add.is_sequential


def test_insert_where_the_next_layer_starts_another_branch() -> None:
    """The layer after the insertion point reads something else: the new layer takes over the
    connections of the layer before it, so nothing is left leading nowhere."""
    spec = NetworkSpec((6,), "toy", 2, (
        L("Dense", units=4), L("Dense", units=4), L("Add"), L("Dense", units=2)),
        inputs=((IN,), (IN,), (0, 1), (2,)))
    inserted = _valid(spec.insert(1, L("Dropout")))
    assert inserted.inputs_of(1) == (0,) and inserted.inputs_of(3) == (1, 2)


def test_insert_between_puts_a_layer_on_one_connection_only() -> None:
    spec = column4().add_skip(0, 1, L("Add"))  # Add reads (1, input); layer 0 reads input too
    projected = _valid(spec.insert_between(IN, 2, L("Conv2D", filters=2, kernel_size=1)))
    assert projected.inputs_of(0) == (IN,)  # the other reader of the input is left alone
    assert projected.inputs_of(2) == (IN,) and projected.inputs_of(3) == (1, 2)
    with pytest.raises(SpecError, match="no connection"):
        spec.insert_between(0, 2, L("Dropout"))


def test_connect_and_disconnect_change_what_a_merge_reads() -> None:
    spec = column4().add_branch(0, 1, L("Conv2D", filters=2, padding="same"), L("Add"))
    connected = _valid(spec.connect(0, 3))
    assert connected.inputs_of(3) == (1, 2, 0)
    assert _valid(connected.disconnect(0, 3)) == spec
    with pytest.raises(SpecError, match="Layer 4 merges 1 inputs"):
        spec.disconnect(2, 3)  # the Add would keep one input
    with pytest.raises(SpecError, match="Layer 3 leads nowhere"):
        connected.disconnect(2, 3)  # the branch would compute something nobody uses
    with pytest.raises(SpecError, match="from a layer to a later one"):
        spec.connect(3, 1)


def test_a_branching_network_refuses_to_move_a_layer() -> None:
    spec = column4().add_skip(0, 1, L("Add"))
    with pytest.raises(SpecError, match="changing what it reads"):
        spec.move(1, 0)


def test_a_refusal_is_written_in_spanish_with_the_layer_number() -> None:
    with pytest.raises(SpecError) as refused:
        NetworkSpec.from_dict(_with({1: [0, "input"]}))
    assert str(refused.value) == "Layer 2 reads 2 inputs, but it takes one."
    assert refused.value.message.render("es") == "La capa 2 lee 2 entradas, pero admite una."
