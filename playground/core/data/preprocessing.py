"""The names of the ways image pixels can be prepared, importable without torch.

The training settings offer them and the window lists them before torch has loaded, so they live
apart from :mod:`datasets`, which does the preparing.
"""

from __future__ import annotations

# scale: 0..1; center: -0.5..0.5; standardize: zero mean, unit variance over the training set;
# binarize: ink above half grey is 1; binarize_any: any ink at all is 1 (seed 002's astype(bool)).
PREPROCESSING: tuple[str, ...] = ("scale", "center", "standardize", "binarize", "binarize_any")
