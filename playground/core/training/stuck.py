"""A run that trains without learning: accuracy at chance, or one answer for nearly everything.

Divergence shows in the loss, which explodes; a collapsed run does not. With a learning rate a
little too high the weights of the output layer can settle where every example gets the same
answer: the loss sits near ``ln(classes)``, nothing crashes, and the accuracy stays at one in
ten. A student sees a flat curve and does not know why, so after each epoch the loop asks
:func:`check` and the run says so, with the usual fix.

A run may start slowly and then learn (seed 003's network stays at chance for an epoch or two),
so a stuck epoch is reported when it happens and the message goes away at the next epoch that
learns; only a run that *ends* stuck keeps the warning in its result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.core.messages import N_, Message

# One class answered for at least this share of the examples means the network has collapsed,
# unless that class is itself nearly all of the examples.
DOMINANT_SHARE = 0.9
# Accuracy within this many points of chance (one over the number of classes) is no learning.
CHANCE_MARGIN = 0.02

# Each notice is one whole sentence with its fix, so a translation can order it freely.
STUCK_ONE_ANSWER = N_("The network answers class {label} for {share:.0%} of the examples, "
                      "whatever they show: it is not learning (accuracy {accuracy:.0%}, guessing "
                      "gives {chance:.0%}). Lower the learning rate (try {lr:g}) and train again "
                      "from fresh weights.")
STUCK_AT_CHANCE = N_("The accuracy is {accuracy:.0%}, no better than guessing among {classes} "
                     "classes: the network is not learning. Lower the learning rate (try {lr:g}) "
                     "and train again from fresh weights.")


@dataclass(frozen=True)
class Stuck:
    """What a stuck epoch looked like: its accuracy and the answer given most often."""

    accuracy: float
    classes: int
    answer: int
    answer_share: float

    @property
    def collapsed(self) -> bool:
        """One answer for (nearly) everything, rather than just guessing."""
        return self.answer_share >= DOMINANT_SHARE

    def message(self, learning_rate: float) -> Message:
        """The explanation and its fix, rendered in the reader's language by whoever shows it."""
        lr = learning_rate / 10
        if self.collapsed:
            return Message(STUCK_ONE_ANSWER, label=self.answer, share=self.answer_share,
                           accuracy=self.accuracy, chance=1 / self.classes, lr=lr)
        return Message(STUCK_AT_CHANCE, accuracy=self.accuracy, classes=self.classes, lr=lr)


def check(answers: np.ndarray, labels: np.ndarray, accuracy: float) -> Stuck | None:
    """Whether an epoch with these counts of given ``answers`` and true ``labels`` per class
    and this ``accuracy`` is stuck; ``None`` when the network is learning."""
    answers, labels = np.asarray(answers, np.int64), np.asarray(labels, np.int64)
    total = int(answers.sum())
    classes = len(answers)
    if total == 0 or classes < 2:
        return None
    answer = int(np.argmax(answers))
    share = float(answers[answer]) / total
    common = float(labels[answer]) / max(int(labels.sum()), 1) if len(labels) > answer else 0.0
    at_chance = accuracy <= 1 / classes + CHANCE_MARGIN
    one_answer = share >= DOMINANT_SHARE and common < DOMINANT_SHARE
    if not (at_chance or one_answer):
        return None
    return Stuck(float(accuracy), classes, answer, share)
