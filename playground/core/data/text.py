"""Words as numbers: the tokenizer, the vocabulary and the bundled sentiment sentences.

Why it works this way:

* A network reads numbers, so text becomes a fixed-length row of token ids. The steps are kept
  deliberately simple so a student can follow them in the preview: lowercase, drop punctuation
  (accents stay: "película" is one word), split on spaces, look each word up in the vocabulary.
  Id 0 is ``<pad>`` (filling), id 1 is ``<unk>`` (a word the vocabulary does not know).
* Rows are padded and truncated at the *start* by default (as Keras does): a recurrent layer
  that reports its last state then reads the real words last, right before it answers, instead
  of a tail of padding it would have to remember across.
* The vocabulary of the bundled set is built from its training sentences only (both languages,
  most frequent first, ties alphabetical), so it never changes with the options and an
  Embedding layer sized for it always fits. Ids are stored as float32 like every other input;
  the Embedding layer casts them back to integers.

The sentences themselves come from ``assets/text/make_sentences.py`` (see its docstring for how
they are made). This module never imports Qt or torch.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from playground.core.data.assets import bundled_file
from playground.core.errors import DatasetUnavailable, shorten
from playground.core.messages import N_

SENTENCES_FILE = bundled_file("assets", "text", "sentences.tsv")
PAD, UNK = "<pad>", "<unk>"
PAD_ID, UNK_ID = 0, 1
DEFAULT_SEQ_LEN = 20
LANGUAGES = ("both", "en", "es")
SENTIMENT_CLASSES = (N_("negative"), N_("positive"))
_LABELS = {"neg": 0, "pos": 1}
_WORD = re.compile(r"[^\W_]+")


def tokenize(text: str) -> list[str]:
    """Lowercase words without punctuation: ``"¡No es BUENA!"`` -> ``["no", "es", "buena"]``.

    Apostrophes are dropped inside words ("didn't" -> "didnt") so a contraction stays one word.
    """
    return _WORD.findall(text.lower().replace("'", "").replace("’", ""))


@dataclass(frozen=True)
class Vocabulary:
    """Words and their ids; ``tokens[0]`` is ``<pad>`` and ``tokens[1]`` is ``<unk>``."""

    tokens: tuple[str, ...]
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.tokens[:2] != (PAD, UNK):
            raise ValueError("A vocabulary starts with <pad> and <unk>.")
        object.__setattr__(self, "_index", {t: i for i, t in enumerate(self.tokens)})

    @classmethod
    def build(cls, texts: Iterable[str], max_size: int | None = None) -> Vocabulary:
        """Most frequent words first (ties alphabetical), after ``<pad>`` and ``<unk>``."""
        counts = Counter(word for text in texts for word in tokenize(text))
        words = sorted(counts, key=lambda w: (-counts[w], w))
        if max_size is not None:
            words = words[: max(max_size - 2, 0)]
        return cls((PAD, UNK, *words))

    def __len__(self) -> int:
        return len(self.tokens)

    def __contains__(self, word: object) -> bool:
        return word in self._index

    def id(self, word: str) -> int:
        return self._index.get(word, UNK_ID)

    def ids(self, text: str) -> list[int]:
        """The ids of ``text``'s words, without padding."""
        return [self._index.get(w, UNK_ID) for w in tokenize(text)]

    def encode(
        self, text: str, seq_len: int = DEFAULT_SEQ_LEN, padding: str = "pre"
    ) -> list[int]:
        """Exactly ``seq_len`` ids; padding and truncation at the start (``"pre"``) or end."""
        return _fit(self.ids(text), seq_len, padding)

    def decode(self, ids: Iterable[int | float], skip_padding: bool = True) -> list[str]:
        words = []
        for i in ids:
            k = int(i)
            if skip_padding and k == PAD_ID:
                continue
            words.append(self.tokens[k] if 0 <= k < len(self.tokens) else UNK)
        return words

    def preview(self, text: str, seq_len: int = DEFAULT_SEQ_LEN) -> list[tuple[str, int]]:
        """Each word of ``text`` with its id (unknown words show as id 1), for the GUI."""
        return [(w, self.id(w)) for w in tokenize(text)][-seq_len:]


