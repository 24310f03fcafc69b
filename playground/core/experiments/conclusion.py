"""What an experiment found, said in one plain paragraph in the reader's language.

The paragraph names the best combination with its score (and its spread over seeds), the worst,
the values that learned nothing, diverged, fell behind or failed, whether the winner's lead is
larger than the noise between seeds, and, when several settings were varied, which one
mattered most. Every sentence is a catalogue template, so a Spanish reader reads Spanish with
Spanish numbers ("97,1%", "0,001").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from playground.core.experiments.definition import Experiment
from playground.core.experiments.settings import setting_label
from playground.core.experiments.summary import SummaryRow
from playground.core.messages import N_, Message

__all__ = ["conclusion", "describe_values"]

MEASURES = {
    ("validation", "accuracy"): N_("validation accuracy"),
    ("test", "accuracy"): N_("test accuracy"),
    ("validation", "loss"): N_("validation loss"),
    ("test", "loss"): N_("test loss"),
}
BEST = {
    ("accuracy", False): N_("The best {measure}, {score:.1%}, came with {values}."),
    ("accuracy", True): N_("The best {measure}, {score:.1%} on average over {runs} seeds "
                           "(± {spread:.1%}), came with {values}."),
    ("loss", False): N_("The lowest {measure}, {score:.4f}, came with {values}."),
    ("loss", True): N_("The lowest {measure}, {score:.4f} on average over {runs} seeds "
                       "(± {spread:.4f}), came with {values}."),
}
WORST = {"accuracy": N_("The lowest, {score:.1%}, came with {values}."),
         "loss": N_("The highest, {score:.4f}, came with {values}.")}
CLOSE = {"accuracy": N_("The best two differ by {difference:.1%}, less than the spread between "
                        "seeds, so the difference may be chance."),
         "loss": N_("The best two differ by {difference:.4f}, less than the spread between "
                    "seeds, so the difference may be chance.")}
TARGET = {"accuracy": N_("Run {trial} reached the target of {target:.1%}, so the experiment "
                         "stopped there."),
          "loss": N_("Run {trial} reached the target loss of {target:.4f}, so the experiment "
                     "stopped there.")}
ROSE = {"accuracy": N_("With {values} the training loss rose above where it started, which is "
                       "what too big a step does; it reached {score:.1%}."),
        "loss": N_("With {values} the training loss rose above where it started, which is what "
                   "too big a step does; it ended at {score:.4f}.")}
CHANCE_MARGIN = 0.05  # an accuracy this close to guessing means nothing was learned

Say = Callable[[Message], str]
VALUE, FLOAT_VALUE = N_("{setting} = {value}"), N_("{setting} = {value:.3g}")


def _value(value: Any) -> Any:
    if isinstance(value, bool):
        return Message("on") if value else Message("off")
    return value


def describe_values(values: dict[str, Any], experiment: Experiment, say: Say) -> str:
    """``learning rate = 0.001, batch size = 32`` in the reader's language (a searched
    number to three significant digits)."""
    return ", ".join(
        say(Message(FLOAT_VALUE if isinstance(value, float) else VALUE,
                    setting=setting_label(name, experiment.spec), value=_value(value)))
        for name, value in values.items())


def _many(rows: Sequence[SummaryRow], experiment: Experiment, say: Say,
          count: Callable[[SummaryRow], int] | None = None) -> str:
    """Several rows' values, each with ``(k of n)`` runs when ``count`` says how many."""
    parts = []
    for row in rows:
        text = describe_values(row.values, experiment, say)
        if count is not None:
            text = say(Message("{values} ({count} of {runs})", values=text, count=count(row),
                               runs=row.runs))
        parts.append(text)
    return "; ".join(parts)


def conclusion(result: Any, language: str = "en", locale: str | None = None) -> str:
    """One paragraph on ``result`` (an :class:`~playground.core.experiments.runner.
    ExperimentResult`) in ``language``."""

    def say(message: Message) -> str:
        return message.render(language, locale)

    return " ".join(say(m) if isinstance(m, Message) else m for m in _sentences(result, say))


