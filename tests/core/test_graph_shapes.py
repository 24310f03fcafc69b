"""Shapes, parameter counts and validation over networks that branch.

Each layer gets the shapes of the nodes it reads (a merge all of them), never merely the layer
listed before it. A merge that cannot join its inputs is a validation error naming it, and for
an Add or Multiply whose inputs differ in channels the fix puts a 1×1 convolution (or a Dense
layer for vectors) on the one connection that differs, as ResNet's projection shortcut does.
"""

from __future__ import annotations

import pytest

from playground.core.network.graph import INPUT as IN
from playground.core.network.output_head import (
    find_output_activation,
    misplaced_squashing,
)
from playground.core.network.shapes import analyse, infer_shapes
from playground.core.network.spec import LayerSpec, NetworkSpec

L = LayerSpec.create


def residual(filters: int = 1) -> NetworkSpec:
    """Conv2D -> Conv2D, with the image added back (a residual block), then a head."""
    return NetworkSpec((1, 12, 12), "mnist", 10, (
        L("Conv2D", filters=filters, padding="same"), L("Conv2D", filters=filters, padding="same"),
        L("Add"), L("Flatten"), L("Dense", units=10, activation="softmax"),
    ), inputs=((IN,), (0,), (1, IN), (2,), (3,)))


def test_each_layer_reads_the_shapes_of_its_own_inputs() -> None:
    analysis = infer_shapes(residual())
    add = analysis.layers[2]
    assert add.inputs == (1, IN)
    assert add.input_shapes == ((1, 12, 12), (1, 12, 12))
    assert add.input_shape == (1, 12, 12)  # the first input's, as for any layer
    assert add.output_shape == (1, 12, 12) and add.params == 0
    assert analysis.layers[0].input_shapes == ((1, 12, 12),)
    assert [info.params for info in analysis.layers] == [10, 10, 0, 0, 1450]
    assert analysis.total_params == 1470


def test_parallel_branches_read_the_input_not_the_layer_before() -> None:
    spec = NetworkSpec((3, 8, 8), "toy", 4, (
        L("Conv2D", filters=4, kernel_size=1), L("Conv2D", filters=6, padding="same"),
        L("Concatenate"), L("Flatten"), L("Dense", units=4),
    ), inputs=((IN,), (IN,), (0, 1), (2,), (3,)))
    analysis = infer_shapes(spec)
    # The second branch sees the 3-channel input: 3×3×3×6 + 6, not 4×3×3×6 + 6.
    assert analysis.layers[1].input_shape == (3, 8, 8)
    assert analysis.layers[1].params == 168
    assert analysis.layers[2].output_shape == (10, 8, 8)
    assert analysis.layers[3].output_shape == (640,)
    # Multiply-adds per node, summed over the graph: 64×3×4 + 64×27×6 + 640×4.
    assert [info.macs for info in analysis.layers] == [768, 10368, 0, 0, 2560]
    assert analysis.macs == 13696


def test_concatenate_joins_vectors_and_the_features_of_sequences() -> None:
    vectors = NetworkSpec((20,), "toy", 3, (
        L("Dense", units=7), L("Dense", units=5), L("Concatenate"), L("Dense", units=3),
    ), inputs=((IN,), (IN,), (0, 1), (2,)))
    assert infer_shapes(vectors).layers[2].output_shape == (12,)
    sequences = NetworkSpec((7, 5), "sequences", 2, (
        L("LSTM", units=4, return_sequences=True), L("GRU", units=3, return_sequences=True),
        L("Concatenate"), L("SimpleRNN", units=2),
    ), inputs=((IN,), (IN,), (0, 1), (2,)))
    assert infer_shapes(sequences).layers[2].output_shape == (7, 7)


def test_add_of_different_channels_is_fixed_on_the_connection_that_differs() -> None:
    spec = NetworkSpec((1, 12, 12), "mnist", 10, (
        L("Conv2D", filters=4, padding="same"), L("Conv2D", filters=8, padding="same"),
        L("Add"), L("Flatten"), L("Dense", units=10, activation="softmax"),
    ), inputs=((IN,), (0,), (1, 0), (2,), (3,)))
    analysis = analyse(spec)
    error = analysis.error
    assert error is not None and error.layer_index == 2 and error.layer_type == "Add"
    assert [info.output_shape for info in analysis.layers] == [(4, 12, 12), (8, 12, 12)]
    assert "input 2 is (None, 4, 12, 12)" in str(error.problem)
    assert str(error.suggestion) == (
        "Put a 1×1 Conv2D with 8 filters on the connection from layer 1 into this Add (a "
        "projection, as ResNet does), so its input 2 has the shape of the first.")
    assert str(error).startswith("layer 3 (Add): Add needs inputs of one shape")
    fixed = error.fix.apply()
    assert fixed.layers[2] == L("Conv2D", filters=8, kernel_size=1, activation="linear")
    assert fixed.inputs_of(2) == (0,) and fixed.inputs_of(3) == (1, 2)
    assert fixed.inputs_of(1) == (0,)  # the run still reads layer 1: only the skip changed
    after = infer_shapes(fixed)
    assert after.layers[2].params == 4 * 8 + 8


