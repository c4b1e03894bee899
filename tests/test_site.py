"""The static site: built from the executed notebooks and docs/, opened in a real headless browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis.course.docs import doc_pages
from analysis.course.site import build_site, hide_machine_paths
from analysis.figures import FIGURES
from analysis.paths import BUILD, ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            value = attrs.get(name)
            if value and tag in ("a", "img", "link", "script"):
                self.links.append((tag, value))


@pytest.fixture(scope="module")
def site(executed, tmp_path_factory):
    executed_dir, figures = executed
    out = tmp_path_factory.mktemp("site")
    index = build_site(executed_dir=executed_dir, figures_dir=figures, out_dir=out)
    return index.parent


def test_every_page_is_local_and_its_links_resolve(site):
    pages = sorted(site.glob("*.html"))
    assert [p.name for p in pages][:2] == ["00-index.html", "01-seed-article.html"] and (site / "index.html").exists()
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, link in parser.links:
            if link.startswith(("data:", "#", "mailto:")):
                continue
            if re.match(r"(https?:)?//", link):  # a page may point to the web, but must not need it
                assert tag == "a", f"{page.name} needs the network: {link}"
                continue
            assert (page.parent / link.split("#")[0]).exists(), f"{page.name}: broken link {link}"


def test_the_docs_pages_are_in_the_site_and_linked_from_the_index(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    for page in doc_pages():
        name = page.with_suffix(".html").name
        assert (site / name).exists() and f'href="{name}"' in index, name
    validation = (site / "validation.html").read_text(encoding="utf-8")
    assert "<table>" in validation and "Krippendorff" in validation and 'href="methods.html"' in validation
    gallery = (site / "gallery.html").read_text(encoding="utf-8")
    assert gallery.count('<img src="figures/') == len(FIGURES)


def test_no_page_shows_a_machine_path(site, executed):
    executed_dir, figures = executed
    for page in sorted(site.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        for machine in (str(ROOT), str(executed_dir.parent), str(Path.home())):
            assert machine not in text, f"{page.name} shows {machine}"
    lesson = (site / "01-seed-article.html").read_text(encoding="utf-8")
    assert re.search(r"…/run\d*/figures", lesson)  # the injected out_dir, cut to its last two parts


@pytest.mark.parametrize("text, expected", [
    ('out_dir = "/work/project/figures"', 'out_dir = "figures"'),
    ("corpus_path = '/work/project'", "corpus_path = '.'"),
    ("/tmp/pytest-of-x/run3/figures/top_lemmas.png", "…/figures/top_lemmas.png"),
    ("km/h and 1/2 and https://example.org/home/page stay", "km/h and 1/2 and https://example.org/home/page stay"),
])
def test_hide_machine_paths(text, expected):
    assert hide_machine_paths(text, root="/work/project") == expected


def _browse(url: str, *args: str, profile: Path) -> str:
    result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000",
                             *args, url], capture_output=True, text=True, timeout=120)
    return result.stdout


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("REQUIRE_BROWSER"),
                    reason="chromium not installed (CI installs it)")
def test_pages_render_in_a_headless_browser(site, tmp_path):
    assert CHROMIUM is not None, "REQUIRE_BROWSER is set but chromium is missing"
    for page in sorted(site.glob("*.html")):
        dom = _browse(page.as_uri(), "--dump-dom", profile=tmp_path / "profile")
        body = re.search(r"<body[^>]*>", dom)
        assert body, f"{page.name}: no page rendered"
        tag = body.group()
        assert 'data-broken-images="0"' in tag, f"{page.name}: images failed to load ({tag})"
        length = int(re.search(r'data-text-length="(\d+)"', tag).group(1))
        assert length > 500, f"{page.name}: main content nearly empty ({length} characters)"
    screenshot = BUILD / "site-index.png"
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    _browse((site / "index.html").as_uri(), f"--screenshot={screenshot}", "--window-size=1200,1600",
            profile=tmp_path / "profile")
    assert screenshot.exists() and screenshot.stat().st_size > 10_000


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_make_site_reexecutes_only_stale_notebooks(tmp_path):
    """`make site` runs the notebooks again only when a lesson, the library or its data is newer."""
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for folder in ("notebooks", "analysis", "data", "build/notebooks"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "analysis" / "cli.py").write_text("", encoding="utf-8")
    (tmp_path / "data" / "lexicon.tsv").write_text("", encoding="utf-8")
    (tmp_path / "notebooks" / "01-a.ipynb").write_text("{}", encoding="utf-8")
    executed = tmp_path / "build" / "notebooks" / "01-a.ipynb"
    executed.write_text("{}", encoding="utf-8")
    os.utime(executed, (2_000_000_000, 2_000_000_000))  # newer than every input

    def plan() -> str:
        return subprocess.run(["make", "-n", "site", "STAMP=Makefile", "PY=python"], cwd=tmp_path,
                              capture_output=True, text=True, check=True).stdout

    assert "analysis notebooks" not in plan() and "python -m analysis site" in plan()
    os.utime(tmp_path / "data" / "lexicon.tsv", (2_100_000_000, 2_100_000_000))
    assert "python -m analysis notebooks" in plan()
