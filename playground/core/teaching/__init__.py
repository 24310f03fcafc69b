"""The teaching wing: lessons and the ready-made networks they start from.

It owns the lessons, their steps and the edits a step makes (:mod:`lessons`), and the templates:
a network, the training settings and the dataset that go with it (:mod:`templates`). Templates
live here rather than with the network because each one is a whole starting point, settings and
data included, so it depends on every wing below it.
"""
