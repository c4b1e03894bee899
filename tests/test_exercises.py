"""Self-checks accept the right answer and reject a wrong one; the solutions notebooks pass them."""

from __future__ import annotations

import pytest

from analysis.course.exercises import EXERCISES, _expected, check
from analysis.paths import NOTEBOOKS

SOLUTIONS = sorted((NOTEBOOKS / "solutions").glob("*.ipynb"))

WRONG = {  # a plausible mistake for each exercise
    "1.1": 54, "1.2": "bullet", "1.3": 4, "1.4": "Russland",
    "2.1": "Kasachstan", "2.2": 4, "2.3": "Kasachstan",  # first row; rows not occurrences; raw count
    "3.1": 0, "3.2": 17, "3.3": "nicht",  # SentiWS label; neutral count; the negator itself
    "4.1": "diplomacy", "4.2": 23, "4.3": "conflict",  # in both; conflict's count; the largest frame
    "5.1": "kazakhstan", "5.2": -0.45, "5.3": "journalist",  # the topic; evidence_only; registry unchanged
    "6.1": 0.3, "6.2": "negation:nicht",  # SentiWS prior before the rules; the rule on another word
    "7.1": "Tagesblick", "7.2": 1,  # the most positive outlet; weeks instead of months
    "8.1": 1.0, "8.2": "stance",  # the seed coders' α; the highest accuracy, but the majority rate
}


def test_expected_answers_from_the_seed():
    assert _expected("1.1") == 55
    assert _expected("1.2") == "paragraph"  # „Souveränität“ stands once, in sentence 27
    assert _expected("1.3") == 6


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_right_answer_is_accepted(exercise_id, capsys):
    assert check(exercise_id, _expected(exercise_id))
    assert "right" in capsys.readouterr().out


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_wrong_and_missing_answers_get_a_hint(exercise_id, capsys):
    wrong = WRONG.get(exercise_id, "certainly wrong")
    if wrong == _expected(exercise_id):
        wrong = "certainly wrong"
    assert not check(exercise_id, wrong)
    printed = capsys.readouterr().out
    assert "not yet" in printed and "Hint: " in printed
    assert not check(exercise_id, None)
    assert "not answered yet" in capsys.readouterr().out


def test_unknown_exercise_lists_valid_ids():
    with pytest.raises(ValueError, match="valid: 1.1"):
        check("9.9", 1)


@pytest.mark.notebooks
@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_solutions_notebook_passes_every_check(path, tmp_path):
    import papermill

    out = papermill.execute_notebook(str(path), str(tmp_path / path.name), kernel_name="python3",
                                     progress_bar=False, cwd=str(path.parent))
    printed = "".join(o.get("text", "") for c in out.cells if c.cell_type == "code" for o in c.outputs)
    assert printed.count(": right.") >= 1 and "not yet" not in printed and "not answered" not in printed


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_hints_guide_without_giving_the_code(exercise_id):
    """A hint names what to look at, never the call or expression that answers the exercise."""
    import re

    hint = EXERCISES[exercise_id].hint
    assert not re.search(r"[\w.]+\([^)]*[\w'\"]", hint), f"{exercise_id}: a call with arguments in the hint"
    assert not re.search(r"\w\[['\"\d]|==|\.sum\(|\.loc\b", hint), f"{exercise_id}: an expression in the hint"
