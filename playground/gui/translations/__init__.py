"""Translations of the interface: one JSON catalogue per language, keyed by the English text."""
