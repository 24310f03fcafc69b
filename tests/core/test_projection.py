"""The learned-space map's engine: layer activations, PCA, t-SNE and the default layer."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from playground.core.explain.projection import (
    Projection,
    activations_and_predictions,
    default_layer,
    features_of,
    layer_activations,
    pca_2d,
    pca_fit,
    project,
    tsne_2d,
)
from playground.core.network.build import build_model
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES


def blobs(per_blob: int = 100, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Three well separated Gaussian blobs in 10 dimensions, and which blob each point is."""
    rng = np.random.default_rng(seed)
    centres = np.zeros((3, 10))
    centres[1, 0] = centres[2, 1] = 12.0
    points = np.concatenate([c + rng.normal(size=(per_blob, 10)) for c in centres])
    return points, np.repeat(np.arange(3), per_blob)


def test_pca_recovers_the_main_axis_with_a_fixed_sign() -> None:
    rng = np.random.default_rng(1)
    axis = np.array([3.0, 4.0, 0.0]) / 5.0
    along = rng.normal(scale=10.0, size=500)
    data = np.outer(along, axis) + rng.normal(scale=0.1, size=(500, 3)) + 7.0
    basis = pca_fit(data)
    assert abs(float(basis.components[0] @ axis)) > 0.999
    assert basis.components[0][np.argmax(np.abs(basis.components[0]))] > 0  # its sign is fixed
    assert basis.explained[0] > 0.99
    points = pca_2d(data)
    assert points.shape == (500, 2) and points.dtype == np.float32
    assert abs(np.corrcoef(points[:, 0], along)[0, 1]) > 0.999
    np.testing.assert_allclose(points.mean(axis=0), 0.0, atol=1e-3)
    np.testing.assert_array_equal(pca_2d(data), points)  # the same data, the same picture
    # The direction keeps its sign: mirrored data gives the mirrored picture, not the same one.
    np.testing.assert_allclose(pca_2d(-data)[:, 0], -points[:, 0], atol=1e-3)
    np.testing.assert_allclose(basis.transform(data[3]), points[3], atol=1e-4)  # a new sample


def test_pca_of_degenerate_data_gives_zeros_not_errors() -> None:
    assert pca_2d(np.ones((4, 3))).tolist() == [[0.0, 0.0]] * 4
    assert pca_2d(np.zeros((1, 5))).shape == (1, 2)
    assert pca_2d(np.arange(6.0).reshape(6, 1))[:, 1].tolist() == [0.0] * 6


def test_tsne_separates_three_blobs_and_reports_its_progress() -> None:
    points, blob = blobs()
    reported: list[float] = []
    mapped = tsne_2d(points, progress=reported.append, seed=0)
    assert mapped is not None and mapped.shape == (300, 2) and np.isfinite(mapped).all()
    centres = np.array([mapped[blob == b].mean(axis=0) for b in range(3)])
    spread = max(float(np.linalg.norm(mapped[blob == b] - centres[b], axis=1).mean())
                 for b in range(3))
    gaps = [np.linalg.norm(centres[a] - centres[b]) for a, b in ((0, 1), (0, 2), (1, 2))]
    assert min(gaps) > 3 * spread
    assert reported[0] == 0.0 and reported[-1] == 1.0 and reported == sorted(reported)
    assert len(reported) > 10  # every few iterations, not only at the ends
    again = tsne_2d(points, seed=0)
    np.testing.assert_allclose(again, mapped, atol=1e-4)  # the seed decides


def test_tsne_stops_when_cancelled_mid_way() -> None:
    points, _ = blobs(60)
    reported: list[float] = []
    mapped = tsne_2d(points, progress=reported.append,
                     cancelled=lambda: bool(reported) and reported[-1] > 0.3, seed=0)
    assert mapped is None
    assert 0.3 < reported[-1] < 0.5  # stopped in the normal phase, soon after asking
    assert tsne_2d(points, cancelled=lambda: True) is None


