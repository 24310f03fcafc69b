"""Tests for image augmentation: the geometry of shifts, turns and zooms, seeding, shapes, and
its use by the engine (``TrainingConfig.augment``). What it costs is measured in
``benchmarks/train_throughput.py``.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
import torch

from playground.core.data.augment import Augmentation, image_shape_of
from playground.core.data.datasets import Dataset, load_dataset
from playground.core.errors import TrainingError
from playground.core.teaching.templates import template
from playground.core.training.loop import Trainer


class Fixed(Augmentation):
    """Every random draw at the top of its range: exact shifts and turns to compare against."""

    def _uniform(self, n: int, low: float, high: float) -> torch.Tensor:
        return torch.full((n,), high)


@pytest.fixture(scope="module")
def mnist() -> Dataset:
    return load_dataset("mnist")


def grid(n: int = 8) -> torch.Tensor:
    return torch.arange(float(n * n)).reshape(1, 1, n, n)


# --------------------------------------------------------------------------- geometry


def test_nothing_to_do_leaves_images_alone(mnist: Dataset) -> None:
    batch = mnist.train_x[:16]
    same = Augmentation((1, 28, 28), shift=0, rotation=0, scale=0)
    assert same.is_identity and torch.equal(same.apply(batch), batch)
    # A real identity transform through grid_sample is exact too (no half-pixel drift).
    for mode in ("nearest", "bilinear"):
        tiny = Fixed((1, 28, 28), shift=0, rotation=0, scale=(1.0, 1.0), interpolation=mode)
        tiny.rotation = 1e-9  # not the shortcut: sample the grid
        assert torch.allclose(tiny.apply(batch), batch, atol=1e-5)


def test_a_positive_shift_moves_content_right_and_down() -> None:
    moved = Fixed((1, 8, 8), shift=2, rotation=0, scale=0).apply(grid())
    image = grid()[0, 0]
    assert torch.equal(moved[0, 0, 2:, 2:], image[:-2, :-2])
    assert torch.equal(moved[0, 0, 0, 2:], image[0, :-2])  # the edge row is repeated (border)
    zeros = Fixed((1, 8, 8), shift=2, rotation=0, scale=0, padding="zeros").apply(grid())
    assert float(zeros[0, 0, :2].abs().sum()) == 0 and float(zeros[0, 0, :, :2].abs().sum()) == 0


def test_a_quarter_turn_is_rot90_and_zoom_magnifies() -> None:
    turned = Fixed((1, 8, 8), shift=0, rotation=90, scale=0).apply(grid())
    assert torch.equal(turned, torch.rot90(grid(), -1, (2, 3)))  # clockwise on screen
    dot = torch.zeros(1, 1, 9, 9)
    dot[0, 0, 3:6, 3:6] = 1.0
    bigger = Fixed((1, 9, 9), shift=0, rotation=0, scale=(1.0, 2.0)).apply(dot)
    assert float(bigger.sum()) > 2 * float(dot.sum())  # the zoom is about the centre
    assert float(bigger[0, 0, 4, 4]) == 1.0 and float(bigger[0, 0, 0, 0]) == 0.0


def test_random_parameters_are_seeded_and_differ_per_image(mnist: Dataset) -> None:
    batch = mnist.train_x[:64]
    a = Augmentation((1, 28, 28), seed=5).apply(batch)
    b = Augmentation((1, 28, 28), seed=5).apply(batch)
    c = Augmentation((1, 28, 28), seed=6).apply(batch)
    assert torch.equal(a, b) and not torch.equal(a, c)
    one = batch[:1].expand(32, -1, -1, -1).contiguous()  # the same digit 32 times
    copies = Augmentation((1, 28, 28), seed=1).apply(one)
    assert len({tuple(x.flatten().tolist()) for x in copies}) > 25
    augmentation = Augmentation((1, 28, 28), seed=1)
    assert not torch.equal(augmentation.apply(batch), augmentation.apply(batch))  # new draws


def test_a_group_of_images_shares_one_transform(mnist: Dataset) -> None:
    one = mnist.train_x[:1].expand(10, -1, -1, -1).contiguous()
    out = Augmentation((1, 28, 28), seed=2, group=4).apply(one)
    for first, size in ((0, 4), (4, 4), (8, 2)):  # two groups of 4 and the 2 left over
        assert all(torch.equal(out[first], out[first + k]) for k in range(size))
    assert not torch.equal(out[0], out[4]) and not torch.equal(out[4], out[8])
    # A group samples like its images one by one with the group's transform.
    batch = mnist.train_x[:8].contiguous()
    grouped = Augmentation((1, 28, 28), seed=3, group=4).apply(batch)
    single = Augmentation((1, 28, 28), seed=3)
    theta = single.matrices(2).repeat_interleave(4, dim=0)
    assert torch.equal(grouped, single._warp(batch, theta))
    colour = torch.rand(6, 3, 8, 8)
    assert Augmentation((3, 8, 8), group=4).apply(colour).shape == (6, 3, 8, 8)


def test_digits_stay_recognisable(mnist: Dataset) -> None:
    batch = mnist.train_x[:256]
    out = Augmentation((1, 28, 28), shift=2, rotation=10, scale=0.1).apply(batch)
    assert out.shape == batch.shape and out.dtype == torch.float32
    ink_before, ink_after = batch.flatten(1).sum(1), out.flatten(1).sum(1)
    ratio = ink_after / ink_before
    assert float(ratio.min()) > 0.6 and float(ratio.max()) < 1.6  # scale 0.9..1.1: area ±21 %
    assert set(torch.unique(out).tolist()) <= set(torch.unique(batch).tolist())  # nearest


def test_any_view_of_the_images_and_in_place_chunks(mnist: Dataset) -> None:
    flat = mnist.train_x[:300].reshape(300, 784).clone()
    rows = flat.reshape(300, 28, 28).clone()
    a = Augmentation((1, 28, 28), seed=3, chunk=64).apply(flat)
    b = Augmentation((1, 28, 28), seed=3, chunk=64).apply(rows)
    assert a.shape == (300, 784) and b.shape == (300, 28, 28)
    assert torch.equal(a.reshape(300, 28, 28), b)
    target = flat.clone()
    assert Augmentation((1, 28, 28), seed=3, chunk=64).apply_(target) is target
    assert torch.equal(target, a)
    whole = Augmentation((1, 28, 28), seed=3, chunk=10_000).apply(flat)
    assert torch.equal(whole, a)  # chunking does not change the draws
    with pytest.raises(TrainingError, match="contiguous"):
        Augmentation((1, 28, 28)).apply_(rows.transpose(1, 2))
    assert Augmentation((3, 32, 32)).apply(torch.rand(4, 3072)).shape == (4, 3072)


def test_bad_settings_and_non_images_are_training_errors() -> None:
    assert image_shape_of((784,)) == (1, 28, 28) and image_shape_of((3072,)) == (3, 32, 32)
    assert image_shape_of((28, 28)) == (1, 28, 28) and image_shape_of((2,)) is None
    with pytest.raises(TrainingError, match="images"):
        Augmentation((2,))
    bad_settings: list[dict[str, Any]] = [
        {"shift": -1}, {"rotation": 400}, {"scale": 0.9}, {"scale": (1.2, 1.1)},
        {"interpolation": "cubic"}, {"padding": "wrap"}, {"shift": float("nan")},
    ]  # fmt: skip
    for bad in bad_settings:
        with pytest.raises(TrainingError):
            Augmentation((1, 28, 28), **bad)
    with pytest.raises(TrainingError, match="shape"):
        Augmentation((1, 28, 28)).apply(torch.zeros(2, 100))


def test_from_config_reads_the_proposed_fields() -> None:
    assert Augmentation.from_config(SimpleNamespace(seed=0), (1, 28, 28)) is None
    assert Augmentation.from_config(SimpleNamespace(augment=False), (1, 28, 28)) is None
    config = SimpleNamespace(augment=True, augment_shift=3.0, augment_rotation=15.0,
                             augment_scale=0.2, seed=4)  # fmt: skip
    made = Augmentation.from_config(config, (1, 28, 28))
    assert made is not None and (made.shift, made.rotation) == (3.0, 15.0)
    assert made.scale == pytest.approx((0.8, 1.2)) and made.seed == 6 and made.group == 4
    with pytest.raises(TrainingError, match="images"):
        Augmentation.from_config(config, (16,))  # a table's 16 columns are not a 4×4 image


# --------------------------------------------------------------------------- in the engine


def test_the_engine_augments_when_the_config_asks(mnist: Dataset) -> None:
    mlp = template("mlp-mnist")
    config = mlp.config.with_changes(epochs=3, device="cpu", augment=True)
    trainer = Trainer(mlp.spec, config, mnist)
    assert trainer.augmentation is not None and trainer.augmentation.seed == config.seed + 2
    result = trainer.run()
    assert result.status == "completed"
    assert result.test is not None and result.test.accuracy >= 0.85
    # The shuffled copy is augmented, never the dataset itself.
    assert torch.equal(trainer.train_x[:5], Trainer(mlp.spec, config, mnist).train_x[:5])
    plain = Trainer(mlp.spec, config.with_changes(augment=False), mnist)
    assert plain.augmentation is None


def test_augmenting_a_table_is_refused_with_a_reason() -> None:
    spiral = template("toy-spiral")
    data = load_dataset(spiral.spec.dataset)
    with pytest.raises(TrainingError, match="Turn augmentation off"):
        Trainer(spiral.spec, spiral.config.with_changes(augment=True), data)


def test_config_checks_the_augmentation_ranges() -> None:
    from playground.core.training.config import TrainingConfig

    config = TrainingConfig.from_dict({"augment": True, "augment_rotation": 30})
    assert config.augment_rotation == 30
    with pytest.raises(TrainingError, match="augment_scale"):
        TrainingConfig(augment_scale=0.9)


# --------------------------------------------------------------------------- fine outlines


def bar(width: int, ink: float = 1.0, paper: float = 0.0) -> torch.Tensor:
    """A vertical bar, ``width`` pixels wide and 20 high, in the middle of a 28×28 image."""
    x = torch.full((1, 1, 28, 28), paper)
    x[..., 4:24, 14 - width // 2 : 14 - width // 2 + width] = ink
    return x


def only(**kw: Any) -> Augmentation:
    """An augmentation that does nothing but what ``kw`` asks for."""
    return Augmentation((1, 28, 28), shift=0, rotation=0, scale=0, seed=3, **kw)


def test_without_a_fine_outline_the_drawing_changes_are_as_before(mnist: Dataset) -> None:
    x = mnist.train_x[:64].contiguous()
    before = Augmentation((1, 28, 28), seed=5, group=4, thickness=3, outline=0.3)
    after = Augmentation((1, 28, 28), seed=5, group=4, thickness=3, outline=0.3,
                         outline_width=0)
    assert torch.equal(before.apply(x), after.apply(x))
    assert torch.equal(before.generator.get_state(), after.generator.get_state())


def test_a_fine_outline_is_the_inner_border_a_fraction_of_a_pixel_wide() -> None:
    x = bar(4, ink=1.5, paper=-0.5).repeat(200, 1, 1, 1)  # as after "standardize"
    out = only(outline=0.5, outline_width=1.0).apply(x)
    row = out[:, 0, 14]
    hollow = (row[:, 13:15] == -0.5).all(1)  # the middle of the bar is paper again
    assert 0.35 < hollow.float().mean() < 0.65
    assert torch.equal(out[~hollow], x[~hollow])
    # The bar's edge columns keep a quarter, half, three quarters or all of their ink: the
    # border is 1 to 4 quarter pixels wide, taken at 4× resolution and averaged back.
    edges = row[hollow][:, [12, 15]]
    assert torch.equal(edges[:, 0], edges[:, 1])
    fractions = ((edges[:, 0] + 0.5) / 2).tolist()
    assert set(fractions) == {0.25, 0.5, 0.75, 1.0}
    assert (row[hollow][:, :12] == -0.5).all() and (row[hollow][:, 16:] == -0.5).all()


def test_fine_outlines_are_taken_from_thickened_strokes() -> None:
    x = bar(2).repeat(100, 1, 1, 1)
    out = only(thickness=2, outline=1.0, outline_width=0.25).apply(x)
    row = out[:, 0, 14]
    inked = row > 0
    assert (inked.sum(1) == 2).all()  # two quarter-pixel lines: the bar's two sides
    columns = inked.nonzero()[:, 1].view(-1, 2)  # row by row, left to right
    gaps = (columns[:, 1] - columns[:, 0]).unique().tolist()
    assert set(gaps) == {2, 3}  # the bar grew to 3 or 4 pixels (never thinned or kept)
    assert torch.allclose(row[inked], torch.tensor(0.25))


def test_bad_fine_outline_widths_are_training_errors() -> None:
    for bad in ({"outline_width": 3.0}, {"outline_width": 0.1},
                {"outline_width": float("nan")}, {"outline_width": "1"}):
        with pytest.raises(TrainingError):
            only(**bad)


def test_from_config_reads_the_outline_width_and_an_older_config_means_none() -> None:
    from playground.core.training.config import TrainingConfig

    config = TrainingConfig(augment=True, augment_outline=0.5, augment_thickness=2,
                            augment_outline_width=0.75)
    made = Augmentation.from_config(config, (1, 28, 28))
    assert made is not None and made.outline_width == 0.75
    assert made.outline == 0.5 and made.thickness == 2
    older = SimpleNamespace(augment=True, augment_outline=0.5, augment_thickness=2, seed=0)
    assert Augmentation.from_config(older, (1, 28, 28)).outline_width == 0
