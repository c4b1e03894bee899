"""Sentences and tokens, with character offsets into the document text.

Every sentence and token row carries ``start`` and ``end`` such that
``document.text[start:end] == text``; sentences never cross a structural unit (see
:mod:`analysis.structure`), and tokens never cross a sentence.

Why rules and not a library
---------------------------
The splitters checked on these machines (``../shared/STACK.md``) either give no offsets
(simplemma's ``split_sentences``), need a model that must be downloaded (nltk's Punkt), or are
GPL-licensed and ~1,000x slower (SoMaJo). The rules below are the ones those tools encode for
German news, written as one compiled regular expression plus an abbreviation list:

- a sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets that follow)
  when white space and then an upper-case letter, a digit or an opening quote follow;
- not after a known abbreviation (:data:`ABBREVIATIONS`: "St. Petersburg", "Mio.", "Nr."),
- not after a single letter (initials: "J. R. R. Tolkien"; "z. B."),
- not after an ordinal number before a month or a lower-case word ("10. Februar 2022", "am
  3. des Monats"), nor before a capitalised noun unless that noun is a usual sentence opener
  (:data:`SENTENCE_OPENERS`), so "im 3. Quartal" stays whole and "... 2:1. Die Gäste" splits;
  hyphenated and paired ordinals count too ("der Weltranglisten-19. Dominic Thiem",
  "1./2. Weltkrieg");
- a quotation of several sentences is split into its sentences; a closing „…“ quote belongs
  to the sentence it ends.

Tokens come from one compiled regular expression (:data:`TOKEN_PATTERN`): numbers with
thousands or decimal separators stay whole ("4.750", "1.000.000", "2,5", "2:1"), hyphenated
compounds stay whole ("Ukraine-Krieg", "Social-Media-Beitrag"), a truncated first part keeps its
hyphen ("Handels- und Wirtschaftsbeziehungen"), every other non-space character is a token.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .structure import parse_structure

__all__ = [
    "ABBREVIATIONS",
    "MONTHS",
    "SENTENCE_OPENERS",
    "TOKEN_PATTERN",
    "SENTENCE_COLUMNS",
    "TOKEN_COLUMNS",
    "TOKEN_KINDS",
    "split_sentences",
    "split_tokens",
    "sentences",
    "tokenize",
]

#: Words that end with a period without ending the sentence (German news usage).
ABBREVIATIONS = frozenset(
    """
    Abb Abg Abs Abt Adr Anm Art Aufl Bd Bde Bhf Bsp Bspw Bzw bzw ca Chr Co Dipl Dir Dr Dres Ing
    Jh Jhd Jr jun Kap Kfz Kl Lt Mag Mio Mill Min Mrd Mrz Nr Nrn Pkw Prof Pz Red Reg Sa So Sek Sen
    sen Sept St Std Str Tel Tsd Univ Verf Vgl vgl Vors Zi Ziff evtl ggf inkl exkl insb sog usw
    etc geb gegr gest jährl monatl tägl Fa Hr Hrn Frl Mt Ste Gebr Dt dt engl franz frz ital
    lat russ span orig Jan Feb Apr Aug Okt Nov Dez ehem bzgl zzgl ggü Bhf Hbf Jhs Jg Stv stv
    """.split()
)
MONTHS = frozenset(
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember "
    "Jänner Feber".split()
)
#: Capitalised words that usually open a sentence: after "<number>." they signal a boundary.
SENTENCE_OPENERS = frozenset(
    """
    Der Die Das Den Dem Des Ein Eine Einen Einem Einer Er Sie Es Wir Ich Ihr Man Im In Am An Auf
    Aus Auch Aber Doch Dies Diese Dieser Dieses Damit Dann Danach Dabei Dort Nach Mit Bei Für Als
    So Zudem Außerdem Laut Wie Wer Was Wo Wenn Weil Obwohl Trotz Seit Nun Noch Jetzt Zuvor Bisher
    Insgesamt Zum Zur Vom Beim Um Unter Über Vor Gegen Ohne Durch Hier Heute Gestern Morgen
    """.split()
)

_CLOSERS = "\"'“”»«’‘›‹)]"
_OPENERS = "\"'„“”»«‚‘›‹(["
_CANDIDATE = re.compile(rf"[.!?…]+[{re.escape(_CLOSERS)}]*(?=\s)")
_WORD_BEFORE = re.compile(r"(\S+?)\.$")

#: The token pattern: numbers with separators, words with inner hyphens/apostrophes and an
#: optional truncation hyphen, then any other single non-space character.
TOKEN_PATTERN = re.compile(
    r"\d+(?:[.,:]\d+)+(?![\w])"
    r"|\w+(?:[-‐‑'’]\w+)*(?:-(?=[\s,/]|$))?"
    r"|[^\w\s]"
)
_NUMBER = re.compile(r"[\d.,:]+")
TOKEN_KINDS = ("word", "number", "punct")

SENTENCE_COLUMNS = ["doc_id", "sent_id", "unit_id", "section", "part", "line", "start", "end",
                    "text", "analysed"]
TOKEN_COLUMNS = ["doc_id", "sent_id", "token_id", "start", "end", "text", "kind"]


#: An ordinal before its period: "10", "Weltranglisten-19", "1./2" (as in "1./2. Weltkrieg").
_ORDINAL = re.compile(r"(?:\S*-)?\d{1,3}|\d{1,3}\./\d{1,3}")
_LOOK = 80  # characters looked at on either side of a candidate end (keeps splitting linear)


def _is_boundary(text: str, match: re.Match, start: int, end: int) -> bool:
    """Decide whether a candidate end (``.``, ``!``, ``?`` ... at ``match``) ends a sentence."""
    rest = text[match.end():min(end, match.end() + _LOOK)].lstrip()
    if not rest:
        return False  # end of the unit: the caller closes the sentence anyway
    nxt = rest[0]
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
        return False
    if match.group() != ".":
        return True  # "!", "?", "…", or a period followed by closing quotes
    before = text[max(start, match.start() - _LOOK):match.start()]
    # the word before the period: the last run of non-space characters, or the run before one final
    # line break (as the search for (\S+)$ found it; a split is quicker than that search, which
    # tries every position, and str.split and \S agree on what is space)
    before = before[:-1] if before.endswith("\n") else before
    if not before or before[-1].isspace():
        return True
    word = before.rsplit(None, 1)[-1].lstrip(_OPENERS)
    if word in ABBREVIATIONS or (word.endswith("str") and word[:1].isupper() and len(word) > 3):
        return False  # "Mio.", "St. Petersburg", a street: "Bahnhofstr. 5"
    if len(word) == 1 and word.isalpha():
        return False  # an initial ("J. R. R. Tolkien") or a one-letter abbreviation ("z. B.")
    if _ORDINAL.fullmatch(word):
        following = re.match(r"[\w-]+", rest)
        following = following.group() if following else ""
        if following in MONTHS or not following[:1].isupper():
            return False
        return following in SENTENCE_OPENERS
    return True


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text[start:end]``, trimmed of white space.

    Offsets refer to ``text`` (not to the slice), so ``text[s:e]`` is each sentence.
    """
    end = len(text) if end is None else end
    spans = []
    cursor = start
    for match in _CANDIDATE.finditer(text, start, end):
        if match.end() <= cursor:
            continue
        if _is_boundary(text, match, start, end):
            spans.append((cursor, match.end()))
            cursor = match.end()
    spans.append((cursor, end))
    out = []
    for s, e in spans:
        segment = text[s:e]
        stripped = segment.strip()
        if not stripped:
            continue
        left = len(segment) - len(segment.lstrip())
        out.append((s + left, s + left + len(stripped)))
    return out


