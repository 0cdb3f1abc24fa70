"""User-facing errors: their text is shown to the user as is, ephemerally, by the tree's handler."""

from __future__ import annotations

import re
from collections.abc import Sequence

# What Discord would turn into a ping or a link to a role or user: @everyone, @here, <@123>, <@&123>.
_MENTION = re.compile(r"@(everyone|here)|<(@[!&]?|#)(\d+)>")
# Markdown that would change how a quoted name renders.
_MARKDOWN = re.compile(r"([\\*_~`|\[\]])")
# What an error repeats of a typed value: enough to recognise it, short enough that a reply naming
# several values stays far inside Discord's 2,000 characters whatever was sent.
QUOTE_LIMIT = 60
# What each name option takes, for a "no match" reply when nothing is even loosely close.
ACCEPTS = {
    "driver": "a driver's name, nickname, initials or car number (kyle larson, rowdy, svg, #5)",
    "track": "a track's name, nickname or city (daytona, dega, the glen, fontana)",
    "series": "cup, xfinity or truck, or a name they raced under (busch, winston cup)",
    "race": "a track (daytona, dega) or a race name (daytona 500, southern 500), "
    "with a year if you like (2024 daytona 500)",
}


def clipped(text: str) -> str:
    """A typed value cut to QUOTE_LIMIT characters, an ellipsis marking the cut: every error echoes
    values through here."""
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"


def quoted(text: str) -> str:
    """What the user typed, shown as typed: clipped, markdown escaped, mentions inert."""
    shown = _MENTION.sub(
        lambda m: m.group(0).replace("@", "@\u200b").replace("<#", "<#\u200b"), clipped(text)
    )
    return _MARKDOWN.sub(r"\\\1", shown)


class UserFacingError(Exception):
    """An error whose message is written for the person who typed the command."""


class BadInput(UserFacingError):
    """The option value cannot be a name at all (empty, far too long)."""


class NoMatch(UserFacingError):
    """Nothing fits the name: the close matches are named, or, with none, what the option takes."""

    def __init__(self, kind: str, query: str, closest: Sequence[str] = ()) -> None:
        self.kind, self.query, self.closest = kind, query, tuple(closest)
        text = f"No {kind} matches '{quoted(query)}'."
        if self.closest:
            text += " Closest: " + ", ".join(self.closest) + "."
        elif kind in ACCEPTS:
            text += f" Try {ACCEPTS[kind]}."
        super().__init__(text)


class Ambiguous(UserFacingError):
    """Several names fit about equally well; the user must pick."""

    def __init__(self, kind: str, query: str, options: Sequence[str]) -> None:
        self.kind, self.query, self.options = kind, query, tuple(options)
        super().__init__(
            f"'{quoted(query)}' could be more than one {kind}. Which one: {', '.join(self.options)}?"
        )


class NoData(UserFacingError):
    """The name is valid but the store holds nothing for the question."""
