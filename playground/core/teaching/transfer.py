"""What to train on the user's own classes: a small network, settings, and transfer learning.

Why it works this way:

* A student's own classes are a few dozen 28×28 pictures, so the network is small
  (:func:`default_spec`: two convolutions, pooling, one hidden Dense layer) and training takes
  seconds. :func:`recommended_config` chooses settings for the classes' size and says why
  (augmentation for small classes, no validation split when it would take the few samples
  there are).
* "Start from what the digits network learned" (:func:`transfer_spec`): the convolution layers
  of a trained network find strokes, curves and corners, which shapes are made of too. Their
  trained weights are kept and only the output layer is new, sized for the own classes. The
  kept layers are either frozen (:attr:`Transfer.frozen_layers`: they do not train, only the
  layers after them do) or fine-tuned (everything trains, at a lower learning rate,
  :data:`FINE_TUNE_LEARNING_RATE`, so the learned layers change slowly). With ten drawn
  shapes per class (circle, triangle, cross) either reads 93 % of held-out shapes against 87 %
  from scratch, frozen in about the same time as from scratch and fine-tuned in twice that
  (``benchmarks/own_classes_transfer.py``). Freezing the hidden Dense layer too did worse
  (92 %), and so did fine-tuning at 1e-3 or 1e-4.
* The base network is passed in (the app's ready-trained digit network is
  ``playground.core.inspect.pretrained.SPEC`` and ``load_weights()``): this module sits beside
  ``inspect`` and does not import it.

This module never imports Qt.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import torch

from playground.core.data.own_classes import OWN_CLASSES_NAME, SHAPE, OwnClasses
from playground.core.errors import SpecError
from playground.core.messages import Message
from playground.core.network.build import build_model
from playground.core.network.layer_types import layer_type
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.training.config import TrainingConfig

__all__ = [
    "AUGMENT_BELOW", "FINE_TUNE_LEARNING_RATE", "Recommendation", "Transfer", "default_spec",
    "feature_layers", "recommended_config", "transfer_spec",
]  # fmt: skip

L = LayerSpec.create
AUGMENT_BELOW = 50  # a class with fewer samples than this turns augmentation on
VALIDATE_FROM = 20  # every class needs this many samples before some are kept for validation
LEARNING_RATE = 1e-3
FINE_TUNE_LEARNING_RATE = 3e-4
BATCH_SIZE = 16
TARGET_STEPS = 300  # optimizer steps a run aims for, whatever the number of samples
EPOCH_RANGE = (10, 150)


def _count(classes: OwnClasses | int) -> int:
    n = len(classes) if isinstance(classes, OwnClasses) else classes
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise SpecError("A network for your own classes needs at least two classes, not {n}.",
                        n=str(n))
    return n


def default_spec(classes: OwnClasses | int) -> NetworkSpec:
    """A small CNN for 28×28 grey pictures with one output per class (about 56,000 weights)."""
    n = _count(classes)
    return NetworkSpec((1, *SHAPE), OWN_CLASSES_NAME, n, (
        L("Conv2D", filters=16, kernel_size=3, activation="relu"),
        L("MaxPool2D", pool_size=2),
        L("Conv2D", filters=32, kernel_size=3, activation="relu"),
        L("MaxPool2D", pool_size=2),
        L("Flatten"),
        L("Dropout", rate=0.25),
        L("Dense", units=64, activation="relu"),
        L("Dense", units=n, activation="softmax"),
    ), "own classes")  # fmt: skip


def _in_head(layer: LayerSpec) -> bool:
    """A layer of the head: a Dense layer, or one that hands values on unchanged (Dropout)."""
    kind = layer_type(layer.type)
    return kind.sizes_output or (kind.keeps_values(layer.params) and not kind.rearranges)


def feature_layers(spec: NetworkSpec) -> int:
    """How many layers come before the head (the Dense and Dropout layers at the end): the
    layers transfer keeps learned and freezes."""
    end = len(spec.layers)
    while end > 0 and _in_head(spec.layers[end - 1]):
        end -= 1
    return end


class Transfer(NamedTuple):
    """A network started from another's learned layers: ``spec``, its full ``weights`` (the kept
    layers' learned values, a fresh output layer) and how many first layers stay frozen (0 when
    fine-tuning): put the latter in ``TrainingConfig.frozen_layers``."""

    spec: NetworkSpec
    weights: dict[str, torch.Tensor]
    frozen_layers: int


def transfer_spec(
    classes: OwnClasses | int,
    base_spec: NetworkSpec,
    base_weights: Mapping[str, torch.Tensor],
    *,
    fine_tune: bool = False,
    seed: int = 0,
) -> Transfer:
    """``base_spec`` with its output layer replaced by a fresh one for ``classes``.

    Every other layer keeps its learned weights (the ready-trained digit network keeps its four
    convolutions, their BatchNorm statistics and its hidden Dense layer). Frozen, the layers
    before the head (:func:`feature_layers`) do not train; with ``fine_tune`` every layer trains
    (use :data:`FINE_TUNE_LEARNING_RATE`; :func:`recommended_config` does). ``seed`` draws the
    new output layer. The base must be a plain column whose last layer is Dense.
    """
    n = _count(classes)
    if not base_spec.is_sequential or not base_spec.layers or not layer_type(
        base_spec.layers[-1].type
    ).sizes_output:
        raise SpecError("Transfer needs a network that is a plain column ending in a Dense layer.")
    last = base_spec.layers[-1]
    layers = (*base_spec.layers[:-1], last.with_params(units=n))
    spec = NetworkSpec(base_spec.input_shape, OWN_CLASSES_NAME, n, layers,
                       "own classes (transfer)")  # fmt: skip
    weights = build_model(spec, seed=seed).state_dict()
    output = f"layers.{len(layers) - 1}."
    for key, value in weights.items():
        if key.startswith(output):
            continue
        learned = base_weights.get(key)
        if learned is None or tuple(learned.shape) != tuple(value.shape):
            raise SpecError("The base network's weights do not fit it: {tensor} is missing or "
                            "has another shape.", tensor=repr(key))
        weights[key] = learned.detach().to("cpu", value.dtype, copy=True)
    frozen = 0 if fine_tune else feature_layers(spec)
    return Transfer(spec, {k: v.clone() for k, v in weights.items()}, frozen)


@dataclass(frozen=True)
class Recommendation:
    """Training settings for a set of own classes, and why (``reasons``, one sentence each;
    ``reason`` is the first, about augmentation)."""

    config: TrainingConfig
    reasons: tuple[Message, ...]

    @property
    def reason(self) -> Message:
        return self.reasons[0]


def recommended_config(
    own: OwnClasses, *, transfer: Transfer | None = None, seed: int = 0, test_share: float = 0.2
) -> Recommendation:
    """Settings that train ``own`` in seconds: Adam, batches of 16, about 300 steps, and
    augmentation when a class has fewer than :data:`AUGMENT_BELOW` samples. With ``transfer``
    its frozen layers are set, and fine-tuning gets the lower learning rate."""
    counts = [c for c in own.counts if c > 0] or [0]
    smallest = min(range(len(own.counts)), key=lambda i: own.counts[i], default=None)
    train = max(1, round(own.total * (1 - test_share)))
    epochs = math.ceil(TARGET_STEPS / math.ceil(train / BATCH_SIZE))
    epochs = min(max(epochs, EPOCH_RANGE[0]), EPOCH_RANGE[1])
    augment = min(counts) < AUGMENT_BELOW
    validate = min(counts) >= VALIDATE_FROM
    fine_tune = transfer is not None and transfer.frozen_layers == 0
    config = TrainingConfig(
        optimizer="adam", learning_rate=FINE_TUNE_LEARNING_RATE if fine_tune else LEARNING_RATE,
        batch_size=BATCH_SIZE, epochs=epochs, validation_split=0.1 if validate else 0.0,
        seed=seed, augment=augment, augment_shift=2.0, augment_rotation=10.0, augment_scale=0.1,
        frozen_layers=transfer.frozen_layers if transfer is not None else 0,
    )  # fmt: skip
    if augment and smallest is not None:
        reasons = [Message(
            "Augmentation is on: class {name} has only {count} samples (fewer than {limit}), so "
            "every epoch shows each picture slightly moved, turned and resized, and the network "
            "learns the shape rather than the exact pictures.", name=repr(own.names[smallest]),
            count=own.counts[smallest], limit=AUGMENT_BELOW)]
    else:
        reasons = [Message(
            "Augmentation is off: every class has at least {limit} samples, enough variety to "
            "learn from as they are.", limit=AUGMENT_BELOW)]
    if not validate:
        reasons.append(Message(
            "No validation split: with fewer than {limit} samples in a class every one is needed "
            "for training; the test part still checks the network.", limit=VALIDATE_FROM))
    if transfer is not None and fine_tune:
        reasons.append(Message(
            "Fine-tuning: every layer trains, at a lower learning rate ({rate}), so the layers "
            "learned from digits change slowly and keep what they know.",
            rate=FINE_TUNE_LEARNING_RATE))
    elif transfer is not None:
        reasons.append(Message(
            "The first {count} layers are frozen: they keep what they learned from digits, and "
            "only the layers after them learn your classes.", count=transfer.frozen_layers))
    return Recommendation(config, tuple(reasons))
