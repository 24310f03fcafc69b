"""The thread count for a run: one for small models, else the cores that other work leaves free."""

from __future__ import annotations

import os

import pytest

from playground.core.training.loop import SMALL_MODEL_MACS_PER_BATCH
from playground.core.training.threads import choose_threads

BIG = SMALL_MODEL_MACS_PER_BATCH * 10


@pytest.mark.parametrize(
    ("cores", "load", "expected"),
    [
        (2, 0.0, 2),  # an idle 2-core machine: both cores
        (2, 0.4, 2),  # a little background work does not take a core
        (2, 1.0, 1),  # one busy program beside the run: one core is left
        (2, 1.5, 1),  # half up: 0.5 of a core free counts as one
        (2, 3.7, 1),  # overloaded: still at least one thread
        (8, 2.2, 6),
        (4, -1.0, 4),  # never more threads than cores
        (0, 0.0, 1),  # an affinity that reports no core still trains
    ],
)
def test_a_large_model_gets_the_free_cores(cores: int, load: float, expected: int) -> None:
    assert choose_threads(BIG, cores=cores, load=load) == expected


def test_a_small_model_gets_one_thread_even_on_an_idle_machine() -> None:
    assert choose_threads(SMALL_MODEL_MACS_PER_BATCH - 1, cores=16, load=0.0) == 1


def test_without_injected_numbers_it_reads_the_machine() -> None:
    threads = choose_threads(BIG)
    assert 1 <= threads <= (os.cpu_count() or 1)
