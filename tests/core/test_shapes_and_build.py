"""Shape inference, parameter counts, validation fixes, and the PyTorch models built from specs."""

from __future__ import annotations

import pytest
import torch

from playground.core.network.build import build_model, count_parameters
from playground.core.network.graph import INPUT as IN
from playground.core.network.layers import LAYER_TYPES
from playground.core.network.shapes import analyse, infer_shapes
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.network.validation import ValidationError
from playground.core.teaching.templates import TEMPLATES

L = LayerSpec.create


def test_mlp_matches_keras_parameter_count() -> None:
    spec = NetworkSpec(
        (784,), "mnist", 10,
        (L("Dense", units=64), L("Dense", units=64), L("Dense", units=10, activation="softmax")),
    )
    analysis = infer_shapes(spec)
    assert [info.params for info in analysis.layers] == [50_240, 4_160, 650]
    assert analysis.total_params == 55_050
    assert "Total params: 55,050" in analysis.table()


def test_lenet_matches_keras_parameter_count() -> None:
    analysis = infer_shapes(TEMPLATES["cnn-fashion"].spec)
    assert analysis.total_params == 11_252
    assert [info.output_shape for info in analysis.layers] == [
        (6, 24, 24), (6, 12, 12), (10, 8, 8), (10, 4, 4), (160,), (56,), (10,),
    ]


# One spec per layer type (and its variants), each valid, used to compare with the real model.
VARIANTS = [
    NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Conv2D", filters=4, kernel_size=4, stride=2, padding="same"), L("BatchNorm"),
        L("AvgPool2D", pool_size=3, stride=1), L("MaxPool2D"), L("Flatten"), L("Dropout"),
        L("Dense", units=10, activation="softmax", use_bias=False),
    )),
    NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Conv2D", filters=3, kernel_size=3, padding="same", activation="gelu"),
        L("Conv2D", filters=2, kernel_size=2, padding="same", activation="elu"),
        L("Flatten"), L("BatchNorm"), L("Dense", units=10, activation="leaky_relu"),
    )),
    NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Reshape", target_shape=(28, 28)),
        L("LSTM", units=16, return_sequences=True, bidirectional=True), L("BatchNorm"),
        L("GRU", units=8, return_sequences=True), L("SimpleRNN", units=6, bidirectional=True),
        L("Activation", activation="tanh"), L("Dense", units=10, activation="sigmoid"),
    )),
    NetworkSpec((20,), "text", 2, (
        L("Embedding", vocabulary=50, dimension=8), L("GRU", units=5, bidirectional=True),
        L("Dense", units=2, activation="linear"),
    )),
    NetworkSpec((784,), "mnist", 10, (
        L("Reshape", target_shape=(1, 28, 28)), L("Conv2D", filters=2, kernel_size=28),
        L("Flatten"), L("Dense", units=10),
    )),
    # Networks that branch: a residual block (Conv2D -> Conv2D, the input added back), the
    # same with a 1×1 projection on the skip, two Dense branches concatenated, and a gate.
    NetworkSpec((1, 12, 12), "mnist", 10, (
        L("Conv2D", filters=1, padding="same"), L("Conv2D", filters=1, padding="same"),
        L("Add"), L("Flatten"), L("Dense", units=10),
    ), name="residual", inputs=((IN,), (0,), (1, IN), (2,), (3,))),
    NetworkSpec((1, 12, 12), "mnist", 10, (
        L("Conv2D", filters=4, padding="same"), L("Conv2D", filters=8, stride=2, padding="same"),
        L("Conv2D", filters=8, kernel_size=1, stride=2, activation="linear"), L("Add"),
        L("MaxPool2D"), L("Flatten"), L("Dense", units=10, activation="softmax"),
    ), name="residual-projection", inputs=((IN,), (0,), (0,), (1, 2), (3,), (4,), (5,))),
    NetworkSpec((20,), "toy", 3, (
        L("Dense", units=7), L("Dense", units=5, activation="tanh"), L("Concatenate"),
        L("Dense", units=3),
    ), name="two-branches-concatenated", inputs=((IN,), (IN,), (0, 1), (2,))),
    NetworkSpec((6,), "toy", 2, (
        L("Dense", units=5), L("Dense", units=5, activation="sigmoid"), L("Multiply"),
        L("Dense", units=2),
    ), name="gated", inputs=((IN,), (IN,), (0, 1), (2,))),
]


