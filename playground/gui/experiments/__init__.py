"""The window's experiments: many runs that answer one question, side by side.

:mod:`install` is the feature (the Training ▸ New Experiment… action, the Experiments pane);
:mod:`dialog` describes an experiment, :mod:`run` runs it in the background, :mod:`pane` and
:mod:`views` show its runs, table, plots and conclusion. The engine is
:mod:`playground.core.experiments`; nothing here trains on the GUI thread.
"""

from __future__ import annotations

from playground.gui.experiments.install import ExperimentsFeature

__all__ = ["ExperimentsFeature"]
