"""The own classes' slow work, done on the background pool: plain functions on plain data.

Why a module of its own: every function here runs on a pool thread (see
:mod:`playground.gui.background`) and receives only immutable values (an ``OwnClasses``, a
network, file paths, a numpy copy of a pasted picture), so none can touch a widget or see the
document change under it. The window applies what they return on its own thread.

* :func:`prepare_files` reads and prepares dropped or chosen picture files (any size, any colour)
  the way the Draw pane prepares a drawing; a file that cannot be used is listed with why.
* :func:`review` checks the classes (``own_classes_check.check``, up to a second for the largest
  sets) and works out the recommended training settings and why, for the pane's guidance.
* :func:`plan_start` builds what a run starts from: the small network for the classes (from
  scratch), or the ready-trained digit network with a new output layer and its learned weights
  (transfer, frozen or fine-tuned), with the settings that suit it.

The core modules they use import torch; they are imported here, inside the functions, so the
window never pays for torch while it starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from playground.core.data.image_folder import FolderProblem
from playground.core.errors import PlaygroundError
from playground.core.messages import Message

if TYPE_CHECKING:
    from playground.core.data.own_classes import OwnClasses
    from playground.core.data.own_classes_check import OwnClassesProblem
    from playground.core.network.spec import NetworkSpec
    from playground.core.training.config import TrainingConfig
    from playground.gui.background import Job

__all__ = ["FINE_TUNE", "FROZEN", "MODES", "SCRATCH", "TRANSFER_NAME", "Prepared", "Review",
           "Start", "mode_of", "plan_start", "prepare_files", "prepare_one", "review"]

SCRATCH, FROZEN, FINE_TUNE = "scratch", "frozen", "fine-tune"
MODES = (SCRATCH, FROZEN, FINE_TUNE)
#: The name ``transfer.transfer_spec`` gives the network it makes (checked by the tests), by
#: which the pane knows a network started from the digits network without importing torch.
TRANSFER_NAME = "own classes (transfer)"


def mode_of(spec: NetworkSpec, config: TrainingConfig) -> str:
    """How the open network starts: from scratch, or transfer frozen or fine-tuned."""
    if spec.name != TRANSFER_NAME:
        return SCRATCH
    return FROZEN if config.frozen_layers > 0 else FINE_TUNE


# --------------------------------------------------------------------------- pictures


@dataclass(frozen=True)
class Prepared:
    """Pictures made into samples, and the files that could not be used (with why)."""

    samples: tuple[np.ndarray, ...]
    problems: tuple[FolderProblem, ...] = ()


def prepare_files(paths: Iterable[str | Path], job: Job | None = None) -> Prepared:
    """Each picture file as a sample (:func:`own_classes_io.prepare_picture`), in order; stops
    early when the job is cancelled (a newer drop replaced it)."""
    from playground.core.data.own_classes_io import prepare_picture

    samples: list[np.ndarray] = []
    problems: list[FolderProblem] = []
    for path in map(Path, paths):
        if job is not None and job.cancelled:
            break
        try:
            samples.append(prepare_picture(path))
        except PlaygroundError as exc:
            problems.append(FolderProblem(path.name, "broken", exc.message))
        except Exception as exc:  # an odd file is reported, never a crash of the pool
            problems.append(FolderProblem(path.name, "broken", Message(
                "cannot be read as an image ({reason}); skipped", reason=type(exc).__name__)))
    return Prepared(tuple(samples), tuple(problems))


def prepare_one(picture: np.ndarray) -> np.ndarray:
    """A pasted picture (an RGBA array of any size) as a sample; raises when it shows nothing."""
    from playground.core.data.own_classes_io import prepare_picture

    return prepare_picture(picture)


# --------------------------------------------------------------------------- the guidance


@dataclass(frozen=True)
class Review:
    """What the pane says about the classes: the problems (blocking first), and the settings
    recommended for them in ``mode`` with the reasons."""

    own: OwnClasses
    mode: str
    problems: tuple[OwnClassesProblem, ...]
    config: TrainingConfig | None
    reasons: tuple[Message, ...]


def _frozen_count(fine_tune: bool) -> int:
    """How many layers transfer from the digits network freezes (0 when fine-tuning)."""
    from playground.core.inspect import pretrained
    from playground.core.teaching.transfer import feature_layers

    return 0 if fine_tune else feature_layers(pretrained.SPEC)


def _recommendation(own: OwnClasses, mode: str, seed: int) -> Any:
    from playground.core.teaching.transfer import Transfer, recommended_config

    transfer = None
    if mode != SCRATCH:  # only its frozen count matters to the settings
        from playground.core.inspect import pretrained

        transfer = Transfer(pretrained.SPEC, {}, _frozen_count(mode == FINE_TUNE))
    return recommended_config(own, transfer=transfer, seed=seed)


def review(own: OwnClasses, mode: str, seed: int = 0, job: Job | None = None) -> Review:
    """Check ``own`` and recommend settings for training it in ``mode`` (a pool job)."""
    from playground.core.data.own_classes_check import check

    problems = tuple(check(own))
    if len(own) < 2:
        return Review(own, mode, problems, None, ())
    recommendation = _recommendation(own, mode, seed)
    return Review(own, mode, problems, recommendation.config, recommendation.reasons)


# --------------------------------------------------------------------------- starting a run


@dataclass(frozen=True, eq=False)
class Start:
    """What a run on the own classes starts from: the network, its settings and, for transfer,
    the weights (the digits network's learned layers and a fresh output layer)."""

    spec: NetworkSpec
    config: TrainingConfig
    weights: dict[str, Any] | None


class NoBaseNetwork(PlaygroundError):
    """The ready-trained digits network transfer starts from is missing or damaged."""


def plan_start(own: OwnClasses, mode: str, current: NetworkSpec, config: TrainingConfig,
               recommended: bool = True, job: Job | None = None) -> Start:  # fmt: skip
    """The network, settings and weights a run in ``mode`` starts from (a pool job).

    From scratch the open network is kept when it is the user's own and fits the classes; a
    network made for transfer gives way to the small default one. With
    ``recommended`` the settings are :func:`transfer.recommended_config`'s, else the user's own
    with only the frozen layers set for the mode.
    """
    from playground.core.teaching.transfer import default_spec, recommended_config, transfer_spec
    from playground.gui.own_classes.edits import own_network

    weights = None
    transfer = None
    if mode == SCRATCH:
        spec = None if current.name == TRANSFER_NAME else own_network(current, len(own))
        spec = spec or default_spec(own)
    else:
        from playground.core.inspect import pretrained

        base = pretrained.load_weights()
        if base is None:
            raise NoBaseNetwork("The ready-trained digits network that transfer starts from is "
                                "missing or damaged; reinstall the app, or train from scratch.")
        transfer = transfer_spec(own, pretrained.SPEC, base, fine_tune=mode == FINE_TUNE,
                                 seed=config.seed)
        spec, weights = transfer.spec, transfer.weights
    if recommended:
        config = recommended_config(own, transfer=transfer, seed=config.seed).config
    else:
        config = config.with_changes(frozen_layers=transfer.frozen_layers if transfer else 0)
    return Start(spec, config, weights)


def new_classes_design(own: OwnClasses, current: NetworkSpec, config: TrainingConfig,
                       keep: bool, job: Job | None = None) -> Start:  # fmt: skip
    """The network and settings of a new set of classes: the user's network when ``keep`` and
    it fits, else the small default one; the recommended settings for empty classes."""
    from playground.core.teaching.transfer import default_spec, recommended_config
    from playground.gui.own_classes.edits import own_network

    spec = own_network(current, len(own)) if keep else None
    recommended = recommended_config(own, seed=config.seed).config
    return Start(spec or default_spec(own), recommended, None)
