"""Lemmas: simplemma for German, corrected by the project's alias table for names.

simplemma (Barbaresi 2023) looks word forms up in a dictionary built from Wiktionary data and
falls back on rules; on these machines it lemmatised 28 of 30 hard German news words correctly
(``../shared/STACK.md``). It leaves names in the genitive unchanged (Russlands, Putins,
Tokajews) and cannot know that two transliterations name one person (Ilyassov / Iljassow). The
alias table (``analysis/resources/lexicons/aliases.tsv``) fixes both: a listed form maps to its canonical lemma,
and a listed form plus genitive ``-s`` maps to the same lemma.

Lemmas are computed once per word type and cached, so the cost grows with the vocabulary, not the
number of tokens. HanTa (Wartena 2019; ``method="hanta"``) is the careful alternative: right on
more rare words, but ~100x slower (a few thousand types per second).

A new corpus brings new names and new spellings. :func:`suggest_variants` finds capitalised
words that are probably spellings of one another (Ilyassov / Iljassow) by fuzzy matching after a
Latin-to-German transliteration, for a researcher to review and add to the alias table.
"""

from __future__ import annotations

import csv
import os
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import simplemma
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory

from .paths import LEXICONS

__all__ = ["ALIAS_KINDS", "LEMMATIZERS", "load_aliases", "lemmatize_word", "lemmatize",
           "VARIANT_DIFFERENCES", "transliteration_key", "suggest_variants"]

ALIAS_KINDS = ("name", "variant")
#: Lemmatizers: simplemma (fast, the default) or HanTa (careful, slow; cached per word type).
LEMMATIZERS = ("simplemma", "hanta")
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


@lru_cache(maxsize=None)
def _default_alias_dict() -> dict[str, str]:
    return dict(_default_aliases())  # built once; callers must not change it


class _TrieFactory(TrieDictionaryFactory):
    """simplemma's marisa-trie dictionaries, cached on disk and written atomically.

    simplemma's default dictionary is a compressed stream that takes about 1.1 s to decode in
    every new process (every notebook kernel, every worker). The trie is built from the same
    entries once (about 2 s, 7 MB in ``~/.cache/simplemma``) and then opens in a few milliseconds;
    lemmas are identical (tested). simplemma writes its cache file in place, so two processes
    starting together could read a half-written trie: here it is renamed into place.
    """

    def _write_trie_to_disk(self, lang: str, trie) -> None:
        from .report import atomic_write

        atomic_write(self._cache_dir / f"{lang}.dic", lambda tmp: trie.save(str(tmp)))


