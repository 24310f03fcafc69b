"""The command line: list templates, print summaries, train, using the same core as the GUI.

Bad input ends with exit status 2 and one line naming the problem, never a traceback; Ctrl+C
stops training cleanly at the next batch and still writes what was trained.
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from playground.core.config import OPTIMIZERS, PREPROCESSING, TrainingConfig
from playground.core.errors import PlaygroundError
from playground.core.spec import NetworkSpec

EXIT_BAD_INPUT = 2
EXIT_TRAINING_FAILED = 1


class UsageError(PlaygroundError):
    """Input the command line cannot act on."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m playground",
        description="Neural Network Playground. Without a command, opens the app.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("templates", help="list the ready-made networks")
    summary = sub.add_parser("summary", help="print a network's layers, shapes and parameters")
    summary.add_argument("source", help="a template name, a .nnp project or a network .json")
    t = sub.add_parser("train", help="train a network and print its test metrics")
    t.add_argument("source", help="a template name, a .nnp project or a network .json")
    t.add_argument("--dataset", help="train on another dataset of the same input size")
    t.add_argument("--epochs", type=int)
    t.add_argument("--batch-size", type=int)
    t.add_argument("--lr", type=float, help="learning rate")
    t.add_argument("--optimizer", choices=OPTIMIZERS)
    t.add_argument("--preprocessing", choices=PREPROCESSING)
    t.add_argument("--seed", type=int)
    t.add_argument("--device", help="auto, cpu, cuda or mps")
    t.add_argument("--limit", type=int, help="use only the first N training and test samples")
    t.add_argument("--out", type=Path, help="save the trained project to this .nnp file")
    t.add_argument("--metrics-json", type=Path, help="write the final metrics as JSON here")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    exp = sub.add_parser(
        "export", help="write a network as a PyTorch training script, ONNX, weights or a summary"
    )
    exp.add_argument("source", help="a template name, a .nnp project or a network .json")
    exp.add_argument("--format", default="pytorch",
                     help="pytorch (a standalone train.py, the default), onnx, safetensors "
                     "(trained weights only) or summary")
    exp.add_argument("--out", type=Path, required=True, help="the folder to write into")
    exp.add_argument("--with-weights", action="store_true",
                     help="include the project's trained weights (the script starts from them)")
    shot = sub.add_parser("snapshot", help="render the main window offscreen to a PNG")
    shot.add_argument("--out", type=Path, required=True, help="the PNG file to write")
    shot.add_argument("--template", help="open this template first")
    shot.add_argument("--size", default="1400x900", help="window size as WxH")
    shot.add_argument("--train", type=float, default=0.0, metavar="SECONDS",
                      help="train this long first, to show the app mid-training")
    return parser


# -- sources -----------------------------------------------------------------------------------
def load_source(source: str) -> tuple[NetworkSpec, TrainingConfig, dict[str, Any], Any]:
    """(spec, config, dataset options, project or None) from a template name or a file."""
    from playground.core.templates import TEMPLATES

    if source in TEMPLATES:
        t = TEMPLATES[source]
        return t.spec, t.config, dict(t.dataset_options), None
    path = Path(source)
    if not path.exists():
        names = ", ".join(TEMPLATES)
        raise UsageError(f"{source!r} is neither a template ({names}) nor an existing file.")
    if path.suffix == ".json":
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"Cannot read {path}: {exc}") from None
        return NetworkSpec.from_json(text), TrainingConfig(), {}, None
    from playground.core.project import load_project

    project = load_project(path)
    return project.spec, project.training, dict(project.dataset_options), project


def switch_dataset(spec: NetworkSpec, name: str) -> NetworkSpec:
    """The same network fed by another dataset, adapting the input shape where it is natural."""
    from playground.core.datasets import dataset_info

    new = dataset_info(name)
    shape = spec.input_shape
    if math.prod(shape) != math.prod(new.input_shape):
        try:
            natural = dataset_info(spec.dataset).input_shape
        except PlaygroundError:
            natural = None
        if shape != natural:
            raise UsageError(
                f"The network reads {shape} but {name} gives {new.input_shape}; change the "
                "network's input first."
            )
        shape = new.input_shape
    return replace(spec, dataset=name, input_shape=shape, num_classes=new.num_classes)


# -- commands ----------------------------------------------------------------------------------
def cmd_templates(out: TextIO) -> int:
    from playground.core.templates import TEMPLATES

    width = max(map(len, TEMPLATES)) + 2
    for t in TEMPLATES.values():
        out.write(f"{t.name:<{width}}{t.dataset:<15}{t.description.en}\n")
    return 0


def cmd_summary(args: argparse.Namespace, out: TextIO) -> int:
    from playground.core.shapes import analyse

    spec = load_source(args.source)[0]
    analysis = analyse(spec)
    out.write(analysis.table() + "\n")
    return 0 if analysis.ok else EXIT_BAD_INPUT