def _fit(ids: list[int], seq_len: int, padding: str) -> list[int]:
    if padding not in ("pre", "post"):
        raise ValueError(f"padding must be 'pre' or 'post', not {padding!r}.")
    if len(ids) >= seq_len:
        return ids[-seq_len:] if padding == "pre" else ids[:seq_len]
    pad = [PAD_ID] * (seq_len - len(ids))
    return pad + ids if padding == "pre" else ids + pad


def encode_texts(
    texts: Sequence[str], vocabulary: Vocabulary, seq_len: int, padding: str = "pre"
) -> np.ndarray:
    """A (len(texts), seq_len) float32 array of ids."""
    rows = [vocabulary.encode(t, seq_len, padding) for t in texts]
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), seq_len)


@dataclass(frozen=True)
class Sentence:
    text: str
    label: int  # 0 negative, 1 positive
    topic: str
    language: str
    split: str  # "train" | "test"


def load_sentences(path: Path = SENTENCES_FILE) -> list[Sentence]:
    """Every sentence of the bundled file, in file order."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        return [
            Sentence(r["text"], _LABELS[r["label"]], r["topic"], r["lang"], r["split"])
            for r in rows
        ]
    except (OSError, KeyError, ValueError, csv.Error) as exc:
        raise DatasetUnavailable(
            "The bundled sentences file {file} is missing or damaged ({reason}). Reinstall the "
            "app, or rebuild it with {script}.", file=str(path), reason=str(exc),
            script="assets/text/make_sentences.py") from None


def sentiment_vocabulary(sentences: Sequence[Sentence] | None = None) -> Vocabulary:
    """The fixed vocabulary of the bundled set: its training sentences, both languages."""
    sentences = load_sentences() if sentences is None else sentences
    return Vocabulary.build(s.text for s in sentences if s.split == "train")


@dataclass(frozen=True)
class TextSplit:
    """The bundled sentences as arrays, with the sentences kept for previews."""

    train_x: np.ndarray  # float32 (N, seq_len) token ids
    train_y: np.ndarray  # int64
    test_x: np.ndarray
    test_y: np.ndarray
    vocabulary: Vocabulary
    train_text: tuple[str, ...]
    test_text: tuple[str, ...]


def sentiment_data(
    language: str = "both", seq_len: int = DEFAULT_SEQ_LEN, padding: str = "pre"
) -> TextSplit:
    """The bundled sentiment sentences of ``language`` ("both", "en" or "es") as arrays."""
    if language not in LANGUAGES:
        raise DatasetUnavailable("{name} must be one of {allowed}, not {value}.", name="language",
                                 allowed=", ".join(LANGUAGES), value=shorten(language))
    if isinstance(seq_len, bool) or not isinstance(seq_len, int) or not 1 <= seq_len <= 1000:
        raise DatasetUnavailable(
            "{name} must be a whole number from {low} to {high}, not {value}.", name="seq_len",
            low=1, high=1000, value=shorten(seq_len))
    sentences = load_sentences()
    vocabulary = sentiment_vocabulary(sentences)
    chosen = [s for s in sentences if language == "both" or s.language == language]
    parts = []
    for split in ("train", "test"):
        rows = [s for s in chosen if s.split == split]
        texts = tuple(s.text for s in rows)
        x = encode_texts(texts, vocabulary, seq_len, padding)
        parts.append((x, np.asarray([s.label for s in rows], dtype=np.int64), texts))
    (train_x, train_y, train_text), (test_x, test_y, test_text) = parts
    return TextSplit(train_x, train_y, test_x, test_y, vocabulary, train_text, test_text)
