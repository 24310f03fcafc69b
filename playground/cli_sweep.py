"""The ``sweep`` command: train one network with several values of some settings, and compare.

``python -m playground sweep mlp-mnist --vary lr=1e-4,1e-3,1e-2 --repeats 2`` runs every value
with two seeds, prints a line per run, then the table (mean ± spread over the seeds) and what
it shows in a few sentences. ``--preset`` runs one of the first-network lesson's experiments,
``--range`` with ``--search N`` lets a TPE search pick N points. The study is kept in a
storage (by default an SQLite file beside the project, or ``<template>.study.db`` here), so
the same command run again goes on where it stopped, and run in two terminals, or on two
computers sharing a database (``--storage postgresql://...``), shares the runs out. Ctrl+C
stops after the current batch; the run under way is queued again for next time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from playground.cli_flags import add_training_flags, training_changes
from playground.core import catalogue
from playground.core.messages import N_, Message, format_number, render

__all__ = ["add_sweep_parser", "cmd_sweep"]

EXIT_TRAINING_FAILED = 1
HEADINGS = (N_("runs"), N_("validation accuracy"), N_("validation loss"), N_("test accuracy"),
            N_("test loss"), N_("notes"))
PERCENT, PERCENT_SPREAD = N_("{mean:.2%}"), N_("{mean:.2%} ± {std:.2%}")
LOSS, LOSS_SPREAD = N_("{mean:.4f}"), N_("{mean:.4f} ± {std:.4f}")


def add_sweep_parser(subparsers: Any, common_parent: argparse.ArgumentParser) -> None:
    """The ``sweep`` subcommand, with every training setting as a flag for the base run."""
    from playground.core.experiments.presets import PRESETS

    s = subparsers.add_parser(
        "sweep", parents=[common_parent],
        help="run an experiment: train with several values of some settings and compare them")
    s.add_argument("source", nargs="?", default=None,
                   help="a template name, a .nnp project or a network .json (not with --join)")
    s.add_argument("--vary", action="append", default=[], metavar="SETTING=V1,V2,...",
                   help="values to try: a training setting (lr=1e-4,1e-3), depth=1,2,3, "
                   "dropout=0,0.5, activation=relu,sigmoid, or a layer's parameter "
                   "(layer:3:units=32,64); repeat the flag to vary several")
    s.add_argument("--range", action="append", default=[], metavar="SETTING=LOW:HIGH[:log][:int]",
                   help="a range to search (with --search), e.g. lr=1e-4:1e-1:log")
    s.add_argument("--preset", choices=tuple(PRESETS),
                   help="one of the first-network lesson's experiments")
    s.add_argument("--search", type=int, metavar="N",
                   help="try N points chosen by a search instead of every combination")
    s.add_argument("--repeats", type=int, default=1, metavar="R",
                   help="run each combination with R seeds (the base seed, +1, ...)")
    s.add_argument("--limit", type=int, help="use only the first N training and test samples")
    s.add_argument("--target", type=float, metavar="ACCURACY",
                   help="stop a run, and the experiment, once its validation accuracy reaches "
                   "this (e.g. 0.97)")
    s.add_argument("--prune", action=argparse.BooleanOptionalAction, default=None,
                   help="stop runs that fall behind the others (default: only in a search)")
    s.add_argument("--metric", choices=("accuracy", "loss"), default="accuracy",
                   help="what to compare (loss for a network that predicts numbers)")
    s.add_argument("--storage", metavar="URL", help="where the study is kept: sqlite:///file.db "
                   "(default: beside the project) or another database URL, e.g. "
                   "postgresql://user:password@host/db to share it between computers")
    s.add_argument("--study", metavar="NAME",
                   help="the study's name (default: made from the source and the experiment)")
    s.add_argument("--join", action="store_true",
                   help="help with the study --study in --storage as it stands: its experiment "
                   "is read from it (no source, no --vary)")
    add_training_flags(s)


# -- the experiment from the arguments ---------------------------------------------------------
def _split(flag: str, text: str) -> tuple[str, str]:
    from playground.core.experiments.settings import ExperimentError

    name, sep, values = text.partition("=")
    if not sep or not name.strip() or not values.strip():
        raise ExperimentError("{flag} takes SETTING=VALUES, as lr=0.001,0.01; not {text}.",
                              flag=flag, text=repr(text[:40]))
    return name.strip(), values


def build_experiment(args: argparse.Namespace, spec: Any, config: Any,
                     options: dict[str, Any]) -> Any:
    """The experiment the arguments describe (base settings changed by the training flags)."""
    from playground.core.experiments.definition import Experiment
    from playground.core.experiments.presets import PRESETS
    from playground.core.experiments.settings import (
        ExperimentError,
        canonical_name,
        parse_value,
        setting_kind,
    )
    from playground.core.experiments.varied import VariedSetting
    from playground.core.training.config import TrainingConfig

    config = TrainingConfig.from_dict({**config.to_dict(), **training_changes(args)})
    vary = list(PRESETS[args.preset].vary) if args.preset else []
    for text in args.vary:
        name, values = _split("--vary", text)
        parsed = [parse_value(name, spec, v) for v in values.split(",")]
        kind = setting_kind(name, spec).kind
        vary.append(VariedSetting(canonical_name(name), "choice" if kind in ("choice", "bool")
                                  else "grid", tuple(parsed)))
    for text in args.range:
        name, values = _split("--range", text)
        parts = values.split(":")
        words = {p.strip().lower() for p in parts[2:]}
        if len(parts) < 2 or not words <= {"log", "linear", "int"}:
            raise ExperimentError("--range takes SETTING=LOW:HIGH, then :log or :linear and "
                                  ":int if wanted, as lr=1e-4:1e-1:log; not {text}.",
                                  text=repr(text[:40]))
        low, high = (float(parse_value(name, spec, p)) for p in parts[:2])
        vary.append(VariedSetting.range(name, low, high, log="log" in words,
                                        integer="int" in words))
    if not vary:
        raise ExperimentError("Say what to vary: --vary SETTING=V1,V2,..., --range with "
                              "--search, or --preset.")
    search = args.search is not None
    return Experiment(spec, config, tuple(vary), options, "search" if search else "grid",
                      args.search or 0, args.repeats, args.limit, args.target, args.prune,
                      args.metric)


def study_name(source: str, experiment: Any) -> str:
    """``mlp-mnist-learning_rate-1a2b3c4d``: the same command gives the same name (so a second
    terminal joins the study), another experiment another name."""
    identity = json.dumps(experiment.identity(), sort_keys=True)
    digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:8]
    names = "-".join(n.replace(":", "") for n in experiment.names)
    return f"{Path(source).stem}-{names}-{digest}"


def _load_fallback(source: str) -> tuple[Any, Any, dict[str, Any], Any]:
    """A template or a project, for callers that do not pass the command line's loader."""
    from playground.core.experiments.settings import ExperimentError
    from playground.core.files.project import load_project
    from playground.core.teaching.templates import TEMPLATES

    if source in TEMPLATES:
        t = TEMPLATES[source]
        return t.spec, t.config, dict(t.dataset_options), None
    if not Path(source).is_file():
        raise ExperimentError("{source} is neither a template ({names}) nor an existing file.",
                              source=repr(source[:40]), names=", ".join(TEMPLATES))
    project = load_project(Path(source))
    return project.spec, project.training, dict(project.dataset_options), project


