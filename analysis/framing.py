"""Frames: a codebook of frame indicators, frame detection with evidence, and frame analyses.

A frame selects "some aspects of a perceived reality" and makes them "more salient in a
communicating text" (Entman 1993, p. 52). We measure frames deductively with a codebook
(``analysis/resources/codebooks/frames_de.yaml``): the five generic news frames of Semetko & Valkenburg (2000)
(``conflict``, ``human_interest``, ``economic``, ``morality``, ``responsibility``) and six issue
frames for the war in Ukraine and Russia's neighbours. Each frame has a definition, German
indicator patterns (:mod:`analysis.dictionary`) and examples; a sentence carries a frame when at
least one of its indicators occurs in it (multi-label, zero or more frames per sentence), and
every hit keeps its evidence: the matched text, its offsets and the pattern. This is the
indicator (dictionary) approach to frames, measured per sentence as in the coding instructions
(``data/annotations/CODING.md``, section B); its known limit is that context (pronouns, implied
war references, irony) is invisible to it, so recall is bounded (see docs/validation.md).

Analyses
--------
- :func:`frame_units`: frames per sentence, paragraph (structural unit) or document;
- :func:`frame_prevalence`: share of units with each frame by group (e.g. by section, since
  headline and bullets weigh most in news), with Wilson score intervals (Wilson 1927);
- :func:`frame_sequence`: where in the article each frame occurs;
- :func:`frame_cooccurrence`: how often frames share a sentence (counts and Jaccard index);
- :func:`compare_frames`: shares between groups and their differences from a reference group,
  with Newcombe's hybrid score interval for a difference of proportions (Newcombe 1998).

Intervals treat units as independent; sentences of one article are not, so for comparisons of
documents or outlets prefer ``unit="document"`` or read the sentence-level intervals as too narrow.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .dictionary import Dictionary, Entry, load_yaml_lines
from .paths import CODEBOOKS as _CODEBOOKS

__all__ = [
    "CODEBOOKS",
    "DEFAULT_CODEBOOK",
    "FRAME_KINDS",
    "UNITS",
    "DISPLAY",
    "Codebook",
    "load_codebook",
    "codebook_markdown",
    "detect_frames",
    "frame_units",
    "frame_prevalence",
    "frame_sequence",
    "frame_cooccurrence",
    "compare_frames",
    "frame_agreement",
    "record_fields",
]

CODEBOOKS = _CODEBOOKS
DEFAULT_CODEBOOK = CODEBOOKS / "frames_de.yaml"
FRAME_KINDS = ("generic", "issue")
#: The units frames can be reported for.
UNITS = ("sentence", "paragraph", "document")
#: Section → where it stands in the article's display hierarchy (headline and bullets are read
#: first and by most readers; captions stand beside the text).
DISPLAY = {"headline": "headline & bullets", "bullet": "headline & bullets",
           "subheading": "subheadings", "caption": "captions", "paragraph": "body"}
DISPLAY_ORDER = ("headline & bullets", "subheadings", "captions", "body")

_FRAME_KEYS = {"id", "label", "kind", "definition", "indicators", "examples", "note"}
_INDICATOR_KEYS = {"pattern", "patterns", "lemma", "compound", "case", "exclude", "weight", "note"}
_TOP_KEYS = {"codebook", "version", "language", "unit", "references", "coding_instructions", "frames"}


@dataclass(frozen=True)
class Codebook:
    """A frame codebook: frames with definitions and examples, and their compiled dictionary.

    ``frames`` has one row per frame: ``id``, ``label``, ``kind``, ``definition``,
    ``n_patterns``, ``examples`` (list of str).
    """

    name: str
    version: str
    path: Path
    references: tuple[str, ...]
    frames: pd.DataFrame
    dictionary: Dictionary

    @property
    def ids(self) -> list[str]:
        """Frame ids in codebook order."""
        return self.frames["id"].tolist()


def load_codebook(path: str | Path = DEFAULT_CODEBOOK) -> Codebook:
    """Read and compile a frame codebook (YAML; see ``analysis/resources/codebooks/frames_de.yaml``).

    Each frame needs ``id``, ``label``, ``kind`` (:data:`FRAME_KINDS`), ``definition`` and
    ``indicators``; an indicator is a pattern string or a mapping with ``pattern`` or
    ``patterns`` and the options ``lemma``, ``compound``, ``case``, ``exclude``, ``weight``.

    Raises
    ------
    ValueError
        Invalid YAML, an unknown or missing key, a duplicate frame id or a bad option, naming the
        file and the line.
    """
    path = Path(path)
    data = load_yaml_lines(path)

    def fail(node, problem):
        raise ValueError(f"{path}, line {getattr(node, 'line', 1)}: {problem}")

    if not isinstance(data, dict) or not isinstance(data.get("frames"), list):
        fail(data, "a codebook is a mapping with a list 'frames'")
    for key in data:
        if key not in _TOP_KEYS:
            fail(key, f"unknown key {key!r}; valid: {', '.join(sorted(_TOP_KEYS))}")
    entries, rows = [], []
    for frame in data["frames"]:
        if not isinstance(frame, dict):
            fail(frame, "each frame is a mapping")
        for key in frame:
            if key not in _FRAME_KEYS:
                fail(key, f"unknown frame key {key!r}; valid: {', '.join(sorted(_FRAME_KEYS))}")
        for key in ("id", "label", "kind", "definition", "indicators"):
            if key not in frame:
                fail(frame, f"frame {frame.get('id', '?')!r} has no {key!r}")
        fid = str(frame["id"])
        if fid in [r["id"] for r in rows]:
            fail(frame["id"], f"duplicate frame id {fid!r}")
        if frame["kind"] not in FRAME_KINDS:
            fail(frame["kind"], f"kind {frame['kind']!r}; valid: {', '.join(FRAME_KINDS)}")
        n = 0
        for item in frame["indicators"]:
            if isinstance(item, str):
                item, patterns = {}, [item]
            elif isinstance(item, dict):
                for key in item:
                    if key not in _INDICATOR_KEYS:
                        fail(key, f"unknown indicator key {key!r}; valid: {', '.join(sorted(_INDICATOR_KEYS))}")
                patterns = item.get("patterns", [item["pattern"]] if "pattern" in item else [])
                if not patterns:
                    fail(item, "an indicator needs 'pattern' or 'patterns'")
            else:
                fail(frame["indicators"], f"indicator {item!r} is neither a pattern nor a mapping")
            for pattern in patterns:
                if not isinstance(pattern, str):
                    fail(item, f"pattern {pattern!r} is not a string")
                try:
                    entries.append(Entry(
                        str(pattern), fid, lemma=bool(item.get("lemma", False)),
                        compound=item.get("compound", "none"), case=bool(item.get("case", False)),
                        exclude=tuple(str(x) for x in item.get("exclude", ())),
                        weight=float(item.get("weight", 1.0)),
                        source=f"{path.name}:{getattr(pattern, 'line', '?')}"))
                except ValueError as err:
                    fail(pattern, str(err).split(": ", 1)[-1])
                n += 1
        rows.append({"id": fid, "label": str(frame["label"]), "kind": str(frame["kind"]),
                     "definition": " ".join(str(frame["definition"]).split()), "n_patterns": n,
                     "examples": [str(x) for x in frame.get("examples", [])]})
    return Codebook(str(data.get("codebook", path.stem)), str(data.get("version", "")), path,
                    tuple(str(r) for r in data.get("references", [])), pd.DataFrame(rows),
                    Dictionary(entries))


def codebook_markdown(codebook: Codebook) -> str:
    """The codebook as a readable document (for a methods section): definitions, indicators, examples."""
    lines = [f"# Frame codebook `{codebook.name}` (version {codebook.version})", "",
             f"Generated from `{codebook.path.name}` by `analysis.framing.codebook_markdown`; edit the YAML, "
             "not this file.", "",
             "**Unit:** the sentence. **Coding:** multi-label; a sentence carries a frame when at least one "
             "of its indicators occurs in it (after the exclusions). Frames follow Entman's (1993) definition "
             "of framing as selection and salience; the generic frames are those of Semetko & Valkenburg "
             "(2000), the issue frames were written for coverage of the war in Ukraine and Russia's "
             "neighbours. The coders' instructions are `data/annotations/CODING.md`, section B.", "",
             "**Indicator syntax:** `*` any characters, `?` one character, several words = consecutive "
             "tokens; *lemma* = also matches the lemma; *compound* = also matches a part of a hyphenated "
             "compound or the head of a closed one (*head*), only hyphen parts (*part*) or anywhere (*any*); "
             "*case* = case-sensitive; *not* = exclusions that veto an overlapping hit.", "",
             "| id | label | kind | patterns |", "|---|---|---|---|"]
    for row in codebook.frames.itertuples(index=False):
        lines.append(f"| `{row.id}` | {row.label} | {row.kind} | {row.n_patterns} |")
    entries = codebook.dictionary.entries_
    for row in codebook.frames.itertuples(index=False):
        lines += ["", f"## `{row.id}` — {row.label} ({row.kind} frame)", "", f"**Definition.** {row.definition}",
                  "", "**Indicators.**", ""]
        groups: dict[tuple, list[str]] = {}
        for e in entries:
            if e.category == row.id:
                groups.setdefault((e.lemma, e.compound, e.case, e.exclude), []).append(e.pattern)
        for (lemma, compound, case, exclude), patterns in groups.items():
            options = [o for o, on in (("lemma", lemma), (f"compound: {compound}", compound != "none"),
                                       ("case", case)) if on]
            if exclude:
                options.append("not: " + ", ".join(f"`{x}`" for x in exclude))
            suffix = f" ({'; '.join(options)})" if options else ""
            lines.append("- " + ", ".join(f"`{p}`" for p in patterns) + suffix)
        if row.examples:
            lines += ["", "**Examples.**", ""] + [f"- {x}" for x in row.examples]
    lines += ["", "## References", ""] + [f"- {r}" for r in codebook.references]
    return "\n".join(lines) + "\n"


def detect_frames(prepared, codebook: Codebook | None = None) -> pd.DataFrame:
    """Every frame indicator hit in a prepared corpus, with its evidence.

    Parameters
    ----------
    prepared : Prepared
        From :func:`analysis.pipeline.prepare`.
    codebook : Codebook, optional
        :func:`load_codebook` of the default codebook if not given.

    Returns
    -------
    DataFrame
        One row per hit: ``doc_id``, ``sent_id``, ``unit_id``, ``section``, ``frame``,
        ``token_first``, ``token_last``, ``start``, ``end`` (offsets into the document),
        ``text`` (as written), ``pattern`` (the indicator that matched).
    """
    codebook = load_codebook() if codebook is None else codebook
    texts = {doc.id: doc.text for doc in prepared.corpus}
    hits = codebook.dictionary.lookup(prepared.tokens, texts=texts).rename(columns={"category": "frame"})
    hits = hits.merge(prepared.sentences[["doc_id", "sent_id", "unit_id", "section"]],
                      on=["doc_id", "sent_id"], how="left")
    return hits[["doc_id", "sent_id", "unit_id", "section", "frame", "token_first", "token_last",
                 "start", "end", "text", "pattern"]]


def frame_units(prepared, hits: pd.DataFrame, codebook: Codebook, *, unit: str = "sentence") -> pd.DataFrame:
    """Frames per sentence, paragraph (structural unit: headline, bullet, paragraph …) or document.

    Returns
    -------
    DataFrame
        One row per unit, in text order: the unit's keys (``doc_id``, plus ``sent_id`` or
        ``unit_id``), ``section`` and ``display`` (:data:`DISPLAY`) unless ``unit="document"``,
        ``position`` (sentences: 0 = first, 1 = last analysed sentence of the document),
        ``n_sentences``, one boolean column per frame id, ``frames`` (list of ids, codebook order)
        and ``n_hits``.
    """
    if unit not in UNITS:
        raise ValueError(f"unit={unit!r}; valid: {', '.join(UNITS)}")
    ids = codebook.ids
    sents = prepared.sentences[["doc_id", "sent_id", "unit_id", "section"]].copy()
    rank = sents.groupby("doc_id", sort=False).cumcount()
    size = sents.groupby("doc_id", sort=False)["sent_id"].transform("size")
    sents["position"] = (rank / (size - 1).clip(lower=1)).to_numpy()
    counts = pd.crosstab([hits["doc_id"], hits["sent_id"]], hits["frame"]).reindex(columns=ids, fill_value=0)
    present = (counts > 0).reset_index()
    n_hits = hits.groupby(["doc_id", "sent_id"]).size().rename("n_hits").reset_index()
    table = sents.merge(present, on=["doc_id", "sent_id"], how="left").merge(n_hits, on=["doc_id", "sent_id"], how="left")
    table[ids] = table[ids].astype("boolean").fillna(False).astype(bool)
    table["n_hits"] = table["n_hits"].fillna(0).astype(int)
    table["n_sentences"] = 1
    keys = {"sentence": ["doc_id", "sent_id"], "paragraph": ["doc_id", "unit_id"], "document": ["doc_id"]}[unit]
    if unit != "sentence":
        agg = {f: "any" for f in ids} | {"n_hits": "sum", "n_sentences": "sum", "position": "first"}
        if unit == "paragraph":
            agg["section"] = "first"
        table = table.groupby(keys, sort=False).agg(agg).reset_index()
    table["frames"] = [[f for f, on in zip(ids, row) if on] for row in table[ids].itertuples(index=False)]
    columns = keys + (["section"] if unit != "document" else []) + (["position"] if unit != "document" else [])
    if unit != "document":
        table["display"] = table["section"].map(DISPLAY)
        columns.append("display")
    return table[columns + ["n_sentences", *ids, "frames", "n_hits"]].reset_index(drop=True)


def _wilson(k, n, level):
    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    from scipy import stats  # on use: scipy.stats is slow to import

    z = stats.norm.ppf(0.5 + level / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return p, centre - half, centre + half


def frame_prevalence(units: pd.DataFrame, codebook: Codebook, *, by: str | list[str] | None = "display",
                     level: float = 0.95) -> pd.DataFrame:
    """Share of units with each frame, per group, with Wilson score intervals (Wilson 1927).

    Parameters
    ----------
    units : DataFrame
        From :func:`frame_units`.
    by : str, list of str or None
        Grouping column(s) (``display``, ``section``, ``doc_id`` or any column merged in);
        None for the whole table.
    level : float
        Confidence level of the intervals.

    Returns
    -------
    DataFrame
        ``by`` columns, ``frame``, ``n`` (units), ``k`` (units with the frame), ``share`` (k/n),
        ``ci_low``, ``ci_high``. Groups in :data:`DISPLAY_ORDER` when ``by="display"``.
    """
    by = [] if by is None else [by] if isinstance(by, str) else list(by)
    ids = codebook.ids
    grouped = units.groupby(by, sort=False) if by else [((), units)]
    rows = []
    for key, group in grouped:
        key = key if isinstance(key, tuple) else (key,)
        for f in ids:
            rows.append(dict(zip(by, key), frame=f, n=len(group), k=int(group[f].sum())))
    table = pd.DataFrame(rows)
    table["share"], table["ci_low"], table["ci_high"] = _wilson(table["k"], table["n"], level)
    if by == ["display"]:
        table["display"] = pd.Categorical(table["display"], [d for d in DISPLAY_ORDER if d in set(table["display"])])
        table = table.sort_values(["display"], kind="stable")
        table["display"] = table["display"].astype(str)
    return table.reset_index(drop=True)


def frame_sequence(units: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Where each frame occurs: one row per sentence and frame it carries, in text order.

    Returns
    -------
    DataFrame
        ``doc_id``, ``sent_id``, ``order`` (0, 1, … over the document's analysed sentences),
        ``position`` (0–1), ``section``, ``frame``.
    """
    table = units.assign(order=units.groupby("doc_id", sort=False).cumcount())
    long = table.melt(id_vars=["doc_id", "sent_id", "order", "position", "section"], value_vars=codebook.ids,
                      var_name="frame", value_name="present")
    long = long[long["present"]].drop(columns="present")
    long["frame"] = pd.Categorical(long["frame"], codebook.ids)
    long = long.sort_values(["doc_id", "order", "frame"], kind="stable")
    long["frame"] = long["frame"].astype(str)
    return long.reset_index(drop=True)


