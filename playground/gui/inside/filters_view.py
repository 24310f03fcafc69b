"""The kernels of every Conv2D layer, as a grid of small pictures that change while it learns.

Blue is a negative weight, red a positive one and white zero, with one colour scale per layer, so
the same weight has the same colour in every filter of the layer. A kernel of a later layer
looks at many input channels at once; it is drawn averaged over them, or for one chosen channel.
A first layer reading colour pictures can also be drawn in colour, its red, green and blue
kernels as one RGB picture on grey (zero), the way the ConvNetJS CIFAR-10 demo shows them.

A second mode, "What it looks for", shows for one layer what makes each filter fire: the
picture it would like best and its strongest training patches
(:mod:`playground.gui.inside.filter_patterns_panel`).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from playground.gui.inside.base import InsideView
from playground.gui.inside.canvas import LayerCanvas
from playground.gui.inside.filter_patterns_panel import FilterPatternsPanel
from playground.gui.inside.state import ViewContext
from playground.gui.inside.tiles import mosaic, symmetric_level

AVERAGE = -1
COLOUR = -2  # RGB pictures for layers with three input channels, averaged for the others
WEIGHTS, PATTERNS = "weights", "patterns"  # the two modes


class FiltersView(InsideView):
    """One row per Conv2D layer: its filters (at most 64 shown), hover to enlarge one; or, in
    the second mode, what each filter of one layer looks for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("filtersView", self.tr("Convolution filters"), parent)
        self.mode_combo = QComboBox(objectName="filtersModeCombo")
        self.mode_combo.setAccessibleName(self.tr("What the filters view shows"))
        self.mode_combo.setToolTip(self.tr(
            "The filters' weights, or what each filter of a layer looks for: the picture it "
            "would like best and the training patches that make it fire most"))
        self.mode_combo.addItem(self.tr("Weights"), WEIGHTS)
        self.mode_combo.addItem(self.tr("What it looks for"), PATTERNS)
        self.mode_combo.currentIndexChanged.connect(self._mode_chosen)
        self.mode_caption = QLabel(self.tr("View:"))
        self.mode_caption.setBuddy(self.mode_combo)  # a screen reader says what the combo is
        self.controls.addWidget(self.mode_caption)
        self.controls.addWidget(self.mode_combo)
        self.channel_combo = QComboBox(objectName="filtersChannelCombo")
        self.channel_combo.setAccessibleName(self.tr("Input channel of the kernels"))
        self.channel_combo.setToolTip(self.tr(
            "A filter of a later layer has one kernel per input channel: show their average, "
            "or the kernels for one input channel"))
        self.channel_combo.addItem(self.tr("Average over input channels"), AVERAGE)
        self.channel_combo.currentIndexChanged.connect(lambda _i: self.options_changed())
        self.channel_caption = QLabel(self.tr("Show:"))
        self.channel_caption.setBuddy(self.channel_combo)
        self.controls.addWidget(self.channel_caption)
        self.controls.addWidget(self.channel_combo)
        self.canvas = LayerCanvas("filtersCanvas", self.tr("Convolution filters"), row_height=170)
        self.body.addWidget(self.canvas)
        self.patterns = FilterPatternsPanel(self.show_note)
        self.patterns.layer_combo.currentIndexChanged.connect(lambda _i: self.options_changed())
        self.controls.addWidget(self.patterns.layer_caption)
        self.controls.addWidget(self.patterns.layer_combo)
        self.body.addWidget(self.patterns)
        self._show_mode()
        # Layer index -> the kernels drawn for it, (filters, k, k), for tests and export.
        self.shown: dict[int, np.ndarray] = {}

    @property
    def mode(self) -> str:
        return str(self.mode_combo.currentData())

    def set_mode(self, mode: str) -> None:
        """``"weights"`` or ``"patterns"`` (what it looks for)."""
        index = self.mode_combo.findData(mode)
        if index >= 0:
            self.mode_combo.setCurrentIndex(index)

    def _mode_chosen(self, _index: int) -> None:
        self._show_mode()
        self.options_changed()

    def _show_mode(self) -> None:
        """Each mode's own controls and pictures; the other mode's are hidden."""
        patterns = self.mode == PATTERNS
        for widget in (self.channel_caption, self.channel_combo, self.canvas):
            widget.setVisible(not patterns)
        for widget in (self.patterns.layer_caption, self.patterns.layer_combo, self.patterns):
            widget.setVisible(patterns)

    @property
    def channel(self) -> int | None:
        value = self.channel_combo.currentData()
        return None if value is None or value < 0 else int(value)

    @property
    def in_colour(self) -> bool:
        return self.channel_combo.currentData() == COLOUR

    def set_channel(self, channel: int | None) -> None:
        index = self.channel_combo.findData(AVERAGE if channel is None else channel)
        if index >= 0:
            self.channel_combo.setCurrentIndex(index)

    def set_colour(self) -> None:
        index = self.channel_combo.findData(COLOUR)
        if index >= 0:
            self.channel_combo.setCurrentIndex(index)

    def _offer_channels(self, most: int, colour: bool) -> None:
        """The average, colour when a layer reads RGB, then one entry per input channel.

        Colour is chosen when it first becomes possible: that is how a colour picture's
        filters are easiest to read.
        """
        wanted = [AVERAGE, *([COLOUR] if colour else []), *range(most)]
        have = [self.channel_combo.itemData(i) for i in range(self.channel_combo.count())]
        if have == wanted:
            return
        keep, was_colour = self.channel, self.in_colour
        self.channel_combo.blockSignals(True)
        while self.channel_combo.count() > 1:
            self.channel_combo.removeItem(1)
        if colour:
            self.channel_combo.addItem(self.tr("Colour (red, green and blue together)"), COLOUR)
        for c in range(most):
            self.channel_combo.addItem(self.tr("Input channel {0}").format(c + 1), c)
        self.channel_combo.blockSignals(False)
        if colour and (was_colour or COLOUR not in have):
            self.set_colour()
        else:
            self.set_channel(keep if keep is not None and keep < most else None)

    def retranslate(self) -> None:
        """After a change of language: the numbered input channels of the choice (the view's
        rows and note are drawn again by the pane)."""
        for i in range(self.channel_combo.count()):
            channel = self.channel_combo.itemData(i)
            if channel is not None and channel >= 0:
                self.channel_combo.setItemText(i, self.tr("Input channel {0}").format(channel + 1))

    def draw(self, context: ViewContext) -> bool | None:
        if self.mode == PATTERNS:
            return self.patterns.draw(context)
        self.shown = {}
        state = context.state
        if state is None:
            self.canvas.set_rows([])
            self.show_note(context.message)
            return
        filter_sets = state.filters()
        if not filter_sets:
            self.canvas.set_rows([])
            self._offer_channels(0, colour=False)
            self.show_note(self.tr(
                "This network has no Conv2D layer, so it has no filters to show. Add a Conv2D "
                "layer (or open the cnn-mnist template) to watch filters learn."))
            return
        self._offer_channels(max(f.in_channels for f in filter_sets),
                             colour=any(f.in_channels == 3 for f in filter_sets))
        rows = self.canvas.set_rows(["tiles"] * len(filter_sets))
        chosen = self.channel
        for row, filters in zip(rows, filter_sets, strict=True):
            channel = chosen if chosen is not None and chosen < filters.in_channels else None
            colour = self.in_colour and filters.in_channels == 3
            kernels = filters.images(channel)
            tiles = (mosaic(filters.colour(), values=filters.kernels.transpose(0, 2, 3, 1))
                     if colour else mosaic(kernels))
            k = kernels.shape[-1]
            n = filters.layer_index + 1
            row.name = self.tr("Layer {0} Conv2D").format(n)
            row.tile_word = self.tr("filter")
            title = self.tr("Layer {0} · Conv2D · {1} filters of {2}×{2}").format(
                n, filters.filters, k)
            if colour:
                title += self.tr(", in colour: grey is zero, a colour is the one it looks for")
            elif filters.in_channels > 1:
                title += (self.tr(", averaged over {0} input channels").format(
                    filters.in_channels) if channel is None
                    else self.tr(", input channel {0}").format(channel + 1))
            if tiles.capped:
                title += self.tr(" · showing the first {0} of {1}").format(
                    len(tiles.tiles), tiles.total)
            row.set_title(title)
            row.show_tiles(tiles, symmetric_level(kernels))
            self.shown[filters.layer_index] = tiles.tiles
        if self.in_colour and any(f.in_channels == 3 for f in filter_sets):
            self.show_note(self.tr(
                "{0}: colour filters are grey where a weight is zero and take the colour they "
                "respond to; the other layers are blue for negative weights, red for positive. "
                "Point at a filter to enlarge it.").format(state.label))
            return
        self.show_note(self.tr(
            "{0}: blue weights are negative, red positive, white near zero (one scale per "
            "layer). Point at a filter to enlarge it.").format(state.label))

    def export_widget(self) -> QWidget:
        return self.patterns.canvas.graphics if self.mode == PATTERNS else self.canvas.graphics
