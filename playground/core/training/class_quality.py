"""Precision, recall and F1 of every class, read off a confusion matrix: "why did it say 7?".

The test accuracy is one number for all classes; a network at 95 % may still miss one digit in
four. Per class, two questions have different answers: *precision*, of the test samples the
network called this class, how many really are it; *recall*, of the test samples that really are
this class, how many it found. F1 balances the two (their harmonic mean) and *support* says how
many test samples of the class there were, so a class of five samples is not over-read.

The matrix follows :func:`playground.core.training.evaluation.evaluate`: rows are the true
class, columns the prediction. A ratio with nothing to count is *undefined*, not zero: a class
the network never predicted has no precision (it made no claim that could be right or wrong),
a class with no test sample has no recall. Both are ``None`` here, and the averages leave them
out (as scikit-learn does with ``zero_division=np.nan``) rather than counting them as 0 %, which
would blame the network for a question nobody asked. F1 is ``2·TP / (2·TP + FP + FN)``, so a
class that was present but never predicted has an F1 of 0: it was missed every time.

Everything is plain Python and numpy; the messages are marked for translation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from playground.core.messages import Message

__all__ = ["Average", "ClassQuality", "ClassScore", "class_quality", "explanations"]


@dataclass(frozen=True)
class ClassScore:
    """How well one class is recognised. A ratio is None when it has nothing to count."""

    index: int
    name: str
    support: int  # test samples that truly are this class (its row of the matrix)
    predicted: int  # test samples the network called this class (its column)
    correct: int  # both: the diagonal cell
    precision: float | None  # None when the class was never predicted
    recall: float | None  # None when the test set has no sample of the class
    f1: float | None  # None when the class is neither in the test set nor predicted


@dataclass(frozen=True)
class Average:
    """A mean over the classes whose value is defined; None when no class has one.

    ``classes`` is how many classes each mean took in (precision, recall, F1), so a reader can
    be told when one was left out.
    """

    precision: float | None
    recall: float | None
    f1: float | None
    support: int
    classes: tuple[int, int, int]


@dataclass(frozen=True)
class ClassQuality:
    """Per-class scores of one confusion matrix, with their macro and weighted averages.

    ``macro`` weighs every class the same, so a rare class that is always missed pulls it down
    as much as a common one; ``weighted`` weighs each class by its support (its recall is then
    the accuracy).
    """

    classes: tuple[ClassScore, ...]
    macro: Average
    weighted: Average
    accuracy: float | None  # None when the matrix counts no sample
    samples: int

    def worst_recall(self) -> ClassScore | None:
        """The class the network misses most often (lowest recall, first on ties), if any."""
        scored = [c for c in self.classes if c.recall is not None]
        return min(scored, key=lambda c: (c.recall, c.index)) if scored else None

    def never_predicted(self) -> tuple[ClassScore, ...]:
        """Classes whose precision is undefined because the network never gave them."""
        return tuple(c for c in self.classes if c.precision is None)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for a project file, a report or the command line (None stays None)."""
        def average(a: Average) -> dict[str, Any]:
            return {"precision": a.precision, "recall": a.recall, "f1": a.f1,
                    "support": a.support}

        return {
            "classes": [
                {"class": c.name, "precision": c.precision, "recall": c.recall, "f1": c.f1,
                 "support": c.support}
                for c in self.classes
            ],
            "macro_average": average(self.macro),
            "weighted_average": average(self.weighted),
            "accuracy": self.accuracy,
            "samples": self.samples,
        }


def class_quality(confusion: Any, class_names: Sequence[str] = ()) -> ClassQuality:
    """Precision, recall, F1 and support per class of a K×K matrix (rows true, columns
    predicted); classes without a name are called by their index."""
    matrix = np.asarray(confusion, dtype=np.int64)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"A confusion matrix must be square; got shape {matrix.shape}.")
    if (matrix < 0).any():
        raise ValueError("A confusion matrix counts samples, so it cannot hold negative values.")
    correct = np.diag(matrix)
    support = matrix.sum(axis=1)
    predicted = matrix.sum(axis=0)
    classes = tuple(
        ClassScore(
            index=i,
            name=str(class_names[i]) if i < len(class_names) else str(i),
            support=int(support[i]),
            predicted=int(predicted[i]),
            correct=int(correct[i]),
            precision=_ratio(correct[i], predicted[i]),
            recall=_ratio(correct[i], support[i]),
            f1=_ratio(2 * correct[i], support[i] + predicted[i]),
        )
        for i in range(matrix.shape[0])
    )
    samples = int(support.sum())
    return ClassQuality(
        classes=classes,
        macro=_average(classes, weighted=False),
        weighted=_average(classes, weighted=True),
        accuracy=_ratio(int(correct.sum()), samples),
        samples=samples,
    )


def explanations() -> dict[str, Message]:
    """What each column says, one plain sentence each, keyed "precision", "recall", "f1",
    "support" and "macro"; and why a value may be missing ("undefined_precision",
    "undefined_recall", "undefined_f1")."""
    return {
        "precision": Message("Precision: of the test samples the network called this class, "
                             "the share that really are this class."),
        "recall": Message("Recall: of the test samples that really are this class, the share "
                          "the network found."),
        "f1": Message("F1: one score that balances precision and recall; it is high only when "
                      "both are."),
        "support": Message("Support: how many test samples of this class there are; a score "
                           "from a few samples can change a lot."),
        "macro": Message("Macro average: the plain mean over the classes, each class counting "
                         "the same however many samples it has."),
        "undefined_precision": Message("The network never predicted this class, so its "
                                       "precision is undefined (nothing to divide by), not 0."),
        "undefined_recall": Message("The test set has no sample of this class, so its recall "
                                    "is undefined (nothing to divide by), not 0."),
        "undefined_f1": Message("The test set has no sample of this class and the network "
                                "never predicted it, so there is nothing to score."),
    }


def _ratio(numerator: int, denominator: int) -> float | None:
    return float(numerator) / float(denominator) if denominator > 0 else None


def _average(classes: tuple[ClassScore, ...], weighted: bool) -> Average:
    """The mean of each score over the classes where it is defined, by support if weighted."""
    def mean(values: list[float | None]) -> tuple[float | None, int]:
        pairs = [(v, c.support if weighted else 1)
                 for v, c in zip(values, classes, strict=True) if v is not None]
        total = sum(w for _, w in pairs)
        if not pairs or total == 0:
            return None, len(pairs)
        return sum(v * w for v, w in pairs) / total, len(pairs)

    precision, n_p = mean([c.precision for c in classes])
    recall, n_r = mean([c.recall for c in classes])
    f1, n_f = mean([c.f1 for c in classes])
    return Average(precision, recall, f1, sum(c.support for c in classes), (n_p, n_r, n_f))
