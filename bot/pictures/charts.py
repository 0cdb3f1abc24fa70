"""What the charts share: a Figure on its own Agg canvas (never pyplot, whose global figures leak in a
server), the house colours of the grid card, and the PNG bytes at an exact pixel size."""

from __future__ import annotations

import io

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

DPI = 100
BACKGROUND = "#15181f"
PANEL = "#1e222c"
GRID_LINES = "#333a48"
TEXT = "#f2f3f5"
MUTED = "#aab0bc"
GOLD = "#ffd659"
PALETTE = 256


def new_figure(width_px: int, height_px: int) -> Figure:
    """A figure of exactly `width_px` × `height_px` pixels, on the house background."""
    figure = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI, facecolor=BACKGROUND)
    FigureCanvasAgg(figure)
    return figure


def style_axes(axes: Axes) -> None:
    """Dark panel, muted ticks and spines, a faint horizontal grid."""
    axes.set_facecolor(PANEL)
    axes.tick_params(colors=MUTED, labelsize=11)
    for spine in axes.spines.values():
        spine.set_color(GRID_LINES)
    axes.grid(axis="y", color=GRID_LINES, linewidth=0.8)
    axes.set_axisbelow(True)


def series_hex(colour: int) -> str:
    return f"#{colour:06x}"


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes at its own size (no tight bounding box, so the size is known), in a
    palette of at most 256 colours: a chart has a few flat colours and their anti-aliased edges, so it
    looks the same at a third of the bytes of full colour (less to upload, to cache, and for a phone)."""
    raw = io.BytesIO()
    figure.savefig(raw, format="raw", dpi=DPI, facecolor=figure.get_facecolor())
    size = (round(figure.bbox.width), round(figure.bbox.height))
    drawn = Image.frombytes("RGBA", size, raw.getvalue()).convert("RGB")
    buffer = io.BytesIO()
    drawn.quantize(PALETTE, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(buffer, "PNG")
    return buffer.getvalue()
