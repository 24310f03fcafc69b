"""The output activation and the loss: found past value-keeping layers, NLL that is really NLL.

A softmax followed by a Dropout or a Reshape is still the network's softmax (the trainer uses the
scores before it); a softmax that later layers change is a warning with a fix; ``nll`` is
PyTorch's ``nll_loss`` on log-probabilities and refuses anything else; the Draw pane's
probabilities of a log_softmax network are probabilities; the exported script computes the same
loss as the app.
"""

from __future__ import annotations

import contextlib
import importlib.util
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from playground.core.data.datasets import load_dataset
from playground.core.errors import TrainingError
from playground.core.export.formats import export
from playground.core.inspect.live_predict import LivePredictor
from playground.core.network.build import build_model
from playground.core.network.shapes import analyse
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.config import TrainingConfig
from playground.core.training.loop import Trainer, train
from playground.core.training.objective import Objective

L = LayerSpec.create


def mnist_net(*layers: LayerSpec, activation: str = "softmax") -> NetworkSpec:
    """Flatten, Dense(32, relu), Dense(10, activation), then ``layers``."""
    return NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Flatten"), L("Dense", units=32, activation="relu"),
        L("Dense", units=10, activation=activation), *layers,
    ))  # fmt: skip


@pytest.fixture(scope="module")
def small_mnist():
    return load_dataset("mnist", limit=600)


def config(**changes) -> TrainingConfig:
    return TrainingConfig(**{"epochs": 1, "batch_size": 64, "validation_split": 0.0, **changes})


def scores_before_softmax(spec: NetworkSpec, x: torch.Tensor, seed: int = 0) -> torch.Tensor:
    """The output Dense layer's weighted sums, computed by hand from the built model's weights."""
    model = build_model(spec, seed=seed).eval()
    hidden = torch.relu(model.layers[1][0](x.flatten(1)))
    return model.layers[2][0](hidden)


