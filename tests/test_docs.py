"""The front door: a short README, documentation pages that follow the code, a citation that agrees
with the package."""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml

from analysis.course.docs import (DOCS, PAGE_ORDER, command_reference, doc_pages, generated_block,
                                  generated_blocks, page_title)
from analysis.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(generated_blocks()))
def test_generated_blocks_are_current(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    assert generated_block(text) == generated_blocks()[name], \
        f"{name} is stale: run `make docs` (python -m analysis.course.docs) and commit"


def test_command_reference_names_every_command_and_option():
    from analysis.cli import build_parser

    reference = command_reference()
    parser = build_parser()
    commands = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction").choices
    assert set(re.findall(r"^## `([\w-]+)`", reference, flags=re.M)) == set(commands) >= {"score", "batch", "site"}
    for name, sub in commands.items():
        section = reference.split(f"## `{name}`")[1].split("\n## ")[0]
        for action in sub._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert f"`{option}`" in section, (name, option)
    assert "| `--method` `METHOD` | " in reference and "`dictionary`" in reference


def test_readme_is_short_and_has_the_front_door_sections():
    assert len(README.splitlines()) <= 250
    headings = re.findall(r"^## (.+)$", README, flags=re.M)
    for needed in ("Set up", "How far each measure can be trusted", "Your own corpus", "Command line in brief",
                   "Cite", "Where everything else is"):
        assert needed in headings, needed
    # the validity table comes before the first third of the page
    assert README.index("| measure (metric) |") < len(README) / 3
    assert "make figures" in README and "make test" in README
    assert len(re.findall(r"!\[[^\]]*\]\(figures/[^)]+\.png\)", README)) == 1  # one figure


def test_every_page_of_the_docs_is_linked_from_the_readme():
    for page in doc_pages():
        assert f"](docs/{page.name})" in README, page.name


def test_relative_links_of_readme_and_docs_resolve():
    # pages that other parts of the project add (named in PAGE_ORDER) may be linked before they exist:
    # the site shows such a link as plain text
    planned = {DOCS / name for name in PAGE_ORDER}
    for document in [ROOT / "README.md", *doc_pages()]:
        text = re.sub(r"```.*?```", "", document.read_text(encoding="utf-8"), flags=re.S)
        for link in re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r'src="([^"]+)"', text):
            if re.match(r"[a-z]+:", link) or link.startswith("#"):
                continue
            target = (document.parent / link.split("#")[0]).resolve()
            assert target.exists() or target in planned, f"{document.name}: broken link {link}"


def test_doc_pages_follow_the_reading_order_and_pick_up_new_pages(tmp_path):
    for name in ("zzz-notes.md", "speed.md", "export.md", "methods.md"):
        (tmp_path / name).write_text(f"# Title of {name}\n\ntext\n", encoding="utf-8")
    assert [p.name for p in doc_pages(tmp_path)] == ["methods.md", "export.md", "speed.md", "zzz-notes.md"]
    assert page_title(tmp_path / "speed.md") == "Title of speed.md"
    assert [p.name for p in doc_pages()][:3] == ["methods.md", "validation.md", "records.md"]


def test_citation_agrees_with_the_package():
    import analysis

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert citation["version"] == project["version"] == analysis.__version__
    assert citation["license"] == "MIT" and re.fullmatch(r"\d{4}-\d\d-\d\d", str(citation["date-released"]))
    assert citation["title"] and citation["abstract"] and citation["authors"]
    assert f"(version {citation['version']})" in README


def test_methods_md_points_to_the_docs():
    text = (ROOT / "METHODS.md").read_text(encoding="utf-8")
    assert "docs/methods.md" in text and "docs/validation.md" in text and len(text.splitlines()) < 20


def test_jupyterlab_lists_each_lesson_once():
    """The file browser's contents manager, with the project's Jupyter config, shows no .py twins."""
    from jupyter_server.services.contents.largefilemanager import LargeFileManager
    from traitlets.config.loader import JSONFileConfigLoader

    config = JSONFileConfigLoader("jupyter_server_config.json", str(ROOT / ".jupyter")).load_config()
    for folder in ("notebooks", "notebooks/solutions"):
        manager = LargeFileManager(root_dir=str(ROOT / folder), config=config)
        names = [entry["name"] for entry in manager.get("")["content"] if entry["type"] != "directory"]
        stems = [name.rsplit(".", 1)[0] for name in names]
        assert names and len(stems) == len(set(stems)), names
        assert all(name.endswith(".ipynb") for name in names if name[:2].isdigit()), names
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert 'JUPYTER_CONFIG_PATH="$(CURDIR)/.jupyter"' in makefile
    assert ".jupyter/jupyter_server_config.json" in (ROOT / "postBuild").read_text(encoding="utf-8")
