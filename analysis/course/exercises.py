"""Self-checks for the exercises at the end of each lesson notebook.

A student writes an answer in the lesson and runs ``check("1.2", answer)``: it prints whether the
answer is right, and a hint when it is not yet. The expected answers are computed from the seed
article with the library at check time, never stored as literals, so they stay true when the
library improves; the worked solutions live apart, in ``notebooks/solutions/`` (for exam use, hand
out the lessons without that folder).

Each lesson's exercises sit in one block below (1 the seed article, 2 terms, 3 sentiment, 4 framing,
5 actors and stance), each with the small helpers that compute its answers; answers are compared
exactly (counts), within a tolerance (means), or case-insensitively (words, labels, ids).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

__all__ = ["Exercise", "EXERCISES", "check"]


@dataclass(frozen=True)
class Exercise:
    """One exercise: its question, how to compute the right answer, how to compare, a hint."""

    question: str
    answer: Callable[[], Any]
    hint: str
    compare: Callable[[Any, Any], bool] = lambda given, right: given == right


@lru_cache(maxsize=1)
def _seed():
    from ..corpus import read_text
    from ..paths import SEED_ARTICLE
    from ..pipeline import prepare

    return prepare(read_text(SEED_ARTICLE), check=False)


def _same_text(given, right) -> bool:
    return isinstance(given, str) and given.strip().casefold() == str(right).casefold()


def _same_number(given, right) -> bool:
    """A whole number, given exactly (55 or 55.0, not 55.9 or "55")."""
    if isinstance(given, bool) or not isinstance(given, (int, float)) and not hasattr(given, "__index__"):
        return False
    return float(given) == float(right) and float(given).is_integer()


def _within(tolerance: float) -> Callable[[Any, Any], bool]:
    """Compare numbers within ``tolerance`` (a mean read to two decimals is right)."""

    def compare(given, right) -> bool:
        try:
            return abs(float(given) - float(right)) <= tolerance
        except (TypeError, ValueError):
            return False

    return compare


_LABEL_WORDS = {"negative": -1, "negativ": -1, "neutral": 0, "positive": 1, "positiv": 1}


def _same_label(given, right) -> bool:
    """A polarity label as -1/0/+1 or as a word (negative, neutral, positive)."""
    if isinstance(given, str) and given.strip().casefold() in _LABEL_WORDS:
        given = _LABEL_WORDS[given.strip().casefold()]
    return not isinstance(given, bool) and _same_number(given, right)


# --- 1 · The seed article ---------------------------------------------------------------------------

def _n_sentences():
    return len(_seed().sentences)


def _souveraenitaet_section():
    from ..terms import kwic

    seed = _seed()
    table = kwic(seed.tokens, "Souveränität", corpus=seed.corpus, sentences=seed.sentences)
    return table["section"].iloc[0]


def _ilyassov_lemma_count():
    from ..terms import count_terms

    counts = count_terms(_seed().tokens, on="lemma", by=()).set_index("term")["count"]
    return int(counts["Iljassow"])


def _bullet_top_lemma():
    from ..terms import count_terms

    counts = count_terms(_seed().tokens_with_sections(), on="lemma", by=["section"])
    return counts[(counts["section"] == "bullet")].iloc[0]["term"]


# --- 2 · Terms ---------------------------------------------------------------------------------------

def _lemma_counts():
    from ..terms import count_terms

    return count_terms(_seed().tokens, on="lemma", by=())


def _second_key_lemma():
    from ..keyness import general_german, keyness

    counts = _lemma_counts()
    return keyness(counts, general_german(counts)).iloc[1]["term"]


def _beziehung_occurrences():
    from ..compounds import find_compounds

    return int(find_compounds(_seed().tokens, "Beziehung")["count"].sum())


def _bullet_top_tfidf():
    from ..keyness import tfidf

    weights = tfidf(_seed().tokens_with_sections(), by="section", top=1)
    return weights[weights["section"] == "bullet"].iloc[0]["term"]


# --- 3 · Sentiment -----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _sentiment():
    """The seed article's sentiment evidence and sentence scores, as notebook 03 computes them."""
    from ..sentiment import match_terms, score_sentences

    evidence = match_terms(_seed().tokens)
    return evidence, score_sentences(_seed(), evidence=evidence)


def _label_of_sentence(sent_id: int):
    scores = _sentiment()[1]
    return int(scores.loc[scores["sent_id"] == sent_id, "label"].item())


def _n_negative_sentences():
    return int((_sentiment()[1]["label"] == -1).sum())


