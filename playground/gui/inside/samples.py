"""A slice of the network's dataset for the inside views, loaded off the GUI thread and cached.

Feature maps need a test picture, the health check a small labelled batch, the decision
boundary the training and test points. All come from the first :data:`SAMPLE_LIMIT` samples of
each split, loaded with the same preprocessing and options as a run, once per dataset setting,
in the application's background pool; a load for a setting changed meanwhile is dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from playground.gui.background import Job, background

if TYPE_CHECKING:
    from playground.core.data.datasets import Dataset
    from playground.core.data.own_classes import OwnClasses
    from playground.core.network.spec import NetworkSpec
    from playground.core.training.config import TrainingConfig

SAMPLE_LIMIT = 500


class SampleStore(QObject):
    """The loaded slice (``data``) or why there is none (``message``); ``serial`` counts changes."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data: Dataset | None = None
        self.message = ""
        self.serial = 0
        self._key: tuple[Any, ...] | None = None

    @property
    def loading(self) -> bool:
        return background().pending("samples", owner=self)

    def request(self, spec: NetworkSpec, config: TrainingConfig, options: dict[str, Any],
                own: OwnClasses | None = None) -> None:
        """Load the slice for this dataset setting, unless it is the one already held.

        The user's own classes (``own``, when the network trains on them) are data by value: their
        fingerprint is part of the key, so a sample added or a class renamed loads them again, and
        the load reads the classes of this moment rather than whatever is current when it runs.
        """
        key = (spec.dataset, config.preprocessing, config.seed, repr(sorted(options.items())),
               own.fingerprint if own is not None else None)
        if key == self._key:
            return
        self._key = key
        self.data = None
        self.message = self.tr("Loading samples of {0}…").format(spec.dataset)
        self.serial += 1
        dataset, preprocessing, seed = spec.dataset, config.preprocessing, config.seed
        options = dict(options)
        if own is not None:
            options["own_classes"] = own

        def load(_job: Job) -> Dataset:
            from playground.core.data.datasets import load_dataset

            return load_dataset(dataset, preprocessing=preprocessing, seed=seed,
                                limit=SAMPLE_LIMIT, **options)

        background().submit(load, owner=self, key="samples", name="inside-samples",
                            on_result=self._loaded, on_error=self._failed)

    def _loaded(self, data: Dataset) -> None:
        self.data, self.message = data, ""
        self._changed()

    def _failed(self, error: BaseException) -> None:
        self.data = None
        self.message = self.tr("The samples could not be loaded: {0}").format(error)
        self._changed()

    def _changed(self) -> None:
        self.serial += 1
        self.changed.emit()
