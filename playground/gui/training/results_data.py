"""The results of a finished run, as frozen plain data the results pane can draw.

:func:`results_from` runs in the training worker thread, right after the test evaluation, and
turns what the pane needs into numpy copies: the confusion matrix, the predictions and the test
images as small uint8 pictures. Preprocessed inputs (scaled, centred, standardised, flattened
to 784 values or read as 28 rows of a sequence) are mapped back to 0–255 with one min/max over
the whole test set, so every thumbnail uses the same grey scale and a faint digit stays faint.
Nothing here touches Qt, and torch is imported only when a result is converted, so the pane can
be imported without loading torch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from playground.core.training.class_quality import ClassQuality, class_quality

if TYPE_CHECKING:
    import torch

    from playground.core.training.evaluation import Evaluation

# Smallest side of a square that is worth drawing as a picture (8×8 digits and up).
MIN_IMAGE_SIDE = 8


class HasTestEvaluation(Protocol):
    test: Evaluation | None


@dataclass(frozen=True, eq=False)
class ResultsData:
    """What the results pane shows about one run's test set.

    ``images`` is (N, H, W) for grey pictures or (N, C, H, W) for colour ones, uint8, or None
    when the inputs are not pictures (2D toy points, token ids). ``labels`` and ``predictions``
    are empty for a regression, whose ``test_accuracy`` is None.
    """

    test_loss: float
    test_accuracy: float | None
    per_class_accuracy: tuple[float, ...]
    confusion: np.ndarray = field(repr=False)  # K×K int: rows true class, columns predicted
    class_names: tuple[str, ...]
    images: np.ndarray | None = field(repr=False)
    labels: np.ndarray = field(repr=False)
    predictions: np.ndarray = field(repr=False)

    @property
    def num_classes(self) -> int:
        return int(self.confusion.shape[0]) if self.confusion.ndim == 2 else 0

    @property
    def samples(self) -> int:
        return len(self.labels)

    @property
    def is_classification(self) -> bool:
        return self.test_accuracy is not None and self.num_classes > 0

    @cached_property
    def quality(self) -> ClassQuality | None:
        """Precision, recall and F1 per class, from the confusion matrix; None for a regression.

        Computed on first use (K×K sums, instant) rather than in :func:`results_from`, so
        results built by hand carry it too.
        """
        if not self.is_classification:
            return None
        return class_quality(self.confusion, self.class_names)

    def cell_indices(self, true_class: int, predicted: int) -> np.ndarray:
        """Test sample indices whose true class is ``true_class`` and prediction ``predicted``."""
        return np.flatnonzero((self.labels == true_class) & (self.predictions == predicted))

    def misclassified(self) -> np.ndarray:
        """Test sample indices the network got wrong, in test-set order."""
        return np.flatnonzero(self.labels != self.predictions)

    def class_name(self, index: int) -> str:
        return self.class_names[index] if 0 <= index < len(self.class_names) else str(index)


def results_from(
    result: HasTestEvaluation,
    test_x: torch.Tensor | np.ndarray,
    test_y: torch.Tensor | np.ndarray,
    class_names: tuple[str, ...] | list[str],
) -> ResultsData:
    """Build :class:`ResultsData` from a finished run and the test set it was evaluated on.

    ``test_x`` may be preprocessed floats in any view of the data: (N, C, H, W), (N, H, W)
    (rows read as a sequence) or (N, H·W) / (N, 3·H·W) flattened; squares are recovered.
    Raises ``ValueError`` when the run has no test evaluation (it failed or diverged).
    """
    test = result.test
    if test is None:
        raise ValueError("The run has no test results: it did not finish.")
    labels = _numpy(test_y)
    if test.accuracy is None:  # regression: only the loss means something
        empty = np.zeros(0, np.int64)
        return ResultsData(float(test.loss), None, (), np.zeros((0, 0), np.int64), (), None,
                           empty, empty)
    confusion = np.asarray(test.confusion, dtype=np.int64)
    k = confusion.shape[0]
    names = tuple(str(n) for n in class_names[:k]) + tuple(
        str(i) for i in range(len(class_names), k)
    )
    predictions = np.asarray(test.predictions, dtype=np.int64)
    labels = labels.astype(np.int64, copy=False).reshape(-1)
    if len(labels) != len(predictions):
        raise ValueError(
            f"{len(labels)} test labels but {len(predictions)} predictions: the test set does "
            "not match the run."
        )
    return ResultsData(
        test_loss=float(test.loss),
        test_accuracy=float(test.accuracy),
        per_class_accuracy=tuple(float(v) for v in test.per_class_accuracy),
        confusion=confusion,
        class_names=names,
        images=display_images(test_x),
        labels=labels,
        predictions=predictions,
    )


def image_shape(sample_shape: tuple[int, ...], integer: bool = False) -> tuple[int, ...] | None:
    """How one sample of this shape is drawn: (H, W), (C, H, W), or None if not a picture."""
    if integer:  # token ids or class indices, not pixel values
        return None
    if len(sample_shape) == 3 and sample_shape[0] in (1, 3):
        c, h, w = sample_shape
        if min(h, w) >= MIN_IMAGE_SIDE:
            return (h, w) if c == 1 else (c, h, w)
        return None
    if len(sample_shape) == 2:
        h, w = sample_shape
        return (h, w) if min(h, w) >= MIN_IMAGE_SIDE else None
    if len(sample_shape) == 1:
        (d,) = sample_shape
        for channels in (1, 3):
            side = math.isqrt(d // channels)
            if d % channels == 0 and side * side * channels == d and side >= MIN_IMAGE_SIDE:
                return (side, side) if channels == 1 else (channels, side, side)
    return None


def display_images(x: Any) -> np.ndarray | None:
    """uint8 pictures of a batch of inputs, scaled by the batch's min and max; None if not images.

    Vectorised: one reduction for the range and one pass to scale, whatever the batch size.
    """
    shape = tuple(int(d) for d in x.shape)
    if len(shape) < 2 or shape[0] == 0:
        return None
    uint8 = str(x.dtype).endswith("uint8")
    integer = not uint8 and not str(x.dtype).split(".")[-1].startswith(("float", "bfloat", "half"))
    target = image_shape(shape[1:], integer)
    if target is None:
        return None
    if uint8:
        return _numpy(x).reshape(shape[0], *target).copy()
    if hasattr(x, "detach"):  # a torch tensor: reduce and scale in torch, one copy out
        t = x.detach().reshape(shape[0], *target)
        lo, hi = float(t.min()), float(t.max())
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
            return np.zeros((shape[0], *target), np.uint8)
        scaled = (t.float() - lo).mul_(255.0 / (hi - lo)).round_().clamp_(0, 255)
        return scaled.to(dtype=_torch_uint8(), device="cpu").numpy()
    a = np.asarray(x, dtype=np.float32).reshape(shape[0], *target)
    lo, hi = float(np.nanmin(a)), float(np.nanmax(a))
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return np.zeros(a.shape, np.uint8)
    return np.clip(np.rint((a - lo) * (255.0 / (hi - lo))), 0, 255).astype(np.uint8)


def _torch_uint8() -> Any:
    import torch

    return torch.uint8


def _numpy(x: Any) -> np.ndarray:
    if hasattr(x, "detach"):
        return x.detach().cpu().numpy()
    return np.asarray(x)
