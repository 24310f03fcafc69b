"""How a loss name meets a network's output: what to compute, on which tensor, with what warnings.

Students pick the loss and the last activation separately, and the classic mistakes are silent in
plain PyTorch: a softmax output fed to ``cross_entropy`` is softmaxed twice, a sigmoid output with
multi-class cross-entropy trains badly. The :class:`Objective` works on the scores *before* a
final softmax or sigmoid whenever the maths allows it, and explains what it cannot fix.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from playground.core.errors import TrainingError

_EPS = 1e-7


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
        if self.loss_name in ("cross_entropy", "nll") and self.num_classes < 2:
            raise TrainingError(
                "Cross-entropy needs one output per class (at least 2); this network has 1. "
                "Use binary cross-entropy with a sigmoid output, or give the last layer more units."
            )
        if self.regression and self.loss_name != "mse":
            raise TrainingError(
                "This dataset asks for a number, not a class: use the mse (mean squared error) "
                "loss."
            )

    @property
    def uses_logits(self) -> bool:
        if self.loss_name in ("cross_entropy", "nll"):
            return self.output_activation == "softmax"
        if self.loss_name == "binary_cross_entropy":
            return self.output_activation == "sigmoid"
        return False

    def warnings(self) -> tuple[str, ...]:
        act, loss = self.output_activation, self.loss_name
        if loss in ("cross_entropy", "nll") and act == "sigmoid":
            return (
                "The last layer uses sigmoid, but cross-entropy compares classes against each "
                "other: sigmoid squeezes every score into 0..1 on its own, so the class scores "
                "barely differ and learning is slow. Use softmax (or linear) on the last layer.",
            )
        if loss in ("cross_entropy", "nll") and act not in ("softmax", "linear"):
            return (
                f"The last layer uses {act}; cross-entropy expects raw scores or softmax "
                "probabilities. Use softmax (or linear) on the last layer.",
            )
        if loss == "binary_cross_entropy" and act not in ("sigmoid", "softmax", "linear"):
            return (
                f"Binary cross-entropy expects probabilities between 0 and 1, but the last layer "
                f"uses {act}. Use sigmoid on the last layer.",
            )
        return ()

    def _one_hot(self, targets: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
        if self.num_classes == 1:
            return targets.to(like.dtype).reshape(like.shape)
        return F.one_hot(targets, self.num_classes).to(like.dtype)

    def loss(self, outputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        """Mean loss of a batch; ``outputs`` are logits when :attr:`uses_logits` is true."""
        name = self.loss_name
        if name in ("cross_entropy", "nll"):
            # With a softmax output ``outputs`` are logits; otherwise the outputs act as scores.
            return F.cross_entropy(outputs, targets)
        if name == "mse":
            if self.regression:
                return F.mse_loss(outputs, targets.to(outputs.dtype).reshape(outputs.shape))
            return F.mse_loss(outputs, self._one_hot(targets, outputs))
        # binary_cross_entropy
        target = self._one_hot(targets, outputs)
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
