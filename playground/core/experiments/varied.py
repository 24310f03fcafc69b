"""One varied setting: its name and the values to try (a grid, a choice, or a range).

Checked on its own when made (values given, none twice, a range's ends in order and above 0
for a log range); whether the network and the configuration accept the values is the
experiment's check, which knows the network.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from playground.core.errors import shorten
from playground.core.experiments.settings import ExperimentError, canonical_name, setting_label

__all__ = ["KINDS", "VariedSetting"]

KINDS = ("grid", "choice", "range")
MAX_VALUES = 100


def _is_scalar(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, (str, int, bool))


@dataclass(frozen=True)
class VariedSetting:
    """One setting and the values to try: a grid of values, a choice of names, or a range.

    In a grid experiment grid values and choices are each tried; a range (``low`` to ``high``,
    ``log`` spaced or linear, whole numbers if ``integer``) can only be searched.
    """

    name: str
    kind: str = "grid"
    values: tuple[Any, ...] = ()
    low: float | None = None
    high: float | None = None
    log: bool = False
    integer: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", canonical_name(self.name))
        if self.kind not in KINDS:
            raise ExperimentError("A varied setting is a grid, a choice or a range, not {kind}.",
                                  kind=shorten(self.kind))
        label = setting_label(self.name)
        if self.kind == "range":
            self._check_range(label)
            return
        values = tuple(self.values)
        if not values or len(values) > MAX_VALUES:
            raise ExperimentError("Give {setting} from 1 to {most} values to try.",
                                  setting=label, most=MAX_VALUES)
        if not all(_is_scalar(v) for v in values):
            bad = next(v for v in values if not _is_scalar(v))
            raise ExperimentError("{setting}: {value} is not a number, a name or true/false.",
                                  setting=label, value=shorten(bad))
        if len(set(map(json.dumps, values))) != len(values):
            raise ExperimentError("{setting} lists a value twice.", setting=label)
        object.__setattr__(self, "values", values)

    def _check_range(self, label: Any) -> None:
        low, high = self.low, self.high
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                   for v in (low, high)):
            raise ExperimentError("{setting}: a range needs a low and a high number.",
                                  setting=label)
        assert low is not None and high is not None
        if not low < high:
            raise ExperimentError("{setting}: the range's low end {low} must be below its high "
                                  "end {high}.", setting=label, low=low, high=high)
        if self.log and low <= 0:
            raise ExperimentError("{setting}: a log range must start above 0, not at {low}.",
                                  setting=label, low=low)
        if self.integer and not (float(low).is_integer() and float(high).is_integer()):
            raise ExperimentError("{setting}: a range of whole numbers needs whole ends.",
                                  setting=label)

    @classmethod
    def grid(cls, name: str, values: Any) -> VariedSetting:
        return cls(name, "grid", tuple(values))

    @classmethod
    def choice(cls, name: str, values: Any) -> VariedSetting:
        return cls(name, "choice", tuple(values))

    @classmethod
    def range(cls, name: str, low: float, high: float, *, log: bool = False,
              integer: bool = False) -> VariedSetting:
        return cls(name, "range", (), low, high, log, integer)

    def to_dict(self) -> dict[str, Any]:
        if self.kind == "range":
            return {"setting": self.name, "range": {"low": self.low, "high": self.high,
                                                    "log": self.log, "integer": self.integer}}
        return {"setting": self.name, self.kind: list(self.values)}

    @classmethod
    def from_dict(cls, data: Any) -> VariedSetting:
        if not isinstance(data, Mapping) or not isinstance(data.get("setting"), str):
            raise ExperimentError("A varied setting must be an object with a 'setting', not "
                                  "{value}.", value=shorten(data))
        kinds = [k for k in KINDS if k in data]
        if len(kinds) != 1 or set(data) != {"setting", kinds[0]}:
            raise ExperimentError("A varied setting has one of 'grid', 'choice' or 'range', and "
                                  "nothing else: {value}.", value=shorten(dict(data)))
        kind, body = kinds[0], data[kinds[0]]
        if kind == "range":
            if not isinstance(body, Mapping):
                raise ExperimentError("A range must be an object with 'low' and 'high'.")
            return cls.range(data["setting"], body.get("low"), body.get("high"),  # type: ignore[arg-type]
                             log=body.get("log") is True, integer=body.get("integer") is True)
        if not isinstance(body, list):
            raise ExperimentError("{setting}'s values must be a list.", setting=data["setting"])
        return cls(data["setting"], kind, tuple(body))