# -- the command --------------------------------------------------------------------------------
def cmd_sweep(args: argparse.Namespace, out: TextIO, err: TextIO, reader: Any = None,
              load_source: Callable[[str], tuple[Any, Any, dict[str, Any], Any]] | None = None,
              ) -> int:
    """Run (or go on with) the experiment; 0, 1 when no run gave a result, 128 + a signal's
    number when SIGTERM or SIGHUP stopped it. Refused input raises a PlaygroundError, which
    the command line reports in one line with status 2."""
    from playground.cli_stop import StopOnSignals
    from playground.core.experiments.conclusion import conclusion
    from playground.core.experiments.runner import run_experiment
    from playground.core.experiments.storage import check_storage_url, default_storage_url

    language, locale = _language(args, reader)

    def say(text: Message | str) -> str:
        return render(text, language, locale)

    if getattr(args, "join", False):
        experiment, storage, name = _joined(args)
    else:
        if not args.source:
            from playground.core.experiments.settings import ExperimentError

            raise ExperimentError("Say what to train: a template, a project or a network file "
                                  "(or --join with --storage and --study).")
        spec, config, options, _ = (load_source or _load_fallback)(args.source)
        experiment = build_experiment(args, spec, config, options)
        path = Path(args.source)
        storage = args.storage or default_storage_url(path if path.is_file() else None,
                                                      path.stem)
        check_storage_url(storage)
        name = args.study or study_name(args.source, experiment)
    printer = _RunPrinter(err, experiment, say)
    err.write(say(Message("Study {study} in {storage}", study=name, storage=storage)) + "\n")
    stopper = StopOnSignals(lambda: None, err, language, locale)
    with stopper:
        result = run_experiment(experiment, storage, name, None, on_trial=printer,
                                should_stop=lambda: stopper.received is not None)
    out.write(table(result, say, locale) + "\n\n")
    out.write(conclusion(result, language, locale) + "\n")
    _footer(result, out, say)
    if stopper.received is not None:
        err.write(say(Message("Stopped by {signal}; the run under way is queued again: the "
                              "same command goes on.", signal=stopper.name)) + "\n")
    measured = any(row.measured for row in result.rows)
    code = 0 if measured or not any(row.failed for row in result.rows) else EXIT_TRAINING_FAILED
    return stopper.exit_code(code)


