"""German function words: every list of negators, determiners and stopwords the analyses use, and
the punctuation that ends a clause, in one module.

The lists are built from a few base lists (articles, possessives, negation particles ...). Where
a rule set was developed and validated with a list that differs from the base (stance's
negators take *mangelnde*/*fehlende* but not *nichts*; its articles lack *einen*), the difference
is spelled out here, not hidden in another module: aligning them is a change of that rule set,
to be made against its validation (the frozen 10kGNAD sample), not a refactoring.
"""

from __future__ import annotations

from stop_words import get_stop_words

__all__ = [
    "ARTICLES", "POSSESSIVES", "DEMONSTRATIVES", "QUANTIFIERS", "PERSONAL_PRONOUNS",
    "NEGATION_PARTICLES", "NEGATIVE_INDEFINITES", "LACK_WORDS", "NEGATORS", "STANCE_NEGATORS",
    "PHRASE_NEGATORS", "DETERMINERS", "STANCE_ARTICLES", "QUOTE_DETERMINERS", "COORDINATORS",
    "KEEP_WORDS", "CLAUSE_PUNCT", "STANCE_CLAUSE_PUNCT", "STOPWORDS_DE", "CONTRAST_STOPWORDS",
]

# ---- base lists ----------------------------------------------------------------------------
#: Definite and indefinite articles, every case.
ARTICLES = frozenset("der die das den dem des ein eine einen einem einer eines".split())
#: Possessive determiners of the third person (the actors of news).
POSSESSIVES = frozenset("sein seine seinen seinem seiner ihr ihre ihren ihrem ihrer".split())
DEMONSTRATIVES = frozenset("dieser diese dieses diesen diesem".split())
QUANTIFIERS = frozenset("jeder jede jedes alle viele mehrere beide".split())
PERSONAL_PRONOUNS = frozenset("ich du er sie es wir ihr man".split())
#: Negation particles and determiners: "nicht", "kein…", "nie", "ohne", "weder".
NEGATION_PARTICLES = frozenset("nicht kein keine keinen keinem keiner keines nie niemals ohne weder".split())
#: Negative pronouns and adverbs ("niemand", "nichts", "keineswegs", "nirgends").
NEGATIVE_INDEFINITES = frozenset("niemand niemanden niemandem nichts keineswegs keinesfalls nirgends nirgendwo".split())
#: Adjectives of lacking that negate the act they qualify ("mangelnde Unterstützung").
LACK_WORDS = frozenset("mangelnde mangelnden fehlende fehlenden".split())
#: Punctuation that ends a clause (German commas separate clauses by rule): sentiment cuts its
#: clauses here (and before "sondern" and a clause-opening "und"/"oder").
CLAUSE_PUNCT = frozenset(",;:()–—")
#: Stance's clause breaks, as validated: the same without the em dash.
STANCE_CLAUSE_PUNCT = CLAUSE_PUNCT - {"—"}
#: Coordinating conjunctions (a negator does not reach back across them: „gut und nicht schlecht“).
COORDINATORS = frozenset("und oder aber sowie".split())

# ---- the lists of each analysis --------------------------------------------------------------
#: Sentiment's negators (:mod:`analysis.sentiment`).
NEGATORS = NEGATION_PARTICLES | NEGATIVE_INDEFINITES
#: Negators that govern a noun phrase: their scope ends at the next noun ("ohne Zweifel").
PHRASE_NEGATORS = frozenset("ohne kein keine keinen keinem keiner keines".split())
#: Stance's negators (:mod:`analysis.stance`), within six tokens of a cue: the particles and the
#: lack adjectives; the negative indefinites were never part of the stance rules ("nichts" mostly
#: stands for an object there: "hat nichts gegen Russland unternommen").
STANCE_NEGATORS = NEGATION_PARTICLES | LACK_WORDS
#: Determiners before a noun (sentiment's clause rule: „und die Wirtschaft wächst“).
DETERMINERS = ARTICLES | POSSESSIVES | DEMONSTRATIVES | QUANTIFIERS
#: Words stance skips between a preposition and its mention ("in die Ukraine"), as validated:
#: without "einen" and the uninflected "sein"/"ihr".
STANCE_ARTICLES = (ARTICLES - {"einen"}) | (POSSESSIVES - {"sein", "ihr"})
#: Words that may open a source's noun phrase in quotation attribution ("nach Angaben der Polizei").
QUOTE_DETERMINERS = ARTICLES | (POSSESSIVES - {"sein", "seine", "ihr", "ihre"}) | {"eigenen", "eigener"}
#: Negators and stance words that general stopword lists remove but that carry meaning here.
KEEP_WORDS = frozenset("nicht nichts kein keine keinem keinen keiner keines nie niemals niemand gegen ohne "
                       "sondern weder nein".split())
#: The German stopwords of the ``stop-words`` package (BSD licence), lower-case.
STOPWORDS_DE = frozenset(w.lower() for w in get_stop_words("de"))
#: The few function words that keep "A, aber B" from counting as two single content words
#: (sentiment's contrast rule).
CONTRAST_STOPWORDS = frozenset("der die das den dem des ein eine einen einem einer es er sie wir ich ihr man sich "
                               "dies diese dieser dieses das dass wenn weil und oder als auch noch nun dann so".split())
