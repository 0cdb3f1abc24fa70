"""Pictures fans would rather look at: the starting-grid card (Pillow), career and race charts (matplotlib).

specs (what a picture shows: plain frozen values built from reports, digested for the cache, with alt
text) · grid_card, career_chart, race_chart (drawing: bytes of a PNG from a spec, run in worker
processes) · lap_times (a race chart's spec from lap times: a payload file or the stored laps) · cache
(drawn bytes by digest, each drawn once however many ask at once) · pool (the bounded process pool,
timeouts and the text fallback). No discord here: `bot.render.pictures` attaches a picture to a message.
"""
