"""Tests for words and sequences: the tokenizer and vocabulary, the bundled sentiment sentences
(and their generator), and the generated sine-wave regression task, each trained for real."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import torch

from playground.core.data.datasets import dataset_info, dataset_status, list_datasets, load_dataset
from playground.core.data.text import (
    PAD_ID,
    SENTENCES_FILE,
    UNK_ID,
    Vocabulary,
    load_sentences,
    tokenize,
)
from playground.core.errors import DatasetUnavailable, TrainingError
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.training.config import TrainingConfig
from playground.core.training.loop import Trainer, train

L = LayerSpec.create
GENERATOR = Path(__file__).resolve().parents[2] / "assets" / "text" / "make_sentences.py"


# --------------------------------------------------------------------------- tokenizer


def test_tokenize_lowercases_and_drops_punctuation_but_keeps_accents() -> None:
    assert tokenize("¡No es BUENA!") == ["no", "es", "buena"]
    assert tokenize("The movie wasn't good, honestly.") == ["the", "movie", "wasnt", "good",
                                                             "honestly"]  # fmt: skip
    assert tokenize("La película... ¿genial?") == ["la", "película", "genial"]
    assert tokenize("  ") == []


def test_vocabulary_ids_padding_and_truncation() -> None:
    vocab = Vocabulary.build(["good good bad", "not good"])
    assert vocab.tokens[:2] == ("<pad>", "<unk>") and (PAD_ID, UNK_ID) == (0, 1)
    assert vocab.tokens[2:] == ("good", "bad", "not")  # by frequency, then alphabetical
    assert vocab.ids("Not good, really!") == [4, 2, UNK_ID]
    assert vocab.encode("not good", 5) == [0, 0, 0, 4, 2]  # padded at the start
    assert vocab.encode("not good", 5, padding="post") == [4, 2, 0, 0, 0]
    assert vocab.encode("bad not good", 2) == [4, 2]  # the end is kept
    assert vocab.encode("bad not good", 2, padding="post") == [3, 4]
    assert vocab.decode([0, 0, 4, 2, 1]) == ["not", "good", "<unk>"]
    assert vocab.preview("Not great") == [("not", 4), ("great", UNK_ID)]
    assert len(vocab) == 5 and "good" in vocab and "great" not in vocab


# --------------------------------------------------------------------------- bundled sentences


def test_bundled_sentences_file_is_small_balanced_and_matches_its_generator() -> None:
    assert SENTENCES_FILE.stat().st_size < 300_000
    sentences = load_sentences()
    assert len(sentences) == 3600
    for lang in ("en", "es"):
        mine = [s for s in sentences if s.language == lang]
        assert len(mine) == 1800 and sum(s.label for s in mine) == 900
        assert {s.topic for s in mine} == {"film", "food", "hotel", "phone"}
    train_texts = {s.text.lower() for s in sentences if s.split == "train"}
    test = [s for s in sentences if s.split == "test"]
    assert len(test) == 720 and not any(s.text.lower() in train_texts for s in test)
    spec = importlib.util.spec_from_file_location("make_sentences", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.generate()  # seeded: the committed file is exactly what the script writes
    expected = [(s.language, "pos" if s.label else "neg", s.topic, s.split, s.text)
                for s in sentences]  # fmt: skip
    assert rows == expected


def test_text_sentiment_dataset_shapes_ids_and_preview() -> None:
    d = load_dataset("text-sentiment")
    info = dataset_info("text-sentiment")
    assert d.info.input_shape == info.input_shape == (20,)
    assert d.train_x.shape == (2880, 20) and d.test_x.shape == (720, 20)
    assert d.train_x.dtype == torch.float32 and d.train_y.dtype == torch.int64
    assert torch.equal(d.train_x, d.train_x.round()) and float(d.train_x.min()) >= 0
    assert d.vocabulary is not None and len(d.vocabulary) == info.vocabulary_size
    assert float(d.train_x.max()) < info.vocabulary_size
    assert d.info.class_names == ("negative", "positive")
    assert d.texts is not None and len(d.texts[0]) == 2880 and len(d.texts[1]) == 720
    for i in (0, 17, 2000):
        assert d.vocabulary.encode(d.texts[0][i], 20) == [int(v) for v in d.train_x[i]]
    unknown = d.vocabulary.encode("The zeppelin was good", 20)
    assert unknown[-3:] == [UNK_ID, d.vocabulary.id("was"), d.vocabulary.id("good")]
    assert dataset_status("text-sentiment") == "bundled"


def test_text_options_language_seq_len_and_limit() -> None:
    english = load_dataset("text-sentiment", language="en", seq_len=12, limit=100)
    assert english.train_x.shape == (100, 12) and english.info.input_shape == (12,)
    assert english.texts is not None and len(english.texts[0]) == 100
    spanish = load_dataset("text-sentiment", language="es")
    assert len(spanish.train_y) == 1440 and len(spanish.test_y) == 360
    assert spanish.vocabulary is not None and len(spanish.vocabulary) == 380  # fixed vocabulary
    with pytest.raises(DatasetUnavailable, match="language"):
        load_dataset("text-sentiment", language="fr")


@pytest.mark.slow
def test_embedding_lstm_learns_the_sentences_and_word_order_matters() -> None:
    data = load_dataset("text-sentiment")
    spec = NetworkSpec((20,), "text-sentiment", 2, (
        L("Embedding", vocabulary=data.info.vocabulary_size, dimension=16),
        L("LSTM", units=32),
        L("Dense", units=2, activation="softmax"),
    ))  # fmt: skip
    config = TrainingConfig(learning_rate=0.01, batch_size=16, epochs=8, validation_split=0.0,
                            device="cpu")  # fmt: skip
    trainer = Trainer(spec, config, data)
    result = trainer.run()
    assert result.status == "completed"
    assert result.test is not None and result.test.accuracy >= 0.85, result.test.accuracy
    assert data.vocabulary is not None
    probes = {
        "The plot was dull but the acting was superb.": 1,
        "The acting was superb but the plot was dull.": 0,
        "La comida no era buena.": 0,
        "The room was not bad at all.": 1,
    }
    x = torch.tensor([data.vocabulary.encode(t, 20) for t in probes], dtype=torch.float32)
    trainer.model.eval()
    with torch.no_grad():
        predicted = trainer.model(x).argmax(1).tolist()
    assert sum(p == want for p, want in zip(predicted, probes.values(), strict=True)) >= 3


# --------------------------------------------------------------------------- sine-next


def test_sine_next_is_a_generated_regression_set() -> None:
    info = dataset_info("sine-next")
    assert info.task == "regression" and info.num_classes == 1 and info.input_shape == (20, 1)
    assert dataset_status("sine-next") == "generated"
    d = load_dataset("sine-next")
    assert d.train_x.shape == (1600, 20, 1) and d.test_x.shape == (400, 20, 1)
    assert d.train_y.shape == (1600,) and d.train_y.dtype == torch.float32
    assert d.train_y.is_floating_point()  # how the engine knows it is regression
    assert float(d.train_x.abs().max()) < 2.0
    # The target is the value after the window: with no noise, a sine continues smoothly.
    clean = load_dataset("sine-next", noise=0.0, samples=200)
    step = (clean.train_y - clean.train_x[:, -1, 0]).abs()
    assert float(step.max()) < 2 * 3.1416 * 1.5 / 8  # at most amplitude × 2π / shortest period
    same = load_dataset("sine-next")
    assert torch.equal(d.train_x, same.train_x) and torch.equal(d.test_y, same.test_y)
    assert not torch.equal(d.train_x, load_dataset("sine-next", seed=1).train_x)
    short = load_dataset("sine-next", seq_len=8, samples=100, train_ratio=0.5)
    assert short.train_x.shape == (50, 8, 1) and short.info.input_shape == (8, 1)
    with pytest.raises(TrainingError):
        load_dataset("sine-next", noise=2.0)


def test_a_recurrent_network_learns_the_next_value() -> None:
    data = load_dataset("sine-next")
    spec = NetworkSpec((20, 1), "sine-next", 1, (
        L("SimpleRNN", units=32),
        L("Dense", units=1, activation="linear"),
    ))  # fmt: skip
    config = TrainingConfig(loss="mse", learning_rate=5e-3, batch_size=32, epochs=10,
                            validation_split=0.0, device="cpu")  # fmt: skip
    result = train(spec, config, data)
    assert result.status == "completed" and result.test is not None
    assert result.test.accuracy is None  # regression: no accuracy
    variance = float(data.test_y.var())
    assert result.test.loss < 0.2 * variance, (result.test.loss, variance)


def test_list_datasets_has_the_new_sets_with_their_status() -> None:
    infos = {i.name: i for i in list_datasets()}
    assert infos["text-sentiment"].kind == "text" and infos["sine-next"].kind == "sequence"
    assert infos["text-sentiment"].vocabulary_size == 380
    assert infos["sine-next"].task == "regression"
    assert [dataset_status(n) for n in ("text-sentiment", "sine-next")] == ["bundled", "generated"]
