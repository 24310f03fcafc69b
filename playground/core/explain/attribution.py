"""Why did it say 7? Attribution maps: how much each pixel (or time step, or feature) counted.

Four methods, all computed with Captum on one sample:

* ``saliency``: the size of the gradient of the class score with respect to each input value.
  Cheap (one backward pass) and noisy; it says where a small change would matter, not what
  the network actually used.
* ``integrated_gradients``: the gradients averaged along the straight path from a baseline
  picture ("nothing": black by default) to the input, times the difference. The values add up
  to the score's change from the baseline to the input (completeness), so they are signed
  evidence for and against the class; what counts as "nothing" shapes the answer.
* ``occlusion``: cover a window of the input with the baseline, see how much the score drops,
  slide the window. Model-agnostic and easy to explain, but one forward pass per position.
* ``gradcam``: a convolution layer's feature maps weighted by how much the score depends on
  each, summed and rectified. As coarse as that layer's grid, upsampled to the picture.

Which score: always the class's score *before* the output's softmax, log_softmax or sigmoid
(:meth:`PlaygroundNet.forward_logits`, the "logit"). A probability near 1 barely moves
however the pixels change (the softmax saturates), so its gradients say little, while the
logit keeps the network's actual evidence. A network whose last layer is linear is explained
on its outputs as they are.

The model is never changed: a model in evaluation mode whose parameters need no gradient (as
:func:`~playground.core.network.build.model_from_weights` makes them) is used as it is, with
only forward and backward passes and, for Grad-CAM, a hook removed before returning; any other
model is first copied. Nothing here draws random numbers. ``captum`` and torch are imported on
first use (captum takes most of a second and loads matplotlib), never when this module is
imported: the window lists the methods, their captions and what applies to a network before
torch has loaded.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from playground.core.errors import PlaygroundError
from playground.core.messages import N_, Message
from playground.core.network.graph import INPUT
from playground.core.network.layer_types import LAYER_TYPES
from playground.core.network.layer_types.recurrent import EmbeddingType
from playground.core.network.spec import NetworkSpec

if TYPE_CHECKING:
    from collections.abc import Callable

    import torch

    from playground.core.network.build import PlaygroundNet

__all__ = [
    "METHODS",
    "Attribution",
    "Availability",
    "ExplainError",
    "available_methods",
    "caption",
    "explain",
    "gradcam_layers",
    "title",
]

METHODS = ("saliency", "integrated_gradients", "occlusion", "gradcam")
PERTURBATIONS_PER_EVAL = 64  # occluded copies per forward pass: a few batches, not 170 passes
MAX_BATCH = 64  # Integrated Gradients: path points per forward pass

_TITLES = {
    "saliency": N_("Saliency"),
    "integrated_gradients": N_("Integrated Gradients"),
    "occlusion": N_("Occlusion"),
    "gradcam": N_("Grad-CAM"),
}


class ExplainError(PlaygroundError):
    """An explanation that cannot be computed for this network or these arguments."""


@dataclass(frozen=True)
class Availability:
    """Whether ``method`` can explain a network, and if not, why (for a greyed-out choice)."""

    method: str
    available: bool
    reason: Message | None = None


@dataclass(frozen=True)
class Attribution:
    """One explanation: how much each input position counted for the ``target`` class's score.

    ``values`` is float32: (H, W) for a picture input (C, H, W), one value per time step (T,)
    for a sequence input (T, F), one per feature (F,) for a flat input. ``signed``: positive
    values are evidence for the class, negative against it (Integrated Gradients, occlusion);
    otherwise every value is ≥ 0 (saliency, Grad-CAM). ``layer`` is the convolution layer's
    index for Grad-CAM, else ``None``; ``seconds`` is how long the computation took.
    """

    method: str
    target: int
    layer: int | None
    values: np.ndarray = field(repr=False)
    signed: bool
    seconds: float


def title(method: str) -> Message:
    """The method's name as the interface writes it (``"Integrated Gradients"``)."""
    return Message(_TITLES[method])


def caption(method: str) -> Message:
    """One or two plain sentences for a student: what the map shows and when it misleads."""
    if method == "saliency":
        return Message("Bright pixels are where a small change would move this class's score "
                       "the most. It shows sensitivity, not evidence, and it is noisy: scattered "
                       "specks are normal.")
    if method == "integrated_gradients":
        return Message("Red pixels pushed this class's score up and blue ones pulled it down, "
                       "compared with a black picture. That choice of black as 'nothing' shapes "
                       "the map: black pixels can never count.")
    if method == "occlusion":
        return Message("Each small square was covered with black in turn: red where hiding it "
                       "lowered this class's score, blue where it raised it. It is slow, and the "
                       "map changes with the size of the square.")
    if method == "gradcam":
        return Message("Bright areas are where the chosen convolution layer found what made the "
                       "network pick this class. It is coarse: it has the resolution of that "
                       "layer, blown up to the picture's size.")
    raise ExplainError("Unknown explanation method {method}; choose one of {methods}.",
                       method=repr(method), methods=", ".join(METHODS))


