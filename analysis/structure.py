"""Article structure from plain text: headline, captions, bullets, subheadings, paragraphs.

News text delivered as plain text keeps its layout in lines: one line a unit, blank lines between
units. :func:`parse_structure` types each line by rules a reader would apply, in this order:

1. a line of only white space (spaces, no-break spaces, tabs) → ``boilerplate``;
2. a line matching one of :data:`BOILERPLATE_PATTERNS` (site furniture such as
   "Lesen Sie den Originalartikel ...", "source site-19") → ``boilerplate``;
3. a line identical (after trimming) to the line just before it in the same block → ``duplicate``,
   and the line before it → ``caption`` (web pages print photo captions twice in scraped text);
4. the first content line of a document with more than one content line → ``headline``;
5. a line starting with a bullet character (•, ·, ▪, ‣, *, -, –) → ``bullet`` (the unit starts
   after the marker);
6. a line between the headline and the first bullet → ``caption`` (the lead photo's caption);
7. a line of at most :data:`LABEL_MAX_WORDS` words without sentence-final punctuation, directly
   followed in the same block (no blank line between) by a line starting with a capital →
   ``caption`` with that line (a map or picture label and its caption; "Karte von Kasachstan");
8. a short line (≤ :data:`SUBHEADING_MAX_WORDS` words) standing alone in its block without
   sentence-final punctuation → ``subheading``;
9. anything else → ``paragraph``; consecutive paragraph lines of one block (a hard-wrapped
   paragraph) form one unit.

Each unit keeps its ``part``: the number of subheadings before it (0 before the first), so that
analyses can mark where the article's sections begin. ``boilerplate`` and ``duplicate`` units are
kept (nothing is dropped) and flagged ``analysed = False``: analyses leave them out by default.
"""

from __future__ import annotations

import re
from typing import Iterable

import pandas as pd

from .corpus import Corpus, Document

__all__ = [
    "SECTIONS",
    "ANALYSED_SECTIONS",
    "BOILERPLATE_PATTERNS",
    "SUBHEADING_MAX_WORDS",
    "UNIT_COLUMNS",
    "parse_structure",
]

#: Section types, in the order a reader meets them in a typical article.
SECTIONS = ("headline", "caption", "bullet", "subheading", "paragraph", "boilerplate", "duplicate")
#: Section types that analyses use by default.
ANALYSED_SECTIONS = ("headline", "caption", "bullet", "subheading", "paragraph")
#: Regular expressions (matched at the start of a trimmed line) for site furniture.
BOILERPLATE_PATTERNS = (
    r"Lesen Sie (den|das) Original",
    r"source site-\d+\s*$",
    r"Mehr zum Thema\s*:?\s*$",
    r"(Foto|Bild|Quelle)\s*:\s*\S+\s*$",
    r"Zur Startseite\s*$",
)
SUBHEADING_MAX_WORDS = 14
LABEL_MAX_WORDS = 6

#: Columns of the table returned by :func:`parse_structure`.
UNIT_COLUMNS = ["doc_id", "unit_id", "section", "part", "line", "start", "end", "text", "analysed",
                "duplicate_of"]

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")
_BULLET = re.compile(r"\s*[•·▪‣*\-–]\s+")
_FINAL = re.compile(r"[.!?:;…][\"'“”»«’)\]]*\s*$")
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE_PATTERNS))


