"""Evaluation of a model on held-out data: loss, accuracy, per-class accuracy, confusion matrix.

Runs in ``eval`` mode without gradients and in large batches; everything returned is plain
Python and numpy so it can be saved in a project, printed, or drawn as a heatmap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from playground.core.network.build import PlaygroundNet
from playground.core.training.objective import Objective

EVAL_BATCH = 1024


@dataclass(frozen=True)
class Evaluation:
    loss: float
    accuracy: float | None  # None for regression
    per_class_accuracy: tuple[float, ...] = ()
    confusion: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int64), repr=False)
    predictions: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64), repr=False)
    samples: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "loss": self.loss,
            "accuracy": self.accuracy,
            "per_class_accuracy": list(self.per_class_accuracy),
            "confusion_matrix": self.confusion.tolist(),
            "samples": self.samples,
        }


@torch.no_grad()
def evaluate(
    model: PlaygroundNet,
    objective: Objective,
    x: torch.Tensor,
    y: torch.Tensor,
    batch_size: int = EVAL_BATCH,
) -> Evaluation:
    """Loss and accuracy of ``model`` on ``(x, y)``, restoring the model's train/eval mode."""
    was_training = model.training
    model.eval()
    try:
        total_loss = torch.zeros((), dtype=torch.float64, device=x.device)
        predictions = []
        for start in range(0, len(x), batch_size):
            xb, yb = x[start : start + batch_size], y[start : start + batch_size]
            out = model.forward_logits(xb) if objective.uses_logits else model(xb)
            total_loss += objective.loss(out, yb).double() * len(xb)
            if not objective.regression:
                predictions.append(objective.predictions(out))
    finally:
        model.train(was_training)
    n = len(x)
    loss = float(total_loss) / max(n, 1)
    if objective.regression or n == 0:
        return Evaluation(loss=loss, accuracy=None, samples=n)
    pred = torch.cat(predictions)
    k = max(objective.num_classes, 2)
    confusion = torch.bincount(y.long() * k + pred, minlength=k * k).reshape(k, k).cpu().numpy()
    per_class_total = confusion.sum(axis=1)
    per_class = np.divide(
        np.diag(confusion), per_class_total, out=np.zeros(k), where=per_class_total > 0
    )
    return Evaluation(
        loss=loss,
        accuracy=float(np.trace(confusion)) / n,
        per_class_accuracy=tuple(float(v) for v in per_class),
        confusion=confusion,
        predictions=pred.cpu().numpy(),
        samples=n,
    )
