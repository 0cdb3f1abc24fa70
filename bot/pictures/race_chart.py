"""A race as a chart (matplotlib's object API): the running position of the leaders at the finish, lap
by lap, caution periods shaded, the legend in finishing order."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.pictures.charts import BACKGROUND, GRID_LINES, MUTED, TEXT, new_figure, png, style_axes
from bot.pictures.specs import RaceChart

WIDTH, HEIGHT = 960, 520
# Ten colours that stay apart on the dark panel (Tableau 10, lightened where too dark).
COLOURS = (
    "#ffd659",
    "#6fd3ff",
    "#ff7f7f",
    "#8fe388",
    "#c9a0ff",
    "#ffb05c",
    "#f2f3f5",
    "#ff9ed8",
    "#5ee0c8",
    "#b8c26a",
    "#9aa8ff",
    "#d9b38c",
)
CAUTION = "#ffd659"


def race_figure(spec: RaceChart) -> Figure:
    """Title on top, the chart on the left, the legend (finishing order) on the right."""
    figure = new_figure(WIDTH, HEIGHT)
    figure.text(24 / WIDTH, 1 - 16 / HEIGHT, spec.title, color=TEXT, fontsize=20, weight="bold", va="top")
    subtitle = f"Running position by lap · top {len(spec.lines)} at the finish · cautions shaded"
    figure.text(24 / WIDTH, 1 - 50 / HEIGHT, subtitle, color=MUTED, fontsize=12, va="top")
    axes = figure.add_axes((56 / WIDTH, 48 / HEIGHT, 600 / WIDTH, (HEIGHT - 140) / HEIGHT))
    style_axes(axes)
    for first, last in spec.cautions:
        axes.axvspan(first - 1, last, color=CAUTION, alpha=0.12, linewidth=0)
    deepest = 1
    for index, line in enumerate(spec.lines):
        laps = [lap for lap, position in enumerate(line.positions) if position is not None]
        positions = [position for position in line.positions if position is not None]
        deepest = max(deepest, *positions)
        axes.plot(laps, positions, color=COLOURS[index % len(COLOURS)], linewidth=1.4, label=line.label)
    axes.set_xlim(0, max(spec.laps, 1))
    axes.set_ylim(deepest + 0.5, 0.5)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=10))
    axes.set_xlabel("lap", color=MUTED, fontsize=11)
    axes.set_ylabel("position", color=MUTED, fontsize=11)
    axes.grid(axis="x", color=GRID_LINES, linewidth=0.5)
    legend = axes.legend(
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        frameon=True,
        facecolor=BACKGROUND,
        edgecolor=BACKGROUND,
        framealpha=1.0,
        fontsize=11,
        labelcolor=TEXT,
        handlelength=1.4,
        borderaxespad=0.0,
    )
    legend.set_in_layout(False)
    return figure


def draw_race_chart(spec: RaceChart) -> bytes:
    return png(race_figure(spec))
