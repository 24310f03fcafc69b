"""Transfer from the ready-trained digit network, and frozen layers in training."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from playground.core.data.datasets import BUNDLED_MNIST
from playground.core.data.own_classes import OwnClasses
from playground.core.data.own_classes_io import to_dataset
from playground.core.errors import SpecError, TrainingError
from playground.core.inspect import pretrained
from playground.core.network.build import build_model
from playground.core.network.shapes import analyse
from playground.core.teaching.transfer import (
    FINE_TUNE_LEARNING_RATE,
    default_spec,
    feature_layers,
    recommended_config,
    transfer_spec,
)
from playground.core.training.config import TrainingConfig
from playground.core.training.loop import Trainer, train


@pytest.fixture(scope="module")
def digits() -> OwnClasses:
    """Ten bundled MNIST training digits each of 0, 1 and 7, as three own classes."""
    with np.load(BUNDLED_MNIST) as npz:
        images, labels = npz["train_images"], npz["train_labels"]
    picks = [np.flatnonzero(labels == d)[:10] for d in (0, 1, 7)]
    chosen = np.concatenate(picks)
    return OwnClasses.from_arrays(["zero", "one", "seven"], images[chosen],
                                  np.repeat(np.arange(3), 10))  # fmt: skip


@pytest.fixture(scope="module")
def base() -> dict[str, torch.Tensor]:
    weights = pretrained.load_weights()
    assert weights is not None
    return weights


def one_epoch(transfer, data, **changes) -> tuple[dict, dict]:
    config = recommended_config(data[0], transfer=transfer).config.with_changes(
        epochs=1, device="cpu", **changes)
    model = build_model(transfer.spec, seed=0)
    model.load_state_dict(transfer.weights)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    result = train(transfer.spec, config, data[1], model=model)
    assert result.status == "completed", result.message
    assert all(p.requires_grad for p in model.parameters())  # given back after the run
    return before, result.state_dict


def layer_of(key: str) -> int:
    return int(key.split(".")[1])


def test_default_spec_is_a_small_cnn_for_the_classes(digits: OwnClasses) -> None:
    spec = default_spec(digits)
    analysis = analyse(spec)
    assert spec.dataset == "own-classes" and spec.input_shape == (1, 28, 28)
    assert analysis.ok and analysis.layers[-1].output_shape == (3,) and spec.num_classes == 3
    assert analysis.total_params == 56_259
    with pytest.raises(SpecError, match="at least two classes"):
        default_spec(1)


def test_transfer_keeps_the_learned_layers_and_adds_a_fresh_output(digits, base) -> None:
    frozen = transfer_spec(digits, pretrained.SPEC, base)
    spec, weights, count = frozen  # it unpacks as (spec, weights, frozen layers)
    assert count == feature_layers(pretrained.SPEC) == 11  # convolutions, norms, pools, Flatten
    assert [layer.type for layer in spec.layers[:-1]] == [
        layer.type for layer in pretrained.SPEC.layers[:-1]]
    assert spec.layers[-1].params["units"] == 3 and spec.num_classes == 3
    assert analyse(spec).total_params == analyse(pretrained.SPEC).total_params - 65 * 7
    assert weights["layers.13.0.weight"].shape == (3, 64)
    for key, value in weights.items():
        if layer_of(key) < 13:
            assert torch.equal(value, base[key]), key
    assert transfer_spec(5, pretrained.SPEC, base, fine_tune=True).frozen_layers == 0
    with pytest.raises(SpecError, match="do not fit"):
        transfer_spec(3, pretrained.SPEC, {})


def test_frozen_layers_do_not_change_and_the_rest_does(digits, base) -> None:
    data = (digits, to_dataset(digits, seed=0))
    transfer = transfer_spec(digits, pretrained.SPEC, base)
    before, after = one_epoch(transfer, data)
    for key in before:
        same = torch.equal(before[key], after[key])
        if layer_of(key) < transfer.frozen_layers:
            assert same, key  # weights and BatchNorm statistics alike
        elif not key.endswith("num_batches_tracked"):
            assert not same, key


def test_fine_tuning_changes_every_layer(digits, base) -> None:
    data = (digits, to_dataset(digits, seed=0))
    transfer = transfer_spec(digits, pretrained.SPEC, base, fine_tune=True)
    advice = recommended_config(digits, transfer=transfer)
    assert advice.config.learning_rate == FINE_TUNE_LEARNING_RATE
    assert advice.config.frozen_layers == 0
    assert any("Fine-tuning" in str(reason) for reason in advice.reasons)
    before, after = one_epoch(transfer, data)
    changed = {layer_of(k) for k in before if not torch.equal(before[k], after[k])}
    assert changed >= {0, 1, 2, 3, 5, 6, 7, 8, 12, 13}  # every layer with weights


def test_frozen_layers_out_of_range_are_refused(digits) -> None:
    data = to_dataset(digits, seed=0)
    spec = default_spec(digits)
    with pytest.raises(TrainingError, match="9 layers are to be frozen, but the network has "
                                            "only 8"):
        Trainer(spec, TrainingConfig(frozen_layers=9), data)
    with pytest.raises(TrainingError, match="nothing would train"):
        Trainer(spec, TrainingConfig(frozen_layers=8), data)
    model = build_model(spec, seed=0)
    with pytest.raises(TrainingError):
        Trainer(spec, TrainingConfig(frozen_layers=8), data, model=model)
    assert all(p.requires_grad for p in model.parameters())
    with pytest.raises(TrainingError, match="frozen_layers must be between 0 and"):
        TrainingConfig(frozen_layers=-1)


def test_freezing_works_for_any_network_and_reads_from_old_settings(digits) -> None:
    assert TrainingConfig.from_dict({"epochs": 2}).frozen_layers == 0
    assert TrainingConfig.from_dict(TrainingConfig(frozen_layers=3).to_dict()).frozen_layers == 3
    spec = default_spec(digits)
    model = build_model(spec, seed=1)
    first = model.layers[0][0].weight.detach().clone()
    config = TrainingConfig(frozen_layers=2, epochs=1, batch_size=8, device="cpu")
    result = train(spec, config, to_dataset(digits, seed=1), model=model)
    assert torch.equal(result.state_dict["layers.0.0.weight"], first)
    assert not torch.equal(result.state_dict["layers.2.0.weight"],
                           build_model(spec, seed=1).state_dict()["layers.2.0.weight"])
