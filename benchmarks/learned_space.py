"""Cost of the "Learned space" map on all 10,000 bundled MNIST digits.

The digits (8,500 training and 1,500 test, all of them) go through ``cnn-mnist`` (seed 0's
initial weights, or trained for ``--epochs`` first) and its last hidden layer's activations
(Dense 128) are mapped to 2D by PCA and by t-SNE (openTSNE, started from the PCA picture, the
GUI's settings). Printed for each step: wall time and how much the process's peak resident
size (``ru_maxrss``) grew during it; with ``--tracemalloc`` also the peak of Python-tracked
memory during the step (numpy's arrays included, openTSNE's C++ buffers not), though tracing
every allocation slows the numpy-heavy steps several times (t-SNE about five). Also the 8
nearest training examples of one digit (the exact search the drawing uses), and how well each
map keeps the classes apart: the share of points whose 10 nearest map neighbours are mostly of
their class.

    .venv/bin/python benchmarks/learned_space.py [--epochs 0] [--jobs 1] [--threads 1]
                                                 [--tracemalloc]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from playground.core.data.datasets import load_dataset
from playground.core.explain.neighbours import build_bank
from playground.core.explain.projection import (
    activations_and_predictions,
    default_layer,
    pca_2d,
    tsne_2d,
)
from playground.core.network.build import build_model
from playground.core.teaching.templates import TEMPLATES


def peak_rss_mb() -> float:
    """The process's peak resident size so far, in MB (Linux reports kB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


TRACE = False  # --tracemalloc


def measured(name: str, work: Callable[[], Any]) -> Any:
    """Run ``work`` once and print its time and memory."""
    rss = peak_rss_mb()
    if TRACE:
        tracemalloc.start()
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    traced = ""
    if TRACE:
        traced = f"   tracemalloc peak {tracemalloc.get_traced_memory()[1] / 2**20:7.1f} MB"
        tracemalloc.stop()
    print(f"{name:<34} {seconds:8.2f} s   peak RSS +{peak_rss_mb() - rss:6.1f} MB "
          f"(now {peak_rss_mb():.0f} MB){traced}")
    return result


def separation(points: np.ndarray, labels: np.ndarray, k: int = 10) -> float:
    """Share of points whose ``k`` nearest neighbours on the map are mostly of their class."""
    from scipy.spatial import cKDTree

    _d, found = cKDTree(points).query(points, k + 1)
    same = (labels[found[:, 1:]] == labels[:, None]).mean(axis=1)
    return float((same > 0.5).mean())


def train(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor, epochs: int) -> None:
    """A plain Adam run, enough to give the map clusters to show."""
    generator = torch.Generator().manual_seed(0)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.requires_grad_(True)
    model.train()
    for _ in range(epochs):
        for batch in torch.randperm(len(x), generator=generator).split(64):
            optimiser.zero_grad()
            loss = torch.nn.functional.cross_entropy(model.forward_logits(x[batch]), y[batch])
            loss.backward()
            optimiser.step()
    model.eval()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=0, help="train cnn-mnist first")
    parser.add_argument("--jobs", type=int, default=1, help="t-SNE threads (the GUI uses 1)")
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--tracemalloc", action="store_true", help="trace Python allocations")
    args = parser.parse_args()
    global TRACE
    TRACE = args.tracemalloc
    torch.set_num_threads(args.threads)
    data = load_dataset("mnist")
    x = torch.cat([data.train_x, data.test_x])
    y = torch.cat([data.train_y, data.test_y]).numpy()
    spec = TEMPLATES["cnn-mnist"].spec
    layer = default_layer(spec)
    model = build_model(spec, seed=0)
    if args.epochs:
        measured(f"train {args.epochs} epoch(s) on 8,500", lambda: train(
            model, data.train_x, data.train_y, args.epochs))
    print(f"{len(x):,} digits, cnn-mnist layer {layer + 1} ({spec.layers[layer].type}), "
          f"torch threads {args.threads}, t-SNE jobs {args.jobs}")
    features, predictions = measured("activations + predictions", lambda: (
        activations_and_predictions(model, x, layer)))
    print(f"  features {features.shape}, {features.nbytes / 2**20:.1f} MB; "
          f"accuracy {(predictions == y).mean():.1%}")
    pca = measured("PCA", lambda: pca_2d(features))
    reported: list[float] = []
    tsne = measured("t-SNE (PCA start, 750 iterations)", lambda: tsne_2d(
        features, progress=reported.append, seed=0, n_jobs=args.jobs))
    print(f"  t-SNE progress reports: {len(reported)}")
    bank = measured("feature bank of 8,500 training", lambda: build_bank(
        model, data.train_x, layer, data.train_y))
    query = features[len(data.train_x)]  # the first test digit
    found = measured("8 nearest of one digit", lambda: bank.nearest(query, 8))
    first = len(data.train_x)
    print(f"  first test digit, class {y[first]} (the network says {predictions[first]}): "
          f"nearest training classes {bank.labels[found[0]].tolist()}")
    print(f"class separation (10-NN majority): PCA {separation(pca, y):.1%}, "
          f"t-SNE {separation(tsne, y):.1%}")


if __name__ == "__main__":
    main()
