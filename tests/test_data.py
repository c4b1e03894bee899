"""Raw data is unchanged and documented; every file under data/ is described in data/README.md."""

from __future__ import annotations

import hashlib
import json
import subprocess

from analysis.paths import DATA, DATA_RAW, ROOT, SEED_MANIFEST


def test_raw_files_match_their_manifest_checksums():
    manifest = json.loads(SEED_MANIFEST.read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        data = (DATA_RAW / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["bytes"]
        assert entry["licence"] and entry["source"] and entry["language"] == "de"


def test_seed_article_checksum_is_the_delivered_one():
    data = (DATA_RAW / "article_de.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == "a1ac76b34ab703a9fc187b52b0b73975ebe681e2348cae017eb6f6497bb88c92"


def test_every_data_file_is_documented():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    tracked = subprocess.run(["git", "ls-files", "data"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    files = [p for p in tracked if p != "data/README.md"] or \
        [str(p.relative_to(ROOT)) for p in DATA.rglob("*") if p.is_file() and p.name != "README.md"]
    missing = [p for p in files if p.removeprefix("data/") not in readme]
    assert missing == []


def test_no_module_writes_to_raw_data():
    # Only the readers touch data/raw, and they only read: no write call names DATA_RAW.
    for path in (ROOT / "analysis").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "DATA_RAW" not in text or path.name == "paths.py", path.name


def test_citation_file_names_the_lexicons_and_methods():
    import yaml

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0" and citation["license"] == "MIT"
    titles = " ".join(r["title"] for r in citation["references"])
    for needle in ("SentiWS", "Polarity Lexicon", "Framing European politics", "Krippendorff",
                   "Statistics of Surprise", "Log Ratio"):
        assert needle in titles, needle


def test_methods_document_covers_every_measure():
    methods = "".join((ROOT / "docs" / name).read_text(encoding="utf-8") for name in ("methods.md", "validation.md"))
    for needle in ("SentiWS", "Polarity Lexicon", "Semetko", "Krippendorff", "G²", "log ratio",
                   "stance", "frame", "bootstrap", "AI coder"):
        assert needle.lower() in methods.lower(), needle


def test_validation_page_sentiment_table_matches_the_frozen_sample_metrics():
    import re

    import pandas as pd

    page = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    metrics = pd.read_csv(ROOT / "data" / "validation" / "sentiment_gnad.csv").query("weights == 'project'")
    for sample, label in (("international_wirtschaft", "10kGNAD International + Wirtschaft (**frozen**)"),
                          ("all", "10kGNAD all (**frozen**)")):
        rest = page.split(f"| {label} |")[1].splitlines()
        block = [f"| {label} |" + rest[0], *rest[1:3]]
        for line, measure in zip(block, ("accuracy", "macro_f1", "alpha")):
            cells = [c.strip() for c in line.split("|")]
            numbers = [float(re.match(r"-?[\d.]+", c).group()) for c in cells[4:7]]
            expected = metrics[metrics["sample"] == sample].set_index("lexicon").loc[
                ["sentiws", "gpl", "combined"], measure].round(2).tolist()
            assert numbers == expected, (label, measure)
