"""Networks that branch, measured: the residual template's accuracy, and gradients with and
without skip connections.

1. ``resnet-fashion`` and ``cnn-fashion`` (and, for scale, ``cnn-fashion-improved``) trained
   on the full Fashion-MNIST (60,000 training pictures less each template's validation share,
   10,000 test pictures) for the same number of epochs, through the core API with each
   template's own settings; their test accuracies.
2. The lesson "Why skip connections?" (``assets/lessons/06-skip-connections.json``): its
   20-Dense-layer network trained with and without its skip connections (the lesson's own
   "Remove the skip connections" action gives the plain one), with the lesson's settings on the
   bundled digits; then the L2 norm of each Dense layer's weight gradient on 256 test digits,
   as the Health view measures it (:func:`playground.core.inspect.health.layer_health`).

    .venv/bin/python benchmarks/graph_accuracy.py [--epochs 4] [--threads 2] [--skip-fashion]

Fashion-MNIST is read from the Debian package ``dataset-fashion-mnist``
(/usr/share/datasets/fashion-mnist) or the app's download folder.
"""

from __future__ import annotations

import argparse
import time

import torch

from playground.core.data.datasets import load_dataset
from playground.core.inspect.health import layer_health
from playground.core.network.build import model_from_weights
from playground.core.network.spec import NetworkSpec
from playground.core.teaching.lessons import Lesson, apply_action, bundled_lessons
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.config import TrainingConfig
from playground.core.training.loop import train

HEALTH_SAMPLES = 256


def fashion(epochs: int, seed: int) -> None:
    data = load_dataset("fashion-mnist", preprocessing="scale")
    print(f"Fashion-MNIST {len(data.train_y)} train / {len(data.test_y)} test, {epochs} epochs, "
          f"seed {seed}, {torch.get_num_threads()} threads", flush=True)
    for name in ("resnet-fashion", "cnn-fashion", "cnn-fashion-improved"):
        t = TEMPLATES[name]
        start = time.perf_counter()
        result = train(t.spec, t.config.with_changes(epochs=epochs, seed=seed, device="cpu"), data)
        assert result.status == "completed" and result.test is not None, result.message
        print(f"  {name:20s} test accuracy {100 * result.test.accuracy:.2f}%  "
              f"({time.perf_counter() - start:.0f} s; {t.config.optimizer} "
              f"{t.config.learning_rate:g}, batches of {t.config.batch_size})", flush=True)


def lesson_networks(lesson: Lesson) -> tuple[NetworkSpec, NetworkSpec]:
    """(plain, residual): the lesson's start, and the start after its action that removes the
    skips."""
    action = next(a for step in lesson.steps for a in step.actions
                  if a.label.en == "Remove the skip connections")
    plain, _ = apply_action(lesson.start, lesson.start, action)
    return plain.spec, lesson.start.spec


def dense_gradient_norms(spec: NetworkSpec, config: TrainingConfig, data) -> tuple[float, list]:
    """Train ``spec``; its test accuracy and each Dense layer's gradient norm afterwards."""
    result = train(spec, config, data)
    assert result.test is not None, result.message
    model = model_from_weights(spec, result.state_dict)
    report = layer_health(model, data.test_x[:HEALTH_SAMPLES], data.test_y[:HEALTH_SAMPLES],
                          max_samples=HEALTH_SAMPLES)
    norms = [(layer.layer_index + 1, layer.gradient_norm) for layer in report.layers
             if layer.layer_type == "Dense"]
    return result.test.accuracy, norms


def skip_connections(seed: int) -> None:
    lesson = next(lesson for lesson in bundled_lessons() if lesson.id == "skip-connections")
    plain, residual = lesson_networks(lesson)
    config = lesson.start.config.with_changes(seed=seed, device="cpu")
    data = load_dataset(plain.dataset, preprocessing=config.preprocessing)
    print(f"\nLesson 'Why skip connections?': {len(data.train_y)} training digits, "
          f"{config.optimizer} {config.learning_rate:g} momentum {config.momentum:g}, batches of "
          f"{config.batch_size}, {config.epochs} epochs, seed {seed}", flush=True)
    plain_acc, plain_norms = dense_gradient_norms(plain, config, data)
    res_acc, res_norms = dense_gradient_norms(residual, config, data)
    print(f"  test accuracy: plain {100 * plain_acc:.2f}%, residual {100 * res_acc:.2f}%")
    print(f"  gradient norm of each Dense layer's weights after training ({HEALTH_SAMPLES} test "
          "digits; layer numbers as the editor shows them):")
    print(f"  {'Dense':>5s}  {'plain layer':>11s} {'norm':>9s}  {'residual layer':>14s} "
          f"{'norm':>9s}")
    for k, ((pl, pn), (rl, rn)) in enumerate(zip(plain_norms, res_norms, strict=True)):
        print(f"  {k + 1:5d}  {pl:11d} {pn:9.2e}  {rl:14d} {rn:9.2e}")
    first, last = plain_norms[0][1], plain_norms[-1][1]
    print(f"  first / last Dense: plain {first / last:.1e}, "
          f"residual {res_norms[0][1] / res_norms[-1][1]:.2g}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=4,
                        help="epochs of each Fashion-MNIST run (the lesson keeps its own)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--skip-fashion", action="store_true",
                        help="only the lesson's plain and residual networks")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    skip_connections(args.seed)
    if not args.skip_fashion:
        fashion(args.epochs, args.seed)


if __name__ == "__main__":
    main()
