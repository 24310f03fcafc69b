"""The names of the ways image pixels can be prepared, importable without torch.

The training settings offer them and the window lists them before torch has loaded, so they live
apart from :mod:`datasets`, which does the preparing.
"""

from __future__ import annotations

from playground.core.messages import N_

# scale: 0..1; center: -0.5..0.5; standardize: zero mean, unit variance over the training set;
# binarize: ink above half grey is 1; binarize_any: any ink at all is 1 (seed 002's astype(bool)).
# The names are values of the training settings and also what the window lists, in the reader's
# language (marked for the catalogue here, translated where they are shown).
PREPROCESSING: tuple[str, ...] = (N_("scale"), N_("center"), N_("standardize"), N_("binarize"),
                                  N_("binarize_any"))
