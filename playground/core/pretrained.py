"""The ready-trained digit network the Draw pane answers with before the user has trained.

A teacher who opens the app and draws before training would otherwise get the answers of
random weights. So the app ships a small convolutional network (four convolutions with batch
norm, 57,000 weights, 226 kB) trained on the bundled 10,000 MNIST digits with the
drawing-robust augmentation (:data:`playground.core.config.DRAWING_ROBUST`). Its weights are
safetensors (never pickled)
made by ``assets/pretrained/make_digits_model.py``, which reproduces the file to the bit on the
same kind of computer: one CPU thread, fixed seeds, deterministic algorithms. It reaches 98.3 %
on the bundled MNIST test digits and 88.7 % on the font digits of ``assets/digits``.

The network is a spec like any other, so it is built, loaded and run by the same code as the
user's networks. This module never imports Qt.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import torch

from playground.core.assets import bundled_file
from playground.core.build import build_model
from playground.core.config import TrainingConfig
from playground.core.spec import LayerSpec, NetworkSpec

L = LayerSpec.create

WEIGHTS = bundled_file("assets", "pretrained", "digits-cnn.safetensors")

SPEC = NetworkSpec(
    (1, 28, 28),
    "mnist",
    10,
    (
        L("Conv2D", filters=16, kernel_size=3, activation="relu", padding="same"),
        L("BatchNorm"),
        L("Conv2D", filters=32, kernel_size=3, activation="relu"),
        L("BatchNorm"),
        L("MaxPool2D", pool_size=2),
        L("Conv2D", filters=32, kernel_size=3, activation="relu"),
        L("BatchNorm"),
        L("Conv2D", filters=32, kernel_size=3, activation="relu"),
        L("BatchNorm"),
        L("MaxPool2D", pool_size=2),
        L("Flatten"),
        L("Dropout", rate=0.25),
        L("Dense", units=64, activation="relu"),
        L("Dense", units=10, activation="softmax"),
    ),
    "ready-trained digits",
)

# How the shipped weights were trained: the drawing-robust preset, every bundled training digit
# (no validation split), on the CPU.
CONFIG = TrainingConfig(
    optimizer="adam", learning_rate=2e-3, batch_size=64, epochs=12, validation_split=0.0,
    seed=0, device="cpu",
).drawing_robust()  # fmt: skip


def load_weights(path: Path | None = None) -> dict[str, torch.Tensor] | None:
    """The shipped weights, checked against :data:`SPEC`; ``None`` when the file is missing or
    does not fit (the pane then simply asks for training, as without it)."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    path = path or WEIGHTS
    try:
        state = load_file(str(path))
    except (OSError, SafetensorError, ValueError, RuntimeError):
        return None
    expected = build_model(SPEC, seed=0).state_dict()
    if set(state) != set(expected) or any(
        state[k].shape != v.shape or state[k].dtype != v.dtype for k, v in expected.items()
    ):
        return None
    return state


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
