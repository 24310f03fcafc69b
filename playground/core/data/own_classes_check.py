"""What is wrong with a set of own classes before it is trained on, in plain sentences.

Why it works this way: a student who drew three circles and thirty crosses, or pasted the same
picture five times, gets a network that leans one way or learns nothing new, and cannot tell
why from the curves. So the classes are looked at before training. Each finding is a
:class:`OwnClassesProblem` that either *blocks* training (it would fail: fewer than two classes,
a class without samples) or *warns* (it trains, but worse: few samples, unbalanced classes,
near-duplicates, one picture in two classes), naming the classes it is about so the window can
point at them.

Near-duplicates are two samples of one class whose pixels differ by less than
:data:`DUPLICATE_DIFFERENCE` on average. Comparing every pair is slow for 1,000 samples, so a
pair is only compared when their mean brightness is that close (a mean differs no more than the
mean difference) and their 4×4-pooled pictures are that close too (pooling never increases the
mean difference); both are necessary, so nothing is missed.

This module never imports Qt or torch.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from playground.core.data.own_classes import OwnClasses, OwnClassesError
from playground.core.errors import shorten
from playground.core.messages import Message

__all__ = ["DUPLICATE_DIFFERENCE", "FEW_SAMPLES", "IMBALANCE_RATIO", "OwnClassesProblem",
           "check", "check_blocking", "near_duplicates", "require_trainable"]  # fmt: skip

FEW_SAMPLES = 5  # fewer than this in a class warns
IMBALANCE_RATIO = 3  # a class this many times larger than another warns
DUPLICATE_DIFFERENCE = 0.02  # mean absolute pixel difference below which two samples are one


@dataclass(frozen=True)
class OwnClassesProblem:
    """One finding: ``severity`` is ``"blocks"`` (training cannot start) or ``"warns"``;
    ``classes`` are the positions of the classes it is about (empty for all of them)."""

    severity: str
    message: Message
    classes: tuple[int, ...] = ()

    @property
    def blocks(self) -> bool:
        return self.severity == "blocks"


def _blocks(message: Message, *classes: int) -> OwnClassesProblem:
    return OwnClassesProblem("blocks", message, classes)


def _warns(message: Message, *classes: int) -> OwnClassesProblem:
    return OwnClassesProblem("warns", message, classes)


def near_duplicates(samples: np.ndarray, limit: float = DUPLICATE_DIFFERENCE) -> np.ndarray:
    """Which samples (N, 28, 28) are near-duplicates of an earlier-checked one: a bool mask.

    Of a group of near-identical samples all but one are marked, so the count of marks is the
    number of samples that add nothing new.
    """
    n = len(samples)
    marked = np.zeros(n, bool)
    if n < 2:
        return marked
    flat = samples.reshape(n, -1)
    pooled = samples.reshape(n, 7, 4, 7, 4).mean(axis=(2, 4)).reshape(n, -1)
    means = flat.mean(axis=1)
    order = np.argsort(means, kind="stable")
    sorted_means = means[order]
    ends = np.searchsorted(sorted_means, sorted_means + limit, side="left")
    for pos in range(n):
        i = order[pos]
        if marked[i] or ends[pos] <= pos + 1:
            continue
        window = order[pos + 1 : ends[pos]]
        window = window[~marked[window]]
        near = window[np.abs(pooled[window] - pooled[i]).mean(axis=1) < limit]
        if near.size:
            close = np.abs(flat[near] - flat[i]).mean(axis=1) < limit
            marked[near[close]] = True
    return marked


def _quote(own: OwnClasses, index: int) -> str:
    return shorten(own.classes[index].name)


def check(own: OwnClasses) -> list[OwnClassesProblem]:
    """Everything that blocks or spoils training on ``own``: blocking problems first.

    Takes a few milliseconds for a hundred samples and up to about a second for the largest
    sets allowed (the duplicate search): call it off the window's thread.
    """
    problems = check_blocking(own)
    counts = own.counts
    for i, count in enumerate(counts):
        if 0 < count < FEW_SAMPLES:
            problems.append(_warns(Message(
                "Class {name} has only {count} samples: add a few more (at least {few}, better "
                "20) so the network sees how it varies.", name=_quote(own, i), count=count,
                few=FEW_SAMPLES), i))
    filled = [i for i, count in enumerate(counts) if count > 0]
    if len(filled) >= 2:
        big = max(filled, key=lambda i: counts[i])
        small = min(filled, key=lambda i: counts[i])
        if counts[big] >= IMBALANCE_RATIO * counts[small]:
            problems.append(_warns(Message(
                "Class {big} has {many} samples and class {small} only {few}: the network will "
                "lean towards {big}. Add samples to {small}, or remove some from {big}.",
                big=_quote(own, big), many=counts[big], small=_quote(own, small),
                few=counts[small]), big, small))
    for i, c in enumerate(own.classes):
        if len(c.samples) >= 2:
            twins = int(near_duplicates(np.stack(c.samples)).sum())
            if twins:
                problems.append(_warns(Message(
                    "Class {name} has {count} near-duplicate samples (almost the same picture "
                    "again): they teach nothing new. Remove them and add varied ones.",
                    name=_quote(own, i), count=twins), i))
    return problems + _shared_pictures(own)


def _shared_pictures(own: OwnClasses) -> list[OwnClassesProblem]:
    """One warning for pictures found, identical, in more than one class."""
    seen: dict[bytes, set[int]] = defaultdict(set)
    for i, c in enumerate(own.classes):
        for sample in c.samples:
            seen[sample.tobytes()].add(i)
    shared = [classes for classes in seen.values() if len(classes) > 1]
    if not shared:
        return []
    involved = sorted(set().union(*shared))
    return [_warns(Message(
        "{count} pictures are in more than one class ({classes}): one picture cannot teach two "
        "answers. Keep each in one class only.", count=len(shared),
        classes=", ".join(_quote(own, i) for i in involved)), *involved)]


def require_trainable(own: OwnClasses) -> None:
    """Raise :class:`OwnClassesError` with the first problem that blocks training, if any."""
    for problem in check_blocking(own):
        raise OwnClassesError(problem.message)


def check_blocking(own: OwnClasses) -> list[OwnClassesProblem]:
    """Only the problems that block training: cheap (no duplicate search), for every load."""
    problems: list[OwnClassesProblem] = []
    if len(own) < 2:
        problems.append(_blocks(Message(
            "Add at least two classes: a network learns to tell classes apart, so it needs two "
            "or more.")))
    problems += [_blocks(Message(
        "Class {name} has no samples: draw or drop a few, or remove the class.",
        name=_quote(own, i)), i) for i, count in enumerate(own.counts) if count == 0]
    return problems
