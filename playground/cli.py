"""The command line: list templates, print summaries, train, export and explain, using the same
core as the GUI.

Bad input ends with exit status 2 and one line naming the problem, never a traceback, and
output files are checked before any training time is spent. Every training setting of a
project file is a flag of ``train`` (see :mod:`playground.cli_flags`). Ctrl+C, SIGTERM and
SIGHUP stop training cleanly at the next batch and still write what was trained
(:mod:`playground.cli_stop`). What the user is told in one line (refused input, a failed run)
is kept in the log with its traceback (:mod:`playground.core.logs`).

Everything the command line says (errors, progress, results) is a catalogue text rendered in
the environment's language (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, as other command-line tools
read it), or the one given with ``--language``; argparse's own help and usage texts stay in
English.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from playground.cli_explain import add_explain_parser, cmd_explain
from playground.cli_flags import UsageError, add_training_flags, short, training_changes
from playground.cli_stop import StopOnSignals
from playground.cli_sweep import add_sweep_parser, cmd_sweep
from playground.core import catalogue
from playground.core.errors import PlaygroundError
from playground.core.files.os_errors import reason_message
from playground.core.logs import setup_logging
from playground.core.messages import N_, Message, render
from playground.core.network.spec import NetworkSpec
from playground.core.training.config import TrainingConfig

logger = logging.getLogger(__name__)

EXIT_BAD_INPUT = 2
EXIT_TRAINING_FAILED = 1
# A network description is a few KB (the largest template's is 1.2 KB); a file a thousand
# times larger is not one, and reading it whole could take gigabytes of memory.
MAX_NETWORK_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class Reader:
    """Who reads the command line's output: their language and the locale of their numbers."""

    language: str = catalogue.SOURCE_LANGUAGE
    locale: str = "en_US"

    def say(self, text: Message | str | BaseException) -> str:
        """``text`` (a message, an error, a fixed catalogue text) in the reader's language."""
        return render(text, self.language, self.locale)


def reader_for(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> Reader:
    """The reader's language: ``--language`` if ``argv`` gives a known one, else the
    environment's (:func:`~playground.core.catalogue.environment_language`). Read before the
    arguments are parsed, so that even a refused argument is explained in that language."""
    language, locale = catalogue.environment_language(os.environ if environ is None else environ)
    chosen = _language_argument(argv)
    if chosen in catalogue.available_languages() and chosen != language:
        language, locale = chosen, catalogue.default_locale(chosen)
    return Reader(language, locale)


def _language_argument(argv: Sequence[str]) -> str | None:
    """The value of the last ``--language X`` or ``--language=X`` in ``argv``, if any."""
    found = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--language" and index + 1 < len(argv):
            found = argv[index + 1]
        elif arg.startswith("--language="):
            found = arg.partition("=")[2]
    return found


class _Parser(argparse.ArgumentParser):
    reader = Reader()

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, self.reader.say(Message(
            "{program}: error: {problem}", program=self.prog, problem=message)) + "\n")


def _threads_for(reader: Reader) -> Any:
    """The ``--threads`` reader: a count of at least 1, or 0 / ``auto`` for the choice made per
    run; a refusal is said in ``reader``'s language."""

    def threads(text: str) -> int:
        if text.strip().lower() == "auto":
            return 0
        try:
            value = int(text)
        except ValueError:
            value = -1
        if value < 0:
            raise argparse.ArgumentTypeError(reader.say(Message(
                "{value} is not a thread count: give a whole number of at least 1, or auto",
                value=repr(short(text)))))
        return value

    return threads


