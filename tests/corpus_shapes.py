"""Small generated corpora of every shape a researcher may bring (issue 17's test matrix).

Each shape is written into a folder by :func:`write_shape` and returns the path to give to
``make figures CORPUS=…``. The texts are built from fixed German (and, for one shape, English)
sentence templates with a seeded random choice, so every run sees the same corpus. Several shapes
of the issue's list share one corpus where they do not conflict (``SHAPES`` says which ones), so
that the matrix runs six corpora, not eleven.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

__all__ = ["SHAPES", "write_shape", "documents"]

_SUBJECTS = ["Kasachstan", "Die Regierung in Astana", "Der Präsident", "Die EU", "Die Ukraine", "Russland",
             "Das Außenministerium", "Die Opposition"]
_SENTENCES = [
    "{s} kritisiert den Krieg Russlands gegen die Ukraine scharf.",
    "{s} unterstützt die Ukraine mit humanitärer Hilfe und Lieferungen von Medikamenten.",
    "{s} will die Beziehungen zur EU ausbauen und neue Handelswege öffnen.",
    "{s} lehnt Sanktionen gegen Russland ab, weil die Wirtschaft darunter leiden würde.",
    "{s} fordert einen sofortigen Waffenstillstand und Verhandlungen über den Frieden.",
    "Die Preise für Energie und Lebensmittel sind im vergangenen Monat deutlich gestiegen.",
    "Tausende Menschen sind vor den Kämpfen in die Nachbarländer geflohen.",
    "{s} begrüßt die Gespräche in Genf als wichtigen Schritt zur Entspannung.",
    "Die Verhandlungen über ein neues Abkommen mit der EU sind ins Stocken geraten.",
    "Nach dem Angriff auf die Hafenstadt wurden zahlreiche Zivilisten verletzt.",
]
_QUOTES = [
    "„Wir werden unsere Souveränität verteidigen“, sagte der Außenminister am Montag.",
    "Der Botschafter sagte, Kasachstan werde die besetzten Gebiete nicht anerkennen.",
    "„Die Lage ist ernst, aber nicht hoffnungslos“, erklärte die Sprecherin der Regierung.",
]
_ENGLISH = [
    "The government criticised the war against Ukraine in strong terms.",
    "Prices for energy and food rose sharply over the past month.",
    "The European Union announced new sanctions against Russia on Monday.",
    "Thousands of people fled the fighting into neighbouring countries.",
]
_HEADLINES = ["Kasachstan geht auf Abstand zu Moskau", "Neue Sanktionen der EU", "Hilfe für die Ukraine",
              "Streit um Gaslieferungen", "Gespräche in Genf"]
OUTLETS = ["Nordkurier Digital", "Tagesblick", "Rheinpost", "Alpenecho"]
#: The outlet that has a single document in the shapes with outlets.
SINGLE_OUTLET = "Inselbote"


def documents(n: int, *, seed: int = 0, quotes: bool = True, structure: bool = True, english: int = 0,
              sentences: int = 4) -> list[dict]:
    """``n`` documents ``{"id", "text"}``; the last ``english`` of them in English.

    With ``structure`` a document is a headline line, a blank line and two paragraphs (the
    structure rules find a headline and body); without it, one paragraph (every sentence "body").
    """
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        if i >= n - english:
            body = [rng.choice(_ENGLISH) for _ in range(sentences)]
            docs.append({"id": f"en{i:04d}", "text": " ".join(body)})
            continue
        body = [rng.choice(_SENTENCES).format(s=rng.choice(_SUBJECTS)) for _ in range(sentences)]
        if quotes:
            body[rng.randrange(len(body))] = rng.choice(_QUOTES)
        half = len(body) // 2 or 1
        paragraphs = [" ".join(body[:half]), " ".join(body[half:])] if structure else [" ".join(body)]
        text = "\n\n".join([rng.choice(_HEADLINES), *paragraphs] if structure else paragraphs)
        docs.append({"id": f"d{i:04d}", "text": text.strip()})
    return docs


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _with_outlets(docs: list[dict], *, dates: bool) -> list[dict]:
    records = []
    for i, doc in enumerate(docs):
        outlet = SINGLE_OUTLET if i == len(docs) - 1 else OUTLETS[i % len(OUTLETS)]
        record = dict(doc, outlet=outlet)
        if dates:
            record["date"] = f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}"
        records.append(record)
    return records


def _plain(folder: Path) -> Path:
    return _write_jsonl(folder / "plain.jsonl", documents(10, seed=1, quotes=False, structure=False, english=3))


def _outlet_date_many(folder: Path) -> Path:
    return _write_jsonl(folder / "dated.jsonl", _with_outlets(documents(200, seed=4, sentences=3), dates=True))


def _one_sentence(folder: Path) -> Path:
    return _write_jsonl(folder / "one.jsonl", [{"id": "only", "text": "Kasachstan kritisiert den Krieg Russlands gegen die Ukraine."}])


def _leipzig(folder: Path) -> Path:
    path = folder / "deu_news_2022_test-sentences.txt"
    rng = random.Random(5)
    lines = [f"{i}\t{rng.choice(_SENTENCES).format(s=rng.choice(_SUBJECTS))}" for i in range(1, 41)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


#: shape name → (writer, the shapes of issue 17's list that it covers). The shapes that only the
#: comparisons of lesson 07 read differently (+label, +outlet without dates, many outlets) are
#: lesson 07's own matrix in tests/test_lesson_07.py.
SHAPES = {
    "plain": (_plain, ["id+text only", "no quotation", "no article structure", "two languages"]),
    "outlet_date_many": (_outlet_date_many, ["+outlet+date", "many documents (200)",
                                             "an outlet with a single document"]),
    "one_sentence": (_one_sentence, ["one document", "one sentence"]),
    "leipzig": (_leipzig, ["Leipzig one-sentence-per-line documents"]),
}


def write_shape(name: str, folder: str | Path) -> Path:
    """Write the corpus of shape ``name`` into ``folder``; return its path."""
    if name not in SHAPES:
        raise ValueError(f"shape {name!r}; valid: {', '.join(SHAPES)}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return SHAPES[name][0](folder)
