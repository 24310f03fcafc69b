"""The font digits of ``assets/digits``: how well a digit network reads drawings and print.

The bundled MNIST test digits are the same kind of writing the network trained on, so they
flatter it; the 600 font digits (printed and handwriting-style fonts with thick, thin and
outlined strokes, slant, blur; see ``assets/digits/make_font_digits.py``) were prepared exactly
like a drawing on the Draw pane and are never trained on. This module never imports Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

from playground.core.data.assets import bundled_file
from playground.core.data.datasets import view_as
from playground.core.errors import PlaygroundError

FONT_DIGITS = bundled_file("assets", "digits", "font-digits.npz")


def load_font_digits(path: Path | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """The images (N, 1, 28, 28) float32 in [0, 1] and their labels (N,) int64."""
    path = path or FONT_DIGITS
    try:
        with np.load(path, allow_pickle=False) as data:
            images, labels = data["images"], data["labels"]
    except (OSError, KeyError, ValueError) as exc:
        raise PlaygroundError(
            "The font digits could not be read from {file} ({reason}). Rebuild them with "
            "{script}.", file=str(path), reason=str(exc),
            script="assets/digits/make_font_digits.py") from None
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    return x, torch.from_numpy(labels.astype(np.int64))


def font_styles(path: Path | None = None) -> np.ndarray:
    """Each font digit's style (``plain``, ``thick``, ``thin``, ``outline``), in order."""
    with np.load(path or FONT_DIGITS, allow_pickle=False) as data:
        return data["styles"].astype(str)


@torch.no_grad()
def font_predictions(
    model: torch.nn.Module,
    input_shape: tuple[int, ...],
    normalize: Callable[[torch.Tensor], torch.Tensor],
    path: Path | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """``model``'s answers for the font digits and the right ones, prepared with ``normalize``
    (the dataset's own preprocessing, as the Draw pane applies it)."""
    x, y = load_font_digits(path)
    was_training = model.training
    model.eval()
    try:
        device = next(model.parameters()).device
        out = model(view_as(normalize(x), input_shape).to(device))
        return out.argmax(1).cpu(), y
    finally:
        model.train(was_training)


def font_accuracy(
    model: torch.nn.Module,
    input_shape: tuple[int, ...],
    normalize: Callable[[torch.Tensor], torch.Tensor],
    path: Path | None = None,
) -> float:
    """The share of font digits ``model`` classifies right (see :func:`font_predictions`)."""
    predicted, y = font_predictions(model, input_shape, normalize, path)
    return float((predicted == y).float().mean())
