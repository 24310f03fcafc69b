"""The first-network lesson's learning-rate experiment, run as one study and run by hand.

The lesson asks what the learning rate changes. Here 1e-4, 1e-3, 1e-2 and 1e-1, each with two
seeds (8 runs of the ``mlp-mnist`` template on the bundled MNIST), go once through
``run_experiment`` (an Optuna grid study in an SQLite file) and once as 8 plain ``train()``
calls in the same process, as a student would run them one by one. Printed: the study's table
and conclusion, both wall times and their ratio (what the study's bookkeeping costs), and with
``--processes 2`` the same study shared by two processes on one storage file (wall time, runs
per process).

    .venv/bin/python benchmarks/sweep_seed001.py [--epochs 3] [--limit N] [--processes 2]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playground.cli_sweep import table
from playground.core.data.datasets import load_dataset
from playground.core.experiments.conclusion import conclusion
from playground.core.experiments.presets import PRESETS
from playground.core.experiments.runner import run_experiment
from playground.core.messages import render
from playground.core.network.shapes import infer_shapes
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.loop import train
from playground.core.training.threads import choose_threads

WORKER = """
import sys
from playground.core.experiments.definition import Experiment
from playground.core.experiments.runner import run_experiment
e = Experiment.from_json(open(sys.argv[2], encoding="utf-8").read())
result = run_experiment(e, sys.argv[1], "shared", cpu_threads=int(sys.argv[3]))
print(len(result.ran), flush=True)
"""


def shared(experiment, folder: Path, processes: int, threads: int) -> tuple[float, list[int]]:
    """(wall seconds, runs done by each process) of ``processes`` processes on one study."""
    spec = folder / "experiment.json"
    spec.write_text(experiment.to_json(), encoding="utf-8")
    url = f"sqlite:///{(folder / 'shared.db').as_posix()}"
    start = time.perf_counter()
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, url, str(spec), str(threads)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "OMP_NUM_THREADS": str(threads)})
               for _ in range(processes)]
    outputs = [w.communicate() for w in workers]
    for worker, (_, err) in zip(workers, outputs, strict=True):
        if worker.returncode:
            raise SystemExit(f"a sharing process failed:\n{err}")
    return time.perf_counter() - start, [int(out.strip().splitlines()[-1]) for out, _ in outputs]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--limit", type=int, help="train on the first N samples only")
    parser.add_argument("--processes", type=int, default=0,
                        help="also share the study between this many processes")
    args = parser.parse_args()
    template = TEMPLATES["mlp-mnist"]
    config = template.config.with_changes(epochs=args.epochs)
    experiment = PRESETS["learning-rate"].experiment(template.spec, config, repeats=2,
                                                     limit=args.limit)
    data = load_dataset("mnist", preprocessing=config.preprocessing, limit=args.limit)
    threads = choose_threads(infer_shapes(template.spec).macs * config.batch_size)
    print(f"mlp-mnist on {len(data.train_y)} training pictures, {args.epochs} epochs per run, "
          f"8 runs, {threads} CPU thread(s) per run, load average {os.getloadavg()[0]:.2f}")

    # Both ways pay PyTorch's first-run costs equally: one short run warms them up first.
    train(template.spec, config.with_changes(epochs=1), load_dataset(
        "mnist", preprocessing=config.preprocessing, limit=500), cpu_threads=threads)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{(Path(folder) / 'study.db').as_posix()}"
        start = time.perf_counter()
        result = run_experiment(experiment, url, "lr", data, cpu_threads=threads)
        study_seconds = time.perf_counter() - start

        start = time.perf_counter()
        for lr in experiment.vary[0].values:
            for seed in experiment.seeds:
                train(template.spec, config.with_changes(learning_rate=lr, seed=seed), data,
                      cpu_threads=threads)
        by_hand = time.perf_counter() - start

        def say(text):
            return render(text, "en")

        print()
        print(table(result, say))
        print()
        print(conclusion(result, "en"))
        print()
        print(f"study (run_experiment, SQLite):  {study_seconds:7.1f} s")
        print(f"by hand (8 x train()):           {by_hand:7.1f} s")
        print(f"ratio study / by hand:           {study_seconds / by_hand:7.2f}")
        if args.processes > 1:
            seconds, runs = shared(experiment, Path(folder), args.processes, threads)
            print(f"{args.processes} processes sharing one study: {seconds:7.1f} s "
                  f"(runs per process: {runs}, total {sum(runs)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