def test_variants_cover_every_layer_type() -> None:
    used = {layer.type for spec in VARIANTS for layer in spec.layers}
    assert used == set(LAYER_TYPES)


@pytest.mark.parametrize("spec", VARIANTS, ids=lambda s: s.name or "-".join(
    layer.type for layer in s.layers[:3]))
def test_built_model_agrees_with_shape_inference(spec: NetworkSpec) -> None:
    analysis = infer_shapes(spec)
    model = build_model(spec, seed=0)
    assert count_parameters(model) == analysis.total_params
    trainable = sum(p.numel() for p in model.parameters())
    assert trainable == analysis.trainable_params
    x = torch.randint(0, 10, (3, *spec.input_shape)).float()
    outputs = model.forward_all(x)
    assert [tuple(o.shape[1:]) for o in outputs] == [i.output_shape for i in analysis.layers]
    assert tuple(model(x).shape) == (3, spec.num_classes)


def test_same_seed_same_weights_and_global_rng_untouched() -> None:
    spec = TEMPLATES["cnn-mnist"].spec
    torch.manual_seed(123)
    before = torch.rand(1)
    torch.manual_seed(123)
    a = build_model(spec, seed=7)
    after = torch.rand(1)
    b = build_model(spec, seed=7)
    c = build_model(spec, seed=8)
    assert torch.equal(before, after)
    for (name, x), y in zip(a.state_dict().items(), b.state_dict().values(), strict=True):
        assert torch.equal(x, y), name
    assert not torch.equal(a.layers[0][0].weight, c.layers[0][0].weight)


@pytest.mark.parametrize("init", ["xavier", "he", "normal"])
def test_initialisations_change_weights_and_zero_biases(init: str) -> None:
    spec = TEMPLATES["mlp-mnist"].spec
    default = build_model(spec, seed=0)
    model = build_model(spec, seed=0, init=init, init_std=0.1)
    linear = model.layers[1][0]
    assert not torch.equal(linear.weight, default.layers[1][0].weight)
    assert torch.count_nonzero(linear.bias) == 0
    if init == "normal":
        assert abs(float(linear.weight.detach().std()) - 0.1) < 0.01


def test_softmax_output_is_skipped_for_logits() -> None:
    model = build_model(TEMPLATES["mlp-mnist"].spec, seed=0)
    x = torch.rand(4, 1, 28, 28)
    logits = model.forward_logits(x)
    assert torch.allclose(torch.softmax(logits, dim=1), model(x), atol=1e-6)
    assert model.output_activation == "softmax"


def fix_and_check(spec: NetworkSpec, message: str) -> ValidationError:
    """Assert the spec is invalid with ``message`` and that its fix, applied, validates."""
    error = analyse(spec).error
    assert error is not None
    assert message in str(error)
    assert error.problem.render("es") != str(error.problem)  # the catalogue has its Spanish
    assert error.fix is not None, "expected an automatic fix"
    fixed = error.fix.apply()
    assert analyse(fixed).ok, analyse(fixed).error
    return error


def test_dense_on_an_image_offers_flatten() -> None:
    spec = NetworkSpec((1, 28, 28), "mnist", 10, (L("Dense", units=10),))
    error = fix_and_check(spec, "needs a flat list")
    assert error.layer_index == 0 and error.layer_type == "Dense"
    assert [layer.type for layer in error.fix.apply().layers] == ["Flatten", "Dense"]


def test_conv_on_a_flat_vector_offers_reshape_to_the_image() -> None:
    spec = NetworkSpec((784,), "mnist", 10, (L("Conv2D"), L("Flatten"), L("Dense", units=10)))
    error = fix_and_check(spec, "needs an image")
    assert error.fix.apply().layers[0] == L("Reshape", target_shape=(1, 28, 28))


def test_rnn_on_images_reads_rows_as_time_steps() -> None:
    spec = NetworkSpec((1, 28, 28), "mnist", 10, (L("LSTM"), L("Dense", units=10)))
    error = fix_and_check(spec, "reads a sequence")
    assert "rows" in str(error.suggestion)
    assert error.fix.apply().layers[0] == L("Reshape", target_shape=(28, 28))


