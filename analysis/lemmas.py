"""Lemmas: simplemma for German, corrected by the project's alias table for names.

simplemma (Barbaresi 2023) looks word forms up in a dictionary built from Wiktionary data and
falls back on rules; on these machines it lemmatised 28 of 30 hard German news words correctly
(``../shared/STACK.md``). It leaves names in the genitive unchanged (Russlands, Putins,
Tokajews) and cannot know that two transliterations name one person (Ilyassov / Iljassow). The
alias table (``data/lexicons/aliases.tsv``) fixes both: a listed form maps to its canonical lemma,
and a listed form plus genitive ``-s`` maps to the same lemma.

Lemmas are computed once per word type and cached, so the cost grows with the vocabulary, not the
number of tokens.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pandas as pd
import simplemma

from .paths import LEXICONS

__all__ = ["ALIAS_KINDS", "load_aliases", "lemmatize_word", "lemmatize"]

ALIAS_KINDS = ("name", "variant")
DEFAULT_ALIASES = LEXICONS / "aliases.tsv"


def load_aliases(path: str | Path = DEFAULT_ALIASES) -> dict[str, str]:
    """Read an alias table (TSV: ``form``, ``lemma``, ``kind``, ``note``; ``#`` lines are comments).

    Returns a mapping from word form to lemma, including each form's genitive in ``-s``
    (unless that genitive is itself listed).

    Raises
    ------
    ValueError
        A row with a missing field or an unknown ``kind``, naming the file and line.
    """
    path = Path(path)
    mapping: dict[str, str] = {}
    genitives: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [(n, line) for n, line in enumerate(handle, start=1) if not line.startswith("#")]
    reader = csv.reader((line for _, line in lines), delimiter="\t")
    header = next(reader)
    for (number, _), row in zip(lines[1:], reader):
        if not row or not "".join(row).strip():
            continue
        record = dict(zip(header, row))
        form, lemma, kind = record.get("form"), record.get("lemma"), record.get("kind")
        if not form or not lemma:
            raise ValueError(f"{path}, line {number}: 'form' and 'lemma' are required")
        if kind not in ALIAS_KINDS:
            raise ValueError(f"{path}, line {number}: kind {kind!r}; valid: {', '.join(ALIAS_KINDS)}")
        mapping[form] = lemma
        if not form.endswith("s"):
            genitives[form + "s"] = lemma
    for form, lemma in genitives.items():
        mapping.setdefault(form, lemma)
    return mapping


@lru_cache(maxsize=None)
def _default_aliases() -> tuple[tuple[str, str], ...]:
    return tuple(load_aliases().items())


@lru_cache(maxsize=1_000_000)
def _simplemma(word: str) -> str:
    return simplemma.lemmatize(word, lang="de")


def lemmatize_word(word: str, *, aliases: dict[str, str] | None = None) -> str:
    """The lemma of one word form: the alias table first, then simplemma.

    Examples
    --------
    >>> lemmatize_word("Russlands")
    'Russland'
    >>> lemmatize_word("Ilyassov")
    'Iljassow'
    >>> lemmatize_word("Beziehungen")
    'Beziehung'
    """
    table = dict(_default_aliases()) if aliases is None else aliases
    if word in table:
        return table[word]
    return _simplemma(word)


def lemmatize(tokens: pd.DataFrame, *, aliases: dict[str, str] | None = None) -> pd.DataFrame:
    """Add a ``lemma`` column to a token table (a new table; the input is not changed).

    Words get their lemma; numbers and punctuation keep their form. Each distinct form is
    lemmatised once.
    """
    table = dict(_default_aliases()) if aliases is None else aliases
    forms = tokens["text"].where(tokens["kind"] == "word")
    lookup = {form: lemmatize_word(form, aliases=table) for form in forms.dropna().unique()}
    out = tokens.copy()
    out["lemma"] = forms.map(lookup).fillna(tokens["text"])
    return out
