"""Run labels for comparisons: the classic experiments of the first lesson, named in plain words."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

import pytest

from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.compare import (
    describe_change,
    describe_differences,
    describe_layers,
    describe_run,
    parameter_count,
)
from playground.core.training.config import TrainingConfig

L = LayerSpec.create
MLP = TEMPLATES["mlp-mnist"]
SPEC = MLP.spec  # Flatten, Dense 64 relu, Dense 64 relu, Dense 10 softmax
# The engine's defaults with the template's optimizer settings (mlp-mnist itself centres its
# pixels and starts from Glorot weights, as the course's Keras code does).
CONFIG = TrainingConfig(optimizer=MLP.config.optimizer, learning_rate=MLP.config.learning_rate,
                        batch_size=MLP.config.batch_size, epochs=MLP.config.epochs)


def record(spec: NetworkSpec = SPEC, device: str = "cpu", **changes: Any) -> dict[str, Any]:
    return {"spec": spec.to_dict(), "config": CONFIG.with_changes(**changes).to_dict(),
            "device": device, "test_accuracy": 0.9}


def label(other: dict[str, Any], base: dict[str, Any] | None = None) -> str:
    return describe_differences([base or record(), other])[1]


def with_activation(spec: NetworkSpec, activation: str, indices: tuple[int, ...]) -> NetworkSpec:
    for i in indices:
        spec = spec.replace_layer(i, spec.layers[i].with_params(activation=activation))
    return spec


def test_no_runs_and_one_run() -> None:
    assert describe_differences([]) == []
    assert describe_differences([record()]) == ["baseline"]


def test_learning_rate_0_001_vs_0_005() -> None:
    assert label(record(learning_rate=0.005)) == "lr 0.001 → 0.005"


def test_sigmoid_instead_of_relu_in_both_hidden_layers_is_one_change() -> None:
    sigmoid = with_activation(SPEC, "sigmoid", (1, 2))
    assert label(record(sigmoid)) == "layers 2–3 Dense: relu → sigmoid"


def test_sigmoid_in_one_layer() -> None:
    assert label(record(with_activation(SPEC, "sigmoid", (2,)))) == "layer 3 Dense: relu → sigmoid"


def test_non_adjacent_layers_are_listed() -> None:
    spec = SPEC.insert(2, L("Dense", units=64, activation="relu"))  # 5 layers, Dense at 2, 3, 4
    changed = with_activation(spec, "tanh", (1, 3))
    assert label(record(changed), record(spec)) == "layers 2, 4 Dense: relu → tanh"


def test_with_and_without_dropout() -> None:
    dropout = SPEC.insert(3, L("Dropout", rate=0.5))
    assert label(record(dropout)) == "+ Dropout 0.5 after layer 3"
    assert label(record(), record(dropout)) == "− layer 4 Dropout"


def test_dropout_rate_change() -> None:
    base = SPEC.insert(3, L("Dropout", rate=0.5))
    other = base.replace_layer(3, L("Dropout", rate=0.2))
    assert label(record(other), record(base)) == "layer 4 Dropout: 0.5 → 0.2"


def test_layer_added_at_the_start_and_several_at_once() -> None:
    assert label(record(SPEC.insert(0, L("Dropout", rate=0.2)))) == "+ Dropout 0.2 at the start"
    two = SPEC.insert(3, L("Dense", units=32, activation="relu")).insert(4, L("Dropout", rate=0.5))
    assert label(record(two)) == "+ Dense (32, relu), Dropout 0.5 after layer 3"


def test_units_change_and_removed_layer() -> None:
    assert label(record(SPEC.replace_layer(1, SPEC.layers[1].with_params(units=128)))) == (
        "layer 2 Dense: 64 → 128 units"
    )
    base = SPEC.replace_layer(2, SPEC.layers[2].with_params(units=32))
    assert label(record(base.remove(2)), record(base)) == "− layer 3 Dense"


def test_several_parameters_of_one_layer() -> None:
    other = SPEC.replace_layer(1, SPEC.layers[1].with_params(units=128, activation="tanh"))
    assert label(record(other)) == "layer 2 Dense: 64 → 128 units, relu → tanh"


def test_layer_of_another_type_in_the_same_place() -> None:
    base = SPEC.replace_layer(2, SPEC.layers[2].with_params(units=32))
    other = base.replace_layer(1, L("BatchNorm"))
    assert label(record(other), record(base)) == "layer 2: Dense (64, relu) → BatchNorm"


def test_a_different_network_is_summarised_by_its_size() -> None:
    assert label(record(TEMPLATES["cnn-mnist"].spec)) == "4 → 8 layers"
    many = with_activation(SPEC, "tanh", (1,)).replace_layer(2, L("Dense", units=8)).insert(
        3, L("Dropout")).insert(1, L("BatchNorm"))
    assert label(record(many)) in ("4 → 6 layers",)


def test_training_options() -> None:
    assert label(record(batch_size=64)) == "batch 32 → 64"
    assert label(record(epochs=10)) == "epochs 5 → 10"
    assert label(record(optimizer="sgd")) == "optimizer adam → sgd"
    assert label(record(validation_split=0.2)) == "validation 10% → 20%"
    assert label(record(early_stopping_patience=3)) == "early stopping off → 3"
    assert label(record(keep_best=True)) == "keep best off → on"
    assert label(record(weight_decay=1e-4)) == "weight decay 0 → 0.0001"


def test_dataset_and_preprocessing() -> None:
    fashion = NetworkSpec(SPEC.input_shape, "fashion-mnist", 10, SPEC.layers)
    assert label(record(fashion)) == "dataset mnist → fashion-mnist"
    assert label(record(preprocessing="standardize")) == "preprocessing scale → standardize"
    rows = NetworkSpec((28, 28), "mnist", 10, SPEC.layers)
    assert label(record(rows)) == "input 1×28×28 → 28×28"
    toy = {**record(), "dataset_options": {"noise": 0.1}}
    assert label({**record(), "dataset_options": {"noise": 0.3}}, toy) == "noise 0.1 → 0.3"


def test_runs_differing_only_by_seed_are_the_same_settings() -> None:
    assert label(record(seed=2), record(seed=1)) == "same settings (seed 1 vs 2)"
    assert label(record(seed=1), record(seed=1)) == "same settings"
    assert label(record(device="cuda")) == "same settings (device cpu vs cuda)"


def test_a_seed_beside_a_real_change_is_named_last() -> None:
    assert label(record(learning_rate=0.005, seed=3)) == "lr 0.001 → 0.005; seed 0 → 3"


def test_every_run_is_compared_with_the_first() -> None:
    runs = [record(), record(learning_rate=0.005), record(with_activation(SPEC, "sigmoid", (1, 2)))]
    assert describe_differences(runs) == [
        "baseline", "lr 0.001 → 0.005", "layers 2–3 Dense: relu → sigmoid",
    ]


def test_long_labels_count_the_rest() -> None:
    other = record(SPEC.insert(3, L("Dropout")), learning_rate=0.005, batch_size=64, epochs=10,
                   optimizer="sgd")
    assert describe_differences([record(), other], max_items=3)[1] == (
        "+ Dropout 0.5 after layer 3; lr 0.001 → 0.005; +3 more"
    )
    full = describe_change(record(), other)
    assert full.count(";") == 4 and "epochs 5 → 10" in full


def test_spanish() -> None:
    runs = [record(), record(SPEC.insert(3, L("Dropout"))), record(seed=4)]
    assert describe_differences(runs, language="es") == [
        "referencia", "+ Dropout 0,5 tras la capa 3", "mismos ajustes (semilla 0 vs 4)",
    ]
    # Settings are written with a decimal comma, as the rest of the Spanish interface.
    assert describe_differences([record(), record(learning_rate=0.005)], language="es")[1] == \
        "tasa 0,001 → 0,005"
    assert describe_run(record(), language="es").startswith("mnist; adam, tasa 0,001, lote 32")


def test_old_or_partial_records_are_read_with_defaults() -> None:
    old = record()
    old["config"] = {"learning_rate": 0.001}  # an older file: other options at their defaults
    del old["spec"]["layers"][1]["params"]["activation"]  # relu is Dense's default
    assert label(old) == "same settings"
    assert describe_differences([{}, {}]) == ["baseline", "same settings"]
    broken = record()
    broken["spec"]["layers"][1]["params"]["units"] = -5  # invalid: compared as written
    assert label(broken) == "layer 2 Dense: 64 → -5 units"


def test_real_run_records() -> None:
    from playground.core.training.result import TrainingResult

    started = time.time()
    a = TrainingResult("completed", CONFIG).to_record(SPEC, started)
    b = TrainingResult("completed", CONFIG.with_changes(learning_rate=0.005)).to_record(
        with_activation(SPEC, "sigmoid", (1, 2)), started)
    assert describe_differences([a, b]) == [
        "baseline", "layers 2–3 Dense: relu → sigmoid; lr 0.001 → 0.005",
    ]


def test_key_settings_layers_and_parameters() -> None:
    assert describe_run(record()) == "mnist; adam, lr 0.001, batch 32, 5 epochs; 4 layers"
    assert describe_layers(record()) == (
        "Flatten → Dense (64, relu) → Dense (64, relu) → Dense (10, softmax)"
    )
    assert parameter_count(record()) == 784 * 64 + 64 + 64 * 64 + 64 + 64 * 10 + 10
    assert parameter_count({"spec": {"layers": "nonsense"}}) is None


@pytest.mark.parametrize("module", ["playground.core.training.compare"])
def test_imports_neither_qt_nor_torch(module: str) -> None:
    code = (f"import sys, {module}\n"
            "print([m for m in sys.modules if m.split('.')[0] in ('torch', 'PySide6')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_config_defaults_match_the_engine() -> None:
    assert describe_change(record(), {**record(), "config": TrainingConfig().to_dict()}) == (
        "same settings"
    )