def _lines(text: str) -> list[tuple[int, int, int]]:
    """(line number, start, end) of each line's content, without its line break."""
    out = []
    for number, match in enumerate(_LINE.finditer(text), start=1):
        if match.start() == len(text) and match.end() == match.start():
            break
        content = match.group().rstrip("\r\n")
        out.append((number, match.start(), match.start() + len(content)))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the line without leading and trailing white space."""
    segment = text[start:end]
    left = len(segment) - len(segment.lstrip())
    right = len(segment.rstrip())
    return start + left, start + right


def _document_units(doc: Document) -> list[dict]:
    text = doc.text
    raw = []  # (line, start, end, blank_before, blank_after) for non-empty lines
    lines = _lines(text)
    for i, (number, start, end) in enumerate(lines):
        if start == end:
            continue  # an empty line only separates units
        raw.append([number, start, end, i])
    # blocks: runs of non-empty lines without an empty line between them
    def is_empty(i):
        return 0 <= i < len(lines) and lines[i][1] == lines[i][2]

    block_of, block = {}, 0
    for i, (_, start, end) in enumerate(lines):
        if start == end:
            block += 1
        block_of[i] = block
    units: list[dict] = []
    content_lines = [r for r in raw if text[r[1]:r[2]].strip()]
    multi_line_doc = len(content_lines) > 1
    first_bullet = next((r[0] for r in content_lines if _BULLET.match(text[r[1]:r[2]])), None)
    headline_seen = False
    previous_content = None  # the unit dict of the last content line
    part = 0
    for number, start, end, i in raw:
        line_text = text[start:end]
        s, e = _trim(text, start, end)
        unit = {"doc_id": doc.id, "line": number, "start": s, "end": e, "duplicate_of": None,
                "block": block_of[i]}
        alone = (i == 0 or is_empty(i - 1)) and (i == len(lines) - 1 or is_empty(i + 1))
        next_in_block = i + 1 < len(lines) and not is_empty(i + 1)
        if not line_text.strip():
            unit.update(section="boilerplate", start=start, end=end)
        elif _BOILERPLATE.match(line_text.strip()):
            unit["section"] = "boilerplate"
        elif previous_content is not None and previous_content["block"] == block_of[i] \
                and text[s:e] == text[previous_content["start"]:previous_content["end"]]:
            unit.update(section="duplicate", duplicate_of=previous_content["line"])
            if previous_content["section"] in ("paragraph", "subheading"):
                previous_content["section"] = "caption"
        elif not headline_seen and multi_line_doc:
            unit["section"] = "headline"
            headline_seen = True
        elif _BULLET.match(line_text):
            # the marker is layout, not text: the unit starts after it
            unit.update(section="bullet", start=start + _BULLET.match(line_text).end())
        elif first_bullet is not None and headline_seen and number < first_bullet:
            unit["section"] = "caption"
        elif previous_content is not None and previous_content["section"] == "caption" \
                and previous_content.get("label") and previous_content["line"] == number - 1:
            unit["section"] = "caption"
        elif next_in_block and not _FINAL.search(line_text) \
                and len(line_text.split()) <= LABEL_MAX_WORDS \
                and text[lines[i + 1][1]:lines[i + 1][2]].strip()[:1].isupper() \
                and text[lines[i + 1][1]:lines[i + 1][2]].strip() != line_text.strip():
            unit.update(section="caption", label=True)
        elif alone and not _FINAL.search(line_text) and len(line_text.split()) <= SUBHEADING_MAX_WORDS \
                and headline_seen:
            unit["section"] = "subheading"
            part += 1
        else:
            unit["section"] = "paragraph"
        unit["part"] = part
        units.append(unit)
        if unit["section"] != "boilerplate":
            previous_content = unit
    units = _merge_wrapped(units, text)
    for n, unit in enumerate(units):
        unit.pop("label", None)
        unit.pop("block", None)
        unit["unit_id"] = n
        unit["text"] = text[unit["start"]:unit["end"]]
        unit["analysed"] = unit["section"] in ANALYSED_SECTIONS
    return units


def _merge_wrapped(units: list[dict], text: str) -> list[dict]:
    """Join consecutive paragraph lines of one block: a hard-wrapped paragraph is one unit."""
    merged: list[dict] = []
    for unit in units:
        last = merged[-1] if merged else None
        if (last is not None and unit["section"] == last["section"] == "paragraph"
                and unit["block"] == last["block"]):
            last["end"] = unit["end"]
            continue
        merged.append(unit)
    return merged


def parse_structure(corpus: Corpus | Iterable[Document]) -> pd.DataFrame:
    """Split each document into typed units (one per non-empty line).

    Parameters
    ----------
    corpus : Corpus or iterable of Document

    Returns
    -------
    pandas.DataFrame
        One row per unit, columns :data:`UNIT_COLUMNS`: ``doc_id``; ``unit_id`` (0-based within the
        document); ``section`` (one of :data:`SECTIONS`); ``part`` (subheadings before the unit);
        ``line`` (1-based line in the document); ``start``/``end`` (character offsets into the
        document text, white space at either end of the line excluded, so that
        ``doc.text[start:end] == text``); ``analysed`` (False for boilerplate and duplicates);
        ``duplicate_of`` (for a duplicate, the line it repeats).
    """
    rows = [unit for doc in corpus for unit in _document_units(doc)]
    frame = pd.DataFrame(rows, columns=UNIT_COLUMNS)
    frame["duplicate_of"] = frame["duplicate_of"].astype("Int64")
    return frame
