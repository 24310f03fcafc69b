"""The ``sweep`` command: vary settings from the command line, read a table and a conclusion.

Runs go through ``python -m playground``'s own ``main`` once the command is listed there, and
through the same parser pieces (``add_sweep_parser``, ``cmd_sweep`` with the command line's
loader and reader) until then, so the tests check the command either way.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from playground import cli
from playground.cli_sweep import add_sweep_parser, cmd_sweep
from playground.core import catalogue
from playground.core.errors import PlaygroundError
from playground.core.files.project import Project, save_project
from playground.core.messages import Message
from playground.core.teaching.templates import TEMPLATES

FAST = ["--epochs", "1", "--limit", "200"]


def wired() -> bool:
    """Whether ``python -m playground`` lists the command."""
    actions = [a for a in cli.build_parser()._actions
               if isinstance(a, argparse._SubParsersAction)]
    return "sweep" in actions[0].choices


def sweep(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = ["sweep", *argv]
    if wired():
        return cli.main(args, out, err), out.getvalue(), err.getvalue()
    reader = cli.reader_for(args)
    parser = argparse.ArgumentParser(prog="python -m playground")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--language", choices=catalogue.available_languages(),
                        default=argparse.SUPPRESS)
    add_sweep_parser(parser.add_subparsers(dest="command", required=True), common)
    try:
        code = cmd_sweep(parser.parse_args(args), out, err, reader, cli.load_source)
    except PlaygroundError as exc:
        err.write(reader.say(Message("error: {problem}", problem=exc.message)) + "\n")
        code = 2
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_sweep_prints_each_run_then_the_table_and_what_it_shows(in_tmp: Path) -> None:
    code, out, err = sweep("mlp-mnist", "--vary", "lr=1e-3,1e-2,50", "--repeats", "2", *FAST)
    assert code == 0, err
    assert err.startswith("Study mlp-mnist-learning_rate-")
    assert f"in sqlite:///{(in_tmp / 'mlp-mnist.study.db').as_posix()}" in err.splitlines()[0]
    assert sum(line.startswith("run ") and "seed" in line for line in err.splitlines()) == 6
    assert "completed: accuracy" in err and "diverged at epoch" in err
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["learning", "rate", "runs"]
    assert "validation accuracy" in lines[0] and "test loss" in lines[0]
    rows = {line.split()[0]: line for line in lines[1:4]}
    assert set(rows) == {"0.001", "0.01", "50"}
    assert " ± " in rows["0.001"] and "2 diverged" in rows["50"]
    assert sum("best" in line for line in rows.values()) == 1
    assert "The best validation accuracy" in out
    assert "With learning rate = 50 training diverged" in out
    assert "6 runs done, 6 of them by this process" in out
    # The same command again finds the study done: nothing runs twice.
    code, again, _ = sweep("mlp-mnist", "--vary", "lr=1e-3,1e-2,50", "--repeats", "2", *FAST)
    assert code == 0 and "6 runs done, 0 of them by this process" in again


def test_a_preset_runs_the_lesson_s_experiment(in_tmp: Path) -> None:
    code, out, err = sweep("mlp-mnist", "--preset", "activation", "--study", "act",
                           "--storage", f"sqlite:///{(in_tmp / 'act.db').as_posix()}", *FAST)
    assert code == 0, err
    assert (in_tmp / "act.db").is_file() and err.startswith("Study act in sqlite:///")
    assert [line.split()[0] for line in out.splitlines()[1:3]] == ["relu", "sigmoid"]


def test_a_search_over_ranges_tries_the_points_asked_for(in_tmp: Path) -> None:
    code, out, err = sweep("mlp-mnist", "--range", "lr=1e-4:1e-1:log", "--range",
                           "batch_size=16:128", "--search", "3", "--no-prune", *FAST)
    assert code == 0, err
    table = out.split("\n\n")[0].splitlines()
    assert len(table) == 4 and table[0].split()[:4] == ["learning", "rate", "batch", "size"]
    assert "3 runs done" in out


def test_a_project_keeps_its_study_beside_it(in_tmp: Path) -> None:
    template = TEMPLATES["mlp-mnist"]
    project = in_tmp / "digits.nnp"
    save_project(Project(spec=template.spec, training=template.config), project)
    code, out, err = sweep(str(project), "--vary", "batch_size=32,64", *FAST)
    assert code == 0, err
    assert (in_tmp / "digits.study.db").is_file()
    assert [line.split()[0] for line in out.splitlines()[1:3]] == ["32", "64"]


@pytest.mark.parametrize(("argv", "words"), [
    (["--vary", "lr"], "error: --vary takes SETTING=VALUES, as lr=0.001,0.01; not 'lr'."),
    (["--vary", "speed=1,2"], "error: Unknown setting 'speed'."),
    (["--vary", "lr=fast"], "error: learning rate takes numbers; 'fast' is not one."),
    (["--vary", "layer:7:units=3"], "error: There is no layer 7: the network has 4 layers"),
    (["--range", "lr=1e-4:1e-1:log"], "a range, which only a search can try"),
    (["--range", "lr=1e-4"], "error: --range takes SETTING=LOW:HIGH"),
    ([], "error: Say what to vary"),
    (["--vary", "lr=0.1", "--storage", "nowhere"], "is not a database URL"),
])
def test_refused_input_is_one_line_and_status_2(argv: list[str], words: str) -> None:
    code, out, err = sweep("mlp-mnist", *argv, *FAST)
    assert code == 2 and out == ""
    assert words in err and len(err.strip().splitlines()) == 1, err


def test_spanish_readers_get_spanish_words_and_numbers(in_tmp: Path) -> None:
    code, out, err = sweep("mlp-mnist", "--vary", "lr=1e-3,1e-2", "--language", "es", *FAST)
    assert code == 0, err
    assert out.splitlines()[0].startswith("tasa de aprendizaje")
    assert "0,001" in out and "La mejor exactitud de validación" in out
    assert "ejecución 1" in err


@pytest.mark.slow
@pytest.mark.skipif(not wired(), reason="python -m playground does not list sweep yet")
def test_python_m_playground_sweep_runs_in_its_own_process(in_tmp: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "playground", "sweep", "mlp-mnist", "--vary", "lr=1e-3,1e-2",
         *FAST], capture_output=True, text=True, timeout=300, env={**os.environ})
    assert done.returncode == 0, done.stderr
    assert "The best validation accuracy" in done.stdout
