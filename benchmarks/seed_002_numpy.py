"""``scratch-mnist`` against the numpy network written from scratch that it reproduces.

The reference is that code's ``NeuralNet([784, 32, 10])`` (weights normal σ 0.1, zero biases,
ReLU on every layer then softmax, its hand-written backpropagation, SGD 0.05 one example at a
time, a new shuffle every epoch), here in Python 3 and fed the app's data: the bundled 8,500
training digits, binarized as the code does (any non-zero pixel is 1), and the 1,500 test digits.
The app trains its ``scratch-mnist`` template on the same pictures through the core API. The two
draw their initial weights from different generators, so single runs differ; compare the spread.

    .venv/bin/python benchmarks/seed_002_numpy.py [--epochs 5] [--seeds 0 1 2] [--numpy-only]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
from dataclasses import replace

import numpy as np
import torch

from playground.core.datasets import _preprocess, load_dataset
from playground.core.templates import TEMPLATES
from playground.core.training import train


def reference_run(x: np.ndarray, y: np.ndarray, test_x: np.ndarray, test_y: np.ndarray,
                  epochs: int, seed: int) -> float:
    """The numpy code's training and test; its test accuracy (%)."""
    rng = np.random.default_rng(seed)
    layers = [784, 32, 10]
    biases = [np.zeros((n, 1)) for n in layers[1:]]
    weights = [rng.normal(0.0, 0.1, size=(n, m)) for m, n in itertools.pairwise(layers)]
    targets = np.eye(10)[y][..., None]
    for _epoch in range(epochs):
        for i in rng.permutation(len(x)):
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--numpy-only", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)
    raw = load_dataset("mnist", preprocessing="scale")
    data = replace(raw, train_x=_preprocess(raw.train_x.clone(), "binarize_any", 0.0, 1.0),
                   test_x=_preprocess(raw.test_x.clone(), "binarize_any", 0.0, 1.0))
    x = data.train_x.reshape(len(data.train_x), -1).double().numpy()
    test_x = data.test_x.reshape(len(data.test_x), -1).double().numpy()
    y, test_y = data.train_y.numpy(), data.test_y.numpy()
    t = TEMPLATES["scratch-mnist"]
    refs, apps = [], []
    for seed in args.seeds:
        refs.append(reference_run(x, y, test_x, test_y, args.epochs, seed))
        line = f"seed {seed}: numpy code {refs[-1]:.2f}%"
        if not args.numpy_only:
            config = t.config.with_changes(epochs=args.epochs, seed=seed, device="cpu")
            result = train(t.spec, config, data)
            apps.append(100.0 * result.test.accuracy)
            line += f"  scratch-mnist {apps[-1]:.2f}%"
        print(line, flush=True)
    print(f"numpy code mean {statistics.mean(refs):.2f}% (min {min(refs):.2f}, "
          f"max {max(refs):.2f})")
    if apps:
        print(f"scratch-mnist mean {statistics.mean(apps):.2f}% (min {min(apps):.2f}, "
              f"max {max(apps):.2f})")


if __name__ == "__main__":
    main()
