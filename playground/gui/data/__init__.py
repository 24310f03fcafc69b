"""Data in the window: the dataset chooser with previews, downloads, and the user's own data.

:class:`DataFeature` adds the Data menu and the training panel's Choose… button to a window.
"""

from playground.gui.data.install import DataFeature

__all__ = ["DataFeature"]
