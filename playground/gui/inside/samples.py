"""A slice of the network's dataset for the inside views, loaded off the GUI thread and cached.

Feature maps need a test picture, the health check a small labelled batch, the decision
boundary the training and test points. All come from the first :data:`SAMPLE_LIMIT` samples of
each split, loaded with the same preprocessing and options as a run, once per dataset setting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from playground.gui.inside.jobs import Jobs

if TYPE_CHECKING:
    from playground.core.data.datasets import Dataset
    from playground.core.network.spec import NetworkSpec
    from playground.core.training.config import TrainingConfig

SAMPLE_LIMIT = 500


class SampleStore(QObject):
    """The loaded slice (``data``) or why there is none (``message``); ``serial`` counts changes."""

    changed = Signal()

    def __init__(self, jobs: Jobs, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.data: Dataset | None = None
        self.message = ""
        self.serial = 0
        self._key: tuple[Any, ...] | None = None

    @property
    def loading(self) -> bool:
        return self.jobs.pending("samples")

    def request(self, spec: NetworkSpec, config: TrainingConfig, options: dict[str, Any]) -> None:
        """Load the slice for this dataset setting, unless it is the one already held."""
        key = (spec.dataset, config.preprocessing, config.seed, repr(sorted(options.items())))
        if key == self._key:
            return
        self._key = key
        self.data = None
        self.message = self.tr("Loading samples of {0}…").format(spec.dataset)
        self.serial += 1
        dataset, preprocessing, seed = spec.dataset, config.preprocessing, config.seed
        options = dict(options)

        def load() -> Dataset:
            from playground.core.data.datasets import load_dataset

            return load_dataset(dataset, preprocessing=preprocessing, seed=seed,
                                limit=SAMPLE_LIMIT, **options)

        self.jobs.submit("samples", load, self._loaded)

    def _loaded(self, data: Dataset | None, error: BaseException | None) -> None:
        if error is not None or data is None:
            self.data = None
            self.message = self.tr("The samples could not be loaded: {0}").format(error)
        else:
            self.data, self.message = data, ""
        self.serial += 1
        self.changed.emit()
