"""Per-class precision, recall and F1: hand-computed on a small matrix, and scikit-learn's on
random ones (scikit-learn is only a test's reference here, never imported by the app)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from playground.core.messages import Message
from playground.core.training.class_quality import class_quality, explanations

# Rows true, columns predicted. "cat" is never predicted: its precision is undefined.
MATRIX = np.array([
    [8, 2, 0],   # true dog: 10
    [1, 4, 0],   # true fox: 5
    [3, 2, 0],   # true cat: 5
])  # fmt: skip


def test_hand_computed_scores_of_a_three_class_matrix() -> None:
    quality = class_quality(MATRIX, ("dog", "fox", "cat"))
    dog, fox, cat = quality.classes
    assert (dog.name, dog.support, dog.predicted, dog.correct) == ("dog", 10, 12, 8)
    assert dog.precision == pytest.approx(8 / 12) and dog.recall == pytest.approx(0.8)
    assert dog.f1 == pytest.approx(2 * 8 / (10 + 12))  # 2·(2/3)·0.8 / (2/3 + 0.8) = 8/11
    assert fox.precision == pytest.approx(4 / 8) and fox.recall == pytest.approx(0.8)
    assert fox.f1 == pytest.approx(8 / 13)
    assert cat.precision is None  # never predicted: undefined, not 0
    assert cat.recall == 0.0 and cat.f1 == 0.0  # present but always missed
    assert quality.never_predicted() == (cat,)
    assert quality.accuracy == pytest.approx(12 / 20) and quality.samples == 20

    macro = quality.macro
    assert macro.precision == pytest.approx((8 / 12 + 4 / 8) / 2)  # cat left out
    assert macro.recall == pytest.approx((0.8 + 0.8 + 0.0) / 3)
    assert macro.f1 == pytest.approx((8 / 11 + 8 / 13 + 0) / 3)
    assert macro.classes == (2, 3, 3) and macro.support == 20
    weighted = quality.weighted
    assert weighted.recall == pytest.approx(quality.accuracy)  # recall by support = accuracy
    assert weighted.precision == pytest.approx((10 * 8 / 12 + 5 * 4 / 8) / 15)
    assert weighted.f1 == pytest.approx((10 * 8 / 11 + 5 * 8 / 13) / 20)
    assert quality.worst_recall() is cat


def test_a_class_missing_from_the_test_set_has_no_recall() -> None:
    quality = class_quality([[5, 0], [0, 0]])
    absent = quality.classes[1]
    assert absent.name == "1" and absent.support == 0
    assert absent.precision is None and absent.recall is None and absent.f1 is None
    assert quality.macro.recall == 1.0 and quality.macro.classes == (1, 1, 1)
    assert quality.worst_recall() is quality.classes[0]


def test_an_empty_matrix_has_nothing_defined() -> None:
    quality = class_quality(np.zeros((3, 3), np.int64))
    assert quality.accuracy is None and quality.worst_recall() is None
    assert quality.macro.precision is None and quality.weighted.f1 is None
    assert quality.to_dict()["classes"][0] == {"class": "0", "precision": None, "recall": None,
                                                "f1": None, "support": 0}


def test_not_a_confusion_matrix_is_refused() -> None:
    with pytest.raises(ValueError, match="square"):
        class_quality(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="negative"):
        class_quality([[1, -1], [0, 1]])


def _nan(value: float | None) -> float:
    return np.nan if value is None else value


@pytest.mark.parametrize("seed", range(25))
def test_the_same_as_scikit_learn_on_random_matrices(seed: int) -> None:
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support

    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 12))
    matrix = rng.integers(0, 30, (k, k)) * (rng.random((k, k)) < 0.6)  # some empty cells
    if seed % 5 == 0:
        matrix[:, int(rng.integers(k))] = 0  # a class never predicted
    if seed % 7 == 0:
        matrix[int(rng.integers(k)), :] = 0  # a class absent from the test set
    if matrix.sum() == 0:
        matrix[0, 0] = 1
    true = np.repeat(np.arange(k), matrix.sum(axis=1))
    predicted = np.concatenate([np.repeat(np.arange(k), row) for row in matrix])
    labels = list(range(k))
    quality = class_quality(matrix)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p, r, f, s = precision_recall_fscore_support(true, predicted, labels=labels,
                                                     zero_division=np.nan)
        averages = {name: precision_recall_fscore_support(true, predicted, labels=labels,
                                                          average=name, zero_division=np.nan)
                    for name in ("macro", "weighted")}
    got = np.array([[_nan(c.precision), _nan(c.recall), _nan(c.f1)] for c in quality.classes])
    np.testing.assert_allclose(got, np.column_stack([p, r, f]), rtol=1e-12)
    np.testing.assert_array_equal([c.support for c in quality.classes], s)
    for name, average in (("macro", quality.macro), ("weighted", quality.weighted)):
        ours = [_nan(average.precision), _nan(average.recall), _nan(average.f1)]
        theirs = list(averages[name][:3])
        if name == "weighted":  # scikit-learn falls back to a plain mean when no value has
            for i, per_class in enumerate((p, r, f)):  # weight; here that mean is undefined
                if s[~np.isnan(per_class)].sum() == 0:
                    theirs[i] = np.nan
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    assert quality.accuracy == pytest.approx(accuracy_score(true, predicted))


def test_every_column_is_explained_in_one_translatable_sentence() -> None:
    texts = explanations()
    assert set(texts) >= {"precision", "recall", "f1", "support"}
    for message in texts.values():
        assert isinstance(message, Message)
        english = str(message)
        assert english.count(".") == 1 and english.endswith(".")
    assert "called this class" in str(texts["precision"])
    assert "really are this class" in str(texts["recall"])