def _negated_term(sent_id: int):
    evidence = _sentiment()[0]
    negated = evidence[(evidence["sent_id"] == sent_id) & evidence["rules"].str.contains("negation")]
    (term,) = negated["text"].unique()  # the exercise asks for the one negated term
    return term


# --- 4 · Framing -------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _frame_units():
    """One row per sentence of the seed article with its frames, as notebook 04 computes it."""
    from ..framing import detect_frames, frame_units, load_codebook

    codebook = load_codebook()
    return frame_units(_seed(), detect_frames(_seed(), codebook), codebook), codebook


def _frame_in_bullets_not_headline():
    units = _frame_units()[0]
    frames = {section: set().union(*units.loc[units["section"] == section, "frames"])
              for section in ("bullet", "headline")}
    (frame,) = frames["bullet"] - frames["headline"]
    return frame


def _n_sentences_with_frame(frame: str):
    return int(_frame_units()[0][frame].sum())


def _closest_frame_to(frame: str):
    from ..framing import frame_cooccurrence

    pairs = frame_cooccurrence(*_frame_units())
    pairs = pairs[(pairs["frame_a"] == frame) & (pairs["frame_b"] != frame)]
    return pairs.loc[pairs["n_both"].idxmax(), "frame_b"]


# --- 5 · Actors and stance ---------------------------------------------------------------------------

#: The target that exercise 5.3 adds to a copy of the registry.
_WEST = {"names": ["Westen", "westlich*"]}


def _registry_with(target: str, entry: dict):
    """The project registry with one more target, loaded from a temporary copy (the original stays)."""
    import tempfile

    import yaml

    from ..actors import DEFAULT_REGISTRY, load_registry

    data = yaml.safe_load(Path(DEFAULT_REGISTRY).read_text(encoding="utf-8"))
    data["targets"][target] = entry
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "registry.yaml"
        copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return load_registry(copy)


def _stance_fields(registry=None):
    from ..stance import record_fields

    return record_fields(_seed(), registry=registry)


def _speaker_of_quotes(sent_id: int):
    (fields,) = [record for (_, sid), record in _stance_fields().items() if sid == sent_id]
    (speaker,) = {q["speaker"] for q in fields["quotes"] if q["type"] != "distancing"}
    return speaker


def _mean_stance(holder: str, target: str):
    from ..stance import holder_target_matrix, stance_table

    matrix = holder_target_matrix(stance_table(_stance_fields()), n_boot=1)
    return float(matrix.loc[(matrix["holder"] == holder) & (matrix["target"] == target), "mean"].item())


def _holder_toward_with_west(sent_id: int, target: str):
    from ..stance import stance_table

    table = stance_table(_stance_fields(_registry_with("west", _WEST)))
    return table.loc[(table["sent_id"] == sent_id) & (table["target"] == target), "holder"].item()



#: Exercise id ("<notebook>.<number>") → exercise.
# --- 6 · Explain this score -------------------------------------------------------------------------

def _explained(sent_id: int):
    from ..explain import explain_tokens
    from ..score import score_records

    record = next(r for r in score_records(_seed()) if r["sent_id"] == sent_id)
    return explain_tokens(record).set_index("token")


def _weight_after_rules(sent_id: int, token: str):
    return float(_explained(sent_id).loc[token, "weight"])


def _rule_on(sent_id: int, token: str):
    return str(_explained(sent_id).loc[token, "rules"])


# --- 7 · Comparing coverage --------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _example():
    from ..corpus import read_corpus
    from ..paths import EXAMPLE_CORPUS
    from ..pipeline import prepare

    return prepare(read_corpus(EXAMPLE_CORPUS), check=False)


def _most_negative_outlet():
    from ..compare import add_metadata, group_means
    from ..sentiment import score_sentences

    example = _example()
    table = add_metadata(score_sentences(example), example.corpus.metadata, columns=["outlet"])
    means = group_means(table, value="score", by="outlet", seed=20221124)
    return means.sort_values("mean").iloc[0]["outlet"]


def _articles_in_period(period: str):
    from ..compare import add_metadata

    meta = _example().corpus.metadata
    table = add_metadata(meta.rename(columns={"id": "doc_id"})[["doc_id"]], meta, columns=["date"], period="month")
    return int((table["period"] == period).sum())


# --- 8 · Validation -----------------------------------------------------------------------------------

def _coders_alpha(task: str):
    import pandas as pd

    from ..framing import load_codebook
    from ..paths import ANNOTATIONS
    from ..validate import intercoder_agreement, load_coding

    first = pd.concat([load_coding(ANNOTATIONS / f"gnad_codes_part{n}.tsv") for n in (1, 2)])
    table = intercoder_agreement(first, load_coding(ANNOTATIONS / "gnad_codes_reliability.tsv"),
                                 frames=load_codebook().ids, targets=["russia", "eu", "ukraine", "kazakhstan",
                                                                      "china", "usa", "nato", "csto"])
    return float(table.set_index("task").loc[task, "alpha"])


