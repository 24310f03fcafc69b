"""The Draw pane: draw a digit, open or paste a picture, browse test images or click a 2D point,
and watch the network's answer change as it learns. :func:`install` adds it to a window."""
