"""The starting-grid card, drawn with Pillow: two cars a row as on the real grid graphic, the pole on top.

`card_layout` places every box and line of text (pure geometry, so tests can redraw a known name in
its box and compare pixels); `draw_grid_card` paints the layout and returns a PNG. 800 pixels wide:
at Discord's embed width (about 400) a driver's name is still 12 pixels tall; the fonts are DejaVu
Sans, shipped beside this module under their licence.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot.pictures.specs import OUTSIDE_POLE, POLE, GridCard
from kernel.series import SERIES_BY_CODE

FONTS = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"regular": FONTS / "DejaVuSans.ttf", "bold": FONTS / "DejaVuSans-Bold.ttf"}

WIDTH = 800
MARGIN = 24
COLUMN_GAP = 16
CARD_W = (WIDTH - 2 * MARGIN - COLUMN_GAP) // 2
CARD_H = 68
ROW_GAP = 10
# The outside car sits a little back, as on track.
STAGGER = 20
HEADER_H = 140
FOOTER_H = 34
STRIPE_W = 76
PAD = 12
RADIUS = 10
PALETTE = 128
# zlib level 3: half the encoding time of the default 6, for a file a fifth larger (100 KB for 40 cars).
COMPRESSION = 3

RGB = tuple[int, int, int]
BACKGROUND: RGB = (21, 24, 31)
CARD: RGB = (35, 40, 52)
TEXT: RGB = (242, 243, 245)
MUTED: RGB = (170, 176, 188)
GOLD: RGB = (255, 214, 89)
SILVER: RGB = (200, 204, 212)
MARK_COLOURS = {POLE: GOLD, OUTSIDE_POLE: SILVER}


@dataclass(frozen=True, slots=True)
class TextBox:
    """A line of text as drawn: its top-left (Pillow's "la" anchor), font, colour and the colour under it."""

    text: str
    xy: tuple[int, int]
    font: str
    size: int
    fill: RGB
    background: RGB
    anchor: str = "la"


@dataclass(frozen=True, slots=True)
class Panel:
    """A rounded box: the card of one car, its series-coloured stripe, a pill."""

    box: tuple[int, int, int, int]
    fill: RGB | None
    outline: RGB | None = None
    # Which corners are rounded: top-left, top-right, bottom-right, bottom-left.
    corners: tuple[bool, bool, bool, bool] = (True, True, True, True)


@dataclass(frozen=True, slots=True)
class CardLayout:
    """Everything the card draws, in drawing order; `drivers` are the name lines in grid order."""

    size: tuple[int, int]
    panels: tuple[Panel, ...]
    texts: tuple[TextBox, ...]
    drivers: tuple[TextBox, ...]


@cache
def font(kind: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_FILES[kind]), size)


def fitted(text: str, kind: str, size: int, smallest: int, width: int) -> tuple[str, int]:
    """The text and the largest size from `size` down to `smallest` at which it fits `width`; below
    that, cut with an ellipsis at `smallest`."""
    for each in range(size, smallest - 1, -1):
        if font(kind, each).getlength(text) <= width:
            return text, each
    face = font(kind, smallest)
    while text and face.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…", smallest


def ink_on(colour: RGB) -> RGB:
    """Dark or light text, whichever reads on `colour`."""
    red, green, blue = colour
    return BACKGROUND if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else TEXT


def series_rgb(code: str) -> RGB:
    spec = SERIES_BY_CODE.get(code)
    value = spec.colour if spec is not None else 0x5865F2
    return (value >> 16 & 0xFF, value >> 8 & 0xFF, value & 0xFF)


def card_height(cars: int) -> int:
    rows = (cars + 1) // 2
    return HEADER_H + rows * (CARD_H + ROW_GAP) + STAGGER + FOOTER_H


def card_origin(index: int) -> tuple[int, int]:
    """Top-left of the `index`th car's card (grid order): inside column left, outside right and back."""
    row, column = divmod(index, 2)
    x = MARGIN + column * (CARD_W + COLUMN_GAP)
    y = HEADER_H + row * (CARD_H + ROW_GAP) + (STAGGER if column else 0)
    return x, y


