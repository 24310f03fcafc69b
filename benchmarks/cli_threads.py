"""Command-line epoch time with 2 intra-op threads against the count ``--threads auto`` chooses,
while one CPU-bound process runs beside the training.

The command line used to keep PyTorch's default of one thread per core. On a 2-core machine with
another busy program, one of the two threads keeps losing its core and every operation waits for
it. Each run is a real ``python -m playground train <template> --threads 2|auto`` process; the
busy neighbour is a Python loop started before and stopped after each run. Runs alternate so
machine noise hits both alike; the median seconds per epoch (from ``--metrics-json``) of each,
the thread count the choice made (from the progress line), and their ratio are printed.

    .venv/bin/python benchmarks/cli_threads.py [--template mlp-mnist] [--epochs 3] [--repeats 3]
        [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BUSY = "while True: pass"


def run(
    template: str, threads: str, epochs: int, folder: Path, limit: int | None
) -> tuple[float, int]:
    """(seconds per epoch, threads used) of one command-line run beside a busy process."""
    metrics = folder / f"m-{threads}.json"
    busy = subprocess.Popen([sys.executable, "-c", BUSY])
    try:
        done = subprocess.run(
            [sys.executable, "-m", "playground", "train", template, "--epochs", str(epochs),
             "--threads", threads, "--quiet", "--metrics-json", str(metrics),
             *(["--limit", str(limit)] if limit else [])],
            capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    finally:
        busy.kill()
        busy.wait()
    used = re.search(r"\((\d+) CPU threads?\)", done.stderr)
    return json.loads(metrics.read_text())["seconds_per_epoch"], int(used.group(1)) if used else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", default="mlp-mnist")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--limit", type=int, help="train on the first N samples only")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{args.template}, {args.epochs} epochs per run, {args.repeats} runs each, "
          f"{cores} cores, load average {os.getloadavg()[0]:.2f} before the first run")
    times: dict[str, list[float]] = {"2": [], "auto": []}
    chosen: list[int] = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.repeats):
            for threads in ("2", "auto"):
                seconds, used = run(args.template, threads, args.epochs, Path(folder),
                                    args.limit)
                times[threads].append(seconds)
                if threads == "auto":
                    chosen.append(used)
                print(f"  --threads {threads:<4} {seconds:.3f} s per epoch ({used} threads)",
                      flush=True)
    two, auto = statistics.median(times["2"]), statistics.median(times["auto"])
    print(f"2 threads: {two:.3f} s per epoch (median)")
    print(f"chosen ({'/'.join(map(str, chosen))} threads): {auto:.3f} s per epoch (median)")
    print(f"ratio 2 threads / chosen: {two / auto:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
