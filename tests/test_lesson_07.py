"""Lesson 07 end to end on small generated corpora of every shape a researcher may bring (issue 17).

Each corpus runs the lesson once in a fresh kernel (papermill), with the lesson's parameters as
``make figures GROUP=… PERIOD=… TARGETS=…`` sets them. The tests check that the figures are about
the generated corpus (its groups in the figure tables) and that a figure the corpus cannot have is
skipped with a note saying why.
"""

from __future__ import annotations

import json
import random

import nbformat
import pandas as pd
import pytest

from analysis.paths import NOTEBOOKS

pytestmark = pytest.mark.notebooks

LESSON = NOTEBOOKS / "07-comparing-coverage.ipynb"
BY_GROUP = ("sentiment_by_group", "frames_by_group", "stance_by_group")
OVER_TIME = ("sentiment_over_time", "frames_over_time", "stance_over_time")

_SUBJECTS = ["Die EU", "Die Regierung in Kiew", "Russland", "Die Ukraine", "Der Kanzler", "Die Opposition"]
_GERMAN = [
    "{s} kritisiert den Angriff Russlands auf die Ukraine scharf.",
    "{s} unterstützt die Ukraine mit Hilfe und Medikamenten.",
    "{s} lehnt neue Sanktionen gegen Russland ab.",
    "Die Preise für Gas und Strom sind deutlich gestiegen.",
    "Tausende Menschen fliehen vor den Kämpfen in die Nachbarländer.",
    "{s} begrüßt die Gespräche über einen Waffenstillstand.",
    "Die EU verhandelt über ein neues Abkommen mit der Ukraine.",
]
_ENGLISH = ["The European Union announced new sanctions against Russia.", "Prices for energy rose sharply."]


def _documents(n, *, seed, sentences=3, english=0):
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        pool = _ENGLISH if i >= n - english else _GERMAN
        text = " ".join(rng.choice(pool).format(s=rng.choice(_SUBJECTS)) for _ in range(sentences))
        docs.append({"id": f"d{i:03d}", "text": text})
    return docs


_BLATT = [f"Blatt {chr(ord('A') + k)}" for k in range(13)]
_THREE = ["Nordkurier", "Tagesblick", "Alpenecho"]


def _many_outlets(n=250):
    """250 documents from 14 outlets over 2022 (one outlet, „Inselbote“, with a single document)."""
    return [dict(doc, outlet="Inselbote" if i == n - 1 else _BLATT[i % 13],
                 date=f"2022-{1 + i % 12:02d}-{1 + (i // 12) % 28:02d}") for i, doc in enumerate(_documents(n, seed=4))]


#: shape → (documents, lesson parameters, the groups the figures must show, or None when none can be drawn)
SHAPES = {
    "id_text": (lambda: _documents(6, seed=1), {}, None),
    "one_sentence": (lambda: [{"id": "nur", "text": "Die EU kritisiert Russland scharf."}], {}, None),
    "label_two_languages": (
        lambda: [dict(d, label="pro" if i % 2 else "contra", date=f"{2021 + i % 2}-03-0{1 + i % 5}",
                      language="en" if d["text"].startswith(("The", "Prices")) else "de")
                 for i, d in enumerate(_documents(10, seed=2, english=2))],
        {"group": "label", "period": "year"}, {"pro", "contra"}),
    "outlet_no_dates": (
        lambda: [dict(d, outlet=_THREE[i % 3]) for i, d in enumerate(_documents(9, seed=3))],
        {"targets": ["russia", "ukraine"]}, set(_THREE)),
    "many_outlets_dated": (_many_outlets, {"period": "week"}, {*_BLATT, "Inselbote"}),
}


def _notes(executed):
    """The lines of the lesson's output that start with ``Note:``."""
    streams = [output["text"] for cell in executed.cells if cell.cell_type == "code"
               for output in cell.get("outputs", []) if output.get("output_type") == "stream"]
    return [line for text in streams for line in text.splitlines() if line.startswith("Note:")]


