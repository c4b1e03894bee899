"""Self-checks for the exercises at the end of each lesson notebook.

A student writes an answer in the lesson and runs ``check("1.2", answer)``: it prints whether the
answer is right, and a hint when it is not yet. The expected answers are computed from the seed
article with the library at check time, never stored as literals, so they stay true when the
library improves; the worked solutions live apart, in ``notebooks/solutions/`` (for exam use, hand
out the lessons without that folder).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

__all__ = ["Exercise", "EXERCISES", "expected", "check"]


@dataclass(frozen=True)
class Exercise:
    """One exercise: its question, how to compute the right answer, how to compare, a hint."""

    question: str
    answer: Callable[[], Any]
    hint: str
    compare: Callable[[Any, Any], bool] = lambda given, right: given == right


@lru_cache(maxsize=1)
def _seed():
    from .corpus import read_text
    from .paths import SEED_ARTICLE
    from .pipeline import prepare

    return prepare(read_text(SEED_ARTICLE), check=False)


def _n_sentences():
    return len(_seed().sentences)


def _souveraenitaet_section():
    from .terms import kwic

    seed = _seed()
    table = kwic(seed.tokens, "Souveränität", corpus=seed.corpus, sentences=seed.sentences)
    return table["section"].iloc[0]


def _ilyassov_lemma_count():
    from .terms import count_terms

    counts = count_terms(_seed().tokens, on="lemma", by=()).set_index("term")["count"]
    return int(counts["Iljassow"])


def _bullet_top_lemma():
    from .terms import count_terms

    counts = count_terms(_seed().tokens_with_sections(), on="lemma", by=["section"])
    return counts[(counts["section"] == "bullet")].iloc[0]["term"]


def _same_text(given, right) -> bool:
    return isinstance(given, str) and given.strip().casefold() == str(right).casefold()


def _same_number(given, right) -> bool:
    try:
        return int(given) == int(right)
    except (TypeError, ValueError):
        return False


#: Exercise id ("<notebook>.<number>") → exercise. Later lessons add theirs here.
EXERCISES: dict[str, Exercise] = {
    "1.1": Exercise(
        "How many sentences of the seed article are analysed (boilerplate and duplicate captions left out)?",
        _n_sentences, "Look at the length of `prepared.sentences`.", _same_number),
    "1.2": Exercise(
        "In which section type does „Souveränität“ occur? Use `kwic`.",
        _souveraenitaet_section, "Call kwic(tokens, 'Souveränität', corpus=..., sentences=...) and read the "
        "`section` column.", _same_text),
    "1.3": Exercise(
        "How often is the ambassador Iljassow named, counting both spellings (Iljassow, Ilyassov)?",
        _ilyassov_lemma_count, "Count lemmas, not word forms: the alias table maps Ilyassov to Iljassow.",
        _same_number),
    "1.4": Exercise(
        "Which lemma is most frequent in the summary bullets?",
        _bullet_top_lemma, "count_terms(prepared.tokens_with_sections(), by=['section']) and filter the "
        "rows where section == 'bullet'.", _same_text),
}


def expected(exercise_id: str):
    """The right answer of an exercise, computed now from the seed article."""
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
