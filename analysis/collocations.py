"""Collocations and n-grams: which words go together.

:func:`ngrams` counts sequences of words; :func:`collocations` scores pairs of words that occur
next to each other (or within a window) more often than their own frequencies lead one to expect.
Neither crosses a sentence boundary nor counts a pair across punctuation, and both work on
arrays of the whole token table at once (one pass per offset in the window, then one
``groupby``), so a corpus of thousands of articles takes about a second.

Association measures
--------------------
For a pair (w1, w2) seen ``O11`` times among ``N`` words, with ``w1`` seen ``R1`` and ``w2``
``C1`` times, the 2×2 table is ``[[O11, R1 - O11], [C1 - O11, N - R1 - C1 + O11]]``.

- ``g2``: log-likelihood ratio G² of that table (Dunning 1993), as nltk's
  ``BigramAssocMeasures.likelihood_ratio`` computes it, signed negative when the pair is rarer
  than expected. Reliable for rare pairs; favours frequent ones.
- ``pmi``: pointwise mutual information, ``log2(O11 · N / (R1 · C1))`` (Church & Hanks 1990):
  how many times (in powers of 2) more often the pair occurs than by chance. Favours rare pairs,
  hence ``min_count``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .keyness import log_likelihood
from .terms import STOPWORDS, TERM_UNITS, _check

__all__ = ["COLLOCATION_MEASURES", "ngrams", "collocations"]

#: Measures :func:`collocations` can sort by.
COLLOCATION_MEASURES = ("g2", "pmi")


def _arrays(tokens: pd.DataFrame, on: str, lowercase: bool, stopwords):
    """Terms, "is a word" mask, "is a stopword" mask and a sentence code per token row."""
    _check("on", on, TERM_UNITS)
    column = tokens["text" if on == "form" else "lemma"]
    terms = (column.str.lower() if lowercase else column).to_numpy(dtype=object)
    is_word = (tokens["kind"] == "word").to_numpy()
    if stopwords:
        stop = (tokens["text"].str.lower().isin(stopwords) | column.str.lower().isin(stopwords)).to_numpy()
    else:
        stop = np.zeros(len(tokens), dtype=bool)
    sentence = tokens.groupby(["doc_id", "sent_id"], sort=False).ngroup().to_numpy()
    return terms, is_word, stop, sentence


def ngrams(
    tokens: pd.DataFrame,
    *,
    n: int | tuple[int, ...] = 2,
    on: str = "form",
    by: tuple[str, ...] | list[str] = (),
    stopwords: frozenset[str] | None = STOPWORDS,
    min_count: int = 1,
    lowercase: bool = False,
) -> pd.DataFrame:
    """Count word n-grams (sequences of ``n`` words within a sentence, no punctuation between).

    Parameters
    ----------
    tokens : DataFrame
        Token table (``doc_id``, ``sent_id``, ``text``, ``kind``; ``lemma`` for ``on="lemma"``;
        any ``by`` columns).
    n : int or tuple of int
        Length(s) of the sequences: ``2``, or ``(2, 3)`` for bigrams and trigrams together.
    on : {"form", "lemma"}
    by : sequence of str
        Grouping columns (``()`` counts over the whole table).
    stopwords : frozenset of str or None
        An n-gram may not begin or end with one of these (so "Europäische Union" and "Recht auf
        Selbstbestimmung" count, "und die" does not); None keeps every n-gram.
    min_count : int
        Leave out rarer n-grams.
    lowercase : bool

    Returns
    -------
    DataFrame
        ``by`` columns, ``ngram`` (words joined by spaces), ``n``, ``count``, ``rank`` (1 = most
        frequent in its group, ties share a rank), sorted by group, descending count and n-gram.
    """
    lengths = (n,) if isinstance(n, int) else tuple(n)
    if not lengths or min(lengths) < 1:
        raise ValueError(f"n={n!r}; must be 1 or more")
    by = list(by)
    terms, is_word, stop, sentence = _arrays(tokens, on, lowercase, stopwords)
    frames = []
    for length in lengths:
        m = len(terms) - length + 1
        if m <= 0:
            continue
        ok = sentence[:m] == sentence[length - 1:]
        for k in range(length):
            ok &= is_word[k:k + m]
        ok &= ~stop[:m] & ~stop[length - 1:]
        starts = np.flatnonzero(ok)
        text = terms[starts]
        for k in range(1, length):
            text = text + " " + terms[starts + k]
        frame = tokens[by].iloc[starts].reset_index(drop=True) if by else pd.DataFrame(index=range(len(starts)))
        frame["ngram"] = text
        frame["n"] = length
        frames.append(frame)
    columns = [*by, "ngram", "n", "count", "rank"]
    if not frames:
        return pd.DataFrame(columns=columns)
    counts = pd.concat(frames, ignore_index=True).groupby([*by, "ngram", "n"], sort=False).size()
    counts = counts.rename("count").reset_index()
    counts = counts[counts["count"] >= min_count]
    counts = counts.sort_values([*by, "count", "ngram"], ascending=[True] * len(by) + [False, True])
    group = counts.groupby(by, sort=False)["count"] if by else counts["count"]
    counts["rank"] = group.rank(method="min", ascending=False).astype(int)
    return counts.reset_index(drop=True)[columns]


def collocations(
    tokens: pd.DataFrame,
    *,
    on: str = "lemma",
    window: int = 2,
    stopwords: frozenset[str] | None = STOPWORDS,
    min_count: int = 2,
    sort_by: str = "g2",
    lowercase: bool = False,
) -> pd.DataFrame:
    """Pairs of words that occur together more often than chance: G² and PMI per pair.

    Parameters
    ----------
    tokens : DataFrame
        Token table (``doc_id``, ``sent_id``, ``text``, ``kind``; ``lemma`` for ``on="lemma"``).
    on : {"form", "lemma"}
    window : int
        ``2`` scores adjacent words; a larger window pairs each word with the next
        ``window - 1`` tokens of its sentence (in that order), as nltk's ``window_size``.
    stopwords : frozenset of str or None
        Words that take part in no pair; they are not skipped over (a pair never spans a removed
        word when ``window`` is 2), and they do not count in ``N``. None keeps all words.
    min_count : int
        Leave out pairs seen fewer times (PMI is unreliable for rare pairs).
    sort_by : {"g2", "pmi"}
    lowercase : bool

    Returns
    -------
    DataFrame
        One row per pair: ``collocation`` ("w1 w2"), ``w1``, ``w2``, ``count`` (co-occurrences),
        ``count_w1``, ``count_w2`` (word frequencies), ``expected`` (co-occurrences expected by
        chance), ``g2``, ``pmi``; sorted by ``sort_by``, descending.

    Notes
    -----
    ``N`` is the number of words that can take part in a pair (words, stopwords excluded); with
    ``window > 2`` the co-occurrence count is divided by ``window - 1`` for the scores, as in nltk.

    References
    ----------
    Church, K. W., & Hanks, P. (1990). Word association norms, mutual information, and
    lexicography. *Computational Linguistics* 16(1), 22-29.
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    *Computational Linguistics* 19(1), 61-74.
    """
    _check("sort_by", sort_by, COLLOCATION_MEASURES)
    if window < 2:
        raise ValueError(f"window={window}; must be 2 or more")
    terms, is_word, stop, sentence = _arrays(tokens, on, lowercase, stopwords)
    usable = is_word & ~stop
    first_parts, second_parts = [], []
    for offset in range(1, window):
        m = len(terms) - offset
        if m <= 0:
            break
        ok = usable[:m] & usable[offset:] & (sentence[:m] == sentence[offset:])
        starts = np.flatnonzero(ok)
        first_parts.append(terms[starts])
        second_parts.append(terms[starts + offset])
    columns = ["collocation", "w1", "w2", "count", "count_w1", "count_w2", "expected", "g2", "pmi"]
    if not first_parts:
        return pd.DataFrame(columns=columns)
    pairs = pd.DataFrame({"w1": np.concatenate(first_parts), "w2": np.concatenate(second_parts)})
    pairs = pairs.groupby(["w1", "w2"], sort=False).size().rename("count").reset_index()
    pairs = pairs[pairs["count"] >= min_count]
    unigrams = pd.Series(terms[usable]).value_counts()
    n_all = float(usable.sum())
    pairs["count_w1"] = pairs["w1"].map(unigrams).to_numpy()
    pairs["count_w2"] = pairs["w2"].map(unigrams).to_numpy()
    o11 = pairs["count"].to_numpy(dtype=float) / (window - 1)
    r1 = pairs["count_w1"].to_numpy(dtype=float)
    c1 = pairs["count_w2"].to_numpy(dtype=float)
    expected = r1 * c1 / n_all
    g2 = log_likelihood(o11, r1 - o11, c1 - o11, n_all - r1 - c1 + o11)
    pairs["expected"] = expected
    pairs["g2"] = np.where(o11 >= expected, g2, -g2)
    pairs["pmi"] = np.log2(o11 * n_all / (r1 * c1))
    pairs["collocation"] = pairs["w1"] + " " + pairs["w2"]
    pairs = pairs.sort_values([sort_by, "count", "collocation"], ascending=[False, False, True])
    return pairs.reset_index(drop=True)[columns]