def trainer_loss(trainer: Trainer, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The loss the trainer computes for a batch, fed the way its loop feeds it."""
    model, objective = trainer.model.eval(), trainer.objective
    out = model.forward_logits(x) if objective.uses_logits else model(x)
    return objective.loss(out, y)


# -- 1. the output activation behind Dropout, Reshape, Flatten -----------------------------------
KEEPERS = {
    "dropout": (L("Dropout", rate=0.3),),
    "reshape": (L("Reshape", target_shape=(10,)),),
    "flatten": (L("Flatten"),),
    "linear-activation": (L("Activation", activation="linear"),),
    "dropout-reshape": (L("Dropout", rate=0.5), L("Reshape", target_shape=(10,))),
}


@pytest.mark.parametrize("tail", KEEPERS.values(), ids=list(KEEPERS))
def test_softmax_is_found_past_layers_that_keep_values(small_mnist, tail) -> None:
    spec = mnist_net(*tail)
    assert analyse(spec).ok and analyse(spec).warnings == ()
    trainer = Trainer(spec, config(), small_mnist)
    assert trainer.model.output_activation == "softmax"
    assert trainer.objective.uses_logits and trainer.objective.warnings() == ()
    x, y = small_mnist.train_x[:64], small_mnist.train_y[:64]
    with torch.no_grad():
        expected = F.cross_entropy(scores_before_softmax(spec, x), y)
        torch.testing.assert_close(trainer_loss(trainer, x, y), expected)
        # The network's own output is still the probabilities.
        torch.testing.assert_close(trainer.model(x).sum(dim=1), torch.ones(64))


def test_softmax_before_a_dropout_trains_like_without_the_dropout(small_mnist) -> None:
    plain = train(mnist_net(), config(seed=5), small_mnist)
    dropped = train(mnist_net(L("Dropout", rate=0.0)), config(seed=5), small_mnist)
    assert len(plain.batch_losses) == 10
    assert dropped.batch_losses == pytest.approx(plain.batch_losses, rel=1e-6)
    assert dropped.warnings == ()


# -- ... and a squashing activation that later layers change ------------------------------------
CHANGED = {
    "batchnorm": (mnist_net(L("BatchNorm")), 2, "Activation"),
    "relu-after": (mnist_net(L("Activation", activation="relu")), 2, "Activation"),
    "sigmoid-then-batchnorm": (mnist_net(L("BatchNorm"), activation="sigmoid"), 2, "Activation"),
    "softmax-twice": (mnist_net(L("Activation", activation="softmax")), 2, None),
    "hidden-softmax": (NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Flatten"), L("Dense", units=32, activation="softmax"),
        L("Dense", units=10, activation="softmax"),
    )), 1, None),
    "softmax-over-rows": (NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Flatten"), L("Dense", units=10, activation="linear"),
        L("Reshape", target_shape=(2, 5)), L("Activation", activation="softmax"), L("Flatten"),
    )), 3, "Activation"),
}  # fmt: skip


@pytest.mark.parametrize(("spec", "index", "appended"), CHANGED.values(), ids=list(CHANGED))
def test_a_squashing_activation_that_later_layers_change_warns_with_a_fix(
    spec: NetworkSpec, index: int, appended: str | None
) -> None:
    analysis = analyse(spec)
    assert analysis.ok, "a warning, not an error: the network still trains"
    (warning,) = analysis.warnings
    assert warning.layer_index == index and warning.fix is not None
    assert str(warning.problem) and warning.problem.render("es") != str(warning.problem)
    assert warning.suggestion.render("es") != str(warning.suggestion)
    assert "Warning: layer" in analysis.table()
    fixed = warning.fix.apply()
    assert analyse(fixed).ok and analyse(fixed).warnings == ()
    assert (fixed.layers[-1].type if appended else None) == appended
    assert build_model(fixed).output_activation in ("softmax", "sigmoid")


def test_a_sigmoid_inside_the_network_is_an_ordinary_hidden_activation() -> None:
    spec = NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Flatten"), L("Dense", units=32, activation="sigmoid"), L("BatchNorm"),
        L("Dense", units=10, activation="softmax"),
    ))  # fmt: skip
    assert analyse(spec).warnings == ()


@pytest.mark.parametrize(("act", "after"), [("relu", ()), ("tanh", ()),
                                            ("relu", (L("Dropout", rate=0.2),))])
def test_class_scores_bent_by_an_output_activation_warn_with_a_fix_to_linear(
    act: str, after: tuple[LayerSpec, ...]
) -> None:
    analysis = analyse(mnist_net(*after, activation=act))
    assert analysis.ok, "a warning, not an error: the network still trains"
    (warning,) = analysis.warnings
    assert warning.layer_index == 2 and act in str(warning.problem)
    assert warning.problem.render("es") != str(warning.problem)
    assert warning.suggestion.render("es") != str(warning.suggestion)
    fixed = warning.fix.apply()
    assert fixed.layers[2]["activation"] == "linear" and analyse(fixed).warnings == ()


def test_a_relu_activation_layer_at_the_end_is_removed_by_its_fix() -> None:
    spec = mnist_net(L("Activation", activation="relu"), activation="linear")
    (warning,) = analyse(spec).warnings
    assert warning.layer_index == 3
    assert warning.fix.apply().layers == spec.layers[:3]


def test_relu_before_a_final_softmax_and_a_relu_regression_output_are_fine() -> None:
    assert analyse(mnist_net(L("Activation", activation="softmax"), activation="relu")
                   ).warnings == ()  # seed 002's network: the output is the softmax
    regression = NetworkSpec((3,), "numbers", 1, (L("Dense", units=1, activation="relu"),))
    assert analyse(regression).warnings == ()  # a quantity that cannot be negative


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_no_template_gets_an_output_warning(name: str) -> None:
    assert analyse(TEMPLATES[name].spec).warnings == ()


# -- 2. nll is PyTorch's NLL, on log-probabilities -------------------------------------------------
def test_nll_with_log_softmax_is_torchs_nll_loss_on_the_model_output(small_mnist) -> None:
    spec = mnist_net(activation="log_softmax")
    trainer = Trainer(spec, config(loss="nll"), small_mnist)
    assert trainer.model.output_activation == "log_softmax"
    assert not trainer.objective.uses_logits and trainer.objective.warnings() == ()
    x, y = small_mnist.train_x[:64], small_mnist.train_y[:64]
    with torch.no_grad():
        expected = nn.NLLLoss()(trainer.model.eval()(x), y)
        torch.testing.assert_close(trainer_loss(trainer, x, y), expected)
        torch.testing.assert_close(
            expected, F.cross_entropy(scores_before_softmax(spec, x), y)
        )
    result = trainer.run()
    assert result.status == "completed" and result.test.accuracy > 0.3


def test_nll_with_log_softmax_behind_a_dropout_reads_the_log_probabilities() -> None:
    model = build_model(mnist_net(L("Dropout", rate=0.2), activation="log_softmax")).eval()
    objective = Objective("nll", model.output_activation, 10)
    x, y = torch.rand(8, 1, 28, 28), torch.arange(8)
    with torch.no_grad():
        torch.testing.assert_close(objective.loss(model(x), y), F.nll_loss(model(x), y))


@pytest.mark.parametrize("activation", ["softmax", "linear", "sigmoid", "relu"])
def test_nll_refuses_outputs_that_are_not_log_probabilities(small_mnist, activation) -> None:
    with pytest.raises(TrainingError, match="log_softmax") as caught:
        Trainer(mnist_net(activation=activation), config(loss="nll"), small_mnist)
    message = str(caught.value)
    assert "NLL expects log-probabilities" in message and activation in message
    assert "cross-entropy" in message


def test_cross_entropy_on_log_softmax_is_cross_entropy_on_the_scores(small_mnist) -> None:
    spec = mnist_net(activation="log_softmax")
    trainer = Trainer(spec, config(), small_mnist)
    assert trainer.objective.uses_logits and trainer.objective.warnings() == ()
    x, y = small_mnist.train_x[:64], small_mnist.train_y[:64]
    with torch.no_grad():
        expected = F.cross_entropy(scores_before_softmax(spec, x), y)
        torch.testing.assert_close(trainer_loss(trainer, x, y), expected)
        torch.testing.assert_close(F.cross_entropy(trainer.model(x), y), expected)


def test_binary_cross_entropy_reads_log_softmax_as_probabilities() -> None:
    model = build_model(mnist_net(activation="log_softmax")).eval()
    objective = Objective("binary_cross_entropy", "log_softmax", 10)
    x, y = torch.rand(8, 1, 28, 28), torch.arange(8)
    with torch.no_grad():
        probabilities = model(x).exp()
        expected = F.binary_cross_entropy(probabilities, F.one_hot(y, 10).float())
        torch.testing.assert_close(objective.loss(model(x), y), expected)
    assert objective.warnings() == ()


def test_mean_squared_error_on_log_probabilities_is_explained() -> None:
    (warning,) = Objective("mse", "log_softmax", 10).warnings()
    assert "log-probabilities" in warning and "softmax" in warning


def test_the_draw_pane_shows_probabilities_of_a_log_softmax_network() -> None:
    spec = mnist_net(activation="log_softmax")
    weights = build_model(spec, seed=2).state_dict()
    predictor = LivePredictor(spec, state_dict=weights)
    image = np.random.default_rng(0).random((28, 28), dtype=np.float32)
    probabilities = predictor.predict(image)
    assert probabilities.min() >= 0 and probabilities.sum() == pytest.approx(1, abs=1e-5)
    model = build_model(spec, seed=2).eval()
    with torch.no_grad():
        expected = torch.softmax(model.forward_logits(torch.from_numpy(image)[None, None]), 1)
    np.testing.assert_allclose(probabilities, expected[0].numpy(), atol=1e-6)


# -- the exported script and ONNX ---------------------------------------------------------------
@contextlib.contextmanager
def exported(spec: NetworkSpec, cfg: TrainingConfig, out: Path) -> Iterator[ModuleType]:
    """The generated ``train.py`` imported as a module (its ``main`` does not run)."""
    export(spec, cfg, out, "pytorch")
    name = f"exported_{uuid.uuid4().hex}"
    module_spec = importlib.util.spec_from_file_location(name, out / "train.py")
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    try:
        module_spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[name]


SCRIPT_CASES = {
    "nll-log-softmax": (mnist_net(activation="log_softmax"), "nll"),
    "ce-log-softmax": (mnist_net(activation="log_softmax"), "cross_entropy"),
    "ce-softmax-dropout": (mnist_net(L("Dropout", rate=0.3)), "cross_entropy"),
    "nll-log-softmax-reshape": (
        mnist_net(L("Dropout", rate=0.2), L("Reshape", target_shape=(10,)),
                  activation="log_softmax"), "nll"),
    "bce-log-softmax": (mnist_net(activation="log_softmax"), "binary_cross_entropy"),
}  # fmt: skip


@pytest.mark.parametrize(("spec", "loss"), SCRIPT_CASES.values(), ids=list(SCRIPT_CASES))
def test_the_exported_script_trains_with_the_apps_loss(
    spec: NetworkSpec, loss: str, tmp_path: Path
) -> None:
    cfg = config(loss=loss, seed=4)
    app = build_model(spec, seed=cfg.seed).eval()
    objective = Objective(loss, app.output_activation, 10)
    x, y = torch.rand(16, 1, 28, 28), torch.arange(16) % 10
    with exported(spec, cfg, tmp_path) as module, torch.no_grad():
        model = module.make_model(module.Config()).eval()
        assert objective.uses_logits == module.LOSS_ON_LOGITS
        torch.testing.assert_close(model(x), app(x), rtol=0, atol=0)
        outputs = model(x, return_logits=module.LOSS_ON_LOGITS)
        expected = app.forward_logits(x) if objective.uses_logits else app(x)
        torch.testing.assert_close(outputs, expected, rtol=0, atol=0)
        torch.testing.assert_close(module.compute_loss(outputs, y), objective.loss(expected, y))
        if loss == "nll":
            torch.testing.assert_close(module.compute_loss(outputs, y), nn.NLLLoss()(app(x), y))
            assert "F.nll_loss(outputs, targets)" in (tmp_path / "train.py").read_text()


def test_onnx_of_a_log_softmax_network_gives_the_log_probabilities(tmp_path: Path) -> None:
    pytest.importorskip("onnx")
    ort = pytest.importorskip("onnxruntime")
    spec = mnist_net(L("Dropout"), activation="log_softmax")
    model = build_model(spec, seed=3).eval()
    (path,) = export(spec, config(), tmp_path, "onnx", weights=model.state_dict())
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    x = torch.rand(3, 1, 28, 28)
    (output,) = session.run(None, {session.get_inputs()[0].name: x.numpy()})
    with torch.no_grad():
        expected = model(x).numpy()
    assert abs(output - expected).max() <= 1e-4
    assert abs(np.exp(output).sum(axis=1) - 1).max() <= 1e-5
