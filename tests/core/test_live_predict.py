"""Live prediction of drawn digits: the predictor's own weights, generations, and the real thing.

The last tests train ``cnn-mnist`` for 3 epochs on the bundled MNIST once per module (about
10 s) and check that real test digits, drawn big and anywhere on a 280×280 canvas, are
recognised after :func:`mnistify` -- the whole path the "Draw a digit" pane takes.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from playground.core.data.datasets import Dataset, load_dataset
from playground.core.data.digits import mnistify
from playground.core.errors import PlaygroundError
from playground.core.inspect.live_predict import LivePredictor, Prediction, SnapshotMismatch
from playground.core.network.build import build_model
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.teaching.templates import TEMPLATES
from playground.core.training.loop import train
from playground.core.training.result import TrainingResult

CNN = TEMPLATES["cnn-mnist"].spec
GOLDEN = Path(__file__).parent / "golden"
GOLDEN_LABELS = {"one": 1, "seven": 7, "zero": 0, "four": 4}


@pytest.fixture(scope="module")
def mnist() -> Dataset:
    return load_dataset("mnist")


@pytest.fixture(scope="module")
def digits(mnist: Dataset) -> np.ndarray:
    """A few test digits in [0, 1], (N, 28, 28)."""
    return mnist.test_x[:16, 0].numpy()


def state_of(spec: NetworkSpec, seed: int) -> dict[str, torch.Tensor]:
    return {k: v.clone() for k, v in build_model(spec, seed=seed).state_dict().items()}


# --------------------------------------------------------------------------- predicting


def test_probabilities_for_every_class_deterministic_in_eval_mode(digits) -> None:
    predictor = LivePredictor(CNN, state_dict=state_of(CNN, 1))
    probs = predictor.predict(digits[0])
    assert probs.shape == (10,) and probs.dtype == np.float32
    assert probs.min() >= 0 and probs.sum() == pytest.approx(1.0, abs=1e-5)
    # cnn-mnist has Dropout: in train mode two calls would differ.
    for _ in range(3):
        assert np.array_equal(predictor.predict(digits[0]), probs)
    # Any form of the same image: a tensor (even one that requires grad), a read-only array.
    assert predictor.predict(torch.from_numpy(digits[0]).requires_grad_()) == pytest.approx(probs)
    frozen = digits[0].copy()
    frozen.flags.writeable = False
    assert np.array_equal(predictor.predict(frozen), probs)
    assert np.array_equal(predictor.predict(digits[0][::-1][::-1]), probs)
    flipped = predictor.predict(np.ascontiguousarray(digits[0][::-1]))
    assert np.array_equal(predictor.predict(digits[0][::-1]), flipped)


def test_prediction_matches_the_model_run_by_hand_with_the_datasets_preprocessing(
    mnist, digits
) -> None:
    standardized = load_dataset("mnist", preprocessing="standardize", limit=16)
    state = state_of(CNN, 2)
    predictor = LivePredictor(CNN, standardized.normalize, state)
    model = build_model(CNN)
    model.load_state_dict(state)
    model.eval()
    with torch.no_grad():
        expected = model(standardized.test_x[:16]).numpy()  # the dataset's own preparation
    for i in range(16):
        assert np.allclose(predictor.predict(digits[i]), expected[i], atol=1e-5)
    # Without the dataset's normalisation the numbers differ: it really is applied.
    plain = LivePredictor(CNN, state_dict=state)
    assert not np.allclose(plain.predict(digits[0]), expected[0], atol=1e-3)


def test_the_weights_are_the_predictors_own_copy(digits) -> None:
    state = state_of(CNN, 3)
    predictor = LivePredictor(CNN)
    assert predictor.weights_version == 0
    assert predictor.update_weights(state) == 1
    before = predictor.predict(digits[1])
    for tensor in state.values():  # the sender reuses its tensors
        tensor.zero_()
    assert np.array_equal(predictor.predict(digits[1]), before)
    model = build_model(CNN)
    model.load_state_dict(state_of(CNN, 3))
    predictor.update_weights(model.state_dict())  # a live model's tensors are copied too
    with torch.no_grad():
        for p in model.parameters():
            p.add_(1.0)
    assert np.array_equal(predictor.predict(digits[1]), before)


def test_a_prediction_uses_one_thread_and_gives_the_callers_threads_back(digits) -> None:
    state = state_of(CNN, 4)
    single = LivePredictor(CNN, state_dict=state)
    as_caller = LivePredictor(CNN, state_dict=state, threads=None)
    saved = torch.get_num_threads()
    try:
        torch.set_num_threads(2)
        np.testing.assert_allclose(single.predict(digits[2]), as_caller.predict(digits[2]),
                                   atol=1e-6)
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(saved)


def test_snapshots_are_applied_before_the_next_prediction_and_the_newest_wins(digits) -> None:
    predictor = LivePredictor(CNN)
    untrained = predictor.predict(digits[2])
    predictor.update_weights(state_of(CNN, 4))
    predictor.update_weights(state_of(CNN, 5))
    assert predictor.weights_version == 2
    only_5 = LivePredictor(CNN, state_dict=state_of(CNN, 5)).predict(digits[2])
    assert np.array_equal(predictor.predict(digits[2]), only_5)
    assert not np.allclose(only_5, untrained)


def test_a_snapshot_of_another_network_is_refused(digits) -> None:
    predictor = LivePredictor(CNN, state_dict=state_of(CNN, 6))
    before = predictor.predict(digits[3])
    mlp = TEMPLATES["mlp-mnist"].spec
    wider = NetworkSpec(CNN.input_shape, "mnist", 10, (
        LayerSpec.create("Conv2D", filters=16, kernel_size=3, activation="relu"),
        *CNN.layers[1:],
    ))  # fmt: skip
    for wrong, words in ((state_of(mlp, 0), "different network"), (state_of(wider, 0), "shape")):
        with pytest.raises(SnapshotMismatch, match=words) as caught:
            predictor.update_weights(wrong)
        assert isinstance(caught.value, PlaygroundError)
    assert predictor.weights_version == 1
    assert np.array_equal(predictor.predict(digits[3]), before)


@pytest.mark.parametrize("name", ["mlp-mnist", "rnn-mnist", "scratch-mnist"])
def test_other_digit_networks_work_too(name: str, digits) -> None:
    """A flat input (Flatten first), rows as a sequence (LSTM), a binarizing dataset."""
    template = TEMPLATES[name]
    data = load_dataset("mnist", preprocessing=template.config.preprocessing, limit=4)
    predictor = LivePredictor(template.spec, data.normalize, state_of(template.spec, 0))
    probs = predictor.predict(digits[4])
    assert probs.shape == (10,) and probs.sum() == pytest.approx(1.0, abs=1e-5)


def test_a_linear_output_is_turned_into_probabilities(digits) -> None:
    spec = NetworkSpec((1, 28, 28), "mnist", 10, (
        LayerSpec.create("Flatten"), LayerSpec.create("Dense", units=10, activation="linear"),
    ))  # fmt: skip
    state = state_of(spec, 0)
    probs = LivePredictor(spec, state_dict=state).predict(digits[5])
    logits = torch.from_numpy(digits[5]).reshape(1, -1) @ state["layers.1.0.weight"].T
    expected = torch.softmax(logits + state["layers.1.0.bias"], dim=-1)[0].numpy()
    assert np.allclose(probs, expected, atol=1e-6)


# --------------------------------------------------------------------------- generations


def test_only_the_newest_drawing_is_computed_and_stale_results_are_dropped(digits) -> None:
    predictor = LivePredictor(CNN, state_dict=state_of(CNN, 7))
    assert predictor.run_pending() is None and not predictor.has_pending()
    generations = [predictor.submit(digits[i]) for i in range(3)]  # the student keeps drawing
    assert generations == [1, 2, 3] and predictor.generation == 3
    result = predictor.run_pending()
    assert isinstance(result, Prediction) and result.generation == 3  # 1 and 2 never computed
    assert np.array_equal(result.probabilities, predictor.predict(digits[2]))
    assert result.label == int(np.argmax(result.probabilities)) and result.weights_version == 1
    assert predictor.accept(result) and predictor.run_pending() is None

    # A result that comes back after a newer drawing was submitted is stale.
    predictor.submit(digits[3])
    slow = predictor.run_pending()
    newer = predictor.submit(digits[4])
    assert not predictor.accept(slow) and not predictor.is_current(slow.generation)
    fresh = predictor.run_pending()
    assert fresh.generation == newer and predictor.accept(fresh)
    assert not predictor.accept(None)


def test_submit_copies_the_drawing_and_cancel_makes_results_stale(digits) -> None:
    predictor = LivePredictor(CNN, state_dict=state_of(CNN, 8))
    image = digits[6].copy()
    predictor.submit(image)
    image[:] = 0.0  # the canvas keeps changing after submit
    assert np.array_equal(predictor.run_pending().probabilities, predictor.predict(digits[6]))
    predictor.submit(digits[7])
    in_flight = predictor.run_pending()
    predictor.submit(digits[8])
    predictor.cancel()  # the canvas was cleared
    assert not predictor.has_pending() and predictor.run_pending() is None
    assert not predictor.accept(in_flight)


def test_a_worker_thread_predicts_while_drawings_and_weights_keep_arriving(digits) -> None:
    """The GUI's arrangement: drawings and snapshots from one thread, predictions on another."""
    predictor = LivePredictor(CNN, state_dict=state_of(CNN, 9))
    states = [state_of(CNN, s) for s in (10, 11)]
    accepted: list[Prediction] = []
    errors: list[BaseException] = []
    wake, done = threading.Event(), threading.Event()

    def worker() -> None:
        try:
            while not done.is_set() or predictor.has_pending():
                wake.wait(0.01)
                wake.clear()
                result = predictor.run_pending()
                if predictor.accept(result):
                    accepted.append(result)
        except BaseException as exc:  # reported by the test thread
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        for i in range(60):
            predictor.submit(digits[i % 16])
            if i % 7 == 0:
                predictor.update_weights(states[(i // 7) % 2])
            wake.set()
    finally:
        done.set()
        wake.set()
        thread.join(10)
    assert not thread.is_alive() and not errors
    assert 1 <= len(accepted) <= 60
    assert [r.generation for r in accepted] == sorted({r.generation for r in accepted})
    last = accepted[-1]
    assert last.generation == 60 == predictor.generation
    expected = LivePredictor(CNN, state_dict=states[(56 // 7) % 2]).predict(digits[59 % 16])
    assert np.allclose(last.probabilities, expected, atol=1e-6)


# --------------------------------------------------------------------------- the real thing


@pytest.fixture(scope="module")
def trained(mnist: Dataset) -> TrainingResult:
    template = TEMPLATES["cnn-mnist"]
    config = template.config.with_changes(epochs=3, device="cpu")
    result = train(template.spec, config, mnist)
    assert result.status == "completed" and result.test.accuracy > 0.95
    return result


@pytest.fixture(scope="module")
def predictor(trained: TrainingResult, mnist: Dataset) -> LivePredictor:
    return LivePredictor(CNN, mnist.normalize, trained.state_dict)


def render_on_canvas(
    digit: np.ndarray, scale: float, top: int, left: int, size: int = 280
) -> np.ndarray:
    """A 28×28 digit enlarged ``scale`` times (smoothly, as a pen would draw) on a big canvas."""
    n = round(28 * scale)
    big = F.interpolate(
        torch.from_numpy(digit)[None, None], size=(n, n), mode="bilinear", align_corners=False
    )[0, 0].clamp(0, 1)
    canvas = np.zeros((size, size), np.float32)
    canvas[top : top + n, left : left + n] = big.numpy()
    return canvas


@pytest.mark.slow
def test_drawn_test_digits_are_recognised_anywhere_at_any_size(predictor, mnist) -> None:
    """One clean test digit per class, drawn 3 to 9 times bigger at a random place: ≥ 9 of 10."""
    images, labels = mnist.test_x[:, 0].numpy(), mnist.test_y.numpy()
    rng = np.random.default_rng(2024)
    report, correct = [], 0
    for label in range(10):
        # "Clean": the first test digit of this class the network is sure of as it is.
        index = next(
            int(i) for i in np.flatnonzero(labels == label)
            if predictor.predict(images[i])[label] > 0.9
        )  # fmt: skip
        scale = rng.uniform(3.0, 9.0)
        n = round(28 * scale)
        top, left = (int(v) for v in rng.integers(0, 280 - n + 1, size=2))
        canvas = render_on_canvas(images[index], scale, top, left)
        probs = predictor.predict(mnistify(canvas))
        guess = int(np.argmax(probs))
        correct += guess == label
        report.append(f"{label}: test #{index}, ×{scale:.1f} at ({top},{left}) -> {guess} "
                      f"({probs[guess]:.2f})")  # fmt: skip
    print("\n" + "\n".join(report) + f"\n{correct}/10 correct")
    assert correct >= 9, "\n".join(report)


@pytest.mark.slow
def test_the_drawn_golden_digits_are_recognised(predictor) -> None:
    """The stroke drawings of test_digits.py (their committed 28×28 outputs) read as digits."""
    for name, label in GOLDEN_LABELS.items():
        image = np.load(GOLDEN / f"{name}.npy", allow_pickle=False) / np.float32(255)
        probs = predictor.predict(image)
        assert int(np.argmax(probs)) == label, (name, np.round(probs, 2))


def test_a_canvas_resized_without_the_recipe_is_not_enough(predictor, mnist) -> None:
    """Why mnistify exists: a small digit off in a corner, simply shrunk to 28×28, is lost."""
    images, labels = mnist.test_x[:, 0].numpy(), mnist.test_y.numpy()
    right_plain = right_recipe = 0
    for label in range(10):
        index = int(np.flatnonzero(labels == label)[0])
        canvas = render_on_canvas(images[index], 3.5, 180, 10)
        plain = F.interpolate(torch.from_numpy(canvas)[None, None], size=(28, 28), mode="area")
        right_plain += int(np.argmax(predictor.predict(plain[0, 0].numpy()))) == label
        right_recipe += int(np.argmax(predictor.predict(mnistify(canvas)))) == label
    assert right_recipe >= 9 and right_plain <= 5, (right_recipe, right_plain)
