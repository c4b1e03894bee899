# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Solutions to the exercises of 05 · Actors, quotations and stance
# Keep this notebook apart from the lessons when they are used in an exam.

# %%
import tempfile
from pathlib import Path

import pandas as pd
import yaml

from analysis import paths
from analysis.actors import load_registry
from analysis.corpus import read_corpus
from analysis.course.exercises import check
from analysis.pipeline import prepare
from analysis.stance import holder_target_matrix, record_fields, stance_table

# %%
prepared = prepare(read_corpus(paths.SEED_ARTICLE))
registry_path = paths.ACTORS / "registry.yaml"
fields = record_fields(prepared, registry=load_registry(registry_path))
table = stance_table(fields, prepared.sentences)

# %% [markdown]
# **5.1** The quotes of sentence 24 with their speakers (target ids).

# %%
quotes = pd.DataFrame([dict(q, sent_id=s) for (_, s), r in fields.items() for q in r["quotes"]])
in_24 = quotes[(quotes["sent_id"] == 24) & (quotes["type"] != "distancing")]
in_24

# %%
check("5.1", in_24["speaker"].iloc[0])

# %% [markdown]
# **5.2** The holder × target matrix over all sentences (no `evidence_only`).

# %%
matrix = holder_target_matrix(table, seed=20221124)
row = matrix[(matrix["holder"] == "kazakhstan") & (matrix["target"] == "russia")]
row

# %%
check("5.2", round(row["mean"].item(), 2))

# %% [markdown]
# **5.3** A copy of the registry with the new target; the project's file stays as it is.

# %%
data = yaml.safe_load(registry_path.read_text(encoding="utf-8"))
data["targets"]["west"] = {"names": ["Westen", "westlich*"]}
with tempfile.TemporaryDirectory() as folder:
    copy = Path(folder) / "registry.yaml"
    copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    registry_with_west = load_registry(copy)
with_west = stance_table(record_fields(prepared, registry=registry_with_west), prepared.sentences)
with_west[with_west["sent_id"] == 41][["target", "label", "holder", "evidence"]]

# %%
check("5.3", with_west.loc[(with_west["sent_id"] == 41) & (with_west["target"] == "russia"), "holder"].item())
