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
# # Solutions to the exercises of 06 · Explain this score
# Keep this notebook apart from the lessons when they are used in an exam.

# %%
from analysis import paths
from analysis.corpus import read_corpus
from analysis.course.exercises import check
from analysis.explain import explain_tokens
from analysis.pipeline import prepare
from analysis.score import score_records

# %%
records = {r["sent_id"]: r for r in score_records(prepare(read_corpus(paths.SEED_ARTICLE)))}
tokens = explain_tokens(records[7]).set_index("token")

# %% [markdown]
# **6.1** The weight after the rules: negation flips and damps the positive verb.

# %%
check("6.1", tokens.loc["unterstützt", "weight"])

# %% [markdown]
# **6.2** „engsten“ stands in the background clause opened by „obwohl“.

# %%
check("6.2", tokens.loc["engsten", "rules"])
