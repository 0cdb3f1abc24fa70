"""User-facing errors: their text is shown to the user as is, ephemerally, by the tree's handler."""

from __future__ import annotations

import re
from collections.abc import Sequence

# What Discord would turn into a ping or a link to a role or user: @everyone, @here, <@123>, <@&123>.
_MENTION = re.compile(r"@(everyone|here)|<(@[!&]?|#)(\d+)>")
# Markdown that would change how a quoted name renders.
_MARKDOWN = re.compile(r"([\\*_~`|\[\]])")
QUOTE_LIMIT = 60


def quoted(text: str) -> str:
    """What the user typed, shown as typed: cut to a readable length, markdown escaped, mentions inert."""
    shown = text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 3] + "..."
    shown = _MENTION.sub(lambda m: m.group(0).replace("@", "@\u200b").replace("<#", "<#\u200b"), shown)
    return _MARKDOWN.sub(r"\\\1", shown)


class UserFacingError(Exception):
    """An error whose message is written for the person who typed the command."""


class BadInput(UserFacingError):
    """The option value cannot be a name at all (empty, far too long)."""


class NoMatch(UserFacingError):
    def __init__(self, kind: str, query: str, closest: Sequence[str] = ()) -> None:
        self.kind, self.query, self.closest = kind, query, tuple(closest)
        text = f"No {kind} matches '{quoted(query)}'."
        if self.closest:
            text += " Closest: " + ", ".join(self.closest) + "."
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
