"""An experiment: a base network and training, the settings it varies, and how to try them.

Plain frozen data that round-trips through JSON (with a format name and a version, as network
descriptions and projects have), so a study's storage can keep the experiment it runs and a
second process, or the window, can read it back. Everything is checked when the experiment is
made: a setting the network does not have, a value the configuration refuses, a range given to
a grid. The refusal is the network's or the configuration's own message, named with the
setting and value that caused it, before any training time is spent.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from playground.core.errors import PlaygroundError, shorten
from playground.core.experiments.settings import (
    ExperimentError,
    apply_values,
    setting_kind,
    setting_label,
)
from playground.core.experiments.varied import VariedSetting
from playground.core.network.spec import NetworkSpec
from playground.core.training.config import TrainingConfig

__all__ = ["EXPERIMENT_FORMAT", "EXPERIMENT_VERSION", "Experiment", "ExperimentError",
           "VariedSetting"]

EXPERIMENT_FORMAT = "nn-playground-experiment"
EXPERIMENT_VERSION = 1
MODES = ("grid", "search")
METRICS = ("accuracy", "loss")
MAX_RUNS = 1000  # a grid of more runs is a typing mistake, not a lesson
MAX_REPEATS = 100


@dataclass(frozen=True)
class Experiment:
    """A base (network, training, dataset options and sample limit), the varied settings, and
    the plan: ``grid`` tries every combination; ``search`` tries ``trials`` points chosen by a
    seeded TPE search. Each combination runs ``repeats`` times, with seeds ``config.seed``,
    ``config.seed + 1``... ``target`` ends the experiment (and the run) once a run's validation
    accuracy reaches it (for the ``loss`` metric: once its loss falls to it). ``prune`` stops
    runs that fall behind the others (default: in a search, not in a grid, where every value
    asked for is shown in full)."""

    spec: NetworkSpec
    config: TrainingConfig
    vary: tuple[VariedSetting, ...]
    dataset_options: Mapping[str, Any] = field(default_factory=dict)
    mode: str = "grid"
    trials: int = 0
    repeats: int = 1
    limit: int | None = None
    target: float | None = None
    prune: bool | None = None
    metric: str = "accuracy"

    def __post_init__(self) -> None:
        object.__setattr__(self, "vary", tuple(self.vary))
        object.__setattr__(self, "dataset_options", dict(self.dataset_options))
        if not isinstance(self.spec, NetworkSpec) or not isinstance(self.config, TrainingConfig):
            raise ExperimentError("An experiment needs a network and a training configuration.")
        self._check_plan()
        names = [v.name for v in self.vary]
        repeated = {n for n in names if names.count(n) > 1}
        if repeated:
            raise ExperimentError("{setting} is varied twice.",
                                  setting=setting_label(sorted(repeated)[0], self.spec))
        for varied in self.vary:
            self._check_setting(varied)
        if self.mode == "grid":
            for values in self.combinations():
                self._try(values)
        elif all(v.kind != "range" for v in self.vary):
            count = math.prod(len(v.values) for v in self.vary)
            if count <= self.trials:
                raise ExperimentError("A search of {trials} points among only {count} "
                                      "combinations would try each of them: make it a grid.",
                                      trials=self.trials, count=count)

    def _check_plan(self) -> None:
        if self.mode not in MODES:
            raise ExperimentError("An experiment is a grid or a search, not {mode}.",
                                  mode=shorten(self.mode))
        if self.metric not in METRICS:
            raise ExperimentError("An experiment measures accuracy or loss, not {metric}.",
                                  metric=shorten(self.metric))
        if not self.vary:
            raise ExperimentError("An experiment varies at least one setting.")
        if not all(isinstance(v, VariedSetting) for v in self.vary):
            raise ExperimentError("Every varied setting must be a VariedSetting.")
        for name, value, low, high in (("repeats", self.repeats, 1, MAX_REPEATS),
                                       ("trials", self.trials, 0, MAX_RUNS)):
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ExperimentError("{name} must be a whole number from {low} to {high}, not "
                                      "{value}.", name=name, low=low, high=high,
                                      value=shorten(value))
        if self.mode == "search" and self.trials < 1:
            raise ExperimentError("A search needs the number of points to try (1 or more).")
        if self.limit is not None and (isinstance(self.limit, bool) or
                                       not isinstance(self.limit, int) or self.limit < 1):
            raise ExperimentError("The sample limit must be a whole number of at least 1, not "
                                  "{value}.", value=shorten(self.limit))
        if self.target is not None:
            good = isinstance(self.target, (int, float)) and not isinstance(self.target, bool) \
                and math.isfinite(self.target) and self.target > 0 \
                and (self.metric == "loss" or self.target <= 1)
            if not good:
                raise ExperimentError("The target must be a number above 0 (an accuracy at most "
                                      "1, as 0.97), not {value}.", value=shorten(self.target))
        try:
            json.dumps(self.dataset_options)
        except (TypeError, ValueError):
            raise ExperimentError("The dataset options must be plain JSON values.") from None

    def _check_setting(self, varied: VariedSetting) -> None:
        kind = setting_kind(varied.name, self.spec)
        label = setting_label(varied.name, self.spec)
        if varied.kind == "range":
            if self.mode == "grid":
                raise ExperimentError("{setting} is a range, which only a search can try: give a "
                                      "list of values for a grid, or search.", setting=label)
            if not kind.numeric:
                raise ExperimentError("{setting} takes names, not a range of numbers: give a "
                                      "choice of them.", setting=label)
            whole = varied.integer or kind.kind == "int"
            if whole and not all(float(end).is_integer() for end in (varied.low, varied.high)):
                raise ExperimentError("{setting} takes whole numbers: give whole ends.",
                                      setting=label)
            for end in (varied.low, varied.high):
                self._try({varied.name: int(end) if whole else float(end)})  # type: ignore[arg-type]
            return
        if self.mode == "search":
            for value in varied.values:
                self._try({varied.name: value})

    def _try(self, values: Mapping[str, Any]) -> None:
        """Build the network and configuration with ``values``; a refusal names them."""
        try:
            apply_values(self.spec, self.config, values)
        except ExperimentError:
            raise
        except PlaygroundError as exc:
            raise ExperimentError("{values}: {problem}", values=self.describe(values),
                                  problem=exc.message) from None

    # -- what runs -----------------------------------------------------------------------------
    def combinations(self) -> list[dict[str, Any]]:
        """Every combination of a grid's values, in the order given (a search has none)."""
        if self.mode != "grid":
            return []
        count = math.prod(len(v.values) for v in self.vary) * self.repeats
        if count > MAX_RUNS:
            raise ExperimentError("This grid makes {count} runs; at most {most} can be asked "
                                  "for at once. Try fewer values, or search.", count=count,
                                  most=MAX_RUNS)
        names = [v.name for v in self.vary]
        return [dict(zip(names, values, strict=True))
                for values in itertools.product(*(v.values for v in self.vary))]

    def grid_space(self) -> dict[str, list[Any]]:
        """The grid the sampler walks: every setting's values, and the repeat number."""
        return {**{v.name: list(v.values) for v in self.vary}, "repeat": list(range(self.repeats))}

    @property
    def seeds(self) -> tuple[int, ...]:
        return tuple(self.config.seed + r for r in range(self.repeats))

    @property
    def measure(self) -> str:
        """What the experiment compares: the ``validation`` set when every run keeps one, else
        the ``test`` set for all (a validation split of 0 leaves some runs without one)."""
        if self.config.validation_split <= 0 and "validation_split" not in self.names:
            return "test"
        for varied in self.vary:
            if varied.name == "validation_split":
                low = varied.low if varied.kind == "range" else min(varied.values)
                if low is None or low <= 0:
                    return "test"
        return "validation"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.vary)

    @property
    def direction(self) -> str:
        return "maximize" if self.metric == "accuracy" else "minimize"

    @property
    def prunes(self) -> bool:
        return self.mode == "search" if self.prune is None else bool(self.prune)

    def whole(self, varied: VariedSetting) -> bool:
        """Whether a range of ``varied`` is searched in whole numbers."""
        return varied.integer or setting_kind(varied.name, self.spec).kind == "int"

    def setup(self, values: Mapping[str, Any], repeat: int = 0) -> tuple[NetworkSpec,
                                                                         TrainingConfig]:
        """The network and configuration of one run: ``values`` in force, seed ``+ repeat``.

        A single run's own ``target_accuracy`` is left out: runs of an experiment train their
        epochs so they compare, and the experiment's ``target`` is what ends it early."""
        spec, config = apply_values(self.spec, self.config, values)
        return spec, config.with_changes(seed=self.config.seed + repeat, target_accuracy=0.0)

    def describe(self, values: Mapping[str, Any]) -> str:
        """``learning rate = 0.001, batch size = 32`` (English, for errors and logs)."""
        return ", ".join(f"{setting_label(n, self.spec)} = {v}" for n, v in values.items())

    # -- JSON ----------------------------------------------------------------------------------
    def identity(self) -> dict[str, Any]:
        """What two processes must agree on to share a study: all but the stopping rules (the
        target, the number of search points), which a later run may change."""
        data = self.to_dict()
        for key in ("target", "trials"):
            data.pop(key)
        return data

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": EXPERIMENT_FORMAT, "version": EXPERIMENT_VERSION,
            "network": self.spec.to_dict(), "training": self.config.to_dict(),
            "dataset_options": dict(self.dataset_options), "limit": self.limit,
            "vary": [v.to_dict() for v in self.vary], "mode": self.mode, "trials": self.trials,
            "repeats": self.repeats, "target": self.target, "prune": self.prune,
            "metric": self.metric,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Experiment:
        if not isinstance(data, Mapping) or data.get("format") != EXPERIMENT_FORMAT:
            raise ExperimentError("Not an experiment description.")
        version = data.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or \
                not 1 <= version <= EXPERIMENT_VERSION:
            raise ExperimentError("Experiment version {version} is not supported; this app reads "
                                  "version {supported}. Update the app to open it.",
                                  version=shorten(version), supported=EXPERIMENT_VERSION)
        known = {"format", "version", "network", "training", "dataset_options", "limit", "vary",
                 "mode", "trials", "repeats", "target", "prune", "metric"}
        unknown = set(data) - known
        if unknown:
            raise ExperimentError("An experiment has unexpected field {name}.",
                                  name=shorten(sorted(unknown, key=str)[0]))
        vary = data.get("vary")
        if not isinstance(vary, list):
            raise ExperimentError("An experiment's 'vary' must be a list.")
        options = data.get("dataset_options", {})
        return cls(
            NetworkSpec.from_dict(data.get("network")),
            TrainingConfig.from_dict(data.get("training")),
            tuple(VariedSetting.from_dict(v) for v in vary),
            options if isinstance(options, Mapping) else {},
            data.get("mode", "grid"), data.get("trials", 0), data.get("repeats", 1),
            data.get("limit"), data.get("target"), data.get("prune"),
            data.get("metric", "accuracy"),
        )

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Experiment:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            raise ExperimentError("The experiment description is not valid JSON.") from None
        return cls.from_dict(data)
