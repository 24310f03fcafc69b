"""The hand-written forward and backward pass equals PyTorch's autograd on the real network."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from playground.core.inspect.backprop_steps import (
    dense_params,
    load_examples,
    loss_after_step,
    trace_example,
    unsupported_reason,
)
from playground.core.network.build import build_model
from playground.core.network.spec import LayerSpec
from playground.core.teaching.templates import TEMPLATES

SCRATCH = TEMPLATES["scratch-mnist"]


def autograd_pass(spec, config, state_dict, x: np.ndarray, target: int):
    """Activations and gradients of the real PlaygroundNet, in float64, from autograd.

    ``outputs`` holds every module's output in order (Flatten, Linear z, activation a, ...),
    each keeping its gradient.
    """
    model = build_model(spec, seed=config.seed, init=config.init, init_std=config.init_std)
    if state_dict is not None:
        model.load_state_dict(state_dict)
    model = model.double().eval()
    outputs: list[torch.Tensor] = []

    def keep(_module, _inputs, out: torch.Tensor) -> None:
        if out.requires_grad:  # the flattened input needs no gradient
            out.retain_grad()
        outputs.append(out)

    hooks = [m.register_forward_hook(keep) for block in model.layers for m in block]
    try:
        sample = torch.from_numpy(x).reshape(1, *spec.input_shape)
        logits = model.forward_logits(sample)
        loss = F.cross_entropy(logits, torch.tensor([target]))
        loss.backward()
    finally:
        for hook in hooks:
            hook.remove()
    linears = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
    return loss.item(), logits.detach()[0], outputs, linears, model


@pytest.fixture(scope="module")
def examples():
    return load_examples(SCRATCH.spec, SCRATCH.config, count=20)


@pytest.mark.parametrize("example", [0, 7, 13])
def test_hand_written_pass_equals_autograd_at_the_initial_weights(examples, example) -> None:
    x, y = examples[0][example], int(examples[1][example])
    assert set(np.unique(x)) <= {0.0, 1.0}  # binarized, as in the lesson
    params = dense_params(SCRATCH.spec, None, SCRATCH.config)
    assert [p.weight.shape for p in params] == [(32, 784), (10, 32)]
    trace = trace_example(params, x, y)
    loss, logits, outputs, linears, _model = autograd_pass(SCRATCH.spec, SCRATCH.config, None, x, y)

    assert trace.loss == pytest.approx(loss, rel=1e-12)
    # The seed's output: Dense(10, ReLU), then a softmax layer; the loss is on softmax(ReLU(z2)).
    _flat, z1, a1, z2, a2 = outputs  # forward_logits stops before the softmax layer
    assert torch.equal(a2, logits.unsqueeze(0))
    np.testing.assert_allclose(trace.layers[-1].pre_activation, z2[0].detach().numpy(),
                               atol=1e-12)
    np.testing.assert_allclose(trace.probabilities, torch.softmax(logits, 0).numpy(), atol=1e-12)
    hidden = trace.layers[0]
    np.testing.assert_allclose(hidden.pre_activation, z1[0].detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(hidden.outputs, a1[0].detach().numpy(), atol=1e-12)
    # The errors are ∂L/∂z of each layer: autograd's gradients of z2 (the logits) and of z1.
    np.testing.assert_allclose(trace.output_error, z2.grad[0].numpy(), atol=1e-12)
    np.testing.assert_allclose(hidden.error, z1.grad[0].numpy(), atol=1e-12)
    for layer, linear in zip(trace.layers, linears, strict=True):
        np.testing.assert_allclose(layer.grad_weight, linear.weight.grad.numpy(), atol=1e-12)
        np.testing.assert_allclose(layer.grad_bias, linear.bias.grad.numpy(), atol=1e-12)


def test_trained_weights_and_sigmoid_hidden_layer_match_autograd(examples) -> None:
    spec = SCRATCH.spec.replace_layer(1, LayerSpec.create("Dense", units=32,
                                                          activation="sigmoid"))
    model = build_model(spec, seed=3)
    with torch.no_grad():  # weights far from their start, as after training
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.2)
    state = {k: v.clone() for k, v in model.state_dict().items()}
    x, y = examples[0][3], int(examples[1][3])
    trace = trace_example(dense_params(spec, state, SCRATCH.config), x, y)
    loss, _logits, _outputs, linears, _model = autograd_pass(spec, SCRATCH.config, state, x, y)
    assert trace.loss == pytest.approx(loss, rel=1e-12)
    for layer, linear in zip(trace.layers, linears, strict=True):
        np.testing.assert_allclose(layer.grad_weight, linear.weight.grad.numpy(), atol=1e-12)


def test_one_sgd_step_equals_the_same_step_on_autograd_gradients(examples) -> None:
    x, y = examples[0][5], int(examples[1][5])
    lr = SCRATCH.config.learning_rate
    params = dense_params(SCRATCH.spec, None, SCRATCH.config)
    trace = trace_example(params, x, y)
    after = loss_after_step(params, trace, x, lr)

    _loss, _logits, _outputs, _linears, model = autograd_pass(
        SCRATCH.spec, SCRATCH.config, None, x, y)
    with torch.no_grad():  # plain SGD: every parameter moves against its gradient
        for p in model.parameters():
            p -= lr * p.grad
    sample = torch.from_numpy(x).reshape(1, 1, 28, 28)
    torch_after = F.cross_entropy(model.forward_logits(sample), torch.tensor([y])).item()
    assert after == pytest.approx(torch_after, rel=1e-10)
    assert after < trace.loss


def test_networks_the_view_cannot_follow_are_explained() -> None:
    cnn = TEMPLATES["cnn-mnist"]
    assert "Conv2D" in str(unsupported_reason(cnn.spec, cnn.config))
    mse = SCRATCH.config.with_changes(loss="mse")
    assert "cross-entropy" in str(unsupported_reason(SCRATCH.spec, mse))
    gelu = SCRATCH.spec.replace_layer(1, LayerSpec.create("Dense", units=32, activation="gelu"))
    assert "gelu" in str(unsupported_reason(gelu, SCRATCH.config))
    assert unsupported_reason(SCRATCH.spec, SCRATCH.config) is None
    with pytest.raises(ValueError, match="Conv2D"):
        dense_params(cnn.spec, None, cnn.config)
    params = dense_params(SCRATCH.spec, None, SCRATCH.config)
    with pytest.raises(ValueError, match="784"):
        trace_example(params, np.zeros(10), 0)
