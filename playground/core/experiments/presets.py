"""The six experiments the first-network lesson ends with, ready to run on its network.

The lesson builds the classic dense network on handwritten digits (the ``mlp-mnist`` template:
784 → 64 → 64 → 10, Adam 0.001, batches of 32) and then asks what happens if you change the
learning rate, the batch size, the depth, use the sigmoid instead of ReLU, add dropout, or hold
out data for validation. Each question is a preset: a grid over the values worth comparing.
They fit any network with hidden Dense layers; :meth:`Preset.experiment` checks the network
and refuses, in plain words, one they do not fit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from playground.core.experiments.definition import Experiment, VariedSetting
from playground.core.messages import Message
from playground.core.network.spec import NetworkSpec
from playground.core.training.config import TrainingConfig

__all__ = ["PRESETS", "Preset", "preset"]

#: The network the lesson's experiments were written for.
LESSON_TEMPLATE = "mlp-mnist"


@dataclass(frozen=True)
class Preset:
    """A question (``title``), what it varies, and what a student should look for."""

    name: str
    title: Message
    question: Message
    vary: tuple[VariedSetting, ...]

    def experiment(self, spec: NetworkSpec, config: TrainingConfig,
                   dataset_options: Mapping[str, Any] | None = None,
                   **plan: Any) -> Experiment:
        """This preset on ``spec`` and ``config`` (``plan``: repeats, limit, target...)."""
        return Experiment(spec, config, self.vary, dict(dataset_options or {}), **plan)


def _preset(name: str, title: Message, question: Message, *vary: VariedSetting) -> Preset:
    return Preset(name, title, question, vary)


PRESETS: dict[str, Preset] = {p.name: p for p in (
    _preset(
        "learning-rate", Message("Learning rate"),
        Message("How big a step should each update take? Too small learns slowly, too big "
                "jumps past the answer."),
        VariedSetting.grid("learning_rate", (1e-4, 1e-3, 1e-2, 1e-1)),
    ),
    _preset(
        "batch-size", Message("Batch size"),
        Message("How many pictures per update? Small batches update often but noisily; large "
                "ones update seldom but smoothly."),
        VariedSetting.grid("batch_size", (16, 32, 64, 128)),
    ),
    _preset(
        "depth", Message("Depth"),
        Message("Do more hidden layers help? The lesson's network has two; this tries one to "
                "four."),
        VariedSetting.grid("depth", (1, 2, 3, 4)),
    ),
    _preset(
        "activation", Message("Sigmoid or ReLU"),
        Message("Does the activation of the hidden layers matter? The lesson's network uses "
                "ReLU; the older sigmoid squeezes every value between 0 and 1."),
        VariedSetting.choice("activation", ("relu", "sigmoid")),
    ),
    _preset(
        "dropout", Message("Dropout"),
        Message("Does switching off a share of the neurons while training fight overfitting? "
                "The lesson adds a Dropout of 0.5 after each hidden layer."),
        VariedSetting.grid("dropout", (0.0, 0.2, 0.5)),
    ),
    _preset(
        "validation-split", Message("Validation split"),
        Message("What does holding pictures out for validation cost? Without it you cannot "
                "watch for overfitting while training; with it the network learns from fewer "
                "pictures. Compared on the test set."),
        VariedSetting.grid("validation_split", (0.0, 0.1, 0.2)),
    ),
)}


def preset(name: str) -> Preset:
    """The preset called ``name``; ``KeyError`` if there is none."""
    return PRESETS[name]
