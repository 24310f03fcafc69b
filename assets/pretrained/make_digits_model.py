"""Make ``digits-cnn.safetensors``: the ready-trained network the Draw pane starts with.

Trains :data:`playground.core.inspect.pretrained.SPEC` with
:data:`playground.core.inspect.pretrained.CONFIG`
(the drawing-robust preset with more outlined and thicker digits, and fine outlines) and the
cosine learning-rate
schedule of :func:`playground.core.inspect.pretrained.learning_rate` on the bundled 10,000 MNIST
digits (never on the font digits, which only measure it), with the app's own training engine.
It prints the MNIST test and font-digit accuracy (the shipped file: 99.00 % and 95.50 %; the
experiments behind the recipe are in ``benchmarks/drawing_robust.py``). The result is
reproducible to the bit on the same kind of computer: one CPU thread, fixed seeds,
``torch.use_deterministic_algorithms``. ``--check`` trains again and compares the SHA-256 of
the result with the committed file's.

    .venv/bin/python assets/pretrained/make_digits_model.py            # write the file
    .venv/bin/python assets/pretrained/make_digits_model.py --check    # retrain and compare
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
from safetensors.torch import save  # noqa: E402

from playground.core.data.datasets import load_dataset  # noqa: E402
from playground.core.data.font_digits import font_accuracy  # noqa: E402
from playground.core.inspect import pretrained  # noqa: E402
from playground.core.network.build import model_from_weights  # noqa: E402
from playground.core.training.events import EpochEnd, TrainingEvent  # noqa: E402
from playground.core.training.loop import Trainer, TrainingControl  # noqa: E402

OUTPUT = Path(__file__).with_name("digits-cnn.safetensors")


def train_weights(limit: int | None = None, epochs: int | None = None,
                  ) -> tuple[bytes, dict[str, Any]]:
    """The trained weights as safetensors bytes, and the run's figures.

    ``limit`` (training digits) and ``epochs`` shorten the run for tests; the shipped file
    uses neither.
    """
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    config = pretrained.CONFIG
    if epochs is not None:
        config = config.with_changes(epochs=epochs)
    data = load_dataset("mnist", preprocessing=config.preprocessing, seed=config.seed,
                        limit=limit)
    control = TrainingControl()

    def follow_schedule(event: TrainingEvent) -> None:
        # The engine has no schedule of its own; its live learning-rate control (the one the
        # training panel uses) takes the next epoch's rate before that epoch's first batch.
        if isinstance(event, EpochEnd) and event.epoch < config.epochs:
            control.set_learning_rate(pretrained.learning_rate(event.epoch + 1, config.epochs))

    result = Trainer(pretrained.SPEC, config, data, control=control, on_event=follow_schedule,
                     cpu_threads=1).run()
    if result.status != "completed":
        raise SystemExit(f"Training did not complete: {result.status} {result.message}")
    state = {k: v.contiguous() for k, v in sorted(result.state_dict.items())}
    model = model_from_weights(pretrained.SPEC, state)
    figures = {
        "mnist_test_accuracy": result.test.accuracy if result.test else float("nan"),
        "font_digit_accuracy": font_accuracy(model, pretrained.SPEC.input_shape, data.normalize),
        "seconds": result.seconds,
        "learning_rates": list(result.history["learning_rate"]),
    }
    # One metadata entry: safetensors writes several in hash-map order, which changes from run to
    # run, and the file must be the same bytes every time.
    about = f"{pretrained.SPEC.name}, seed {config.seed}"
    return save(state, metadata={"about": about}), figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="retrain and compare with the committed file instead of writing it")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    blob, figures = train_weights()
    digest = hashlib.sha256(blob).hexdigest()
    print(f"MNIST test {100 * figures['mnist_test_accuracy']:.2f} %, font digits "
          f"{100 * figures['font_digit_accuracy']:.2f} %, {figures['seconds']:.0f} s training, "
          f"{len(blob) / 1024:.0f} kB, sha256 {digest}")
    if args.check:
        committed = hashlib.sha256(args.output.read_bytes()).hexdigest()
        if committed != digest:
            print(f"Different from {args.output} (sha256 {committed}).", file=sys.stderr)
            return 1
        print(f"Identical to {args.output}.")
        return 0
    args.output.write_bytes(blob)
    print(f"Wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