# -- what applies to a network -----------------------------------------------------------------
def gradcam_layers(spec: NetworkSpec) -> list[int]:
    """The indices of the convolution layers, in order; Grad-CAM uses the last by default."""
    return [i for i, layer in enumerate(spec.layers)
            if LAYER_TYPES[layer.type].family == "convolution"]


def _reads_tokens(spec: NetworkSpec) -> bool:
    """Whether the input is word numbers (an Embedding reads it): nothing to vary smoothly."""
    return any(isinstance(LAYER_TYPES[layer.type], EmbeddingType) and
               INPUT in spec.inputs_of(i) for i, layer in enumerate(spec.layers))


def available_methods(spec: NetworkSpec) -> list[Availability]:
    """Every method of :data:`METHODS`, in order, with why it cannot explain ``spec`` if so."""
    if not spec.layers:
        reason = Message("The network has no layers yet: add some and train it first.")
        return [Availability(m, False, reason) for m in METHODS]
    if _reads_tokens(spec):
        reason = Message("This network reads words as numbers in a list, which cannot change "
                         "a little at a time, so these maps cannot explain it.")
        return [Availability(m, False, reason) for m in METHODS]
    found = [Availability(m, True) for m in METHODS[:3]]
    if not gradcam_layers(spec):
        found.append(Availability("gradcam", False, Message(
            "Grad-CAM needs a convolution layer; this network has none. Use saliency or "
            "Integrated Gradients.")))
    elif len(spec.input_shape) != 3:
        found.append(Availability("gradcam", False, Message(
            "Grad-CAM needs a picture (channels, height, width) as the network's input; this "
            "network reads {shape}. Use saliency or Integrated Gradients.",
            shape="×".join(map(str, spec.input_shape)))))
    else:
        found.append(Availability("gradcam", True))
    return found


# -- computing ---------------------------------------------------------------------------------
def _scores(model: PlaygroundNet) -> Callable[[torch.Tensor], torch.Tensor]:
    """The model's class scores before its squashing output activation, one row per sample."""

    def scores(x: torch.Tensor) -> torch.Tensor:
        return model.forward_logits(x).reshape(len(x), -1)

    return scores


def _private(model: PlaygroundNet) -> PlaygroundNet:
    """``model`` itself when explaining it cannot change it, else a copy in evaluation mode."""
    import torch

    from playground.core.network.build import model_from_weights

    if model.training or any(p.requires_grad for p in model.parameters()):
        device = next((p.device for p in model.parameters()), torch.device("cpu"))
        return model_from_weights(model.spec, model.state_dict(), device)
    return model


def _sample(model: PlaygroundNet, x: torch.Tensor | np.ndarray) -> torch.Tensor:
    """``x`` as a batch of one with the network's input shape (same value count required)."""
    import torch

    shape = tuple(model.spec.input_shape)
    tensor = x.detach() if torch.is_tensor(x) else torch.from_numpy(np.array(x, np.float32))
    if tensor.numel() != math.prod(shape):
        raise ExplainError("The input has {got} values but the network reads {shape} ({want} "
                           "values).", got=tensor.numel(), shape="×".join(map(str, shape)),
                           want=math.prod(shape))
    device = next((p.device for p in model.parameters()), torch.device("cpu"))
    return tensor.to(device, torch.float32).reshape(1, *shape).clone()


def _baseline(batch: torch.Tensor, baseline: float | torch.Tensor | np.ndarray) -> torch.Tensor:
    """The baseline as a batch like ``batch``: a number everywhere, or one sample's values."""
    import torch

    if isinstance(baseline, (int, float)):
        return torch.full_like(batch, float(baseline))
    value = baseline.detach() if torch.is_tensor(baseline) else \
        torch.from_numpy(np.array(baseline, np.float32))
    value = value.to(batch.device, torch.float32)
    if value.numel() == 1:
        return torch.full_like(batch, float(value.reshape(())))
    if value.numel() != batch.numel():
        raise ExplainError("The baseline has {got} values but the input has {want}.",
                           got=value.numel(), want=batch.numel())
    return value.reshape(batch.shape).clone()


def _reduce(attr: torch.Tensor, how: str) -> np.ndarray:
    """A (1, *input) attribution as one value per position: over the channels of a picture
    (the leading axes), over the features of each time step of a sequence."""
    import torch

    a = attr.detach()[0].to(torch.float32)
    if a.dim() >= 3:
        a = a.reshape(-1, *a.shape[-2:])
        a = a.mean(0) if how == "mean" else a.sum(0)
    elif a.dim() == 2:
        a = a.mean(1) if how == "mean" else a.sum(1)
    return np.ascontiguousarray(np.nan_to_num(a.cpu().numpy()), dtype=np.float32)


