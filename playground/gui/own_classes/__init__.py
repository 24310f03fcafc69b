"""Teach it your own classes: name a few, give each some examples (drawn on the pad, pasted,
dropped), train in seconds, and try the network live on the pad.

A window feature (built as ``OwnClassesFeature(host)``, see :mod:`playground.gui.host`): the
Qt-free engine is :mod:`playground.core.data.own_classes` (the classes and their samples),
``own_classes_check`` (what would stop or spoil training), ``own_classes_io`` (pictures in,
image folders in and out) and :mod:`playground.core.teaching.transfer` (the network, the settings
and starting from the ready-trained digits network).
"""
