"""The seed templates are the seeds' own networks: checked against their code, written out here.

``cnn-fashion`` is the PyTorch CNN on Fashion-MNIST layer for layer (same initial weights, same
outputs, same loss on its sigmoid outputs); ``scratch-mnist`` is the numpy network written from
scratch, and one training step of the app moves its weights exactly as that code's
hand-written backpropagation does.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from playground.core.data.datasets import _preprocess, load_dataset
from playground.core.inspect.backprop_steps import dense_params, trace_example
from playground.core.network.build import build_model
from playground.core.network.shapes import analyse
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.loop import train
from playground.core.training.objective import Objective

# --------------------------------------------------------------------------- seed 003: the CNN


class SeedNet(nn.Module):
    """The CNN of the PyTorch example, as written there."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=0)
        self.conv2 = nn.Conv2d(6, 10, 5, padding=0)
        self.pool = nn.MaxPool2d(2, 2)
        self.ff1 = nn.Linear(4 * 4 * 10, 56)
        self.ff2 = nn.Linear(56, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool(self.conv1(x))
        x = self.pool(self.conv2(x))
        x = x.view(-1, 4 * 4 * 10)
        x = F.relu(self.ff1(x))
        return torch.sigmoid(self.ff2(x))


def test_cnn_fashion_is_the_seed_network_with_its_initial_weights_and_outputs() -> None:
    t = TEMPLATES["cnn-fashion"]
    torch.manual_seed(7)
    seed_net = SeedNet()
    model = build_model(t.spec, seed=7, init=t.config.init)
    # Same layers created in the same order from the same generator: the same weights.
    seed_params = [p.detach() for p in seed_net.parameters()]
    app_params = [p.detach() for p in model.parameters()]
    assert [p.shape for p in app_params] == [p.shape for p in seed_params]
    for a, b in zip(app_params, seed_params, strict=True):
        assert torch.equal(a, b)
    x = torch.rand(8, 1, 28, 28)
    torch.testing.assert_close(model(x), seed_net(x), rtol=0, atol=1e-6)
    assert analyse(t.spec).total_params == 11_252


def test_cnn_fashion_trains_like_the_seed() -> None:
    t = TEMPLATES["cnn-fashion"]
    c = t.config
    assert (c.optimizer, c.learning_rate, c.momentum, c.batch_size, c.epochs) == (
        "sgd", 0.04, 0.0, 20, 15)
    assert (c.validation_split, c.keep_best, c.preprocessing, c.init) == (
        0.2, True, "scale", "default")  # 48,000 / 12,000; ToTensor's 0..1; PyTorch's own init
    assert t.dataset == "fashion-mnist"
    # nn.CrossEntropyLoss on the sigmoid outputs, as the seed computes it, with the warning.
    objective = Objective(c.loss, build_model(t.spec).output_activation, 10)
    assert not objective.uses_logits and objective.warnings()
    outputs, targets = torch.rand(5, 10), torch.tensor([0, 3, 9, 1, 2])
    torch.testing.assert_close(objective.loss(outputs, targets),
                               nn.CrossEntropyLoss()(outputs, targets))


def test_cnn_fashion_improved_fixes_the_two_quirks_and_keeps_the_rest() -> None:
    seed, better = TEMPLATES["cnn-fashion"], TEMPLATES["cnn-fashion-improved"]
    acts = [layer.params.get("activation") for layer in better.spec.layers]
    assert acts == ["relu", None, "relu", None, None, "relu", "softmax"]
    assert better.config == seed.config
    assert analyse(better.spec).total_params == analyse(seed.spec).total_params
    objective = Objective(better.config.loss, build_model(better.spec).output_activation, 10)
    assert objective.uses_logits and not objective.warnings()
    assert "cnn-fashion-improved" in seed.description.en
    assert "cnn-fashion-improved" in seed.description.es


# --------------------------------------------------------------------------- seed 002: by hand


def seed_relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0, out=z)  # in place, as the seed writes it: np.maximum(z, 0, z)


def seed_backpropagation(weights, biases, x: np.ndarray, y: np.ndarray):
    """The seed's ``__backpropagation``, line for line (784 → 32 → 10, ReLU everywhere)."""
    weight_gradients = [np.zeros(w.shape) for w in weights]
    bias_gradients = [np.zeros(b.shape) for b in biases]
    activation = x
    hidden_activations = [np.reshape(x, (len(x), 1))]
    z_list = []
    for w, b in zip(weights, biases, strict=True):
        z = np.dot(w, np.reshape(activation, (len(activation), 1))) + b
        z_list.append(z)
        activation = seed_relu(z)
        hidden_activations.append(activation)
    t = hidden_activations[-1]
    hidden_activations[-1] = np.exp(t) / np.sum(np.exp(t))
    delta = (hidden_activations[-1] - y) * (z_list[-1] > 0)
    weight_gradients[-1] = np.dot(delta, hidden_activations[-2].T)
    bias_gradients[-1] = delta
    for layer in range(2, len(weights) + 1):
        z = z_list[-layer]
        delta = np.dot(weights[-layer + 1].T, delta) * (z > 0)
        weight_gradients[-layer] = np.dot(delta, hidden_activations[-layer - 1].T)
        bias_gradients[-layer] = delta
    return weight_gradients, bias_gradients


def seed_step(weights, biases, x, label, learning_rate=0.05):
    """One of the seed's updates on one example (copies; the seed updates in place)."""
    y = np.zeros((10, 1))
    y[label] = 1.0
    weights = [w.copy() for w in weights]
    biases = [b.copy() for b in biases]
    wg, bg = seed_backpropagation(weights, biases, x, y)
    for i in range(len(weights)):
        weights[i] += -learning_rate * wg[i]
        biases[i] += -learning_rate * bg[i]
    return weights, biases


