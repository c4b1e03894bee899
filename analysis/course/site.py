"""A static HTML version of the executed notebooks and the documentation, readable offline (``make site``).

nbconvert's ``lab`` template inlines its stylesheets; the few references it makes to a CDN
(MathJax, require.js) are dropped, so every page shows its content without the network. Figures
are embedded in the notebooks' outputs; the documentation pages (``docs/*.md``, in the order of
:func:`analysis.course.docs.doc_pages`, so a page added later is picked up) are rendered with
nbconvert's own Markdown renderer, their figures copied next to them. Links from a page to a file
outside the site (the library's sources, a page not written yet) are shown as plain text.

Machine paths are left out: the parameters papermill injects (``corpus_path``, ``out_dir``) and
any path printed by a cell are shown relative to the project (``figures``) or, outside it, by
their last two parts (``…/run/figures``). Cells tagged ``solution`` are left out (the exercises'
answers live in the solutions notebook). Each page carries a small self-check script that
records, once the page has loaded, how many of its images failed to load
(``data-broken-images`` on ``<body>``); the browser test reads it.
"""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from pathlib import Path

import nbformat

from ..paths import BUILD, ROOT
from ..paths import FIGURES as FIGURES_DIR
from ..report import atomic_write
from .docs import DOCS, doc_pages, page_title
from .notebooks import course_outline