def _joined(args: argparse.Namespace) -> tuple[Any, str, str]:
    """``--join``: the experiment a study at ``--storage`` named ``--study`` holds (another
    process, the window, created it); this process takes its share of the runs left."""
    from playground.core.experiments.reading import read_study
    from playground.core.experiments.settings import ExperimentError
    from playground.core.experiments.storage import check_storage_url

    if not args.storage or not args.study or args.source or args.vary or args.range or \
            args.preset:
        raise ExperimentError("--join takes --storage and --study, and no source or settings "
                              "to vary: the study holds its experiment.")
    check_storage_url(args.storage)
    snapshot = read_study(args.storage, args.study, with_importance=False)
    if snapshot is None:
        raise ExperimentError("There is no study {study} in {storage}.", study=args.study,
                              storage=args.storage)
    return snapshot.experiment, args.storage, args.study


def _language(args: argparse.Namespace, reader: Any) -> tuple[str, str]:
    if reader is not None:
        return reader.language, reader.locale
    language, locale = catalogue.environment_language(os.environ)
    chosen = getattr(args, "language", None)
    if chosen and chosen != language and chosen in catalogue.available_languages():
        return chosen, catalogue.default_locale(chosen)
    return language, locale


def _footer(result: Any, out: TextIO, say: Callable[[Message | str], str]) -> None:
    from playground.core.experiments.settings import setting_label

    if result.importance:
        shares = ", ".join(say(Message("{setting} {share:.0%}",
                                       setting=setting_label(n, result.experiment.spec),
                                       share=v))
                           for n, v in sorted(result.importance.items(), key=lambda i: -i[1]))
        out.write(say(Message("What mattered: {shares}", shares=shares)) + "\n")
    if result.recovered:
        out.write(say(Message("Queued again: {count} runs left running by a process that "
                              "ended.", count=len(result.recovered))) + "\n")
    from playground.core.experiments.records import FINISHED

    done = sum(row.runs for row in result.rows)
    here = sum(r.number in result.ran and r.status in FINISHED for r in result.records)
    out.write(say(Message("{done} runs done, {here} of them by this process, in {seconds:.1f} s.",
                          done=done, here=here, seconds=result.seconds)) + "\n")


