"""The curves' data side: bounded memory however long the run, and smoothing that keeps up."""

from __future__ import annotations

import numpy as np
import pytest

from playground.gui.training.curves import BoundedCurve, smoothing_for


def test_memory_stays_bounded_and_the_mean_is_kept_when_thinning() -> None:
    curve = BoundedCurve(capacity=1000)
    values = np.random.default_rng(0).random(100_000)
    for start in range(0, len(values), 37):
        curve.extend(values[start : start + 37])
    assert len(curve) <= 1000 and curve.steps == 100_000
    assert curve.nbytes == 3 * 1000 * 8
    assert curve.y.mean() == pytest.approx(values[: int(curve.x[-1])].mean(), rel=1e-3)
    assert np.all(np.diff(curve.x) > 0)


def test_non_finite_losses_are_counted_but_not_averaged() -> None:
    curve = BoundedCurve(capacity=8)
    curve.extend([1.0, float("nan"), 3.0])
    assert curve.steps == 3 and list(curve.y) == [1.0, 3.0] and np.isfinite(curve.smoothed).all()


def test_the_smoothed_loss_follows_a_short_epoch_closely() -> None:
    # A loss falling from 2.3 to 0.3 over 133 batches (one short epoch of the bundled MNIST).
    falling = np.linspace(2.3, 0.3, 133)
    curve = BoundedCurve(smoothing=smoothing_for(133))
    curve.extend(falling)
    assert curve.smoothed[-1] - falling[-1] < 0.1  # a fixed 0.95 trails here by about 0.3
    assert smoothing_for(10) == pytest.approx(1 - 1 / 3)
    assert smoothing_for(100_000) == pytest.approx(1 - 1 / 50)
