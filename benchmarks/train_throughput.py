"""Training throughput: the playground's engine against a plain PyTorch loop, in one process.

Both train the ``mlp-mnist`` model (784-64-64-10) on Fashion-MNIST's 60,000 training images
with batch size 32 and Adam's defaults, tensors preloaded in memory. The plain loop is written the
usual way: a random permutation per epoch, ``x[idx]`` per batch, ``zero_grad``/``backward``/
``step`` and ``loss.item()``. Runs alternate so machine noise hits both alike; the medians and
their ratio are printed.

The engine also trains with image augmentation on, to show what augmentation costs.

    .venv/bin/python benchmarks/train_throughput.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

from playground.core.data.datasets import load_dataset
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.config import TrainingConfig
from playground.core.training.loop import Trainer


def plain_epoch(x: torch.Tensor, y: torch.Tensor, seed: int) -> float:
    """One epoch of the textbook loop; returns its seconds."""
    torch.manual_seed(seed)
    model = nn.Sequential(
        nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(),
        nn.Linear(64, 10),
    )
    optimizer = torch.optim.Adam(model.parameters())
    start = time.perf_counter()
    perm = torch.randperm(len(x))
    total = 0.0
    for i in range(0, len(x), 32):
        idx = perm[i : i + 32]
        xb, yb = x[idx], y[idx]
        optimizer.zero_grad()
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item()
    return time.perf_counter() - start


def engine_epoch(data, seed: int, augment: bool = False) -> float:
    """One epoch of the playground engine (validation off, evaluation not timed)."""
    template = TEMPLATES["mlp-mnist"]
    config = TrainingConfig(epochs=1, batch_size=32, validation_split=0.0, seed=seed,
                            augment=augment)
    result = Trainer(template.spec, config, data).run()
    assert result.status == "completed", result.message
    return result.seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    data = load_dataset("fashion-mnist")
    x, y = data.train_x, data.train_y
    print(f"Fashion-MNIST: {len(x):,} training images, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads")
    plain, engine, augmented = [], [], []
    engine_epoch(data, 0)  # warm-up: first-touch allocations, kernel selection
    engine_epoch(data, 0, augment=True)
    plain_epoch(x, y, 0)
    for r in range(args.repeats):
        plain.append(plain_epoch(x, y, r))
        engine.append(engine_epoch(data, r))
        augmented.append(engine_epoch(data, r, augment=True))
        print(f"  run {r + 1}: plain {plain[-1]:.3f} s, engine {engine[-1]:.3f} s, "
              f"engine with augmentation {augmented[-1]:.3f} s", flush=True)
    p, e, a = statistics.median(plain), statistics.median(engine), statistics.median(augmented)
    print(f"plain PyTorch loop: {p:.3f} s per epoch ({len(x) / p:,.0f} samples/s)")
    print(f"playground engine:  {e:.3f} s per epoch ({len(x) / e:,.0f} samples/s)")
    print(f"engine speed-up: {p / e:.2f}x")
    print(f"with augmentation (shifts, turns, zooms): {a:.3f} s per epoch "
          f"({len(x) / a:,.0f} samples/s), {e / a:.0%} of the plain engine's throughput")
    return 0


if __name__ == "__main__":
    sys.exit(main())
