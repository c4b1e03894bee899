"""A static HTML version of the executed notebooks, readable offline (``make site``).

nbconvert's ``lab`` template inlines its stylesheets; the few references it makes to a CDN
(MathJax, require.js) are dropped, so every page shows its content without the network. Figures
are embedded in the notebooks' outputs; the index page links each lesson and shows the figure
gallery from local copies. Cells tagged ``solution`` are left out (the exercises' answers live in
the solutions notebook). Each page carries a small self-check script that records, once the page
has loaded, how many of its images failed to load (``data-broken-images`` on ``<body>``); the
browser test reads it.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import nbformat

from ..figures import FIGURES
from ..paths import BUILD
from ..paths import FIGURES as FIGURES_DIR
from ..report import atomic_write

__all__ = ["SELF_CHECK", "build_site"]

#: Marks the page with the number of images that failed to load, for the browser test.
SELF_CHECK = (
    "<script>window.addEventListener('load', function () {"
    "var bad = Array.prototype.filter.call(document.images, function (i) {"
    "return !i.complete || i.naturalWidth === 0; });"
    "document.body.setAttribute('data-broken-images', String(bad.length));"
    "document.body.setAttribute('data-text-length', String(document.body.innerText.trim().length));"
    "});</script>"
)
_REMOTE = re.compile(r"<script[^>]*\ssrc=\"(?:https?:)?//[^\"]*\"[^>]*>\s*</script>|"
                     r"<link[^>]*\shref=\"(?:https?:)?//[^\"]*\"[^>]*/?>|"
                     r"<script[^>]*>(?:(?!</script>).)*?import[^;]*?[\"'](?:https?:)?//(?:(?!</script>).)*</script>",
                     re.IGNORECASE | re.DOTALL)
_PAGE_STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #111; line-height: 1.5; }
h1 { font-size: 1.8rem; } h2 { margin-top: 2rem; }
ol.lessons li { margin: 0.8rem 0; } .question { color: #333; }
.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 1rem; }
.gallery figure { margin: 0; border: 1px solid #ddd; padding: 0.5rem; }
.gallery img { width: 100%; height: auto; } figcaption { font-size: 0.85rem; }
"""


def _title_and_question(notebook) -> tuple[str, str]:
    """The first heading and the first paragraph after it (the lesson's question)."""
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.strip().splitlines()
        if lines and lines[0].startswith("#"):
            title = lines[0].lstrip("#").strip()
            rest = " ".join(line.strip() for line in lines[1:] if line.strip())
            return title, re.sub(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)", "", rest)  # markdown emphasis
    return "Untitled", ""


def _notebook_page(path: Path) -> tuple[str, str, str]:
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.mathjax_url = ""
    config.HTMLExporter.require_js_url = ""
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.TagRemovePreprocessor.remove_cell_tags = {"solution"}
    config.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(template_name="lab", config=config)
    notebook = nbformat.read(path, as_version=4)
    body, _ = exporter.from_notebook_node(notebook)
    body = _REMOTE.sub("", body)
    back = '<p><a href="index.html">← all lessons</a></p>'
    body = body.replace("<body", "<body data-broken-images=\"pending\"", 1)
    body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + back, body, count=1)
    body = body.replace("</body>", SELF_CHECK + "</body>", 1)
    title, question = _title_and_question(notebook)
    return body, title, question


def build_site(
    *,
    executed_dir: str | Path = BUILD / "notebooks",
    figures_dir: str | Path = FIGURES_DIR,
    out_dir: str | Path = BUILD / "site",
) -> Path:
    """Write ``index.html`` and one page per executed notebook into ``out_dir``; return the index.

    Raises
    ------
    FileNotFoundError
        No executed notebooks (run ``make figures`` first).
    """
    executed_dir, figures_dir, out_dir = Path(executed_dir), Path(figures_dir), Path(out_dir)
    notebooks = sorted(executed_dir.glob("[0-9][0-9]-*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no executed notebooks in {executed_dir}; run `make figures` first")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    (out_dir / "figures").mkdir(parents=True)
    lessons = []
    for path in notebooks:
        page, title, question = _notebook_page(path)
        name = path.with_suffix(".html").name
        atomic_write(out_dir / name, lambda tmp, page=page: tmp.write_text(page, encoding="utf-8"))
        lessons.append((name, title, question))
    gallery = []
    for figure_id, spec in FIGURES.items():
        png = figures_dir / f"{figure_id}.png"
        if png.exists():
            shutil.copyfile(png, out_dir / "figures" / png.name)
            gallery.append((png.name, spec.caption, spec.notebook))
    items = "\n".join(
        f'<li><a href="{html.escape(name)}">{html.escape(title)}</a>'
        f'<div class="question">{html.escape(question)}</div></li>' for name, title, question in lessons)
    figures = "\n".join(
        f'<figure><img src="figures/{html.escape(png)}" alt="{html.escape(caption)}">'
        f'<figcaption>{html.escape(caption)} <em>({html.escape(notebook)})</em></figcaption></figure>'
        for png, caption, notebook in gallery)
    index = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>German news analysis: the course</title>
<style>{_PAGE_STYLE}</style></head>
<body data-broken-images="pending">
<main>
<h1>German news analysis: the course</h1>
<p>The executed notebooks of this project, readable without installing anything. Work through the
lessons in order; each starts with its question and ends with what we found and exercises.</p>
<h2>Lessons</h2>
<ol class="lessons">
{items}
</ol>
<h2>Figures</h2>
<div class="gallery">
{figures}
</div>
</main>
{SELF_CHECK}
</body></html>
"""
    return atomic_write(out_dir / "index.html", lambda tmp: tmp.write_text(index, encoding="utf-8"))
