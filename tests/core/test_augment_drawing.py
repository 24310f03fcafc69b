"""Tests for the drawing-robust augmentation: slant, elastic bending, stroke width and
outlines, the preset that turns them on, and that without them augmentation is exactly what
it was."""

from __future__ import annotations

import pytest
import torch

from playground.core.data.augment import Augmentation
from playground.core.data.datasets import Dataset, load_dataset
from playground.core.errors import TrainingError
from playground.core.training.config import DRAWING_ROBUST, TrainingConfig


@pytest.fixture(scope="module")
def mnist() -> Dataset:
    return load_dataset("mnist", limit=256)


def bar(width: int = 2) -> torch.Tensor:
    """A vertical bar, ``width`` pixels wide, in the middle of a 28×28 image."""
    x = torch.zeros(1, 1, 28, 28)
    x[..., 4:24, 14 - width // 2 : 14 - width // 2 + width] = 1.0
    return x


def only(**kw: float) -> Augmentation:
    """An augmentation that does nothing but what ``kw`` asks for."""
    return Augmentation((1, 28, 28), shift=0, rotation=0, scale=0, seed=3, **kw)


def test_without_the_new_changes_the_images_and_draws_are_as_before(mnist: Dataset) -> None:
    x = mnist.train_x[:64].contiguous()
    before = Augmentation((1, 28, 28), seed=5, group=4)
    after = Augmentation((1, 28, 28), seed=5, group=4, shear=0, elastic=0, thickness=0,
                         outline=0)
    assert torch.equal(before.apply(x), after.apply(x))
    assert torch.equal(before.generator.get_state(), after.generator.get_state())


def test_thickness_thins_keeps_or_thickens_each_image_on_its_own() -> None:
    x = bar(2).repeat(200, 1, 1, 1)
    out = only(thickness=3).apply(x)
    widths = (out[:, 0, 14] > 0.5).sum(1)  # the bar's width across its middle row
    assert set(widths.tolist()) == {1, 2, 3, 4, 5}  # 2 - 1, 2, 2 + 1, 2 + 2, 2 + 3
    assert out.max() == 1 and out.min() == 0  # max and min pooling keep pixel values


def test_thickening_works_on_standardised_images_too() -> None:
    x = bar(2) * 3.0 - 0.5  # ink 2.5, paper -0.5, as after "standardize"
    out = only(thickness=1).apply(x.repeat(64, 1, 1, 1))
    assert set(out.unique().tolist()) == {-0.5, 2.5}  # the paper stays the paper
    assert (out[:, 0, 0] == -0.5).all()
    widths = (out[:, 0, 14] > 0).sum(1)
    assert set(widths.tolist()) == {1, 2, 3}


def test_outline_keeps_only_the_border_of_the_chosen_share() -> None:
    x = bar(4).repeat(400, 1, 1, 1) * 2.0 - 0.5  # ink 1.5 on paper -0.5
    out = only(outline=0.25).apply(x)
    hollow = (out[:, 0, 14] > 0).sum(1) == 2  # one pixel each side of the bar, none inside
    assert 0.15 < hollow.float().mean() < 0.35
    assert torch.equal(out[~hollow], x[~hollow])
    row = out[hollow][0, 0, 14]
    assert row[11].item() == 1.5 and row[16].item() == 1.5 and (row[12:16] == -0.5).all()


def test_shear_slants_a_vertical_bar() -> None:
    out = only(shear=30).apply(bar(2).repeat(32, 1, 1, 1))
    top = (out[:, 0, 6] > 0.5).float().argmax(1)
    bottom = (out[:, 0, 21] > 0.5).float().argmax(1)
    assert (top - bottom).abs().max() >= 4  # tan(30°) × 15 rows ≈ 8.7 columns at most
    assert (top - bottom).abs().float().mean() > 1


def test_elastic_bends_strokes_but_keeps_the_digit(mnist: Dataset) -> None:
    x = mnist.train_x[:64].contiguous()
    out = only(elastic=1.5).apply(x)
    again = only(elastic=1.5).apply(x)
    assert torch.equal(out, again)  # seeded
    changed = (out != x).flatten(1).any(1)
    assert changed.float().mean() > 0.9
    ink_before, ink_after = x.flatten(1).sum(1), out.flatten(1).sum(1)
    assert ((ink_after / ink_before - 1).abs() < 0.5).all()


def test_bad_drawing_settings_are_training_errors() -> None:
    with pytest.raises(TrainingError, match="shear must be between 0 and 45"):
        only(shear=60)
    with pytest.raises(TrainingError, match="elastic distortion must be a number"):
        only(elastic=float("nan"))
    with pytest.raises(TrainingError, match="thickness must be a whole number from 0 to 4"):
        only(thickness=1.5)  # type: ignore[arg-type]
    with pytest.raises(TrainingError, match="augment_thickness must be between 0 and 4"):
        TrainingConfig(augment_thickness=9)
    with pytest.raises(TrainingError, match="augment_shear must be between 0 and 45"):
        TrainingConfig(augment_shear=-1.0)
    with pytest.raises(TrainingError, match="outline share must be between 0 and 1"):
        only(outline=2)


def test_the_preset_sets_every_drawing_change_and_the_engine_reads_it() -> None:
    config = TrainingConfig().drawing_robust()
    assert config.is_drawing_robust and not TrainingConfig().is_drawing_robust
    assert {k: getattr(config, k) for k in DRAWING_ROBUST} == DRAWING_ROBUST
    made = Augmentation.from_config(config, (1, 28, 28))
    assert made is not None
    assert (made.shear, made.elastic, made.thickness, made.outline) == (
        DRAWING_ROBUST["augment_shear"], DRAWING_ROBUST["augment_elastic"],
        DRAWING_ROBUST["augment_thickness"], DRAWING_ROBUST["augment_outline"])
    assert TrainingConfig.from_dict(config.to_dict()) == config  # saved and read back