def _occlusion_window(shape: tuple[int, ...], window: int) -> tuple[tuple[int, ...], ...]:
    """(window shape, strides): squares over every channel of a picture, runs of whole time
    steps of a sequence, runs of features of a vector; the stride is half the window."""
    if len(shape) >= 3:
        lead = tuple(shape[:-2])
        size = tuple(min(window, d) for d in shape[-2:])
        return lead + size, lead + tuple(max(1, s // 2) for s in size)
    size = min(window, shape[0])
    if len(shape) == 2:
        return (size, shape[1]), (max(1, size // 2), shape[1])
    return (size,), (max(1, size // 2),)


def _gradcam_module(model: PlaygroundNet, index: int) -> torch.nn.Module:
    """The module whose output is layer ``index``'s output (its activation's, if it has one):
    the forward pass of the scores calls the leaf modules, not the layer's block."""
    modules = list(model.layers[index])
    if index == model.squash_layer:  # the scores skip this layer's squashing activation
        modules = modules[:-1]
    return modules[-1]


def _check(spec: NetworkSpec, target: int, method: str, layer: int | None, steps: int,
           window: int) -> int | None:
    """Refuse what cannot be computed; the Grad-CAM layer to use (``None`` for the others)."""
    if method not in METHODS:
        raise ExplainError("Unknown explanation method {method}; choose one of {methods}.",
                           method=repr(method), methods=", ".join(METHODS))
    status = next(a for a in available_methods(spec) if a.method == method)
    if not status.available:
        raise ExplainError(status.reason or Message("This method cannot explain the network."))
    if isinstance(target, bool) or not isinstance(target, (int, np.integer)) or \
            not 0 <= int(target) < spec.num_classes:
        raise ExplainError("The class to explain must be a number from 0 to {last}, not "
                           "{value}.", last=spec.num_classes - 1, value=repr(target))
    if steps < 1 or window < 1:
        raise ExplainError("Steps and window size must be at least 1.")
    if method != "gradcam":
        return None
    convs = gradcam_layers(spec)
    chosen = convs[-1] if layer is None else layer
    if chosen not in convs:
        raise ExplainError("Layer {number} is not a convolution layer; Grad-CAM can use layers "
                           "{layers}.", number=chosen + 1 if isinstance(chosen, int) else chosen,
                           layers=", ".join(str(i + 1) for i in convs))
    return chosen


def explain(model: PlaygroundNet, x: torch.Tensor | np.ndarray, target: int, method: str,
            layer: int | None = None, steps: int = 32, window: int = 4, *,
            baseline: float | torch.Tensor | np.ndarray = 0.0) -> Attribution:
    """How much each input position counted for class ``target``'s score, by ``method``.

    ``x`` is one sample with the network's input shape (no batch axis), already preprocessed
    as the training data was. ``layer`` (a layer index, for Grad-CAM) defaults to the last
    convolution; ``steps`` is Integrated Gradients' number of points along the path;
    ``window`` is the side of occlusion's square (its stride half of it). ``baseline`` is the
    input that stands for "nothing", for Integrated Gradients and occlusion: 0 by default;
    pass the preprocessed black picture when the pixels were centred or standardised, so that
    "nothing" is black there too. Raises :class:`ExplainError` (in plain words) for a method
    that cannot explain the network or arguments out of range.
    """
    chosen = _check(model.spec, target, method, layer, steps, window)
    target = int(target)
    import captum.attr  # noqa: F401  (loaded once, before the clock starts)
    import torch

    start = time.perf_counter()
    net = _private(model)
    scores = _scores(net)
    batch = _sample(net, x).requires_grad_()  # a private copy: the gradient flows to it
    with torch.enable_grad():
        values, signed = _compute(scores, net, batch, target, method, chosen, steps, window,
                                  baseline)
    return Attribution(method, target, chosen, values, signed, time.perf_counter() - start)


def _compute(scores: Callable[[torch.Tensor], torch.Tensor], net: PlaygroundNet,
             batch: torch.Tensor, target: int, method: str, layer: int | None, steps: int,
             window: int, baseline: float | torch.Tensor | np.ndarray) -> tuple[np.ndarray, bool]:
    """(values, signed) of one method; see :func:`explain`."""
    import torch
    from captum.attr import (
        IntegratedGradients,
        LayerAttribution,
        LayerGradCam,
        Occlusion,
        Saliency,
    )

    if method == "saliency":
        return _reduce(Saliency(scores).attribute(batch, target=target, abs=True), "sum"), False
    if method == "integrated_gradients":
        attr = IntegratedGradients(scores).attribute(
            batch, baselines=_baseline(batch, baseline), target=target, n_steps=steps,
            internal_batch_size=min(steps, MAX_BATCH))
        return _reduce(attr, "sum"), True
    if method == "occlusion":
        shape, strides = _occlusion_window(tuple(batch.shape[1:]), window)
        attr = Occlusion(scores).attribute(
            batch, sliding_window_shapes=shape, strides=strides,
            baselines=_baseline(batch, baseline), target=target,
            perturbations_per_eval=PERTURBATIONS_PER_EVAL)
        return _reduce(attr, "mean"), True
    assert layer is not None
    cam = LayerGradCam(scores, _gradcam_module(net, layer)).attribute(
        batch, target=target, relu_attributions=True)
    size = tuple(batch.shape[-2:])
    up = LayerAttribution.interpolate(cam.detach(), size, interpolate_mode="bilinear")
    return _reduce(torch.relu(up), "sum"), False