def _sentences(result: Any, say: Say) -> list[Message | str]:
    experiment: Experiment = result.experiment
    rows: Sequence[SummaryRow] = result.rows
    metric = experiment.metric
    out: list[Message | str] = []
    if result.target_trial is not None and result.target is not None:
        out.append(Message(TARGET[metric], trial=result.target_trial + 1, target=result.target))
    scored = [row for row in rows if row.score.mean is not None]
    if not scored:
        out.append(Message("No run has finished yet, so there is nothing to compare."))
    else:
        out.extend(_ranking(scored, experiment, say))
    out.extend(_troubles(rows, experiment, say))
    if result.importance:
        name, share = max(result.importance.items(), key=lambda item: item[1])
        out.append(Message("Of the settings varied, {setting} made the most difference "
                           "({share:.0%}).", setting=setting_label(name, experiment.spec),
                           share=share))
    pending = sum(row.pending for row in rows) + sum(
        max(0, experiment.repeats - row.runs - row.pending) for row in rows
        if experiment.mode == "grid")
    if pending and result.stopped != "target":
        out.append(Message("Runs not finished yet: {count} (queued, running elsewhere, or "
                           "stopped).", count=pending))
    return out


def _ranking(scored: list[SummaryRow], experiment: Experiment, say: Say) -> list[Message]:
    metric = experiment.metric
    sign = 1 if metric == "accuracy" else -1
    order = sorted(scored, key=lambda row: -sign * row.score.mean)  # type: ignore[operator]
    best = order[0]
    measure = Message(MEASURES[(experiment.measure, metric)])
    spread = best.score.std is not None
    out = [Message(BEST[(metric, spread)], measure=measure, score=best.score.mean,
                   runs=best.score.count, spread=best.score.std or 0.0,
                   values=describe_values(best.values, experiment, say))]
    worst = order[-1]
    if len(order) >= 3 and not _at_chance(worst, experiment) and worst.rose * 2 < worst.measured:
        out.append(Message(WORST[metric], score=worst.score.mean,
                           values=describe_values(worst.values, experiment, say)))
    if len(order) >= 2:
        second = order[1]
        difference = abs(best.score.mean - second.score.mean)  # type: ignore[operator]
        noise = max(best.score.std or 0.0, second.score.std or 0.0)
        if best.score.std is None and second.score.std is None:
            out.append(Message("Each combination ran with one seed, so small differences may "
                               "be chance; repeats would show the spread."))
        elif difference < noise:
            out.append(Message(CLOSE[metric], difference=difference))
    return out


def _at_chance(row: SummaryRow, experiment: Experiment) -> bool:
    classes = experiment.spec.num_classes
    return experiment.metric == "accuracy" and classes >= 2 and row.score.mean is not None \
        and row.score.mean < 1 / classes + CHANCE_MARGIN


def _troubles(rows: Sequence[SummaryRow], experiment: Experiment, say: Say) -> list[Message]:
    out = []
    rose = [row for row in rows if row.rose * 2 >= row.measured > 0]
    for row in rose:
        out.append(Message(ROSE[experiment.metric], score=row.score.mean,
                           values=describe_values(row.values, experiment, say)))
    chance = [row for row in rows if _at_chance(row, experiment) and row not in rose]
    if chance:
        out.append(Message("With {values} the network learned nothing: its accuracy stayed "
                           "near chance ({chance:.0%}).", values=_many(chance, experiment, say),
                           chance=1 / experiment.spec.num_classes))
    diverged = [row for row in rows if row.diverged]
    every = [row for row in diverged if row.diverged == row.runs]
    if every:
        out.append(Message("With {values} training diverged: the loss grew instead of "
                           "falling.", values=_many(every, experiment, say)))
    for row in diverged:
        if row not in every:
            out.append(Message("With {values} training diverged in {count} of {runs} runs.",
                               values=describe_values(row.values, experiment, say),
                               count=row.diverged, runs=row.runs))
    pruned = [row for row in rows if row.pruned]
    if pruned:
        out.append(Message("Stopped early for falling behind the others: {values}.",
                           values=_many(pruned, experiment, say, lambda row: row.pruned)))
    failed = [row for row in rows if row.failed]
    if failed:
        out.append(Message("Failed with an error: {values}. The runs' lines say why.",
                           values=_many(failed, experiment, say, lambda row: row.failed)))
    return out
