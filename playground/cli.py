"""The command line: list templates, print summaries, train, using the same core as the GUI.

Bad input ends with exit status 2 and one line naming the problem, never a traceback, and
output files are checked before any training time is spent. Every training setting of a
project file is a flag of ``train`` (see :mod:`playground.cli_flags`). Ctrl+C, SIGTERM and
SIGHUP stop training cleanly at the next batch and still write what was trained
(:mod:`playground.cli_stop`). What the user is told in one line (refused input, a failed run)
is kept in the log with its traceback (:mod:`playground.core.logs`).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from playground.cli_flags import add_training_flags, short, training_changes
from playground.cli_stop import StopOnSignals
from playground.core.errors import PlaygroundError
from playground.core.logs import setup_logging
from playground.core.network.spec import NetworkSpec
from playground.core.training.config import TrainingConfig

logger = logging.getLogger(__name__)

EXIT_BAD_INPUT = 2
EXIT_TRAINING_FAILED = 1
# A network description is a few KB (the largest template's is 1.2 KB); a file a thousand
# times larger is not one, and reading it whole could take gigabytes of memory.
MAX_NETWORK_FILE_BYTES = 1_000_000


class UsageError(PlaygroundError):
    """Input the command line cannot act on."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _threads(text: str) -> int:
    """``--threads``: a count of at least 1, or 0 / ``auto`` for the choice made per run."""
    if text.strip().lower() == "auto":
        return 0
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"{short(text)!r} is not a thread count: give a whole number of at least 1, "
            "or auto"
        )
    return value


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
    t.add_argument("--dataset", help="train on another dataset; the network keeps its view of "
                   "the data (image, flat or rows) at the new size")
    t.add_argument("--limit", type=int, help="use only the first N training and test samples")
    t.add_argument("--threads", type=_threads, default=0, metavar="N",
                   help="CPU threads for the tensor maths; 0 or auto (the default) chooses "
                   "from the network's size and the cores other programs leave free")
    t.add_argument("--out", type=Path, help="save the trained project to this .nnp file")
    t.add_argument("--metrics-json", type=Path, help="write the final metrics as JSON here")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    add_training_flags(t)
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
    from playground.core.teaching.templates import TEMPLATES

    if source in TEMPLATES:
        t = TEMPLATES[source]
        return t.spec, t.config, dict(t.dataset_options), None
    path = Path(source)
    try:
        exists = path.exists()
    except OSError:  # a name too long for the system, for one
        exists = False
    if not exists:
        names = ", ".join(TEMPLATES)
        raise UsageError(
            f"{short(source)!r} is neither a template ({names}) nor an existing file."
        )
    if path.suffix == ".json":
        text = read_network_text(path)
        try:
            spec = NetworkSpec.from_json(text)
        except PlaygroundError as exc:
            raise UsageError(f"{short(path.name)}: {exc}") from None
        return spec, TrainingConfig(), {}, None
    from playground.core.files.project import load_project

    project = load_project(path)
    return project.spec, project.training, dict(project.dataset_options), project


