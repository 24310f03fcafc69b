"""Switching a network to other data: one rule for the command line, the editor and lessons."""

from __future__ import annotations

import pytest

from playground.core.data.inputs import switch_dataset
from playground.core.network.spec import NetworkSpec


def net(shape: tuple[int, ...], dataset: str = "mnist") -> NetworkSpec:
    return NetworkSpec(shape, dataset, 10, (), "")


@pytest.mark.parametrize(("shape", "dataset", "expected"), [
    ((1, 28, 28), "cifar10", (3, 32, 32)),      # an image stays an image
    ((784,), "cifar10", (3072,)),               # flat stays flat, at the new size
    ((28, 28), "cifar10", (96, 32)),            # rows stay rows
    ((784,), "fashion-mnist", (784,)),          # same size: nothing to adapt
    ((1, 28, 28), "toy-spiral", (2,)),          # no picture view: the data's own shape
    ((1, 28, 28), "text-sentiment", (20,)),     # 20 token ids are not a picture
    ((4, 196), "fashion-mnist", (1, 28, 28)),   # a shape no view makes: the natural one
])
def test_the_network_keeps_its_view_of_the_new_data(shape, dataset, expected) -> None:
    switched = switch_dataset(net(shape), dataset)
    assert switched.input_shape == expected
    assert switched.dataset == dataset


def test_classes_follow_the_data() -> None:
    assert switch_dataset(net((2,), "toy-xor"), "toy-spiral").num_classes == 2
    assert switch_dataset(net((784,)), "sine-next").num_classes == 1


def test_own_data_is_described_by_the_caller() -> None:
    """A folder of the user's pictures is not in the registry until it is chosen."""
    switched = switch_dataset(net((784,)), "own-folder", input_shape=(3, 64, 64),
                              num_classes=4, kind="folder")
    assert (switched.input_shape, switched.num_classes) == ((3 * 64 * 64,), 4)