@pytest.fixture(scope="module", params=list(SHAPES))
def lesson_run(request, tmp_path_factory):
    """Lesson 07 executed once on one shape: (shape, parameters, OUT, notes printed)."""
    import papermill

    shape = request.param
    make, parameters, _ = SHAPES[shape]
    root = tmp_path_factory.mktemp(shape)
    corpus = root / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in make()), encoding="utf-8")
    out = root / "results"
    executed = root / "07.ipynb"
    papermill.execute_notebook(str(LESSON), str(executed), kernel_name="python3", progress_bar=False,
                               cwd=str(NOTEBOOKS), parameters={"corpus_path": str(corpus), "out_dir": str(out),
                                                               **parameters})
    return shape, parameters, out, _notes(nbformat.read(executed, as_version=4))


def test_figures_show_the_corpus_groups_or_say_why_not(lesson_run):
    shape, parameters, out, notes = lesson_run
    groups = SHAPES[shape][2]
    group = parameters.get("group", "outlet")
    if groups is None:
        assert not out.exists() or not list(out.glob("*.png")), f"{shape}: a figure was drawn without groups or dates"
        for figure_id in BY_GROUP + OVER_TIME:
            assert any(n.startswith(f"Note: {figure_id} is not drawn: ") for n in notes), figure_id
        return
    for figure_id in ("sentiment_by_group", "frames_by_group"):
        assert set(pd.read_csv(out / f"{figure_id}.csv")[group].astype(str)) == groups, figure_id
    stance = pd.read_csv(out / "stance_by_group.csv")
    assert set(stance[group].astype(str)) <= groups and len(set(stance[group])) >= 2
    assert set(stance["target"]) <= set(parameters.get("targets", ["russia", "eu", "ukraine"]))
    assert all((out / f"{figure_id}.{ext}").exists() for figure_id in BY_GROUP for ext in ("png", "pdf", "svg", "tex"))
    if shape == "many_outlets_dated":  # „Inselbote“ has a single document: no interval, a hollow dot
        tone = pd.read_csv(out / "sentiment_by_group.csv").set_index("outlet")
        assert tone.loc["Inselbote", "n_clusters"] == 1 and not tone.loc["Inselbote", "ci_width_defined"]
        assert tone.drop(index="Inselbote")["ci_width_defined"].all()


def test_over_time_figures_need_dates(lesson_run):
    shape, parameters, out, notes = lesson_run
    dated = shape in ("label_two_languages", "many_outlets_dated")
    for figure_id in OVER_TIME:
        assert (out / f"{figure_id}.png").exists() == dated, f"{shape}: {figure_id}"
        note = f"Note: {figure_id} is not drawn: no document has a date."
        assert (note in notes) == (shape in ("id_text", "outlet_no_dates", "one_sentence")), f"{shape}: {notes}"
    if dated:
        periods = pd.to_datetime(pd.read_csv(out / "stance_over_time.csv")["period"])
        if parameters.get("period") == "week":
            assert (periods.dt.day_of_week == 0).all() and periods.nunique() > 12  # Mondays, many weeks
        else:
            assert sorted(periods.dt.strftime("%Y-%m-%d").unique()) == ["2021-01-01", "2022-01-01"]
    if shape == "many_outlets_dated":  # small multiples: one panel per outlet
        assert set(pd.read_csv(out / "sentiment_over_time.csv")["outlet"]) == SHAPES[shape][2]


def test_missing_group_column_is_named_with_the_columns_that_could_group(lesson_run):
    shape, _, _, notes = lesson_run
    if shape == "id_text":
        assert "Note: sentiment_by_group is not drawn: no document has a value in column 'outlet'." in notes
    if shape == "one_sentence":
        assert "Note: stance_by_group is not drawn: no document has a value in column 'outlet'." in notes
