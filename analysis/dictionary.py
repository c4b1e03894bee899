"""Dictionaries: patterns → categories, compiled once, matched on the vocabulary, with evidence.

A dictionary is a list of :class:`Entry` (a pattern and the category it stands for, with
options). It is the one engine behind every word-list measure: frames (:mod:`analysis.framing`)
today; the sentiment lexicon and the actor registry can use it unchanged (a category is any
string, an entry may carry a ``weight``).

Patterns
--------
- a word, matched case-insensitively unless the entry says ``case``: ``Balanceakt``;
- wildcards: ``*`` any characters, ``?`` one character: ``Sanktion*``, ``*krieg``, ``EU-*``;
- several words separated by spaces, matched as consecutive tokens of one sentence (quotation
  marks and brackets between them are skipped): ``diplomatische Lösung``, ``künstlich* Staat``;
- ``lemma``: the pattern also matches a token's lemma (``einmarschieren`` finds *einmarschierte*);
- ``compound``: the pattern also matches inside compounds (:data:`COMPOUND_MODES`): ``part`` a
  part of a hyphenated compound (*Ukraine-Krieg*), ``head`` a part or the end of one, i.e. the
  head of a closed compound (*Angriffskrieg*), ``any`` anywhere inside a part (*Kriegsende*);
- ``exclude``: patterns (words or phrases) that veto a hit they overlap: ``Wirtschaft*`` with
  ``exclude: [Wirtschaftsforum*]``, ``Kiew`` with ``exclude: [Dynamo Kiew]``.

How matching scales
-------------------
As in quanteda (Benoit et al. 2018, *quanteda: An R package for the quantitative analysis of
textual data*, JOSS 3(30)), patterns are matched against the **vocabulary**, not against every
token: each distinct word form (and its lemma) is tested once and the result cached. Exact
patterns are one dictionary look-up; wildcard patterns are found through an Aho-Corasick automaton
of their literal parts (pyahocorasick), so a vocabulary type costs about its length plus the few
candidate patterns it contains, whatever the number of patterns. The result is a sparse
type × pattern matrix (scipy.sparse); indexing it by the token's type gives the token × pattern
matrix, from which single-word hits are read directly and phrases are checked only where their
first word matched. :meth:`Dictionary.lookup_dfm` does quanteda's ``dfm_lookup``: counts per
document and category from a sparse document-term matrix.

Readers: :func:`read_liwc` (LIWC ``.dic``, Pennebaker et al. 2015) and :func:`read_yaml`
(quanteda's YAML dictionary format); a malformed file raises ``ValueError`` naming the file and
the line.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import ahocorasick
import numpy as np
import pandas as pd
import yaml
from scipy import sparse

__all__ = [
    "COMPOUND_MODES",
    "HIT_COLUMNS",
    "Entry",
    "Dictionary",
    "read_liwc",
    "read_yaml",
    "read_dictionary",
    "load_yaml_lines",
]

#: How a pattern may match inside a compound word (see the module docstring).
COMPOUND_MODES = ("none", "part", "head", "any")
#: Columns of the hit table of :meth:`Dictionary.lookup` (one row per hit).
HIT_COLUMNS = ["doc_id", "sent_id", "token_first", "token_last", "start", "end", "text",
               "pattern", "category", "entry", "weight"]

_HYPHENS = "-‐‑"
_SKIP = frozenset("„“”\"»«‚‘’'›‹()[]")  # skipped inside phrases: „künstlichen Zustand“ is a phrase


@dataclass(frozen=True)
class Entry:
    """One dictionary entry: a pattern standing for a category.

    Parameters
    ----------
    pattern : str
        A word, a wildcard pattern or a phrase (words separated by spaces).
    category : str
        What a hit counts for (a frame id, a sentiment class, an actor id).
    lemma : bool
        Also match the tokens' lemmas (``True``), not only their forms.
    compound : str or bool
        One of :data:`COMPOUND_MODES`; ``True`` means ``head``, ``False`` ``none``. Applies to
        every word of the pattern.
    case : bool
        Match case-sensitively (``EU`` but not *eu*).
    exclude : tuple of str
        Patterns (form, case-insensitive) that veto an overlapping hit.
    weight : float
        A number carried to each hit (1 for frames; a polarity weight for a sentiment lexicon).
    source : str
        Where the entry was defined (``file:line``), for evidence and error messages.
    """

    pattern: str
    category: str
    lemma: bool = False
    compound: str | bool = "none"
    case: bool = False
    exclude: tuple[str, ...] = ()
    weight: float = 1.0
    source: str = field(default="", compare=False)

    def __post_init__(self):
        mode = {True: "head", False: "none", None: "none"}.get(self.compound, self.compound)
        if mode not in COMPOUND_MODES:
            raise ValueError(f"{self._where()}compound={self.compound!r}; valid: {', '.join(COMPOUND_MODES)}, true, false")
        object.__setattr__(self, "compound", mode)
        if not isinstance(self.pattern, str) or not self.pattern.split():
            raise ValueError(f"{self._where()}empty pattern")
        if not isinstance(self.category, str) or not self.category:
            raise ValueError(f"{self._where()}empty category")
        object.__setattr__(self, "exclude", tuple(self.exclude))

    def _where(self) -> str:
        return f"{self.source}: " if self.source else ""


@dataclass(frozen=True)
class _Word:
    """One word pattern with its matching options; the unit the vocabulary is matched against."""

    pattern: str
    compound: str
    case: bool
    lemma: bool


def _word_regex(word: _Word) -> re.Pattern:
    body = fnmatch.translate(word.pattern)[4:-3]  # strip fnmatch's "(?s:" ... ")\Z"
    hy = re.escape(_HYPHENS)
    part = {"none": f"{body}",
            "part": f"(?:.*[{hy}])?{body}(?:[{hy}].*)?",
            "head": f"(?:.*[{hy}])?[^{hy}]*{body}(?:[{hy}].*)?",
            "any": f"(?:.*[{hy}])?[^{hy}]*{body}[^{hy}]*(?:[{hy}].*)?"}[word.compound]
    return re.compile(part, re.DOTALL | (0 if word.case else re.IGNORECASE))


def _anchor(pattern: str) -> str:
    """The longest literal run of a wildcard pattern (what the Aho-Corasick automaton looks for)."""
    return max(re.split(r"[*?\[\]]", pattern), key=len)


class Dictionary:
    """Entries compiled once for fast matching.

    Parameters
    ----------
    entries : iterable of Entry

    Attributes
    ----------
    entries_ : tuple of Entry
    categories_ : tuple of str
        The categories in order of first appearance.
    n_patterns_ : int
        Number of entries (patterns).

    Examples
    --------
    >>> d = Dictionary([Entry("Sanktion*", "economic"), Entry("Krieg", "conflict", compound="part")])
    >>> import pandas as pd
    >>> tokens = pd.DataFrame({"doc_id": "d", "sent_id": 0, "token_id": [0, 1, 2],
    ...                        "start": [0, 4, 18], "end": [3, 17, 28], "kind": "word",
    ...                        "text": ["Neue", "Sanktionen", "Ukraine-Krieg"]})
    >>> d.lookup(tokens)[["text", "category"]].values.tolist()
    [['Sanktionen', 'economic'], ['Ukraine-Krieg', 'conflict']]
    """

    def __init__(self, entries):
        self.entries_ = tuple(entries)
        for e in self.entries_:
            if not isinstance(e, Entry):
                raise TypeError(f"expected Entry, got {type(e).__name__}")
        self.categories_ = tuple(dict.fromkeys(e.category for e in self.entries_))
        self.n_patterns_ = len(self.entries_)
        words: dict[_Word, int] = {}

        def word_id(text: str, compound: str, case: bool, lemma: bool) -> int:
            return words.setdefault(_Word(text if case else text.lower(), compound, case, lemma), len(words))

        # Each entry → a sequence of word ids, and one sequence per exclusion.
        self._sequences = []
        self._excludes = []
        for e in self.entries_:
            self._sequences.append(tuple(word_id(w, e.compound, e.case, e.lemma) for w in e.pattern.split()))
            self._excludes.append(tuple(tuple(word_id(w, "none", False, False) for w in x.split())
                                        for x in e.exclude if x.split()))
        self._words = tuple(words)
        self._word_lemma = np.array([w.lemma for w in self._words], dtype=bool)
        # Exact words: hash look-up; wildcard or compound words: Aho-Corasick on their anchor.
        self._exact = {True: {}, False: {}}
        self._automaton = {True: ahocorasick.Automaton(), False: ahocorasick.Automaton()}
        self._always = {True: [], False: []}
        self._regex = {}
        candidates = {True: {}, False: {}}
        for wid, w in enumerate(self._words):
            if w.compound == "none" and not re.search(r"[*?\[]", w.pattern):
                self._exact[w.case].setdefault(w.pattern, []).append(wid)
                continue
            self._regex[wid] = None  # compiled when a word first reaches it (see _matches)
            anchor = _anchor(w.pattern) if w.case else _anchor(w.pattern).lower()
            if anchor:
                candidates[w.case].setdefault(anchor, []).append(wid)
            else:
                self._always[w.case].append(wid)
        for case, table in candidates.items():
            for anchor, wids in table.items():
                self._automaton[case].add_word(anchor, tuple(wids))
            if table:
                self._automaton[case].make_automaton()
        self._cache: dict[str, tuple[int, ...]] = {}
        # Entries whose pattern is one word: a word id → entries matrix.
        single = [(seq[0], i) for i, seq in enumerate(self._sequences) if len(seq) == 1]
        rows, cols = zip(*single) if single else ((), ())
        self._single = sparse.csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)),
                                         shape=(len(self._words), self.n_patterns_))

    def __repr__(self) -> str:
        return f"Dictionary({self.n_patterns_} patterns, {len(self.categories_)} categories)"

    # -- vocabulary ------------------------------------------------------------------------------
    def match_word(self, text: str) -> tuple[int, ...]:
        """Ids of the word patterns that match one string (cached: each type is tested once)."""
        hit = self._cache.get(text)
        if hit is not None:
            return hit
        found = set()
        lower = text.lower()
        for case, s in ((False, lower), (True, text)):
            found.update(self._exact[case].get(s, ()))
            cands = set(self._always[case])
            if len(self._automaton[case]):
                for _, wids in self._automaton[case].iter(s):
                    cands.update(wids)
            found.update(w for w in cands if self._matches(w, text))
        hit = tuple(sorted(found))
        self._cache[text] = hit
        return hit

    def _matches(self, wid: int, text: str) -> bool:
        """Whether wildcard or compound word pattern ``wid`` matches ``text``. Its regex is compiled
        on first use: a codebook of hundreds of patterns opens at once, and one article reaches
        only a few of them."""
        regex = self._regex[wid]
        if regex is None:
            regex = self._regex[wid] = _word_regex(self._words[wid])
        return regex.fullmatch(text) is not None

    def match_vocabulary(self, forms, lemmas=None) -> sparse.csr_matrix:
        """Sparse type × word-pattern indicator matrix for a vocabulary.

        ``forms[i]`` (and, if given, ``lemmas[i]``, its lemma) is type ``i``; a word pattern
        matches the lemma only for entries with ``lemma=True``.
        """
        rows, cols = [], []
        for i, form in enumerate(forms):
            wids = self.match_word(form)
            if lemmas is not None and isinstance(lemmas[i], str) and lemmas[i] != form:
                by_lemma = [w for w in self.match_word(lemmas[i]) if self._word_lemma[w]]
                wids = set(wids).union(by_lemma) if by_lemma else wids
            if wids:  # most types match no pattern
                rows.extend([i] * len(wids))
                cols.extend(wids)
        return sparse.csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)),
                                 shape=(len(forms), len(self._words)))

    def lookup_dfm(self, dfm, vocabulary) -> sparse.csr_matrix:
        """quanteda's ``dfm_lookup``: a document × category count matrix from a document × term one.

        Single-word entries only (phrases need token order: use :meth:`lookup`); a term counts once
        per category even if several of its patterns match it. Columns follow :attr:`categories_`.
        """
        types = self.match_vocabulary(list(vocabulary))
        entry_cat = sparse.csr_matrix(
            (np.ones(self.n_patterns_), (np.arange(self.n_patterns_),
                                         [self.categories_.index(e.category) for e in self.entries_])),
            shape=(self.n_patterns_, len(self.categories_)))
        term_cat = ((types @ self._single) @ entry_cat) > 0
        return sparse.csr_matrix(dfm) @ term_cat.astype(np.int64)

    # -- tokens ----------------------------------------------------------------------------------
    def lookup(self, tokens: pd.DataFrame, *, texts: dict[str, str] | None = None) -> pd.DataFrame:
        """Every hit of every entry in a token table, with its evidence.

        Parameters
        ----------
        tokens : DataFrame
            A token table (:func:`analysis.segment.tokenize`), with a ``lemma`` column if any
            entry uses lemmas (:func:`analysis.lemmas.lemmatize`).
        texts : dict, optional
            doc_id → document text, to give phrase hits their exact text (otherwise the tokens
            are joined by spaces).

        Returns
        -------
        DataFrame
            :data:`HIT_COLUMNS`, one row per hit, sorted by document, offset and entry:
            ``token_first``/``token_last`` are token ids (inclusive), ``start``/``end`` character
            offsets into the document, ``text`` the matched text, ``pattern`` and ``category`` the
            entry's, ``entry`` its index in :attr:`entries_`.
        """
        keep = ~tokens["text"].isin(_SKIP).to_numpy()
        toks = tokens[keep]
        n = len(toks)
        if n == 0 or not self.n_patterns_:
            return pd.DataFrame(columns=HIT_COLUMNS)
        codes, uniques = pd.factorize(toks["text"], sort=False)
        lemmas = None
        if "lemma" in toks and self._word_lemma.any():
            # codes are numbered in order of first occurrence: a type's first token is where the
            # code exceeds every code before it
            first = np.flatnonzero(codes > np.maximum.accumulate(np.r_[-1, codes[:-1]]))
            lemmas = toks["lemma"].iloc[first].to_numpy(dtype=object)
        token_words = self.match_vocabulary(uniques.tolist(), lemmas)[codes]  # token × word pattern
        doc = pd.factorize(toks["doc_id"], sort=False)[0]  # integers: no Arrow strings compared per token
        sent = toks["sent_id"].to_numpy()
        same = np.r_[(doc[1:] == doc[:-1]) & (sent[1:] == sent[:-1]), False]  # token i+1 continues i
        csc = token_words.tocsc()
        rows_of = {}

        def word_rows(w):
            if w not in rows_of:
                rows_of[w] = csc.indices[csc.indptr[w]:csc.indptr[w + 1]]
            return rows_of[w]

        def occurrences(seq):
            first = word_rows(seq[0])
            if len(seq) == 1 or len(first) == 0:
                return first, first
            ok = first[first + len(seq) - 1 < n]
            for k, w in enumerate(seq[1:], start=1):
                ok = ok[same[ok + k - 1]]
                ok = ok[np.isin(ok + k, word_rows(w))]
            return ok, ok + len(seq) - 1

        found_first, found_last, found_entry = [], [], []
        single = (token_words @ self._single).tocoo()
        for i, seq in enumerate(self._sequences):
            if len(seq) > 1:
                a, b = occurrences(seq)
                found_first.append(a), found_last.append(b), found_entry.append(np.full(len(a), i))
        found_first.append(single.row), found_last.append(single.row), found_entry.append(single.col)
        first = np.concatenate(found_first).astype(np.int64)
        last = np.concatenate(found_last).astype(np.int64)
        entry = np.concatenate(found_entry).astype(np.int64)
        # Exclusions: drop a hit that overlaps an occurrence of one of its entry's exclusions.
        veto = np.zeros(len(first), dtype=bool)
        for i, excludes in enumerate(self._excludes):
            if not excludes:
                continue
            mine = np.flatnonzero(entry == i)
            for x in excludes:
                xa, xb = occurrences(x)
                if len(xa) == 0:
                    continue
                k = np.searchsorted(xa, last[mine], side="right")  # exclusions starting ≤ each hit's end
                # one of them ends at or after the hit's start: the largest end among them does
                latest_end = np.maximum.accumulate(xb)[np.maximum(k - 1, 0)]
                veto[mine] |= (k > 0) & (latest_end >= first[mine])
        first, last, entry = first[~veto], last[~veto], entry[~veto]
        return self._hit_table(toks, first, last, entry, texts)

    def _hit_table(self, toks, first, last, entry, texts) -> pd.DataFrame:
        starts = toks["start"].to_numpy()
        ends = toks["end"].to_numpy()
        # only the hits' tokens leave Arrow (a few thousand of some 200,000)
        doc = toks["doc_id"].iloc[first].to_numpy(dtype=object)
        if texts is not None:
            text = [texts[d][starts[a]:ends[b]] for d, a, b in zip(doc, first, last)]
        else:
            tok_text = toks["text"].to_numpy(dtype=object)
            text = [tok_text[a] if a == b else " ".join(tok_text[a:b + 1]) for a, b in zip(first, last)]
        pattern = np.array([e.pattern for e in self.entries_], dtype=object)
        category = np.array([e.category for e in self.entries_], dtype=object)
        weight = np.array([e.weight for e in self.entries_], dtype=float)
        hits = pd.DataFrame({
            "doc_id": doc, "sent_id": toks["sent_id"].to_numpy()[first],
            "token_first": toks["token_id"].to_numpy()[first], "token_last": toks["token_id"].to_numpy()[last],
            "start": starts[first], "end": ends[last], "text": text, "pattern": pattern[entry],
            "category": category[entry], "entry": entry, "weight": weight[entry]})
        order = np.lexsort((hits["entry"].to_numpy(), hits["start"].to_numpy(), first))
        return hits.iloc[order].reset_index(drop=True)


# -- readers -------------------------------------------------------------------------------------

class _Str(str):
    line: int


class _Map(dict):
    line: int


class _Seq(list):
    line: int


def load_yaml_lines(path: str | Path):
    """Read a YAML file into dicts, lists and strings that remember their line (``.line``).

    Lists also have ``.lines``, the line of each item (numbers and booleans cannot carry one).

    Raises
    ------
    ValueError
        Invalid YAML, naming the file and the line.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as handle:
            # libyaml's parser when PyYAML was built with it (5x faster; same nodes and marks)
            node = yaml.compose(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise ValueError(f"{path}, line {mark.line + 1}: {err.problem or err.context}") from None
    constructor = yaml.SafeLoader("")

    def convert(n):
        line = n.start_mark.line + 1
        if isinstance(n, yaml.MappingNode):
            out = _Map()
            for k, v in n.value:
                out[convert(k)] = convert(v)
        elif isinstance(n, yaml.SequenceNode):
            out = _Seq(convert(v) for v in n.value)
            out.lines = [v.start_mark.line + 1 for v in n.value]  # also for numbers, which keep no line
        elif n.tag == "tag:yaml.org,2002:str":
            out = _Str(n.value)
        else:
            return constructor.construct_object(n)
        out.line = line
        return out

    return None if node is None else convert(node)


def _line(value, default: int = 1) -> int:
    return getattr(value, "line", default)


def read_yaml(path: str | Path) -> list[Entry]:
    """Read a dictionary in quanteda's YAML format: categories (nested with ``.``) → lists of patterns.

    Example::

        economic:
          - Sanktion*
          - Handel*
        security:
          military: [Truppe*, Soldat*]

    gives categories ``economic`` and ``security.military``.

    Raises
    ------
    ValueError
        Invalid YAML, a pattern that is not a string, or a category that is neither a list nor a
        mapping, naming the file and the line.
    """
    path = Path(path)
    data = load_yaml_lines(path)
    if not isinstance(data, dict):
        raise ValueError(f"{path}, line {_line(data)}: expected a mapping of categories to pattern lists")
    entries = []

    def walk(mapping, prefix):
        for key, value in mapping.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                walk(value, name + ".")
            elif isinstance(value, list):
                for item, line in zip(value, value.lines):
                    if not isinstance(item, str) or not item.split():
                        raise ValueError(f"{path}, line {line}: pattern {item!r} in "
                                         f"category {name!r} is not a non-empty string")
                    entries.append(Entry(str(item), name, source=f"{path.name}:{item.line}"))
            else:
                raise ValueError(f"{path}, line {_line(key)}: category {name!r} must hold a list of "
                                 f"patterns or nested categories, not {value!r}")

    walk(data, "")
    return entries


def read_liwc(path: str | Path) -> list[Entry]:
    """Read a LIWC ``.dic`` dictionary (Pennebaker et al. 2015).

    The file has a category block between two ``%`` lines (``number<TAB>name``), then one line
    per pattern: the pattern and the numbers of its categories, tab-separated (a pattern may hold
    spaces: a phrase). ``*`` at the end is a wildcard.

    Raises
    ------
    ValueError
        A missing ``%`` block, a malformed category line, an unknown or non-numeric category
        number, or a pattern without categories, naming the file and the line.
    """
    path = Path(path)
    with path.open(encoding="utf-8-sig") as handle:
        lines = [(n, line.rstrip("\r\n")) for n, line in enumerate(handle, start=1)]
    lines = [(n, line) for n, line in lines if line.strip()]
    if not lines or lines[0][1].strip() != "%":
        raise ValueError(f"{path}, line {lines[0][0] if lines else 1}: a LIWC file starts with a '%' line")
    categories: dict[str, str] = {}
    i = 1
    while i < len(lines) and lines[i][1].strip() != "%":
        number, line = lines[i]
        parts = line.split()
        if len(parts) < 2 or not parts[0].isdigit():
            raise ValueError(f"{path}, line {number}: expected 'number<TAB>category', got {line!r}")
        categories[parts[0]] = " ".join(parts[1:])
        i += 1
    if i == len(lines):
        raise ValueError(f"{path}, line {lines[-1][0]}: the category block is not closed by a '%' line")
    entries = []
    for number, line in lines[i + 1:]:
        parts = [p.strip() for p in line.split("\t") if p.strip()]
        if len(parts) == 1 and " " in parts[0]:  # files separated by spaces, single-word patterns
            parts = parts[0].split()
        if len(parts) < 2:
            raise ValueError(f"{path}, line {number}: pattern {parts[0] if parts else line!r} has no category")
        for code in parts[1:]:
            if code not in categories:
                raise ValueError(f"{path}, line {number}: category {code!r} is not declared in the % block "
                                 f"(declared: {', '.join(categories)})")
            entries.append(Entry(parts[0], categories[code], source=f"{path.name}:{number}"))
    return entries


def read_dictionary(path: str | Path, **options) -> list[Entry]:
    """Read ``.dic`` (LIWC) or ``.yml``/``.yaml`` (quanteda) by extension; ``options`` apply to every entry.

    ``options`` are :class:`Entry` fields such as ``lemma=True`` or ``compound="head"``.
    """
    path = Path(path)
    readers = {".dic": read_liwc, ".yml": read_yaml, ".yaml": read_yaml}
    if path.suffix.lower() not in readers:
        raise ValueError(f"{path}: unknown dictionary format {path.suffix!r}; valid: {', '.join(readers)}")
    entries = readers[path.suffix.lower()](path)
    return [replace(e, **options) for e in entries] if options else entries
