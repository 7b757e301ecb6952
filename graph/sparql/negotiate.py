"""Choosing a response's media type from the request's ``Accept`` header (RFC 9110 §12.5.1).

Each offered type gets the quality of the most specific media range that matches it: an exact
type beats ``type/*``, which beats ``*/*``, so ``text/turtle;q=0, */*`` accepts anything but
Turtle. A quality of 0 means "not acceptable". Among the acceptable types the highest quality
wins; ties go to the more specific match, then to the range the client listed first, then to the
server's order, so the same header always gets the same type. A missing or empty header accepts
anything, and the server's first type is the default. Media-range parameters other than ``q``
(``charset`` and the like) do not change the match: every format here is UTF-8 anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUALITY = re.compile(r"^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


@dataclass(frozen=True)
class MediaRange:
    type: str  # "text", or "*"
    subtype: str  # "turtle", or "*"
    quality: float
    position: int  # where the client listed it

    def specificity(self, media_type: str) -> int:
        """How closely this range names ``media_type``: 3 exactly, 2 by type/*, 1 by */*, 0 not at all."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return 1
        if self.type != kind:
            return 0
        if self.subtype == "*":
            return 2
        return 3 if self.subtype == sub else 0


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed elements (a bad type or q) are left out."""
    ranges: list[MediaRange] = []
    for position, element in enumerate(header.split(",")):
        media, *params = (part.strip() for part in element.split(";"))
        kind, slash, sub = media.lower().partition("/")
        if not slash or not _TOKEN.match(kind) or not _TOKEN.match(sub) or (kind == "*" and sub != "*"):
            continue
        quality: float | None = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                value = value.strip()
                quality = float(value) if _QUALITY.match(value) else None
                break  # what follows q are accept-extensions, not media-type parameters
        if quality is not None:
            ranges.append(MediaRange(kind, sub, quality, position))
    return ranges


def negotiate(accept: str | None, offered: tuple[str, ...]) -> str | None:
    """The offered media type the Accept header prefers, or None if it accepts none of them."""
    if accept is None or not accept.strip():
        return offered[0]
    ranges = parse_accept(accept)
    best: tuple[float, int, int, int] | None = None
    chosen = None
    for rank, media_type in enumerate(offered):
        matches = [(r.specificity(media_type), r) for r in ranges if r.specificity(media_type)]
        if not matches:
            continue
        # The most specific range decides; among equally specific ones, the best quality.
        specificity, match = max(matches, key=lambda m: (m[0], m[1].quality, -m[1].position))
        if match.quality <= 0:
            continue
        key = (match.quality, specificity, -match.position, -rank)
        if best is None or key > best:
            best, chosen = key, media_type
    return chosen
