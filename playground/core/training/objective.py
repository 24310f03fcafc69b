"""How a loss name meets a network's output: what to compute, on which tensor, with what warnings.

Students pick the loss and the last activation separately, and the classic mistakes are silent in
plain PyTorch: a softmax output fed to ``cross_entropy`` is softmaxed twice, a sigmoid output with
multi-class cross-entropy trains badly, ``nll_loss`` on anything but log-probabilities quietly
computes nonsense. The :class:`Objective` works on the scores *before* a final softmax, log_softmax
or sigmoid whenever the maths allows it, and explains (or refuses) what it cannot fix.

* ``cross_entropy`` takes raw scores: with a softmax or log_softmax output it gets the scores
  before it (``log_softmax`` of log-probabilities changes nothing, so the value is the same).
* ``nll`` is PyTorch's negative log-likelihood, ``F.nll_loss``: minus the output of the right
  class, which is only a loss when the outputs are log-probabilities. It needs a log_softmax
  output and refuses any other with the fix in plain words.
* ``binary_cross_entropy`` and ``mse`` work on probabilities; a log_softmax output is turned
  back into probabilities (``exp``) for the former and explained for the latter.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from playground.core.errors import TrainingError
from playground.core.messages import Message

_EPS = 1e-7
_CLASS_LOSSES = ("cross_entropy", "nll")
# Output activations binary cross-entropy reads as probabilities (log_softmax after exp) or, for
# linear, as scores it squashes itself.
SCORES_OR_PROBABILITIES = ("sigmoid", "softmax", "log_softmax", "linear")


@dataclass(frozen=True)
class Objective:
    """A loss bound to a network's output activation and class count.

    ``uses_logits`` says whether the trainer must feed :meth:`loss` with
    ``model.forward_logits(x)`` (scores before the final softmax/sigmoid) or with ``model(x)``.
    """

    loss_name: str
    output_activation: str
    num_classes: int
    regression: bool = False

    def __post_init__(self) -> None:
        if self.loss_name in _CLASS_LOSSES and self.num_classes < 2:
            if self.loss_name == "cross_entropy":
                raise TrainingError(
                    "Cross-entropy needs one output per class (at least 2); this network has 1. "
                    "Use binary cross-entropy with a sigmoid output, or give the last layer more "
                    "units."
                )
            raise TrainingError(
                "Negative log-likelihood (NLL) needs one output per class (at least 2); this "
                "network has 1. Use binary cross-entropy with a sigmoid output, or give the last "
                "layer more units."
            )
        if self.regression and self.loss_name != "mse":
            raise TrainingError(
                "This dataset asks for a number, not a class: use the mse (mean squared error) "
                "loss."
            )
        if self.loss_name == "nll" and self.output_activation != "log_softmax":
            raise TrainingError(
                "NLL expects log-probabilities, but the network's output activation is "
                "{activation}. Set the last layer's activation to log_softmax, or choose "
                "cross-entropy, which takes raw scores or softmax.",
                activation=self.output_activation,
            )

    @property
    def uses_logits(self) -> bool:
        if self.loss_name == "cross_entropy":
            return self.output_activation in ("softmax", "log_softmax")
        if self.loss_name == "binary_cross_entropy":
            return self.output_activation == "sigmoid"
        return False  # nll reads the log-probabilities themselves

    def warnings(self) -> tuple[str, ...]:
        """The :meth:`warning_messages` in English (an exported script's comments)."""
        return tuple(str(message) for message in self.warning_messages())

    def warning_messages(self) -> tuple[Message, ...]:
        """A loss that trains, but not as meant, with this output activation: why, and the fix
        (rendered in the reader's language by whoever shows them)."""
        act, loss = self.output_activation, self.loss_name
        if loss == "cross_entropy" and act == "sigmoid":
            return (Message(
                "The last layer uses sigmoid, but cross-entropy compares classes against each "
                "other: sigmoid squeezes every score into 0..1 on its own, so the class scores "
                "barely differ and learning is slow. Use softmax (or linear) on the last layer."
            ),)
        if loss == "cross_entropy" and act not in ("softmax", "log_softmax", "linear"):
            return (Message(
                "The last layer uses {activation}; cross-entropy expects raw scores or softmax "
                "probabilities. Use softmax (or linear) on the last layer.", activation=act,
            ),)
        if loss == "mse" and act == "log_softmax":
            return (Message(
                "Mean squared error compares the outputs with 0s and a 1, but log_softmax gives "
                "log-probabilities (0 or below), so the right class can never reach 1. Use "
                "softmax on the last layer, or choose the nll loss for log_softmax."
            ),)
        if loss == "binary_cross_entropy" and act not in SCORES_OR_PROBABILITIES:
            return (Message(
                "Binary cross-entropy expects probabilities between 0 and 1, but the last layer "
                "uses {activation}. Use sigmoid on the last layer.", activation=act,
            ),)
        return ()

    def _one_hot(self, targets: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
        if self.num_classes == 1:
            return targets.to(like.dtype).reshape(like.shape)
        return F.one_hot(targets, self.num_classes).to(like.dtype)

    def loss(self, outputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        """Mean loss of a batch; ``outputs`` are logits when :attr:`uses_logits` is true."""
        name = self.loss_name
        if name == "nll":
            return F.nll_loss(outputs, targets)  # outputs are log-probabilities (log_softmax)
        if name == "cross_entropy":
            # With a softmax or log_softmax output ``outputs`` are the scores before it;
            # otherwise the outputs act as scores.
            return F.cross_entropy(outputs, targets)
        if name == "mse":
            if self.regression:
                return F.mse_loss(outputs, targets.to(outputs.dtype).reshape(outputs.shape))
            return F.mse_loss(outputs, self._one_hot(targets, outputs))
        # binary_cross_entropy
        target = self._one_hot(targets, outputs)
        if self.output_activation == "log_softmax":
            outputs = outputs.exp()  # log-probabilities back to probabilities
        if self.uses_logits or self.output_activation == "linear":
            return F.binary_cross_entropy_with_logits(outputs, target)
        return F.binary_cross_entropy(outputs.clamp(_EPS, 1 - _EPS), target)

    def predictions(self, outputs: torch.Tensor) -> torch.Tensor:
        """Predicted class per sample, from the same tensor :meth:`loss` received."""
        if self.num_classes > 1:
            return outputs.argmax(dim=1)
        threshold = 0.0 if (self.uses_logits or self.loss_name == "binary_cross_entropy") else 0.5
        if self.output_activation == "sigmoid" and not self.uses_logits:
            threshold = 0.5
        return (outputs.reshape(-1) > threshold).long()
