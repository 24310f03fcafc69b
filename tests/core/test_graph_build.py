"""Networks that branch build, train, save and show their insides node by node.

A residual CNN (an Add around two convolutions) and an inception-style block (three parallel
convolutions concatenated) are built; every node's output must have the shape the shape
inference promises, the parameter count must be the model's, the initial weights must be
PyTorch's own for the seed (drawn without touching the global generator), the weights must
survive a project file, and the inspection views (feature maps, filters, health histograms,
gradient norms, snapshots, live prediction) must give one result per node.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from playground.core.data.datasets import load_dataset
from playground.core.files.project import Project, load_project, save_project
from playground.core.inspect.backprop_steps import unsupported_reason
from playground.core.inspect.boundary import decision_grid, unit_grids
from playground.core.inspect.health import layer_health
from playground.core.inspect.inside import (
    conv_filters,
    dense_weight_images,
    feature_maps,
    image_shape_before_dense,
    inspection_copy,
    layer_weights,
    recurrent_sequences,
)
from playground.core.inspect.live_predict import LivePredictor
from playground.core.inspect.snapshots import SnapshotRecorder
from playground.core.network.build import (
    PlaygroundNet,
    build_model,
    count_parameters,
    model_from_weights,
    model_layout,
    node_names,
)
from playground.core.network.graph import INPUT
from playground.core.network.shapes import analyse
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.training.config import TrainingConfig
from playground.core.training.loop import train

L = LayerSpec.create


def residual_cnn() -> NetworkSpec:
    """conv → [conv → conv] + skip → pool → flatten → dense: a ResNet block on the digits."""
    column = NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Conv2D", filters=4, kernel_size=3, padding="same"),
        L("Conv2D", filters=4, kernel_size=3, padding="same"),
        L("Conv2D", filters=4, kernel_size=3, padding="same", activation="linear"),
        L("MaxPool2D"), L("Flatten"), L("Dense", units=10, activation="softmax"),
    ), "residual")  # fmt: skip
    return column.add_skip(1, 2, L("Add"))


def inception_block() -> NetworkSpec:
    """A stem, then 1×1, 3×3 and 5×5 convolutions side by side, concatenated."""
    layers = (
        L("Conv2D", filters=4, kernel_size=3, stride=2, padding="same"),
        L("Conv2D", filters=3, kernel_size=1),
        L("Conv2D", filters=5, kernel_size=3, padding="same"),
        L("Conv2D", filters=2, kernel_size=5, padding="same", activation="tanh"),
        L("Concatenate"),
        L("BatchNorm"),
        L("MaxPool2D"),
        L("Flatten"),
        L("Dropout", rate=0.25),
        L("Dense", units=10, activation="softmax"),
    )
    inputs = ((INPUT,), (0,), (0,), (0,), (1, 2, 3), (4,), (5,), (6,), (7,), (8,))
    return NetworkSpec((1, 28, 28), "mnist", 10, layers, "inception", inputs)


def gated_mlp() -> NetworkSpec:
    """Two Dense branches from the input multiplied, then added to a third: flat vectors."""
    layers = (
        L("Dense", units=6, activation="tanh"),
        L("Dense", units=6, activation="sigmoid"),
        L("Multiply"),
        L("Dense", units=6),
        L("Add"),
        L("Dense", units=2, activation="softmax"),
    )
    inputs = ((INPUT,), (INPUT,), (0, 1), (INPUT,), (2, 3), (4,))
    return NetworkSpec((2,), "toy-circle", 2, layers, "gated", inputs)


GRAPHS = {"residual": residual_cnn, "inception": inception_block, "gated": gated_mlp}


@pytest.fixture(params=sorted(GRAPHS))
def spec(request: pytest.FixtureRequest) -> NetworkSpec:
    made = GRAPHS[request.param]()
    assert not made.is_sequential and analyse(made).ok, analyse(made).error
    return made


def sample(spec: NetworkSpec, count: int = 3) -> torch.Tensor:
    return torch.rand(count, *spec.input_shape, generator=torch.Generator().manual_seed(5))


# -- building -------------------------------------------------------------------------------
def test_every_node_has_the_inferred_shape_and_the_counts_agree(spec: NetworkSpec) -> None:
    analysis = analyse(spec)
    model = build_model(spec, seed=1).eval()
    x = sample(spec)
    with torch.no_grad():
        outputs = model.forward_all(x)
        final = model(x)
    assert len(outputs) == len(spec.layers) == len(model.layers)
    for info, out in zip(analysis.layers, outputs, strict=True):
        assert tuple(out.shape) == (len(x), *info.output_shape), info.layer.type
    assert torch.equal(final, outputs[-1])
    assert count_parameters(model) == analysis.total_params
    layout = model_layout(spec)
    assert sum(int(np.prod(shape)) for name, (shape, _) in layout.items()
               if "num_batches" not in name) == analysis.total_params


def test_nodes_are_named_after_their_type_and_merges_get_every_input(spec: NetworkSpec) -> None:
    model = build_model(spec, seed=0)
    names = node_names(spec)
    assert [name for name, _ in model.named_children()] == names
    for name, block in zip(names, model.layers, strict=True):
        assert getattr(model, name) is block
    assert all(key.split(".")[0] in names for key in model.state_dict())
    seen: dict[int, int] = {}
    for index, block in enumerate(model.layers):  # a forward hook on each node fires once
        block.register_forward_hook(
            lambda module, args, out, index=index: seen.update({index: len(args)}))
    model(sample(spec))
    assert seen == {i: len(spec.inputs_of(i)) for i in range(len(spec.layers))}


def test_a_column_builds_exactly_as_before() -> None:
    column = NetworkSpec((1, 12, 12), "digits", 10, (
        L("Conv2D", filters=2), L("Flatten"), L("Dense", units=10)))  # fmt: skip
    model = build_model(column, seed=0)
    assert isinstance(model.layers, torch.nn.ModuleList)
    assert list(model.state_dict()) == ["layers.0.0.weight", "layers.0.0.bias",
                                        "layers.2.0.weight", "layers.2.0.bias"]


def test_logits_skip_only_the_output_squashing(spec: NetworkSpec) -> None:
    model = build_model(spec, seed=2).eval()
    x = sample(spec)
    with torch.no_grad():
        logits, probabilities = model.forward_logits(x), model(x)
    assert model.output_activation == "softmax"
    torch.testing.assert_close(torch.softmax(logits, dim=1), probabilities)


def test_initial_weights_are_pytorchs_own_and_the_global_generator_is_untouched(
    spec: NetworkSpec,
) -> None:
    for init in ("default", "he"):
        before = torch.random.get_rng_state()
        built = build_model(spec, seed=11, init=init)
        assert torch.equal(torch.random.get_rng_state(), before)
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(11)
            reference = PlaygroundNet(spec)
            if init == "he":
                for module in reference.modules():
                    for name, param in module.named_parameters(recurse=False):
                        if name.startswith("bias") and not isinstance(
                                module, torch.nn.BatchNorm2d):
                            torch.nn.init.zeros_(param)
                        elif param.dim() >= 2:
                            torch.nn.init.kaiming_uniform_(param, nonlinearity="relu")
        expected = reference.state_dict()
        assert list(built.state_dict()) == list(expected)
        for key, value in expected.items():
            assert torch.equal(built.state_dict()[key], value), key


def test_weights_survive_a_project_file(spec: NetworkSpec, tmp_path: Path) -> None:
    model = build_model(spec, seed=4)
    path = tmp_path / "graph.nnp"
    save_project(Project(spec=spec, weights=model.state_dict()), path)
    loaded = load_project(path)
    assert loaded.spec == spec and loaded.weights is not None
    again = model_from_weights(loaded.spec, loaded.weights)
    x = sample(spec)
    with torch.no_grad():
        torch.testing.assert_close(again(x), model.eval()(x), rtol=0, atol=0)


def test_a_branching_network_trains() -> None:
    spec = residual_cnn()
    config = TrainingConfig(epochs=1, batch_size=32, seed=0, augment=False)
    data = load_dataset(spec.dataset, preprocessing=config.preprocessing, seed=0, limit=128)
    result = train(spec, config, data)
    assert result.status == "completed", result
    assert np.isfinite(result.history["train_loss"]).all()


# -- inspection -----------------------------------------------------------------------------
def test_feature_maps_filters_and_weights_are_per_node(spec: NetworkSpec) -> None:
    model = build_model(spec, seed=3)
    analysis = analyse(spec)
    maps = feature_maps(model, sample(spec, 1)[0])
    assert [m.layer_index for m in maps] == list(range(len(spec.layers)))
    assert [m.values.shape for m in maps] == [i.output_shape for i in analysis.layers]
    assert model.training  # restored
    weighted = [i for i, layer in enumerate(spec.layers) if layer.type in ("Conv2D", "Dense")]
    weights = layer_weights(model)
    assert sorted(weights) == weighted
    for index, w in weights.items():
        block_weight = next(p for p in model.layers[index].parameters() if p.dim() >= 2)
        assert np.array_equal(w.weight, block_weight.detach().numpy())
    filters = conv_filters(model)
    assert [f.layer_index for f in filters] == [i for i in weighted
                                                if spec.layers[i].type == "Conv2D"]
    assert recurrent_sequences(model, sample(spec, 1)[0]) == {}


def test_health_gives_histograms_and_gradient_norms_per_node(spec: NetworkSpec) -> None:
    model = build_model(spec, seed=5)
    x = sample(spec, 16)
    y = torch.arange(16) % spec.num_classes
    report = layer_health(model, x, y)
    assert [h.layer_index for h in report.layers] == list(range(len(spec.layers)))
    for health, layer in zip(report.layers, spec.layers, strict=True):
        has_weights = layer.type in ("Conv2D", "Dense")
        assert (health.weights is not None) == has_weights, layer.type
        assert (health.gradient_norm is not None and health.gradient_norm > 0) == has_weights
        assert health.activations.total > 0
    assert report.indicator("exploding_gradients")


def test_snapshots_and_live_prediction_follow_the_branches(spec: NetworkSpec) -> None:
    model = build_model(spec, seed=6)
    recorder = SnapshotRecorder(spec, keep_full_state=True, min_interval=0.0)
    snapshot = recorder(0, 0, model, epoch_end=True)
    assert snapshot is not None
    assert sorted(snapshot.weights) == sorted(layer_weights(model))
    past = snapshot.model(spec)
    copy = inspection_copy(model)
    x = sample(spec)
    with torch.no_grad():
        torch.testing.assert_close(past(x), model.eval()(x), rtol=0, atol=0)
        torch.testing.assert_close(copy(x), model(x), rtol=0, atol=0)
    predictor = LivePredictor(spec, state_dict=model.state_dict())
    probabilities = predictor.predict(x[0])
    with torch.no_grad():
        expected = model(x[:1])[0].numpy()
    np.testing.assert_allclose(probabilities, expected, atol=1e-6)
    if spec.input_shape == (2,):
        grid = decision_grid(model, resolution=8)
        assert grid.probabilities.shape == (8, 8)
        units = unit_grids(model, resolution=8)
        assert units is not None and units.layer_index == 0 and units.values.shape == (6, 8, 8)


def test_dense_images_follow_the_path_from_the_input() -> None:
    straight = NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Flatten"), L("Dense", units=4), L("Dense", units=4), L("Add"),
        L("Dense", units=10, activation="softmax"),
    ), "", ((INPUT,), (0,), (1,), (1, 2), (3,)))  # fmt: skip
    assert image_shape_before_dense(straight) == (1, (1, 28, 28))
    assert dense_weight_images(build_model(straight, seed=0), straight) is not None
    merged = NetworkSpec((1, 28, 28), "mnist", 10, (
        L("Flatten"), L("Flatten"), L("Add"), L("Dense", units=10, activation="softmax"),
    ), "", ((INPUT,), (INPUT,), (0, 1), (2,)))  # fmt: skip
    assert image_shape_before_dense(merged) is None


def test_the_hand_written_backpropagation_refuses_a_branching_network() -> None:
    reason = unsupported_reason(gated_mlp(), TrainingConfig(loss="cross_entropy"))
    assert reason is not None and "branches" in str(reason)
