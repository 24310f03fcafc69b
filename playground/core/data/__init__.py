"""The data wing: everything a network can be trained on and how it is prepared.

It owns the dataset registry and the tensors it hands out (:mod:`datasets`), downloads of the
larger sets (:mod:`downloads`), the user's own images and tables (:mod:`image_folder`,
:mod:`tables`), generated text, sequence and toy sets (:mod:`text`, :mod:`sequences`, :mod:`toy`),
drawings and pictures prepared the MNIST way (:mod:`digits`, :mod:`font_digits`), image
augmentation (:mod:`augment`), the names of the pixel preparations (:mod:`preprocessing`), the
views of an input and the one way to switch a network to other data (:mod:`inputs`), and where
bundled files live (:mod:`assets`). It depends only on the network wing (a dataset says which
input layer fits it), never on training.
"""
