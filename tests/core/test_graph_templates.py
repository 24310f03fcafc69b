"""The templates that branch: ``resnet-fashion`` (skip connections) and ``inception-mnist``
(parallel convolutions joined by Concatenate) analyse, count, build and save as designed."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from playground.core.files.project import Project, load_project, save_project
from playground.core.messages import Message
from playground.core.network.build import build_model, count_parameters
from playground.core.network.graph import INPUT
from playground.core.network.shapes import analyse
from playground.core.network.spec import NetworkSpec
from playground.core.teaching.templates import TEMPLATES, template

BRANCHING = ("resnet-fashion", "inception-mnist")


def conv(filters: int, channels: int, k: int) -> int:
    """A Conv2D's parameters: one k×k kernel per input channel and a bias, per filter."""
    return filters * channels * k * k + filters


def dense(units: int, inputs: int) -> int:
    return units * inputs + units


# resnet-fashion, layer by layer (shapes as channels × height × width):
RESNET_PARAMS = (
    conv(16, 1, 3)  # stem 1→16 on 28×28: 160, then 2×2 pooling to 16×14×14
    + 2 * conv(16, 16, 3)  # block 1: 2 × 2,320
    + conv(32, 16, 3)  # block 2, stride 2 to 32×7×7: 4,640
    + conv(32, 32, 3)  # 9,248
    + conv(32, 16, 1)  # its 1×1 stride-2 projection on the skip: 544
    + 2 * conv(32, 32, 3)  # block 3: 2 × 9,248
    + dense(10, 32 * 3 * 3)  # 2×2 pooling to 32×3×3 = 288 values → 10: 2,890
)
# inception-mnist: stem, then four branches from 16×14×14, each ending at 7×7.
INCEPTION_PARAMS = (
    conv(16, 1, 3)  # stem: 160
    + conv(16, 16, 1)  # 1×1 branch, stride 2: 272
    + conv(16, 16, 1) + conv(24, 16, 3)  # 1×1 reduce (272), 3×3 stride 2 (3,480)
    + conv(8, 16, 1) + conv(16, 8, 5)  # 1×1 reduce (136), 5×5 stride 2 (3,216)
    + conv(8, 16, 1)  # 2×2 max pooling, then a 1×1 (136)
    + dense(10, (16 + 24 + 16 + 8) * 7 * 7)  # Concatenate: 64×7×7 = 3,136 → 10: 31,370
)


def test_hand_counts() -> None:
    assert RESNET_PARAMS == 160 + 2 * 2_320 + 4_640 + 9_248 + 544 + 2 * 9_248 + 2_890
    assert RESNET_PARAMS == 40_618
    assert INCEPTION_PARAMS == 160 + 272 + 272 + 3_480 + 136 + 3_216 + 136 + 31_370
    assert INCEPTION_PARAMS == 39_042


@pytest.mark.parametrize(("name", "params"), [("resnet-fashion", RESNET_PARAMS),
                                               ("inception-mnist", INCEPTION_PARAMS)])
def test_branching_templates_analyse_with_the_hand_counted_parameters(name: str,
                                                                       params: int) -> None:
    t = template(name)
    assert not t.spec.is_sequential
    analysis = analyse(t.spec)
    assert analysis.error is None
    assert analysis.total_params == params
    assert analysis.layers[-1].output_shape == (10,)


def test_resnet_fashion_is_wired_as_residual_blocks() -> None:
    spec = template("resnet-fashion").spec
    adds = [i for i, layer in enumerate(spec.layers) if layer.type == "Add"]
    assert [spec.inputs_of(i) for i in adds] == [(3, 1), (6, 7), (10, 8)]
    assert spec.inputs_of(0) == (INPUT,)
    shapes = [info.output_shape for info in analyse(spec).layers]
    assert shapes[4] == (16, 14, 14) and shapes[8] == (32, 7, 7) and shapes[11] == (32, 7, 7)


def test_inception_mnist_joins_four_branches() -> None:
    spec = template("inception-mnist").spec
    merge = next(i for i, layer in enumerate(spec.layers) if layer.type == "Concatenate")
    branches = spec.inputs_of(merge)
    assert len(branches) == 4
    shapes = [info.output_shape for info in analyse(spec).layers]
    assert [shapes[b][1:] for b in branches] == [(7, 7)] * 4
    assert shapes[merge] == (64, 7, 7)


@pytest.mark.parametrize("name", BRANCHING)
def test_branching_templates_build_and_give_ten_scores(name: str) -> None:
    t = template(name)
    model = build_model(t.spec, seed=0)
    assert count_parameters(model) == analyse(t.spec).total_params
    model.eval()
    with torch.no_grad():
        out = model(torch.rand(3, *t.spec.input_shape))
    assert out.shape == (3, 10)
    assert torch.allclose(out.sum(dim=1), torch.ones(3), atol=1e-5)  # softmax output


@pytest.mark.parametrize("name", BRANCHING)
def test_branching_templates_round_trip_through_json_and_a_project(name: str,
                                                                   tmp_path: Path) -> None:
    t = template(name)
    again = NetworkSpec.from_json(t.spec.to_json())
    assert again == t.spec and again.inputs == t.spec.inputs
    path = tmp_path / f"{name}.nnp"
    weights = build_model(t.spec, seed=1).state_dict()
    save_project(Project(t.spec, t.config, weights=weights), path)
    loaded = load_project(path)
    assert loaded.spec == t.spec and loaded.training == t.config
    assert loaded.weights is not None
    assert all(torch.equal(loaded.weights[k], v) for k, v in weights.items())


@pytest.mark.parametrize("name", BRANCHING)
def test_branching_templates_have_titles_and_descriptions_in_spanish(name: str) -> None:
    t = TEMPLATES[name]
    for text in (t.title, t.description):
        assert isinstance(text, Message)
        assert text.render("es") != str(text), str(text)