def _best_transfer():
    import pandas as pd

    from ..paths import VALIDATION

    sentiment = pd.read_csv(VALIDATION / "sentiment_gnad.csv").query(
        "lexicon == 'combined' and weights == 'project' and sample == 'international_wirtschaft'")["accuracy"].iloc[0]
    frames = pd.read_csv(VALIDATION / "frames_gnad.csv").query("sample == 'gnad' and label == 'micro'")["f1"].iloc[0]
    stance = pd.read_csv(VALIDATION / "stance_gnad.csv").set_index(["task", "target", "measure"])["value"]
    scores = {"sentiment": sentiment, "frames": frames, "mentions": stance[("mentions", "micro", "f1")],
              "stance": stance[("stance", "all", "accuracy")]}
    return max(scores, key=scores.get)


EXERCISES: dict[str, Exercise] = {
    "1.1": Exercise(
        "How many sentences of the seed article are analysed (boilerplate and duplicate captions left out)?",
        _n_sentences, "Look at the length of `prepared.sentences`.", _same_number),
    "1.2": Exercise(
        "In which section type does „Souveränität“ occur? Use `kwic`.",
        _souveraenitaet_section, "`kwic` lists every occurrence of a word with its context; pass it the "
        "sentences too, and each row says in which section the word stands.", _same_text),
    "1.3": Exercise(
        "How often is the ambassador Iljassow named, counting both spellings (Iljassow, Ilyassov)?",
        _ilyassov_lemma_count, "Count lemmas, not word forms: the alias table maps Ilyassov to Iljassow.",
        _same_number),
    "1.4": Exercise(
        "Which lemma is most frequent in the summary bullets?",
        _bullet_top_lemma, "Count lemmas per section (`count_terms` groups by any column of the "
        "tokens, and the lesson shows how to give tokens their section), then keep the bullet rows.", _same_text),
    "2.1": Exercise(
        "Against general German, which lemma has the highest G² after Kasachstan?",
        _second_key_lemma, "Compare the lemma counts with general German as the lesson does; the "
        "keyness table is sorted by G², with Kasachstan on top.", _same_text),
    "2.2": Exercise(
        "How often do words containing „Beziehung“ occur in the article, counting every word form and "
        "compound (Beziehungen, Wirtschaftsbeziehungen, ...)?",
        _beziehung_occurrences, "The lesson's search for words containing a part gives one row per word "
        "form, with how often it occurs: the question asks for occurrences, not for forms.", _same_number),
    "2.3": Exercise(
        "Which lemma has the highest TF-IDF weight in the summary bullets (compare exercise 1.4)?",
        _bullet_top_tfidf, "Treat each section as a document for TF-IDF and read the bullet rows: "
        "TF-IDF discounts words that every section uses.", _same_text),
    "3.1": Exercise(
        "What is the combined sentiment label of sentence 46 („Beide gratulierten ihm …“)? "
        "The two lexicons disagree on it.",
        lambda: _label_of_sentence(46), "Find sent_id 46 in `scores` and read `label` (the combined "
        "lexicons), not `label_sentiws` or `label_gpl`; -1, 0, 1 or negative, neutral, positive.",
        _same_label),
    "3.2": Exercise(
        "How many sentences of the seed article does the combined score label negative?",
        _n_negative_sentences, "Each sentence in `scores` has a combined `label`; how many of them are "
        "-1? (The per-lexicon labels are other columns.)", _same_number),
    "3.3": Exercise(
        "Which lexicon term in sentence 28 („Die Leute verstehen nicht …“) is negated?",
        lambda: _negated_term(28), "In `evidence`, look at the terms of sentence 28: the `rules` column "
        "says which rules changed a term; give the term as written, not the negator.", _same_text),
    "4.1": Exercise(
        "Which frame occurs in the summary bullets but not in the headline?",
        _frame_in_bullets_not_headline, "Compare the `frames` of the rows of `sentences` whose section "
        "is 'bullet' with the headline's; a frame id such as 'conflict'.", _same_text),
    "4.2": Exercise(
        "In how many sentences of the seed article does the diplomacy frame occur?",
        lambda: _n_sentences_with_frame("diplomacy"), "Each frame has a True/False column in the "
        "sentence table, and True counts as one; the prevalence table of the lesson has the same count.",
        _same_number),
    "4.3": Exercise(
        "Which frame shares the most sentences with the migration frame?",
        lambda: _closest_frame_to("migration"), "In the lesson's co-occurrence table, take the pairs "
        "that start with migration, leave out migration with itself, and find the most shared sentences (`n_both`).",
        _same_text),
    "5.1": Exercise(
        "Whose voice are the direct quotes in sentence 24 („… ein Gast in der Sendung von Wladimir "
        "Solowjow …“)? Give the registry target id.",
        lambda: _speaker_of_quotes(24), "The `quotes` table has a `speaker` column with target ids; "
        "filter it to sent_id 24 and leave out the distancing quotes.", _same_text),
    "5.2": Exercise(
        "What is Kazakhstan's mean stance toward Russia over all sentences where it holds one, with or "
        "without a stance cue (evidence_only=False)? Two decimals are enough.",
        lambda: _mean_stance("kazakhstan", "russia"), "The lesson's holder × target table keeps only "
        "sentences with a stance cue; build it over all sentences instead and read Kazakhstan toward Russia.", _within(0.01)),
    "5.3": Exercise(
        "Add a target `west` with names Westen and westlich* to a copy of the registry and rerun the "
        "stance table. Who now holds the stance toward Russia in sentence 41 („Der Umzug war von "
        "westlichen Führern kritisiert …“)?",
        lambda: _holder_toward_with_west(41, "russia"), "Read the registry YAML into a dictionary, add the "
        "target under `targets` with its `names`, write the copy to a temporary file and load it as the "
        "lesson loads the registry; then build the stance table again with that registry. Before the "
        "change the holder is the journalist.", _same_text),
    "6.1": Exercise(
        "In sentence 7, what weight does „unterstützt“ carry after the rules? Two decimals are enough.",
        lambda: _weight_after_rules(7, "unterstützt"), "Explain the record of sentence 7 token by "
        "token, as the lesson does; the weight after the rules is `weight`, not `prior`.", _within(0.01)),
    "6.2": Exercise(
        "Which rule changed the weight of „engsten“ in sentence 7? Give it as the table writes it.",
        lambda: _rule_on(7, "engsten"), "Look at the `rules` column of the token table for that token; "
        "the clause it stands in begins with „obwohl“.", _same_text),
    "7.1": Exercise(
        "In the example corpus, which outlet has the most negative mean sentence sentiment?",
        _most_negative_outlet, "Give each sentence score its article's outlet and "
        "average per outlet, as the lesson does for its figure; the lowest mean is the most negative.", _same_text),
    "7.2": Exercise(
        "How many articles of the example corpus fall in September 2022?",
        lambda: _articles_in_period("2022-09-01"), "Label each article with its month as the lesson does "
        "(a month is named by its first day) and count the articles, not the sentences, of September.", _same_number),
    "8.1": Exercise(
        "What is the coders' Krippendorff's α for stance on the 90 double-coded 10kGNAD sentences?",
        lambda: _coders_alpha("stance"), "The lesson's inter-coder table of the 10kGNAD codings has "
        "one row per task; read α for stance (the seed article's coders agree perfectly, not these).", _within(0.01)),
    "8.2": Exercise(
        "Which measure transfers best to the frozen sample: sentiment, frames, mentions or stance?",
        _best_transfer, "Compare the `score` column of the summary table for the frozen sample (accuracy or "
        "micro-F1); mind that stance accuracy is near the share of neutral codes.", _same_text),
}


def _expected(exercise_id: str):
    """The right answer of an exercise, computed now from the data (for the tests and instructors:
    not in ``__all__``, so that ``from analysis.course.exercises import *`` in a lesson does not hand it out)."""
    if exercise_id not in EXERCISES:
        raise ValueError(f"unknown exercise {exercise_id!r}; valid: {', '.join(EXERCISES)}")
    return EXERCISES[exercise_id].answer()


def check(exercise_id: str, answer, *, quiet: bool = False) -> bool:
    """Say whether ``answer`` is right; print a hint when it is not yet.

    Returns
    -------
    bool
        True when the answer is right.
    """
    exercise = EXERCISES.get(exercise_id)
    if exercise is None:
        raise ValueError(f"unknown exercise {exercise_id!r}; valid: {', '.join(EXERCISES)}")
    right = answer is not None and exercise.compare(answer, exercise.answer())
    if not quiet:
        if right:
            print(f"Exercise {exercise_id}: right.")
        elif answer is None:
            print(f"Exercise {exercise_id}: not answered yet. Hint: {exercise.hint}")
        else:
            print(f"Exercise {exercise_id}: not yet. Hint: {exercise.hint}")
    return right
