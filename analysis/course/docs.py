"""The documentation pages in ``docs/``: their order, and the parts generated from the code.

Three files hold a block generated from the code, between ``<!-- generated:start -->`` and
``<!-- generated:end -->``: ``docs/commands.md`` (every command and option, from the argparse
parser of :mod:`analysis.cli`), ``docs/gallery.md`` (every figure, from
:func:`analysis.figures.gallery_markdown`) and ``README.md`` (the Binder link, from the
``repository-code`` of ``CITATION.cff``, the one place the repository's address is set). ``tests/test_docs.py`` fails when a block is stale;
``python -m analysis.course.docs`` rewrites them. Any other ``docs/*.md`` (pages added later,
such as ``export.md`` or ``input-policy.md``) is picked up by :func:`doc_pages` and the site.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from ..paths import ROOT
from ..report import atomic_write

__all__ = ["DOCS", "PAGE_ORDER", "doc_pages", "page_title", "command_reference", "gallery_page",
           "generated_blocks", "generated_block", "update_docs",
           "repository_address", "binder_markdown"]

DOCS = ROOT / "docs"

#: The reading order of the pages; pages not listed follow, by name.
PAGE_ORDER = ("methods.md", "validation.md", "records.md", "export.md", "commands.md", "input-policy.md",
              "speed.md", "gallery.md")

_START, _END = "<!-- generated:start -->\n", "\n<!-- generated:end -->"


def doc_pages(folder: str | Path = DOCS) -> list[Path]:
    """Every ``*.md`` page of ``folder``: those of :data:`PAGE_ORDER` first, in that order, then the rest."""
    pages = {p.name: p for p in Path(folder).glob("*.md")}
    ordered = [pages.pop(name) for name in PAGE_ORDER if name in pages]
    return ordered + [pages[name] for name in sorted(pages)]


def page_title(path: str | Path) -> str:
    """The first ``# heading`` of a Markdown page (the file name when there is none)."""
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return Path(path).stem


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _option_row(action: argparse.Action) -> str:
    if action.option_strings:
        names = ", ".join(f"`{s}`" for s in action.option_strings)
        if action.nargs != 0:
            names += f" `{action.metavar or action.dest.upper()}`" + (" …" if action.nargs in ("+", "*") else "")
    else:
        names = f"`{action.metavar or action.dest.upper()}`"
    details = []
    if action.choices:
        details.append("one of " + ", ".join(f"`{c}`" for c in action.choices))
    if action.required and action.option_strings:
        details.append("required")
    elif action.default not in (None, argparse.SUPPRESS) and action.nargs != 0 and "default" not in (action.help or ""):
        details.append(f"default `{action.default}`")
    help_text = _cell(action.help or "") + (f" ({'; '.join(details)})" if details else "")
    return f"| {names} | {help_text} |"


def command_reference(parser: argparse.ArgumentParser | None = None) -> str:
    """Every command of ``python -m analysis`` with its usage and a table of its arguments."""
    if parser is None:
        from ..cli import build_parser

        parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {a.dest: a.help for a in commands._choices_actions}
    parts = []
    for name, sub in commands.choices.items():
        usage = " ".join(sub.format_usage().replace("usage: ", "", 1).split())
        parts += [f"## `{name}`", "", _cell(sub.description or helps.get(name, "")), "",
                  "```", usage, "```", "", "| argument | meaning |", "|---|---|"]
        parts += [_option_row(a) for a in sub._actions if not isinstance(a, argparse._HelpAction)]
        parts.append("")
    return "\n".join(parts).rstrip()


def gallery_page() -> str:
    """:func:`analysis.figures.gallery_markdown`, with its links relative to ``docs/``."""
    from ..figures import gallery_markdown

    return gallery_markdown(folder="../figures")


def repository_address(citation: str | Path = ROOT / "CITATION.cff") -> str | None:
    """The ``repository-code`` of ``CITATION.cff``: the one place the repository's address is set."""
    import yaml

    return yaml.safe_load(Path(citation).read_text(encoding="utf-8")).get("repository-code")


def binder_markdown(repository: str | None) -> str:
    """The README's Binder line for a GitHub address (or how to get one, without an address)."""
    match = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?/?", repository or "")
    if not match:
        return ("On Binder (nothing to install): set `repository-code` in `CITATION.cff` to the project's "
                "GitHub address and run\n`python -m analysis.course.docs`; the launch link then appears here "
                "(Binder reads `environment.yml` and runs `postBuild`).")
    return (f"On Binder (nothing to install): [launch the course](https://mybinder.org/v2/gh/{match.group(1)}"
            f"/HEAD?labpath=notebooks%2F00-index.ipynb) (Binder reads `environment.yml` and runs `postBuild`).")


def generated_blocks() -> dict[str, str]:
    """File (relative to the project root) → the text its generated block must hold."""
    return {"docs/commands.md": command_reference(), "docs/gallery.md": gallery_page(),
            "README.md": binder_markdown(repository_address())}


def generated_block(text: str) -> str:
    return text.split(_START, 1)[1].split(_END, 1)[0]


def update_docs(root: str | Path = ROOT) -> list[Path]:
    """Rewrite every stale generated block under ``root``; return the files changed."""
    changed = []
    for name, block in generated_blocks().items():
        path = Path(root) / name
        text = path.read_text(encoding="utf-8")
        if generated_block(text) != block:
            before, after = text.split(_START, 1)[0], text.split(_END, 1)[1]
            new = before + _START + block + _END + after
            atomic_write(path, lambda tmp, new=new: tmp.write_text(new, encoding="utf-8"))
            changed.append(path)
    return changed


if __name__ == "__main__":
    for page in update_docs():
        print(f"updated {page.relative_to(ROOT)}")
