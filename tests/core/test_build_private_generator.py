"""Building a model draws its initial weights from a private generator, bit for bit as PyTorch.

The reference below is how PyTorch itself initialises a model: ``torch.manual_seed(seed)`` and
then constructing the modules (each constructor draws its weights from the global generator), all
inside ``fork_rng`` so the global state is put back. ``build_model`` must give exactly those
weights, because the exported training script promises them after ``torch.manual_seed(seed)``
and the shipped ready-trained weights are reproduced from them, but without ever reading or
advancing the global generator that a run's dropout draws from.
"""

from __future__ import annotations

import threading

import pytest
import torch
from torch import nn

from playground.core.network.build import (
    PlaygroundNet,
    build_model,
    model_from_weights,
    model_layout,
)
from playground.core.network.graph import INPUT as IN
from playground.core.network.layers import LAYER_TYPES
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.config import INITIALISATIONS

L = LayerSpec.create


def _reference_initialise(model: nn.Module, init: str, std: float) -> None:
    """The non-default schemes as they are defined: drawn from the global generator."""
    for module in model.modules():
        if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d, nn.Embedding)):
            continue
        for name, param in module.named_parameters(recurse=False):
            if name.startswith("bias"):
                nn.init.zeros_(param)
            elif param.dim() >= 2:
                if init == "xavier":
                    nn.init.xavier_uniform_(param)
                elif init == "he":
                    nn.init.kaiming_uniform_(param, nonlinearity="relu")
                elif init == "normal":
                    nn.init.normal_(param, 0.0, std)


