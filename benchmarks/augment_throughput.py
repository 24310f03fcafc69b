"""What image augmentation costs: the engine's samples per second with and without it.

Trains ``mlp-mnist`` on the bundled MNIST with ``augment`` off and on, alternating runs so that
machine noise hits both alike, and prints the best of each and their ratio (target: augmented
training keeps at least 90 % of the plain throughput).

    .venv/bin/python benchmarks/augment_throughput.py [--repeats 3] [--epochs 2]
"""

from __future__ import annotations

import argparse

from playground.core.datasets import load_dataset
from playground.core.templates import template
from playground.core.training import Trainer


def samples_per_second(augment: bool, epochs: int) -> float:
    mlp = template("mlp-mnist")
    config = mlp.config.with_changes(epochs=epochs, device="cpu", augment=augment)
    return Trainer(mlp.spec, config, load_dataset("mnist")).run().samples_per_second


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    plain = augmented = 0.0
    for _ in range(args.repeats):
        plain = max(plain, samples_per_second(False, args.epochs))
        augmented = max(augmented, samples_per_second(True, args.epochs))
    print(f"plain      {plain:10,.0f} samples/s")
    print(f"augmented  {augmented:10,.0f} samples/s")
    print(f"ratio      {augmented / plain:10.2f}  (target >= 0.90)")


if __name__ == "__main__":
    main()
