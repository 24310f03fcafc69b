"""The window's experiments: many runs that answer one question, side by side.

:mod:`install` is the feature (the Training ▸ New Experiment… action, the Training tab's
Experiment… button, the Experiments pane); :mod:`dialog` describes an experiment (its own
question is :mod:`varied_rows` of :mod:`varied_row`, with values :mod:`suggestions` proposes),
:mod:`run` runs it in the background (pausing, going on, and with :mod:`helpers` in more
processes), :mod:`pane`, :mod:`views` and :mod:`parallel` show its runs, table, plots, the
settings' importance and the conclusion. The engine is
:mod:`playground.core.experiments`; nothing here trains on the GUI thread.
"""

from __future__ import annotations

from playground.gui.experiments.install import ExperimentsFeature

__all__ = ["ExperimentsFeature"]