def test_a_projection_on_a_strided_block_also_strides() -> None:
    spec = NetworkSpec((1, 12, 12), "mnist", 10, (
        L("Conv2D", filters=4, padding="same"),
        L("Conv2D", filters=8, stride=2, padding="same"),
        L("Add"), L("Flatten"), L("Dense", units=10),
    ), inputs=((IN,), (0,), (1, 0), (2,), (3,)))
    error = analyse(spec).error
    assert "stride 2" in str(error.suggestion)
    fixed = error.fix.apply()
    assert fixed.layers[2]["stride"] == 2 and analyse(fixed).ok
    assert infer_shapes(fixed).layers[2].output_shape == (8, 6, 6)


def test_multiply_of_different_vectors_gets_a_dense_projection() -> None:
    spec = NetworkSpec((6,), "toy", 2, (
        L("Dense", units=5), L("Dense", units=3, activation="sigmoid"), L("Multiply"),
        L("Dense", units=2),
    ), inputs=((IN,), (IN,), (0, 1), (2,)))
    error = analyse(spec).error
    assert error.layer_index == 2
    assert "Dense layer with 5 units on the connection from layer 2" in str(error.suggestion)
    fixed = error.fix.apply()
    assert fixed.layers[2] == L("Dense", units=5, activation="linear")
    assert fixed.inputs_of(3) == (0, 2) and analyse(fixed).ok


def test_a_projection_from_the_input_names_the_input() -> None:
    spec = NetworkSpec((1, 12, 12), "mnist", 10, (
        L("Conv2D", filters=4, padding="same"), L("Add"), L("Flatten"), L("Dense", units=10),
    ), inputs=((IN,), (0, IN), (1,), (2,)))
    error = analyse(spec).error
    assert "from the network's input into this Add" in str(error.suggestion)
    fixed = error.fix.apply()
    assert fixed.inputs_of(0) == (IN,) and fixed.inputs_of(1) == (IN,)
    assert fixed.inputs_of(2) == (0, 1) and analyse(fixed).ok


def test_concatenate_of_different_sizes_is_refused_without_a_guess() -> None:
    spec = NetworkSpec((1, 12, 12), "mnist", 10, (
        L("Conv2D", filters=4, padding="same"), L("Conv2D", filters=4),
        L("Concatenate"), L("Flatten"), L("Dense", units=10),
    ), inputs=((IN,), (IN,), (0, 1), (2,), (3,)))
    analysis = analyse(spec)
    assert analysis.error.layer_index == 2 and analysis.error.fix is None
    assert "input 2 is (None, 4, 10, 10)" in str(analysis.error.problem)
    assert len(analysis.layers) == 2  # the layers before the problem keep their shapes


def test_a_layer_after_a_merge_reads_the_merged_shape_and_its_own_fix_stays_local() -> None:
    spec = NetworkSpec((1, 12, 12), "mnist", 10, (
        L("Conv2D", filters=2, padding="same"), L("Conv2D", filters=2, padding="same"),
        L("Add"), L("Dense", units=10),
    ), inputs=((IN,), (0,), (1, 0), (2,)))
    error = analyse(spec).error
    assert error.layer_index == 3 and "needs a flat list" in str(error.problem)
    fixed = error.fix.apply()
    assert [layer.type for layer in fixed.layers] == ["Conv2D", "Conv2D", "Add", "Flatten",
                                                      "Dense"]
    assert fixed.inputs_of(3) == (2,) and analyse(fixed).ok


def test_a_conv_after_the_flatten_in_a_branching_network_keeps_its_own_repair() -> None:
    spec = NetworkSpec((784,), "mnist", 10, (
        L("Dense", units=16), L("Dense", units=16), L("Add"), L("Conv2D"), L("Flatten"),
        L("Dense", units=10),
    ), inputs=((IN,), (IN,), (0, 1), (2,), (3,), (4,)))
    error = analyse(spec).error  # moving a layer is not how a branching network changes
    assert error.layer_index == 3 and error.alternative is None


