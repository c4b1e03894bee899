"""Quotation marks: where quoted spans are, and whether a quote is speech or distancing.

German news mixes quotation conventions, and machine translation adds more: „…“ (German),
“…” (English), "…" (typewriter), »…« and «…» (guillemets). :func:`find_quote_spans` pairs an
opening mark with the first closing mark that can close it, within one structural unit (a quote
never runs past its paragraph; an unclosed quote ends at the end of the unit and is flagged).

A short quoted term with no speech around it (`„Entnazifizierung“`, `„künstlichen Zustand“`) is
the journalist's distancing from a word, not a quotation of speech; :func:`classify_quote`
separates the two by length and by a reporting verb or colon next to the quote.
"""

from __future__ import annotations

import re

__all__ = ["QUOTE_PAIRS", "QUOTE_USES", "DISTANCING_MAX_TOKENS", "find_quote_spans", "classify_quote"]

#: Opening mark → the marks that may close it.
QUOTE_PAIRS = {
    "„": "“”\"",
    "“": "”",
    "»": "«",
    "«": "»",
    '"': '"',
    "‚": "‘’",
}
#: Labels for how a term occurrence relates to quotation marks.
QUOTE_USES = ("plain", "distancing", "quotation")
#: A quote of at most this many words, with no reporting verb or colon next to it, is distancing.
DISTANCING_MAX_TOKENS = 4

_REPORTING = re.compile(
    r"\b(sagte|sagt|sagten|erklärte|erklärt|betonte|meinte|fügte|schrieb|twitterte|warnte|"
    r"so|laut|zufolge|fragte|antwortete|kritisierte|forderte|behauptete|teilte|hieß)\b",
    re.IGNORECASE,
)


def find_quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, bool]]:
    """Quoted spans ``(start, end, closed)`` in ``text[start:end]``, marks included.

    An opening mark opens a quote when it is followed by a non-space character; ``“`` closes a
    „-quote and otherwise opens an English-style one. Quotes do not nest.
    """
    end = len(text) if end is None else end
    spans = []
    i = start
    while i < end:
        char = text[i]
        if char in QUOTE_PAIRS and i + 1 < end and not text[i + 1].isspace():
            closers = QUOTE_PAIRS[char]
            j = i + 1
            while j < end and text[j] not in closers:
                j += 1
            if j < end:
                spans.append((i, j + 1, True))
                i = j + 1
                continue
            spans.append((i, end, False))
            break
        i += 1
    return spans


def classify_quote(
    text: str, start: int, end: int, *, context: int = 40, bounds: tuple[int, int] | None = None
) -> str:
    """``distancing`` or ``quotation`` for the quoted span ``text[start:end]``.

    A quote is distancing when it holds at most :data:`DISTANCING_MAX_TOKENS` words and no
    reporting cue ("sagte", "so", "laut", a colon) stands within ``context`` characters before
    or after it, inside ``bounds`` (the unit holding the quote; default the whole text).
    """
    lo, hi = bounds if bounds is not None else (0, len(text))
    inner = text[start + 1:end - 1]
    words = re.findall(r"\w+", inner)
    before = text[max(lo, start - context):start]
    after = text[end:min(hi, end + context)]
    cue = _REPORTING.search(after) or _REPORTING.search(before[-25:]) or before.rstrip().endswith(":")
    if len(words) <= DISTANCING_MAX_TOKENS and not cue:
        return "distancing"
    return "quotation"