def frame_cooccurrence(units: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """How often two frames occur in the same unit.

    Returns
    -------
    DataFrame
        One row per ordered pair of frames (the diagonal included): ``frame_a``, ``frame_b``,
        ``n_both`` (units with both; on the diagonal, units with the frame), ``n_a``, ``n_b``,
        ``jaccard`` (n_both / units with either).
    """
    ids = codebook.ids
    x = units[ids].to_numpy(dtype=int)
    both = x.T @ x
    count = x.sum(axis=0)
    rows = []
    for i, a in enumerate(ids):
        for j, b in enumerate(ids):
            either = count[i] + count[j] - both[i, j]
            rows.append({"frame_a": a, "frame_b": b, "n_both": int(both[i, j]), "n_a": int(count[i]),
                         "n_b": int(count[j]), "jaccard": both[i, j] / either if either else 0.0})
    return pd.DataFrame(rows)


def compare_frames(units: pd.DataFrame, codebook: Codebook, *, by: str, reference=None,
                   level: float = 0.95) -> pd.DataFrame:
    """Compare frame shares between groups of units (documents, outlets, sections).

    Each group's share gets a Wilson interval; its difference from the ``reference`` group (the
    first group by default) gets Newcombe's hybrid score interval (Newcombe 1998, method 10),
    which keeps its coverage with small groups and shares near 0 or 1.

    Returns
    -------
    DataFrame
        ``by``, ``frame``, ``n``, ``k``, ``share``, ``ci_low``, ``ci_high``, ``reference``,
        ``diff`` (share − reference share), ``diff_low``, ``diff_high``.
    """
    table = frame_prevalence(units, codebook, by=by, level=level)
    groups = list(dict.fromkeys(table[by]))
    reference = groups[0] if reference is None else reference
    if reference not in groups:
        raise ValueError(f"reference={reference!r}; valid: {', '.join(map(str, groups))}")
    ref = table[table[by] == reference].set_index("frame")
    r = ref.loc[table["frame"]]
    p1, l1, u1 = table["share"].to_numpy(), table["ci_low"].to_numpy(), table["ci_high"].to_numpy()
    p2, l2, u2 = r["share"].to_numpy(), r["ci_low"].to_numpy(), r["ci_high"].to_numpy()
    diff = p1 - p2
    table["reference"] = reference
    table["diff"] = diff
    table["diff_low"] = diff - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    table["diff_high"] = diff + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return table


def frame_agreement(gold: pd.DataFrame, predicted: dict, codebook: Codebook, *,
                    second_coder: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per-frame precision, recall, F1 and Krippendorff's α of the tool against a reference coding.

    Parameters
    ----------
    gold : DataFrame
        A coding from :func:`analysis.validate.load_coding` (index: unit id, column ``frames``).
    predicted : dict
        unit id → collection of frame ids found by the tool (a missing unit = no frame).
    second_coder : DataFrame, optional
        A second coding of the same units: adds ``alpha_coders``, the inter-coder α per
        frame, the benchmark the tool's α should be read against.

    Returns
    -------
    DataFrame
        :func:`analysis.validate.multilabel_agreement` (``label``, ``precision``, ``recall``, ``f1``,
        ``support``, ``predicted``, ``alpha``), plus ``alpha_coders`` if a second coding is given.
    """
    from .validate import multilabel_agreement

    ids = codebook.ids
    units = list(gold.index)
    table = multilabel_agreement(gold["frames"], [predicted.get(u, ()) for u in units], ids)
    if second_coder is not None:
        missing = set(units) - set(second_coder.index)
        if missing:
            raise ValueError(f"the second coding lacks units {sorted(missing)[:5]}")
        coders = multilabel_agreement(gold["frames"], second_coder.loc[units, "frames"], ids)
        table["alpha_coders"] = coders["alpha"].to_numpy()
    return table


def record_fields(prepared) -> dict:
    """Scorer for ``python -m analysis score``: ``frames`` and ``frame_evidence`` per sentence, by
    a new :class:`analysis.measures.FramesRules` (see there for the fields)."""
    from .measures import FramesRules

    measure = FramesRules()
    return measure.record_fields(measure.score(prepared), prepared)