def build_parser(reader: Reader | None = None) -> argparse.ArgumentParser:
    reader = reader or Reader()
    parser_class = type("Parser", (_Parser,), {"reader": reader})
    parser = parser_class(
        prog="python -m playground",
        description="Neural Network Playground. Without a command, opens the app.",
    )
    languages = catalogue.available_languages()
    parser.add_argument("--language", choices=languages,
                        help="the language of messages (default: the environment's, from "
                        "LC_ALL, LC_MESSAGES or LANG)")
    # Also accepted after the command; SUPPRESS keeps an absent one from hiding the global one.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--language", choices=languages, default=argparse.SUPPRESS,
                        help="the language of messages")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=parser_class)
    sub.add_parser("templates", parents=[common], help="list the ready-made networks")
    summary = sub.add_parser("summary", parents=[common],
                             help="print a network's layers, shapes and parameters")
    summary.add_argument("source", help="a template name, a .nnp project or a network .json")
    t = sub.add_parser("train", parents=[common],
                       help="train a network and print its test metrics")
    t.add_argument("source", help="a template name, a .nnp project or a network .json")
    t.add_argument("--dataset", help="train on another dataset; the network keeps its view of "
                   "the data (image, flat or rows) at the new size")
    t.add_argument("--limit", type=int, help="use only the first N training and test samples")
    t.add_argument("--threads", type=_threads_for(reader), default=0, metavar="N",
                   help="CPU threads for the tensor maths; 0 or auto (the default) chooses "
                   "from the network's size and the cores other programs leave free")
    t.add_argument("--out", type=Path, help="save the trained project to this .nnp file")
    t.add_argument("--metrics-json", type=Path, help="write the final metrics as JSON here")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    add_training_flags(t)
    exp = sub.add_parser(
        "export", parents=[common],
        help="write a network as a PyTorch training script, ONNX, weights or a summary",
    )
    exp.add_argument("source", help="a template name, a .nnp project or a network .json")
    exp.add_argument("--format", default="pytorch",
                     help="pytorch (a standalone train.py, the default), onnx, safetensors "
                     "(trained weights only) or summary")
    exp.add_argument("--out", type=Path, required=True, help="the folder to write into")
    exp.add_argument("--with-weights", action="store_true",
                     help="include the project's trained weights (the script starts from them)")
    add_explain_parser(sub, common)
    add_sweep_parser(sub, common)
    shot = sub.add_parser("snapshot", parents=[common],
                          help="render the main window offscreen to a PNG")
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
        raise UsageError("{source} is neither a template ({names}) nor an existing file.",
                         source=repr(short(source)), names=", ".join(TEMPLATES))
    if path.suffix == ".json":
        text = read_network_text(path)
        try:
            spec = NetworkSpec.from_json(text)
        except PlaygroundError as exc:
            raise UsageError("{file}: {problem}", file=short(path.name),
                             problem=exc.message) from None
        return spec, TrainingConfig(), {}, None
    from playground.core.files.project import load_project

    project = load_project(path)
    return project.spec, project.training, dict(project.dataset_options), project


