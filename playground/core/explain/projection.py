"""A map of what a layer has learned: every sample's activations flattened to a point in 2D.

Why: a network that has learned digits puts the 7s of a hidden layer close together and far
from the 1s; drawn as a scatter coloured by class, that is visible at a glance, and replaying
the recorded epochs shows the clusters form. Two ways to flatten the layer's space:

* **PCA** (:func:`pca_fit`, :func:`pca_2d`): the two directions along which the points spread
  most. Instant, and a new sample (a drawing) lands in the same picture through the same
  projection matrix (:meth:`PcaBasis.transform`).
* **t-SNE** (:func:`tsne_2d`, openTSNE): keeps each point's neighbours close, so clusters stand
  out more clearly; it takes seconds, reports its progress and can be stopped.

:func:`layer_activations` runs a model (built from a spec and a copy of its weights) in
evaluation mode without gradients, in batches, and gives back the mode it found, so the same
code serves the GUI's background jobs, the command line and the benchmarks. Nothing here
touches a global random generator: t-SNE draws from its own seeded one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from playground.core.network.build import PlaygroundNet
from playground.core.network.graph import INPUT
from playground.core.network.layer_types import layer_type
from playground.core.network.spec import NetworkSpec

__all__ = ["PcaBasis", "Projection", "activations_and_predictions", "default_layer",
           "features_of", "layer_activations", "pca_2d", "pca_fit", "project", "tsne_2d"]

Progress = Callable[[float], None]
Cancelled = Callable[[], bool]
TSNE_EARLY_ITERATIONS = 250  # openTSNE's defaults: early exaggeration, then the normal phase
TSNE_ITERATIONS = 500
TSNE_CALLBACK_EVERY = 10  # iterations between progress reports (and chances to stop)
_AFFINITY_SHARE = 0.1  # of the progress bar: the nearest-neighbour search before optimising
_EARLY_SHARE = 0.3


# -- activations --------------------------------------------------------------------------------
@contextmanager
def _evaluating(model: nn.Module) -> Iterator[None]:
    """Evaluation mode and no gradients for the block; the mode found is given back after.

    Dropout and BatchNorm must act as they do when predicting, or the same sample would land
    in a different place each time it is projected.
    """
    training = model.training
    model.eval()
    try:
        with torch.no_grad():
            yield
    finally:
        model.train(training)


def _as_batch(model: PlaygroundNet, x: torch.Tensor | np.ndarray) -> torch.Tensor:
    """``x`` (samples with the network's input shape, or the same count of values) as a batch."""
    shape = tuple(model.spec.input_shape)
    per_sample = math.prod(shape)
    tensor = x if torch.is_tensor(x) else torch.as_tensor(np.asarray(x))
    if tensor.numel() % per_sample:
        raise ValueError(f"Expected samples of {per_sample} values (input shape {shape}), "
                         f"got a tensor of shape {tuple(tensor.shape)}.")
    dtype = tensor.dtype if not tensor.dtype.is_floating_point else torch.float32
    device = next((p.device for p in model.parameters()), torch.device("cpu"))
    return tensor.reshape(-1, *shape).to(device, dtype)


def _predicted(output: torch.Tensor, activation: str) -> torch.Tensor:
    """The class each row of the network's output stands for (one unit: a yes/no answer)."""
    flat = output.reshape(len(output), -1)
    if flat.shape[1] == 1:
        return (flat[:, 0] > (0.5 if activation == "sigmoid" else 0.0)).long()
    return flat.argmax(dim=1)


def _run(model: PlaygroundNet, x: torch.Tensor | np.ndarray, layer: int, batch: int,
         predictions: bool, cancelled: Cancelled | None
         ) -> tuple[np.ndarray, np.ndarray] | None:
    """(features (N, D), predicted classes (N,) or an empty array), or ``None`` if cancelled."""
    count = len(model.spec.layers)
    if not 0 <= layer < count:
        raise ValueError(f"Layer {layer} does not exist: the network has {count} layers.")
    data = _as_batch(model, x)
    features, answers = [np.zeros((0, 0), np.float32)], [np.zeros(0, np.int64)]
    with _evaluating(model):
        for start in range(0, len(data), max(1, batch)):
            if cancelled is not None and cancelled():
                return None
            outputs = model.forward_all(data[start:start + batch],
                                        last=count - 1 if predictions else layer)
            chunk = outputs[layer]
            features.append(chunk.reshape(len(chunk), -1).to("cpu", torch.float32).numpy())
            if predictions:
                answers.append(_predicted(outputs[-1], model.output_activation).cpu().numpy())
    found = np.concatenate(features[1:]) if len(features) > 1 else features[0]
    return np.ascontiguousarray(found), np.concatenate(answers).astype(np.int64)


def layer_activations(model: PlaygroundNet, x: torch.Tensor | np.ndarray, layer: int,
                      batch: int = 256) -> np.ndarray:
    """Layer ``layer``'s output for every sample of ``x`` (already preprocessed), flattened.

    Returns float32 (N, D). Works for networks that branch (the layer is a node of the spec):
    only the layers up to ``layer`` are computed. The model's weights and mode are left as
    they were.
    """
    found = features_of(model, x, layer, batch)
    assert found is not None
    return found


def features_of(model: PlaygroundNet, x: torch.Tensor | np.ndarray, layer: int,
                batch: int = 256, cancelled: Cancelled | None = None) -> np.ndarray | None:
    """:func:`layer_activations` that a background job can stop: ``None`` when
    ``cancelled()`` turned true between batches."""
    found = _run(model, x, layer, batch, predictions=False, cancelled=cancelled)
    return None if found is None else found[0]


def activations_and_predictions(
        model: PlaygroundNet, x: torch.Tensor | np.ndarray, layer: int, batch: int = 256,
        cancelled: Cancelled | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """(layer ``layer``'s flattened outputs (N, D), the predicted classes (N,)) in one pass.

    The map colours the points by their true class and rings the ones the network gets wrong:
    both come from the same forward pass. ``None`` when ``cancelled()`` turned true between
    batches.
    """
    return _run(model, x, layer, batch, predictions=True, cancelled=cancelled)


def default_layer(spec: NetworkSpec) -> int:
    """The last hidden layer: the one the output layer reads, past layers that keep values.

    The output layer is the last layer with weights (after it come only activations, Dropout,
    Flatten and the like). Its input, walking back over layers whose output equals their
    input (Dropout, Flatten, Reshape), is the richest summary the network makes of a sample.
    A network with one weighted layer gives that layer (its class scores are all it has).
    """
    count = len(spec.layers)
    if count == 0:
        raise ValueError("The network has no layers.")
    index = count - 1
    while True:
        entry = layer_type(spec.layers[index].type)
        if entry.weighted or entry.merges:
            break
        source = spec.inputs_of(index)[0]
        if source == INPUT:
            return count - 1  # no layer with weights at all
        index = source
    output = index
    source = spec.inputs_of(output)[0]
    while source != INPUT:
        layer = spec.layers[source]
        if not layer_type(layer.type).keeps_values(layer.params):
            return source
        source = spec.inputs_of(source)[0]
    return output


# -- PCA ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PcaBasis:
    """The centre of the features and their two main directions: (D,) and (2, D)."""

    mean: np.ndarray
    components: np.ndarray
    explained: tuple[float, float] = (0.0, 0.0)  # share of the variance along each direction

    def transform(self, features: np.ndarray) -> np.ndarray:
        """Features (N, D) or one sample (D,) placed in the same 2D picture: (N, 2) or (2,)."""
        values = np.asarray(features, dtype=np.float64)
        points = (values - self.mean) @ self.components.T
        return points.astype(np.float32)


def pca_fit(features: np.ndarray) -> PcaBasis:
    """The two principal directions of ``features`` (N, D), from the eigenvectors of the
    smaller of the covariance (D × D) and Gram (N × N) matrices: several times faster than an
    SVD of 10,000 samples, and the same directions.

    Each direction's sign is fixed (its largest loading is positive) so the same data always
    gives the same picture, not its mirror image. Fewer than two directions (one sample, one
    feature, constant features) are completed with zeros.
    """
    values = np.asarray(features, dtype=np.float64)
    if values.ndim != 2:
        raise ValueError(f"Expected features of shape (N, D), got {values.shape}.")
    n, d = values.shape
    mean = values.mean(axis=0) if n else np.zeros(d)
    components = np.zeros((2, d))
    explained = [0.0, 0.0]
    if n > 1 and d > 0:
        centred = values - mean
        small = d <= n
        variances, vectors = np.linalg.eigh(centred.T @ centred if small else centred @ centred.T)
        variances = np.clip(variances[::-1], 0.0, None)  # largest first
        total = float(variances.sum())
        for i in range(min(2, len(variances))):
            if variances[i] <= 1e-12 * max(1.0, float(variances[0])):
                break
            vector = vectors[:, -1 - i]
            direction = vector if small else centred.T @ vector / np.sqrt(variances[i])
            if direction[np.argmax(np.abs(direction))] < 0:
                direction = -direction
            components[i] = direction
            explained[i] = float(variances[i] / total)
    return PcaBasis(mean, components, (explained[0], explained[1]))


def pca_2d(features: np.ndarray) -> np.ndarray:
    """``features`` (N, D) along their two principal directions: float32 (N, 2)."""
    return pca_fit(features).transform(features)


# -- t-SNE --------------------------------------------------------------------------------------
def tsne_2d(features: np.ndarray, progress: Progress | None = None,
            cancelled: Cancelled | None = None, seed: int = 0, perplexity: float = 30.0,
            n_jobs: int = 1) -> np.ndarray | None:
    """A t-SNE map of ``features`` (N, D), started from their PCA picture: float32 (N, 2).

    openTSNE's two phases (early exaggeration, then the normal optimisation) run with a
    callback every few iterations that reports ``progress`` (0 to 1) and stops the
    optimisation when ``cancelled()`` turns true; then ``None`` is returned. The result
    depends only on the data and ``seed``. ``n_jobs`` threads (1 leaves the other core free).
    """
    from openTSNE import TSNE
    from openTSNE.initialization import rescale
    from openTSNE.tsne import OptimizationInterrupt

    def stop() -> bool:
        return cancelled is not None and bool(cancelled())

    def report(value: float) -> None:
        if progress is not None:
            progress(min(1.0, max(0.0, value)))

    values = np.ascontiguousarray(features, dtype=np.float64)
    n = len(values)
    report(0.0)
    if n < 5:  # too few points for neighbours: their PCA picture is the map
        return None if stop() else pca_2d(values)
    init = rescale(pca_2d(values).astype(np.float64), target_std=1e-4)
    if not np.isfinite(init).all() or np.allclose(init, 0):
        init = np.random.default_rng(seed).normal(0.0, 1e-4, (n, 2))
    early = (_AFFINITY_SHARE, _EARLY_SHARE, TSNE_EARLY_ITERATIONS)
    late = (_AFFINITY_SHARE + _EARLY_SHARE, 1.0 - _AFFINITY_SHARE - _EARLY_SHARE, TSNE_ITERATIONS)
    phase = early  # (progress at its start, its share of the progress, its iterations)

    def callback(iteration: int, _error: float, _embedding: np.ndarray) -> bool:
        report(phase[0] + phase[1] * iteration / phase[2])
        return stop()

    tsne = TSNE(perplexity=min(perplexity, max(1.0, (n - 1) / 3.0)), n_jobs=n_jobs,
                random_state=seed, callbacks=[callback],
                callbacks_every_iters=TSNE_CALLBACK_EVERY, verbose=False)
    if stop():
        return None
    embedding = tsne.prepare_initial(values, initialization=init)  # the neighbours: not stoppable
    report(_AFFINITY_SHARE)
    settings = ((early, tsne.early_exaggeration, tsne.initial_momentum),
                (late, tsne.exaggeration, tsne.final_momentum))
    try:
        for phase, exaggeration, momentum in settings:
            if stop():
                return None
            embedding = embedding.optimize(n_iter=phase[2], exaggeration=exaggeration,
                                           momentum=momentum, inplace=True,
                                           propagate_exception=True)
    except OptimizationInterrupt:
        return None
    report(1.0)
    return np.ascontiguousarray(np.asarray(embedding, dtype=np.float32))


# -- what a view keeps ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Projection:
    """One map of one layer for one set of weights, kept with the run's state it shows.

    ``points`` (N, 2) are the samples' places; ``labels`` their true classes and
    ``predictions`` the network's answers (N,); ``basis`` places new samples on a PCA map
    (``None`` for t-SNE, where a new sample goes among its nearest neighbours instead).
    """

    points: np.ndarray
    labels: np.ndarray
    predictions: np.ndarray
    layer: int
    method: str  # "pca" | "tsne"
    state_label: str = ""
    basis: PcaBasis | None = None

    @property
    def wrong(self) -> np.ndarray:
        """Where the network's answer is not the true class: bool (N,)."""
        return np.asarray(self.labels) != np.asarray(self.predictions)

    def place(self, features: np.ndarray, neighbours: np.ndarray | None = None) -> np.ndarray:
        """Where a new sample lands: by the PCA matrix, or among its nearest samples' places
        (``neighbours``: their row indices in ``points``). Returns (2,) float32."""
        if self.basis is not None:
            return self.basis.transform(np.asarray(features).reshape(-1))
        if neighbours is None or len(neighbours) == 0:
            raise ValueError("A t-SNE map places a new sample among its nearest neighbours.")
        return self.points[np.asarray(neighbours)].mean(axis=0).astype(np.float32)


def project(features: np.ndarray, labels: np.ndarray, predictions: np.ndarray, layer: int,
            method: str = "pca", progress: Progress | None = None,
            cancelled: Cancelled | None = None, seed: int = 0, state_label: str = ""
            ) -> Projection | None:
    """The map of a layer's ``features`` (N, D) by ``method`` ("pca" or "tsne"), with the
    samples' true classes and the network's answers; ``None`` when t-SNE was cancelled.

    Separate from :func:`activations_and_predictions` so a caller can run the model with one
    torch thread and the (torch-free, much longer) t-SNE without holding that setting.
    """
    if method not in ("pca", "tsne"):
        raise ValueError(f"Unknown method {method!r}: use 'pca' or 'tsne'.")
    truth = np.asarray(labels).reshape(-1)[: len(features)].astype(np.int64)
    answers = np.asarray(predictions).reshape(-1).astype(np.int64)
    if method == "pca":
        basis = pca_fit(features)
        return Projection(basis.transform(features), truth, answers, layer, method, state_label,
                          basis)
    mapped = tsne_2d(features, progress, cancelled, seed)
    if mapped is None:
        return None
    return Projection(mapped, truth, answers, layer, method, state_label)
