"""How many CPU threads a training run's tensor maths should use.

PyTorch starts one intra-op thread per core and every operation waits for the whole team. When
another program keeps one of those cores busy, the thread that lost its core holds up every
operation: on a busy 2-core machine the command line's old fixed 2 threads made epochs 5-70x
slower than one thread. So the count follows the cores that are actually free, and small
models, whose operations are too short to share out, always get one thread.
"""

from __future__ import annotations

import math
import os

from playground.core.training.loop import SMALL_MODEL_MACS_PER_BATCH

__all__ = ["choose_threads"]


def choose_threads(
    macs_per_batch: int, *, cores: int | None = None, load: float | None = None
) -> int:
    """Threads for a run whose batches cost ``macs_per_batch`` multiply-adds.

    Small models (under ``SMALL_MODEL_MACS_PER_BATCH`` per batch) get 1 thread: waking a
    team of threads costs more than their tiny operations gain. Otherwise the answer is the
    cores free: the cores this process may run on (``os.sched_getaffinity`` where it exists,
    so a container's or ``taskset``'s limit counts, else ``os.cpu_count``) minus the 1-minute
    load average (other programs' running work), rounded to the nearest whole core (half
    up), at least 1 and at most the cores. ``cores`` and ``load`` are the
    measurements, given by tests; by default they are read from the system. Where there is
    no load average (Windows) every core counts as free.

    The load average lags: a run that ended a few seconds ago still counts for most of a
    minute, so back-to-back runs may start with one thread fewer than they could use.
    """
    if macs_per_batch < SMALL_MODEL_MACS_PER_BATCH:
        return 1
    if cores is None:
        affinity = getattr(os, "sched_getaffinity", None)
        cores = len(affinity(0)) if affinity is not None else os.cpu_count() or 1
    if load is None:
        try:
            load = os.getloadavg()[0]
        except (AttributeError, OSError):
            load = 0.0
    cores = max(1, cores)
    return max(1, min(cores, math.floor(cores - load + 0.5)))
