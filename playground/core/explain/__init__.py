"""Why the network answers as it does: attributions over the input, the learned space of a
layer, the training examples nearest to a picture, and what each filter looks for.

Everything here is Qt-free and works on a model built from a spec and a copy of its weights, so
the same code serves the Draw pane, the Inside pane, the Results pane and the command line.
"""
