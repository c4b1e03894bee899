"""The package without the source tree: a wheel carries the instruments and scores the seed article.

Builds a wheel from a copy of the sources (``pip wheel --no-deps``), installs it into a fresh
virtual environment that sees the project environment's dependencies but not the source tree
(a ``.pth`` line to the project venv's site-packages: its editable hook is not run there), and
runs ``python -m analysis score`` from an empty folder. About 15 s.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from analysis.paths import ROOT, SEED_ARTICLE
from analysis.score import score_records

_SOURCES = ("analysis", "pyproject.toml", "README.md", "LICENSE")


def _wheel(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    for name in _SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path / "dist"),
                    str(source)], check=True, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("analysis-*.whl")
    return wheel


def _environment(tmp_path: Path, wheel: Path) -> Path:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target",
                    str(site), str(wheel)], check=True, capture_output=True)
    (site / "project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python


def test_wheel_scores_the_seed_article_without_the_source_tree(tmp_path, seed):
    wheel = _wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    for instrument in ("lexicons/stance_cues.tsv", "lexicons/sentiment_corrections.tsv", "lexicons/aliases.tsv",
                       "codebooks/frames_de.yaml", "actors/registry.yaml"):
        assert f"analysis/resources/{instrument}" in names, instrument
    python = _environment(tmp_path, wheel)
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy2(SEED_ARTICLE, work / "article.txt")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run([str(python), "-c", "import analysis; print(analysis.__file__)"], cwd=work, env=env,
                           check=True, capture_output=True, text=True).stdout
    assert str(tmp_path / "venv") in where and str(ROOT) not in where
    subprocess.run([str(python), "-m", "analysis", "score", "article.txt", "-o", "out.jsonl", "--method", "dictionary"],
                   cwd=work, env=env, check=True, capture_output=True)
    records = [json.loads(line) for line in (work / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = json.loads(json.dumps(score_records(seed), ensure_ascii=False))
    assert [r["sentiment"] for r in records] == [r["sentiment"] for r in expected]
    assert [r["stance"] for r in records] == [r["stance"] for r in expected]
    assert [r["frames"] for r in records] == [r["frames"] for r in expected]
    # the default method: the learned measures, their heads and the encoder found in the wheel's package
    env["ANALYSIS_CACHE"] = str(tmp_path / "cache")
    subprocess.run([str(python), "-m", "analysis", "score", "article.txt", "-o", "learned.jsonl"], cwd=work, env=env,
                   check=True, capture_output=True)
    learned = [json.loads(line) for line in (work / "learned.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(learned) == 55 and {r["sentiment"]["method"] for r in learned} == {"learned"}
