"""Live predictions for the digit canvas: a small predictor with its own copy of the network.

Why it works this way:

* The student draws while a network may still be training on another thread. Predicting with
  the training model itself would race with the optimizer (half-updated weights, a model left in
  ``train`` mode so Dropout fires). So :class:`LivePredictor` builds its *own* model from the
  spec and only ever receives weight snapshots: :meth:`LivePredictor.update_weights` takes the
  detached CPU copies the training loop sends, checks they fit this network, and copies them
  again, so the sender may reuse or drop its tensors at once.
* Snapshots are staged and applied at the start of the next prediction, on the predicting
  thread: sending weights never waits for a prediction in progress, and a burst of snapshots
  costs one load.
* A prediction runs in ``eval`` mode under ``torch.inference_mode()`` with the dataset's own
  preprocessing (``Dataset.normalize`` passed in), so a drawn digit is prepared exactly like the
  training images. It costs about 0.2 ms for the ``cnn-mnist`` network on the project's
  2-core test machine, little more than the bare forward pass (see
  ``benchmarks/draw_latency_core.py``), so it may even run on the GUI thread.
* A prediction uses one intra-op thread (``threads``) by default: for one small sample,
  waking a team of threads costs more than it saves, and on a busy computer (a training run on
  the other core) a two-thread forward pass measured here 50-200 times slower than on one. With
  torch's OpenMP backend the setting belongs to the calling thread, and it is put back after
  each prediction, so nothing else on that thread (or the training thread) is affected.
* Stale results are dropped with a generation counter, as ndv does for its asynchronous data
  requests: :meth:`LivePredictor.submit` records the newest drawing and returns its generation;
  :meth:`LivePredictor.run_pending` (on a worker, or a timer) predicts only the newest drawing
  (drawings submitted in between are skipped, never computed); and a result whose generation is
  no longer the newest is refused by :meth:`LivePredictor.accept`, so a slow result never
  overwrites a newer one while the student keeps drawing.

Threads: :meth:`submit`, :meth:`update_weights`, :meth:`is_current` and :meth:`accept` may be
called from any thread (they only touch a few fields under a lock). :meth:`predict` and
:meth:`run_pending` use the model; a second lock makes concurrent calls wait for each other, but
they are meant for one thread at a time. Only plain data goes in and out: numpy arrays and CPU
tensors, never a live ``nn.Parameter``.

This module never imports Qt.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import torch

from playground.core.data.datasets import view_as
from playground.core.errors import PlaygroundError
from playground.core.network.build import PlaygroundNet, build_model
from playground.core.network.spec import NetworkSpec

__all__ = ["LivePredictor", "Prediction", "SnapshotMismatch"]

Normalize = Callable[[torch.Tensor], torch.Tensor]


class SnapshotMismatch(PlaygroundError):
    """Weights sent to the predictor that belong to a different network."""


@dataclass(frozen=True)
class Prediction:
    """One result: class probabilities for the drawing submitted as ``generation``.

    ``weights_version`` counts the snapshots loaded before it was computed (0: the network's
    initial, untrained weights); ``seconds`` is the time the prediction took.
    """

    generation: int
    probabilities: np.ndarray = field(repr=False)  # float32 (num_classes,), sums to 1
    weights_version: int = 0
    seconds: float = 0.0

    @property
    def label(self) -> int:
        """The most probable class."""
        return int(np.argmax(self.probabilities))


def _identity(x: torch.Tensor) -> torch.Tensor:
    return x


class LivePredictor:
    """Predicts drawn digits with its own copy of a network built from ``spec``.

    ``normalize`` prepares a batch of images in [0, 1] like the training data (pass
    ``dataset.normalize``); without it the images are used as they are (the ``"scale"``
    preprocessing). ``state_dict`` optionally loads a first snapshot. ``threads`` is the number
    of torch intra-op threads a prediction uses (``None``: whatever the calling thread has).
    """

    def __init__(
        self,
        spec: NetworkSpec,
        normalize: Normalize | None = None,
        state_dict: Mapping[str, torch.Tensor] | None = None,
        threads: int | None = 1,
    ) -> None:
        self.spec = spec
        self.normalize: Normalize = normalize or _identity
        self.threads = threads
        # A fixed seed: building never touches the global random state.
        self._model: PlaygroundNet = build_model(spec, seed=0).eval()
        self._model.requires_grad_(False)
        self._expected = {k: (v.shape, v.dtype) for k, v in self._model.state_dict().items()}
        self._lock = threading.Lock()  # guards the small shared fields below
        self._compute_lock = threading.Lock()  # one prediction at a time uses the model
        self._generation = 0
        self._pending: tuple[int, np.ndarray] | None = None
        self._staged: dict[str, torch.Tensor] | None = None
        self._weights_version = 0
        self._loaded_version = 0
        if state_dict is not None:
            self.update_weights(state_dict)

    # ----------------------------------------------------------------------- weights

    @property
    def weights_version(self) -> int:
        """How many snapshots have been sent (0: still the initial, untrained weights)."""
        return self._weights_version

    def update_weights(self, state_dict: Mapping[str, torch.Tensor]) -> int:
        """Take a snapshot of weights (copied now, loaded before the next prediction).

        Raises :class:`SnapshotMismatch` if the snapshot does not fit this network (the student
        changed the network since the snapshot was taken); returns the new weights version.
        """
        missing = self._expected.keys() - state_dict.keys()
        extra = state_dict.keys() - self._expected.keys()
        if missing or extra:
            name = sorted(missing or extra)[0]
            if missing:
                raise SnapshotMismatch(
                    "These weights belong to a different network (no tensor {name}). Predict "
                    "with the network they were trained for, or train this one.", name=repr(name))
            raise SnapshotMismatch(
                "These weights belong to a different network (an extra tensor {name}). Predict "
                "with the network they were trained for, or train this one.", name=repr(name))
        copy: dict[str, torch.Tensor] = {}
        for name, (shape, dtype) in self._expected.items():
            value = state_dict[name]
            if not isinstance(value, torch.Tensor) or value.shape != shape:
                got = tuple(value.shape) if isinstance(value, torch.Tensor) else type(value)
                raise SnapshotMismatch(
                    "These weights belong to a different network: {name} has shape {got} but "
                    "this network needs {wanted}. Predict with the network they were trained "
                    "for, or train this one.", name=repr(name), got=str(got),
                    wanted=str(tuple(shape)))
            copy[name] = value.detach().to(device="cpu", dtype=dtype, copy=True)
        with self._lock:
            self._staged = copy
            self._weights_version += 1
            return self._weights_version

    def _load_staged(self) -> int:
        """Load the newest staged snapshot, if any; the version now in the model."""
        with self._lock:
            staged, self._staged = self._staged, None
            version = self._weights_version
        if staged is not None:
            self._model.load_state_dict(staged)
            self._loaded_version = version
        return self._loaded_version

    # ----------------------------------------------------------------------- predicting

    @staticmethod
    def _as_tensor(image: np.ndarray | torch.Tensor) -> torch.Tensor:
        if isinstance(image, torch.Tensor):
            return image.detach().to(device="cpu", dtype=torch.float32)
        array = np.ascontiguousarray(image, dtype=np.float32)  # flipped views too
        return torch.from_numpy(array if array.flags.writeable else array.copy())

    def _as_batch(self, image: np.ndarray | torch.Tensor) -> torch.Tensor:
        x = self._as_tensor(image)
        if x.dim() == 2:  # a grey picture: (H, W) -> (1, 1, H, W), the datasets' layout
            return x.reshape(1, 1, *x.shape)
        return x.reshape(1, *x.shape)

    def _probabilities(self, batch: torch.Tensor) -> np.ndarray:
        model = self._model
        x = view_as(self.normalize(batch), self.spec.input_shape)
        activation = model.output_activation
        if activation == "softmax":
            probs = model(x)
        elif activation == "log_softmax":  # log-probabilities: never show them as they are
            probs = model(x).exp()
        elif activation == "sigmoid":
            scores = model(x).reshape(-1)
            probs = torch.stack((1 - scores, scores)) if len(scores) == 1 else scores
            probs = probs / probs.sum().clamp_min(1e-12)
        else:  # raw scores (a linear last layer trained with cross-entropy)
            probs = torch.softmax(model(x).reshape(1, -1), dim=-1)
        return probs.reshape(-1).to(torch.float32).numpy().copy()

    def _run(self, image: np.ndarray | torch.Tensor) -> tuple[np.ndarray, int, float]:
        start = time.perf_counter()
        batch = self._as_batch(image)
        with self._compute_lock:
            version = self._load_staged()
            saved = torch.get_num_threads()
            switch = self.threads is not None and self.threads != saved
            if switch:
                torch.set_num_threads(self.threads)
            try:
                with torch.inference_mode():
                    probs = self._probabilities(batch)
            finally:
                if switch:
                    torch.set_num_threads(saved)
        return probs, version, time.perf_counter() - start

    def predict(self, image28: np.ndarray | torch.Tensor) -> np.ndarray:
        """Class probabilities (float32, ``(num_classes,)``) for one image in [0, 1].

        ``image28`` is one sample, typically the 28×28 output of
        :func:`playground.core.data.digits.mnistify`; any shape with as many values as the
        network's input works.
        """
        return self._run(image28)[0]

    # ----------------------------------------------------------------------- generations

    @property
    def generation(self) -> int:
        """The newest generation handed out by :meth:`submit` (0 before the first)."""
        return self._generation

    def submit(self, image28: np.ndarray | torch.Tensor) -> int:
        """Record ``image28`` (copied) as the newest drawing to predict; returns its generation.

        An earlier drawing still waiting is replaced: only the newest is ever computed.
        """
        image = self._as_tensor(image28).clone().numpy()
        with self._lock:
            self._generation += 1
            self._pending = (self._generation, image)
            return self._generation

    def has_pending(self) -> bool:
        """Whether a submitted drawing is waiting for :meth:`run_pending`."""
        return self._pending is not None

    def run_pending(self) -> Prediction | None:
        """Predict the newest submitted drawing; ``None`` if there is nothing waiting."""
        with self._lock:
            pending, self._pending = self._pending, None
        if pending is None:
            return None
        generation, image = pending
        probs, version, seconds = self._run(image)
        return Prediction(generation, probs, version, seconds)

    def is_current(self, generation: int) -> bool:
        """Whether ``generation`` is still the newest drawing (its result should be shown)."""
        return generation == self._generation

    def accept(self, prediction: Prediction | None) -> bool:
        """``True`` if ``prediction`` is for the newest drawing; a stale one is to be dropped."""
        return prediction is not None and self.is_current(prediction.generation)

    def cancel(self) -> None:
        """Forget any waiting drawing and make every result in flight stale (canvas cleared)."""
        with self._lock:
            self._generation += 1
            self._pending = None
