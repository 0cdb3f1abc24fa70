"""What a worker process runs: a spec in, PNG bytes out.

Each kind's drawing module is imported on first use, so a worker that only draws grid cards never
loads matplotlib (a tenth of a second and tens of megabytes saved per worker).
"""

from __future__ import annotations

import os

from bot.pictures.specs import CareerChart, GridCard, PictureSpec

# Workers yield the CPU to the bot's event loop: answers first, pictures with what is left.
WORKER_NICENESS = 10


def start_worker() -> None:
    """Each worker's first act: a lower priority than the bot's own process."""
    os.nice(WORKER_NICENESS)


def draw(spec: PictureSpec) -> bytes:
    """The picture `spec` describes, as PNG bytes."""
    if isinstance(spec, GridCard):
        from bot.pictures.grid_card import draw_grid_card

        return draw_grid_card(spec)
    if isinstance(spec, CareerChart):
        from bot.pictures.career_chart import draw_career_chart

        return draw_career_chart(spec)
    from bot.pictures.race_chart import draw_race_chart

    return draw_race_chart(spec)
