"""environment.yml (conda-forge, Binder) agrees with pyproject.toml; the lock pins everything."""

from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement

from analysis.paths import ROOT


def _pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # environment.yml (Binder, conda) holds everything: the core, every extra and the test tools
    reqs = [Requirement(r) for r in project["dependencies"]
            + [r for extra in project["optional-dependencies"].values() for r in extra]]
    specs = {r.name.lower(): str(r.specifier) for r in reqs}
    # conda-forge ships an extra such as dask[distributed] as its own package with the same bounds
    specs.update({extra.lower(): str(r.specifier) for r in reqs for extra in r.extras})
    return specs


def _environment():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    specs, python = {}, None
    for item in env["dependencies"]:
        entries = item["pip"] if isinstance(item, dict) else [item]
        for entry in entries:
            if entry.startswith("python="):
                python = entry.split("=", 1)[1]
                continue
            if entry == "pip":
                continue
            req = Requirement(entry)
            specs[req.name.lower()] = str(req.specifier)
    return specs, python


def test_environment_yml_agrees_with_pyproject():
    specs, python = _environment()
    assert python == "3.11"
    assert specs == _pyproject()


def test_lock_pins_every_dependency_exactly():
    lock = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            lock[re.sub(r"[-_.]+", "-", name.lower())] = version
    for name, spec in _pyproject().items():
        key = re.sub(r"[-_.]+", "-", name)
        assert key in lock, f"{name} is not in requirements.lock"
        assert Requirement(f"{name}{spec}").specifier.contains(lock[key]), f"{name}=={lock[key]} outside {spec}"


def test_core_needs_neither_jupyter_nor_dask():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {Requirement(r).name.lower() for r in project["dependencies"]}
    assert not core & {"jupyterlab", "papermill", "jupytext", "nbclient", "ipykernel", "dask"}
    assert set(project["optional-dependencies"]) == {"notebooks", "dask", "test"}


def test_postbuild_installs_the_package():
    text = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert "pip install --no-deps -e ." in text


def test_binder_link_opens_the_index_notebook_of_the_citation_repository():
    from analysis.course.docs import binder_markdown, repository_address

    link = re.search(r"https://mybinder\.org/v2/gh/([^)\s]+)", binder_markdown("https://github.com/owner/repo"))
    assert link and link.group(1) == "owner/repo/HEAD?labpath=notebooks%2F00-index.ipynb"
    assert (ROOT / "notebooks" / "00-index.ipynb").exists()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert binder_markdown(repository_address()) in readme  # the README follows CITATION.cff
    if repository_address() is None:  # no address set yet: the README says where to set it
        assert "mybinder.org/v2/gh/OWNER" not in readme and "`repository-code` in `CITATION.cff`" in readme


def test_every_readme_image_link_resolves():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme) + re.findall(r'<img src="([^"]+)"', readme)
    images += [link for link in re.findall(r"\]\((figures/[^)]+)\)", readme)]
    assert images, "the README shows a figure"
    missing = [i for i in images if not (ROOT / i).exists()]
    assert missing == []
