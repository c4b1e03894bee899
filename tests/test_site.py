"""The static site: built from the executed notebooks, opened in a real headless browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis.paths import BUILD
from analysis.course.site import build_site

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
                self.links.append(value)


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
        for link in parser.links:
            if link.startswith(("data:", "#", "mailto:")):
                continue
            assert not re.match(r"(https?:)?//", link), f"{page.name} needs the network: {link}"
            assert (page.parent / link.split("#")[0]).exists(), f"{page.name}: broken link {link}"


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
