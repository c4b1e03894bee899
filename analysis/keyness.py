"""Keyness: which terms are unusually frequent in a document or group, compared with a reference.

A target (a document, an outlet, a section) is compared term by term with a reference: general
German (:func:`general_german`, from the ``wordfreq`` word list shipped on PyPI), another corpus
(any :func:`analysis.terms.count_terms` table, e.g. of the Leipzig news sentences of the same
year), or the other groups of the same table (:func:`keyness_groups`: one outlet against the
others, one section against the rest, every document against the rest of the corpus).

All functions work on count tables, one row per term (and group): the cost grows with the
vocabulary, not with the number of tokens, and every group of a table is scored in one vectorised
pass. TF-IDF (:func:`tfidf`) is here too: it answers the same question ("which terms mark this
document?") with weights instead of a test.

Statistics
----------
For a term with frequency ``a`` in a target of ``n_target`` words and ``b`` in a reference of
``n_reference`` words, the 2×2 table is ``[[a, b], [n_target - a, n_reference - b]]``.

- ``g2``: the log-likelihood ratio statistic G² of that table (Dunning 1993), signed as in
  quanteda's ``textstat_keyness``: positive when the term is relatively more frequent in the
  target, negative when less. ``p`` is its χ² (1 df) p-value; with thousands of terms, read it as
  a ranking aid, not a test (the terms are not independent and not sampled).
- ``log_ratio``: the effect size, log₂ of the ratio of relative frequencies (Hardie 2014); 1 means
  twice as frequent in the target, -1 half as frequent. A zero frequency is replaced by 0.5 so
  that the ratio stays finite (Hardie's suggestion).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import chi2
from sklearn.feature_extraction.text import TfidfTransformer

from .lemmas import lemmatize_word
from .terms import STOPWORDS, TERM_UNITS, count_terms

__all__ = [
    "CORRECTIONS",
    "REFERENCE_SIZE",
    "REFERENCE_FLOOR",
    "KEYNESS_COLUMNS",
    "log_likelihood",
    "keyness",
    "keyness_groups",
    "general_german",
    "tfidf",
]

#: Corrections of G² for small expected counts: none, or Williams (1976), quanteda's default.
CORRECTIONS = ("none", "williams")
#: Nominal size (in words) of the general-German reference. wordfreq gives proportions; its
#: rarest listed German word has a frequency of about 1e-8, so at 10⁸ words that word occurs
#: once. The choice matters little: against so large a reference, G² is close to a goodness-of-fit
#: test of the target against wordfreq's proportions.
REFERENCE_SIZE = 100_000_000
#: Occurrences given to a term that wordfreq does not list (Tokajew, Ölterminal, hyphenated
#: compounds): half of the rarest listed word at :data:`REFERENCE_SIZE`.
REFERENCE_FLOOR = 0.5
#: Columns of a keyness table (after any group columns).
KEYNESS_COLUMNS = ["term", "count", "count_reference", "n_target", "n_reference", "per_1000",
                   "per_1000_reference", "g2", "p", "log_ratio"]
#: wordfreq forms at least this frequent are lemmatised to build the lemma-level reference.
_LEMMA_MIN_FREQUENCY = 1e-7


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``x * log(y)``, with 0 where ``x == 0`` (the limit in G²)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 0, x * np.log(np.where(x > 0, y, 1.0)), 0.0)


def log_likelihood(o11, o12, o21, o22, *, correction: str = "none") -> np.ndarray:
    """G² of 2×2 tables ``[[o11, o12], [o21, o22]]`` (arrays of equal length), unsigned.

    Parameters
    ----------
    o11, o12, o21, o22 : array-like of float
        Observed counts: term in target, term in reference, other words in target, other words
        in reference (or, for collocations: w1 w2, w1 ¬w2, ¬w1 w2, ¬w1 ¬w2).
    correction : {"none", "williams"}
        Williams' correction divides G² by ``q = 1 + (N/R1 + N/R2 - 1)(N/C1 + N/C2 - 1) / 6N``.

    Returns
    -------
    numpy.ndarray
        ``G² = 2 Σ O ln(O / E)`` over the four cells, ``E`` from the margins (Dunning 1993).

    Examples
    --------
    >>> round(float(log_likelihood([10], [10], [90], [990])[0]), 3)
    22.908
    """
    if correction not in CORRECTIONS:
        raise ValueError(f"correction={correction!r}; valid: {', '.join(CORRECTIONS)}")
    cells = [np.asarray(o, dtype=float) for o in (o11, o12, o21, o22)]
    o11, o12, o21, o22 = cells
    r1, r2 = o11 + o12, o21 + o22
    c1, c2 = o11 + o21, o12 + o22
    n = r1 + r2
    g2 = 2 * (_xlogy(o11, o11 * n / (r1 * c1)) + _xlogy(o12, o12 * n / (r1 * c2))
              + _xlogy(o21, o21 * n / (r2 * c1)) + _xlogy(o22, o22 * n / (r2 * c2)))
    g2 = np.maximum(g2, 0.0)  # rounding can give -1e-13 for a term exactly as frequent as expected
    if correction == "williams":
        with np.errstate(divide="ignore", invalid="ignore"):
            q = 1 + (n / r1 + n / r2 - 1) * (n / c1 + n / c2 - 1) / (6 * n)
        g2 = g2 / q
    return g2


def _totals(table: pd.DataFrame, groups: list[str]) -> pd.Series | float:
    """Words per group: the ``n_words`` column of a count table, else the sum of its counts."""
    if "n_words" in table:
        return table.groupby(groups)["n_words"].first() if groups else float(table["n_words"].iloc[0])
    return table.groupby(groups)["count"].sum() if groups else float(table["count"].sum())


def _score(frame: pd.DataFrame, correction: str) -> pd.DataFrame:
    """Add G², p and log ratio to a frame with count, count_reference, n_target, n_reference."""
    a = frame["count"].to_numpy(dtype=float)
    b = frame["count_reference"].to_numpy(dtype=float)
    n1 = frame["n_target"].to_numpy(dtype=float)
    n2 = frame["n_reference"].to_numpy(dtype=float)
    g2 = log_likelihood(a, b, n1 - a, n2 - b, correction=correction)
    rel1, rel2 = a / n1, b / n2
    frame["per_1000"] = rel1 * 1000
    frame["per_1000_reference"] = rel2 * 1000
    frame["g2"] = np.where(rel1 >= rel2, g2, -g2)
    frame["p"] = chi2.sf(g2, 1)
    frame["log_ratio"] = np.log2((np.where(a > 0, a, 0.5) / n1) / (np.where(b > 0, b, 0.5) / n2))
    return frame


def _finish(frame: pd.DataFrame, groups: list[str], min_count: float) -> pd.DataFrame:
    frame = frame[frame["count"] + frame["count_reference"] >= min_count]
    frame = frame.sort_values([*groups, "g2", "term"], ascending=[True] * len(groups) + [False, True])
    return frame.reset_index(drop=True)[[*groups, *KEYNESS_COLUMNS]]


def keyness(
    target: pd.DataFrame,
    reference: pd.DataFrame,
    *,
    by: tuple[str, ...] | list[str] = (),
    correction: str = "none",
    min_count: float = 1,
    all_terms: bool = False,
) -> pd.DataFrame:
    """Keyness of every term of ``target`` against ``reference``: G², p and log ratio.

    Parameters
    ----------
    target : DataFrame
        A :func:`analysis.terms.count_terms` table (``term``, ``count``, ``n_words``); with ``by``,
        one set of rows per group, and every group is compared with the same reference.
    reference : DataFrame
        A count table of one group (``term``, ``count`` and ``n_words``; without ``n_words`` the
        sum of ``count`` is the reference size), e.g. :func:`general_german` or the counts of a
        reference corpus. Terms missing from it count 0.
    by : sequence of str
        Group columns of ``target``.
    correction : {"none", "williams"}
        See :func:`log_likelihood`; ``"williams"`` reproduces quanteda's default for ``lr``.
    min_count : float
        Leave out terms whose count in target and reference together is smaller.
    all_terms : bool
        Also score the reference's terms that the target never uses (``count`` 0, negative
        ``g2``), as quanteda does for a dfm holding both; use it with a reference corpus, not
        with :func:`general_german` (which lists only the terms it is given).

    Returns
    -------
    DataFrame
        One row per group and term, columns ``by`` + :data:`KEYNESS_COLUMNS`, sorted by group and
        descending signed ``g2`` (the most over-represented terms first, the most
        under-represented last). ``count_reference`` is the term's count in the reference and
        ``per_1000_reference`` its rate there.

    Notes
    -----
    G² after Dunning (1993), log ratio after Hardie (2014); see the module docstring. Only terms
    present in ``target`` are scored: a word that the target never uses cannot be key for it,
    and its absence shows as a negative ``g2`` only in :func:`keyness_groups`.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    *Computational Linguistics* 19(1), 61-74.
    Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for Corpus Approaches to
    Social Science (CASS), Lancaster University.
    """
    groups = list(by)
    ref = reference.groupby("term", sort=False)["count"].sum()
    frame = target[[*groups, "term", "count"]].copy()
    if all_terms:
        labels = frame[groups].drop_duplicates() if groups else pd.DataFrame(index=[0])
        missing = labels.merge(pd.DataFrame({"term": ref.index}), how="cross")
        missing = missing.merge(frame, on=[*groups, "term"], how="left", indicator=True)
        missing = missing[missing["_merge"] == "left_only"].drop(columns="_merge").fillna({"count": 0})
        frame = pd.concat([frame, missing[[*groups, "term", "count"]]], ignore_index=True)
        frame["count"] = frame["count"].astype(int)
    frame["count_reference"] = frame["term"].map(ref).fillna(0.0).to_numpy(dtype=float)
    if groups:
        frame = frame.merge(_totals(target, groups).rename("n_target").reset_index(), on=groups, how="left")
    else:
        frame["n_target"] = _totals(target, [])
    frame["n_reference"] = _totals(reference, [])
    return _finish(_score(frame, correction), groups, min_count)


def keyness_groups(
    counts: pd.DataFrame,
    *,
    by: str | tuple[str, ...] | list[str],
    target=None,
    correction: str = "none",
    min_count: float = 1,
) -> pd.DataFrame:
    """Keyness of each group of a count table against all the other groups together.

    Parameters
    ----------
    counts : DataFrame
        :func:`analysis.terms.count_terms` output with group columns ``by`` (e.g. ``doc_id``,
        ``outlet``, ``section``).
    by : str or sequence of str
    target : value or list of values, optional
        Only these groups (values of a single ``by`` column, or tuples for several). By default
        every group, each against the rest of the table, in one vectorised pass (quanteda's
        ``textstat_keyness(x, target = ...)`` repeated for every document).
    correction, min_count
        As in :func:`keyness`.

    Returns
    -------
    DataFrame
        As :func:`keyness`, with the ``by`` columns first. With ``target`` given, every term of
        the table is scored for the target groups, so terms a group never uses appear with
        ``count`` 0 and a negative ``g2`` (both directions, as quanteda's keyness plot shows).
        Without ``target``, each group's own terms are scored (the table stays as sparse as the
        counts: a corpus of 1,000 documents does not become 1,000 × vocabulary rows).
    """
    groups = [by] if isinstance(by, str) else list(by)
    if not groups:
        raise ValueError("by: give at least one group column")
    long = counts.groupby([*groups, "term"], sort=False, as_index=False)["count"].sum()
    sizes = _totals(counts, groups).rename("n_target").reset_index()
    if target is not None:
        wanted = target if isinstance(target, list) else [target]
        index = pd.MultiIndex.from_frame(sizes[groups]) if len(groups) > 1 else pd.Index(sizes[groups[0]])
        missing = [t for t in wanted if t not in index]
        if missing:
            valid = ", ".join(map(str, index[:20]))
            raise ValueError(f"target {missing!r} not among the groups; valid: {valid}")
        chosen = sizes[index.isin(wanted)]
        vocabulary = pd.DataFrame({"term": long["term"].unique()})
        frame = chosen[groups].merge(vocabulary, how="cross").merge(long, on=[*groups, "term"], how="left")
        frame["count"] = frame["count"].fillna(0).astype(int)
    else:
        frame = long
    totals = long.groupby("term", sort=False)["count"].sum()
    frame = frame.merge(sizes, on=groups, how="left")
    frame["count_reference"] = frame["term"].map(totals).to_numpy(dtype=float) - frame["count"]
    frame["n_reference"] = float(sizes["n_target"].sum()) - frame["n_target"]
    frame = frame[[*groups, "term", "count", "count_reference", "n_target", "n_reference"]]
    return _finish(_score(frame, correction), groups, min_count)


@lru_cache(maxsize=2)
def _wordfreq(lang: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict  # a 634k-word table: load only when asked

    return get_frequency_dict(lang)


@lru_cache(maxsize=2)
def _wordfreq_lemmas(lang: str) -> dict[str, float]:
    """wordfreq proportions summed per lemma (lower-case key), lemmatised once per form."""
    totals: dict[str, float] = {}
    for form, frequency in _wordfreq(lang).items():
        if frequency < _LEMMA_MIN_FREQUENCY:
            continue
        lemma = lemmatize_word(form.capitalize())  # the alias table lists names capitalised
        if lemma == form.capitalize():
            lemma = lemmatize_word(form)
        key = lemma.lower()
        totals[key] = totals.get(key, 0.0) + frequency
    return totals


def general_german(
    terms,
    *,
    on: str = "lemma",
    size: int = REFERENCE_SIZE,
    floor: float = REFERENCE_FLOOR,
) -> pd.DataFrame:
    """A reference count table for ``terms`` from general German (the wordfreq word list).

    Parameters
    ----------
    terms : iterable of str or DataFrame
        Terms (or a count table whose ``term`` column is used).
    on : {"form", "lemma"}
        ``form``: a term's own frequency in wordfreq (which lists lower-case word forms).
        ``lemma``: the summed frequency of every wordfreq form (frequency ≥ 1e-7) whose lemma is
        the term, so that *Kasachstan* counts *Kasachstans* too (lemmatised as in
        :func:`analysis.lemmas.lemmatize_word`, once per form and cached; ~1 s the first time).
    size : int
        Nominal size of the reference in words (:data:`REFERENCE_SIZE`).
    floor : float
        Count given to terms wordfreq does not list (:data:`REFERENCE_FLOOR`).

    Returns
    -------
    DataFrame
        ``term``, ``count`` (``frequency × size``, at least ``floor``), ``n_words`` (= ``size``),
        ``frequency`` (wordfreq's proportion, 0 when unlisted), ``listed``. Pass it as the
        ``reference`` of :func:`keyness`.

    Notes
    -----
    wordfreq (Speer 2022; data CC BY-SA 4.0) blends subtitles, Wikipedia, news, web text and
    social media up to about 2021, so names that became news later (Tokajew) and rare compounds
    (Ölterminal) are unlisted and get the floor. Hyphenated terms are looked up whole: wordfreq
    splits them into words, and its estimate for the combination is far too high.

    Examples
    --------
    >>> ref = general_german(["Kasachstan", "Tokajew"], on="form")
    >>> ref["listed"].tolist(), float(ref["count"].iloc[1])
    ([True, False], 0.5)
    """
    if on not in TERM_UNITS:
        raise ValueError(f"on={on!r}; valid: {', '.join(TERM_UNITS)}")
    if size <= 0 or floor <= 0:
        raise ValueError("size and floor must be positive")
    terms = terms["term"] if isinstance(terms, pd.DataFrame) else terms
    terms = pd.unique(pd.Series(list(terms), dtype=object))
    forms = _wordfreq("de")
    lemmas = _wordfreq_lemmas("de") if on == "lemma" else {}
    frequency = np.array([max(lemmas.get(t.lower(), 0.0), forms.get(t.lower(), 0.0)) for t in terms])
    return pd.DataFrame({
        "term": terms,
        "count": np.maximum(frequency * size, floor),
        "n_words": size,
        "frequency": frequency,
        "listed": frequency > 0,
    })


def _document_term_matrix(counts: pd.DataFrame, by: list[str]):
    """Sparse document-term matrix from a long count table: (matrix, group labels, vocabulary)."""
    rows = counts.groupby(by, sort=False).ngroup().to_numpy()
    labels = counts[by].drop_duplicates().reset_index(drop=True)  # the same order as ngroup
    cols, vocabulary = pd.factorize(counts["term"], sort=True)
    matrix = sparse.csr_matrix((counts["count"].to_numpy(dtype=float), (rows, cols)),
                               shape=(len(labels), len(vocabulary)))
    return matrix, labels, vocabulary


def tfidf(
    tokens: pd.DataFrame,
    *,
    on: str = "lemma",
    by: str | list[str] = "doc_id",
    stopwords: frozenset[str] | None = STOPWORDS,
    top: int | None = 10,
    sublinear_tf: bool = False,
    norm: str | None = "l2",
    min_df: int = 1,
) -> pd.DataFrame:
    """TF-IDF weights of the terms of each document (or group), with the top terms per document.

    Parameters
    ----------
    tokens : DataFrame
        Token table (with ``lemma`` for ``on="lemma"``).
    on, stopwords
        As in :func:`analysis.terms.count_terms`.
    by : str or list of str
        What a "document" is (``doc_id``, or e.g. ``outlet``).
    top : int or None
        Keep the ``top`` highest-weighted terms per document; None keeps all.
    sublinear_tf, norm
        Passed to scikit-learn's ``TfidfTransformer``: ``1 + log(tf)`` instead of ``tf``, and the
        row normalisation (``"l2"``, ``"l1"`` or None).
    min_df : int
        Leave out terms used in fewer documents.

    Returns
    -------
    DataFrame
        ``by`` columns, ``term``, ``count``, ``df`` (documents using the term), ``idf``,
        ``tfidf``, ``rank`` (1 = highest weight in its document), sorted by document and rank.

    Notes
    -----
    scikit-learn's smoothed idf, ``ln((1 + n) / (1 + df)) + 1`` (Spärck Jones 1972; Salton &
    Buckley 1988). Counting is done once per term type; the matrix is sparse, so thousands of
    documents take well under a second. With one document every idf is 1 and the weights are the
    normalised counts.
    """
    by = [by] if isinstance(by, str) else list(by)
    counts = count_terms(tokens, on=on, by=by, stopwords=stopwords)
    matrix, labels, vocabulary = _document_term_matrix(counts, by)
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    keep = np.flatnonzero(df >= min_df)
    matrix, vocabulary, df = matrix[:, keep], vocabulary[keep], df[keep]
    transformer = TfidfTransformer(norm=norm, sublinear_tf=sublinear_tf).fit(matrix)
    weights = transformer.transform(matrix).tocoo()
    tf = matrix.tocsr()
    frame = pd.DataFrame({
        "_row": weights.row, "term": vocabulary[weights.col],
        "count": np.asarray(tf[weights.row, weights.col]).ravel().astype(int),
        "df": df[weights.col], "idf": transformer.idf_[weights.col], "tfidf": weights.data,
    })
    frame = frame.sort_values(["_row", "tfidf", "term"], ascending=[True, False, True])
    frame["rank"] = frame.groupby("_row").cumcount() + 1
    if top is not None:
        frame = frame[frame["rank"] <= top]
    out = pd.concat([labels.iloc[frame["_row"].to_numpy()].reset_index(drop=True),
                     frame.drop(columns="_row").reset_index(drop=True)], axis=1)
    return out