def test_the_output_checks_apply_to_the_last_layer() -> None:
    spec = NetworkSpec((6,), "toy", 3, (
        L("Dense", units=4), L("Dense", units=4), L("Add"),
    ), inputs=((IN,), (IN,), (0, 1)))
    error = analyse(spec).error
    assert error.layer_index == 2 and "must end with 3 outputs" in str(error.problem)
    fixed = error.fix.apply()
    assert fixed.layers[-1] == L("Dense", units=3, activation="softmax")
    assert fixed.inputs_of(3) == (2,) and analyse(fixed).ok


def test_a_softmax_on_a_branch_before_a_merge_is_not_the_output() -> None:
    """Nothing weighted follows the softmax (the Dense after it in the list is another branch),
    so this is the "not the output" warning, and the Add is what changes its values."""
    spec = NetworkSpec((6,), "toy", 4, (
        L("Dense", units=4, activation="softmax"), L("Dense", units=4), L("Add"),
    ), inputs=((IN,), (IN,), (0, 1)))
    shapes = [(4,), (4,), (4,)]
    found = misplaced_squashing(spec.layers, shapes, spec.inputs)
    assert [(f.layer_index, f.changed_by, f.hidden) for f in found] == [(0, 2, False)]
    assert find_output_activation(spec.layers, shapes, spec.inputs).name == "linear"
    (warning,) = analyse(spec).warnings
    assert "layer 3 (Add) changes the values" in str(warning.problem)
    fixed = warning.fix.apply()
    assert fixed.layers[-1] == L("Activation", activation="softmax")
    assert fixed.inputs_of(3) == (2,) and analyse(fixed).ok and not analyse(fixed).warnings


def test_a_softmax_before_a_weighted_layer_of_its_own_branch_is_hidden() -> None:
    spec = NetworkSpec((6,), "toy", 4, (
        L("Dense", units=4, activation="softmax"), L("Dense", units=4), L("Dense", units=4),
        L("Add"),
    ), inputs=((IN,), (0,), (IN,), (1, 2)))
    (warning,) = analyse(spec).warnings
    assert warning.layer_index == 0 and "inside the network" in str(warning.problem)


def test_the_summary_of_a_branching_network_has_a_connected_to_column() -> None:
    table = infer_shapes(residual()).table()
    lines = table.splitlines()
    assert lines[2].split() == ["Layer", "(type)", "Output", "Shape", "Param", "#", "Connected",
                                "to"]
    assert lines[4].rstrip() == lines[4] and lines[5].endswith("   input")
    assert lines[6].endswith("   1 Conv2D")
    assert lines[7].startswith(" 3 Add ") and lines[7].endswith("   2 Conv2D, input")
    assert lines[8].endswith("   3 Add")
    assert len(lines[1]) == max(len(line) for line in lines[:10])  # the rule spans the table


def test_the_summary_of_a_column_is_as_before() -> None:
    spec = NetworkSpec((784,), "mnist", 10, (
        L("Dense", units=64), L("Dense", units=10, activation="softmax")))
    assert infer_shapes(spec).table() == "\n".join([
        'Model: "network"',
        "--------------------------------------------------",
        "Layer (type)             Output Shape      Param #",
        "==================================================",
        "input (Input)            (None, 784)             0",
        " 1 Dense (64, relu)      (None, 64)         50,240",
        " 2 Dense (10, softmax)   (None, 10)            650",
        "--------------------------------------------------",
        "Total params: 50,890",
        "Trainable params: 50,890",
        "Non-trainable params: 0",
        "Multiply-adds per sample: 50,816",
    ])


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_merge_problem_speaks_the_readers_language(language: str) -> None:
    spec = NetworkSpec((6,), "toy", 2, (
        L("Dense", units=5), L("Dense", units=3), L("Add"), L("Dense", units=2),
    ), inputs=((IN,), (IN,), (0, 1), (2,)))
    error = analyse(spec).error
    whole = error.message.render(language)
    if language == "en":
        assert whole == str(error)
        assert whole.startswith("layer 3 (Add): Add needs inputs of one shape")
    else:
        assert whole.startswith("capa 3 (Add): Add necesita entradas de una misma forma")
        assert "Pon una capa densa con 5 unidades en la conexión que va de la capa 2 a esta " \
               "capa Add" in whole
        assert error.fix.description.render("es") == error.suggestion.render("es")


@pytest.mark.parametrize("merge", ["Add", "Multiply", "Concatenate"])
def test_a_merge_explains_its_zero_parameters(merge: str) -> None:
    spec = NetworkSpec((6,), "toy", 2, (
        L("Dense", units=4), L("Dense", units=4), L(merge), L("Dense", units=2),
    ), inputs=((IN,), (IN,), (0, 1), (2,)))
    info = infer_shapes(spec).layers[2]
    assert info.params == info.trainable == info.macs == 0
    assert "(0 parameters)" in info.parameter_explanation.get("en")
