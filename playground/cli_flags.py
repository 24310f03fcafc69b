"""Command-line flags for every training setting, derived from :class:`TrainingConfig` itself.

Each field of the dataclass becomes ``--field-name`` (``learning_rate`` -> ``--learning-rate``),
so a setting added to the configuration later is a flag at once, with no edit here. The flag's
kind follows the field's default: true/false fields get ``--x/--no-x``, numbers are read as
numbers, named choices list config's own tuple. Values are *not* checked here: they go through
``TrainingConfig``'s validation, so a bad value reads exactly as it would in a project file.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import MISSING, Field, fields
from typing import Any

from playground.core.errors import PlaygroundError
from playground.core.training.config import CHOICES, TrainingConfig

__all__ = ["add_training_flags", "flag_name", "short", "training_changes"]

ECHO_LIMIT = 40

# Older, shorter spellings that keep working.
ALIASES: dict[str, tuple[str, ...]] = {"learning_rate": ("--lr",)}

HELP: dict[str, str] = {
    "loss": "what the network learns to make small",
    "optimizer": "how the weights are moved after each batch",
    "learning_rate": "how far the weights move after each batch",
    "momentum": "how much of the previous step carries on (SGD and RMSprop only)",
    "nesterov": "look ahead before stepping (SGD with momentum only)",
    "weight_decay": "pull the weights towards zero a little at every step",
    "batch_size": "samples per weight update",
    "epochs": "passes over the training samples",
    "validation_split": "fraction of the training samples held out to watch for overfitting "
    "(0 trains on all of them)",
    "seed": "the random seed for the first weights, the split and the shuffling",
    "init": "how the weights start",
    "init_std": "standard deviation of the first weights with --init normal",
    "device": "where to train (auto picks a GPU when there is one)",
    "preprocessing": "how pixel values are scaled before training",
    "early_stopping_patience": "stop after this many epochs without a better validation loss "
    "(0 never stops early)",
    "keep_best": "end with the weights of the epoch with the lowest validation loss",
    "augment": "move, turn and zoom each training image at random, anew every epoch",
    "augment_shift": "largest random move of an image, in pixels (with --augment)",
    "augment_rotation": "largest random turn of an image, in degrees (with --augment)",
    "augment_scale": "largest random zoom of an image, as a fraction (with --augment)",
    "augment_shear": "largest random slant of an image, in degrees (with --augment)",
    "augment_elastic": "largest smooth random bending of an image, in pixels (with --augment)",
    "augment_thickness": "strokes thinned by one or thickened by up to this many pixels at "
    "random (with --augment)",
    "augment_outline": "share of images made hollow, only the border of their strokes kept "
    "(with --augment)",
    "augment_outline_width": "0: an outline is the one-pixel ring around the strokes; above 0, "
    "fine outlines up to this many pixels wide, as printed outlined digits look (with "
    "--augment)",
    "frozen_layers": "the first N layers keep their starting weights and do not train (transfer "
    "learning from a trained network; 0 trains every layer)",
    "target_accuracy": "end the run after the first epoch whose validation accuracy (the test "
    "accuracy with --validation-split 0) reaches this fraction, e.g. 0.97 (0 never stops "
    "early)",
}

_TYPE_NAMES: dict[str, type] = {"bool": bool, "int": int, "float": float, "str": str}


class UsageError(PlaygroundError):
    """Input the command line cannot act on."""


def short(value: object) -> str:
    """A user's value as echoed in a message: its first 40 characters, then "…"."""
    text = str(value)
    return text if len(text) <= ECHO_LIMIT else text[:ECHO_LIMIT] + "…"


def flag_name(field_name: str) -> str:
    return "--" + field_name.replace("_", "-")


def _kind(f: Field[Any]) -> type | None:
    if f.default is not MISSING:
        return type(f.default)
    return _TYPE_NAMES.get(str(f.type))


def _number(kind: type) -> Any:
    """Read a number if the text is one; anything else is passed on (shortened) for
    ``TrainingConfig`` to refuse in its own words ("epochs must be a number, not 'many'")."""

    def parse(text: str) -> Any:
        try:
            value: int | float = int(text)
        except ValueError:
            try:
                value = float(text)
            except ValueError:
                return short(text)
        if kind is float or len(str(value)) > ECHO_LIMIT:
            return float(value)  # a huge whole number is refused as 1e+50, not 50 digits
        return value

    return parse


def _choice(choices: tuple[str, ...]) -> Any:
    def parse(text: str) -> str:
        return text if text in choices else short(text)

    return parse


def _json_value(text: str) -> Any:
    """A field of a kind this module does not know yet: a JSON value, or else the text."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def add_training_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per ``TrainingConfig`` field, in a group of its own; unset flags stay None."""
    group = parser.add_argument_group(
        "training settings", "each one defaults to the template's or the project's own setting"
    )
    for f in fields(TrainingConfig):
        names = (flag_name(f.name), *ALIASES.get(f.name, ()))
        kind = _kind(f)
        help_text = HELP.get(f.name, f"the training setting {f.name} of a project file")
        options: dict[str, Any] = {"dest": f.name, "default": None, "help": help_text}
        if kind is bool:
            options["action"] = argparse.BooleanOptionalAction
        elif f.name in CHOICES:
            options["type"] = _choice(CHOICES[f.name])
            options["metavar"] = "{" + ",".join(CHOICES[f.name]) + "}"
        elif kind in (int, float):
            options["type"] = _number(kind)  # type: ignore[arg-type]
            options["metavar"] = "N" if kind is int else "X"
        elif kind is not str:
            options["type"] = _json_value
        group.add_argument(*names, **options)


def training_changes(args: argparse.Namespace) -> dict[str, Any]:
    """The settings given on the command line, by field name (flags left out are absent)."""
    return {
        f.name: getattr(args, f.name)
        for f in fields(TrainingConfig)
        if getattr(args, f.name, None) is not None
    }
