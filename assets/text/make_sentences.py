"""Generate ``assets/text/sentences.tsv``: short reviews with a sentiment label, in two languages.

Why a generated set: the app needs a text-classification example that ships with it (works
offline, a few hundred KB, a clear license), is small enough to train in seconds on a laptop,
and still teaches why word order matters. Real review sets are large and need downloads.

What makes it learnable but not trivial:

* the words carry the sentiment ("great", "pésima"), so a bag of words already gets far;
* negations flip it ("was not good", "no era buena", "i did not like", "no me gustó"), and some
  idioms mix signals ("not bad at all" and "no estaba nada mal" are positive, "far from perfect"
  is negative), so the network must look at neighbouring words;
* contrasts decide by the second half ("the plot was dull but the acting was superb" is
  positive, swapped it is negative), which no bag of words can tell apart;
* intensifiers, fillers and topics (film, food, hotel, phone) add variety that does not matter.

Every label follows from the template, so there is no label noise. Sentences are unique, and
the test part (20 %, column ``split``) only has sentences not in the training part.

Run ``python assets/text/make_sentences.py`` to regenerate; the output is the same for the same
``SEED``. Columns: ``lang`` (en/es), ``label`` (pos/neg), ``topic``, ``split`` (train/test),
``text``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

SEED = 2024
PER_LANGUAGE = 1800
TEST_SHARE = 0.2
MAX_WORDS = 20
OUTPUT = Path(__file__).with_name("sentences.tsv")

T = TypeVar("T")

# --------------------------------------------------------------------------- English

EN_NOUNS: dict[str, tuple[str, ...]] = {
    "film": ("movie", "film", "plot", "ending", "acting", "soundtrack", "script", "cast",
             "story", "director"),
    "food": ("food", "pasta", "soup", "dessert", "service", "waiter", "pizza", "coffee", "menu",
             "salad"),
    "hotel": ("room", "hotel", "bed", "staff", "view", "breakfast", "pool", "location", "shower",
              "bathroom"),
    "phone": ("phone", "battery", "screen", "camera", "charger", "app", "speaker", "price",
              "case", "keyboard"),
}  # fmt: skip
# Adjectives for every topic ("*") and for one topic only, so a price is never "noisy".
EN_POS: dict[str, tuple[str, ...]] = {
    "*": ("good", "great", "excellent", "wonderful", "amazing", "fantastic", "lovely",
          "brilliant", "superb", "perfect", "nice", "impressive", "solid", "pleasant"),
    "film": ("enjoyable", "charming", "fun", "moving", "gripping"),
    "food": ("delicious", "tasty", "fresh", "delightful"),
    "hotel": ("clean", "comfortable", "quiet", "charming", "spacious"),
    "phone": ("fast", "reliable", "sleek", "useful"),
}  # fmt: skip
EN_NEG: dict[str, tuple[str, ...]] = {
    "*": ("bad", "terrible", "awful", "horrible", "poor", "disappointing", "mediocre", "weak",
          "dreadful", "sloppy", "unpleasant"),
    "film": ("boring", "dull", "predictable", "slow"),
    "food": ("bland", "cold", "greasy", "salty"),
    "hotel": ("dirty", "noisy", "cramped", "ugly"),
    "phone": ("slow", "useless", "fragile", "annoying"),
}  # fmt: skip
EN_INTENSIFIERS = ("very", "really", "extremely", "truly", "quite", "so", "incredibly", "pretty")
EN_COPULAS = ("was", "is", "felt", "seemed")
EN_NEGATED = ("was not", "is not", "wasn't", "isn't", "was never", "did not seem", "never felt")
EN_LIKE = ("i loved", "i really liked", "i liked", "i enjoyed", "we loved", "we enjoyed",
           "everyone loved", "i adored")  # fmt: skip
EN_HATE = ("i hated", "i disliked", "we hated", "everyone hated", "i really disliked")
EN_NOT_LIKE = ("i did not like", "i didn't enjoy", "we did not enjoy", "nobody liked",
               "i did not love", "no one enjoyed")  # fmt: skip
EN_IDIOMS_POS = ("{np} was not bad at all", "{np} was better than expected",
                 "no complaints about {np}", "{np} could not have been better",
                 "i cannot recommend {np} enough", "{np} exceeded my expectations")  # fmt: skip
EN_IDIOMS_NEG = ("{np} was nothing special", "{np} could have been better",
                 "{np} was a waste of money", "{np} was far from perfect",
                 "{np} was not worth it", "{np} left a lot to be desired")  # fmt: skip
EN_RECOMMEND_POS = ("i would recommend {np}", "i highly recommend {np}", "we recommend {np}")
EN_RECOMMEND_NEG = ("i would not recommend {np}", "i would never recommend {np}",
                    "we do not recommend {np}")  # fmt: skip
EN_PREFIXES = ("honestly,", "overall,", "in my opinion,", "to be honest,", "well,", "all in all,")
EN_SUFFIXES = ("for the price", "this time", "to be honest", "in the end", "as usual")


def _pick(rng: random.Random, table: Mapping[str, tuple[T, ...]], topic: str) -> T:
    """An adjective that fits any topic or this one."""
    return rng.choice(table["*"] + table[topic])


def _en_np(rng: random.Random, topic: str) -> str:
    return f"{rng.choice(('the', 'the', 'this'))} {rng.choice(EN_NOUNS[topic])}"


def _en_clause(rng: random.Random, topic: str, positive: bool) -> str:
    """A short clause with a known sentiment: plain, intensified or negated."""
    np_ = _en_np(rng, topic)
    kind = rng.random()
    if kind < 0.35:
        adj = _pick(rng, EN_POS if positive else EN_NEG, topic)
        return f"{np_} {rng.choice(EN_COPULAS)} {adj}"
    if kind < 0.6:
        adj = _pick(rng, EN_POS if positive else EN_NEG, topic)
        return f"{np_} {rng.choice(EN_COPULAS)} {rng.choice(EN_INTENSIFIERS)} {adj}"
    adj = _pick(rng, EN_NEG if positive else EN_POS, topic)  # the negation flips it
    very = f"{rng.choice(('very', 'really', 'that'))} " if rng.random() < 0.25 else ""
    return f"{np_} {rng.choice(EN_NEGATED)} {very}{adj}"


def _en_sentence(rng: random.Random, topic: str, positive: bool) -> str:
    kind = rng.random()
    if kind < 0.45:
        text = _en_clause(rng, topic, positive)
    elif kind < 0.62:
        verbs = EN_LIKE if positive else rng.choice((EN_HATE, EN_NOT_LIKE))
        text = f"{rng.choice(verbs)} {_en_np(rng, topic)}"
    elif kind < 0.68:
        pattern = rng.choice(EN_RECOMMEND_POS if positive else EN_RECOMMEND_NEG)
        text = pattern.format(np=_en_np(rng, topic))
    elif kind < 0.76:
        pattern = rng.choice(EN_IDIOMS_POS if positive else EN_IDIOMS_NEG)
        text = pattern.format(np=_en_np(rng, topic))
    elif kind < 0.95:  # the second half decides
        first = _en_clause(rng, topic, not positive)
        second = _en_clause(rng, topic, positive)
        but = rng.random() < 0.75
        text = f"{first} but {second}" if but else f"although {first} {second}"
    else:
        text = f"{_en_clause(rng, topic, positive)} and {_en_clause(rng, topic, positive)}"
    return _decorate(rng, text, EN_PREFIXES, EN_SUFFIXES)


# --------------------------------------------------------------------------- Spanish

# (noun, feminine?)
ES_NOUNS: dict[str, tuple[tuple[str, bool], ...]] = {
    "film": (("película", True), ("trama", True), ("final", False), ("actuación", True),
             ("banda sonora", True), ("guion", False), ("reparto", False), ("historia", True),
             ("director", False), ("fotografía", True)),
    "food": (("comida", True), ("pasta", True), ("sopa", True), ("postre", False),
             ("servicio", False), ("camarero", False), ("pizza", True), ("café", False),
             ("menú", False), ("ensalada", True)),
    "hotel": (("habitación", True), ("hotel", False), ("cama", True), ("personal", False),
              ("vista", True), ("desayuno", False), ("piscina", True), ("ubicación", True),
              ("ducha", True), ("baño", False)),
    "phone": (("teléfono", False), ("batería", True), ("pantalla", True), ("cámara", True),
              ("cargador", False), ("aplicación", True), ("altavoz", False), ("precio", False),
              ("funda", True), ("teclado", False)),
}  # fmt: skip
# (masculine, feminine), for every topic ("*") and for one topic only.
ES_POS: dict[str, tuple[tuple[str, str], ...]] = {
    "*": (("bueno", "buena"), ("excelente", "excelente"), ("maravilloso", "maravillosa"),
          ("increíble", "increíble"), ("fantástico", "fantástica"), ("genial", "genial"),
          ("estupendo", "estupenda"), ("perfecto", "perfecta"), ("magnífico", "magnífica"),
          ("espectacular", "espectacular"), ("impresionante", "impresionante"),
          ("agradable", "agradable")),
    "film": (("divertido", "divertida"), ("emocionante", "emocionante"),
             ("entretenido", "entretenida"), ("brillante", "brillante")),
    "food": (("delicioso", "deliciosa"), ("sabroso", "sabrosa"), ("fresco", "fresca"),
             ("rico", "rica")),
    "hotel": (("limpio", "limpia"), ("cómodo", "cómoda"), ("tranquilo", "tranquila"),
              ("precioso", "preciosa"), ("amplio", "amplia")),
    "phone": (("rápido", "rápida"), ("fiable", "fiable"), ("práctico", "práctica"),
              ("útil", "útil")),
}  # fmt: skip
ES_NEG: dict[str, tuple[tuple[str, str], ...]] = {
    "*": (("malo", "mala"), ("terrible", "terrible"), ("horrible", "horrible"),
          ("pésimo", "pésima"), ("mediocre", "mediocre"), ("decepcionante", "decepcionante"),
          ("fatal", "fatal"), ("flojo", "floja"), ("espantoso", "espantosa"),
          ("desagradable", "desagradable")),
    "film": (("aburrido", "aburrida"), ("lento", "lenta"), ("previsible", "previsible"),
             ("soso", "sosa")),
    "food": (("soso", "sosa"), ("frío", "fría"), ("grasiento", "grasienta"),
             ("salado", "salada")),
    "hotel": (("sucio", "sucia"), ("ruidoso", "ruidosa"), ("incómodo", "incómoda"),
              ("feo", "fea")),
    "phone": (("lento", "lenta"), ("inútil", "inútil"), ("frágil", "frágil"),
              ("caro", "cara")),
}  # fmt: skip
ES_INTENSIFIERS = ("muy", "realmente", "bastante", "increíblemente", "verdaderamente", "súper")
ES_COPULAS = ("es", "era", "fue", "me pareció")
ES_NEGATED = ("no es", "no era", "no fue", "nunca fue", "no me pareció")
ES_LIKE = ("me encantó", "me gustó mucho", "me gustó", "nos encantó", "adoré", "disfruté")
ES_HATE = ("odié", "detesté", "nos decepcionó", "no soporté", "me decepcionó")
ES_NOT_LIKE = ("no me gustó", "no me gustó nada", "no disfruté", "no nos gustó",
               "a nadie le gustó")  # fmt: skip
ES_IDIOMS_POS = ("{np} no estaba nada mal", "ninguna queja sobre {np}",
                 "{np} superó mis expectativas", "{np} no podía ser mejor",
                 "{np} fue mejor de lo esperado", "{np} valió la pena")  # fmt: skip
ES_IDIOMS_NEG = ("{np} no fue nada especial", "{np} podría haber sido mejor",
                 "{np} fue un desastre", "{np} dejó mucho que desear",
                 "{np} no valió la pena", "{np} estaba lejos de ser perfecto")  # fmt: skip
ES_RECOMMEND_POS = ("recomiendo {np}", "recomiendo mucho {np}", "os recomiendo {np}")
ES_RECOMMEND_NEG = ("no recomiendo {np}", "nunca recomendaría {np}", "no recomendaría {np}")
ES_PREFIXES = ("sinceramente,", "en general,", "la verdad es que", "en mi opinión,", "al final,",
               "en resumen,")  # fmt: skip
ES_SUFFIXES = ("por el precio", "esta vez", "la verdad", "como siempre", "al final")


def _es_np(rng: random.Random, topic: str) -> tuple[str, bool]:
    noun, feminine = rng.choice(ES_NOUNS[topic])
    this = rng.random() < 0.25
    det = ("esta" if feminine else "este") if this else ("la" if feminine else "el")
    return f"{det} {noun}", feminine


def _es_adj(rng: random.Random, topic: str, positive: bool, feminine: bool) -> str:
    return _pick(rng, ES_POS if positive else ES_NEG, topic)[int(feminine)]


def _es_clause(rng: random.Random, topic: str, positive: bool) -> str:
    np_, fem = _es_np(rng, topic)
    kind = rng.random()
    if kind < 0.35:
        return f"{np_} {rng.choice(ES_COPULAS)} {_es_adj(rng, topic, positive, fem)}"
    if kind < 0.6:
        very = rng.choice(ES_INTENSIFIERS)
        return f"{np_} {rng.choice(ES_COPULAS)} {very} {_es_adj(rng, topic, positive, fem)}"
    very = f"{rng.choice(('muy', 'tan', 'demasiado'))} " if rng.random() < 0.25 else ""
    return f"{np_} {rng.choice(ES_NEGATED)} {very}{_es_adj(rng, topic, not positive, fem)}"


def _es_sentence(rng: random.Random, topic: str, positive: bool) -> str:
    kind = rng.random()
    if kind < 0.45:
        text = _es_clause(rng, topic, positive)
    elif kind < 0.62:
        verbs = ES_LIKE if positive else rng.choice((ES_HATE, ES_NOT_LIKE))
        text = f"{rng.choice(verbs)} {_es_np(rng, topic)[0]}"
    elif kind < 0.68:
        pattern = rng.choice(ES_RECOMMEND_POS if positive else ES_RECOMMEND_NEG)
        text = pattern.format(np=_es_np(rng, topic)[0])
    elif kind < 0.76:
        pattern = rng.choice(ES_IDIOMS_POS if positive else ES_IDIOMS_NEG)
        text = pattern.format(np=_es_np(rng, topic)[0])
    elif kind < 0.95:
        first = _es_clause(rng, topic, not positive)
        second = _es_clause(rng, topic, positive)
        but = rng.random() < 0.75
        text = f"{first} pero {second}" if but else f"aunque {first} {second}"
    else:
        text = f"{_es_clause(rng, topic, positive)} y {_es_clause(rng, topic, positive)}"
    return _decorate(rng, text, ES_PREFIXES, ES_SUFFIXES)


# --------------------------------------------------------------------------- shared


def _decorate(
    rng: random.Random, text: str, prefixes: tuple[str, ...], suffixes: tuple[str, ...]
) -> str:
    """Fillers that do not change the sentiment, a capital letter and a full stop."""
    if rng.random() < 0.15:
        text = f"{rng.choice(prefixes)} {text}"
    if rng.random() < 0.1:
        text = f"{text} {rng.choice(suffixes)}"
    text = text[0].upper() + text[1:]
    return text + ("!" if rng.random() < 0.1 else ".")


def generate(seed: int = SEED, per_language: int = PER_LANGUAGE) -> list[tuple[str, ...]]:
    """Rows ``(lang, label, topic, split, text)``, balanced by label within each language."""
    rng = random.Random(seed)
    makers: dict[str, Callable[[random.Random, str, bool], str]] = {
        "en": _en_sentence, "es": _es_sentence,
    }  # fmt: skip
    rows: list[tuple[str, ...]] = []
    for lang, make in makers.items():
        seen: set[str] = set()
        chosen: list[tuple[str, ...]] = []
        for _ in range(per_language * 50):  # bounded; duplicates are rare
            if len(chosen) == per_language:
                break
            positive = len(chosen) % 2 == 0  # exactly balanced
            topic = rng.choice(tuple(EN_NOUNS))
            text = make(rng, topic, positive)
            key = text.lower().rstrip(".!")
            if key in seen or len(text.split()) > MAX_WORDS:
                continue
            seen.add(key)
            chosen.append((lang, "pos" if positive else "neg", topic, text))
        rng.shuffle(chosen)
        n_test = round(len(chosen) * TEST_SHARE)
        for i, (lng, label, topic, text) in enumerate(chosen):
            rows.append((lng, label, topic, "test" if i < n_test else "train", text))
    return rows


def main() -> None:
    rows = generate()
    lines = ["lang\tlabel\ttopic\tsplit\ttext", *("\t".join(r) for r in rows)]
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} sentences to {OUTPUT} ({OUTPUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
