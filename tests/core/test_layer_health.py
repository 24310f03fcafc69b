"""Layer health: histograms, and indicators that fire on the classic failures and only on them.

Every failure is built on purpose (a ReLU layer pushed below zero, a deep sigmoid stack, huge
initial weights, a history whose validation loss climbs); a network trained normally must stay
quiet. The check must never disturb the model it looks at: no ``.grad``, same mode, same buffers.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

from playground.core.data.datasets import load_dataset
from playground.core.inspect.health import (
    DEAD_RELU_SHARE,
    HISTOGRAM_BINS,
    histogram,
    layer_health,
    overfitting,
)
from playground.core.network.build import build_model
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.config import TrainingConfig
from playground.core.training.loop import Trainer
from playground.core.training.objective import Objective

L = LayerSpec.create


@pytest.fixture(scope="module")
def spiral():
    return load_dataset("toy-spiral")


@pytest.fixture(scope="module")
def mnist():
    return load_dataset("mnist", limit=640)


def relu_net() -> NetworkSpec:
    return NetworkSpec(
        (2,), "toy-spiral", 2,
        (L("Dense", units=32, activation="relu"), L("Dense", units=32, activation="relu"),
         L("Dense", units=2, activation="softmax")),
    )  # fmt: skip


def codes(report) -> set[str]:
    return {i.code for i in report.warnings}


def test_a_relu_layer_with_a_large_negative_bias_is_flagged_dead(spiral) -> None:
    model = build_model(relu_net(), seed=0)
    with torch.no_grad():
        model.layers[1][0].bias.fill_(-50.0)
    report = layer_health(model, spiral.train_x, spiral.train_y)
    dead = report.indicator("dead_relu")
    assert [(i.layer_index, i.active) for i in dead] == [(0, False), (1, True)]
    assert dead[1].value == 1.0 and dead[1].threshold == DEAD_RELU_SHARE
    assert report.layers[1].dead_fraction == 1.0
    assert report.layers[1].activations.vmax == 0.0
    assert "dead ReLU" in str(dead[1].text) and "ReLU muertas" in dead[1].text.render("es")


def test_dead_units_of_a_convolution_are_counted_per_filter() -> None:
    spec = TEMPLATES["cnn-mnist"].spec
    model = build_model(spec, seed=0)
    with torch.no_grad():
        model.layers[0][0].bias[:24].fill_(-100.0)  # 24 of 32 filters can never fire...
        model.layers[0][0].bias[24:].fill_(100.0)  # ...and the other 8 always do
    report = layer_health(model, torch.rand(8, 1, 28, 28))
    assert report.layers[0].dead_fraction == pytest.approx(24 / 32)
    assert report.indicator("dead_relu")[0].active
    assert report.layers[0].gradients is None  # no labels, no gradients
    assert not report.indicator("vanishing_gradients")


def test_a_deep_sigmoid_stack_has_vanishing_gradients(spiral) -> None:
    layers = [L("Dense", units=32, activation="sigmoid") for _ in range(10)]
    spec = NetworkSpec((2,), "toy-spiral", 2, (*layers, L("Dense", units=2, activation="softmax")))
    report = layer_health(build_model(spec, seed=0), spiral.train_x, spiral.train_y)
    (vanishing,) = report.indicator("vanishing_gradients")
    assert vanishing.active and vanishing.value < 1e-3 and vanishing.layer_index == 0
    assert codes(report) == {"vanishing_gradients"}
    norms = [layer.gradient_norm for layer in report.layers]
    assert norms[0] < norms[5] < norms[-1]


def test_huge_weights_give_exploding_gradients(spiral) -> None:
    model = build_model(relu_net(), seed=0, init="normal", init_std=30.0)
    report = layer_health(model, spiral.train_x, spiral.train_y)
    (exploding,) = report.indicator("exploding_gradients")
    assert exploding.active and exploding.value > 1e3
    english, spanish = str(exploding.text), exploding.text.render("es")
    assert "exploding" in english and "explotan" in spanish
    # Spanish writes decimals with a comma: "tamaño 1,23e+04", never "1.23e+04".
    assert re.search(r"tamaño \d+,\d+e\+\d+", spanish), spanish
    assert re.search(r"size \d+\.\d+e\+\d+", english), english


def test_healthy_trained_models_raise_no_warning(spiral, mnist) -> None:
    runs = (
        ("mlp-mnist", mnist, TrainingConfig(epochs=1, batch_size=32, device="cpu")),
        ("toy-spiral", spiral, TrainingConfig(epochs=5, batch_size=10, learning_rate=0.03,
                                              validation_split=0.0, device="cpu")),
    )  # fmt: skip
    for name, data, config in runs:
        spec = TEMPLATES[name].spec
        trainer = Trainer(spec, config, data)
        result = trainer.run()
        report = layer_health(trainer.model, data.test_x[:128], data.test_y[:128],
                              objective=trainer.objective)  # fmt: skip
        assert report.warnings == (), [str(i.text) for i in report.warnings]
        assert {"vanishing_gradients", "exploding_gradients"} <= {i.code for i in report.indicators}
        verdict = overfitting(result.history)
        assert verdict is None or not verdict.active


def test_the_check_leaves_grad_mode_and_buffers_of_the_model_alone(mnist) -> None:
    spec = NetworkSpec(
        (1, 28, 28), "mnist", 10,
        (L("Flatten"), L("Dense", units=32, activation="relu"), L("BatchNorm"),
         L("Dropout", rate=0.5), L("Dense", units=10, activation="softmax")),
    )  # fmt: skip
    model = build_model(spec, seed=0)
    x, y = mnist.train_x[:64], mnist.train_y[:64]
    report = layer_health(model, x, y)
    assert all(p.grad is None for p in model.parameters())
    assert report.layers[1].gradients is not None
    # A model mid-training: existing gradients, running statistics and mode stay as they were.
    objective = Objective("cross_entropy", "softmax", 10)
    objective.loss(model.forward_logits(x), y).backward()
    grads = [p.grad.clone() for p in model.parameters()]
    state = {k: v.clone() for k, v in model.state_dict().items()}
    rng = torch.random.get_rng_state()
    layer_health(model, x, y, objective=objective)
    assert model.training
    assert all(torch.equal(p.grad, g) for p, g in zip(model.parameters(), grads, strict=True))
    assert all(torch.equal(v, state[k]) for k, v in model.state_dict().items())
    assert torch.equal(torch.random.get_rng_state(), rng)


def test_gradients_for_a_recurrent_network(mnist) -> None:
    model = build_model(TEMPLATES["rnn-mnist"].spec, seed=0)
    report = layer_health(model, mnist.train_x[:32], mnist.train_y[:32])
    lstm = report.layers[0]
    assert lstm.weights.total == lstm.gradients.total == 256 * 28 + 256 * 64
    assert lstm.gradient_norm > 0 and report.warnings == ()


def test_histogram_edge_cases() -> None:
    h = histogram(torch.tensor([1.0, 2.0, 3.0, float("nan"), float("inf")]))
    assert h.counts.shape == (HISTOGRAM_BINS,) and h.total == 3 and h.nonfinite == 2
    assert (h.vmin, h.vmax, h.mean) == (1.0, 3.0, 2.0)
    assert h.counts[0] == 1 and h.counts[-1] == 1 and h.centers.shape == (HISTOGRAM_BINS,)
    constant = histogram(np.full(10, 4.0, np.float32), bins=5)
    assert constant.total == 10 and constant.edges[0] < 4.0 < constant.edges[-1]
    empty = histogram(torch.zeros(0))
    assert empty.total == 0 and np.isfinite(empty.edges).all()


def history(train: list[float], val: list[float | None]) -> dict[str, list]:
    return {"epoch": list(range(1, len(train) + 1)), "train_loss": train, "val_loss": val}


def test_overfitting_is_read_from_the_loss_history() -> None:
    rising = overfitting(history([1.0, 0.8, 0.6, 0.5, 0.4], [1.0, 0.7, 0.75, 0.8, 0.9]))
    assert rising.active and rising.value == 3
    assert "epoch 2" in str(rising.text) and "época 2" in rising.text.render("es")
    assert not overfitting(history([1.0, 0.8, 0.6, 0.5], [1.0, 0.7, 0.6, 0.55])).active
    assert not overfitting(history([1.0, 0.8, 0.6], [1.0, 0.7, 0.75])).active  # one epoch only
    assert not overfitting(history([1.0, 1.1, 1.2], [1.0, 1.1, 1.2])).active  # both rising
    assert overfitting(history([1.0, 0.8], [None, None])) is None
    assert overfitting({}) is None


def test_every_indicator_text_is_one_line_in_both_languages(spiral) -> None:
    model = build_model(relu_net(), seed=0)
    report = layer_health(model, spiral.train_x, spiral.train_y)
    verdicts = [*report.indicators, overfitting(history([1, 0.5, 0.4], [1, 1.1, 1.2]))]
    for indicator in verdicts:
        english, spanish = str(indicator.text), indicator.text.render("es")
        for text in (english, spanish):
            assert text and "\n" not in text
        assert spanish != english  # every verdict has its Spanish in the catalogue
