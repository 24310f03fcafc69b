"""What the input block offers: datasets by title, their classes in the user's language, and
the empty network a new project starts from (the views of an input and switching the dataset
are the core's: :mod:`playground.core.data.inputs`).

``playground.core.data.datasets`` imports torch when it is imported (about 1.5 s), and the window
must appear before torch is loaded. Titles and kinds of the built-in datasets come from the
torch-free :mod:`playground.core.data.registry`, so the first frame already names "MNIST
(bundled, 10,000 digits)"; the full registry is reached only when the user asks for the list of
datasets or switches dataset, or for the user's own data.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from playground.core.data.inputs import input_views
from playground.core.data.registry import registry_kind, registry_title
from playground.core.errors import PlaygroundError
from playground.core.messages import Message
from playground.core.network.spec import NetworkSpec
from playground.core.teaching.templates import TEMPLATES

if TYPE_CHECKING:
    from playground.core.data.datasets import DatasetInfo

DEFAULT_DATASET = "mnist"


def dataset_title(name: str) -> str:
    """The registry's title of ``name`` ("MNIST (bundled, 10,000 digits)") in the interface
    language; a name the registry does not know (the user's own data) is shown as it is."""
    title = registry_title(name)
    return name if title is None else translated_title(title)


def translated_title(title: str | Message) -> str:
    """A registry title in the interface language (the registry's titles are English, marked
    for the catalogue; the user's own data has a title naming its file, a Message)."""
    return translated_text(title)


def translated_text(text: str | Message) -> str:
    """A text of the dataset registry (a title, a description, a class name) in the interface
    language, its numbers written as the interface's locale writes them.

    A plain string is looked up whole in the catalogue and never pattern-matched: a class name
    is the user's own word when it is not the registry's. Safe on any thread (no Qt object).
    """
    from playground.core.catalogue import gettext
    from playground.gui.i18n import current_language, current_locale

    if isinstance(text, Message):
        return text.render(current_language(), current_locale())
    return gettext(str(text), current_language())


def translated_classes(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """A dataset's class names in the interface language ("Trouser" is "Pantalón").

    Safe on any thread: the previews and the training results are prepared off the GUI thread.
    """
    return tuple(translated_text(str(name)) for name in names)


def dataset_kind(name: str) -> str | None:
    """The kind of ``name`` ("image", "text"...): known at once for a built-in dataset; for
    the user's own data, None until the full registry (and torch) has been imported."""
    known = registry_kind(name)
    if known is not None:
        return known
    registry = sys.modules.get("playground.core.data.datasets")
    # Another thread (device detection, a data preview) may be importing it right now: a
    # module still initialising is in sys.modules but lacks its functions.
    if registry is None or getattr(registry.__spec__, "_initializing", False):
        return None
    try:
        return registry.dataset_info(name).kind
    except PlaygroundError:
        return None


def list_datasets() -> list[DatasetInfo]:
    """The registry's datasets; the first call imports torch (see the module docstring)."""
    from playground.core.data.datasets import list_datasets as registry

    return registry()


def empty_network(dataset: str = DEFAULT_DATASET) -> NetworkSpec:
    """A network with no layers that reads ``dataset`` as images (or flat for 2D toy sets).

    A template that uses the dataset already knows its input and classes, so the start-up
    project needs no registry (and no torch); other datasets ask the registry.
    """
    for template in TEMPLATES.values():
        spec = template.spec
        if spec.dataset == dataset:
            natural = input_views(spec.input_shape)[0].shape
            return NetworkSpec(natural, dataset, spec.num_classes, (), "")
    from playground.core.data.datasets import dataset_info

    info = dataset_info(dataset)
    return NetworkSpec(info.input_shape, dataset, info.num_classes, (), "")
