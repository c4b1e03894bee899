"""Actors: the registry of targets and their names, and where a text mentions them.

The registry (``analysis/resources/actors/registry.yaml``, reviewed) lists for every target (``russia``, ``eu``,
``ukraine`` required; ``kazakhstan``, ``china``, ``usa``, ``nato``, ``csto``) its names and their
inflections, adjectives (prefix patterns such as ``russisch*``), inhabitants, capitals standing for
the government, office-holders with their spelling variants, and Russia's proxies (the
"Volksrepubliken" Luhansk and Donezk). The target ids and the reference rules follow the coding
instructions (``data/annotations/CODING.md``, section C1), so that the tool and the coders
count the same things.

Matching
--------
:func:`find_mentions` looks every distinct word form up once (a cached dictionary lookup, then the
prefix and suffix patterns), so the cost grows with the vocabulary, not with the corpus (the
quanteda way: dictionary on the vocabulary, not on the tokens). Multi-word names ("Russische
Föderation", "Weißes Haus") are one compiled regular expression. Parts of hyphenated compounds are
looked up too: "Ukraine-Krieg" → ukraine, "EU-Kasachstan" → eu and kazakhstan.

Traps (each one tested in ``tests/test_actors.py``):

- proper names that merely contain a place are masked first (``not_mentions``: "Dynamo Kiew",
  "Team Astana");
- a capital as the *place of an event* ("in Brüssel", "im Moskauer Kreml", "nach Moskau") is not
  the government; a country in an address ("in St. Petersburg, Russland") is not a mention either;
- the Russian-created "Republiken Luhansk und Donezk" are mentions of kind ``proxy`` of russia, never
  of ukraine, and do not make a target by themselves;
- references back (:func:`mention_table`): "das Land", "die Nation", "des Landes" → the last named
  country; a sentence-initial "Es <verb>" (not "Es gibt", "Es ist") → the last named neuter country;
  a sentence-initial "Er" and a definite role noun ("der Botschafter", "der Präsident") → the target of
  the last named office-holder in the same or the two previous sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .paths import ACTORS

__all__ = [
    "REQUIRED_TARGETS",
    "VOCABULARY_TYPES",
    "MENTION_KINDS",
    "MENTION_COLUMNS",
    "DEFAULT_REGISTRY",
    "Registry",
    "load_registry",
    "find_mentions",
    "mention_table",
    "sentence_targets",
]

DEFAULT_REGISTRY = ACTORS / "registry.yaml"
REQUIRED_TARGETS = ("russia", "eu", "ukraine")
#: The vocabulary types of a registry entry; each becomes a mention ``kind``.
VOCABULARY_TYPES = ("names", "capitals", "people", "proxies")
#: ``name``/``capital``/``person``/``proxy`` from the registry; ``pronoun`` ("es", "das Land") and
#: ``role`` ("der Botschafter") resolved to an earlier mention; ``speaker`` ("wir" in a quote).
MENTION_KINDS = ("name", "capital", "person", "proxy", "pronoun", "role", "speaker")
MENTION_COLUMNS = ["doc_id", "sent_id", "target", "start", "end", "text", "kind"]
_KIND = {"names": "name", "capitals": "capital", "people": "person", "proxies": "proxy"}

_WORD = re.compile(r"\w+(?:[-‐‑'’]\w+)*")
_PART = re.compile(r"\w+")
# a capital right after a locative preposition (optionally with a city adjective: "im Moskauer Kreml")
_VENUE_BEFORE = re.compile(r"\b(?:in|im|nach|ins|bei)\s+(?:[A-ZÄÖÜ]\w+er\s+)?$")
# a country right after "in <City>, " is an address ("in St. Petersburg, Russland")
_ADDRESS_BEFORE = re.compile(r"\b(?:in|im|nach|aus)\s+(?:St\.\s+)?[A-ZÄÖÜ][\w-]+(?:\s+[A-ZÄÖÜ][\w-]+)?,\s*$")
_LAND = re.compile(r"\b(?:[Dd]as|[Dd]es|[Dd]em|im|ins|[Dd]ie|[Dd]er|diesem|dieses)\s+"
                   r"(?:ehemaligen?\s+Sowjetrepublik|Landes|Land|Nation)\b")
_NEIGHBOUR = re.compile(r"\b(?:seine[mns]?|ihre[mns]?)\s+Nachbar(?:n|s|staat|staates|land|landes)?\b")
_OBJECT_PRONOUN = re.compile(r"\b(?:ihm|ihn)\b")
_ES = re.compile(r"Es\s+(\w+)")
_EXPLETIVE_VERBS = frozenset("""gibt gab geht ging ist war sei wäre wird wurde würde scheint schien bleibt blieb
    heißt hieß kam kommt fehlt fehlte handelt handelte stimmt gilt galt braucht lohnt reicht könnte kann soll
    sollte muss müsse dürfte darf hat""".split()) - {"hat"}
_ER = re.compile(r"(Er|Sie)\b")


@dataclass(frozen=True)
class Registry:
    """A loaded actor registry: the targets' vocabularies, compiled for matching.

    Build it with :func:`load_registry`. ``targets`` keeps the YAML entries in file order.
    """

    targets: dict
    not_mentions: tuple
    role_nouns: tuple
    exact: dict = field(repr=False)
    prefixes: tuple = field(repr=False)
    suffixes: tuple = field(repr=False)
    phrases: re.Pattern | None = field(repr=False)
    phrase_map: dict = field(repr=False)
    blocked: re.Pattern | None = field(repr=False)
    roles: re.Pattern | None = field(repr=False, default=None)
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def ids(self) -> tuple:
        """Target ids in registry order."""
        return tuple(self.targets)

    def lookup(self, word: str):
        """``(target, kind)`` for one word form, or ``None`` (cached per form)."""
        if word in self.cache:
            return self.cache[word]
        hit = self.exact.get(word)
        if hit is None and word.endswith("s") and word[:-1] in self.exact:
            hit = self.exact[word[:-1]]  # genitive: Russlands, Putins, Tokajews
        if hit is None:
            low = word.lower()
            hit = next(((t, k) for p, t, k in self.prefixes if low.startswith(p)), None) or \
                next(((t, k) for s, t, k in self.suffixes if low.endswith(s) and len(low) > len(s)), None)
        self.cache[word] = hit
        return hit


def load_registry(path: str | Path = DEFAULT_REGISTRY) -> Registry:
    """Read and compile an actor registry (YAML, see ``analysis/resources/actors/registry.yaml``).

    Raises
    ------
    ValueError
        A required target is missing, or an entry has an unknown vocabulary type or no names.
    """
    path = Path(path)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    targets = data.get("targets") or {}
    missing = [t for t in REQUIRED_TARGETS if t not in targets]
    if missing:
        raise ValueError(f"{path}: required targets {missing} are missing; required: {', '.join(REQUIRED_TARGETS)}")
    exact, prefixes, suffixes, phrase_map = {}, [], [], {}
    for target, entry in targets.items():
        unknown = set(entry) - set(VOCABULARY_TYPES) - {"label", "gender", "country"}
        if unknown:
            raise ValueError(f"{path}: target {target!r} has unknown fields {sorted(unknown)}; "
                             f"valid vocabulary types: {', '.join(VOCABULARY_TYPES)}")
        if not entry.get("names"):
            raise ValueError(f"{path}: target {target!r} has no names")
        for vtype in VOCABULARY_TYPES:
            for form in entry.get(vtype) or []:
                form, kind = str(form), _KIND[vtype]
                if " " in form:
                    phrase_map[form] = (target, kind)
                elif form.endswith("*"):
                    prefixes.append((form[:-1].lower(), target, kind))
                elif form.startswith("*"):
                    suffixes.append((form[1:].lower(), target, kind))
                else:
                    exact[form] = (target, kind)
    # longer prefixes first: "prorussisch" before "russisch" matters only for the kind, not the target
    prefixes.sort(key=lambda p: -len(p[0]))
    phrases = _alternation(phrase_map)
    blocked = _alternation(data.get("not_mentions") or [])
    role_nouns = tuple(data.get("role_nouns") or [])
    return Registry(dict(targets), tuple(data.get("not_mentions") or []), role_nouns,
                    exact, tuple(prefixes), tuple(suffixes), phrases, phrase_map, blocked, _roles_pattern(role_nouns))


def _alternation(forms) -> re.Pattern | None:
    forms = sorted(forms, key=len, reverse=True)
    if not forms:
        return None
    # the lookahead on the first letters lets the scan skip the other positions without trying
    # the lookbehind and every alternative there (a third less time per sentence)
    firsts = "".join(sorted({re.escape(f[:1]) for f in forms})) if all(forms) else ""
    return re.compile((f"(?=[{firsts}])" if firsts else "") + r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms)
                      + r")s?(?!\w)")


def _is_venue(text: str, start: int, lo: int) -> bool:
    return bool(_VENUE_BEFORE.search(text[max(lo, start - 30):start]))


def _any_hit(forms: list[str], reg: Registry) -> bool:
    """Whether any word form, or a part of a hyphenated one, is in the registry: the word forms
    alone (no match objects) say whether :func:`find_mentions` needs their positions."""
    cache, lookup = reg.cache, reg.lookup
    for form in forms:
        if cache[form] if form in cache else lookup(form):
            return True
        if ("-" in form or "‐" in form) and any(lookup(part) for part in _PART.findall(form)):
            return True
    return False


def find_mentions(text: str, start: int = 0, end: int | None = None, *, registry: Registry | None = None) -> list[dict]:
    """Mentions of registry targets in ``text[start:end]``, in text order.

    Parameters
    ----------
    text : str
        A document text (offsets refer to it).
    start, end : int
        The span to search (a sentence).
    registry : Registry, optional
        From :func:`load_registry`; the project registry by default.

    Returns
    -------
    list of dict
        ``target``, ``start``, ``end``, ``text`` (the matched form), ``kind`` (:data:`MENTION_KINDS`).

    Examples
    --------
    >>> [(m["target"], m["text"]) for m in find_mentions("Der Ukraine-Krieg trifft Russlands Wirtschaft.")]
    [('ukraine', 'Ukraine'), ('russia', 'Russlands')]
    >>> find_mentions("Dynamo Kiew gewann in Moskau.")
    []
    """
    reg = registry or load_registry()
    end = len(text) if end is None else end
    phrases = list(reg.phrases.finditer(text, start, end)) if reg.phrases is not None else []
    any_word = _any_hit(_WORD.findall(text, start, end), reg)
    if not phrases and not any_word:
        return []  # most sentences name no target: no need to look for blocked phrases
    taken: list[tuple[int, int]] = []
    if reg.blocked is not None:
        taken += [(m.start(), m.end()) for m in reg.blocked.finditer(text, start, end)]
    found = []
    for m in phrases:
        if any(s <= m.start() < e for s, e in taken):
            continue
        form = m.group()
        target, kind = reg.phrase_map.get(form) or reg.phrase_map[form[:-1]]
        if kind == "capital" and _is_venue(text, m.start(), start):
            taken.append((m.start(), m.end()))
            continue
        found.append({"target": target, "start": m.start(), "end": m.end(), "text": form, "kind": kind})
        taken.append((m.start(), m.end()))
    lookup, cache = reg.lookup, reg.cache
    if not any_word:
        return sorted(found, key=lambda m: m["start"])
    for word in _WORD.finditer(text, start, end):
        form = word.group()
        hit = cache[form] if form in cache else lookup(form)  # most forms are cached: skip the call
        if hit:
            parts = [(word.start(), word.end(), hit)]
        elif "-" in form or "‐" in form:
            parts = [(p.start(), p.end(), lookup(p.group())) for p in _PART.finditer(text, word.start(), word.end())]
        else:
            continue
        if taken and any(s <= word.start() < e for s, e in taken):
            continue
        for ps, pe, part_hit in parts:
            if not part_hit:
                continue
            target, kind = part_hit
            if kind == "capital" and _is_venue(text, ps, start):
                continue
            if kind == "name" and reg.targets[target].get("country") and \
                    _ADDRESS_BEFORE.search(text[max(start, ps - 40):ps]):
                continue
            found.append({"target": target, "start": ps, "end": pe, "text": text[ps:pe], "kind": kind})
    return sorted(found, key=lambda m: m["start"])


def mention_table(prepared, *, registry: Registry | None = None) -> pd.DataFrame:
    """Every mention in a prepared corpus, with references back resolved.

    Parameters
    ----------
    prepared : Prepared
        From :func:`analysis.pipeline.prepare`.
    registry : Registry, optional

    Returns
    -------
    DataFrame
        One row per mention, columns :data:`MENTION_COLUMNS`; ``start``/``end`` are offsets into the
        document text. Pronouns and role nouns carry the target they were resolved to and
        ``kind`` ``pronoun`` or ``role``.
    """
    reg = registry or load_registry()
    texts = {doc.id: doc.text for doc in prepared.corpus}
    rows = []
    for doc_id, sents in document_sentences(prepared.sentences, ["sent_id", "start", "end"]).items():
        text = texts[doc_id]
        history: list[tuple[int, dict]] = []  # (sentence index, mention)
        for index, (sent_id, s, e) in enumerate(sents):
            mentions = find_mentions(text, s, e, registry=reg)
            mentions += _resolve_references(text, s, e, mentions, history, index, reg)
            mentions.sort(key=lambda m: m["start"])
            for m in mentions:
                rows.append((doc_id, sent_id, m["target"], m["start"], m["end"], m["text"], m["kind"]))
                if m["kind"] in ("name", "capital", "person"):
                    history.append((index, m))
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


def document_sentences(sentences: pd.DataFrame, columns: list[str]) -> dict[str, list[tuple]]:
    """doc_id → the tuples of ``columns`` of its sentences, in table order (documents in order of
    first appearance, as ``groupby("doc_id", sort=False)``; one pass over plain lists, no pandas
    work per document)."""
    out: dict[str, list[tuple]] = {}
    values = [sentences[c].tolist() for c in columns]
    for doc_id, row in zip(sentences["doc_id"].tolist(), zip(*values)):
        out.setdefault(doc_id, []).append(row)
    return out


def _last(history, before: int, index: int, *, window: int, accept) -> str | None:
    for i, m in reversed(history):
        if index - i > window:
            return None
        if accept(m):
            return m["target"]
    return None


def _resolve_references(text, s, e, mentions, history, index, reg) -> list[dict]:
    """Pronouns, "das Land" and role nouns in ``text[s:e]`` resolved to earlier mentions."""
    out = []
    current = [(index, m) for m in mentions if m["kind"] in ("name", "capital", "person")]
    if not history and not current:
        return out  # every reference needs an antecedent: most sentences of most documents have none
    is_country = lambda m: bool(reg.targets[m["target"]].get("country")) and m["kind"] != "person"  # noqa: E731
    for match in _LAND.finditer(text, s, e):
        # the antecedent is usually in an earlier sentence ("... gegen die Nation", where Russland
        # is the subject of the same sentence): look there first, then earlier in this sentence
        earlier = [c for c in current if c[1]["start"] < match.start()]
        target = _last(history, match.start(), index, window=3, accept=is_country) or \
            _last(earlier, match.start(), index, window=0, accept=is_country)
        if target:
            out.append({"target": target, "start": match.start(), "end": match.end(), "text": match.group(),
                        "kind": "pronoun"})
    for match in _NEIGHBOUR.finditer(text, s, e):
        # "seinem Nachbarn": the last named country other than the sentence's first (the possessor)
        resolved = [(index, m) for m in out]  # "Die ehemalige Sowjetrepublik ... ihrem Nachbarn"
        before = sorted((c for c in current + resolved if c[1]["start"] < match.start() and is_country(c[1])),
                        key=lambda c: c[1]["start"])
        if not before and _ES.match(text, s, e) and history:
            before = [history[-1]]
        possessor = before[0][1]["target"] if before else None
        target = _last(history + before, match.start(), index, window=3,
                       accept=lambda m: is_country(m) and m["target"] != possessor)
        if target:
            out.append({"target": target, "start": match.start(), "end": match.end(), "text": match.group(),
                        "kind": "pronoun"})
    for match in _OBJECT_PRONOUN.finditer(text, s, e):
        target = _last(history, match.start(), index, window=1, accept=lambda m: m["kind"] == "person")
        if target:
            out.append({"target": target, "start": match.start(), "end": match.end(), "text": match.group(),
                        "kind": "pronoun"})
    es = _ES.match(text, s, e)
    if es and es.group(1) not in _EXPLETIVE_VERBS:
        target = _last(history, s, index, window=1,
                       accept=lambda m: reg.targets[m["target"]].get("gender") == "n" and m["kind"] == "name")
        if target:
            out.append({"target": target, "start": s, "end": s + 2, "text": "Es", "kind": "pronoun"})
    er = _ER.match(text, s, e)
    if er and er.group(1) == "Er":
        target = _last(history, s, index, window=2, accept=lambda m: m["kind"] == "person")
        if target:
            out.append({"target": target, "start": s, "end": s + 2, "text": "Er", "kind": "pronoun"})
    if reg.roles is not None:
        for match in reg.roles.finditer(text, s, e):
            earlier = history + [c for c in current if c[1]["start"] < match.start()]
            target = _last(earlier, match.start(), index, window=2, accept=lambda m: m["kind"] == "person")
            if target:
                out.append({"target": target, "start": match.start(), "end": match.end(), "text": match.group(),
                            "kind": "role"})
    return out


def _roles_pattern(role_nouns: tuple) -> re.Pattern | None:
    if not role_nouns:
        return None
    return re.compile(r"\b(?:[Dd]er|[Dd]es|[Dd]em|[Dd]en)\s+(?:" + "|".join(map(re.escape, role_nouns)) + r")\b(?!\s+[A-ZÄÖÜ])")


def sentence_targets(mentions) -> list[str]:
    """Target ids of a sentence's mentions, in order of first mention, each once (proxies left out)."""
    return list(dict.fromkeys(m["target"] for m in mentions if m["kind"] != "proxy"))