def test_default_layer_is_the_last_hidden_layer() -> None:
    chosen = {name: default_layer(t.spec) for name, t in TEMPLATES.items()}
    assert chosen["cnn-mnist"] == 6  # Dense(128): the Dropout and Flatten before it add nothing
    assert chosen["mlp-mnist"] == 2
    assert chosen["scratch-mnist"] == 1  # Dense(10, relu) + Activation(softmax) is the output
    assert chosen["rnn-mnist"] == 0
    assert chosen["resnet-fashion"] == 12  # the MaxPool2D the Flatten reads
    assert chosen["inception-mnist"] == 9  # the Concatenate of the inception block
    single = NetworkSpec((1, 28, 28), "mnist", 10, (LayerSpec.create("Flatten"),
                                               LayerSpec.create("Dense", units=10)))
    assert default_layer(single) == 1  # no hidden layer: the class scores


@pytest.mark.parametrize(("name", "layer", "width"), [
    ("cnn-mnist", 6, 128), ("mlp-mnist", 2, 64), ("cnn-mnist", 0, 32 * 26 * 26),
    ("resnet-fashion", 12, 32 * 3 * 3), ("inception-mnist", 9, 64 * 7 * 7),
])
def test_layer_activations_shape_and_the_model_left_as_it_was(name: str, layer: int,
                                                             width: int) -> None:
    model = build_model(TEMPLATES[name].spec, seed=0)
    model.train()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    x = torch.rand(37, 1, 28, 28)
    features = layer_activations(model, x, layer, batch=16)
    assert features.shape == (37, width) and features.dtype == np.float32
    assert model.training  # the mode it had
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    with torch.no_grad():
        model.eval()
        expected = model.forward_all(x[:5], last=layer)[layer].reshape(5, -1).numpy()
    np.testing.assert_allclose(features[:5], expected, rtol=1e-5, atol=1e-6)
    both = activations_and_predictions(model, x, layer, batch=16)
    assert both is not None
    np.testing.assert_allclose(both[0], features, rtol=1e-5, atol=1e-6)
    with torch.no_grad():
        answers = model(x).argmax(dim=1).numpy()
    np.testing.assert_array_equal(both[1], answers)


def test_activations_can_be_cancelled_between_batches_and_refuse_a_missing_layer() -> None:
    model = build_model(TEMPLATES["mlp-mnist"].spec, seed=0)
    asked: list[int] = []
    assert features_of(model, torch.rand(40, 784), 1, batch=10,
                       cancelled=lambda: asked.append(1) or len(asked) > 2) is None
    assert len(asked) == 3
    with pytest.raises(ValueError, match="Layer 9"):
        layer_activations(model, torch.rand(2, 784), 9)
    with pytest.raises(ValueError, match="784 values"):
        layer_activations(model, torch.rand(2, 100), 1)


def test_a_projection_places_a_new_sample() -> None:
    points, blob = blobs(20)
    basis = pca_fit(points)
    pca = Projection(basis.transform(points), blob, blob, 1, "pca", "epoch 1", basis)
    np.testing.assert_allclose(pca.place(points[5]), pca.points[5], atol=1e-4)
    assert not pca.wrong.any()
    tsne = Projection(pca.points * 2, blob, np.zeros_like(blob), 1, "tsne")
    np.testing.assert_allclose(tsne.place(points[0], np.array([0, 1])),
                               tsne.points[:2].mean(axis=0))
    assert tsne.wrong.sum() == 40
    with pytest.raises(ValueError):
        tsne.place(points[0])


def test_project_maps_features_with_either_method() -> None:
    points, blob = blobs(30)
    answers = np.where(np.arange(90) % 9 == 0, (blob + 1) % 3, blob)
    pca = project(points, blob, answers, 3, "pca", state_label="epoch 2")
    assert pca is not None and pca.points.shape == (90, 2) and pca.basis is not None
    assert pca.layer == 3 and pca.method == "pca" and pca.state_label == "epoch 2"
    assert pca.wrong.sum() == 10
    tsne = project(points, blob, answers, 3, "tsne", seed=0)
    assert tsne is not None and tsne.basis is None and tsne.points.shape == (90, 2)
    assert project(points, blob, answers, 3, "tsne", cancelled=lambda: True) is None
    with pytest.raises(ValueError, match="umap"):
        project(points, blob, answers, 3, "umap")
