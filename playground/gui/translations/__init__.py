"""Texts the interface shows that its code does not spell where it shows them (see
:mod:`extra_texts`); the translations themselves are the catalogues in ``playground/locale``."""
