"""``mlp-mnist`` against the Keras code it reproduces (the first multilayer perceptron).

The reference is that code as written, in :func:`keras_run`: pixels to ``x / 255 - 0.5``,
flattened to 784; ``Sequential([Dense(64, relu), Dense(64, relu), Dense(10, softmax)])``;
``compile(optimizer="adam", loss="categorical_crossentropy")``; ``fit`` on all 60,000 training
pictures (no validation split) with ``batch_size=32``; ``evaluate`` on the 10,000 test pictures.
The app trains its ``mlp-mnist`` template on the same data through the core API with
``validation_split=0``. Both run for ``--epochs`` (2) on Fashion-MNIST, for each seed; the test
accuracies, their differences and the mean difference are printed.

Keras is not a dependency of the app. The Keras half runs in a separate, throwaway environment
that this script starts as a subprocess::

    python3 -m venv /tmp/kvenv && /tmp/kvenv/bin/pip install torch keras numpy
    .venv/bin/python benchmarks/seed_001_keras.py [--epochs 2] [--seeds 0 1 2]
                                                   [--keras-python /tmp/kvenv/bin/python]

Keras runs on its PyTorch backend (``KERAS_BACKEND=torch``). Fashion-MNIST is read from the
Debian package ``dataset-fashion-mnist`` (``--data``, default /usr/share/datasets/fashion-mnist).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np

DEFAULT_DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(path: Path) -> np.ndarray:
    """A gzipped IDX file of unsigned bytes as an array (images (N, 28, 28) or labels (N,))."""
    with gzip.open(path, "rb") as handle:
        data = handle.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def keras_run(data: Path, epochs: int, seed: int, threads: int) -> float:
    """The reference Keras code, trained once; its test accuracy (%)."""
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras
    import torch

    torch.set_num_threads(threads)
    from keras.layers import Dense
    from keras.models import Sequential
    from keras.utils import to_categorical

    keras.utils.set_random_seed(seed)
    train_images = read_idx(data / "train-images-idx3-ubyte.gz")
    train_labels = read_idx(data / "train-labels-idx1-ubyte.gz")
    test_images = read_idx(data / "t10k-images-idx3-ubyte.gz")
    test_labels = read_idx(data / "t10k-labels-idx1-ubyte.gz")
    train_images = (train_images / 255) - 0.5
    test_images = (test_images / 255) - 0.5
    train_images = train_images.reshape((-1, 784))
    test_images = test_images.reshape((-1, 784))
    model = Sequential([
        keras.Input(shape=(784,)),  # the code's input_shape=(784,) on the first layer
        Dense(64, activation="relu"),
        Dense(64, activation="relu"),
        Dense(10, activation="softmax"),
    ])  # fmt: skip
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(train_images, to_categorical(train_labels), epochs=epochs, batch_size=32,
              verbose=0)  # fmt: skip
    _loss, accuracy = model.evaluate(test_images, to_categorical(test_labels), verbose=0)
    return 100.0 * float(accuracy)


def app_run(epochs: int, seed: int) -> float:
    """The app's ``mlp-mnist`` on Fashion-MNIST, no validation split; its test accuracy (%)."""
    from dataclasses import replace

    from playground.core.data.datasets import load_dataset
    from playground.core.teaching.templates import TEMPLATES
    from playground.core.training.loop import train

    t = TEMPLATES["mlp-mnist"]
    config = t.config.with_changes(epochs=epochs, seed=seed, validation_split=0.0, device="cpu")
    data = load_dataset("fashion-mnist", preprocessing=config.preprocessing)
    result = train(replace(t.spec, dataset="fashion-mnist"), config, data)
    assert result.status == "completed", result.message
    return 100.0 * result.test.accuracy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1,
                        help="CPU threads for each run (1 keeps a shared computer steady)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--data", type=Path, default=Path(DEFAULT_DATA))
    parser.add_argument("--keras-python", default="/tmp/kvenv/bin/python")
    parser.add_argument("--keras-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.keras_only:  # inside the Keras environment: one JSON line of accuracies
        print(json.dumps([keras_run(args.data, args.epochs, s, args.threads) for s in args.seeds]))
        return
    if not Path(args.keras_python).exists():
        sys.exit(f"No Python at {args.keras_python}. Make the Keras environment first:\n"
                 "  python3 -m venv /tmp/kvenv && /tmp/kvenv/bin/pip install torch keras numpy")
    command = [args.keras_python, __file__, "--keras-only", "--epochs", str(args.epochs),
               "--threads", str(args.threads),
               "--data", str(args.data), "--seeds", *map(str, args.seeds)]
    done = subprocess.run(command, capture_output=True, text=True,
                          env={**os.environ, "KERAS_BACKEND": "torch"})  # fmt: skip
    if done.returncode:
        sys.exit(f"The Keras run failed:\n{done.stderr}")
    reference = json.loads(done.stdout.strip().splitlines()[-1])
    import torch

    torch.set_num_threads(args.threads)
    print(f"Fashion-MNIST 60000 train / 10000 test, {args.epochs} epochs, batch 32, Adam")
    diffs = []
    for seed, ref in zip(args.seeds, reference, strict=True):
        app = app_run(args.epochs, seed)
        diffs.append(app - ref)
        print(f"seed {seed}: Keras code {ref:.2f}%  mlp-mnist {app:.2f}%  "
              f"difference {app - ref:+.2f}", flush=True)
    print(f"Keras mean {statistics.mean(reference):.2f}%  mlp-mnist mean "
          f"{statistics.mean(reference) + statistics.mean(diffs):.2f}%  mean difference "
          f"{statistics.mean(diffs):+.2f} points")


if __name__ == "__main__":
    main()
