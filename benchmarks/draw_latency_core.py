"""Latency of the core half of "Draw a digit": from a 280×280 canvas to class probabilities.

Measures, on the CPU with the ``cnn-mnist`` network, in one process and interleaved so machine
noise hits every variant alike:

* ``mnistify``: the MNIST recipe on the canvas (crop, area-scale to 20×20, centre of mass);
* ``predict``: :meth:`LivePredictor.predict` on the prepared 28×28 image (normalisation,
  inference mode, probabilities);
* ``full path``: canvas -> ``mnistify`` -> ``submit`` -> ``run_pending`` (what the GUI runs);
* ``new weights``: :meth:`LivePredictor.update_weights` with a training snapshot, then
  ``predict`` (the cost when a snapshot arrives between two drawings);
* ``bare forward``: the same network called directly on a ready (1, 1, 28, 28) tensor under
  ``torch.inference_mode()`` -- the floor any implementation pays.

p50 and p95 over ``--runs`` runs are printed, with the full path's ratio to the bare forward
pass. The target for the whole GUI path (with painting) is p95 < 10 ms.

    .venv/bin/python benchmarks/draw_latency_core.py [--runs 500] [--threads N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F

from playground.core.data.datasets import load_dataset
from playground.core.data.digits import mnistify
from playground.core.inspect.live_predict import LivePredictor
from playground.core.network.build import build_model
from playground.core.teaching.templates import TEMPLATES


def drawn_canvas(digit: np.ndarray, size: int = 280, scale: float = 7.0) -> np.ndarray:
    """A real MNIST digit enlarged ``scale`` times, off-centre on a ``size``² canvas."""
    n = round(28 * scale)
    big = F.interpolate(torch.from_numpy(digit)[None, None], size=(n, n), mode="bilinear")
    canvas = np.zeros((size, size), np.float32)
    canvas[size - n - 5 : size - 5, 10 : 10 + n] = big[0, 0].clamp(0, 1).numpy()
    return canvas


def percentiles(seconds: list[float]) -> tuple[float, float]:
    ms = np.asarray(seconds) * 1e3
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: default)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)

    spec = TEMPLATES["cnn-mnist"].spec
    data = load_dataset("mnist", limit=16)
    canvas = drawn_canvas(data.test_x[0, 0].numpy())
    state = build_model(spec, seed=1).state_dict()
    predictor = LivePredictor(spec, data.normalize, state)
    image28 = mnistify(canvas)

    bare = build_model(spec, seed=1).eval()
    x = data.normalize(torch.from_numpy(image28)[None, None])

    def bare_forward() -> None:
        with torch.inference_mode():
            bare(x)

    def full_path() -> None:
        predictor.submit(mnistify(canvas))
        result = predictor.run_pending()
        assert predictor.accept(result)

    variants: dict[str, Callable[[], object]] = {
        "mnistify": lambda: mnistify(canvas),
        "predict": lambda: predictor.predict(image28),
        "full path": full_path,
        "new weights": lambda: (predictor.update_weights(state), predictor.predict(image28)),
        "bare forward": bare_forward,
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(20):  # warm up allocators and kernels
        for fn in variants.values():
            fn()
    for _ in range(args.runs):
        for name, fn in variants.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)

    print(f"cnn-mnist on CPU, 280×280 canvas, {args.runs} runs, torch threads "
          f"{torch.get_num_threads()}, torch {torch.__version__}")  # fmt: skip
    for name, seconds in times.items():
        p50, p95 = percentiles(seconds)
        print(f"  {name:<13} p50 {p50:7.3f} ms   p95 {p95:7.3f} ms")
    full50, full95 = percentiles(times["full path"])
    bare50, bare95 = percentiles(times["bare forward"])
    print(f"  full path / bare forward: p50 ×{full50 / bare50:.2f}, p95 ×{full95 / bare95:.2f}")
    print(f"  target for the whole GUI path: p95 < 10 ms -> core uses {full95 / 10:.0%} of it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