def read_network_text(path: Path) -> str:
    """The text of a network ``.json``, refused in plain words before a large or unreadable
    file is read whole."""
    name = short(path.name)
    if not path.is_file():  # a folder, a device or a pipe (reading a pipe would wait forever)
        raise UsageError("{file} is not a file: choose a network .json saved by the app.",
                         file=name)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_NETWORK_FILE_BYTES + 1)
    except OSError as exc:
        raise UsageError("{file} could not be read ({reason}): choose a network .json saved by "
                         "the app.", file=name, reason=reason_message(exc)) from None
    if len(data) > MAX_NETWORK_FILE_BYTES:
        raise UsageError(
            "{file} is larger than 1 MB, too large to be a network description (those are a "
            "few KB): choose a network .json saved by the app.", file=name,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("{file} is not a text file (it is not UTF-8): choose a network .json "
                         "saved by the app.", file=name) from None


# -- commands ----------------------------------------------------------------------------------
def cmd_templates(out: TextIO, reader: Reader | None = None) -> int:
    from playground.core.teaching.templates import TEMPLATES

    reader = reader or Reader()
    width = max(map(len, TEMPLATES)) + 2
    for t in TEMPLATES.values():
        out.write(f"{t.name:<{width}}{t.dataset:<15}{reader.say(t.description)}\n")
    return 0


def cmd_summary(args: argparse.Namespace, out: TextIO) -> int:
    from playground.core.network.shapes import analyse

    spec = load_source(args.source)[0]
    analysis = analyse(spec)
    out.write(analysis.table() + "\n")
    return 0 if analysis.ok else EXIT_BAD_INPUT


#: The line that starts a run, by the number of CPU threads (0: not said, 1, 2 or more).
_TRAINING_ON = (
    N_("Training on {samples} samples ({validation} for validation) on {device}, {batches} "
       "batches per epoch."),
    N_("Training on {samples} samples ({validation} for validation) on {device} (1 CPU thread), "
       "{batches} batches per epoch."),
    N_("Training on {samples} samples ({validation} for validation) on {device} ({threads} CPU "
       "threads), {batches} batches per epoch."),
)
#: How a run ended (``TrainingResult.status``), as the result line says it.
_STATUS: dict[str, str] = {
    "completed": N_("completed"), "stopped": N_("stopped"),
    "early_stopped": N_("early_stopped"), "diverged": N_("diverged"), "failed": N_("failed"),
    "target_reached": N_("target_reached"),
}


class ProgressPrinter:
    """Prints a one-line progress bar on a terminal, or one line per epoch elsewhere."""

    def __init__(self, stream: TextIO, quiet: bool, threads: int = 0,
                 reader: Reader | None = None) -> None:
        self.stream: TextIO | None = stream
        self.say = (reader or Reader()).say
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
                self.stream.write(self.say(Message("warning: {warning}", warning=warning)) + "\n")
            self.stream.write(self.say(Message(
                _TRAINING_ON[min(self.threads, 2)], samples=event.train_samples,
                validation=event.validation_samples, device=event.device, threads=self.threads,
                batches=event.batches_per_epoch)) + "\n")
        elif isinstance(event, ev.BatchProgress):
            if len(event.losses):
                self.last_loss = float(event.losses[-1])
            if self.tty and not self.quiet:
                done = event.batch / event.batches_per_epoch
                bar = "#" * int(done * 30)
                self.stream.write("\r" + self.say(Message(
                    "epoch {epoch}/{epochs} [{bar:<30}] {batch}/{batches} loss {loss:.4f} "
                    "{speed:,.0f} samples/s", epoch=event.epoch, epochs=self.epochs, bar=bar,
                    batch=event.batch, batches=event.batches_per_epoch, loss=self.last_loss,
                    speed=event.samples_per_second)))
        elif isinstance(event, ev.EpochEnd):
            if self.tty and not self.quiet:
                self.stream.write("\r" + " " * 100 + "\r")
            if not self.quiet:
                self.stream.write(self._epoch_line(event) + "\n")
            if event.stuck:  # even with --quiet: the run is not doing what the user wants
                self.stream.write(self.say(event.stuck) + "\n")
        elif isinstance(event, ev.Failed):
            self.stream.write(
                f"\n{self.say(event.explanation)} {self.say(event.suggestion)}\n")

    def _epoch_line(self, event: Any) -> str:
        """One epoch's figures, each field a catalogue text (a table row, not a sentence)."""
        fields = [Message("epoch {epoch}/{epochs}", epoch=event.epoch, epochs=self.epochs),
                  Message("loss {loss:.4f}", loss=event.train_loss)]
        if event.train_accuracy is not None:
            fields.append(Message("accuracy {accuracy:.2%}", accuracy=event.train_accuracy))
        if event.val_loss is not None:
            fields.append(Message("val_loss {loss:.4f}", loss=event.val_loss))
        if event.val_accuracy is not None:
            fields.append(Message("val_accuracy {accuracy:.2%}", accuracy=event.val_accuracy))
        fields.append(Message("{seconds:.1f}s", seconds=event.seconds))
        return " - ".join(self.say(field) for field in fields)


def cmd_train(args: argparse.Namespace, out: TextIO, err: TextIO,
              reader: Reader | None = None) -> int:
    reader = reader or Reader()
    say = reader.say
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
    from playground.core.training.control import TrainingControl
    from playground.core.training.loop import Trainer
    from playground.core.training.threads import choose_threads

    data = load_dataset(
        spec.dataset, preprocessing=config.preprocessing, limit=args.limit, seed=config.seed,
        **options,
    )
    threads = args.threads or choose_threads(infer_shapes(spec).macs * config.batch_size)
    control = TrainingControl()
    printer = ProgressPrinter(err, args.quiet, threads, reader)
    stopper = StopOnSignals(control.stop, err, reader.language, reader.locale)

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
        if test.accuracy is not None:
            line = Message("Test: loss {loss:.4f}, accuracy {accuracy:.2%} on {samples} samples",
                           loss=test.loss, accuracy=test.accuracy, samples=test.samples)
        else:
            line = Message("Test: loss {loss:.4f} on {samples} samples", loss=test.loss,
                           samples=test.samples)
        out.write(say(line) + "\n")
        status = _STATUS.get(result.status)
        out.write(say(Message(
            "{epochs} epochs, {seconds:.2f} s per epoch, {speed:,.0f} samples/s ({status})",
            epochs=result.epochs_completed, seconds=result.seconds_per_epoch,
            speed=result.samples_per_second,
            status=Message(status) if status else result.status)) + "\n")
    if result.status == "target_reached":  # when, and on which accuracy
        out.write(say(result.message) + "\n")
    if args.out:
        out.write(say(Message("Saved {path}", path=str(args.out))) + "\n")
    code = 0
    if result.status in ("diverged", "failed"):
        err.write(say(Message("error: {problem}", problem=result.message)) + "\n")
        code = EXIT_TRAINING_FAILED
    if stopper.received is not None:
        err.write(say(Message("Stopped by {signal} {where}; {saved}.", signal=stopper.name,
                              where=stopper.where(), saved=_saved(args))) + "\n")
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


def _saved(args: argparse.Namespace) -> Message:
    """What a stopped run kept, for the line that says why it stopped."""
    if args.out and args.metrics_json:
        return Message("the project so far was saved to {project} and its metrics to {metrics}",
                       project=str(args.out), metrics=str(args.metrics_json))
    if args.out:
        return Message("the project so far was saved to {project}", project=str(args.out))
    if args.metrics_json:
        return Message("its metrics were saved to {metrics} (give --out to keep the network)",
                       metrics=str(args.metrics_json))
    return Message("nothing was saved (give --out to keep the trained network)")


def cmd_export(args: argparse.Namespace, out: TextIO, reader: Reader | None = None) -> int:
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
    say = (reader or Reader()).say
    for path in written:
        out.write(say(Message("Wrote {path}", path=str(path))) + "\n")
    if args.format == "pytorch":
        out.write(say(Message("Train with: python {script}  (or torchrun --nproc_per_node=2 ...)",
                              script=str(written[-1]))) + "\n")
    return 0


#: ``--method`` values: the short names the command line accepts, as the core names them.

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
    argv = list(sys.argv[1:] if argv is None else argv)
    reader = reader_for(argv)
    args = build_parser(reader).parse_args(argv)
    setup_logging(fallback=err)
    try:
        if args.command == "templates":
            return cmd_templates(out, reader)
        if args.command == "summary":
            return cmd_summary(args, out)
        if args.command == "export":
            return cmd_export(args, out, reader)
        if args.command == "explain":
            return cmd_explain(args, out, reader.say)
        if args.command == "sweep":
            return cmd_sweep(args, out, err, reader, load_source)
        if args.command == "snapshot":
            from playground.gui.snapshot import take_snapshot

            return take_snapshot(args.out, args.template, args.size, out, args.train)
        return cmd_train(args, out, err, reader)
    except PlaygroundError as exc:
        # The user reads one line; the log keeps where in the code the input was refused.
        # INFO: bad input is not a fault, and if the log had to fall back to the error output
        # (WARNING and up) the user still sees one line, never a traceback.
        source = getattr(args, "source", None)
        logger.info("%s refused its input%s: %s", args.command,
                    f" ({source})" if source else "", exc, exc_info=exc)
        err.write(reader.say(Message("error: {problem}", problem=exc.message)) + "\n")
        return EXIT_BAD_INPUT
    except Exception:
        logger.exception("%s stopped with an unexpected error", args.command)
        raise


if __name__ == "__main__":
    raise SystemExit(main())