@pytest.fixture(scope="module")
def digits() -> tuple[torch.Tensor, torch.Tensor]:
    d = load_dataset("mnist", preprocessing=TEMPLATES["scratch-mnist"].config.preprocessing,
                     limit=12)
    return d.test_x, d.test_y


def test_scratch_mnist_is_the_seed_network_and_training() -> None:
    t = TEMPLATES["scratch-mnist"]
    assert [layer.describe() for layer in t.spec.layers][1:] == [
        "32, relu", "10, relu", "softmax"]
    c = t.config
    assert (c.optimizer, c.learning_rate, c.momentum, c.batch_size, c.epochs) == (
        "sgd", 0.05, 0.0, 1, 5)
    assert (c.init, c.init_std, c.validation_split, c.loss) == (
        "normal", 0.1, 0.0, "cross_entropy")  # it trains on its validation share too
    model = build_model(t.spec, seed=0, init=c.init, init_std=c.init_std)
    assert all(torch.count_nonzero(b) == 0 for n, b in model.named_parameters() if "bias" in n)
    # The loss is cross-entropy on softmax(ReLU(z)): the ReLU outputs are the softmax's input.
    assert model.output_activation == "softmax"
    x = torch.rand(3, 1, 28, 28)
    assert torch.all(model.forward_logits(x) >= 0)
    torch.testing.assert_close(model(x), torch.softmax(model.forward_logits(x), dim=1))


@pytest.mark.parametrize("example", [0, 4, 9])
def test_one_app_training_step_is_the_seeds_numpy_update(digits, example) -> None:
    """The seed's gradient is the exact gradient of its own network (ReLU, then softmax)."""
    t = TEMPLATES["scratch-mnist"]
    x, label = digits[0][example : example + 1], digits[1][example : example + 1]
    model = build_model(t.spec, seed=3, init=t.config.init, init_std=t.config.init_std).double()
    start = {k: v.clone() for k, v in model.state_dict().items()}
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    weights = [m.weight.detach().numpy().copy() for m in linears]
    biases = [m.bias.detach().numpy().reshape(-1, 1).copy() for m in linears]
    seed_w, seed_b = seed_step(weights, biases, x.double().reshape(-1).numpy(), int(label))

    # The app's own loop, one epoch over this single example: exactly one SGD step.
    data = SimpleNamespace(train_x=x.double(), train_y=label, test_x=x.double(), test_y=label)
    result = train(t.spec, t.config.with_changes(epochs=1, device="cpu"), data,
                   model=model, progress_interval=0)
    assert result.status == "completed", result.message
    state = result.state_dict or model.state_dict()
    names = [n for n in start if n.endswith("weight")]
    for name, w in zip(names, seed_w, strict=True):
        np.testing.assert_allclose(state[name].numpy(), w, rtol=0, atol=1e-12)
        assert not np.allclose(start[name].numpy(), w)  # the step did move the weights
    for name, b in zip([n for n in start if n.endswith("bias")], seed_b, strict=True):
        np.testing.assert_allclose(state[name].numpy(), b.reshape(-1), rtol=0, atol=1e-12)


def test_the_backprop_view_computes_the_seeds_gradients(digits) -> None:
    t = TEMPLATES["scratch-mnist"]
    params = dense_params(t.spec, None, t.config)
    x, label = digits[0][2].double().reshape(-1).numpy(), int(digits[1][2])
    y = np.zeros((10, 1))
    y[label] = 1.0
    wg, bg = seed_backpropagation([p.weight for p in params],
                                  [p.bias.reshape(-1, 1) for p in params], x, y)
    trace = trace_example(params, x, label)
    for layer, w, b in zip(trace.layers, wg, bg, strict=True):
        np.testing.assert_allclose(layer.grad_weight, w, atol=1e-12)
        np.testing.assert_allclose(layer.error, b.reshape(-1), atol=1e-12)
    assert trace.layers[-1].activation == "relu → softmax"


def test_scratch_mnist_softmax_is_the_same_network_without_the_output_relu() -> None:
    seed, plain = TEMPLATES["scratch-mnist"], TEMPLATES["scratch-mnist-softmax"]
    assert [layer.describe() for layer in plain.spec.layers][1:] == ["32, relu", "10, softmax"]
    assert plain.config == seed.config
    assert "scratch-mnist-softmax" in seed.description.en
    assert "scratch-mnist-softmax" in seed.description.es


def test_seed_binarization_makes_every_non_zero_pixel_one() -> None:
    """The seed's ``x.astype(bool)``: any ink at all, however faint, is a 1."""
    u8 = torch.tensor([[0, 1, 2, 127, 128, 255]], dtype=torch.uint8)
    x = _preprocess(u8.to(torch.float32) / 255, "binarize_any", 0.0, 1.0)
    assert x.tolist() == [[0.0, 1.0, 1.0, 1.0, 1.0, 1.0]]
    # The plain binarize choice keeps its half-way threshold (photos on white paper need it).
    x = _preprocess(u8.to(torch.float32) / 255, "binarize", 0.0, 1.0)
    assert x.tolist() == [[0.0, 0.0, 0.0, 0.0, 1.0, 1.0]]


def test_scratch_mnist_binarizes_exactly_like_the_seed() -> None:
    """Needs ``binarize_any`` among ``config.PREPROCESSING`` and chosen by the template."""
    t = TEMPLATES["scratch-mnist"]
    d = load_dataset("mnist", preprocessing=t.config.preprocessing, limit=50)
    raw = load_dataset("mnist", preprocessing="scale", limit=50)
    expected = (raw.train_x * 255).round().to(torch.uint8).numpy().astype(bool).astype(int)
    np.testing.assert_array_equal(d.train_x.numpy(), expected)
