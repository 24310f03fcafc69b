"""What a new row of the experiment dialog proposes for a setting: values near the open ones.

A student who picks a setting should see values worth comparing at once, not an empty field
or the learning rate's values under the batch size. A ready-made question that varies the
setting gives its values (chosen for the lesson); otherwise the open network's or training's
own value with a smaller and a larger one (a tenth and ten times a positive decimal, half and
twice a whole number), kept within the setting's limits. A choice proposes the current choice
and the next one; a switch, off and on. A range spans the proposed values, spaced by powers of
ten when it covers two of them or more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.core.experiments.presets import PRESETS
from playground.core.experiments.settings import SettingKind, canonical_name, setting_kind
from playground.core.network.layer_types.dense import DENSE
from playground.core.network.layer_types.elementwise import DROPOUT
from playground.core.network.layers import LAYER_TYPES
from playground.core.network.spec import NetworkSpec
from playground.core.training.config import TrainingConfig

__all__ = ["Suggestion", "current_value", "suggest", "value_text"]

# Settings that are off (0) by default, where a tenth and ten times 0 say nothing.
FROM_ZERO: dict[str, tuple[float, ...]] = {
    "weight_decay": (0.0, 1e-4, 1e-3),
    "momentum": (0.0, 0.5, 0.9),
}


@dataclass(frozen=True)
class Suggestion:
    """Values to list (or choices to tick) and a range's ends and spacing."""

    values: tuple[Any, ...]
    low: float | None = None
    high: float | None = None
    log: bool = False


def current_value(name: str, spec: NetworkSpec, config: TrainingConfig) -> Any:
    """The open network's or training's value of ``name`` (None when it has none)."""
    name = canonical_name(name)
    if name.startswith("layer:"):
        _, number, param = name.split(":")
        layer = spec.layers[int(number) - 1]
        return layer.params.get(param, LAYER_TYPES[layer.type].param(param).default)
    hidden = list(spec.layers[:-1])
    if name == "depth":
        return sum(layer.type == DENSE.name for layer in spec.layers) - 1
    if name == "dropout":
        return next((layer.params.get("rate", 0.0) for layer in hidden
                     if layer.type == DROPOUT.name), 0.0)
    if name == "activation":
        return next((layer.params["activation"] for layer in hidden
                     if "activation" in layer.params), None)
    return getattr(config, name, None)


def _clamp(value: float, kind: SettingKind) -> float:
    if kind.low is not None:
        value = max(value, kind.low)
    if kind.high is not None:
        value = min(value, kind.high)
    return value


def _around(name: str, value: Any, kind: SettingKind) -> tuple[Any, ...]:
    """A smaller value, ``value`` and a larger one, within the setting's limits."""
    if name in FROM_ZERO and not value:
        found: tuple[Any, ...] = FROM_ZERO[name]
    elif kind.kind == "int":
        whole = int(value or 0)
        found = (whole // 2, whole, whole * 2) if whole > 1 else (whole, whole + 1, whole + 2)
    else:
        number = float(value or 0.0)
        found = (number / 10, number, number * 10) if number > 0 else (0.0, 0.1, 0.5)
    kept: list[Any] = []
    for candidate in found:
        clamped = _clamp(candidate, kind)
        clamped = int(clamped) if kind.kind == "int" else float(clamped)
        if clamped not in kept:
            kept.append(clamped)
    return tuple(kept)


def suggest(name: str, spec: NetworkSpec, config: TrainingConfig) -> Suggestion:
    """What a row proposes for ``name`` on this network and training."""
    name = canonical_name(name)
    kind = setting_kind(name, spec)
    current = current_value(name, spec, config)
    if kind.kind in ("choice", "bool"):
        choices = list(kind.choices)
        if current not in choices:
            return Suggestion(tuple(choices[:2]))
        following = choices[(choices.index(current) + 1) % len(choices)]
        return Suggestion((current, following) if following != current else (current,))
    preset = next((v.values for p in PRESETS.values() for v in p.vary if v.name == name), None)
    values = tuple(preset) if preset else _around(name, current, kind)
    low, high = min(values), max(values)
    log = low > 0 and high / low >= 100
    return Suggestion(values, float(low), float(high), log)


def value_text(value: Any) -> str:
    """How a value is typed in the dialog: ``0.001``, ``1e-05``, ``32``, ``true``, ``relu``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
