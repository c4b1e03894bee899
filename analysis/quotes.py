"""Quotation marks: where quoted spans are, and whether a quote is speech or distancing.

German news mixes quotation conventions, and machine translation adds more: „…“ (German),
“…” (English), "…" (typewriter), »…« and «…» (guillemets). :func:`find_quote_spans` pairs an
opening mark with the first closing mark that can close it, within one structural unit (a quote
never runs past its paragraph; an unclosed quote ends at the end of the unit and is flagged).

A short quoted term with no speech around it (`„Entnazifizierung“`, `„künstlichen Zustand“`) is
the journalist's distancing from a word, not a quotation of speech; :func:`classify_quote`
separates the two by length and by a reporting verb or colon next to the quote.

:func:`attribute_quotes` goes further: every quotation of a document with its type, its cue word
and its speaker (resolved to a registry actor where possible, :mod:`analysis.actors`).

- ``direct``: a quoted span of speech; its cue and speaker stand after it ("…“, sagte Iljassow") or
  before it, ending in a colon ("Putin sagte: „…“"). A quotation paragraph without its own cue
  continues the last speaker's quote (the seed article's three-sentence quote of Iljassow).
- ``indirect``: a reporting verb with a dass/ob-clause ("Ilyassov sagte, dass …"), or with a clause
  in Konjunktiv I ("Er sagte, … sei es wichtig …"; "… sei es, … zu fordern, sagte Magzhan Ilyassov").
  The span is the reported clause. A claim attributed to a source without a reporting verb
  counts too ("laut Tass …", "nach Angaben der Polizei …", "ersten Angaben zufolge …"; the span is
  the sentence, the speaker the source's noun phrase): in the Wikinews quotation corpus such cues
  (with "gemäß", left out here: mostly "in accordance with" a rule) mark 30 % of the indirect
  quotations (456 of 1,541 in train).
- ``distancing``: a short quoted term that nobody is quoted as saying („Entnazifizierung“), see
  :func:`classify_quote`; it has no speaker.

Speakers: the noun phrase after an inverted cue ("sagte Iljassow") or the sentence's first noun
phrase before it ("Der Botschafter … sagte"); "er"/"sie" is the last speaker (within three
sentences); a role noun or name is resolved to a target with :func:`analysis.actors.find_mentions`.
The rules follow the usual cue-based approach to German quotation detection (cue verbs, quotation
marks and Konjunktiv I; cf. Brunner 2013, *Automatic recognition of speech, thought and writing
representation in German narrative texts*; Petersen-Frey & Biemann 2024 for the data they are
measured on).
"""

from __future__ import annotations

import re

from .function_words import QUOTE_DETERMINERS

__all__ = ["QUOTE_PAIRS", "QUOTE_USES", "QUOTE_TYPES", "DISTANCING_MAX_TOKENS", "REPORTING_VERBS",
           "KONJUNKTIV_I", "find_quote_spans", "classify_quote", "attribute_quotes"]

#: Opening mark → the marks that may close it.
QUOTE_PAIRS = {
    "„": "“”\"",
    "“": "”",
    "»": "«",
    "«": "»",
    '"': '"',
    "‚": "‘’",
}
#: Labels for how a term occurrence relates to quotation marks.
QUOTE_USES = ("plain", "distancing", "quotation")
#: A quote of at most this many words, with no reporting verb or colon next to it, is distancing.
DISTANCING_MAX_TOKENS = 4
_OPENING = re.compile("[" + re.escape("".join(QUOTE_PAIRS)) + "]")
_CLOSING = {mark: re.compile("[" + re.escape(closers) + "]") for mark, closers in QUOTE_PAIRS.items()}

_REPORTING = re.compile(
    r"\b(sagte|sagt|sagten|erklärte|erklärt|betonte|meinte|fügte|schrieb|twitterte|warnte|"
    r"so|laut|zufolge|fragte|antwortete|kritisierte|forderte|behauptete|teilte|hieß)\b",
    re.IGNORECASE,
)


