"""A generated sequence task: predict the next value of a noisy sine wave.

Why this task: it is the smallest problem where a recurrent layer is the natural tool and the
answer is a number, not a class, so it also introduces regression (mean squared error, one
linear output). Each sample is a window of ``steps`` values of its own wave -- a random period
(8 to 30 steps), phase and amplitude (0.5 to 1.5) -- plus Gaussian noise, and the target is the
wave's next (noisy) value. Because the period differs per window, the network has to read the
window to know where the wave goes; repeating the last value is not enough.

The noise sets a floor: no network can beat an error of about ``noise ** 2``. The variance of
the targets is about 0.54, so an error well below that means the network learned the waves.
Windows are shaped (steps, 1): time steps by one feature, what a SimpleRNN/LSTM/GRU reads.
"""

from __future__ import annotations

import math

import torch

from playground.core.errors import TrainingError, shorten

DEFAULT_STEPS = 20
DEFAULT_SAMPLES = 2000
DEFAULT_NOISE = 0.05
DEFAULT_TRAIN_RATIO = 0.8
PERIOD_RANGE = (8.0, 30.0)
AMPLITUDE_RANGE = (0.5, 1.5)


def _check(name: str, value: float, low: float, high: float, integer: bool = False) -> None:
    ok = not isinstance(value, bool) and isinstance(value, (int, float))
    if ok and integer:
        ok = isinstance(value, int)
    if not ok or not math.isfinite(value) or not low <= value <= high:
        if integer:
            raise TrainingError("{name} must be a whole number from {low:g} to {high:g}, not "
                                "{value}.", name=name, low=low, high=high, value=shorten(value))
        raise TrainingError("{name} must be a number from {low:g} to {high:g}, not {value}.",
                            name=name, low=low, high=high, value=shorten(value))


def sine_windows(
    *,
    samples: int = DEFAULT_SAMPLES,
    steps: int = DEFAULT_STEPS,
    noise: float = DEFAULT_NOISE,
    train_ratio: float = DEFAULT_TRAIN_RATIO,
    seed: int = 0,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """``(train_x, train_y, test_x, test_y)``: x float32 (n, steps, 1), y float32 (n,)."""
    _check("samples", samples, 20, 200_000, integer=True)
    _check("steps", steps, 2, 1000, integer=True)
    _check("noise", noise, 0.0, 0.5)
    _check("train_ratio", train_ratio, 0.1, 0.9)
    _check("seed", seed, 0, 2**63 - 1, integer=True)
    g = torch.Generator().manual_seed(seed)

    def uniform(low: float, high: float) -> torch.Tensor:
        return low + (high - low) * torch.rand(samples, 1, generator=g, dtype=torch.float64)

    period = uniform(*PERIOD_RANGE)
    phase = uniform(0.0, 2 * math.pi)
    amplitude = uniform(*AMPLITUDE_RANGE)
    t = torch.arange(steps + 1, dtype=torch.float64)
    waves = amplitude * torch.sin(2 * math.pi * t / period + phase)
    waves = waves + noise * torch.randn(samples, steps + 1, generator=g, dtype=torch.float64)
    waves = waves.to(torch.float32)
    x, y = waves[:, :steps].unsqueeze(-1).contiguous(), waves[:, steps].contiguous()
    n_train = min(max(round(samples * train_ratio), 1), samples - 1)
    return x[:n_train], y[:n_train], x[n_train:].contiguous(), y[n_train:].contiguous()
