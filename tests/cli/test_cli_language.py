"""The command line speaks the environment's language (``LC_ALL``, ``LC_MESSAGES``, ``LANG``),
and ``--language`` overrides it, before or after the command."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from playground import cli
from playground.cli_stop import StopOnSignals

ROOT = Path(__file__).resolve().parents[2]
SPANISH = "'no-such-template' no es una plantilla ("
ENGLISH = "'no-such-template' is neither a template ("


def run(*args: str, lang: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env["LANG"] = lang
    return subprocess.run([sys.executable, "-m", "playground", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_spanish_environment_gets_its_errors_in_spanish() -> None:
    proc = run("train", "no-such-template", lang="es_ES.UTF-8")
    assert proc.returncode == cli.EXIT_BAD_INPUT
    assert proc.stderr.startswith(f"error: {SPANISH}") and "ni un archivo que exista." in (
        proc.stderr)
    assert "Traceback" not in proc.stderr


def test_the_c_locale_gets_english() -> None:
    proc = run("train", "no-such-template", lang="C")
    assert proc.returncode == cli.EXIT_BAD_INPUT
    assert proc.stderr.startswith(f"error: {ENGLISH}") and "nor an existing file." in proc.stderr


@pytest.mark.parametrize("args", [
    ("--language", "es", "train", "no-such-template"),
    ("train", "no-such-template", "--language=es"),
])
def test_language_overrides_the_environment(args: tuple[str, ...]) -> None:
    proc = run(*args, lang="C")
    assert proc.returncode == cli.EXIT_BAD_INPUT
    assert proc.stderr.startswith(f"error: {SPANISH}")


def test_language_english_overrides_a_spanish_environment() -> None:
    proc = run("--language", "en", "train", "no-such-template", lang="es_ES.UTF-8")
    assert proc.stderr.startswith(f"error: {ENGLISH}")


def test_an_unknown_language_is_refused() -> None:
    proc = run("--language", "xx", "templates", lang="C")
    assert proc.returncode == cli.EXIT_BAD_INPUT
    assert "--language" in proc.stderr and "invalid choice" in proc.stderr


def test_the_reader_follows_the_environment_and_the_flag() -> None:
    assert cli.reader_for([], {"LANG": "es_MX.UTF-8"}) == cli.Reader("es", "es_MX")
    assert cli.reader_for([], {"LANG": "C"}) == cli.Reader("en", "en_US")
    assert cli.reader_for(["--language", "es"], {"LANG": "C"}) == cli.Reader("es", "es_ES")
    assert cli.reader_for(["--language=es"], {"LANG": "es_MX"}) == cli.Reader("es", "es_MX")
    assert cli.reader_for(["--language", "xx"], {"LANG": "C"}) == cli.Reader("en", "en_US")


def test_a_refused_thread_count_is_said_in_spanish() -> None:
    err = io.StringIO()
    parser = cli.build_parser(cli.Reader("es", "es_ES"))
    with pytest.raises(SystemExit), redirect_stderr(err):
        parser.parse_args(["train", "x", "--threads", "many"])
    assert "'many' no es un número de hilos" in err.getvalue()


def test_progress_lines_are_spanish_with_spanish_numbers() -> None:
    from playground.core.training import events as ev

    stream = io.StringIO()
    printer = cli.ProgressPrinter(stream, quiet=False, threads=4,
                                  reader=cli.Reader("es", "es_ES"))
    printer(ev.RunStarted(epochs=2, train_samples=55_000, validation_samples=5_000,
                          device="cpu", batches_per_epoch=1719))
    printer(ev.EpochEnd(epoch=1, train_loss=0.25, train_accuracy=0.9312, val_loss=0.5,
                        val_accuracy=0.875, seconds=1.5, learning_rate=0.001))
    lines = stream.getvalue().splitlines()
    assert lines[0] == ("Entrenando con 55.000 muestras (5.000 para validación) en cpu (4 hilos "
                        "de CPU), 1.719 lotes por época.")
    assert lines[1] == ("época 1/2 - pérdida 0,2500 - exactitud 93,12% - pérdida_val 0,5000 - "
                        "exactitud_val 87,50% - 1,5 s")


def test_a_stopped_run_says_where_in_spanish() -> None:
    stopper = StopOnSignals(lambda: None, io.StringIO(), "es")
    assert stopper.where().render("es") == "antes del primer lote"
    stopper.epoch, stopper.batch = 3, 1200
    assert stopper.where().render("es") == "tras la época 3, lote 1.200"
    assert str(stopper.where()) == "after epoch 3, batch 1,200"
