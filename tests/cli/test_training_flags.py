"""Every training setting is a ``train`` flag named like the project file's field, checked by
``TrainingConfig`` itself, and reaches both the trainer and the saved project."""

from __future__ import annotations

import argparse
import io
import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import pytest

from playground import cli_flags
from playground.cli import build_parser, main
from playground.cli_flags import flag_name
from playground.core.errors import TrainingError
from playground.core.files.project import load_project
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.config import CHOICES, RANGES, TrainingConfig

# Values that differ from mlp-mnist's own settings and still train in a second.
CHOSEN: dict[str, Any] = {
    "loss": "mse",
    "optimizer": "sgd",
    "learning_rate": 0.05,
    "momentum": 0.5,
    "nesterov": True,
    "weight_decay": 0.001,
    "batch_size": 50,
    "epochs": 2,
    "validation_split": 0.0,
    "seed": 7,
    "init": "normal",
    "init_std": 0.05,
    "device": "cpu",
    "preprocessing": "center",
    "early_stopping_patience": 3,
    "keep_best": True,
    "augment": True,
    "augment_shift": 1.5,
    "augment_rotation": 5.0,
    "augment_scale": 0.05,
}


def _other_value(name: str, current: Any) -> Any:
    """A valid value different from ``current``, for a field this test does not know yet."""
    if isinstance(current, bool):
        return not current
    if name in CHOICES:
        return next(c for c in CHOICES[name] if c != current)
    low, high = RANGES[name]
    if isinstance(current, int):
        return current + 1 if current + 1 <= high else current - 1
    return (current + low) / 2 if current > low else (low + min(high, low + 1)) / 2


def _flag_args(name: str, value: Any) -> list[str]:
    if isinstance(value, bool):
        return [flag_name(name) if value else "--no-" + flag_name(name)[2:]]
    return [flag_name(name), str(value)]


def _train_options(parser: argparse.ArgumentParser) -> set[str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {opt for action in sub.choices["train"]._actions for opt in action.option_strings}


def test_every_config_field_has_a_flag_of_the_same_name() -> None:
    options = _train_options(build_parser())
    missing = [f.name for f in fields(TrainingConfig) if flag_name(f.name) not in options]
    assert not missing, f"TrainingConfig fields without a train flag: {missing}"
    assert "--lr" in options and "--learning-rate" in options  # the old spelling still works


def test_a_field_added_later_gets_a_flag_without_edits(monkeypatch: pytest.MonkeyPatch) -> None:
    @dataclass(frozen=True)
    class Later(TrainingConfig):
        label_smoothing: float = 0.0
        warmup_epochs: int = 0
        shuffle: bool = True

    monkeypatch.setattr(cli_flags, "TrainingConfig", Later)
    parser = build_parser()
    assert {"--label-smoothing", "--warmup-epochs", "--shuffle", "--no-shuffle"} <= (
        _train_options(parser)
    )
    args = parser.parse_args(["train", "mlp-mnist", "--label-smoothing", "0.1",
                              "--warmup-epochs", "3", "--no-shuffle"])
    assert cli_flags.training_changes(args) == {
        "label_smoothing": 0.1, "warmup_epochs": 3, "shuffle": False,
    }


def test_every_flag_reaches_the_trainer_and_the_saved_project(tmp_path: Path) -> None:
    base = TEMPLATES["mlp-mnist"].config
    wanted = {}
    for f in fields(TrainingConfig):
        current = getattr(base, f.name)
        chosen = CHOSEN.get(f.name, current)
        wanted[f.name] = chosen if chosen != current else _other_value(f.name, current)
    assert all(getattr(base, k) != v for k, v in wanted.items()), "pick values that change"
    argv = ["train", "mlp-mnist", "--limit", "300", "--quiet",
            "--out", str(tmp_path / "p.nnp"), "--metrics-json", str(tmp_path / "m.json")]
    for name, value in wanted.items():
        argv += _flag_args(name, value)
    err = io.StringIO()
    assert main(argv, io.StringIO(), err) == 0, err.getvalue()
    used = json.loads((tmp_path / "m.json").read_text())["config"]  # the trainer's own config
    saved = load_project(tmp_path / "p.nnp").training.to_dict()
    for name, value in wanted.items():
        assert used[name] == value, name
        assert saved[name] == value, name
    assert "(0 for validation)" in err.getvalue()  # --validation-split 0 trains on everything


def test_lr_is_an_alias_of_learning_rate() -> None:
    args = build_parser().parse_args(["train", "mlp-mnist", "--lr", "0.2"])
    assert cli_flags.training_changes(args) == {"learning_rate": 0.2}


@pytest.mark.parametrize(
    ("flag", "value", "field_value"),
    [
        ("--validation-split", "0.95", 0.95),
        ("--epochs", "many", "many"),
        ("--epochs", "2.5", 2.5),
        ("--optimizer", "lbfgs", "lbfgs"),
        ("--batch-size", "0", 0),
        ("--learning-rate", "0", 0.0),
        ("--augment-rotation", "nan", float("nan")),
    ],
)
def test_a_bad_value_reads_as_in_a_project_file(
    flag: str, value: str, field_value: Any
) -> None:
    name = flag[2:].replace("-", "_")
    with pytest.raises(TrainingError) as project_file:
        TrainingConfig.from_dict({**TEMPLATES["mlp-mnist"].config.to_dict(), name: field_value})
    out, err = io.StringIO(), io.StringIO()
    assert main(["train", "mlp-mnist", flag, value], out, err) == 2
    assert err.getvalue() == f"error: {project_file.value}\n"


@pytest.mark.parametrize(
    ("flag", "value"),
    [("--optimizer", "a" * 300), ("--epochs", "b" * 300), ("--seed", "9" * 300)],
)
def test_long_bad_values_are_echoed_shortened(flag: str, value: str) -> None:
    err = io.StringIO()
    assert main(["train", "mlp-mnist", flag, value], io.StringIO(), err) == 2
    line = err.getvalue()
    assert line.count("\n") == 1 and len(line) < 160, line
    assert value[:41] not in line


def test_threads_accepts_a_count_or_auto() -> None:
    parser = build_parser()
    assert parser.parse_args(["train", "x", "--threads", "3"]).threads == 3
    assert parser.parse_args(["train", "x", "--threads", "auto"]).threads == 0
    assert parser.parse_args(["train", "x", "--threads", "0"]).threads == 0
    assert parser.parse_args(["train", "x"]).threads == 0


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
def test_a_bad_thread_count_exits_2(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["train", "x", "--threads", value])
    assert exit_.value.code == 2
    assert "is not a thread count" in capsys.readouterr().err


def test_an_explicit_thread_count_is_used_and_shown() -> None:
    err = io.StringIO()
    code = main(["train", "mlp-mnist", "--limit", "200", "--epochs", "1", "--threads", "2"],
                io.StringIO(), err)
    assert code == 0, err.getvalue()
    assert "(2 CPU threads)" in err.getvalue()


def test_a_small_model_trains_on_one_thread_by_default() -> None:
    err = io.StringIO()
    code = main(["train", "mlp-mnist", "--limit", "200", "--epochs", "1"], io.StringIO(), err)
    assert code == 0, err.getvalue()
    assert "(1 CPU thread)" in err.getvalue()
