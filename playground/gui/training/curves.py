"""Bounded storage for live learning curves: memory stays flat however long a run goes.

A curve keeps at most ``capacity`` points. When full, neighbouring points are averaged in pairs
and each later point stands for twice as many batches, so a ten-hour run costs as much memory
as a ten-second one while the plot still shows its whole shape. Pure numpy, no Qt, so it is
tested without a display.
"""

from __future__ import annotations

import numpy as np


def smoothing_for(batches_per_epoch: int) -> float:
    """The moving-average factor for a run's batch losses: about 1/25 of an epoch's batches.

    A fixed factor of 0.95 (a 20-batch memory) trails the raw loss by a fifth of an epoch on a
    short epoch, so the smoothed line seems to learn late; a long epoch needs more smoothing to
    show a trend through the batch-to-batch noise. Kept between 3 and 50 batches.
    """
    window = min(50.0, max(3.0, batches_per_epoch / 25))
    return 1.0 - 1.0 / window


class BoundedCurve:
    """A growing series of (step, value) points, thinned by pair-averaging when full."""

    def __init__(self, capacity: int = 20_000, smoothing: float = 0.95) -> None:
        if capacity < 4 or capacity % 2:
            raise ValueError("capacity must be an even number of at least 4")
        self.capacity = capacity
        self.smoothing = smoothing
        self._x = np.empty(capacity, np.float64)
        self._y = np.empty(capacity, np.float64)
        self._smooth = np.empty(capacity, np.float64)
        self._n = 0
        self._stride = 1  # raw values averaged into one stored point
        self._partial_sum = 0.0
        self._partial_count = 0
        self._ema = 0.0
        self._ema_raw = 0.0
        self._ema_weight = 0.0
        self.steps = 0  # raw values received
        self.version = 0  # bumps on every change, so a view redraws only when needed

    def __len__(self) -> int:
        return self._n

    def clear(self) -> None:
        self._n = 0
        self._stride = 1
        self._partial_sum, self._partial_count = 0.0, 0
        self._ema = self._ema_raw = self._ema_weight = 0.0
        self.steps = 0
        self.version += 1

    def extend(self, values: np.ndarray | list[float]) -> None:
        """Append raw values (one per step); non-finite values are kept out of the average."""
        for value in np.asarray(values, dtype=np.float64).ravel():
            self.steps += 1
            if not np.isfinite(value):
                continue
            # Exponential moving average started at zero and divided by the weight it has
            # gathered (as TensorBoard does), so the smoothed curve does not lag at the start.
            self._ema_raw = self.smoothing * self._ema_raw + (1 - self.smoothing) * value
            self._ema_weight = self.smoothing * self._ema_weight + (1 - self.smoothing)
            self._ema = self._ema_raw / self._ema_weight
            self._partial_sum += value
            self._partial_count += 1
            if self._partial_count == self._stride:
                self._store(self.steps, self._partial_sum / self._partial_count, self._ema)
                self._partial_sum, self._partial_count = 0.0, 0
        self.version += 1

    def _store(self, step: float, value: float, smooth: float) -> None:
        if self._n == self.capacity:
            half = self.capacity // 2
            for arr in (self._y, self._smooth):
                arr[:half] = arr[: self.capacity].reshape(half, 2).mean(axis=1)
            self._x[:half] = self._x[: self.capacity].reshape(half, 2)[:, 1]
            self._n = half
            self._stride *= 2
        self._x[self._n] = step
        self._y[self._n] = value
        self._smooth[self._n] = smooth
        self._n += 1

    @property
    def x(self) -> np.ndarray:
        return self._x[: self._n]

    @property
    def y(self) -> np.ndarray:
        return self._y[: self._n]

    @property
    def smoothed(self) -> np.ndarray:
        return self._smooth[: self._n]

    @property
    def nbytes(self) -> int:
        return self._x.nbytes + self._y.nbytes + self._smooth.nbytes


class EpochCurves:
    """Per-epoch metrics of one run: few points, kept in full."""

    KEYS = ("train_loss", "val_loss", "train_accuracy", "val_accuracy")

    def __init__(self) -> None:
        self.epochs: list[int] = []
        self.values: dict[str, list[float]] = {k: [] for k in self.KEYS}
        self.version = 0

    def clear(self) -> None:
        self.epochs.clear()
        for v in self.values.values():
            v.clear()
        self.version += 1

    def add(self, epoch: int, **metrics: float | None) -> None:
        self.epochs.append(epoch)
        for key in self.KEYS:
            value = metrics.get(key)
            self.values[key].append(np.nan if value is None else float(value))
        self.version += 1

    def to_csv(self) -> str:
        lines = ["epoch," + ",".join(self.KEYS)]
        for i, epoch in enumerate(self.epochs):
            row = [self.values[k][i] for k in self.KEYS]
            lines.append(f"{epoch}," + ",".join("" if np.isnan(v) else repr(v) for v in row))
        return "\n".join(lines) + "\n"