def _trie_cache_dir() -> Path:
    """Where simplemma keeps its tries by default (``~/.cache/simplemma/marisa_trie/VERSION``)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("simplemma")) / "marisa_trie" / simplemma.__version__


def _writable(folder: Path) -> bool:
    """Whether ``folder`` exists and is writable, or can be created (its nearest existing parent is)."""
    while not folder.exists():
        if folder.parent == folder:
            return False
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK)


def _dictionary_factory(cache_dir: Path) -> _TrieFactory | None:
    """The trie factory with its cache in ``cache_dir``; None (simplemma's plain dictionary) when
    that folder cannot be written: a trie rebuilt in every process would cost 2 s instead of 1.1 s."""
    return _TrieFactory(disk_cache_dir=str(cache_dir)) if _writable(cache_dir) else None


@lru_cache(maxsize=1)
def _lemmatizer() -> simplemma.Lemmatizer:
    factory = _dictionary_factory(_trie_cache_dir())
    return simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))


#: An inflected adjective of the regular -isch/-lich/-ig types: stem + ending.
_ADJECTIVE = re.compile(r"([a-zäöüß]{2,}(?:isch|lich|ig))(?:e|en|er|es|em)")


@lru_cache(maxsize=1_000_000)
def _simplemma(word: str) -> str:
    lemma = _lemmatizer().lemmatize(word, lang="de")
    # simplemma knows frequent adjectives only ("russischen" -> russisch, but "kasachische" and
    # "tadschikischen" stay as they are): a lower-case form it leaves unchanged that ends in
    # -isch/-lich/-ig + an adjective ending is that adjective
    adjective = _ADJECTIVE.fullmatch(word) if lemma == word else None
    if adjective and adjective.group(1) != "einig":  # "einige" (some) is not "einig" (agreed)
        return adjective.group(1)
    # simplemma's dictionary keeps the pre-1996 spelling of some words (Prozesse -> Prozeß,
    # Flüsse -> Fluß): when the text writes ss and never ß, so does the lemma
    if "ß" in lemma and "ß" not in word and "ss" in word:
        lemma = lemma.replace("ß", "ss")
    return lemma


@lru_cache(maxsize=1)
def _hanta():
    from HanTa import HanoverTagger  # the model loads in ~0.1 s; import only when asked

    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


@lru_cache(maxsize=1_000_000)
def _hanta_lemma(word: str) -> str:
    lemma, _ = _hanta().analyze(word)
    # HanTa lower-cases acronyms (EU -> Eu) and old spellings creep in: keep all-caps forms
    return word if word.isupper() else lemma


def lemmatize_word(word: str, *, aliases: dict[str, str] | None = None, method: str = "simplemma") -> str:
    """The lemma of one word form: the alias table first, then simplemma (or HanTa).

    Examples
    --------
    >>> lemmatize_word("Russlands")
    'Russland'
    >>> lemmatize_word("Ilyassov")
    'Iljassow'
    >>> lemmatize_word("Beziehungen")
    'Beziehung'
    """
    if method not in LEMMATIZERS:
        raise ValueError(f"method={method!r}; valid: {', '.join(LEMMATIZERS)}")
    table = _default_alias_dict() if aliases is None else aliases
    if word in table:
        return table[word]
    return _simplemma(word) if method == "simplemma" else _hanta_lemma(word)


def lemmatize(tokens: pd.DataFrame, *, aliases: dict[str, str] | None = None,
              method: str = "simplemma") -> pd.DataFrame:
    """Add a ``lemma`` column to a token table (a new table; the input is not changed).

    Words get their lemma; numbers and punctuation keep their form. Each distinct form is
    lemmatised once. ``method`` is one of :data:`LEMMATIZERS`.
    """
    table = _default_alias_dict() if aliases is None else aliases
    forms = tokens["text"].where(tokens["kind"] == "word")
    lookup = {form: lemmatize_word(form, aliases=table, method=method) for form in forms.dropna().unique().tolist()}
    out = tokens.copy()
    out["lemma"] = forms.map(lookup).fillna(tokens["text"])
    return out


#: English/scholarly Latin spellings of Cyrillic sounds → German transliteration (Duden/ARD
#: usage), applied in this order to a lower-cased word.
_TRANSLITERATION = (
    ("shch", "schtsch"), ("zh", "sch"), ("kh", "ch"), ("sh", "sch"), ("ts", "z"),
    ("y", "j"), ("v", "w"), ("jj", "j"), ("ij", "j"),
)


def transliteration_key(word: str) -> str:
    """A spelling key under which English and German transliterations of a name coincide.

    Examples
    --------
    >>> transliteration_key("Ilyassov"), transliteration_key("Iljassow")
    ('iljassow', 'iljassow')
    >>> transliteration_key("Solovyov") == transliteration_key("Solowjow")
    True
    """
    key = word.lower()
    for latin, german in _TRANSLITERATION:
        key = key.replace(latin, german)
    return key


#: How two suggested spellings differ (the order of :func:`suggest_variants`' table).
VARIANT_DIFFERENCES = ("spelling", "case", "hyphen", "ending")
#: Inflectional (and feminine) endings: Russland/Russlands, Verbündete/Verbündeter, Kandidat/Kandidatin.
_ENDINGS = ("s", "es", "e", "en", "n", "r", "er", "em", "ern", "ns", "in", "innen")


def _difference(a: str, b: str) -> str:
    if a.lower() == b.lower():
        return "case"
    if a.replace("-", "").lower() == b.replace("-", "").lower():
        return "hyphen"
    short, long = sorted((a, b), key=len)
    if long.startswith(short) and long[len(short):] in _ENDINGS:
        return "ending"
    return "spelling"


def suggest_variants(
    tokens: pd.DataFrame,
    *,
    aliases: dict[str, str] | None = None,
    min_score: float = 90,
    min_count: int = 1,
    min_length: int = 5,
) -> pd.DataFrame:
    """Capitalised words that are probably spellings of one name: candidates for the alias table.

    Word tokens that start with an upper-case letter are lemmatised (with ``aliases``), so that
    genitives and pairs the table already merges do not come up again; every two lemmas are then
    compared by their :func:`transliteration_key` with rapidfuzz's normalised Indel similarity
    (``fuzz.ratio``, 0-100).

    Parameters
    ----------
    tokens : DataFrame
        Token table (``text``, ``kind``).
    aliases : dict, optional
        The alias table in use (default: the project's); pass ``{}`` to see every variant.
    min_score : float
        Smallest similarity of the transliteration keys to report.
    min_count : int
        Leave out lemmas with fewer occurrences.
    min_length : int
        Leave out shorter words (short words differ by one letter by chance: Rat / Rad).

    Returns
    -------
    DataFrame
        One row per candidate pair: ``lemma`` (the more frequent spelling, proposed as canonical),
        ``variant``, ``difference`` (one of :data:`VARIANT_DIFFERENCES`: ``spelling`` such as
        Ilyassov / Iljassow; ``case`` such as UNESCO / Unesco; ``hyphen`` such as Online-Shop /
        Onlineshop; ``ending``, an inflection the
        lemmatizer missed, such as Russlands without the alias table), ``count_lemma``, ``count_variant``, ``score`` (similarity of the keys),
        ``score_spelling`` (of the words as written); sorted by difference, then descending score
        and counts.
        Review every row: near-identical ordinary words (Wirtschaft / Wirtschafts-) come up too.

    Notes
    -----
    To stay fast on large vocabularies, words are only compared with words whose key has the
    same first letter (Zelensky / Selenskyj is therefore not suggested).
    """
    from rapidfuzz import fuzz, process

    table = _default_alias_dict() if aliases is None else aliases
    words = tokens.loc[(tokens["kind"] == "word") & tokens["text"].str[:1].str.isupper(), "text"]
    forms = words.value_counts()
    lemmas = pd.Series([lemmatize_word(f, aliases=table) for f in forms.index], index=forms.index)
    counts = forms.groupby(lemmas.to_numpy()).sum()
    # a lemma in lower case (simplemma on a sentence-initial verb: Leben -> leben) is not a name
    counts = counts[(counts >= min_count) & (counts.index.str.len() >= min_length)
                    & counts.index.str[:1].str.isupper()]
    frame = pd.DataFrame({"word": counts.index, "count": counts.to_numpy()})
    frame["key"] = frame["word"].map(transliteration_key)
    rows = []
    for _, block in frame.groupby(frame["key"].str[0], sort=True):
        if len(block) < 2:
            continue
        keys = block["key"].tolist()
        scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=min_score, dtype=np.uint8,
                               workers=1)
        first, second = np.nonzero(np.triu(scores, k=1))
        for i, j in zip(first, second):
            a, b = block.iloc[i], block.iloc[j]
            if (a["count"], b["word"]) < (b["count"], a["word"]):
                a, b = b, a
            rows.append((a["word"], b["word"], _difference(a["word"], b["word"]), int(a["count"]), int(b["count"]),
                         float(fuzz.ratio(a["key"], b["key"])),
                         float(fuzz.ratio(a["word"].lower(), b["word"].lower()))))
    out = pd.DataFrame(rows, columns=["lemma", "variant", "difference", "count_lemma", "count_variant",
                                      "score", "score_spelling"])
    out["difference"] = pd.Categorical(out["difference"], categories=VARIANT_DIFFERENCES)
    out = out.sort_values(["difference", "score", "count_lemma", "count_variant", "lemma"],
                          ascending=[True, False, False, False, True])
    return out.reset_index(drop=True)