def split_tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Token spans ``(start, end, kind)`` in ``text[start:end]`` (offsets into ``text``)."""
    end = len(text) if end is None else end
    return [(match.start(), match.end(), _kind(match.group()))
            for match in TOKEN_PATTERN.finditer(text, start, end)]


def _kind(token: str) -> str:
    if token[0].isalnum() or token[0] == "_":
        return "number" if _NUMBER.fullmatch(token) else "word"
    return "punct"


def sentences(corpus, *, units: pd.DataFrame | None = None, include_all: bool = False) -> pd.DataFrame:
    """Split every document of a corpus into sentences.

    Parameters
    ----------
    corpus : Corpus
    units : DataFrame, optional
        The result of :func:`analysis.structure.parse_structure`; computed if not given.
    include_all : bool
        Keep sentences of boilerplate and duplicate units (flagged ``analysed = False``).
        By default they are left out, as analyses should leave them out.

    Returns
    -------
    pandas.DataFrame
        One row per sentence, columns :data:`SENTENCE_COLUMNS`. ``sent_id`` numbers the
        sentences of a document from 0 over all units (so ids are the same with or without
        ``include_all``); ``start``/``end`` are offsets into the document text.
    """
    if units is None:
        units = parse_structure(corpus)
    texts = {doc.id: doc.text for doc in corpus}
    # the units of each document, in order (plain lists: pandas work per unit is slow)
    columns = ["unit_id", "section", "part", "line", "start", "end", "analysed"]
    by_document: dict = {}
    for doc_id, unit in zip(units["doc_id"].tolist(), zip(*(units[c].tolist() for c in columns))):
        by_document.setdefault(doc_id, []).append(unit)
    rows = []
    for doc_id, doc_units in by_document.items():
        text = texts[doc_id]
        sent_id = 0
        for unit_id, section, part, line, start, end, analysed in doc_units:
            for s, e in split_sentences(text, start, end):
                if include_all or analysed:
                    rows.append((doc_id, sent_id, unit_id, section, part, line, s, e, text[s:e], analysed))
                sent_id += 1
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def tokenize(corpus, sents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tokens of every sentence, with offsets into the document text.

    Returns
    -------
    pandas.DataFrame
        One row per token, columns :data:`TOKEN_COLUMNS`; ``token_id`` numbers the tokens of a
        document from 0; ``kind`` is one of :data:`TOKEN_KINDS`.
    """
    if sents is None:
        sents = sentences(corpus)
    texts = {doc.id: doc.text for doc in corpus}
    doc_ids = sents["doc_id"].tolist()
    starts, ends, words, token_ids, counts = [], [], [], [], []
    counters: dict[str, int] = {}
    for doc_id, s, e in zip(doc_ids, sents["start"].tolist(), sents["end"].tolist()):
        text = texts[doc_id]
        found = TOKEN_PATTERN.findall(text, s, e)  # strings: no match object per token
        # the pattern takes every character but white space (its last branch any single one), so
        # each token is the first occurrence of its text after the end of the one before
        find, end = text.find, s
        for word in found:
            start = find(word, end)
            end = start + len(word)
            starts.append(start)
            ends.append(end)
        words += found
        k, n = len(found), counters.get(doc_id, 0)
        token_ids.extend(range(n, n + k))
        counts.append(k)
        counters[doc_id] = n + k
    if not starts:
        return pd.DataFrame([], columns=TOKEN_COLUMNS)  # (the dtypes of an empty table built from rows)
    # per-sentence values and the kinds are taken from short columns, not converted token by token;
    # each word type is classified once
    sentence_of = np.repeat(np.arange(len(doc_ids)), counts)
    kind_of = {word: TOKEN_KINDS.index(_kind(word)) for word in set(words)}
    return pd.DataFrame({
        "doc_id": pd.Series(doc_ids).array.take(sentence_of),
        "sent_id": sents["sent_id"].to_numpy(dtype=np.int64)[sentence_of],
        # int64 arrays: pandas need not inspect each number
        "token_id": np.array(token_ids, dtype=np.int64),
        "start": np.array(starts, dtype=np.int64),
        "end": np.array(ends, dtype=np.int64),
        "text": words,
        "kind": pd.Series(TOKEN_KINDS).array.take(np.array([kind_of[word] for word in words])),
    }, columns=TOKEN_COLUMNS)