class ProgressPrinter:
    """Prints a one-line progress bar on a terminal, or one line per epoch elsewhere."""

    def __init__(self, stream: TextIO, quiet: bool) -> None:
        self.stream = stream
        self.quiet = quiet
        self.tty = stream.isatty()
        self.epochs = 0
        self.last_loss = math.nan

    def __call__(self, event: Any) -> None:
        from playground.core import events as ev

        if isinstance(event, ev.RunStarted):
            self.epochs = event.epochs
            for warning in event.warnings:
                self.stream.write(f"warning: {warning}\n")
            self.stream.write(
                f"Training on {event.train_samples:,} samples ({event.validation_samples:,} for "
                f"validation) on {event.device}, {event.batches_per_epoch} batches per epoch.\n"
            )
        elif isinstance(event, ev.BatchProgress):
            if len(event.losses):
                self.last_loss = float(event.losses[-1])
            if self.tty and not self.quiet:
                done = event.batch / event.batches_per_epoch
                bar = "#" * int(done * 30)
                self.stream.write(
                    f"\repoch {event.epoch}/{self.epochs} [{bar:<30}] {event.batch}/"
                    f"{event.batches_per_epoch} loss {self.last_loss:.4f} "
                    f"{event.samples_per_second:,.0f} samples/s"
                )
        elif isinstance(event, ev.EpochEnd):
            if self.tty and not self.quiet:
                self.stream.write("\r" + " " * 100 + "\r")
            if not self.quiet:
                parts = [f"epoch {event.epoch}/{self.epochs}", f"loss {event.train_loss:.4f}"]
                if event.train_accuracy is not None:
                    parts.append(f"accuracy {event.train_accuracy:.2%}")
                if event.val_loss is not None:
                    parts.append(f"val_loss {event.val_loss:.4f}")
                if event.val_accuracy is not None:
                    parts.append(f"val_accuracy {event.val_accuracy:.2%}")
                parts.append(f"{event.seconds:.1f}s")
                self.stream.write(" - ".join(parts) + "\n")
        elif isinstance(event, ev.Failed):
            self.stream.write(f"\n{event.explanation} {event.suggestion}\n")
        self.stream.flush()


def cmd_train(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from playground.core.datasets import load_dataset
    from playground.core.training import Trainer, TrainingControl

    spec, config, options, project = load_source(args.source)
    if args.dataset:
        spec = switch_dataset(spec, args.dataset)
    changes = {
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "learning_rate": args.lr,
        "optimizer": args.optimizer,
        "preprocessing": args.preprocessing,
        "seed": args.seed,
        "device": args.device,
    }
    config = TrainingConfig.from_dict(
        {**config.to_dict(), **{k: v for k, v in changes.items() if v is not None}}
    )
    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be at least 1.")
    data = load_dataset(
        spec.dataset, preprocessing=config.preprocessing, limit=args.limit, seed=config.seed,
        **options,
    )
    control = TrainingControl()
    printer = ProgressPrinter(err, args.quiet)
    trainer = Trainer(spec, config, data, control=control, on_event=printer)
    previous = signal.getsignal(signal.SIGINT)

    def on_interrupt(signum: int, frame: FrameType | None) -> None:
        err.write("\nStopping after this batch (Ctrl+C again to abort)...\n")
        control.stop()
        signal.signal(signal.SIGINT, previous)

    signal.signal(signal.SIGINT, on_interrupt)
    try:
        result = trainer.run()
    finally:
        signal.signal(signal.SIGINT, previous)
    if result.test is not None:
        test = result.test
        acc = f", accuracy {test.accuracy:.2%}" if test.accuracy is not None else ""
        out.write(f"Test: loss {test.loss:.4f}{acc} on {test.samples:,} samples\n")
        out.write(
            f"{result.epochs_completed} epochs, {result.seconds_per_epoch:.2f} s per epoch, "
            f"{result.samples_per_second:,.0f} samples/s ({result.status})\n"
        )
    if args.metrics_json:
        from playground.core.atomic import atomic_write_bytes

        text = json.dumps(result.metrics(), indent=2)
        atomic_write_bytes(args.metrics_json, text.encode("utf-8"))
    if args.out:
        save_trained_project(args.out, spec, config, options, project, result)
        out.write(f"Saved {args.out}\n")
    if result.status in ("diverged", "failed"):
        err.write(f"error: {result.message}\n")
        return EXIT_TRAINING_FAILED
    return 0


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from playground.core.export import export
    from playground.core.templates import TEMPLATES

    spec, config, options, project = load_source(args.source)
    template = TEMPLATES.get(args.source)
    written = export(
        spec, config, args.out, args.format, dataset_options=options,
        weights=project.weights if project is not None else None,
        with_weights=args.with_weights,
        description=template.description.en if template is not None else "",
    )
    if args.format == "summary":
        out.write(written[0].read_text(encoding="utf-8"))
    for path in written:
        out.write(f"Wrote {path}\n")
    if args.format == "pytorch":
        out.write(f"Train with: python {written[-1]}  (or torchrun --nproc_per_node=2 ...)\n")
    return 0


def save_trained_project(
    path: Path, spec: NetworkSpec, config: TrainingConfig, options: dict[str, Any],
    project: Any, result: Any,
) -> None:
    from playground.core.project import Project, save_project

    history = list(project.history) if project is not None else []
    history.append(result.to_record(spec, started=time.time() - result.seconds))
    save_project(
        Project(
            spec=spec,
            training=config,
            dataset_options=options,
            history=history,
            weights=result.state_dict or None,
            best_weights=result.best_state_dict,
            lesson=project.lesson if project is not None else None,
            name=spec.name,
        ),
        path,
    )


def main(argv: Sequence[str] | None = None, out: TextIO | None = None,
         err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        if args.command == "templates":
            return cmd_templates(out)
        if args.command == "summary":
            return cmd_summary(args, out)
        if args.command == "export":
            return cmd_export(args, out)
        if args.command == "snapshot":
            from playground.gui.snapshot import take_snapshot

            return take_snapshot(args.out, args.template, args.size, out, args.train)
        return cmd_train(args, out, err)
    except PlaygroundError as exc:
        err.write(f"error: {exc}\n")
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(main())
