"""Compounds: German words split into their parts, so that a search for a part finds them.

German writes compounds as one word (Ölterminal, Handelsbeziehungen) or with hyphens
(Ukraine-Krieg, Nazi-Prozesse). :func:`split_compound` returns the parts: the stems, with the head
(the last stem) lemmatised, and the linking elements between them (Handel + s + Beziehung).
:func:`find_compounds` answers "which words contain this part?" over a corpus vocabulary.

Method
------
- Only nouns are split (HanTa's analysis of the word is a noun or a name); hyphens split any
  word first (Ukraine-Krieg → Ukraine + Krieg); a truncated first part keeps no hyphen
  (Handels- → Handel).
- Each piece is analysed by HanTa's morphological model (Wartena 2019), which segments compounds
  into morphemes with their tags: stems, linking elements (``FUGE``: the *s* of Handelsbeziehung),
  prefixes and inflectional suffixes. Prefixes stay with their stem, suffixes are dropped, and the
  head is lemmatised with :func:`analysis.lemmas.lemmatize_word` (Nachbarländern → Nachbar + Land).
- Names are never split: every form and lemma of the alias table (``analysis/resources/lexicons/aliases.tsv``)
  and the do-not-split list (``analysis/resources/lexicons/no_split.tsv``: hyphenated names such as
  Baden-Württemberg, and names HanTa 1.2 splits, such as Belarus and Macron). Acronyms (EU) and
  words of three letters or fewer are kept whole.
- HanTa analyses ~2-4k words per second, so each word type is analysed once and cached;
  :func:`find_compounds` only analyses the words that contain the part as written.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .lemmas import _default_alias_dict, lemmatize_word
from .paths import LEXICONS

__all__ = ["PART_KINDS", "COMPOUND_MATCHES", "load_no_split", "split_compound", "split_compounds",
           "find_compounds"]

#: What a part is: a stem (a word of its own) or a linking element (Fugenelement: -s-, -es-, -n-).
PART_KINDS = ("stem", "linking")
#: How a word in :func:`find_compounds` relates to the part searched for.
COMPOUND_MATCHES = ("word", "part", "substring")
DEFAULT_NO_SPLIT = LEXICONS / "no_split.tsv"


def load_no_split(path: str | Path = DEFAULT_NO_SPLIT, *, aliases: dict[str, str] | None = None) -> frozenset[str]:
    """Words never to split: the ``word`` column of a TSV (``#`` lines are comments) plus every form
    and lemma of the alias table (the project's by default)."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        words = {row["word"] for row in rows if row.get("word")}
    table = _default_alias_dict() if aliases is None else aliases
    return frozenset(words | set(table) | set(table.values()))


@lru_cache(maxsize=1)
def _default_no_split() -> frozenset[str]:
    return load_no_split()


@lru_cache(maxsize=1)
def _tagger():
    from HanTa import HanoverTagger  # loads a 10 MB model: only when compounds are asked for

    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


def _noun_case(surface: str) -> str:
    return surface[:1].upper() + surface[1:]


@lru_cache(maxsize=500_000)
def _split_piece(piece: str) -> tuple[tuple[str, str], ...]:
    """Parts ``(text, kind)`` of one hyphen-free piece (cached per word type)."""
    if len(piece) <= 3 or piece.isupper() or not piece.isalpha():
        return ((piece, "stem"),)
    _, morphemes, pos_tag = _tagger().analyze(piece, taglevel=3)
    if not pos_tag.startswith(("NN", "NE")):
        # only nouns are split: for adjectives and verbs HanTa's segments are mostly inflection
        # and derivation (eng+er+e, steig+end+er), not compounding
        return ((lemmatize_word(piece), "stem"),)
    lower = piece.lower()
    capitalised = piece[:1].isupper()
    parts: list[tuple[str, str]] = []
    pos, pending = 0, ""
    stems = [i for i, (_, tag) in enumerate(morphemes)
             if not tag.startswith(("SUF", "FUGE", "PREF", "PTK", "HYPHEN"))]
    for i, (morpheme, tag) in enumerate(morphemes):
        if tag.startswith("SUF") or tag == "HYPHEN":
            continue
        found = lower.startswith(morpheme, pos)
        surface = piece[pos:pos + len(morpheme)] if found else morpheme
        if stems and i == stems[-1]:
            # the head: the rest of the word, inflection included, lemmatised as a word
            head = pending + piece[pos:] if found else pending + morpheme
            head = _noun_case(head) if capitalised else head
            parts.append((lemmatize_word(head), "stem"))
            pending = ""
            break
        pos += len(morpheme) if found else 0
        if tag.startswith(("PREF", "PTK")):
            pending += surface  # a prefix belongs to the stem it precedes (un+abhängig)
        elif tag == "FUGE":
            parts.append((surface.lower(), "linking"))
        else:
            text = pending + surface
            parts.append((_noun_case(text) if tag.startswith(("NN", "NE")) else text.lower(), "stem"))
            pending = ""
    if not any(kind == "stem" for _, kind in parts):
        return ((lemmatize_word(piece), "stem"),)
    return tuple(parts)


def _split(word: str, keep: frozenset[str]) -> tuple[tuple[str, str], ...]:
    if word in keep:
        return ((lemmatize_word(word), "stem"),)  # Russlands -> Russland, never Russ + Land
    pieces = [p for p in word.strip("-").split("-") if p]
    if not pieces:
        return ((word, "stem"),)
    parts: list[tuple[str, str]] = []
    for piece in pieces:
        parts.extend(((lemmatize_word(piece), "stem"),) if piece in keep else _split_piece(piece))
    return tuple(parts)


def split_compound(word: str, *, keep: frozenset[str] | None = None, linking: bool = True) -> tuple[str, ...]:
    """The parts of one word: stems (the head lemmatised) and, with ``linking``, linking elements.

    Parameters
    ----------
    word : str
    keep : frozenset of str, optional
        Words never split (:func:`load_no_split`; the project's list by default).
    linking : bool
        Keep linking elements (Handel + s + Beziehung) or leave them out (Handel + Beziehung).

    Returns
    -------
    tuple of str
        One part for a simple word (its lemma: Nazis → Nazi), several for a compound.

    Examples
    --------
    >>> split_compound("Handelsbeziehungen")
    ('Handel', 's', 'Beziehung')
    >>> split_compound("Ukraine-Krieg")
    ('Ukraine', 'Krieg')
    >>> split_compound("Russland")
    ('Russland',)
    """
    keep = _default_no_split() if keep is None else keep
    return tuple(text for text, kind in _split(word, keep) if linking or kind == "stem")


def split_compounds(words, *, keep: frozenset[str] | None = None) -> pd.DataFrame:
    """Parts of many words, one row per word and part.

    Parameters
    ----------
    words : iterable of str or DataFrame
        Words, or a token table (its word tokens are used).

    Returns
    -------
    DataFrame
        ``word``, ``part_id`` (from 0), ``part``, ``kind`` (one of :data:`PART_KINDS`),
        ``n_stems`` (1 for a simple word). Each distinct word once, in order of first appearance.
    """
    keep = _default_no_split() if keep is None else keep
    if isinstance(words, pd.DataFrame):
        words = words.loc[words["kind"] == "word", "text"]
    rows = []
    for word in pd.unique(pd.Series(list(words), dtype=object)):
        parts = _split(word, keep)
        n_stems = sum(kind == "stem" for _, kind in parts)
        rows.extend((word, i, text, kind, n_stems) for i, (text, kind) in enumerate(parts))
    return pd.DataFrame(rows, columns=["word", "part_id", "part", "kind", "n_stems"])


def find_compounds(
    tokens: pd.DataFrame,
    part: str,
    *,
    keep: frozenset[str] | None = None,
    substring_min: int | None = 4,
) -> pd.DataFrame:
    """Every word of a token table that contains ``part``: the part itself, compounds, derivations.

    Parameters
    ----------
    tokens : DataFrame
        Token table (``text``, ``kind``).
    part : str
        A stem (Nazi, Krieg, Beziehung); case is ignored.
    keep : frozenset of str, optional
        Words never split (the project's do-not-split list by default).
    substring_min : int or None
        Also report words that contain ``part`` as written without having it as a stem
        (Entnazifizierung for Nazi: HanTa treats the derivation as one morpheme), when ``part``
        has at least this many letters; None turns this off. Short parts would find chance
        letter sequences (Öl in Kölner).

    Returns
    -------
    DataFrame
        One row per word type: ``word``, ``count`` (tokens), ``parts`` (joined with ``+``),
        ``match`` (one of :data:`COMPOUND_MATCHES`: ``word`` — the part itself, inflected or not;
        ``part`` — a compound with it as a stem; ``substring`` — see above), sorted by match,
        descending count and word.

    Examples
    --------
    >>> import pandas as pd
    >>> tokens = pd.DataFrame({"text": ["Nazis", "Nazi-Prozesse", "Entnazifizierung", "Kölner"],
    ...                        "kind": ["word"] * 4})
    >>> find_compounds(tokens, "Nazi")[["word", "match"]].values.tolist()
    [['Nazis', 'word'], ['Nazi-Prozesse', 'part'], ['Entnazifizierung', 'substring']]
    """
    if not part.strip():
        raise ValueError("empty part")
    keep = _default_no_split() if keep is None else keep
    wanted = part.lower()
    counts = tokens.loc[tokens["kind"] == "word", "text"].value_counts()
    candidates = counts[counts.index.str.lower().str.contains(wanted, regex=False)]
    rows = []
    for word, count in candidates.items():
        parts = _split(word, keep)
        stems = [text.lower() for text, kind in parts if kind == "stem"]
        if wanted in stems:
            match = "word" if len(stems) == 1 else "part"
        elif substring_min is not None and len(wanted) >= substring_min:
            match = "substring"
        else:
            continue
        rows.append((word, int(count), "+".join(text for text, _ in parts), match))
    frame = pd.DataFrame(rows, columns=["word", "count", "parts", "match"])
    frame["match"] = pd.Categorical(frame["match"], categories=COMPOUND_MATCHES)
    return frame.sort_values(["match", "count", "word"], ascending=[True, False, True]).reset_index(drop=True)
