"""The Health view's gradient-size chart on the lesson "Why skip connections?": the plain deep
network's gradients vanish towards the first layer, the residual one's do not."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF

from playground.gui.inside.gradient_chart import GradientNormChart


def measured_chart(qtbot, pane) -> GradientNormChart:
    view = pane.health
    view.report = None
    pane.refresh()
    qtbot.waitUntil(lambda: view.report is not None, timeout=60_000)
    return view.gradient_chart


def test_the_chart_shows_gradients_vanish_without_skips_and_not_with_them(qtbot,
                                                                         open_window) -> None:
    window = open_window()
    lessons = window.features["lessons"]
    assert lessons.open_lesson("skip-connections")
    pane = window.features["inside"].pane
    pane.tabs.setCurrentWidget(pane.health)
    qtbot.waitUntil(lambda: pane.samples.data is not None, timeout=30_000)

    residual = measured_chart(qtbot, pane)
    report = pane.health.report
    weighted = [h for h in report.layers if h.gradient_norm is not None]
    assert len(residual.points) == len(weighted) == 20  # the 20 Dense layers; Adds have none
    assert [norm for _, norm in residual.points] == [h.gradient_norm for h in weighted]
    assert residual.points[0][0] == "2 Dense" and residual.ratio() > 1e-2

    session = lessons.session
    remove = next((s, a) for s, step in enumerate(session.lesson.steps)
                  for a, action in enumerate(step.actions)
                  if action.label.en == "Remove the skip connections")
    session.go_to(remove[0])
    assert session.apply(remove[1])
    assert window.document.spec.is_sequential
    plain = measured_chart(qtbot, pane)
    assert len(plain.points) == 20 and plain.ratio() < 1e-3  # vanishing
    assert "First layer's gradient / last layer's:" in plain.readout.text()
    # Pointing at a point reads it out; its number is the layer's size of gradient.
    box = plain.plot.getPlotItem().getViewBox()
    qtbot.waitUntil(lambda: box.sceneBoundingRect().width() > 0, timeout=5000)
    name, norm = plain.points[0]

    def point_at_the_first() -> bool:
        plain._mouse_moved(box.mapViewToScene(QPointF(1.0, math.log10(norm))))
        return plain.readout.text() == plain.describe_point(0)

    qtbot.waitUntil(point_at_the_first, timeout=10_000)
    assert plain.describe_point(0).startswith(f"Layer {name}: gradient size ")


def test_layers_whose_gradient_is_zero_are_counted_not_drawn(qtbot) -> None:
    chart = GradientNormChart()
    qtbot.addWidget(chart)
    chart.show_norms([("1 Dense", 0.5), ("2 ReLU", None), ("3 Dense", 0.0),
                      ("4 Dense", float("nan")), ("5 Dense", 0.005)])
    assert chart.points == [("1 Dense", 0.5), ("5 Dense", 0.005)]
    assert chart.ratio() == 100.0
    assert "layers with a zero gradient, not drawn: 2" in chart.readout.text()
    chart.clear()
    assert chart.points == [] and chart.ratio() is None and chart.readout.text() == ""


def test_the_scale_spans_at_least_two_decades_labelled_as_powers_of_ten() -> None:
    from playground.gui.inside.gradient_chart import decades, power_of_ten

    assert decades([0.06, 0.5]) == (-2, 0)  # a flat line stays flat: two decades or more
    assert decades([9.2e-6 * 0.1, 0.1]) == (-7, -1)
    assert decades([0.2, 0.3]) == (-2, 1)  # one decade, widened on both sides
    assert [power_of_ten(k) for k in (-7, -1, 0, 1, 2, 3)] == [
        "10⁻⁷", "10⁻¹", "1", "10", "100", "10³"]