def read_network_text(path: Path) -> str:
    """The text of a network ``.json``, refused in plain words before a large or unreadable
    file is read whole."""
    name = short(path.name)
    choose = "choose a network .json saved by the app"
    if not path.is_file():  # a folder, a device or a pipe (reading a pipe would wait forever)
        raise UsageError(f"{name} is not a file: {choose}.")
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_NETWORK_FILE_BYTES + 1)
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise UsageError(f"{name} could not be read ({reason}): {choose}.") from None
    if len(data) > MAX_NETWORK_FILE_BYTES:
        raise UsageError(
            f"{name} is larger than 1 MB, too large to be a network description (those are a "
            f"few KB): {choose}."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{name} is not a text file (it is not UTF-8): {choose}.") from None


# -- commands ----------------------------------------------------------------------------------
def cmd_templates(out: TextIO) -> int:
    from playground.core.teaching.templates import TEMPLATES

    width = max(map(len, TEMPLATES)) + 2
    for t in TEMPLATES.values():
        out.write(f"{t.name:<{width}}{t.dataset:<15}{t.description.en}\n")
    return 0


def cmd_summary(args: argparse.Namespace, out: TextIO) -> int:
    from playground.core.network.shapes import analyse

    spec = load_source(args.source)[0]
    analysis = analyse(spec)
    out.write(analysis.table() + "\n")
    return 0 if analysis.ok else EXIT_BAD_INPUT


class ProgressPrinter:
    """Prints a one-line progress bar on a terminal, or one line per epoch elsewhere."""

    def __init__(self, stream: TextIO, quiet: bool, threads: int = 0) -> None:
        self.stream: TextIO | None = stream
        self.quiet = quiet
        self.threads = threads
        self.tty = stream.isatty()
        self.epochs = 0
        self.last_loss = math.nan

    def __call__(self, event: Any) -> None:
        """Show ``event``; once the stream is gone (a closed terminal) stay silent, so the run
        goes on and is still saved."""
        if self.stream is None:
            return
        try:
            self._show(event)
            self.stream.flush()
        except (OSError, ValueError):
            self.stream = None

    def _show(self, event: Any) -> None:
        from playground.core.training import events as ev

        assert self.stream is not None
        if isinstance(event, ev.RunStarted):
            self.epochs = event.epochs
            for warning in event.warnings:
                self.stream.write(f"warning: {warning}\n")
            threads = f" ({self.threads} CPU threads)" if self.threads > 1 else ""
            threads = " (1 CPU thread)" if self.threads == 1 else threads
            self.stream.write(
                f"Training on {event.train_samples:,} samples ({event.validation_samples:,} for "
                f"validation) on {event.device}{threads}, {event.batches_per_epoch} batches "
                "per epoch.\n"
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
            if event.stuck:  # even with --quiet: the run is not doing what the user wants
                self.stream.write(f"{event.stuck}\n")
        elif isinstance(event, ev.Failed):
            self.stream.write(f"\n{event.explanation} {event.suggestion}\n")


def cmd_train(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    spec, config, options, project = load_source(args.source)
    if args.dataset:
        from playground.core.data.inputs import switch_dataset

        spec = switch_dataset(spec, args.dataset)
    config = TrainingConfig.from_dict({**config.to_dict(), **training_changes(args)})
    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be at least 1.")
    check_outputs(args.out, args.metrics_json)
    from playground.core.data.datasets import load_dataset
    from playground.core.network.shapes import infer_shapes
    from playground.core.training.loop import Trainer, TrainingControl
    from playground.core.training.threads import choose_threads

    data = load_dataset(
        spec.dataset, preprocessing=config.preprocessing, limit=args.limit, seed=config.seed,
        **options,
    )
    threads = args.threads or choose_threads(infer_shapes(spec).macs * config.batch_size)
    control = TrainingControl()
    printer = ProgressPrinter(err, args.quiet, threads)
    stopper = StopOnSignals(control.stop, err)

    def on_event(event: Any) -> None:
        stopper(event)
        printer(event)

    trainer = Trainer(spec, config, data, control=control, on_event=on_event,
                      cpu_threads=threads)
    with stopper:  # also while saving: a signal then waits for the files to be complete
        result = trainer.run()
        if args.out:
            save_trained_project(args.out, spec, config, options, project, result)
        if args.metrics_json:
            from playground.core.files.atomic import atomic_write_bytes

            text = json.dumps(result.metrics(), indent=2)
            atomic_write_bytes(args.metrics_json, text.encode("utf-8"))
    if result.test is not None:
        test = result.test
        acc = f", accuracy {test.accuracy:.2%}" if test.accuracy is not None else ""
        out.write(f"Test: loss {test.loss:.4f}{acc} on {test.samples:,} samples\n")
        out.write(
            f"{result.epochs_completed} epochs, {result.seconds_per_epoch:.2f} s per epoch, "
            f"{result.samples_per_second:,.0f} samples/s ({result.status})\n"
        )
    if args.out:
        out.write(f"Saved {args.out}\n")
    code = 0
    if result.status in ("diverged", "failed"):
        err.write(f"error: {result.message}\n")
        code = EXIT_TRAINING_FAILED
    if stopper.received is not None:
        err.write(f"Stopped by {stopper.name} {stopper.where()}; {_saved(args)}.\n")
    return stopper.exit_code(code)


def check_outputs(project: Path | None, metrics: Path | None) -> None:
    """Refuse ``--out`` and ``--metrics-json`` targets that cannot be saved before any training
    time is spent: a device such as /dev/full, a pipe, a folder, a read-only file, a missing
    or unwritable folder."""
    from playground.core.files.atomic import check_can_write

    if project is not None and metrics is not None and project.absolute() == metrics.absolute():
        raise UsageError("--out and --metrics-json name the same file: give them two names.")
    for path in (project, metrics):
        if path is not None:
            check_can_write(path)


def _saved(args: argparse.Namespace) -> str:
    """What a stopped run kept, for the line that says why it stopped."""
    if args.out and args.metrics_json:
        return (f"the project so far was saved to {args.out} and its metrics to "
                f"{args.metrics_json}")
    if args.out:
        return f"the project so far was saved to {args.out}"
    if args.metrics_json:
        return f"its metrics were saved to {args.metrics_json} (give --out to keep the network)"
    return "nothing was saved (give --out to keep the trained network)"


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from playground.core.export.formats import export
    from playground.core.teaching.templates import TEMPLATES

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
    from playground.core.files.project import Project, save_project

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
    setup_logging(fallback=err)
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
        # The user reads one line; the log keeps where in the code the input was refused.
        # INFO: bad input is not a fault, and if the log had to fall back to the error output
        # (WARNING and up) the user still sees one line, never a traceback.
        source = getattr(args, "source", None)
        logger.info("%s refused its input%s: %s", args.command,
                    f" ({source})" if source else "", exc, exc_info=exc)
        err.write(f"error: {exc}\n")
        return EXIT_BAD_INPUT
    except Exception:
        logger.exception("%s stopped with an unexpected error", args.command)
        raise


if __name__ == "__main__":
    raise SystemExit(main())