def card_layout(spec: GridCard) -> CardLayout:
    """Where everything goes: the header (race, track and date, how the grid was set, series pill) and a
    card per car with its slot and number on a series-coloured stripe, the driver, make and team."""
    accent = series_rgb(spec.series_code)
    panels: list[Panel] = [Panel((0, 0, WIDTH, 8), accent, corners=(False, False, False, False))]
    texts: list[TextBox] = []
    pill_text, pill_size = spec.series_label, 18
    pill_w = int(font("bold", pill_size).getlength(pill_text)) + 2 * PAD
    pill = (WIDTH - MARGIN - pill_w, 26, WIDTH - MARGIN, 26 + 32)
    panels.append(Panel(pill, accent))
    texts.append(TextBox(pill_text, (pill[0] + PAD, pill[1] + 6), "bold", pill_size, ink_on(accent), accent))
    header_width = WIDTH - 2 * MARGIN - pill_w - PAD
    for text, kind, size, smallest, y, colour in (
        (spec.race, "bold", 34, 20, 24, TEXT),
        (spec.where, "regular", 20, 14, 72, TEXT),
        (spec.how, "regular", 18, 13, 102, MUTED),
    ):
        shown, fits = fitted(text, kind, size, smallest, header_width if y < 60 else WIDTH - 2 * MARGIN)
        texts.append(TextBox(shown, (MARGIN, y), kind, fits, colour, BACKGROUND))
    drivers = []
    for index, slot in enumerate(spec.slots):
        x, y = card_origin(index)
        mark = MARK_COLOURS.get(slot.mark)
        panels.append(Panel((x, y, x + CARD_W, y + CARD_H), CARD))
        panels.append(Panel((x, y, x + STRIPE_W, y + CARD_H), accent, corners=(True, False, False, True)))
        if mark is not None:
            panels.append(Panel((x, y, x + CARD_W, y + CARD_H), None, outline=mark))
        on_stripe = ink_on(accent)
        middle = x + STRIPE_W // 2
        texts.append(TextBox(str(slot.position), (middle, y + 22), "bold", 28, on_stripe, accent, "mm"))
        car, car_size = fitted(slot.car, "bold", 18, 12, STRIPE_W - 8)
        texts.append(TextBox(car, (middle, y + 51), "bold", car_size, on_stripe, accent, "mm"))
        left = x + STRIPE_W + PAD
        if mark is not None:
            # A tab on the card's top edge, clear of the name below it.
            tag_w = int(font("bold", 12).getlength(slot.mark)) + 14
            tag = (x + CARD_W - PAD - tag_w, y - 9, x + CARD_W - PAD, y + 9)
            panels.append(Panel(tag, mark))
            texts.append(TextBox(slot.mark, (tag[0] + 7, tag[1] + 3), "bold", 12, ink_on(mark), mark))
        name, name_size = fitted(slot.driver, "bold", 24, 15, x + CARD_W - PAD - left)
        driver = TextBox(name, (left, y + 10), "bold", name_size, TEXT, CARD)
        drivers.append(driver)
        texts.append(driver)
        entry, entry_size = fitted(slot.entry, "regular", 16, 12, x + CARD_W - PAD - left)
        texts.append(TextBox(entry, (left, y + 42), "regular", entry_size, MUTED, CARD))
    height = card_height(len(spec.slots))
    texts.append(TextBox("racebot", (WIDTH - MARGIN, height - 12), "regular", 13, MUTED, BACKGROUND, "rs"))
    return CardLayout((WIDTH, height), tuple(panels), tuple(texts), tuple(drivers))


def paint(layout: CardLayout) -> Image.Image:
    """The layout on a canvas."""
    image = Image.new("RGB", layout.size, BACKGROUND)
    pen = ImageDraw.Draw(image)
    for panel in layout.panels:
        pen.rounded_rectangle(
            panel.box,
            radius=RADIUS if any(panel.corners) else 0,
            fill=panel.fill,
            outline=panel.outline,
            width=2 if panel.outline else 0,
            corners=panel.corners,
        )
    for text in layout.texts:
        pen.text(text.xy, text.text, fill=text.fill, font=font(text.font, text.size), anchor=text.anchor)
    return image


def draw_grid_card(spec: GridCard) -> bytes:
    """The card as PNG bytes: its few colours (and their anti-aliased blends) in a 128-colour palette, a
    third of the RGB file's size and far quicker to encode."""
    buffer = io.BytesIO()
    palette = paint(card_layout(spec)).quantize(
        PALETTE, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )
    palette.save(buffer, format="PNG", compress_level=COMPRESSION)
    return buffer.getvalue()
