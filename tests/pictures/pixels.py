"""Reading a picture back: known text drawn into its known box must match the picture's pixels there.

The drawing code says where a line of text goes (the card's layout, a chart's text artist); the test
says what it must read, from the raw data. The expected text is drawn alone, with the same font at the
same place on the same background, and the two crops are compared: a different name (or none) differs
by far more than the palette's rounding.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image, ImageDraw

from bot.pictures.charts import BACKGROUND, new_figure, png
from bot.pictures.grid_card import TextBox, font

# Mean absolute difference per channel (0–255) below which two crops show the same text.
SAME = 6.0


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image.convert("RGB")


def difference(a: Image.Image, b: Image.Image) -> float:
    return float(np.abs(np.asarray(a, dtype=np.int16) - np.asarray(b, dtype=np.int16)).mean())


def not_blank(image: Image.Image) -> None:
    """Many colours and real contrast: something was drawn."""
    pixels = np.asarray(image, dtype=np.float32)
    assert len(image.getcolors(1 << 24) or ()) > 16
    assert pixels.std() > 20


def card_text_difference(picture: Image.Image, box: TextBox, expected: str) -> float:
    """How far the card's pixels where `box` is drawn are from `expected` drawn there alone."""
    face = font(box.font, box.size)
    left, top, right, bottom = face.getbbox(expected, anchor=box.anchor)
    x, y = box.xy
    area = (x + left, y + top, x + right, y + bottom)
    alone = Image.new("RGB", picture.size, box.background)
    ImageDraw.Draw(alone).text(box.xy, expected, fill=box.fill, font=face, anchor=box.anchor)
    return difference(picture.crop(area), alone.crop(area))


def chart_text_difference(figure: Figure, drawn: bytes, text: Text, expected: str) -> float:
    """How far the chart's pixels where `text` is are from `expected` drawn alone with its font, at its
    place, on the house background."""
    width, height = (round(v) for v in figure.bbox.size)
    alone = new_figure(width, height)
    x, y = text.get_transform().transform(text.get_position())
    copy = alone.text(
        x / width,
        y / height,
        expected,
        fontproperties=text.get_fontproperties(),
        color=text.get_color(),
        ha=text.get_horizontalalignment(),
        va=text.get_verticalalignment(),
    )
    reference = png(alone)
    extent = copy.get_window_extent(alone.canvas.get_renderer())  # type: ignore[attr-defined]
    area = (int(extent.x0), int(height - extent.y1), int(extent.x1) + 1, int(height - extent.y0) + 1)
    return difference(decoded(drawn).crop(area), decoded(reference).crop(area))


__all__ = ["BACKGROUND", "SAME", "card_text_difference", "chart_text_difference", "decoded", "not_blank"]
