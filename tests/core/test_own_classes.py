"""The user's own classes: changes and their limits, the checks before training, the dataset."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from playground.core.data import own_classes as oc
from playground.core.data.datasets import dataset_info, load_dataset
from playground.core.data.digits import ImageFileError
from playground.core.data.own_classes import (
    OWN_CLASSES_NAME,
    OwnClasses,
    OwnClassesError,
    OwnClassesLimitError,
    set_current_own_classes,
)
from playground.core.data.own_classes_check import check, near_duplicates
from playground.core.data.own_classes_io import (
    BlankPictureError,
    add_picture,
    add_pictures,
    prepare_picture,
    to_dataset,
)
from playground.core.data.registry import registry_kind, registry_title
from playground.core.data.tables import DataFileError
from playground.core.errors import DatasetUnavailable, PlaygroundError
from playground.core.teaching.transfer import AUGMENT_BELOW, recommended_config


def sample(seed: int) -> np.ndarray:
    """A distinct prepared-looking sample: a random blob of ink."""
    rng = np.random.default_rng(seed)
    x = np.zeros((28, 28), np.float32)
    x[4:24, 4:24] = rng.random((20, 20)) > 0.6
    return x


def classes(*counts: int, names: tuple[str, ...] = ("circle", "triangle", "cross")) -> OwnClasses:
    own = OwnClasses.create(names[: len(counts)])
    seed = 0
    for index, count in enumerate(counts):
        own = own.add_samples(index, [sample(seed + i) for i in range(count)])
        seed += count
    return own


@pytest.fixture(autouse=True)
def _no_current_classes():
    yield
    set_current_own_classes(None)


# --------------------------------------------------------------------------- changes


def test_changes_return_new_objects_and_leave_the_old_ones_alone() -> None:
    empty = OwnClasses.create(["circle", "cross"])
    one = empty.add_sample("circle", sample(1))
    two = one.add_sample(1, sample(2))
    assert empty.counts == (0, 0) and one.counts == (1, 0) and two.counts == (1, 1)
    assert two.samples("circle")[0] is one.samples("circle")[0]  # shared, not copied
    with pytest.raises(ValueError):
        two.samples(0)[0][0, 0] = 1.0  # read-only
    renamed = two.rename_class("circle", "ring")
    assert renamed.names == ("ring", "cross") and two.names == ("circle", "cross")
    moved = two.move_sample("cross", 0, "circle")
    assert moved.counts == (2, 0) and np.array_equal(moved.samples(0)[1], two.samples(1)[0])
    assert moved.remove_sample(0, 0).counts == (1, 0)
    assert moved.remove_class("circle").names == ("cross",)
    assert two.add_class("square").names == ("circle", "cross", "square")
    assert two == OwnClasses.create(["circle", "cross"]).add_sample(0, sample(1)).add_sample(
        1, sample(2))
    assert two.fingerprint == moved.move_sample(0, 1, 1).fingerprint
    assert two != one and two.fingerprint != one.fingerprint


def test_samples_are_28x28_floats_on_byte_steps() -> None:
    own = OwnClasses.create(["a", "b"]).add_sample("a", np.full((28, 28), 0.5004))
    stored = own.samples("a")[0]
    assert stored.dtype == np.float32 and stored.shape == (28, 28)
    assert np.array_equal(stored * 255, np.rint(stored * 255))
    own = own.add_sample("b", np.full((28, 28), 255, np.uint8))
    assert own.samples("b")[0].max() == 1.0
    with pytest.raises(OwnClassesError, match="28×28"):
        own.add_sample("a", np.zeros((10, 10)))


@pytest.mark.parametrize(
    ("name", "match"),
    [
        ("", "needs a name"),
        ("   ", "needs a name"),
        ("x" * 41, "too long: at most 40"),
        ("a/b", "cannot contain '/'"),
        ("what?", "cannot contain"),
        ("tab\there", "cannot contain"),
        ("CON", "folder name"),
        ("dots.", "folder name"),
        ("Circle", "already a class called 'circle'"),
    ],
)
def test_bad_names_are_refused_with_the_reason(name: str, match: str) -> None:
    own = OwnClasses.create(["circle"])
    with pytest.raises(OwnClassesError, match=match):
        own.add_class(name)


def test_names_are_trimmed_and_found_ignoring_case() -> None:
    own = OwnClasses.create(["  Circle  ", "x" * 40])
    assert own.names[0] == "Circle" and own.index("circle") == 0
    with pytest.raises(OwnClassesError, match="no class called 'square'"):
        own.index("square")
    with pytest.raises(OwnClassesError, match="no class number 3; there are 2"):
        own.index(2)
    with pytest.raises(OwnClassesError, match="no sample number 0; it has 0"):
        own.remove_sample(0, 0)
    assert own.rename_class(0, "CIRCLE").names[0] == "CIRCLE"  # its own name in other letters


def test_limits_say_the_limit_and_the_fix() -> None:
    own = OwnClasses.create(f"class {i}" for i in range(oc.MAX_CLASSES))
    with pytest.raises(OwnClassesLimitError, match=r"at most 20 classes\. Remove a class"):
        own.add_class("one more")
    blank = np.zeros((28, 28), np.float32)
    full = OwnClasses.create(["a", "b"]).add_samples("a", [blank] * oc.MAX_SAMPLES_PER_CLASS)
    with pytest.raises(OwnClassesLimitError, match="would have 1,001 samples, more than the 1,000"):
        full.add_sample("a", blank)
    full = full.add_sample("b", blank)
    with pytest.raises(OwnClassesLimitError, match="more than the 1,000"):
        full.move_sample("b", 0, "a")
    many = OwnClasses.create(f"c{i}" for i in range(6))
    for i in range(5):
        many = many.add_samples(i, [blank] * 1000)
    with pytest.raises(OwnClassesLimitError, match="5,001 samples in all, more than the 5,000"):
        many.add_sample(5, blank)
    assert isinstance(OwnClassesLimitError("x"), PlaygroundError)


def test_from_arrays_checks_labels() -> None:
    images = np.stack([sample(i) for i in range(4)])
    own = OwnClasses.from_arrays(["a", "b"], images, np.array([0, 1, 1, 0]))
    assert own.counts == (2, 2)
    stacked, labels = own.stacked()
    assert stacked.shape == (4, 28, 28) and labels.tolist() == [0, 0, 1, 1]
    with pytest.raises(OwnClassesError, match="not the number of one of the 2 classes"):
        OwnClasses.from_arrays(["a", "b"], images, np.array([0, 1, 2, 0]))


# --------------------------------------------------------------------------- pictures


def test_pictures_of_any_size_and_colour_are_prepared_like_the_draw_pane(tmp_path: Path) -> None:
    canvas = np.zeros((200, 300), np.float32)
    canvas[20:180, 40:60] = 1.0  # a tall bar drawn on the pad
    drawn = prepare_picture(canvas, drawing=True)
    assert drawn.shape == (28, 28) and drawn.max() == 1.0
    assert np.nonzero(drawn.any(axis=1))[0].size == 20  # fitted into 20 pixels, as MNIST
    photo = np.full((120, 90, 3), 240, np.uint8)  # dark ink on light paper, in colour
    photo[10:110, 40:50] = (20, 40, 200)
    assert np.abs(prepare_picture(photo) - drawn).mean() < 0.05
    Image.fromarray(photo).save(tmp_path / "bar.png")
    assert np.array_equal(prepare_picture(tmp_path / "bar.png"), prepare_picture(photo))
    own = add_picture(OwnClasses.create(["bar", "dot"]), "bar", canvas, drawing=True)
    assert np.array_equal(own.samples("bar")[0], drawn)


def test_blank_and_unreadable_pictures_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BlankPictureError, match="drawing is empty"):
        prepare_picture(np.zeros((50, 50)), drawing=True)
    with pytest.raises(BlankPictureError, match="no visible marks"):
        prepare_picture(np.full((50, 50, 3), 200, np.uint8))
    (tmp_path / "notes.png").write_text("not a picture")
    with pytest.raises(ImageFileError):
        prepare_picture(tmp_path / "notes.png")
    with pytest.raises(OwnClassesError, match="shape"):
        prepare_picture(np.zeros((4, 4, 7)))
    good = tmp_path / "good.png"
    Image.fromarray(np.pad(np.full((20, 20), 255, np.uint8), 10)).save(good)
    own, problems = add_pictures(OwnClasses.create(["a", "b"]), "a",
                                 [good, tmp_path / "notes.png", good])  # fmt: skip
    assert own.counts == (2, 0)
    assert [p.path for p in problems] == ["notes.png"]


# --------------------------------------------------------------------------- checks


def messages(problems) -> list[str]:
    return [f"{p.severity}: {p.message}" for p in problems]


def test_a_class_without_samples_blocks_training() -> None:
    own = classes(6, 0, 6)
    found = messages(check(own))
    assert found[0] == ("blocks: Class 'triangle' has no samples: draw or drop a few, or remove "
                        "the class.")
    assert check(own)[0].classes == (1,)
    assert messages(check(OwnClasses.create(["a"])))[0].startswith("blocks: Add at least two")
    assert check(classes(6, 6, 6)) == []


def test_few_samples_and_imbalance_warn() -> None:
    found = messages(check(classes(3, 12, 6)))
    assert "warns: Class 'circle' has only 3 samples: add a few more (at least 5, better 20) " \
           "so the network sees how it varies." in found
    assert any(m.startswith("warns: Class 'triangle' has 12 samples and class 'circle' only 3")
               for m in found)
    assert not any("12 samples and" in m for m in messages(check(classes(5, 12, 6))))


def test_near_duplicates_and_pictures_in_two_classes_warn_with_counts() -> None:
    a = sample(100)
    nudged = np.clip(a + 0.01, 0, 1)
    own = classes(6, 6).add_samples("circle", [a, nudged, a])
    found = messages(check(own))
    assert any("Class 'circle' has 2 near-duplicate samples" in m for m in found), found
    shared = own.add_sample("triangle", a)
    assert any(m.startswith("warns: 1 pictures are in more than one class ('circle', "
                            "'triangle')") for m in messages(check(shared)))
    assert near_duplicates(np.stack([sample(i) for i in range(30)])).sum() == 0


# --------------------------------------------------------------------------- the dataset


def test_to_dataset_is_a_stratified_seeded_split() -> None:
    own = classes(10, 5, 2)
    data = to_dataset(own, seed=3)
    assert data.info.name == OWN_CLASSES_NAME and data.info.kind == "image"
    assert data.info.class_names == ("circle", "triangle", "cross")
    assert data.info.input_shape == (1, 28, 28) and data.info.num_classes == 3
    assert torch.bincount(data.test_y, minlength=3).tolist() == [2, 1, 0]
    assert torch.bincount(data.train_y, minlength=3).tolist() == [8, 4, 2]
    assert data.train_x.shape == (14, 1, 28, 28) and data.preprocessing == "scale"
    images, _ = own.stacked()
    # The values are the samples' own (no rounding on the way).
    assert all(any(torch.equal(x[0], torch.from_numpy(s)) for s in images)
               for x in data.train_x)
    again = to_dataset(own, seed=3)
    assert torch.equal(again.train_y, data.train_y) and torch.equal(again.test_x, data.test_x)
    assert not torch.equal(to_dataset(own, seed=4).train_y, data.train_y)
    standard = to_dataset(own, seed=3, preprocessing="standardize")
    assert abs(float(standard.train_x.mean())) < 1e-5


def test_every_class_keeps_a_training_sample() -> None:
    own = classes(1, 1, 3)
    data = to_dataset(own, test_share=0.5)
    assert set(data.train_y.tolist()) == {0, 1, 2}
    with pytest.raises(DataFileError, match="too few to keep some apart"):
        to_dataset(classes(1, 1))


def test_loading_what_blocks_training_is_refused() -> None:
    with pytest.raises(OwnClassesError, match="Class 'triangle' has no samples"):
        to_dataset(classes(4, 0))


def test_the_registry_loads_the_current_classes_by_name() -> None:
    assert registry_kind(OWN_CLASSES_NAME) == "image"
    assert registry_title(OWN_CLASSES_NAME) == "Your own classes"
    with pytest.raises(DatasetUnavailable, match="no own classes"):
        load_dataset(OWN_CLASSES_NAME)
    own = classes(5, 5)
    set_current_own_classes(own)
    assert dataset_info(OWN_CLASSES_NAME).class_names == ("circle", "triangle")
    data = load_dataset(OWN_CLASSES_NAME, seed=1, limit=3)
    assert len(data.train_y) == 3 and data.info.train_size == 3
    other = classes(5, 5, 5)
    assert load_dataset(OWN_CLASSES_NAME, own_classes=other).info.num_classes == 3


def test_recommended_settings_turn_augmentation_on_for_small_classes() -> None:
    small = recommended_config(classes(10, 10, 10))
    assert small.config.augment and small.config.validation_split == 0.0
    assert "class 'circle' has only 10 samples" in str(small.reason)
    assert small.config.frozen_layers == 0 and small.config.batch_size == 16
    big = recommended_config(classes(AUGMENT_BELOW, AUGMENT_BELOW))
    assert not big.config.augment and big.config.validation_split == 0.1
    assert str(big.reason).startswith("Augmentation is off")
