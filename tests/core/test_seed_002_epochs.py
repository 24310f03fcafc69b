"""``scratch-mnist`` trains whole epochs exactly as the seed's numpy code does.

One step matching the seed's update (``test_seed_templates.py``) leaves out everything around it:
how many examples an epoch sees, in which order, whether the order changes between epochs, and
how the test accuracy is counted. Here the app trains two epochs on 60 digits in float64; the
order it used is read back from the inputs its first layer received, and the seed's own loop
(written out below) replays that order from the same initial weights. The two must end with the
same weights to rounding and the same test accuracy, so a gap in accuracy between the app and
the seed's code over whole runs can only come from their random draws (initial weights, order)
or from float32 rounding, never from a different training procedure.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch
from torch import nn

from playground.core.data.datasets import _preprocess, load_dataset
from playground.core.network.build import build_model
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.loop import train

TRAIN, TEST, EPOCHS = 60, 40, 2


def seed_epoch(weights, biases, inputs, targets, order, learning_rate=0.05) -> None:
    """The seed's ``train`` loop body for one epoch, in place: backpropagation, then update."""
    for j in order:
        x, y = inputs[j], targets[j]
        hidden_activations = [np.reshape(x, (len(x), 1))]
        z_list = []
        activation = x
        for w, b in zip(weights, biases, strict=True):
            z = np.dot(w, np.reshape(activation, (len(activation), 1))) + b
            z_list.append(z)
            activation = np.maximum(z, 0)
            hidden_activations.append(activation)
        t = hidden_activations[-1]
        hidden_activations[-1] = np.exp(t) / np.sum(np.exp(t))
        delta = (hidden_activations[-1] - y) * (z_list[-1] > 0)
        gradients = [None] * len(weights)
        gradients[-1] = (np.dot(delta, hidden_activations[-2].T), delta)
        for layer in range(2, len(weights) + 1):
            delta = np.dot(weights[-layer + 1].T, delta) * (z_list[-layer] > 0)
            gradients[-layer] = (np.dot(delta, hidden_activations[-layer - 1].T), delta)
        for i, (gw, gb) in enumerate(gradients):
            weights[i] += -learning_rate * gw
            biases[i] += -learning_rate * gb


def seed_test(weights, biases, inputs, labels) -> float:
    """The seed's ``test``: argmax of the softmax of the last ReLU layer, as a percentage."""
    hits = 0
    for x, label in zip(inputs, labels, strict=True):
        a = np.reshape(x, (len(x), 1))
        for w, b in zip(weights, biases, strict=True):
            a = np.maximum(np.dot(w, a) + b, 0)
        hits += int(np.argmax(np.exp(a) / np.sum(np.exp(a))) == label)
    return hits / len(labels) * 100


@pytest.fixture(scope="module")
def seed_digits():
    """Bundled digits, every non-zero pixel a 1 (the seed's ``astype(bool)``), in float64."""
    raw = load_dataset("mnist", preprocessing="scale", limit=max(TRAIN, TEST))
    return replace(
        raw,
        train_x=_preprocess(raw.train_x[:TRAIN].clone(), "binarize_any", 0.0, 1.0).double(),
        train_y=raw.train_y[:TRAIN],
        test_x=_preprocess(raw.test_x[:TEST].clone(), "binarize_any", 0.0, 1.0).double(),
        test_y=raw.test_y[:TEST],
    )


@pytest.mark.parametrize("seed", [0, 5])
def test_app_epochs_are_the_seeds_training_loop(seed_digits, seed: int) -> None:
    t = TEMPLATES["scratch-mnist"]
    config = t.config.with_changes(epochs=EPOCHS, seed=seed, device="cpu")
    model = build_model(t.spec, seed=seed, init=config.init, init_std=config.init_std).double()
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    weights = [m.weight.detach().numpy().copy() for m in linears]
    biases = [m.bias.detach().numpy().reshape(-1, 1).copy() for m in linears]

    seen: list[torch.Tensor] = []

    def record(module: nn.Module, args: tuple[torch.Tensor, ...]) -> None:
        if module.training:  # training batches only, not the final evaluation
            seen.append(args[0].detach().clone())

    linears[0].register_forward_pre_hook(record)
    result = train(t.spec, config, seed_digits, model=model, progress_interval=0)
    assert result.status == "completed", result.message

    inputs = seed_digits.train_x.reshape(TRAIN, -1).numpy()
    assert len(seen) == EPOCHS * TRAIN and all(len(x) == 1 for x in seen)  # one example a step
    matches = [np.flatnonzero((inputs == x.numpy()).all(axis=1)) for x in seen]
    assert all(len(m) == 1 for m in matches)  # every input is one training digit, unambiguously
    steps = np.array([m[0] for m in matches])
    orders = steps.reshape(EPOCHS, TRAIN)
    for order in orders:  # each epoch sees every digit exactly once ...
        assert sorted(order.tolist()) == list(range(TRAIN))
    assert not np.array_equal(orders[0], orders[1])  # ... in a new order
    assert not np.array_equal(orders[0], np.arange(TRAIN))

    targets = np.eye(10)[seed_digits.train_y.numpy()][..., None]
    for order in orders:
        seed_epoch(weights, biases, inputs, targets, order)
    state = result.state_dict
    names = [n for n in state if n.endswith("weight")]
    for name, w in zip(names, weights, strict=True):
        np.testing.assert_allclose(state[name].numpy(), w, rtol=0, atol=1e-12)
    for name, b in zip([n for n in state if n.endswith("bias")], biases, strict=True):
        np.testing.assert_allclose(state[name].numpy(), b.reshape(-1), rtol=0, atol=1e-12)

    expected = seed_test(weights, biases, seed_digits.test_x.reshape(TEST, -1).numpy(),
                         seed_digits.test_y.numpy())
    assert 100 * result.test.accuracy == pytest.approx(expected, abs=1e-9)
