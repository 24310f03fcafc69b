"""How a network reads a dataset's samples, and the one way to switch a network to other data.

An image can be fed whole (channels, height, width), flat (one long vector) or as rows (a
sequence of pixel rows, for recurrent layers): these are its *views*. Switching the dataset
keeps the network's view and adopts the new data's size and number of classes, so a network
reading MNIST flat reads CIFAR-10 flat too, at 3,072 values. The command line, the editor's
input block, the data chooser and lessons all switch through :func:`switch_dataset`.

No torch here: the window works out views before torch has loaded. The dataset registry is
imported only when a switch needs a dataset's size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from playground.core.network.spec import NetworkSpec

Shape = tuple[int, ...]
IMAGE_KINDS = ("image", "folder")  # registry kinds whose samples are pictures


@dataclass(frozen=True)
class InputView:
    """One way to present the dataset's samples: ``kind`` is image, flat or rows."""

    kind: str
    shape: Shape


def image_shape(shape: Shape) -> Shape | None:
    """The (channels, height, width) image behind any of its views, for square images."""
    if len(shape) == 3:
        return shape
    if len(shape) == 2:  # rows as a sequence: (channels * height, width)
        rows, width = shape
        return (rows // width, width, width) if rows % width == 0 and width >= 4 else None
    if len(shape) != 1:
        return None
    n = shape[0]
    for channels in (1, 3):
        side = math.isqrt(n // channels)
        if n % channels == 0 and side >= 4 and channels * side * side == n:
            return (channels, side, side)
    return None


def input_views(shape: Shape, images: bool = True) -> list[InputView]:
    """Every view of the samples that ``shape`` is one of; only itself for non-image data.

    ``images=False`` says the data are not pictures (token ids, a table, a time series), so a
    length that happens to be a square is not offered as an image.
    """
    image = image_shape(shape) if images else None
    if image is None:
        kind = {1: "flat", 2: "sequence"}.get(len(shape), "custom")
        return [InputView(kind, shape)]
    channels, height, width = image
    return [
        InputView("image", image),
        InputView("flat", (channels * height * width,)),
        InputView("rows", (channels * height, width)),
    ]


def view_kind(shape: Shape) -> str:
    """image, flat or rows; a shape no view produces (read from a file) counts as its own."""
    return next((v.kind for v in input_views(shape) if v.shape == shape), "custom")


def switch_dataset(
    spec: NetworkSpec, dataset: str, *, input_shape: Shape | None = None,
    num_classes: int | None = None, kind: str | None = None,
) -> NetworkSpec:
    """``spec`` fed by ``dataset``: the same view of the new data, and its number of classes.

    ``input_shape``, ``num_classes`` and ``kind`` (the registry's kind: image, folder, text...)
    describe the new data; what is not given comes from the dataset registry (the user's own
    data, chosen but not yet registered, passes all three). A view the new data does not have
    (a picture network switched to sentences, a shape read from a file) becomes the data's
    natural shape; validation then says which layer no longer fits.
    """
    if input_shape is None or num_classes is None or kind is None:
        from playground.core.data.datasets import dataset_info

        info = dataset_info(dataset)
        input_shape = tuple(info.input_shape) if input_shape is None else input_shape
        num_classes = info.num_classes if num_classes is None else num_classes
        kind = info.kind if kind is None else kind
    views = {v.kind: v.shape for v in input_views(tuple(input_shape), kind in IMAGE_KINDS)}
    shape = views.get(view_kind(spec.input_shape), tuple(input_shape))
    return replace(spec, dataset=dataset, input_shape=shape, num_classes=num_classes)