@pytest.mark.parametrize(
    ("layer", "param"),
    [(L("Conv2D", kernel_size=9), "kernel_size"), (L("MaxPool2D", pool_size=9), "pool_size")],
)
def test_kernel_or_pool_larger_than_input(layer: LayerSpec, param: str) -> None:
    spec = NetworkSpec((1, 28, 28), "mnist", 10, (
        L("MaxPool2D", pool_size=4), layer, L("Flatten"), L("Dense", units=10),
    ))
    error = fix_and_check(spec, "larger than its 7×7 input")
    assert error.layer_index == 1
    assert error.fix.apply().layers[1][param] == 7


def test_output_size_must_match_the_classes() -> None:
    spec = NetworkSpec((784,), "mnist", 10, (L("Dense", units=64), L("Dense", units=3)))
    error = fix_and_check(spec, "must end with 10 outputs")
    assert error.fix.apply().layers[-1]["units"] == 10
    empty = NetworkSpec((1, 28, 28), "mnist", 10)
    fixed = fix_and_check(empty, "must end with 10 outputs").fix.apply()
    assert [layer.type for layer in fixed.layers] == ["Flatten", "Dense"]


def test_a_model_too_large_for_memory_is_refused() -> None:
    spec = NetworkSpec((784,), "mnist", 10, (L("Dense", units=60_000), L("Dense", units=10)))
    error = analyse(spec, memory_limit=1 << 28).error
    assert error is not None and "GiB" in str(error.problem) and error.fix is None
    assert "fewer units" in str(error.suggestion)
    assert "los 0,2 GiB" in error.problem.render("es")  # 1 << 28 bytes
    assert "the 0.2 GiB" in str(error.problem)
    assert analyse(spec, memory_limit=1 << 40).ok


def test_embedding_must_come_first() -> None:
    spec = NetworkSpec((20,), "text", 2, (L("Dense", units=4), L("Embedding"), L("Flatten"),
                                          L("Dense", units=2)))
    error = analyse(spec).error
    assert error is not None and error.layer_index == 1 and "first layer" in str(error.problem)


def test_layers_before_an_error_keep_their_shapes() -> None:
    spec = NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Conv2D", filters=4), L("Dense", units=10),
    ))
    analysis = analyse(spec)
    assert [info.output_shape for info in analysis.layers] == [(4, 26, 26)]
    assert analysis.error is not None and analysis.error.layer_index == 1


def test_reshape_with_the_wrong_size_offers_a_shape() -> None:
    spec = NetworkSpec((784,), "mnist", 10, (
        L("Reshape", target_shape=(3, 5)), L("Flatten"), L("Dense", units=10),
    ))
    fix_and_check(spec, "needs 15 values")


def test_a_conv_after_the_flatten_is_moved_back_first_and_reshaped_second() -> None:
    spec = NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Conv2D", filters=8, kernel_size=3, activation="relu"), L("Flatten"),
        L("Dense", units=64, activation="relu"),
        L("Conv2D", filters=8, kernel_size=3, activation="relu"),
        L("Dense", units=10, activation="softmax"),
    ))  # fmt: skip
    error = analyse(spec).error
    assert error.layer_index == 3 and "needs an image" in str(error.problem)
    assert str(error.suggestion).startswith("Move it before the Flatten (layer 2)")
    assert error.suggestion.render("es").startswith("Muévela antes de Aplanar (capa 2)")
    moved = error.fix.apply()
    assert [layer.type for layer in moved.layers] == [
        "Conv2D", "Conv2D", "Flatten", "Dense", "Dense"]
    assert analyse(moved).ok
    assert error.alternative is not None  # the Reshape, as the second choice
    assert error.alternative.apply().layers[3] == L("Reshape", target_shape=(1, 8, 8))


def test_with_no_flatten_before_it_the_reshape_stays_the_only_fix() -> None:
    spec = NetworkSpec((784,), "mnist", 10, (L("Conv2D", filters=2, kernel_size=3),))
    error = analyse(spec).error
    assert error.alternative is None
    assert error.fix.apply().layers[0] == L("Reshape", target_shape=(1, 28, 28))
