"""A driver's career as a chart (matplotlib's object API): a panel per series, a group of nested bars
per season (starts, top 10s, top 5s, wins) and the average finish as a line on an inverted axis."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.pictures.charts import MUTED, TEXT, new_figure, png, series_hex, style_axes
from bot.pictures.specs import CareerChart, CareerPanel
from kernel.series import SERIES_BY_CODE

WIDTH = 800
TITLE_H = 80
PANEL_H = 330
# The average finish: a light blue that reads on every series' colour.
FINISH = "#6fd3ff"
# The bars, widest (starts) to narrowest (wins), with their legend names.
BARS = (
    ("starts", "Starts", 0.84),
    ("top10", "Top 10s", 0.84),
    ("top5", "Top 5s", 0.6),
    ("wins", "Wins", 0.36),
)


def chart_height(panels: int) -> int:
    return TITLE_H + panels * PANEL_H


def career_figure(spec: CareerChart) -> Figure:
    """The chart: the driver's name and scope on top, then one panel per series."""
    height = chart_height(len(spec.panels))
    figure = new_figure(WIDTH, height)
    figure.text(24 / WIDTH, 1 - 18 / height, spec.driver, color=TEXT, fontsize=22, weight="bold", va="top")
    subtitle = "Season by season" + (f" · {spec.scope}" if spec.scope else "")
    figure.text(24 / WIDTH, 1 - 54 / height, subtitle, color=MUTED, fontsize=13, va="top")
    for index, panel in enumerate(spec.panels):
        top = 1 - (TITLE_H + index * PANEL_H) / height
        bottom = top - PANEL_H / height
        axes = figure.add_axes((64 / WIDTH, bottom + 44 / height, 1 - 128 / WIDTH, (PANEL_H - 84) / height))
        _panel(axes, panel)
    return figure


def _panel(axes: Axes, panel: CareerPanel) -> None:
    style_axes(axes)
    spec = SERIES_BY_CODE.get(panel.series_code)
    colour = series_hex(spec.colour) if spec is not None else "#5865f2"
    seasons = [bar.season for bar in panel.seasons]
    shades = {"starts": ("#3a4152", 1.0), "top10": (colour, 0.45), "top5": (colour, 0.8), "wins": (TEXT, 1.0)}
    for field, label, width in BARS:
        fill, alpha = shades[field]
        values = [getattr(bar, field) for bar in panel.seasons]
        axes.bar(seasons, values, width=width, color=fill, alpha=alpha, label=label, linewidth=0)
    axes.set_ylabel("races", color=MUTED, fontsize=11)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=12))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlim(seasons[0] - 0.6, seasons[-1] + 0.6)
    axes.set_title(panel.series_label, color=TEXT, fontsize=15, weight="bold", loc="left")
    finish = axes.twinx()
    lines = [
        finish.plot(*zip(*run, strict=True), color=FINISH, marker="o", markersize=4, linewidth=1.5)[0]
        for run in _runs(panel)
    ]
    finish.set_ylim(44, 0)
    finish.set_ylabel("average finish", color=MUTED, fontsize=11)
    finish.tick_params(colors=MUTED, labelsize=11)
    finish.spines[:].set_visible(False)
    handles, labels = axes.get_legend_handles_labels()
    if lines:
        handles.append(lines[0])
        labels.append("Avg finish")
    legend = axes.legend(
        handles,
        labels,
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncol=len(labels),
        frameon=False,
        fontsize=11,
        labelcolor=MUTED,
        borderaxespad=0.2,
        handlelength=1.2,
        columnspacing=1.0,
    )
    legend.set_in_layout(False)


def _runs(panel: CareerPanel) -> list[list[tuple[int, float]]]:
    """The average finishes in runs of consecutive seasons: a season off breaks the line."""
    runs: list[list[tuple[int, float]]] = []
    for bar in panel.seasons:
        if bar.avg_finish is None:
            continue
        if not runs or runs[-1][-1][0] != bar.season - 1:
            runs.append([])
        runs[-1].append((bar.season, bar.avg_finish))
    return runs


def draw_career_chart(spec: CareerChart) -> bytes:
    return png(career_figure(spec))