def reference_model(
    spec: NetworkSpec, seed: int, init: str = "default", init_std: float = 0.01
) -> PlaygroundNet:
    """PyTorch's own initial weights: seed the global generator, then construct the modules."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = PlaygroundNet(spec)
        if init != "default":
            _reference_initialise(model, init, init_std)
    return model


def assert_bit_identical(model: nn.Module, reference: nn.Module) -> None:
    state, expected = model.state_dict(), reference.state_dict()
    assert list(state) == list(expected)
    for name, tensor in expected.items():
        got = state[name]
        assert got.dtype == tensor.dtype and got.shape == tensor.shape, name
        # Bit-identical, not merely close: compare the bytes, so -0.0 and NaN payloads count too.
        assert torch.equal(got.view(torch.uint8) if got.is_floating_point() else got,
                           tensor.view(torch.uint8) if tensor.is_floating_point() else tensor), (
            f"{name} differs from PyTorch's own initial weights"
        )


def _catalogue_specs() -> dict[str, NetworkSpec]:
    """For each layer type of the catalogue, a small network containing it (with its variants)."""
    image = (1, 12, 12)
    specs = {
        "Dense": NetworkSpec((20,), "toy", 3, (L("Dense", units=7), L("Dense", units=3,
                             activation="softmax", use_bias=False))),
        "Conv2D": NetworkSpec(image, "digits", 10, (
            L("Conv2D", filters=4, kernel_size=3, padding="same", stride=2),
            L("Conv2D", filters=3, kernel_size=5, padding="valid"),
            L("Flatten"), L("Dense", units=10, activation="softmax"))),
        "MaxPool2D": NetworkSpec(image, "digits", 10, (
            L("Conv2D", filters=2), L("MaxPool2D"), L("Flatten"), L("Dense", units=10))),
        "AvgPool2D": NetworkSpec(image, "digits", 10, (
            L("Conv2D", filters=2), L("AvgPool2D", pool_size=3, stride=2), L("Flatten"),
            L("Dense", units=10))),
        "Flatten": NetworkSpec(image, "digits", 10, (L("Flatten"), L("Dense", units=10))),
        "Reshape": NetworkSpec((144,), "digits", 10, (
            L("Reshape", target_shape=(1, 12, 12)), L("Conv2D", filters=2), L("Flatten"),
            L("Dense", units=10))),
        "Activation": NetworkSpec((6,), "toy", 2, (
            L("Dense", units=5, activation="linear"), L("Activation", activation="tanh"),
            L("Dense", units=2))),
        "Dropout": NetworkSpec((6,), "toy", 2, (
            L("Dense", units=5), L("Dropout", rate=0.5), L("Dense", units=2))),
        "BatchNorm": NetworkSpec(image, "digits", 10, (
            L("Conv2D", filters=3), L("BatchNorm"), L("Flatten"), L("Dense", units=8),
            L("BatchNorm"), L("Dense", units=10))),
        "Embedding": NetworkSpec((9,), "sentences", 2, (
            L("Embedding", vocabulary=30, dimension=4), L("SimpleRNN", units=5),
            L("Dense", units=2))),
    }
    # Merges, in networks that branch (each layer's inputs: IN is the network's input).
    specs["Add"] = NetworkSpec(image, "digits", 10, (
        L("Conv2D", filters=4, padding="same"), L("Conv2D", filters=4, padding="same"),
        L("Add"), L("Flatten"), L("Dense", units=10)),
        inputs=((IN,), (0,), (1, 0), (2,), (3,)))
    specs["Concatenate"] = NetworkSpec((20,), "toy", 3, (
        L("Dense", units=7), L("Dense", units=5), L("Concatenate"), L("Dense", units=3)),
        inputs=((IN,), (IN,), (0, 1), (2,)))
    specs["Multiply"] = NetworkSpec((6,), "toy", 2, (
        L("Dense", units=5), L("Dense", units=5, activation="sigmoid"), L("Multiply"),
        L("Dense", units=2)),
        inputs=((IN,), (IN,), (0, 1), (2,)))
    for kind in ("SimpleRNN", "LSTM", "GRU"):
        specs[kind] = NetworkSpec((7, 5), "sequences", 3, (
            L(kind, units=6, return_sequences=True, bidirectional=True),
            L("BatchNorm"),
            L(kind, units=4),
            L("Dense", units=3)))
    return specs


CATALOGUE = _catalogue_specs()


def test_every_catalogue_type_has_a_network_here() -> None:
    assert set(CATALOGUE) == set(LAYER_TYPES)


@pytest.mark.parametrize("init", INITIALISATIONS)
@pytest.mark.parametrize("kind", sorted(CATALOGUE))
def test_each_layer_type_gets_pytorchs_own_initial_weights(kind: str, init: str) -> None:
    spec = CATALOGUE[kind]
    for seed in (0, 7, 2**40 + 3):
        assert_bit_identical(build_model(spec, seed=seed, init=init, init_std=0.05),
                             reference_model(spec, seed, init, 0.05))


@pytest.mark.parametrize("init", INITIALISATIONS)
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_each_template_gets_pytorchs_own_initial_weights(name: str, init: str) -> None:
    template = TEMPLATES[name]
    seed = template.config.seed
    assert_bit_identical(build_model(template.spec, seed=seed, init=init),
                         reference_model(template.spec, seed, init))


def test_the_same_seed_gives_the_same_weights_and_no_seed_fresh_ones() -> None:
    spec = CATALOGUE["Dense"]
    assert_bit_identical(build_model(spec, seed=3), build_model(spec, seed=3))
    first, second = build_model(spec).state_dict(), build_model(spec).state_dict()
    assert not torch.equal(first["layers.0.0.weight"], second["layers.0.0.weight"])


def test_a_built_model_is_an_ordinary_trainable_cpu_model() -> None:
    model = build_model(CATALOGUE["BatchNorm"], seed=1)
    assert model.training
    assert all(p.device.type == "cpu" and p.requires_grad for p in model.parameters())
    model(torch.rand(4, 1, 12, 12)).sum().backward()
    assert all(p.grad is not None for p in model.parameters())


def test_building_leaves_the_global_generator_alone() -> None:
    before = torch.random.get_rng_state()
    for spec in CATALOGUE.values():
        for init in INITIALISATIONS:
            build_model(spec, seed=5, init=init)
            build_model(spec, seed=None, init=init)
    assert torch.equal(torch.random.get_rng_state(), before)


def test_building_does_not_disturb_a_thread_drawing_from_the_global_generator() -> None:
    """A run on another thread draws the same numbers whether or not models are being built."""
    spec = TEMPLATES["cnn-mnist"].spec
    draws = 400

    def run(build_meanwhile: bool) -> list[torch.Tensor]:
        torch.manual_seed(1234)
        drawn: list[torch.Tensor] = []
        started, finished = threading.Event(), threading.Event()

        def training_thread() -> None:
            started.set()
            for _ in range(draws):
                drawn.append(torch.rand(64))  # what dropout masks draw, batch after batch
            finished.set()

        thread = threading.Thread(target=training_thread)
        thread.start()
        started.wait()
        built = 0
        while build_meanwhile and (not finished.is_set() or built == 0):
            build_model(spec, seed=built)
            build_model(spec, seed=None, init="he")
            built += 1
        thread.join()
        return drawn

    alone = run(build_meanwhile=False)
    beside_builds = run(build_meanwhile=True)
    assert all(torch.equal(a, b) for a, b in zip(alone, beside_builds, strict=True))


def test_model_from_weights_copies_the_weights_into_an_evaluation_model() -> None:
    spec = CATALOGUE["BatchNorm"]
    trained = build_model(spec, seed=2)
    trained(torch.rand(8, 1, 12, 12))  # moves the running statistics away from their start
    state = trained.state_dict()
    before = torch.random.get_rng_state()
    model = model_from_weights(spec, state)
    assert torch.equal(torch.random.get_rng_state(), before)
    assert not model.training
    assert not any(p.requires_grad for p in model.parameters())
    assert_bit_identical(model, trained)
    with torch.no_grad():  # the copy is independent: changing it leaves the source as it was
        next(model.parameters()).add_(1.0)
    assert torch.equal(trained.state_dict()["layers.0.0.weight"], state["layers.0.0.weight"])
    assert not torch.equal(model.state_dict()["layers.0.0.weight"], state["layers.0.0.weight"])


def test_model_from_weights_refuses_weights_of_another_network() -> None:
    state = build_model(CATALOGUE["Dense"], seed=0).state_dict()
    with pytest.raises(RuntimeError, match="size mismatch"):
        model_from_weights(CATALOGUE["Activation"], state)
    with pytest.raises(RuntimeError, match="Missing key"):
        model_from_weights(CATALOGUE["Dense"], {k: v for k, v in state.items() if "bias" not in k})


def test_model_layout_names_every_tensor_with_its_shape_and_dtype() -> None:
    for spec in CATALOGUE.values():
        state = build_model(spec, seed=0).state_dict()
        assert model_layout(spec) == {k: (tuple(v.shape), v.dtype) for k, v in state.items()}