__all__ = ["SELF_CHECK", "build_site", "hide_machine_paths"]

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
ol.lessons li, ul.docs li { margin: 0.7rem 0; } .question { color: #333; } .time { color: #666; font-size: 0.9rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; vertical-align: top; text-align: left; }
pre { background: #f5f5f5; padding: 0.6rem; overflow-x: auto; } code { font-size: 0.9em; }
td img { max-width: 14rem; height: auto; } a.anchor-link { display: none; }
"""
#: Top folders under which a machine keeps checkouts, temporary files and homes.
_MACHINE_TOPS = ("tmp", "var", "private", "home", "Users", "root", "work", "mnt", "srv", "opt", "scratch")


def _machine_path_pattern(root: Path) -> re.Pattern:
    """Absolute paths of a machine, as a cell prints them or papermill injects them.

    Besides the usual top folders, the top folders of this checkout, of the home folder and of the
    temporary folder count too, wherever they are (a clone under ``/check/…`` or ``/builds/…``).
    """
    tops = set(_MACHINE_TOPS)
    for where in (root, Path.home(), Path(tempfile.gettempdir())):
        parts = Path(where).parts
        if len(parts) > 1:
            tops.add(parts[1])
    alternatives = "|".join(sorted(map(re.escape, tops)))
    return re.compile(rf"(?<![\w.~/:])/(?:{alternatives})(?:/[\w.+@-]+)+")


def _title_and_question(notebook) -> tuple[str, str]:
    """The first heading and the first paragraph after it (the lesson's question)."""
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.strip().splitlines()
        if lines and lines[0].startswith("#"):
            title = lines[0].lstrip("#").strip()
            rest = " ".join(line.strip() for line in lines[1:] if line.strip())
            return title, _plain(rest)
    return "Untitled", ""


def hide_machine_paths(text: str, *, root: str | Path = ROOT) -> str:
    """``text`` with absolute paths made relative to ``root``, or cut to their last two parts.

    >>> hide_machine_paths('out_dir = "/work/project/figures"', root="/work/project")
    'out_dir = "figures"'
    >>> hide_machine_paths("written to /tmp/pytest-7/run/figures/top.png", root="/work/project")
    'written to …/figures/top.png'
    >>> hide_machine_paths("read /check/ci/main/data/raw/a.txt", root="/check/ci/main")
    'read data/raw/a.txt'
    """
    root = Path(root)

    def relative(match: re.Match) -> str:
        path = Path(match.group())
        if path == root:
            return "."
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
        return "…/" + "/".join(path.parts[-2:])

    return _machine_path_pattern(root).sub(relative, text)


def _without_machine_paths(notebook):
    """The notebook with :func:`hide_machine_paths` applied to every cell's source and text outputs."""
    for cell in notebook.cells:
        cell.source = hide_machine_paths(cell.source)
        for output in cell.get("outputs", []):
            if "text" in output:
                output.text = hide_machine_paths(output.text)
            for kind in ("text/plain", "text/html", "text/markdown"):
                if kind in output.get("data", {}):
                    output.data[kind] = hide_machine_paths(output.data[kind])
    return notebook


def _plain(text: str) -> str:
    return re.sub(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)", "", text)  # markdown emphasis


_LINK = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)


def _doc_page(path: Path, pages: set[str]) -> str:
    """One documentation page as HTML: links to other pages point to their ``.html``, figures to ``figures/``."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    body = markdown2html_mistune(hide_machine_paths(path.read_text(encoding="utf-8")))
    body = re.sub(r'(src|href)="\.\./figures/', r'\1="figures/', body)

    def link(match: re.Match) -> str:
        href, rest, text = match.groups()
        target, _, anchor = href.partition("#")
        if not target or re.match(r"[a-z]+:", href) or target.startswith("figures/"):
            return match.group()
        if target.endswith(".md") and "/" not in target and target in pages:
            return f'<a href="{target[:-3]}.html{"#" + anchor if anchor else ""}"{rest}>{text}</a>'
        return text  # a file outside the site: the name stays readable, the link goes

    body = _LINK.sub(link, body)
    title = page_title(path).replace("`", "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>{_PAGE_STYLE}</style></head>
<body data-broken-images="pending">
<p><a href="index.html">← the course and its documentation</a></p>
<main>
{body}
</main>
{SELF_CHECK}
</body></html>
"""


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
    notebook = _without_machine_paths(nbformat.read(path, as_version=4))
    body, _ = exporter.from_notebook_node(notebook)
    body = _REMOTE.sub("", body)
    back = '<p><a href="index.html">← the course and its documentation</a></p>'
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
    docs_dir: str | Path = DOCS,
) -> Path:
    """Write ``index.html``, one page per executed notebook and one per documentation page into ``out_dir``.

    Returns the index page.

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
    for figure in sorted(figures_dir.iterdir()):
        if figure.suffix in (".png", ".pdf", ".svg", ".csv", ".tex"):
            shutil.copyfile(figure, out_dir / "figures" / figure.name)
    outline = course_outline(executed_dir).set_index("notebook")
    lessons = []
    for path in notebooks:
        page, title, question = _notebook_page(path)
        name = path.with_suffix(".html").name
        atomic_write(out_dir / name, lambda tmp, page=page: tmp.write_text(page, encoding="utf-8"))
        # the index shows the lesson's question (its first sentence) and its time, not a whole paragraph
        question = _plain(outline.loc[path.name, "question"]) or question
        question = re.split(r"(?<=[?.!])\s+(?=[A-ZÄÖÜ])", re.sub(r"^Question\.?\s*", "", question))[0]
        lessons.append((name, title, question, outline.loc[path.name, "time"].rstrip(".")))
    pages = doc_pages(docs_dir)
    docs = []
    for path in pages:
        page = _doc_page(path, {p.name for p in pages})
        name = path.with_suffix(".html").name
        atomic_write(out_dir / name, lambda tmp, page=page: tmp.write_text(page, encoding="utf-8"))
        docs.append((name, page_title(path).replace("`", "")))
    items = "\n".join(
        f'<li><a href="{html.escape(name)}">{html.escape(title)}</a>'
        + (f' <span class="time">({html.escape(time)})</span>' if time else "")
        + f'<div class="question">{html.escape(question)}</div></li>' for name, title, question, time in lessons)
    doc_items = "\n".join(f'<li><a href="{html.escape(name)}">{html.escape(title)}</a></li>' for name, title in docs)
    index = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>German news analysis: the course</title>
<style>{_PAGE_STYLE}</style></head>
<body data-broken-images="pending">
<main>
<h1>German news analysis: the course</h1>
<p>The executed lessons of this project and its documentation, readable without installing
anything. Work through the lessons in order: each starts with its question and ends with what we
found and exercises.</p>
<h2>Lessons</h2>
<ol class="lessons">
{items}
</ol>
<h2>Documentation</h2>
<ul class="docs">
{doc_items}
</ul>
</main>
{SELF_CHECK}
</body></html>
"""
    return atomic_write(out_dir / "index.html", lambda tmp: tmp.write_text(index, encoding="utf-8"))
