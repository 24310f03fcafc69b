"""What each filter looks for: its strongest training patches and its best input picture."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from playground.core.data.datasets import load_dataset
from playground.core.errors import PlaygroundError
from playground.core.explain.filter_patterns import (
    ReceptiveField,
    conv_layers,
    maximise_filter,
    maximise_filters,
    receptive_field,
    top_patches,
)
from playground.core.network.build import build_model, model_from_weights
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES

L = LayerSpec.create
SIDE = 16


def edge_model() -> torch.nn.Module:
    """One 3×3 filter that answers a dark-to-bright vertical edge (left dark, right bright)."""
    spec = NetworkSpec((1, SIDE, SIDE), "mnist", 10, (
        L("Conv2D", filters=1, kernel_size=3, activation="relu"),
        L("Flatten"), L("Dense", units=10, activation="softmax")))
    weights = build_model(spec, seed=0).state_dict()
    weights["layers.0.0.weight"] = torch.tensor([[-1.0, 0.0, 1.0]] * 3)[None, None]
    weights["layers.0.0.bias"] = torch.zeros(1)
    return model_from_weights(spec, weights)


def edge_pictures() -> tuple[torch.Tensor, np.ndarray]:
    """40 noisy pictures: even ones a vertical edge, odd ones a horizontal one (dark to bright)."""
    generator = torch.Generator().manual_seed(1)
    x = 0.05 * torch.rand((40, 1, SIDE, SIDE), generator=generator)
    for i in range(40):
        where = 3 + i % 10
        if i % 2 == 0:
            x[i, 0, :, where:] += 0.9
        else:
            x[i, 0, where:, :] += 0.9
    return x, np.arange(40) % 2 == 0


def test_the_patches_of_a_vertical_edge_filter_hold_vertical_edges() -> None:
    model = edge_model()
    x, vertical = edge_pictures()
    found = top_patches(model, model.spec, 0, x, k=9)
    assert found.field == ReceptiveField(3, 1, 0, 0)
    assert found.patches.shape == (1, 9, 1, 3, 3) and found.patches.dtype == np.float32
    assert vertical[found.samples[0]].all()  # nine different pictures, all with a vertical edge
    assert len(set(found.samples[0].tolist())) == 9
    for patch in found.patches[0, :, 0]:
        assert (patch[:, 2] - patch[:, 0] > 0.7).all()  # bright right column, dark left one
    assert (np.diff(found.activations[0]) <= 0).all() and found.activations[0, -1] > 2
    # Each patch is the window under its position, and the filter's answer there is its sum.
    for patch, value in zip(found.patches[0], found.activations[0], strict=True):
        assert float((patch[0] * np.array([[-1, 0, 1]] * 3)).sum()) == pytest.approx(value,
                                                                                    abs=1e-5)


def test_the_best_input_of_an_edge_filter_excites_it_far_more_than_grey() -> None:
    model = edge_model()
    picture = maximise_filter(model, 0, 0, (1, SIDE, SIDE), start=0.5, bounds=(0.0, 1.0))
    assert picture.shape == (1, SIDE, SIDE) and picture.dtype == np.float32
    assert picture.min() >= 0 and picture.max() <= 1
    conv = model.layers[0]

    def mean_activation(image: np.ndarray) -> float:
        with torch.no_grad():
            return float(conv(torch.as_tensor(image)[None]).mean())

    grey = mean_activation(np.full((1, SIDE, SIDE), 0.5, np.float32))
    best = mean_activation(picture)
    assert grey == pytest.approx(0.0, abs=1e-6)
    assert best > 0.5  # a third of the largest possible (3) at every position on average
    # Brighter to the right of a dark column somewhere: a vertical edge.
    assert (picture[0, :, 1:] - picture[0, :, :-1]).max() > 0.5


def test_the_receptive_field_of_conv_pool_conv() -> None:
    spec = NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Conv2D", filters=4, kernel_size=3), L("MaxPool2D", pool_size=2),
        L("Conv2D", filters=4, kernel_size=3), L("Flatten"),
        L("Dense", units=10, activation="softmax")))
    model = build_model(spec, seed=0)
    # 3 pixels, then 3 + (2 - 1) = 4 at stride 2, then 4 + (3 - 1) · 2 = 8 at stride 2.
    assert receptive_field(model, 0) == ReceptiveField(3, 1, 0, 0)
    assert receptive_field(model, 2) == ReceptiveField(8, 2, 0, 0)
    assert receptive_field(model, 2).window(3, 5) == (6, 10)
    same = NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Conv2D", filters=4, kernel_size=3), L("MaxPool2D", pool_size=2),
        L("Conv2D", filters=4, kernel_size=3, padding="same"), L("Flatten"),
        L("Dense", units=10, activation="softmax")))
    # "same" pads one pixel of the pooled map, two input pixels: windows start outside.
    assert receptive_field(build_model(same, seed=0), 2) == ReceptiveField(8, 2, -2, -2)
    with pytest.raises(PlaygroundError, match="Layer 2 is not a Conv2D"):
        receptive_field(model, 1)


def _invariant_outside(model: torch.nn.Module, layer: int, x: torch.Tensor) -> None:
    """Changing every pixel outside a position's window leaves that position's answer alone,
    and changing the window changes it: the receptive field is right, neither too small nor
    shifted."""
    from playground.core.explain.filter_patterns import _responses

    field = receptive_field(model, layer)
    with torch.no_grad():
        base, _ = _responses(model, layer, x[:1])
        _, _, height, width = base.shape
        y, xx = height // 2, width // 2
        top, left = field.window(y, xx)
        inside = torch.zeros_like(x[:1], dtype=torch.bool)
        inside[..., max(top, 0):top + field.size, max(left, 0):left + field.size] = True
        noise = torch.rand(x[:1].shape, generator=torch.Generator().manual_seed(3))
        outside_changed = torch.where(inside, x[:1], noise)
        inside_changed = torch.where(inside, noise, x[:1])
        after, _ = _responses(model, layer, outside_changed)
        moved, _ = _responses(model, layer, inside_changed)
    assert torch.allclose(after[0, :, y, xx], base[0, :, y, xx], atol=1e-5)
    assert not torch.allclose(moved[0, :, y, xx], base[0, :, y, xx], atol=1e-5)


@pytest.mark.parametrize("name", ["cnn-mnist", "resnet-fashion"])
def test_templates_with_their_initial_weights(name: str) -> None:
    spec = TEMPLATES[name].spec
    model = model_from_weights(spec, build_model(spec, seed=0).state_dict())
    x = load_dataset("mnist", limit=60).train_x  # both read 28×28 grey pictures
    layers = conv_layers(model)
    assert layers == ([0, 2] if name == "cnn-mnist" else [0, 2, 3, 5, 6, 7, 9, 10])
    for layer in (layers[0], layers[-1]):
        found = top_patches(model, spec, layer, x, k=9, batch=16)
        size = found.field.size
        assert found.patches.shape == (spec.layers[layer].params["filters"], 9, 1, size, size)
        assert np.isfinite(found.patches).all() and (found.samples < len(x)).all()
        assert found.background.shape == (1,) and found.background[0] == pytest.approx(0.0)
        _invariant_outside(model, layer, x)
        pictures = maximise_filters(model, layer, steps=6)
        assert pictures.shape == (found.patches.shape[0], 1, 28, 28)
        assert np.isfinite(pictures).all()
    if name == "resnet-fashion":  # after two Adds, a stride-2 block and its projection
        assert receptive_field(model, 10) == ReceptiveField(40, 4, -17, -17)


def test_parameters_mode_and_global_random_state_are_left_alone() -> None:
    spec = TEMPLATES["cnn-mnist"].spec
    model = build_model(spec, seed=0)  # training mode, weights that want gradients
    before = {k: v.clone() for k, v in model.state_dict().items()}
    x = load_dataset("mnist", limit=20).train_x
    torch.manual_seed(123)
    np.random.seed(5)
    state, numpy_state = torch.get_rng_state(), np.random.get_state()
    top_patches(model, spec, 2, x)
    first = maximise_filters(model, 2, channels=[0, 3], steps=5, seed=7)
    again = maximise_filter(model, 2, 3, steps=5, seed=7)
    assert torch.equal(torch.get_rng_state(), state)
    assert np.array_equal(np.random.get_state()[1], numpy_state[1])
    assert model.training
    assert all(p.grad is None for p in model.parameters())
    assert all(torch.equal(v, before[k]) for k, v in model.state_dict().items())
    assert first.shape == (2, 1, 28, 28)
    assert not np.array_equal(first[0], first[1])
    assert np.allclose(maximise_filters(model, 2, channels=[0, 3], steps=5, seed=7), first)
    assert again.shape == (1, 28, 28)


def test_patches_of_a_layer_after_a_reshape_come_from_its_picture() -> None:
    spec = NetworkSpec((784,), "mnist", 10, (
        L("Dense", units=784), L("Reshape", target_shape=(1, 28, 28)),
        L("Conv2D", filters=2, kernel_size=3), L("Flatten"),
        L("Dense", units=10, activation="softmax")))
    model = build_model(spec, seed=0)
    # Patches are cut from the Reshape's picture: what the convolution reads.
    assert receptive_field(model, 2) == ReceptiveField(3, 1, 0, 0, source=1)
    found = top_patches(model, spec, 2, torch.rand(5, 784), k=3)
    assert found.patches.shape == (2, 3, 1, 3, 3)
