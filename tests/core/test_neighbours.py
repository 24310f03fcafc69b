"""The training examples nearest to a picture: exact k-nearest search and the feature bank."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from playground.core.explain import neighbours
from playground.core.explain.neighbours import build_bank, look_alikes, nearest
from playground.core.explain.projection import (
    activations_and_predictions,
    layer_activations,
    project,
)
from playground.core.network.build import build_model
from playground.core.teaching.templates import TEMPLATES


def test_nearest_returns_the_exact_k_nearest_in_order() -> None:
    bank = np.array([[0, 0], [1, 0], [0, 2], [3, 3], [-1, -1], [0.5, 0.5], [10, 10]],
                    dtype=np.float32)
    indices, distances = nearest(bank, np.array([0.4, 0.4]), k=3)
    assert indices.tolist() == [5, 0, 1]
    np.testing.assert_allclose(distances, [np.hypot(0.1, 0.1), np.hypot(0.4, 0.4),
                                           np.hypot(0.6, 0.4)])
    everything, _ = nearest(bank, np.array([0.4, 0.4]), k=50)  # more than there are
    assert sorted(everything.tolist()) == list(range(7))
    tied, _ = nearest(np.array([[1.0, 0], [0, 1.0], [-1.0, 0]]), np.zeros(2), k=2)
    assert tied.tolist() == [0, 1]  # equal distances: the lower index first


def test_nearest_agrees_with_brute_force_on_random_data_in_chunks(monkeypatch) -> None:
    monkeypatch.setattr(neighbours, "CHUNK_VALUES", 50)  # many chunks of a few rows
    rng = np.random.default_rng(3)
    bank = rng.normal(size=(400, 16)).astype(np.float32)
    query = rng.normal(size=16)
    indices, distances = nearest(bank, query, k=8)
    expected = np.argsort(np.linalg.norm(bank - query, axis=1), kind="stable")[:8]
    assert indices.tolist() == expected.tolist()
    np.testing.assert_allclose(distances, np.linalg.norm(bank[expected] - query, axis=1),
                               rtol=1e-6)


def test_cosine_compares_directions_only() -> None:
    bank = np.array([[10.0, 0.0], [0.1, 0.1], [0.0, 3.0]])
    indices, distances = nearest(bank, np.array([1.0, 0.9]), k=3, metric="cosine")
    assert indices.tolist() == [1, 0, 2]
    assert distances[0] < 0.01
    with pytest.raises(ValueError):
        nearest(bank, np.zeros(3))
    with pytest.raises(ValueError):
        nearest(bank, np.zeros(2), metric="manhattan")  # type: ignore[arg-type]


def test_a_bank_of_training_samples_finds_a_sample_itself() -> None:
    model = build_model(TEMPLATES["cnn-mnist"].spec, seed=0)
    samples = torch.rand(30, 1, 28, 28)
    labels = torch.arange(30) % 10
    bank = build_bank(model, samples, 6, labels, batch=8)
    assert bank is not None and len(bank) == 30 and bank.features.shape == (30, 128)
    assert bank.labels.tolist() == labels.tolist() and bank.nbytes > 0
    query = layer_activations(model, samples[17:18], 6)[0]
    found, distances = bank.nearest(query, k=4)
    assert found[0] == 17 and distances[0] == pytest.approx(0.0, abs=1e-4)
    assert len(found) == 4 and list(distances) == sorted(distances)
    assert build_bank(model, samples, 6, cancelled=lambda: True) is None


def test_look_alikes_finds_a_drawing_s_neighbours_and_places_it_on_either_map() -> None:
    model = build_model(TEMPLATES["mlp-mnist"].spec, seed=0)
    generator = torch.Generator().manual_seed(0)
    train_x, test_x = torch.rand(60, 784, generator=generator), torch.rand(40, 784,
                                                                           generator=generator)
    train_y, test_y = torch.arange(60) % 10, torch.arange(40) % 10
    found = activations_and_predictions(model, test_x, 2)
    assert found is not None
    features, answers = found
    pca = project(features, test_y.numpy(), answers, 2, "pca")
    sample = train_x[7:8]
    near = look_alikes(model, sample, pca, train_x, train_y, k=5)
    assert near is not None and near.indices[0] == 7 and near.distances[0] < 1e-4
    assert near.labels.tolist()[0] == 7 and len(near.indices) == 5
    own = layer_activations(model, sample, 2)[0]
    np.testing.assert_allclose(near.position, pca.basis.transform(own), rtol=1e-5)
    assert near.prediction == int(model(sample).argmax())
    # A t-SNE map has no matrix: the drawing goes to the mean place of its nearest map samples.
    tsne = project(features, test_y.numpy(), answers, 2, "tsne", seed=0)
    again = look_alikes(model, sample, tsne, train_x, train_y, bank=near.bank, test_x=test_x,
                        k=5)
    assert again is not None and again.bank is near.bank  # the bank given is used as it is
    rows, _ = nearest(features, own, 5)
    np.testing.assert_allclose(again.position, tsne.points[rows].mean(axis=0), rtol=1e-5)
    with pytest.raises(ValueError):
        look_alikes(model, sample, tsne, train_x, train_y, bank=near.bank)  # no map samples
    assert look_alikes(model, sample, pca, train_x, train_y, cancelled=lambda: True) is None
