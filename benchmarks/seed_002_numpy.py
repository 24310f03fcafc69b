"""``scratch-mnist`` against the numpy network written from scratch that it reproduces.

The reference is that code's ``NeuralNet([784, 32, 10])`` (weights normal σ 0.1, zero biases,
ReLU on every layer then softmax, its hand-written backpropagation, SGD 0.05 one example at a
time, a new shuffle every epoch), here in Python 3 and fed the app's data: the bundled 8,500
training digits, binarized as the code does (any non-zero pixel is 1), and the 1,500 test digits.
The app trains its ``scratch-mnist`` template on the same pictures through the core API.

The two draw their initial weights and their orders from different generators, and the result of
one run depends mostly on that draw: with a ReLU before the softmax, an output unit whose score
falls below zero for every digit gets no gradient again, and its digit is never predicted (about
10 points lost per such digit). Compare the spread over many seeds, not single runs.
``--same-draws`` also runs the numpy code from the app's own initial weights and epoch orders
(the trainer's shuffle generator, seeded with ``seed + 1``): in float64 it follows the app's
weights to rounding for the first epoch (``tests/core/test_seed_002_epochs.py``) and, since
rounding differences grow with every step, to about the same accuracy after five.

    .venv/bin/python benchmarks/seed_002_numpy.py [--epochs 5] [--seeds 0 1 2 ...]
        [--numpy-only] [--same-draws] [--float64]
"""

from __future__ import annotations

import argparse
import itertools
import math
import statistics
from dataclasses import replace

import numpy as np
import torch
from torch import nn

from playground.core.data.datasets import _preprocess, load_dataset
from playground.core.network.build import build_model
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.loop import train


def reference_run(x: np.ndarray, y: np.ndarray, test_x: np.ndarray, test_y: np.ndarray,
                  epochs: int, seed: int, weights: list[np.ndarray] | None = None,
                  orders: list[np.ndarray] | None = None) -> float:
    """The numpy code's training and test; its test accuracy (%).

    ``weights`` and ``orders`` (one permutation per epoch) replace the code's own random draws.
    """
    rng = np.random.default_rng(seed)
    layers = [784, 32, 10]
    biases = [np.zeros((n, 1)) for n in layers[1:]]
    if weights is None:
        weights = [rng.normal(0.0, 0.1, size=(n, m)) for m, n in itertools.pairwise(layers)]
    weights = [w.astype(np.float64, copy=True) for w in weights]
    targets = np.eye(10)[y][..., None]
    for epoch in range(epochs):
        order = rng.permutation(len(x)) if orders is None else orders[epoch]
        for i in order:
            activations, zs = [x[i][:, None]], []
            for w, b in zip(weights, biases, strict=True):
                zs.append(w @ activations[-1] + b)
                activations.append(np.maximum(zs[-1], 0))
            e = np.exp(activations[-1])
            delta = (e / e.sum() - targets[i]) * (zs[-1] > 0)
            grads = [None] * len(weights)
            grads[-1] = (delta @ activations[-2].T, delta)
            for layer in range(2, len(layers)):
                delta = (weights[-layer + 1].T @ delta) * (zs[-layer] > 0)
                grads[-layer] = (delta @ activations[-layer - 1].T, delta)
            for k, (gw, gb) in enumerate(grads):
                weights[k] -= 0.05 * gw
                biases[k] -= 0.05 * gb
    a = test_x.T
    for w, b in zip(weights, biases, strict=True):
        a = np.maximum(w @ a + b, 0)
    return 100.0 * float(np.mean(a.argmax(axis=0) == test_y))


def app_draws(seed: int, epochs: int, n: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The initial weights and epoch orders the app's run with this seed uses."""
    t = TEMPLATES["scratch-mnist"]
    model = build_model(t.spec, seed=seed, init=t.config.init, init_std=t.config.init_std)
    weights = [m.weight.detach().double().numpy() for m in model.modules()
               if isinstance(m, nn.Linear)]
    shuffle = torch.Generator().manual_seed(seed + 1)
    return weights, [torch.randperm(n, generator=shuffle).numpy() for _ in range(epochs)]


def summary(name: str, values: list[float]) -> str:
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return (f"{name}: mean {statistics.mean(values):.2f}%, sd {sd:.2f} "
            f"(min {min(values):.2f}, max {max(values):.2f}, {len(values)} runs)")


def gap(a: list[float], b: list[float]) -> str:
    """Difference of the means with its standard error (Welch), so a gap can be judged."""
    if len(a) < 2 or len(b) < 2:
        return ""
    se = math.sqrt(statistics.variance(a) / len(a) + statistics.variance(b) / len(b))
    d = statistics.mean(a) - statistics.mean(b)
    return f"{d:+.2f} points, standard error {se:.2f} ({d / se:+.2f} standard errors)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--seeds", type=int, nargs="+", default=list(range(8)))
    parser.add_argument("--numpy-only", action="store_true")
    parser.add_argument("--same-draws", action="store_true",
                        help="also run the numpy code from the app's weights and orders")
    parser.add_argument("--float64", action="store_true",
                        help="train the app in float64, as the numpy code computes")
    args = parser.parse_args()
    torch.set_num_threads(1)
    raw = load_dataset("mnist", preprocessing="scale")
    data = replace(raw, train_x=_preprocess(raw.train_x.clone(), "binarize_any", 0.0, 1.0),
                   test_x=_preprocess(raw.test_x.clone(), "binarize_any", 0.0, 1.0))
    if args.float64:
        data = replace(data, train_x=data.train_x.double(), test_x=data.test_x.double())
    x = data.train_x.reshape(len(data.train_x), -1).double().numpy()
    test_x = data.test_x.reshape(len(data.test_x), -1).double().numpy()
    y, test_y = data.train_y.numpy(), data.test_y.numpy()
    t = TEMPLATES["scratch-mnist"]
    refs, same, apps = [], [], []
    for seed in args.seeds:
        refs.append(reference_run(x, y, test_x, test_y, args.epochs, seed))
        line = f"seed {seed}: numpy code {refs[-1]:.2f}%"
        if args.same_draws:
            weights, orders = app_draws(seed, args.epochs, len(x))
            same.append(reference_run(x, y, test_x, test_y, args.epochs, seed, weights, orders))
            line += f"  numpy code, app's draws {same[-1]:.2f}%"
        if not args.numpy_only:
            config = t.config.with_changes(epochs=args.epochs, seed=seed, device="cpu")
            model = build_model(t.spec, seed=seed, init=config.init, init_std=config.init_std)
            result = train(t.spec, config, data,
                           model=model.double() if args.float64 else model)
            apps.append(100.0 * result.test.accuracy)
            line += f"  scratch-mnist {apps[-1]:.2f}%"
        print(line, flush=True)
    print(summary("numpy code", refs))
    if same:
        print(summary("numpy code, app's draws", same))
    if apps:
        print(summary("scratch-mnist" + (" (float64)" if args.float64 else ""), apps))
        print("numpy code minus scratch-mnist:", gap(refs, apps))


if __name__ == "__main__":
    main()
