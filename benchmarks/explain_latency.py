"""Latency of "Why did it say 7?": from a changed drawing to its heat map, for every method.

On the CPU with the ``cnn-mnist`` network (briefly trained on the bundled digits, or with its
initial weights with ``--untrained``), over ``--drawings`` random drawings (test digits drawn
at a random size and place on the 280×280 pad), in one process:

* ``core``: :func:`playground.core.explain.attribution.explain` alone, on the prepared and
  normalised 28×28 input;
* ``core path``: canvas -> MNIST recipe -> normalisation -> ``explain`` -> RGBA heat map (what
  a background job and the overlay compute for one drawing change);
* ``pane``: through the Draw pane offscreen: a picture stamped on the pad -> prediction ->
  background job -> map laid over the input view and the pad (wall time on the GUI thread,
  with the event loop running), unless ``--no-pane``;
* ``bare forward``: the network called on a ready (1, 1, 28, 28) tensor under
  ``torch.inference_mode()``, the floor any prediction pays; each drawing-to-map p50 is given
  as a multiple of the one-thread forward pass.

The core is measured with ``--threads`` torch threads (2 by default) and with one, the number
the pane's background jobs use: on a computer where something else runs (a training run, the
test suite) two threads wait for each other and their 95th percentile grows tenfold.

It also times ``import captum.attr`` in fresh processes (after ``import torch``, which the app
has loaded by then). Targets: saliency and Grad-CAM p95 < 20 ms, Integrated Gradients (32
steps) p95 < 100 ms; occlusion is reported.

    .venv/bin/python benchmarks/explain_latency.py [--drawings 100] [--threads 2] [--no-pane]
        [--untrained]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import replace

import numpy as np
import torch
import torch.nn.functional as F

from playground.core.data.datasets import load_dataset, view_as
from playground.core.data.digits import prepare_digit
from playground.core.explain.attribution import METHODS, explain
from playground.core.explain.heatmap import heat_rgba
from playground.core.network.build import build_model, model_from_weights
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.loop import Trainer

TARGETS_MS = {"saliency": 20.0, "gradcam": 20.0, "integrated_gradients": 100.0}


def captum_import_seconds(repeats: int = 3) -> float:
    """The median time of ``import captum.attr`` in a fresh process that imported torch."""
    code = ("import time, torch; t = time.perf_counter(); import captum.attr; "
            "print(time.perf_counter() - t)")
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                  check=True).stdout) for _ in range(repeats)]
    return statistics.median(times)


def drawings(count: int, seed: int = 0) -> list[np.ndarray]:
    """Test digits drawn at a random size and place on a 280×280 canvas."""
    data = load_dataset("mnist", limit=max(count, 100))
    rng = np.random.default_rng(seed)
    canvases = []
    for index in rng.choice(len(data.test_x), size=count, replace=False):
        n = int(rng.integers(90, 260))
        top, left = (int(v) for v in rng.integers(0, 280 - n + 1, size=2))
        big = F.interpolate(data.test_x[int(index)][None], size=(n, n), mode="bilinear")
        canvas = np.zeros((280, 280), np.float32)
        canvas[top : top + n, left : left + n] = big[0, 0].clamp(0, 1).numpy()
        canvases.append(canvas)
    return canvases


def percentiles(seconds: list[float]) -> tuple[float, float]:
    ms = np.asarray(seconds) * 1e3
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


def weights(untrained: bool) -> dict[str, torch.Tensor]:
    template = TEMPLATES["cnn-mnist"]
    if untrained:
        return build_model(template.spec, seed=0).state_dict()
    config = replace(template.config, epochs=1)
    data = load_dataset("mnist", preprocessing=config.preprocessing, limit=2000)
    return Trainer(template.spec, config, data).run().state_dict


def core_times(state: dict, canvases: list[np.ndarray]) -> dict[str, tuple[list, list]]:
    """Per method: (explain alone, the whole core path) in seconds, one per drawing."""
    template = TEMPLATES["cnn-mnist"]
    spec = template.spec
    normalize = load_dataset("mnist", preprocessing=template.config.preprocessing,
                             limit=1).normalize
    model = model_from_weights(spec, state)
    black = view_as(normalize(torch.zeros(1, 1, 28, 28)), spec.input_shape)[0]
    found: dict[str, tuple[list, list]] = {m: ([], []) for m in METHODS}
    for method in METHODS:  # warm up (captum's import, first calls)
        explain(model, black, 0, method, baseline=black)
    for canvas in canvases:
        for method in METHODS:  # interleaved: machine noise hits every method alike
            start = time.perf_counter()
            image = prepare_digit(canvas).image
            x = view_as(normalize(torch.from_numpy(image).reshape(1, 1, 28, 28)),
                        spec.input_shape)[0]
            with torch.inference_mode():
                target = int(model(x[None]).argmax())
            result = explain(model, x, target, method, baseline=black)
            heat_rgba(result.values, result.signed)
            found[method][0].append(result.seconds)
            found[method][1].append(time.perf_counter() - start)
    return found


def forward_seconds(state: dict, runs: int = 500) -> list[float]:
    model = model_from_weights(TEMPLATES["cnn-mnist"].spec, state)
    x = torch.rand(1, 1, 28, 28)
    times = []
    with torch.inference_mode():
        for _ in range(50):
            model(x)
        for _ in range(runs):
            start = time.perf_counter()
            model(x)
            times.append(time.perf_counter() - start)
    return times


def pane_times(state: dict, canvases: list[np.ndarray], limit: dict[str, int]) -> dict:
    """Per method: seconds from stamping a drawing on the pad to its map on screen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from playground.gui.background import shutdown_background
    from playground.gui.document import Document
    from playground.gui.draw.draw_pane import DrawPane
    from playground.gui.draw.session import LiveSession
    from playground.gui.training.worker import TrainingRunner

    app = QApplication.instance() or QApplication([])
    document = Document()
    document.load_template(TEMPLATES["cnn-mnist"])
    document.weights, document.weights_spec = state, document.spec
    pane = DrawPane(LiveSession(document, TrainingRunner()))
    pane.resize(1000, 360)
    pane.show()

    def spin(done, timeout: float = 30.0) -> bool:
        end = time.perf_counter() + timeout
        while not done() and time.perf_counter() < end:
            app.processEvents()
        return done()

    spin(lambda: pane.session.ready)
    found: dict[str, list[float]] = {}
    for method in METHODS:
        pane.explainer.controls.choose(method)
        times = []
        for number, canvas in enumerate(canvases[: limit.get(method, len(canvases))]):
            pane.pad.clear()
            spin(lambda: not pane.explainer.current)
            start = time.perf_counter()
            pane.pad.stamp(canvas)
            if spin(lambda: pane.explainer.current) and number > 0:  # the first one warms up
                times.append(time.perf_counter() - start)
        found[method] = times
    pane.close()
    shutdown_background()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drawings", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2,
                        help="torch threads for the core measurements (2; one thread is also "
                        "measured, as the pane's jobs use it)")
    parser.add_argument("--untrained", action="store_true", help="the initial weights")
    parser.add_argument("--no-pane", action="store_true", help="the core only")
    args = parser.parse_args()
    print(f"torch {torch.__version__}, {os.cpu_count()} cores, {args.drawings} drawings, "
          f"cnn-mnist {'untrained' if args.untrained else 'trained'}, load average "
          f"{os.getloadavg()[0]:.1f}")
    print(f"import captum.attr (after torch): {captum_import_seconds() * 1e3:.0f} ms")
    state = weights(args.untrained)
    canvases = drawings(args.drawings)
    rows: list[tuple[str, str, tuple[float, float], tuple[float, float]]] = []
    forward: dict[int, tuple[float, float]] = {}
    for threads in sorted({1, args.threads}):
        torch.set_num_threads(threads)
        forward[threads] = percentiles(forward_seconds(state))
        core = core_times(state, canvases)
        for method in METHODS:
            rows.append((method, f"core, {threads} thread{'s' * (threads > 1)}",
                         percentiles(core[method][0]), percentiles(core[method][1])))
    if not args.no_pane:
        torch.set_num_threads(args.threads)
        pane = pane_times(state, canvases, {"occlusion": 50})
        for method in METHODS:
            shown = percentiles(pane[method])
            rows.append((method, "pane (job on 1 thread)", (float("nan"),) * 2, shown))
    for threads, (p50, p95) in forward.items():
        print(f"bare forward pass, {threads} thread(s): p50 {p50:.3f} ms, p95 {p95:.3f} ms")
    print(f"{'method':<22}{'measured':<24}{'explain p50':>12}{'p95':>8}"
          f"{'drawing→map p50':>17}{'p95':>8}{'p50/fwd':>9}  target")
    for method, where, alone, path in sorted(rows, key=lambda r: METHODS.index(r[0])):
        target = TARGETS_MS.get(method)
        verdict = "" if target is None else \
            f"p95 < {target:.0f} ms {'ok' if path[1] < target else 'MISSED'}"
        ratio = path[0] / forward[1][0]
        print(f"{method:<22}{where:<24}{alone[0]:>12.2f}{alone[1]:>8.2f}{path[0]:>17.2f}"
              f"{path[1]:>8.2f}{ratio:>9.0f}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
