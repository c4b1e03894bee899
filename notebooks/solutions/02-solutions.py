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
# # Solutions to the exercises of 02 · Terms
# Keep this notebook apart from the lessons when they are used in an exam.

# %%
from analysis import paths
from analysis.compounds import find_compounds
from analysis.corpus import read_corpus
from analysis.course.exercises import check
from analysis.keyness import general_german, keyness, tfidf
from analysis.pipeline import prepare
from analysis.terms import count_terms

# %%
corpus = read_corpus(paths.SEED_ARTICLE)
prepared = prepare(corpus)
counts = count_terms(prepared.tokens, on="lemma", by=())

# %% [markdown]
# **2.1** Keyness is sorted by G²; the first row is *Kasachstan*, the second is the answer.

# %%
key = keyness(counts, general_german(counts))
check("2.1", key.iloc[1]["term"])

# %% [markdown]
# **2.2** One row per word form containing the part; the occurrences are the sum of `count`.

# %%
beziehung = find_compounds(prepared.tokens, "Beziehung")
check("2.2", beziehung["count"].sum())

# %% [markdown]
# **2.3** TF-IDF per section type; the bullets' first row. *Kasachstan*, the most frequent lemma of
# the bullets, occurs in every section type and so weighs less.

# %%
weights = tfidf(prepared.tokens_with_sections(), by="section", top=3)
check("2.3", weights[weights["section"] == "bullet"].iloc[0]["term"])
