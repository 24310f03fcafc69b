"""Attribution maps: right on networks small enough to work out by hand, computed on every
bundled template they apply to, and harmless to the model and the random state they touch."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from playground.core.explain.attribution import (
    METHODS,
    Attribution,
    ExplainError,
    available_methods,
    caption,
    explain,
    gradcam_layers,
    title,
)
from playground.core.network.build import build_model, model_from_weights
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES

L = LayerSpec.create
LINEAR = NetworkSpec((1, 4, 4), "mnist", 10,
                     (L("Flatten"), L("Dense", units=10, activation="linear")))


def _model(spec: NetworkSpec, seed: int = 0):
    return model_from_weights(spec, build_model(spec, seed=seed).state_dict())


def _input(shape: tuple[int, ...], seed: int = 0) -> torch.Tensor:
    return torch.from_numpy(np.random.default_rng(seed).random(shape, dtype=np.float32))


# -- worked out by hand --------------------------------------------------------------------------
@pytest.mark.parametrize("k", [0, 3, 9])
def test_saliency_of_a_linear_network_is_the_size_of_its_weights(k: int) -> None:
    model = _model(LINEAR, seed=1)
    weight = model.state_dict()["layers.1.0.weight"].numpy()
    result = explain(model, _input((1, 4, 4)), k, "saliency")
    assert isinstance(result, Attribution) and result.values.dtype == np.float32
    assert result.values.shape == (4, 4) and not result.signed and result.target == k
    np.testing.assert_allclose(result.values, np.abs(weight[k]).reshape(4, 4), rtol=1e-6)


@pytest.mark.parametrize("k", [0, 5])
def test_integrated_gradients_of_a_linear_network_is_input_times_weight(k: int) -> None:
    model = _model(LINEAR, seed=2)
    weight = model.state_dict()["layers.1.0.weight"].numpy()
    x = _input((1, 4, 4), seed=k)
    result = explain(model, x, k, "integrated_gradients", steps=8)
    expected = (x.numpy()[0] * weight[k].reshape(4, 4))
    assert result.signed
    np.testing.assert_allclose(result.values, expected, rtol=1e-5, atol=1e-6)
    # Completeness: the values add up to the score minus the score of the black baseline.
    with torch.no_grad():
        gain = model(x[None])[0, k] - model(torch.zeros(1, 1, 4, 4))[0, k]
    assert result.values.sum() == pytest.approx(float(gain), rel=1e-5)


def test_occlusion_one_pixel_at_a_time_of_a_linear_network_is_input_times_weight() -> None:
    model = _model(LINEAR, seed=3)
    weight = model.state_dict()["layers.1.0.weight"].numpy()
    x = _input((1, 4, 4), seed=7)
    result = explain(model, x, 4, "occlusion", window=1)
    np.testing.assert_allclose(result.values, x.numpy()[0] * weight[4].reshape(4, 4),
                               rtol=1e-5, atol=1e-6)


def test_gradcam_of_a_one_by_one_convolution_is_the_weighted_feature_map() -> None:
    spec = NetworkSpec((1, 4, 4), "mnist", 10, (
        L("Conv2D", filters=1, kernel_size=1, activation="linear"), L("Flatten"),
        L("Dense", units=10, activation="linear")))
    model = _model(spec, seed=4)
    state = model.state_dict()
    a, b = float(state["layers.0.0.weight"].reshape(())), float(state["layers.0.0.bias"][0])
    dense = state["layers.2.0.weight"].numpy()
    x = _input((1, 4, 4), seed=1)
    for k in range(10):
        result = explain(model, x, k, "gradcam")
        feature = a * x.numpy()[0] + b
        expected = np.maximum(dense[k].mean() * feature, 0.0)
        assert result.layer == 0 and not result.signed
        np.testing.assert_allclose(result.values, expected, rtol=1e-5, atol=1e-6)


def test_integrated_gradients_add_up_to_the_logit_gain_of_a_real_network() -> None:
    spec = TEMPLATES["cnn-mnist"].spec
    model = _model(spec)
    x = _input(spec.input_shape, seed=5)
    baseline = torch.full(spec.input_shape, -0.5)
    result = explain(model, x, 7, "integrated_gradients", steps=64, baseline=baseline)
    with torch.no_grad():  # the scores before the softmax, as the maps use them
        gain = model.forward_logits(x[None])[0, 7] - model.forward_logits(baseline[None])[0, 7]
    assert result.values.sum() == pytest.approx(float(gain), abs=0.02 * abs(float(gain)) + 1e-3)


# -- every template ------------------------------------------------------------------------------
CONVOLUTIONAL = [name for name, t in TEMPLATES.items() if gradcam_layers(t.spec)]


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_every_method_that_applies_runs_on_every_template(name: str) -> None:
    spec = TEMPLATES[name].spec
    model = _model(spec)
    x = _input(spec.input_shape)
    status = {a.method: a for a in available_methods(spec)}
    assert list(status) == list(METHODS)
    expected_shape = {3: spec.input_shape[-2:], 2: spec.input_shape[:1],
                      1: spec.input_shape}[len(spec.input_shape)]
    for method in METHODS:
        if not status[method].available:
            assert method == "gradcam" and name not in CONVOLUTIONAL
            assert status[method].reason is not None and str(status[method].reason)
            with pytest.raises(ExplainError):
                explain(model, x, 0, method)
            continue
        result = explain(model, x, spec.num_classes - 1, method, steps=8)
        assert result.values.shape == tuple(expected_shape), (name, method)
        assert result.values.dtype == np.float32 and np.isfinite(result.values).all()
        assert result.signed == (method in ("integrated_gradients", "occlusion"))
        if not result.signed:
            assert (result.values >= 0).all()
        assert result.seconds >= 0


@pytest.mark.parametrize("name", ["mlp-mnist", "scratch-mnist", "scratch-mnist-softmax"])
def test_gradcam_is_unavailable_for_dense_networks_with_a_plain_reason(name: str) -> None:
    gradcam = available_methods(TEMPLATES[name].spec)[-1]
    assert gradcam.method == "gradcam" and not gradcam.available
    assert str(gradcam.reason) == ("Grad-CAM needs a convolution layer; this network has none. "
                                   "Use saliency or Integrated Gradients.")


def test_gradcam_works_on_every_convolution_of_a_network_that_branches() -> None:
    spec = TEMPLATES["inception-mnist"].spec
    assert not spec.is_sequential
    layers = gradcam_layers(spec)
    assert len(layers) > 2 and all(spec.layers[i].type == "Conv2D" for i in layers)
    model = _model(spec)
    x = _input(spec.input_shape)
    for index in layers:
        result = explain(model, x, 3, "gradcam", layer=index)
        assert result.layer == index and result.values.shape == (28, 28)
    assert explain(model, x, 3, "gradcam").layer == layers[-1]


def test_refusals_are_plain() -> None:
    model = _model(TEMPLATES["cnn-mnist"].spec)
    x = _input((1, 28, 28))
    with pytest.raises(ExplainError, match="Unknown explanation method"):
        explain(model, x, 0, "lime")
    with pytest.raises(ExplainError, match="from 0 to 9"):
        explain(model, x, 10, "saliency")
    with pytest.raises(ExplainError, match="not a convolution layer"):
        explain(model, x, 0, "gradcam", layer=1)
    with pytest.raises(ExplainError, match="784"):
        explain(model, torch.zeros(10), 0, "saliency")
    words = NetworkSpec((20,), "text-sentiment", 2, (L("Embedding"), L("LSTM"),
                                                      L("Dense", units=2)))
    assert not any(a.available for a in available_methods(words))


def test_every_method_has_a_title_and_a_caption() -> None:
    for method in METHODS:
        assert str(title(method)) and len(str(caption(method))) > 40
    with pytest.raises(ExplainError):
        caption("lime")


# -- leaving things as they were -----------------------------------------------------------------
@pytest.mark.parametrize("method", METHODS)
def test_the_model_and_the_random_state_are_left_alone(method: str) -> None:
    spec = TEMPLATES["cnn-mnist"].spec  # Dropout: a model in training mode would draw masks
    training = build_model(spec, seed=0).train()
    assert all(p.requires_grad for p in training.parameters())
    before = {k: v.clone() for k, v in training.state_dict().items()}
    evaluating = model_from_weights(spec, before)
    rng = torch.get_rng_state()
    x = _input(spec.input_shape)
    for model, mode in ((training, True), (evaluating, False)):
        result = explain(model, x, 2, method)
        assert np.isfinite(result.values).all()
        assert model.training is mode
        assert all(p.grad is None for p in model.parameters())
        assert all(not m._forward_hooks and not m._backward_hooks for m in model.modules())
        for name, value in model.state_dict().items():
            assert torch.equal(value, before[name]), name
    assert torch.equal(torch.get_rng_state(), rng)
    # The training-mode model was explained in evaluation mode (no Dropout): same as the copy.
    np.testing.assert_allclose(explain(training, x, 2, method).values,
                               explain(evaluating, x, 2, method).values, rtol=1e-4, atol=1e-6)


# -- colours and the PNG -------------------------------------------------------------------------
def test_heat_maps_are_transparent_at_zero_and_coloured_by_sign() -> None:
    from playground.core.explain.heatmap import heat_rgba

    values = np.array([[0.0, 1.0], [-1.0, 0.5]], np.float32)
    signed = heat_rgba(values, signed=True)
    assert signed.shape == (2, 2, 4) and signed.dtype == np.uint8
    assert signed[0, 0, 3] == 0 and signed[0, 1, 3] > signed[1, 1, 3] > 0
    assert signed[0, 1, 0] > signed[0, 1, 2] and signed[1, 0, 2] > signed[1, 0, 0]  # red, blue
    heat = heat_rgba(np.abs(values), signed=False)
    assert heat[0, 0, 3] == 0 and heat[0, 1, 3] == heat[1, 0, 3] > 0
    assert (heat_rgba(np.zeros((3, 3)), signed=False)[..., 3] == 0).all()


def test_sequences_become_stripes_and_flat_inputs_pictures() -> None:
    from playground.core.explain.heatmap import as_grid

    stripes = as_grid(np.arange(4, dtype=np.float32), (4, 3))
    assert stripes.shape == (4, 3) and (stripes[2] == 2).all()
    assert as_grid(np.arange(12), (4, 3))[1, 0] == 3
    with pytest.raises(ValueError):
        as_grid(np.arange(5), (4, 3))


@pytest.mark.filterwarnings("ignore:The image decoding:DeprecationWarning")
def test_the_png_holds_the_blended_picture(tmp_path) -> None:
    from torchvision.io import decode_png, read_file

    from playground.core.explain.heatmap import blend, heat_rgba, upscale, write_png

    picture = np.zeros((28, 28), np.float32)
    picture[10:18, 12:16] = 1.0
    values = np.zeros((28, 28), np.float32)
    values[12, 13] = 2.0
    rgb = upscale(blend(picture, heat_rgba(values, signed=False)), 10)
    assert rgb.shape == (280, 280, 3)
    path = tmp_path / "heat.png"
    write_png(path, rgb)
    decoded = decode_png(read_file(str(path))).permute(1, 2, 0).numpy()
    np.testing.assert_array_equal(decoded, rgb)
    assert not [p for p in tmp_path.iterdir() if p != path]  # no temporary file left behind


def test_the_window_can_list_the_methods_before_torch_is_loaded() -> None:
    import subprocess
    import sys

    code = ("import sys; from playground.core.explain import attribution as a;"
            " from playground.core.teaching.templates import TEMPLATES;"
            " [a.available_methods(t.spec) for t in TEMPLATES.values()];"
            " [a.caption(m) for m in a.METHODS]; a.gradcam_layers(TEMPLATES['cnn-mnist'].spec);"
            " sys.exit(1 if 'torch' in sys.modules or 'captum' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