def find_quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, bool]]:
    """Quoted spans ``(start, end, closed)`` in ``text[start:end]``, marks included.

    An opening mark opens a quote when it is followed by a non-space character; ``“`` closes a
    „-quote and otherwise opens an English-style one. Quotes do not nest.
    """
    end = len(text) if end is None else end
    spans = []
    i = start
    while True:  # jump from one quotation mark to the next (a character loop is slow on long texts)
        mark = _OPENING.search(text, i, end)
        if mark is None:
            break
        i = mark.start()
        char = text[i]
        if i + 1 < end and not text[i + 1].isspace():
            close = _CLOSING[char].search(text, i + 1, end)
            if close is not None:
                spans.append((i, close.start() + 1, True))
                i = close.start() + 1
                continue
            spans.append((i, end, False))
            break
        i += 1
    return spans


def classify_quote(
    text: str, start: int, end: int, *, context: int = 40, bounds: tuple[int, int] | None = None
) -> str:
    """``distancing`` or ``quotation`` for the quoted span ``text[start:end]``.

    A quote is distancing when it holds at most :data:`DISTANCING_MAX_TOKENS` words and no
    reporting cue ("sagte", "so", "laut", a colon) stands within ``context`` characters before
    or after it, inside ``bounds`` (the unit holding the quote; default the whole text).
    """
    lo, hi = bounds if bounds is not None else (0, len(text))
    inner = text[start + 1:end - 1]
    words = re.findall(r"\w+", inner)
    before = text[max(lo, start - context):start]
    after = text[end:min(hi, end + context)]
    cue = _REPORTING.search(after) or _REPORTING.search(before[-25:]) or before.rstrip().endswith(":")
    if len(words) <= DISTANCING_MAX_TOKENS and not cue:
        return "distancing"
    return "quotation"


#: Types of :func:`attribute_quotes` records.
QUOTE_TYPES = ("direct", "indirect", "distancing")
#: Reporting verbs (finite forms and participles) that introduce speech.
REPORTING_VERBS = frozenset("""
    sagte sagt sagten sagen gesagt erklärte erklärt erklärten erklären erklärt betonte betont betonten
    meinte meint meinten warnte warnt warnten forderte fordert forderten kritisierte kritisiert kritisierten
    behauptete behauptet behaupteten bestätigte bestätigt berichtete berichtet berichteten schrieb schreibt
    twitterte verwies verweist wies räumte räumt fügte fügt teilte teilt teilten kündigte kündigt
    argumentierte argumentiert versicherte versichert unterstrich unterstreicht bekräftigte bekräftigt
    mahnte mahnt verlangte verlangt antwortete antwortet fragte fragt erwiderte entgegnete sprach spricht
    verkündete verkündet gab gibt hieß heißt äußerte äußert glaubt glaubte hofft hoffte befürchtet
    befürchtete bezweifelte bezweifelt kommentierte kommentiert ergänzte ergänzt stellte stellt
    zitierte zitiert beklagte beklagt lobte lobt appellierte appelliert drohte droht""".split())
#: Frequent Konjunktiv I forms (reported speech without a dass-clause).
KONJUNKTIV_I = frozenset("""sei seien habe werde könne müsse wolle solle dürfe gebe gehe stehe liege komme
    bleibe wisse ergreife brauche plane wolle handle handele trage sehe halte lasse arbeite unterstütze
    verfüge befinde hätten wären würden hätte wäre würde""".split())
_CUE = re.compile(r"\b(" + "|".join(sorted(REPORTING_VERBS, key=len, reverse=True)) + r")\b")
_KONJ = re.compile(r"\b(" + "|".join(sorted(KONJUNKTIV_I, key=len, reverse=True)) + r")\b")
_STOP = frozenset("in im am auf bei gegenüber vor nach und laut während dem der zufolge als bereits "
                  "jedoch auch zudem am nun damals später noch dabei weiter dazu".split())
