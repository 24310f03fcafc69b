"""The feature's parts that need no window: the network that fits the classes, how a start is
recognised, the pool jobs, and the exported script leaving frozen layers out of training."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch

from playground.core.data.own_classes import OWN_CLASSES_NAME, OwnClasses
from playground.core.inspect import pretrained
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES
from playground.core.teaching.transfer import feature_layers, transfer_spec
from playground.core.training.compare import describe_change
from playground.core.training.config import TrainingConfig
from playground.gui.own_classes.edits import fed_by_classes, own_network
from playground.gui.own_classes.jobs import (
    FINE_TUNE,
    FROZEN,
    SCRATCH,
    TRANSFER_NAME,
    mode_of,
    plan_start,
    prepare_files,
    review,
)

L = LayerSpec.create


def classes(counts: tuple[int, ...] = (6, 6, 6)) -> OwnClasses:
    rng = np.random.default_rng(0)
    own = OwnClasses.create(["circle", "triangle", "cross"][: len(counts)])
    for index, count in enumerate(counts):
        own = own.add_samples(index, rng.random((count, 28, 28), dtype=np.float32))
    return own


def test_the_transfer_network_is_known_by_its_name() -> None:
    own = classes()
    made = transfer_spec(own, pretrained.SPEC, pretrained.load_weights())
    assert made.spec.name == TRANSFER_NAME
    config = TrainingConfig(frozen_layers=made.frozen_layers)
    assert mode_of(made.spec, config) == FROZEN
    assert mode_of(made.spec, TrainingConfig()) == FINE_TUNE
    assert mode_of(TEMPLATES["cnn-mnist"].spec, config) == SCRATCH


def test_a_network_is_kept_only_when_it_can_learn_the_classes() -> None:
    cnn = own_network(TEMPLATES["cnn-mnist"].spec, 3)
    assert cnn is not None and cnn.dataset == OWN_CLASSES_NAME and cnn.num_classes == 3
    assert cnn.layers[-1].params["units"] == 3
    mlp = own_network(TEMPLATES["mlp-mnist"].spec, 4)  # reads the pictures flat: still fits
    assert mlp is not None and mlp.layers[-1].params["units"] == 4
    assert own_network(NetworkSpec((1, 28, 28), "mnist", 10, ()), 3) is None  # no layers
    toy = NetworkSpec((2,), "toy-circle", 2, (L("Dense", units=2, activation="softmax"),))
    assert own_network(toy, 3) is not None  # switched to read 28×28 pictures flat
    ends_in_conv = NetworkSpec((1, 28, 28), "mnist", 10, (L("Conv2D", filters=3),))
    assert own_network(ends_in_conv, 3) is None
    assert fed_by_classes(cnn, 5).layers[-1].params["units"] == 5


def test_the_review_and_the_start_plans() -> None:
    own = classes((6, 6, 0))
    found = review(own, SCRATCH)
    assert found.problems[0].blocks and "'cross' has no samples" in str(found.problems[0].message)
    assert found.config.augment and "Augmentation is on" in str(found.reasons[0])
    frozen = review(classes(), FROZEN)
    assert frozen.config.frozen_layers == feature_layers(pretrained.SPEC)
    assert any("are frozen" in str(r) for r in frozen.reasons)
    own = classes()
    mine = TEMPLATES["cnn-mnist"].spec
    kept = plan_start(own, SCRATCH, own_network(mine, 3), TrainingConfig(seed=3))
    assert kept.spec.layers[:-1] == mine.layers[:-1] and kept.weights is None
    assert kept.config.seed == 3 and kept.config.frozen_layers == 0
    start = plan_start(own, FINE_TUNE, kept.spec, kept.config)
    assert start.spec.name == TRANSFER_NAME and start.config.frozen_layers == 0
    assert start.config.learning_rate < kept.config.learning_rate
    base = pretrained.load_weights()
    torch.testing.assert_close(start.weights["layers.0.0.weight"], base["layers.0.0.weight"])
    back = plan_start(own, SCRATCH, start.spec, start.config)
    assert back.spec.name != TRANSFER_NAME  # the transfer network gives way to the default
    own_settings = plan_start(own, FROZEN, kept.spec, TrainingConfig(epochs=2),
                              recommended=False)
    assert own_settings.config.epochs == 2 and own_settings.config.frozen_layers > 0


def test_dropped_files_that_cannot_be_used_are_listed(tmp_path) -> None:
    from PIL import Image

    good = tmp_path / "photo.jpg"
    picture = np.full((90, 120, 3), 240, np.uint8)
    picture[30:60, 40:80] = (20, 40, 160)  # a dark blue block on light paper
    Image.fromarray(picture).save(good)
    blank = tmp_path / "blank.png"
    Image.fromarray(np.full((40, 40), 255, np.uint8)).save(blank)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG not really")
    prepared = prepare_files([good, blank, broken])
    assert len(prepared.samples) == 1 and prepared.samples[0].shape == (28, 28)
    assert [p.path for p in prepared.problems] == ["blank.png", "broken.png"]


def test_compare_runs_names_the_frozen_layers() -> None:
    base = {"config": TrainingConfig().to_dict()}
    other = {"config": TrainingConfig(frozen_layers=11).to_dict()}
    assert "frozen layers" in describe_change(base, other)


@pytest.fixture
def script(tmp_path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """The exported train.py of the digits network, imported as a module (main() not run)."""
    import importlib.util
    import sys

    from playground.core.export.script import render_training_script

    path = tmp_path / "train.py"
    path.write_text(render_training_script(pretrained.SPEC, TrainingConfig(frozen_layers=11)))
    spec = importlib.util.spec_from_file_location("exported_train", path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "exported_train", module)
    spec.loader.exec_module(module)
    return vars(module)


def test_the_exported_script_leaves_the_frozen_layers_out_of_training(script) -> None:
    base = script["Config"]
    fields = {f.name for f in dataclasses.fields(base)}
    config_type = base if "frozen_layers" in fields else dataclasses.make_dataclass(
        "Config", [("frozen_layers", int, 11)], bases=(base,), frozen=True)
    cfg = config_type(frozen_layers=11) if "frozen_layers" in fields else config_type()
    model = script["make_model"](cfg)
    model.load_state_dict(pretrained.load_weights())
    optimizer = script["make_optimizer"](model, cfg)
    trained = {id(p) for group in optimizer.param_groups for p in group["params"]}
    frozen = [p for block in list(model.layers)[:11] for p in block.parameters()]
    assert frozen and not any(id(p) in trained for p in frozen)
    assert all(id(p) in trained for block in list(model.layers)[11:] for p in block.parameters())
    before = {k: v.clone() for k, v in model.state_dict().items()}
    generator = torch.Generator().manual_seed(1)
    x = torch.rand(32, 1, 28, 28, generator=generator)
    y = torch.randint(0, 10, (32,), generator=generator)
    script["train_one_epoch"](model, optimizer, x, y, cfg, torch.Generator().manual_seed(0), 0, 1)
    after = model.state_dict()
    for key, value in before.items():
        if key.startswith(tuple(f"layers.{i}." for i in range(11))):
            torch.testing.assert_close(after[key], value)  # weights and BatchNorm statistics
    last = next(k for k in after if k.startswith("layers.13.") and k.endswith("weight"))
    assert not torch.equal(after[last], before[last])  # the layers after them learned
