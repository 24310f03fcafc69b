"""What changed between training runs, in the plain words a student would use.

The first lesson is a series of small experiments on one network: swap ReLU for sigmoid, add
Dropout, raise the learning rate, train again with another seed. When the runs are compared
side by side each needs a short name that says what was different ("lr 0.001 → 0.005",
"layers 2–3 Dense: relu → sigmoid", "+ Dropout 0.5 after layer 3"), not a timestamp.

:func:`describe_differences` labels every run of a project's history against the first one
(the baseline). Networks are compared by aligning their layer lists twice: first on complete
layers, so untouched layers match exactly, then, inside each changed stretch, on layer types, so
an edited layer reads as a parameter change rather than as one layer removed and another added.
Identical changes to several layers are reported once ("layers 2–3"). A run that differs only
by its seed is "same settings (seed 0 vs 1)": the spread between such runs is the noise any
other difference must beat.

A run that went on from an earlier run's trained weights is no such experiment: it had that
run's training too. It is named by the run it continued ("continued from run 2") and by what it
changed from that run, never against the baseline. A setting changed while a run went on (the
learning rate) is part of its name as well ("lr 0.01 → 0.001 at epoch 3"): the run's
configuration only holds the value it started with.

Works on the plain JSON records of ``TrainingResult.to_record`` (so on histories read from
project files), tolerates missing or old fields, and imports neither Qt nor torch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from playground.core.catalogue import default_locale, gettext
from playground.core.errors import PlaygroundError
from playground.core.messages import N_, Message, format_number
from playground.core.network.layers import LAYER_TYPES
from playground.core.network.spec import LayerSpec, NetworkSpec
from playground.core.training.config import (
    DIGITS_NETWORK_SOURCE,
    SettingChanged,
    TrainingConfig,
    WeightsStart,
)

Record = Mapping[str, Any]
Layer = tuple[str, dict[str, Any]]

# More network changes than this (layers added, removed or replaced, and groups of edited
# layers) collapse into one summary ("4 → 7 layers").
MAX_NETWORK_ITEMS = 3
MINUS = "\u2212"

_P: dict[str, str] = {
    "baseline": N_("baseline"),
    "same": N_("same settings"),
    "on": N_("on"),
    "off": N_("off"),
    "more": N_("+{n} more"),
    "layer": N_("layer {n} {type}"),
    "layers": N_("layers {n} {type}"),
    "after": N_("+ {what} after layer {n}"),
    "start": N_("+ {what} at the start"),
    "count": N_("{a} → {b} layers"),
    "changed": N_("{n} layers changed"),
    "units": N_("{a} → {b} units"),
    "filters": N_("{a} → {b} filters"),
    "dataset": N_("dataset"),
    "input": N_("input"),
    "outputs": N_("outputs"),
    "device": N_("device"),
    "seed": N_("seed"),
    "epochs_word": N_("epochs"),
    "layers_word": N_("layers"),
    "continued": N_("continued from run {n}"),
    "continued_unknown": N_("continued from earlier trained weights"),
    "pretrained": N_("started from {source}"),
    "live": N_("{name} {a} → {b} at epoch {epoch}"),
    "live_detail": N_("{name} {a} → {b} from batch {batch} of epoch {epoch}"),
    "started_fresh": N_("Started from the fresh weights of seed {seed}."),
    "started_fresh_unknown": N_("Started from fresh weights."),
    "started_continued": N_(
        "Continued from the trained weights of run {n}: it trained on top of that run, so "
        "its numbers are not a like-for-like comparison with runs that started from fresh "
        "weights."),
    "started_continued_unknown": N_(
        "Continued from earlier trained weights: its numbers are not a like-for-like "
        "comparison with runs that started from fresh weights."),
    "started_pretrained": N_(
        "Started from the weights of {source}: its numbers are not a like-for-like comparison "
        "with runs that started from fresh weights."),
}

#: Weights from outside the project's runs, by the name a run's record gives them.
_SOURCES = {DIGITS_NETWORK_SOURCE: N_("the ready-trained digits network")}


def describe_source(start: WeightsStart, language: str = "en") -> str:
    """Where pretrained weights came from, in ``language`` ("the ready-trained digits
    network"); a name the app does not know is shown as it is."""
    name = start.source or ""
    return _tr(_SOURCES[name], language) if name in _SOURCES else name

# Training options in the order they appear in a label, with their short names.
_CONFIG_NAMES: dict[str, str] = {
    "preprocessing": N_("preprocessing"),
    "learning_rate": N_("lr"),
    "optimizer": N_("optimizer"),
    "batch_size": N_("batch"),
    "epochs": N_("epochs"),
    "loss": N_("loss"),
    "momentum": N_("momentum"),
    "nesterov": N_("Nesterov"),
    "weight_decay": N_("weight decay"),
    "validation_split": N_("validation"),
    "init": N_("init"),
    "init_std": N_("init std"),
    "early_stopping_patience": N_("early stopping"),
    "keep_best": N_("keep best"),
    "frozen_layers": N_("frozen layers"),
    "target_accuracy": N_("stop at accuracy"),
}
# Differences that change nothing about the experiment itself, only its noise or its speed.
_INCIDENTAL = ("seed", "device")
_DEFAULT_CONFIG: dict[str, Any] = TrainingConfig().to_dict()


def _tr(text: str, language: str) -> str:
    """A word of the tables above in ``language``, from the catalogue."""
    return gettext(text, language)


def _say(template: str, language: str, **params: Any) -> str:
    """A template of the tables above in ``language``, numbers written as its locale writes
    them (the language's usual one: a label has no window to ask)."""
    return Message(template, **params).render(language)


def describe_differences(
    records: Sequence[Record], language: str = "en", max_items: int = 4
) -> list[str]:
    """One short label per run: ``"baseline"`` for the first, what changed from it for the rest.

    A run that continued from trained weights is named by that ("continued from run 2") and
    by what it changed from the run it continued, not from the baseline; a setting changed
    during a run ends its label ("lr 0.01 → 0.001 at epoch 3"). At most ``max_items`` changes
    are named; the rest are counted ("+2 more").
    """
    return [_label(records, i, language, max_items) for i in range(len(records))]


def _label(records: Sequence[Record], index: int, language: str, max_items: int) -> str:
    record = records[index]
    live = describe_live_changes(record, language)
    start = weights_start(record)
    if start is not None and start.source is not None:
        head = _say(_P["pretrained"], language, source=describe_source(start, language))
        if index == 0:
            return _join([head, *live], language, max_items)
        return _join([head, describe_change(records[0], record, language)], language, max_items)
    if start is not None and start.continued:
        parent = continued_from(records, index)
        if parent is None:
            return _join([_tr(_P["continued_unknown"], language), *live], language, max_items)
        items, incidental = list_changes(records[parent], record, language)
        head = _say(_P["continued"], language, n=parent + 1)
        return _join([head, *items, *live, *(f"{a} → {b}" for a, b in incidental)],
                     language, max_items)
    if index == 0:
        return _join([_tr(_P["baseline"], language), *live], language, max_items)
    return describe_change(records[0], record, language, max_items)


def describe_change(
    base: Record, other: Record, language: str = "en", max_items: int | None = None
) -> str:
    """What ``other`` changed from ``base`` as one line (all changes when ``max_items`` is None),
    the settings ``other`` changed while it ran included."""
    items, incidental = list_changes(base, other, language)
    items += describe_live_changes(other, language)
    if not items:
        same = _tr(_P["same"], language)
        if not incidental:
            return same
        return f"{same} ({', '.join(a + ' vs ' + b for a, b in incidental)})"
    items += [f"{old} → {new}" for old, new in incidental]
    return _join(items, language, max_items)


def _join(items: Sequence[str], language: str, max_items: int | None) -> str:
    """``items`` as one line; beyond ``max_items`` the rest are counted ("+2 more")."""
    items = list(items)
    if max_items is not None and len(items) > max_items:
        rest = len(items) - (max_items - 1)
        items = [*items[: max_items - 1], _say(_P["more"], language, n=rest)]
    return "; ".join(items)


# -- where a run started, and what changed while it ran ----------------------------------------


def weights_start(record: Record) -> WeightsStart | None:
    """Where the run's weights started; None for a record that does not say (an older one)."""
    return WeightsStart.from_dict(record.get("weights_start"))


def live_changes(record: Record) -> list[SettingChanged]:
    """The settings changed while the run went on, in order; entries not understood are left
    out, and an older record has none."""
    raw = record.get("live_changes")
    if not isinstance(raw, list):
        return []
    return [change for change in map(SettingChanged.from_dict, raw) if change is not None]


def continued_from(records: Sequence[Record], index: int) -> int | None:
    """The index of the run that run ``index`` went on from, or None: it started fresh, it does
    not say, or the run it names is not an earlier one of ``records``."""
    start = weights_start(records[index])
    if start is None or not start.continued or start.from_run is None:
        return None
    parent = start.from_run - 1
    return parent if 0 <= parent < index else None


def epochs_before(records: Sequence[Record], index: int) -> int:
    """Epochs the run's weights had been trained before its own first epoch, along the runs it
    continued (0 for a fresh run): where its curves go on from when runs are overlaid."""
    total = 0
    parent = continued_from(records, index)
    while parent is not None:  # each step goes to an earlier run, so this ends
        epochs = records[parent].get("epochs")
        if isinstance(epochs, int) and not isinstance(epochs, bool) and epochs > 0:
            total += epochs
        parent = continued_from(records, parent)
    return total


def describe_start(record: Record, language: str = "en") -> str:
    """Where the run's weights started, as a sentence; empty for a record that does not say."""
    start = weights_start(record)
    if start is None:
        return ""
    if start.source is not None:
        return _say(_P["started_pretrained"], language, source=describe_source(start, language))
    if start.continued:
        if start.from_run is None:
            return _tr(_P["started_continued_unknown"], language)
        return _say(_P["started_continued"], language, n=start.from_run)
    if start.seed is None:
        return _tr(_P["started_fresh_unknown"], language)
    return _say(_P["started_fresh"], language, seed=str(start.seed))


def describe_live_changes(
    record: Record, language: str = "en", detail: bool = False
) -> list[str]:
    """``"lr 0.01 → 0.001 at epoch 3"`` for each setting changed during the run; with
    ``detail``, the batch too (``"… from batch 18 of epoch 3"``)."""
    texts = []
    for change in live_changes(record):
        name = _CONFIG_NAMES.get(change.setting)
        key = "live_detail" if detail else "live"
        texts.append(_say(_P[key], language,
            name=_tr(name, language) if name else change.setting.replace("_", " "),
            a=_config_value(change.setting, change.old, language),
            b=_config_value(change.setting, change.new, language),
            epoch=change.epoch, batch=change.batch + 1))
    return texts


def list_changes(
    base: Record, other: Record, language: str = "en"
) -> tuple[list[str], list[tuple[str, str]]]:
    """The changes from ``base`` to ``other``: real ones, and incidental (seed, device) pairs.

    An incidental pair is ``("seed 0", "1")``-like: the name with the old value, and the new
    value, so a caller can write "seed 0 vs 1" or "seed 0 → 1".
    """
    ca, cb = _config(base), _config(other)
    items = _dataset_changes(base, other, ca, cb, language)
    items += network_changes(_layers(base), _layers(other), language)
    for key, name in _CONFIG_NAMES.items():
        if key == "preprocessing":
            continue  # reported with the dataset
        if ca.get(key) != cb.get(key):
            items.append(f"{_tr(name, language)} {_config_value(key, ca.get(key), language)} → "
                         f"{_config_value(key, cb.get(key), language)}")
    incidental: list[tuple[str, str]] = []
    if ca.get("seed") != cb.get("seed"):
        seed = _tr(_P["seed"], language)
        incidental.append((f"{seed} {ca.get('seed')}", f"{cb.get('seed')}"))
    da, db = _device(base, ca), _device(other, cb)
    if da != db:
        incidental.append((f"{_tr(_P['device'], language)} {da}", db))
    return items, incidental


def describe_run(record: Record, language: str = "en") -> str:
    """A run's key settings in one line, e.g. ``adam, lr 0.001, batch 32, 5 epochs; 4 layers``."""
    c = _config(record)
    lr = _config_value("learning_rate", c.get("learning_rate"), language)
    layers = _layers(record)
    parts = [
        f"{c.get('optimizer')}, {_tr(_CONFIG_NAMES['learning_rate'], language)} {lr}, "
        f"{_tr(_CONFIG_NAMES['batch_size'], language)} "
        f"{c.get('batch_size')}, {c.get('epochs')} {_tr(_P['epochs_word'], language)}",
        f"{len(layers)} {_tr(_P['layers_word'], language)}",
    ]
    dataset = _spec_dict(record).get("input", {}).get("dataset")
    if dataset:
        parts.insert(0, str(dataset))
    return "; ".join(parts)


def describe_layers(record: Record, language: str = "en") -> str:
    """The network as one line: ``Flatten → Dense 64, relu → Dense 10, softmax``."""
    return " → ".join(_layer_text(layer, language) for layer in _layers(record))


def parameter_count(record: Record) -> int | None:
    """The network's number of parameters, or None when its description cannot be analysed."""
    from playground.core.network.shapes import analyse

    try:
        analysis = analyse(NetworkSpec.from_dict(record.get("spec")))
    except (PlaygroundError, TypeError, ValueError, AttributeError):
        return None
    return analysis.total_params if analysis.ok else None


# -- networks --------------------------------------------------------------------------------


def network_changes(a: Sequence[Layer], b: Sequence[Layer], language: str = "en") -> list[str]:
    """How layer list ``b`` differs from ``a``, in layer order, numbered as in ``a`` (from 1)."""
    events: list[tuple[float, str]] = []  # (position in a, text)
    edits: dict[tuple[str, str], list[int]] = {}  # (type, change) -> layer numbers in a
    ops = _align(a, b)
    weight = 0  # how much there is to say: one per layer added, removed or replaced

    k = 0
    while k < len(ops):
        kind, i, j = ops[k]
        run = k + 1  # consecutive inserts at one place, or deletes of neighbouring layers
        while run < len(ops) and kind in ("insert", "delete") and ops[run][0] == kind and (
            ops[run][1] == i if kind == "insert" else ops[run][1] == ops[run - 1][1] + 1
        ):
            run += 1
        weight += run - k if kind in ("insert", "delete", "replace") else 0
        if kind == "insert":
            what = ", ".join(_layer_text(b[op[2]], language) for op in ops[k:run])
            key = "after" if i > 0 else "start"
            events.append((i + 0.5, _say(_P[key], language, what=what, n=i)))
        elif kind == "delete":
            old = [a[op[1]] for op in ops[k:run]]
            key = "layer" if len(old) == 1 else "layers"
            text = _say(_P[key], language,
                n=_numbers(list(range(i + 1, i + len(old) + 1))),
                type=", ".join(layer[0] for layer in old),
            )
            events.append((i + 1, f"{MINUS} {text}"))
        elif kind == "edit":
            edits.setdefault((a[i][0], _param_changes(a[i], b[j], language)), []).append(i + 1)
        elif kind == "replace":
            where = _say(_P["layer"], language, n=i + 1, type="").strip()
            events.append((i + 1, f"{where}: {_layer_text(a[i], language)} → "
                                  f"{_layer_text(b[j], language)}"))
        k = run
    for (type_, change), numbers in edits.items():
        key = "layer" if len(numbers) == 1 else "layers"
        text = _say(_P[key], language, n=_numbers(numbers), type=type_)
        events.append((numbers[0], f"{text}: {change}"))
    if weight + len(edits) > MAX_NETWORK_ITEMS:
        if len(a) != len(b):
            return [_say(_P["count"], language, a=len(a), b=len(b))]
        touched = sum(1 for op in ops if op[0] != "equal")
        return [_say(_P["changed"], language, n=touched)]
    return [text for _, text in sorted(events, key=lambda e: e[0])]


# Alignment costs (integers, so ties are exact): keeping a layer is free, editing one costs as
# much as adding or removing one, and putting another type in its place a little less than
# removing it and adding the other.
_ADD = _EDIT = 10
_REPLACE = 19


def _align(a: Sequence[Layer], b: Sequence[Layer]) -> list[tuple[str, int, int]]:
    """The cheapest way to turn ``a`` into ``b``: ``(kind, index in a, index in b)`` steps.

    ``kind`` is ``equal``, ``edit`` (same type, other parameters), ``replace`` (other type),
    ``delete`` or ``insert`` (whose index in ``a`` is the number of ``a`` layers before it).
    Among equally cheap ways, additions and removals go as late as possible: appending a copy
    of the last hidden layer reads "after layer 3", not "after layer 1".
    """

    def substitute(x: Layer, y: Layer) -> int:
        if x[0] != y[0]:
            return _REPLACE
        return 0 if x[1] == y[1] else _EDIT

    n, m = len(a), len(b)
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        cost[i][0] = i * _ADD
    for j in range(1, m + 1):
        cost[0][j] = j * _ADD
    for i in range(1, n + 1):
        row, above = cost[i], cost[i - 1]
        for j in range(1, m + 1):
            row[j] = min(above[j] + _ADD, row[j - 1] + _ADD,
                         above[j - 1] + substitute(a[i - 1], b[j - 1]))
    ops: list[tuple[str, int, int]] = []
    i, j = n, m
    while i or j:
        if i and cost[i][j] == cost[i - 1][j] + _ADD:
            i -= 1
            ops.append(("delete", i, j))
        elif j and cost[i][j] == cost[i][j - 1] + _ADD:
            j -= 1
            ops.append(("insert", i, j))
        else:
            i, j = i - 1, j - 1
            step = substitute(a[i], b[j])
            ops.append(("equal" if step == 0 else "edit" if step == _EDIT else "replace", i, j))
    ops.reverse()
    return ops


def _param_changes(a: Layer, b: Layer, language: str) -> str:
    """``"64 → 128 units, relu → sigmoid"`` for two layers of the same type."""
    definition = LAYER_TYPES.get(a[0])
    names = [p.name for p in definition.params] if definition else sorted(a[1])
    names += sorted((set(a[1]) | set(b[1])) - set(names))
    changes = []
    for name in names:
        va, vb = a[1].get(name), b[1].get(name)
        if va == vb:
            continue
        fa, fb = _value(va, language), _value(vb, language)
        if name in ("units", "filters"):
            changes.append(_say(_P[name], language, a=fa, b=fb))
        elif name in ("activation", "rate"):
            changes.append(f"{fa} → {fb}")
        else:
            label = name.replace("_", " ")
            if definition is not None and any(p.name == name for p in definition.params):
                label = definition.param(name).label.get(language).lower()
            changes.append(f"{label} {fa} → {fb}")
    return ", ".join(changes)


def _layer_text(layer: Layer, language: str = "en") -> str:
    """``Dropout 0.5``, ``Dense (64, relu)``, ``Flatten``; ``Dropout 0,5`` in Spanish."""
    try:
        spec = LayerSpec(layer[0], layer[1])
        detail = spec.describe()
        locale = default_locale(language)
        shown = spec.describe(lambda value, spec_: format_number(value, spec_, locale))
    except PlaygroundError:
        detail = shown = ""
    if not detail:
        return layer[0]
    return f"{layer[0]} ({shown})" if "," in detail else f"{layer[0]} {shown}"


def _numbers(numbers: list[int]) -> str:
    """``3``, ``2–3`` for a run of consecutive numbers, ``2, 4`` otherwise."""
    if len(numbers) > 1 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


# -- reading records -------------------------------------------------------------------------


def _spec_dict(record: Record) -> Mapping[str, Any]:
    spec = record.get("spec")
    return spec if isinstance(spec, Mapping) else {}


def _layers(record: Record) -> list[Layer]:
    """The record's layers with every parameter filled in (defaults for ones an old file lacks)."""
    spec = _spec_dict(record)
    try:
        return [(x.type, dict(x.params)) for x in NetworkSpec.from_dict(spec).layers]
    except (PlaygroundError, TypeError, ValueError, AttributeError):
        pass
    layers: list[Layer] = []
    for item in spec.get("layers", []) if isinstance(spec.get("layers"), list) else []:
        if isinstance(item, Mapping):
            params = item.get("params")
            layers.append((str(item.get("type")), dict(params) if isinstance(params, Mapping)
                           else {}))
    return layers


def _config(record: Record) -> dict[str, Any]:
    config = record.get("config")
    return {**_DEFAULT_CONFIG, **(config if isinstance(config, Mapping) else {})}


def _device(record: Record, config: Mapping[str, Any]) -> str:
    return str(record.get("device") or config.get("device"))


def _dataset_changes(
    base: Record, other: Record, ca: Mapping[str, Any], cb: Mapping[str, Any], language: str
) -> list[str]:
    sa, sb = _spec_dict(base), _spec_dict(other)
    ia, ib = sa.get("input", {}) or {}, sb.get("input", {}) or {}
    items = []
    if ia.get("dataset") != ib.get("dataset"):
        items.append(f"{_tr(_P['dataset'], language)} {ia.get('dataset')} → {ib.get('dataset')}")
    if ia.get("shape") != ib.get("shape"):
        items.append(f"{_tr(_P['input'], language)} {_value(ia.get('shape'), language)} → "
                     f"{_value(ib.get('shape'), language)}")
    oa = (sa.get("output", {}) or {}).get("classes")
    ob = (sb.get("output", {}) or {}).get("classes")
    if oa != ob:
        items.append(f"{_tr(_P['outputs'], language)} {oa} → {ob}")
    if ca.get("preprocessing") != cb.get("preprocessing"):
        items.append(f"{_tr(_CONFIG_NAMES['preprocessing'], language)} "
                     f"{ca.get('preprocessing')} → {cb.get('preprocessing')}")
    da, db = base.get("dataset_options") or {}, other.get("dataset_options") or {}
    if isinstance(da, Mapping) and isinstance(db, Mapping):
        for key in sorted(set(da) | set(db)):
            if da.get(key) != db.get(key):
                items.append(f"{str(key).replace('_', ' ')} {_value(da.get(key), language)} → "
                             f"{_value(db.get(key), language)}")
    return items


def _config_value(key: str, value: Any, language: str) -> str:
    if key in ("early_stopping_patience", "target_accuracy") and value == 0:
        return _tr(_P["off"], language)
    if key in ("validation_split", "target_accuracy") and isinstance(value, (int, float)):
        return f"{_number(value * 100, language)}%"
    return _value(value, language)


def _number(value: float, language: str) -> str:
    return format_number(value, "g", default_locale(language))


def _value(value: Any, language: str) -> str:
    if isinstance(value, bool):
        return _tr(_P["on" if value else "off"], language)
    if isinstance(value, float):
        return _number(value, language)
    if isinstance(value, (list, tuple)):
        return "×".join(str(v) for v in value)
    return str(value)