_PRONOUNS = ("er", "sie", "Er", "Sie")
_NP_TOKEN = re.compile(r"[\w.-]+")
_WORDS = re.compile(r"\w+")


def _speaker_after(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """The noun phrase right after an inverted cue: "sagte Magzhan Ilyassov, ..." → "Magzhan Ilyassov"."""
    tokens = list(_NP_TOKEN.finditer(text, pos, end))
    span = None
    for i, tok in enumerate(tokens[:8]):
        word = tok.group().rstrip(".")
        gap = text[(tokens[i - 1].end() if i else pos):tok.start()]
        if i and any(c in gap for c in ",;:(–"):
            break
        if word in _STOP and span is not None:
            break
        if word in ("jedoch", "auch", "zudem", "dazu", "am", "dabei") and span is None:
            continue
        span = (span[0] if span else tok.start(), tok.start() + len(word))
        if word[:1].isupper() and i + 1 < len(tokens) and tokens[i + 1].group()[:1].islower() \
                and tokens[i + 1].group() not in ("von", "der", "des"):
            break
    return span


def _speaker_before(text: str, start: int, cue_start: int) -> tuple[int, int] | None:
    """The noun phrase right before the cue ("…, und Ilyassov sagte"), else the sentence's first
    noun phrase when the cue follows it ("Der Botschafter wies ... und sagte")."""
    tokens = list(_NP_TOKEN.finditer(text, start, cue_start))
    back = None
    for i in range(len(tokens) - 1, max(-1, len(tokens) - 6), -1):
        word = tokens[i].group()
        gap = text[tokens[i].end():(tokens[i + 1].start() if i + 1 < len(tokens) else cue_start)]
        if any(c in gap for c in ",;:„“\"»()"):
            break
        if word[:1].isupper() or word in ("der", "die", "das", "des", "von") or \
                (back and word[:1].islower() and word.endswith(("e", "en", "er")) and i > 0
                 and tokens[i - 1].group().lower() in ("der", "die", "das", "ein", "eine")):
            back = (tokens[i].start(), back[1] if back else tokens[i].end())
        else:
            break
    if back is not None:
        first = text[back[0]:back[1]].split()[0]
        if back[0] == start or re.search(r"(\bund|\baber|,)\s*$", text[start:back[0]]):
            if first not in ("Als", "Nach", "Seitdem", "Anfang", "Im", "Am", "Auch", "Doch", "Aber"):
                return back
    if not tokens or any(c in text[start:cue_start] for c in "„“\"»"):
        return None
    first = tokens[0].group()
    if first in _PRONOUNS:
        return tokens[0].start(), tokens[0].end()
    span = None
    for i, tok in enumerate(tokens[:6]):
        word = tok.group()
        if i and any(c in text[tokens[i - 1].end():tok.start()] for c in ",;:"):
            break
        if i == 0 and word[:1].isupper() or i and (word[:1].isupper() or word in ("von", "des", "der")):
            span = (span[0] if span else tok.start(), tok.end())
        elif word.lower() in ("der", "die", "das", "ein", "eine") or word[:1].islower() and i == 1:
            span = (span[0] if span else tok.start(), tok.end())
        else:
            break
    if span and text[span[0]:span[1]].split()[0].lower() in ("als", "nach", "seitdem", "anfang", "im", "am"):
        return None
    return span


def _resolve_speaker(text, span, last, registry):
    from .actors import find_mentions  # imported here: actors imports nothing from quotes
    if span is None:
        return None, None
    words = text[span[0]:span[1]]
    if words in _PRONOUNS or words.lower().startswith(("der botschafter", "der präsident", "der minister")):
        if last is not None:
            return last["speaker"], last["speaker_target"]
    mentions = [m for m in find_mentions(text, span[0], span[1], registry=registry) if m["kind"] != "proxy"]
    if not mentions:
        # "ein Gast in der Sendung von Wladimir Solowjow": the actor can follow the head noun
        tail = re.match(r"[^,.;:„“\"]{0,60}", text[span[1]:])
        mentions = [m for m in find_mentions(text, span[1], span[1] + tail.end(), registry=registry)
                    if m["kind"] == "person"]
        return words, (mentions[0]["target"] if mentions else None)
    people = [m for m in mentions if m["kind"] == "person"]
    return words, (people or mentions)[0]["target"]


def attribute_quotes(text: str, sentences, *, registry=None) -> list[dict]:
    """Direct, indirect and distancing quotations of one document, with cue and speaker.

    Parameters
    ----------
    text : str
        The document text.
    sentences : sequence of (start, end, unit)
        Sentence spans in text order with the id of their paragraph (quotes never cross a unit).
    registry : Registry, optional
        For resolving speakers to targets (:func:`analysis.actors.load_registry`).

    Returns
    -------
    list of dict
        ``type`` (:data:`QUOTE_TYPES`), ``start``, ``end`` (the quoted span; marks included for direct
        quotes), ``cue``, ``cue_start``, ``cue_end``, ``speaker`` (the words naming the speaker, or
        the resolved antecedent of "er"), ``speaker_start``, ``speaker_end``, ``speaker_target`` (a
        registry id or None), in text order.

    Examples
    --------
    >>> text = "„Wir beobachten das genau“, sagte Iljassow."
    >>> [(q["type"], q["cue"], q["speaker"], q["speaker_target"]) for q in attribute_quotes(text, [(0, len(text), 0)])]
    [('direct', 'sagte', 'Iljassow', 'kazakhstan')]
    """
    sentences = list(sentences)
    units: dict = {}
    for s, e, u in sentences:
        lo, hi = units.get(u, (s, e))
        units[u] = (min(lo, s), max(hi, e))
    unit_quotes: dict = {}  # unit → its quoted spans, found once
    out: list[dict] = []
    last: dict | None = None
    last_sentence = -10
    for index, (s, e, unit) in enumerate(sentences):
        ustart, uend = units[unit]
        if index - last_sentence > 3:
            last = None
        if unit not in unit_quotes:
            unit_quotes[unit] = find_quote_spans(text, ustart, uend)
        # a quote opened in an earlier sentence of the unit and still open here (multi-sentence quote)
        inside_open = any(q[0] < s < q[1] for q in unit_quotes[unit])
        sentence_quotes = []
        for qs, qe, _ in unit_quotes[unit]:
            if not (s <= qs < e):
                continue
            qe_s = min(qe, uend)
            before = text[s:qs]
            if classify_quote(text, qs, qe_s, bounds=(ustart, uend)) == "distancing" and \
                    not re.search(r"(dass|weil|ob|:)\s*$", before):
                out.append(_record("distancing", qs, qe_s))
                continue
            sentence_quotes.append((qs, qe_s))
        for qs, qe in sentence_quotes:
            cue = speaker = None
            after_end = e if qe <= e else min(uend, qe + 120)
            m = re.match(r"\s*[,.]?\s*(?:so\s+)?(\w+)", text[qe:after_end])
            if m and (m.group(1) in REPORTING_VERBS or m.group(1) == "so"):
                cue = (qe + m.start(1), qe + m.end(1))
                speaker = _speaker_after(text, cue[1], after_end)
            if cue is None:
                intro = re.search(r"(\w+)([^.!?]*):\s*$", text[s:qs])
                cm = _CUE.search(text, s, qs)
                if cm:
                    cue = (cm.start(), cm.end())
                    speaker = _speaker_before(text, s, cm.start()) or _speaker_after(text, cm.end(), qs)
                elif intro:
                    cue = (s + intro.start(2) + len(intro.group(2)), s + intro.end(2) + 1)
            if cue is None and index > 0 and last is not None and text[qs - 1:qs] != "" and qs == s:
                record = _record("direct", qs, qe, speaker=last["speaker"], target=last["speaker_target"],
                                 span=(None, None), cue=("", None, None))
                out.append(record)
                last_sentence = index
                continue
            name, target = _resolve_speaker(text, speaker, last, registry)
            record = _record("direct", qs, qe, speaker=name, target=target, span=speaker or (None, None),
                             cue=(text[cue[0]:cue[1]], *cue) if cue else ("", None, None))
            out.append(record)
            if name:
                last, last_sentence = record, index
        if inside_open and not sentence_quotes:
            continue  # the middle of a multi-sentence quote: already recorded with its opening
        covered = [(q["start"], q["end"]) for q in out if q["type"] == "direct"]
        if any(qs <= s and e <= qe for qs, qe in covered):
            continue
        indirect = _indirect(text, s, e, covered) or _according_to(text, s, e, covered)
        if indirect is None and last is not None and index - last_sentence == 1 and _KONJ.search(text, s, e) \
                and not _CUE.search(text, s, e):
            # free indirect speech: a Konjunktiv-I sentence right after a quote continues it
            body_end = e - 1 if text[e - 1:e] in ".!?" else e
            out.append(_record("indirect", s, body_end, speaker=last["speaker"], target=last["speaker_target"]))
            last_sentence = index
            continue
        if indirect:
            (qs, qe), cue, speaker = indirect
            name, target = _resolve_speaker(text, speaker, last, registry)
            record = _record("indirect", qs, qe, speaker=name, target=target, span=speaker or (None, None),
                             cue=(text[cue[0]:cue[1]], *cue))
            out.append(record)
            if name:
                last, last_sentence = record, index
    return sorted(out, key=lambda q: q["start"])


def _record(kind, start, end, *, speaker=None, target=None, span=(None, None), cue=("", None, None)) -> dict:
    return {"type": kind, "start": int(start), "end": int(end), "cue": cue[0], "cue_start": cue[1],
            "cue_end": cue[2], "speaker": speaker, "speaker_start": span[0], "speaker_end": span[1],
            "speaker_target": target}


def _indirect(text: str, s: int, e: int, covered):
    """Indirect speech in the sentence ``text[s:e]``: (span, cue, speaker span) or None."""
    if REPORTING_VERBS.isdisjoint(_WORDS.findall(text, s, e)):
        return None  # no reporting verb (each is one word): most sentences, found faster than by _CUE
    body_end = e - 1 if text[e - 1:e] in ".!?" else e
    for cm in _CUE.finditer(text, s, e):
        if any(qs <= cm.start() < qe for qs, qe in covered):
            continue
        cue = (cm.start(), cm.end())
        rest = text[cm.end():body_end]
        # "sagte, dass ..." / "sagte X, dass ..." / "wies auf ... hin und sagte, es sei ..."
        dass = re.search(r",\s*(dass|ob)\b", rest)
        comma = re.match(r"\s*,\s*", rest)
        inverted = re.search(r",\s*$", text[s:cm.start()]) is not None
        if inverted:
            # "... sei es, ... zu fordern, sagte Magzhan Ilyassov, ..."
            head = text[s:cm.start()]
            if any(qs < cm.start() and qe > s for qs, qe in covered):
                continue  # the head is a direct quote, already recorded
            if _KONJ.search(head):
                qend = s + head.rstrip().rstrip(",").__len__()
                return (s, qend), cue, _speaker_after(text, cm.end(), e)
            continue
        speaker = _speaker_before(text, s, cm.start()) or None
        if speaker is None:
            after = _speaker_after(text, cm.end(), e)
            if after and text[after[1]:body_end].lstrip().startswith(","):
                speaker = after
        if comma and (dass and dass.start() == 0 or _KONJ.search(rest)):
            qs = cm.end() + (dass.start(1) if dass and dass.start() == 0 else comma.end())
            return (qs, body_end), cue, speaker
        if dass and speaker is not None:
            qs = cm.end() + dass.start(1)
            return (qs, body_end), cue, speaker
        if comma and _KONJ.search(rest):
            qs = cm.end() + comma.end()
            return (qs, body_end), cue, speaker
    return None


#: Nouns that name a source after "nach" ("nach Angaben der Polizei", "nach Ansicht von Experten");
#: compounds ending in one of them count too ("nach Polizeiangaben", "nach Zeugenaussagen").
SOURCE_NOUNS = ("angaben", "ansicht", "aussagen", "aussage", "meinung", "informationen", "auffassung",
                "schätzungen", "schätzung", "berichten", "bericht", "einschätzung", "darstellung", "auskunft")
_DETERMINERS = QUOTE_DETERMINERS
#: Words that continue a source's noun phrase after its head: genitive articles, quantifiers, "von".
_NP_LINKS = frozenset("der des von vom eines einer mehrerer zweier dreier vieler einiger".split())
#: Lemmas of verbs that govern a following "nach"/"laut" ("fragte nach Angaben", "rief laut Hilfe"):
#: then the word is a preposition of the verb or an adverb ("loudly"), not an attribution.
_GOVERNING_VERBS = frozenset("fragen suchen verlangen reagieren forschen rufen schreien sagen singen lachen "
                             "sprechen brüllen jubeln klatschen weinen denken lesen beten".split())
_ACCORDING = re.compile(r"\b(?:(laut)\s|(nach)\s|(zufolge)\b)", re.IGNORECASE)
_NP_WORD = re.compile(r"„[^“”\"]{1,40}[“”\"]|[\w.-]+")


def _np_after(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """The noun phrase that starts at ``pos``: determiners and adjectives, then capitalised words
    (names, nouns, a quoted title) joined by genitive articles or *von* ("dem Magazin „Der
    Spiegel“", "el-Baradei", "ihren Aussagen", "Angaben eines Sprechers", "Angaben der
    italienischen Luftfahrtbehörden Enac")."""
    words: list[re.Match] = []
    head = False
    for word in _NP_WORD.finditer(text, pos, end):
        w = word.group().rstrip(".")
        if words and any(c in text[words[-1].end():word.start()] for c in ",;:()–"):
            break
        low = w.lower()
        if w[:1] == "„" or any(c.isupper() for c in w) or "." in w[1:]:
            head = True
        elif not head and (low in _DETERMINERS or low in ("von", "vom") or _adjective(w)):
            pass  # "ihren Aussagen", "ersten Angaben"
        elif head and low in _NP_LINKS:
            pass  # "Angaben der Polizei"
        elif head and words and words[-1].group().lower() in _NP_LINKS and (low in _DETERMINERS or _adjective(w)):
            pass  # "Angaben der italienischen Behörden"
        else:
            break  # "laut el-Baradei die Bearbeitung": the article opens the clause, not the phrase
        words.append(word)
    while words and words[-1].group().lower() in _NP_LINKS | _DETERMINERS:
        words.pop()  # "Angaben der" at the end of a sentence
    if not head or not words:
        return None
    return words[0].start(), words[-1].start() + len(words[-1].group().rstrip("."))


def _np_before(text: str, start: int, pos: int) -> tuple[int, int] | None:
    """The noun phrase that ends right before ``pos`` ("ersten Angaben", "Ermittlungen der Polizei",
    "dem Bericht")."""
    words = list(_NP_WORD.finditer(text, start, pos))
    span = None
    for i in range(len(words) - 1, -1, -1):
        w = words[i].group()
        gap = text[words[i].end():(words[i + 1].start() if i + 1 < len(words) else pos)]
        if any(c in gap for c in ",;:()–"):
            break
        capital = w[:1].isupper() or w[:1] == "„"
        if capital or (span and (w.lower() in _DETERMINERS or w in ("von", "vom") or _adjective(w))):
            if span is None and not capital:
                break
            span = (words[i].start(), span[1] if span else words[i].end())
        else:
            break  # "starben behördlichen Angaben": the verb before the phrase ends it
    return span


def _adjective(word: str) -> bool:
    """An inflected lower-case adjective (*ersten*, *behördlichen*), not a verb (*starben*): the
    ending, and a lemma that is not an infinitive."""
    from .lemmas import lemmatize_word  # imported here, as in _resolve_speaker

    return len(word) > 3 and word[:1].islower() and word.endswith(("e", "en", "er", "em", "es")) and \
        not lemmatize_word(word).endswith(("en", "ern", "eln"))  # > 3: not "es", "der"


def _governed(text: str, s: int, pos: int) -> bool:
    """Whether the word before ``pos`` is a verb that governs what follows (:data:`_GOVERNING_VERBS`)."""
    from .lemmas import lemmatize_word

    before = re.search(r"(\w+)\W*$", text[s:pos])
    return before is not None and before.group(1)[:1].islower() and \
        lemmatize_word(before.group(1)) in _GOVERNING_VERBS


def _according_to(text: str, s: int, e: int, covered):
    """A claim attributed to a source without a reporting verb: "laut X", "nach Angaben X" (and
    *Ansicht*, *Aussagen*, *Meinung* … of :data:`SOURCE_NOUNS`), "X zufolge".

    The reported claim is the sentence, or what follows the attribution (and an apposition to
    the source) when it opens the sentence; the speaker is the source's noun phrase. Not an
    attribution: a sentence that holds a direct quote (it has its own speaker), "nach" or "laut"
    after a verb that governs it („fragte nach Angaben“, „rief laut Hilfe“), "nach Berichten
    über …" (a topic, not a source), or an attribution with no claim left („laut Polizei.“).
    Returns (span, cue, speaker span) or None.

    >>> t = "Nach Angaben der Polizei seien drei Menschen verletzt worden."
    >>> (span, cue, speaker) = _according_to(t, 0, len(t), [])
    >>> t[cue[0]:cue[1]], t[speaker[0]:speaker[1]], t[span[0]:span[1]]
    ('Nach', 'Angaben der Polizei', 'seien drei Menschen verletzt worden')
    """
    if any(qs < e and qe > s for qs, qe in covered):
        return None
    body_end = e - 1 if text[e - 1:e] in ".!?" else e
    for m in _ACCORDING.finditer(text, s, body_end):
        if m.group(3):  # "X zufolge"
            speaker = _np_before(text, s, m.start())
        elif _governed(text, s, m.start()):
            continue
        elif m.group(2):  # "nach Angaben …": the source noun, or a compound of it, first
            speaker = _np_after(text, m.end(), body_end)
            if speaker is None:
                continue
            noun = next((w for w in _NP_WORD.finditer(text, *speaker) if w.group()[:1].isupper()), None)
            after = re.match(r"\s*(\w+)", text[noun.end():body_end]) if noun else None
            if noun is None or not noun.group().lower().endswith(SOURCE_NOUNS) or \
                    (after and after.group(1) in ("über", "zum", "zur", "zu")):
                continue  # "nach dem Treffen", "nach Berichten über Folter"
        else:  # "laut X"; not "laut „Hilfe“"
            speaker = None if text[m.end():m.end() + 1] in "„“\"»" else _np_after(text, m.end(), body_end)
        if speaker is None:
            continue
        cue = next((m.start(g), m.end(g)) for g in (1, 2, 3) if m.group(g))
        start = s
        phrase_start, phrase_end = min(cue[0], speaker[0]), max(cue[1], speaker[1])
        if not text[s:phrase_start].strip():  # the attribution opens the sentence: the claim follows it
            apposition = re.match(r"\s*,\s*[A-ZÄÖÜ][^,;:]{0,60},", text[phrase_end:body_end])
            rest = phrase_end + (apposition.end() if apposition else 0)
            start = re.compile(r"[\s,:]*").match(text, rest, body_end).end()
        if start >= body_end:
            continue  # "laut Polizei." holds no claim
        return (start, body_end), cue, speaker
    return None