class _RunPrinter:
    """One line when a run starts and one when it ends, on the error output (as ``train``'s
    progress), so the table and the conclusion can be piped alone."""

    def __init__(self, stream: TextIO, experiment: Any, say: Callable[[Any], str]) -> None:
        self.stream, self.experiment, self.say = stream, experiment, say

    def __call__(self, record: Any) -> None:
        from playground.core.experiments import records as rec
        from playground.core.experiments.conclusion import describe_values

        say = self.say
        if record.status == rec.RUNNING and record.epochs:
            return
        values = describe_values(record.values, self.experiment, say)
        if record.status == rec.RUNNING:
            line = Message("run {number}: {values}, seed {seed}", number=record.number + 1,
                           values=values, seed=record.seed)
        elif record.score is not None and self.experiment.metric == "accuracy":
            line = Message("run {number} {status}: accuracy {score:.2%} at epoch {epochs} "
                           "({seconds:.1f} s)", number=record.number + 1,
                           status=rec.STATUS_LABELS[record.status], score=record.score,
                           epochs=record.epochs, seconds=record.seconds)
        elif record.score is not None:
            line = Message("run {number} {status}: loss {score:.4f} at epoch {epochs} "
                           "({seconds:.1f} s)", number=record.number + 1,
                           status=rec.STATUS_LABELS[record.status], score=record.score,
                           epochs=record.epochs, seconds=record.seconds)
        else:
            line = Message("run {number} {status} at epoch {epochs}. {message}",
                           number=record.number + 1, status=rec.STATUS_LABELS[record.status],
                           epochs=record.epochs, message=record.message)
        try:
            self.stream.write(say(line).rstrip() + "\n")
            self.stream.flush()
        except (OSError, ValueError):  # the terminal is gone: the runs go on
            pass


def table(result: Any, say: Callable[[Any], str], locale: str = "en_US") -> str:
    """The summary as aligned text columns, the best row marked (numbers as ``locale``
    writes them)."""
    from playground.core.experiments.records import STATUS_LABELS
    from playground.core.experiments.settings import setting_label

    e = result.experiment
    heads = [say(setting_label(n, e.spec)) for n in e.names]
    heads += [say(Message(h)) for h in HEADINGS]
    lines = [heads]
    for row in result.rows:
        cells = [_value(row.values.get(n), say, locale) for n in e.names]
        cells.append(str(row.runs))
        for stat, percent in ((row.val_accuracy, True), (row.val_loss, False),
                              (row.test_accuracy, True), (row.test_loss, False)):
            cells.append(_stat(stat, percent, say))
        notes = [say(Message("{count} {status}", count=n, status=STATUS_LABELS[s]))
                 for n, s in ((row.pruned, "pruned"), (row.diverged, "diverged"),
                              (row.failed, "failed"), (row.pending, "waiting")) if n]
        if row.best:
            notes.insert(0, say(Message("best")))
        cells.append(", ".join(notes))
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(heads))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True))
                     .rstrip() for line in lines)


def _value(value: Any, say: Callable[[Any], str], locale: str) -> str:
    if isinstance(value, bool):
        return say(Message("on") if value else Message("off"))
    if isinstance(value, (int, float)):
        return format_number(value, ".3g" if isinstance(value, float) else "", locale)
    return str(value)


def _stat(stat: Any, percent: bool, say: Callable[[Any], str]) -> str:
    if stat.mean is None:
        return "-"
    if stat.std is None:
        return say(Message(PERCENT if percent else LOSS, mean=stat.mean))
    return say(Message(PERCENT_SPREAD if percent else LOSS_SPREAD, mean=stat.mean, std=stat.std))

