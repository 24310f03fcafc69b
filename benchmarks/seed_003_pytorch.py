"""``cnn-fashion`` against the PyTorch code it reproduces (the LeNet-like CNN on Fashion-MNIST).

The reference is that code as written, in this file: ``Net`` (conv 1→6 5×5, 2×2 max pool,
conv 6→10 5×5, pool, Linear 160→56 ReLU, Linear 56→10 sigmoid), ``nn.CrossEntropyLoss`` on the
sigmoid outputs, ``optim.SGD(lr=0.04)``, ``random_split`` of the 60,000 training pictures into
48,000 / 12,000, ``DataLoader(batch_size=20, shuffle=True)``, pixels from ``ToTensor`` (0..1),
the state of the lowest validation loss saved and reloaded for the test. The only departures:
the images come from the IDX files (the same values ``ToTensor`` gives) and the best state is
kept in memory instead of a ``.pt`` file.

The app trains its ``cnn-fashion`` template through the core API with the same number of
epochs. Each seed trains both; the test accuracies and their difference are printed, then the
mean difference. ``--improved`` adds the ``cnn-fashion-improved`` template for comparison.

    .venv/bin/python benchmarks/seed_003_pytorch.py [--epochs 2] [--seeds 0 1 2] [--improved]

Fashion-MNIST is read from the Debian package ``dataset-fashion-mnist``
(/usr/share/datasets/fashion-mnist) or the app's download folder.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset, random_split

from playground.core.data.datasets import load_dataset
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.loop import train


class Net(nn.Module):
    """The reference network, layer for layer."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=0)
        self.conv2 = nn.Conv2d(6, 10, 5, padding=0)
        self.pool = nn.MaxPool2d(2, 2)
        self.ff1 = nn.Linear(4 * 4 * 10, 56)
        self.ff2 = nn.Linear(56, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool(self.conv1(x))
        x = self.pool(self.conv2(x))
        x = x.view(-1, 4 * 4 * 10)
        x = F.relu(self.ff1(x))
        return torch.sigmoid(self.ff2(x))


def reference_run(data, epochs: int, seed: int) -> float:
    """Train the reference code once; the test accuracy (%) of its best-validation weights."""
    torch.manual_seed(seed)
    train_set = TensorDataset(data.train_x, data.train_y)
    train_ds, val_ds = random_split(train_set, [48_000, 12_000])
    loaders = {
        "train": DataLoader(train_ds, batch_size=20, shuffle=True),
        "valid": DataLoader(val_ds, batch_size=20, shuffle=True),
        "test": DataLoader(TensorDataset(data.test_x, data.test_y), batch_size=20),
    }
    model = Net()
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=0.04)
    valid_loss_min, best = np.inf, None
    for _epoch in range(epochs):
        model.train()
        for data_b, target in loaders["train"]:
            optimizer.zero_grad()
            loss = criterion(model(data_b), target)
            loss.backward()
            optimizer.step()
        model.eval()
        valid_loss = 0.0
        with torch.no_grad():
            for batch_idx, (data_b, target) in enumerate(loaders["valid"]):
                loss = criterion(model(data_b), target)
                valid_loss = valid_loss + (1 / (batch_idx + 1)) * (loss.item() - valid_loss)
        if valid_loss <= valid_loss_min:
            best, valid_loss_min = copy.deepcopy(model.state_dict()), valid_loss
    model.load_state_dict(best)
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for data_b, target in loaders["test"]:
            correct += int((model(data_b).argmax(1) == target).sum())
            total += len(target)
    return 100.0 * correct / total


def app_run(data, name: str, epochs: int, seed: int) -> float:
    """Train an app template through the core API; its test accuracy (%)."""
    t = TEMPLATES[name]
    result = train(t.spec, t.config.with_changes(epochs=epochs, seed=seed, device="cpu"), data)
    assert result.status == "completed", result.message
    return 100.0 * result.test.accuracy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1,
                        help="CPU threads for each run (1 keeps a shared computer steady)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--improved", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    data = load_dataset("fashion-mnist", preprocessing="scale")
    print(f"Fashion-MNIST {len(data.train_y)} train / {len(data.test_y)} test, "
          f"{args.epochs} epochs, torch {torch.__version__}, {torch.get_num_threads()} threads")
    diffs, improved = [], []
    for seed in args.seeds:
        start = time.perf_counter()
        ref = reference_run(data, args.epochs, seed)
        mid = time.perf_counter()
        app = app_run(data, "cnn-fashion", args.epochs, seed)
        end = time.perf_counter()
        diffs.append(app - ref)
        line = (f"seed {seed}: reference code {ref:.2f}% ({mid - start:.0f} s)  "
                f"cnn-fashion {app:.2f}% ({end - mid:.0f} s)  difference {app - ref:+.2f}")
        if args.improved:
            improved.append(app_run(data, "cnn-fashion-improved", args.epochs, seed))
            line += f"  cnn-fashion-improved {improved[-1]:.2f}%"
        print(line, flush=True)
    print(f"mean difference (app - reference): {statistics.mean(diffs):+.2f} points; "
          f"largest |difference| {max(abs(d) for d in diffs):.2f}")
    if improved:
        print(f"cnn-fashion-improved mean {statistics.mean(improved):.2f}%")


if __name__ == "__main__":
    main()
