"""Inside the network: filters, feature maps, Dense weights as images and decision boundaries.

Each template is inspected before and after a few real training steps: the views must have the
shapes ``shapes.analyse`` promises, hold finite float32 copies, and move when the weights move.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
import torch

from playground.core.data.datasets import load_dataset
from playground.core.inspect.boundary import data_range, decision_grid, unit_grids
from playground.core.inspect.health import HISTOGRAM_BINS, layer_health
from playground.core.inspect.inside import (
    conv_filters,
    dense_weight_images,
    feature_maps,
    image_shape_before_dense,
    inspection_copy,
    layer_weights,
    recurrent_sequences,
)
from playground.core.network.build import build_model, model_from_weights
from playground.core.network.shapes import analyse
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.config import TrainingConfig
from playground.core.training.loop import Trainer

L = LayerSpec.create
NAMES = ("cnn-mnist", "mlp-mnist", "rnn-mnist", "toy-spiral")


@dataclass
class Views:
    filters: list[Any]
    maps: list[Any]
    images: Any
    health: Any
    grid: Any


@dataclass
class Run:
    spec: NetworkSpec
    model: Any
    sample: torch.Tensor
    before: Views
    after: Views


def _views(model, spec, sample, x, y) -> Views:
    grid = decision_grid(model) if spec.input_shape == (2,) else None
    return Views(
        conv_filters(model), feature_maps(model, sample), dense_weight_images(model, spec),
        layer_health(model, x, y), grid,
    )


@pytest.fixture(scope="module")
def mnist():
    return load_dataset("mnist", limit=256)


@pytest.fixture(scope="module", params=NAMES)
def run(request, mnist) -> Run:
    """A template inspected, trained for a few batches with the real Trainer, inspected again."""
    name = request.param
    spec = TEMPLATES[name].spec
    data = load_dataset("toy-spiral") if name == "toy-spiral" else mnist
    model = build_model(spec, seed=0)
    x, y = data.train_x[:64], data.train_y[:64]
    sample = data.test_x[0]
    before = _views(model, spec, sample, x, y)
    config = TrainingConfig(epochs=1 if name != "toy-spiral" else 3, batch_size=64,
                            validation_split=0.0, device="cpu", learning_rate=0.01)  # fmt: skip
    result = Trainer(spec, config, data, model=model).run()
    assert result.status == "completed", result.message
    return Run(spec, model, sample, before, _views(model, spec, sample, x, y))


def _finite_f32(a: np.ndarray) -> bool:
    return a.dtype == np.float32 and a.flags.c_contiguous and bool(np.isfinite(a).all())


def test_filters_have_the_kernel_shapes_and_change_with_training(run: Run) -> None:
    convs = [(i, layer) for i, layer in enumerate(run.spec.layers) if layer.type == "Conv2D"]
    for views in (run.before, run.after):
        assert [f.layer_index for f in views.filters] == [i for i, _ in convs]
        for f in views.filters:
            layer = run.spec.layers[f.layer_index]
            k = layer["kernel_size"]
            assert f.kernels.shape == (layer["filters"], f.in_channels, k, k)
            assert _finite_f32(f.kernels)
            assert f.level == pytest.approx(float(np.abs(f.kernels).max()))
            assert f.levels == (-f.level, f.level)
            assert f.channel(0).shape == f.averaged().shape == f.images().shape == (f.filters, k, k)
            np.testing.assert_allclose(f.images(None), f.kernels.mean(axis=1), rtol=1e-6)
    for a, b in zip(run.before.filters, run.after.filters, strict=True):
        assert not np.allclose(a.kernels, b.kernels)


def test_feature_maps_match_the_analysed_shapes_and_change(run: Run) -> None:
    shapes = [info.output_shape for info in analyse(run.spec).layers]
    kinds = {1: "vector", 2: "sequence", 3: "channels"}
    for views in (run.before, run.after):
        assert [m.values.shape for m in views.maps] == shapes
        for i, m in enumerate(views.maps):
            assert (m.layer_index, m.layer_type) == (i, run.spec.layers[i].type)
            assert m.kind == kinds[len(shapes[i])]
            assert _finite_f32(m.values)
            assert m.vmin == pytest.approx(float(m.values.min()))
            assert m.vmax == pytest.approx(float(m.values.max()))
            assert m.level >= max(abs(m.vmin), abs(m.vmax))
    assert not np.allclose(run.before.maps[-1].values, run.after.maps[-1].values)
    assert run.model.training  # feature_maps put the mode back


def test_dense_weight_images_only_for_a_dense_layer_fed_by_the_image(run: Run) -> None:
    if run.spec.name != "mlp-mnist":
        assert run.before.images is None and run.after.images is None
        return
    before, after = run.before.images, run.after.images
    assert before.layer_index == 1 and before.images.shape == (64, 1, 28, 28)
    assert _finite_f32(before.images) and before.averaged().shape == (64, 28, 28)
    weight = run.model.layers[1][0].weight.detach().numpy()
    np.testing.assert_array_equal(after.images.reshape(64, -1), weight)
    assert not np.allclose(before.images, after.images)


def test_histograms_are_fixed_bins_over_finite_values_and_move(run: Run) -> None:
    shapes = [info.output_shape for info in analyse(run.spec).layers]
    for views in (run.before, run.after):
        for layer, shape in zip(views.health.layers, shapes, strict=True):
            act = layer.activations
            assert act.counts.shape == (HISTOGRAM_BINS,)
            assert act.edges.shape == (HISTOGRAM_BINS + 1,)
            assert act.total == 64 * int(np.prod(shape)) and act.nonfinite == 0
            assert np.isfinite(act.edges).all() and np.all(np.diff(act.edges) > 0)
            if layer.weights is not None:
                assert layer.gradients is not None and np.isfinite(layer.gradient_norm)
                assert layer.weights.total == layer.gradients.total
    weighted = [i for i, h in enumerate(run.after.health.layers) if h.weights is not None]
    assert weighted
    for i in weighted:
        a, b = run.before.health.layers[i].weights, run.after.health.layers[i].weights
        assert (a.mean, a.std, a.vmin, a.vmax) != (b.mean, b.std, b.vmin, b.vmax)


def test_the_boundary_grid_is_a_probability_image_that_learns(run: Run) -> None:
    if run.spec.input_shape != (2,):
        assert run.before.grid is None
        for draw in (decision_grid, unit_grids):
            with pytest.raises(ValueError, match="2 inputs"):
                draw(run.model)
        return
    for grid in (run.before.grid, run.after.grid):
        xs, ys, p = grid
        assert xs.shape == ys.shape == (100,) and p.shape == (100, 100)
        assert _finite_f32(p) and p.min() >= 0 and p.max() <= 1
    assert np.abs(run.before.grid.probabilities - run.after.grid.probabilities).max() > 0.05
    units = unit_grids(run.model, resolution=30)
    assert units.layer_index == 0 and units.values.shape == (16, 30, 30)
    assert _finite_f32(units.values) and -1 <= units.vmin <= units.vmax <= 1


def test_feature_maps_leave_no_hook_and_restore_the_mode() -> None:
    spec = TEMPLATES["cnn-mnist"].spec  # has Dropout: the mode really switches
    model = build_model(spec, seed=1)
    sample = torch.rand(1, 28, 28)
    for mode in (True, False):
        model.train(mode)
        maps = feature_maps(model, sample)
        assert model.training is mode
        assert maps[5].values.shape == (1600,)
        assert all(not m._forward_hooks and not m._forward_pre_hooks for m in model.modules())
    with pytest.raises(ValueError):
        feature_maps(model, torch.rand(2, 28, 28))  # two samples
    with pytest.raises(ValueError):
        feature_maps(model, torch.rand(27, 28))  # wrong size
    assert all(not m._forward_hooks for m in model.modules())
    # Dropout is off: the same sample gives the same maps.
    model.train()
    a, b = feature_maps(model, sample), feature_maps(model, sample.numpy())
    np.testing.assert_array_equal(a[6].values, b[6].values)


def test_results_are_copies_that_never_share_memory_with_the_model() -> None:
    spec = TEMPLATES["cnn-mnist"].spec
    model = build_model(spec, seed=2)
    filters = conv_filters(model)
    kept = filters[0].kernels.copy()
    filters[0].kernels[:] = 0  # the GUI may scribble on its copy...
    assert not np.allclose(model.layers[0][0].weight.detach().numpy(), 0)
    with torch.no_grad():
        model.layers[0][0].weight.add_(1.0)  # ...and training moves the model, not the copy
    assert not np.allclose(layer_weights(model)[0].weight, kept)
    np.testing.assert_array_equal(conv_filters(model)[0].kernels, kept + 1.0)


def test_dense_images_for_colour_flat_and_non_image_inputs() -> None:
    colour = NetworkSpec((3, 32, 32), "cifar10", 10,
                         (L("Flatten"), L("Dense", units=8), L("Dense", units=10)))  # fmt: skip
    images = dense_weight_images(build_model(colour, seed=0), colour)
    assert images.images.shape == (8, 3, 32, 32)
    rgb = images.rgb()
    assert rgb.shape == (8, 32, 32, 3) and rgb.min() >= 0 and rgb.max() <= 1
    flat = NetworkSpec((784,), "mnist", 10, (L("Dropout"), L("Dense", units=10)))
    assert image_shape_before_dense(flat) == (1, (1, 28, 28))
    after_conv = NetworkSpec(
        (3, 32, 32), "cifar10", 10,
        (L("Conv2D", filters=3, kernel_size=3), L("Flatten"), L("Dense", units=10)),
    )
    assert dense_weight_images(build_model(after_conv), after_conv) is None
    table = NetworkSpec((64,), "csv:/tmp/t.csv", 2, (L("Dense", units=2),))
    assert image_shape_before_dense(table) is None
    assert image_shape_before_dense(TEMPLATES["toy-spiral"].spec) is None


def test_decision_grid_rows_follow_y_and_single_outputs_become_probabilities() -> None:
    spec = NetworkSpec((2,), "toy-xor", 2, (L("Dense", units=2, activation="softmax"),))
    model = build_model(spec)
    with torch.no_grad():  # class-1 score minus class-0 score = 10·x
        model.layers[0][0].weight.copy_(torch.tensor([[0.0, 0.0], [10.0, 0.0]]))
        model.layers[0][0].bias.zero_()
    xs, ys, p = decision_grid(model, (-1, 1), (-2, 2), resolution=21)
    assert xs[0] == -1 and xs[-1] == 1 and ys[0] == -2 and ys[-1] == 2
    assert np.all(np.diff(p, axis=1) > 0) and np.allclose(np.diff(p, axis=0), 0)
    assert p[0, 10] == pytest.approx(0.5)
    for activation in ("sigmoid", "linear"):
        single = NetworkSpec((2,), "toy-xor", 1, (L("Dense", units=1, activation=activation),))
        grid = decision_grid(build_model(single, seed=0), resolution=10)
        assert grid.probabilities.shape == (10, 10)
        assert 0 <= grid.probabilities.min() <= grid.probabilities.max() <= 1
    no_dense = NetworkSpec((2,), "toy-xor", 2, (L("Activation", activation="softmax"),))
    assert unit_grids(build_model(no_dense)) is None
    (x0, x1), (y0, y1) = data_range(np.array([[0.0, -1.0], [1.0, 1.0]]), margin=0.1)
    assert (x0, x1, y0, y1) == pytest.approx((-0.1, 1.1, -1.2, 1.2))


def test_an_inspection_copy_is_independent_of_the_training_model() -> None:
    model = build_model(TEMPLATES["cnn-mnist"].spec, seed=3)
    rng = torch.random.get_rng_state()
    replica = inspection_copy(model)
    assert torch.equal(torch.random.get_rng_state(), rng)
    assert model.training and not replica.training
    assert not any(p.requires_grad for p in replica.parameters())
    assert all(p.requires_grad for p in model.parameters())
    with torch.no_grad():
        replica.layers[0][0].weight.zero_()
    assert model.layers[0][0].weight.abs().sum() > 0
    sample = torch.rand(1, 28, 28)
    model.eval()
    np.testing.assert_array_equal(feature_maps(model, sample)[2].values,
                                  feature_maps(inspection_copy(model), sample)[2].values)


@pytest.mark.parametrize("name", [*NAMES, "cnn-fashion"])
def test_a_model_from_a_state_computes_the_same_without_drawing_random_numbers(name) -> None:
    spec = TEMPLATES[name].spec
    if name == "cnn-fashion":  # BatchNorm buffers travel with the state too
        spec = spec.insert(1, L("BatchNorm"))
    model = build_model(spec, seed=5).eval()
    x = torch.rand(3, *spec.input_shape)
    with torch.no_grad():
        model(x)
    rng = torch.random.get_rng_state()
    rebuilt = model_from_weights(spec, model.state_dict())
    assert torch.equal(torch.random.get_rng_state(), rng)
    assert not rebuilt.training and not any(p.requires_grad for p in rebuilt.parameters())
    with torch.no_grad():
        np.testing.assert_array_equal(rebuilt(x).numpy(), model(x).numpy())


def test_recurrent_sequences_show_every_step_and_end_on_the_layer_output() -> None:
    spec = TEMPLATES["rnn-mnist"].spec
    model = build_model(spec, seed=0)
    sample = torch.rand(28, 28)
    sequences = recurrent_sequences(model, sample)
    assert list(sequences) == [0]
    assert sequences[0].shape == (28, 64) and _finite_f32(sequences[0])
    final = feature_maps(model, sample)[0].values
    np.testing.assert_allclose(sequences[0][-1], final, rtol=1e-5, atol=1e-6)
    assert not np.allclose(sequences[0][0], sequences[0][-1])
    assert recurrent_sequences(build_model(TEMPLATES["mlp-mnist"].spec), torch.rand(784)) == {}
    with pytest.raises(ValueError, match="one sample"):
        recurrent_sequences(model, torch.rand(2, 28, 28))
