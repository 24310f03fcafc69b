"""The training examples nearest to a picture, in the feature space of one layer.

Why: "it looks like these" answers "why did it say 7?" with examples a student can check: the
training pictures the network finds most similar to the drawing, where similar means close in
the space of a hidden layer (what the network has made of them), not pixel by pixel.

:func:`build_bank` runs the training samples through the model once and keeps their features
(a :class:`FeatureBank`); the caller keeps one per set of weights and layer, since building it
is the slow part, and asks :meth:`FeatureBank.nearest` for each new drawing. The search is
exact (a brute-force scan in chunks, ties broken by index), so the answer does not depend on
an index structure and a few thousand examples take milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import torch

from playground.core.explain.projection import (
    Projection,
    activations_and_predictions,
    features_of,
)
from playground.core.network.build import PlaygroundNet

__all__ = ["FeatureBank", "LookAlikes", "Metric", "build_bank", "look_alikes", "nearest"]

Metric = Literal["euclidean", "cosine"]
CHUNK_VALUES = 4_000_000  # bank values compared at a time (16 MB of float32 differences)


def _unit_rows(values: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(values, axis=-1, keepdims=True)
    return values / np.where(norms > 0, norms, 1.0)


def nearest(features_bank: np.ndarray, query: np.ndarray, k: int = 8,
            metric: Metric = "euclidean") -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` rows of ``features_bank`` (N, D) closest to ``query`` (D,), nearest first.

    Returns (indices int64 (k,), distances float64 (k,)); fewer when the bank is smaller.
    ``euclidean`` is the straight-line distance in the layer's space; ``cosine`` is
    1 - cos(angle), which ignores how strongly a sample drives the layer and compares only
    which units it drives. Equal distances keep the lower index first.
    """
    bank = np.asarray(features_bank)
    point = np.asarray(query, dtype=np.float64).reshape(-1)
    if bank.ndim != 2 or bank.shape[1] != point.size:
        raise ValueError(f"A query of {point.size} values does not fit a bank of shape "
                         f"{bank.shape}.")
    if metric not in ("euclidean", "cosine"):
        raise ValueError(f"Unknown metric {metric!r}: use 'euclidean' or 'cosine'.")
    if metric == "cosine":
        point = _unit_rows(point)
    rows = max(1, CHUNK_VALUES // max(1, bank.shape[1]))
    distances = np.empty(len(bank), dtype=np.float64)
    for start in range(0, len(bank), rows):
        chunk = bank[start:start + rows].astype(np.float64)
        if metric == "cosine":
            distances[start:start + rows] = 1.0 - _unit_rows(chunk) @ point
        else:
            distances[start:start + rows] = np.sqrt(((chunk - point) ** 2).sum(axis=1))
    count = max(0, min(int(k), len(bank)))
    order = np.lexsort((np.arange(len(bank)), distances))[:count]
    return order.astype(np.int64), distances[order]


@dataclass(frozen=True)
class FeatureBank:
    """Training samples' features in one layer: the rows :func:`nearest` searches.

    ``indices`` are the samples' positions in the set they came from (to show their pictures),
    ``labels`` their classes when known.
    """

    layer: int
    features: np.ndarray  # (N, D) float32
    indices: np.ndarray  # (N,) int64
    labels: np.ndarray | None = None  # (N,)
    metric: Metric = "euclidean"

    def __len__(self) -> int:
        return len(self.features)

    @property
    def nbytes(self) -> int:
        return int(self.features.nbytes + self.indices.nbytes)

    def nearest(self, query: np.ndarray, k: int = 8) -> tuple[np.ndarray, np.ndarray]:
        """(positions in the source set, distances) of the ``k`` nearest samples to ``query``."""
        rows, distances = nearest(self.features, query, k, self.metric)
        return self.indices[rows], distances


def build_bank(model: PlaygroundNet, samples: torch.Tensor | np.ndarray, layer: int,
               labels: torch.Tensor | np.ndarray | None = None, batch: int = 256,
               metric: Metric = "euclidean",
               cancelled: Callable[[], bool] | None = None) -> FeatureBank | None:
    """The features of ``samples`` (preprocessed training samples) in layer ``layer``.

    The slow part of finding neighbours: keep the bank for as long as the weights and the
    layer stay the same. ``None`` when ``cancelled()`` turned true between batches.
    """
    features = features_of(model, samples, layer, batch, cancelled)
    if features is None:
        return None
    kept = None if labels is None else np.asarray(labels).reshape(-1)[: len(features)].copy()
    return FeatureBank(layer, features, np.arange(len(features), dtype=np.int64), kept, metric)


@dataclass(frozen=True)
class LookAlikes:
    """A new sample (a drawing) in one layer: its nearest training samples, its place on a map.

    ``bank`` and ``test_features`` are what was computed on the way; keep them for the next
    drawing with the same weights and layer.
    """

    indices: np.ndarray  # (k,) positions of the nearest training samples, nearest first
    distances: np.ndarray  # (k,)
    labels: np.ndarray | None  # (k,) their classes
    position: np.ndarray  # (2,) where the sample lands on the map
    prediction: int  # the network's answer for the sample
    bank: FeatureBank
    test_features: np.ndarray | None  # the map's samples' features (t-SNE maps only)


def look_alikes(model: PlaygroundNet, sample: torch.Tensor | np.ndarray, projection: Projection,
                train_x: torch.Tensor | np.ndarray, train_y: torch.Tensor | np.ndarray | None,
                *, bank: FeatureBank | None = None, test_x: torch.Tensor | np.ndarray | None = None,
                test_features: np.ndarray | None = None, k: int = 8,
                cancelled: Callable[[], bool] | None = None) -> LookAlikes | None:
    """The ``k`` training samples nearest to ``sample`` (preprocessed) in the map's layer, and
    where ``sample`` lands on ``projection``.

    On a PCA map it lands by the same projection matrix; on a t-SNE map (which has no such
    matrix) at the mean place of its ``k`` nearest map samples, found in the layer's space
    among ``test_features`` (computed from ``test_x`` when not given). The bank is built from
    ``train_x`` unless given. ``None`` when ``cancelled()`` turned true on the way.
    """
    layer = projection.layer
    found = activations_and_predictions(model, sample, layer, cancelled=cancelled)
    if found is None:
        return None
    query, answer = found[0][0], int(found[1][0])
    if bank is None or bank.layer != layer:
        bank = build_bank(model, train_x, layer, train_y, cancelled=cancelled)
        if bank is None:
            return None
    rows, distances = nearest(bank.features, query, k, bank.metric)
    indices = bank.indices[rows]
    labels = None if bank.labels is None else bank.labels[rows]
    if projection.basis is not None:
        return LookAlikes(indices, distances, labels, projection.place(query), answer, bank,
                          test_features)
    if test_features is None:
        if test_x is None:
            raise ValueError("A t-SNE map needs its samples to place a new one.")
        test_features = features_of(model, test_x, layer, cancelled=cancelled)
        if test_features is None:
            return None
    rows, _ = nearest(test_features[: len(projection.points)], query, k)
    return LookAlikes(indices, distances, labels, projection.place(query, rows), answer, bank,
                      test_features)
