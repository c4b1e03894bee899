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
# # Solutions to the exercises of 01 · The seed article
# Keep this notebook apart from the lessons when they are used in an exam.

# %%
from analysis import paths
from analysis.corpus import read_corpus
from analysis.course.exercises import check
from analysis.pipeline import prepare
from analysis.terms import count_terms, kwic

# %%
corpus = read_corpus(paths.SEED_ARTICLE)
prepared = prepare(corpus)

# %% [markdown]
# **1.1** The analysed sentences are the rows of the sentence table.

# %%
check("1.1", len(prepared.sentences))

# %% [markdown]
# **1.2** „Souveränität“ in context.

# %%
table = kwic(prepared.tokens, "Souveränität", corpus=corpus, sentences=prepared.sentences)
check("1.2", table["section"].iloc[0])

# %% [markdown]
# **1.3** Lemmas merge both spellings of the ambassador's name.

# %%
lemmas = count_terms(prepared.tokens, on="lemma", by=()).set_index("term")["count"]
check("1.3", lemmas["Iljassow"])

# %% [markdown]
# **1.4** Counts per section type, then the bullets' first row.

# %%
by_section = count_terms(prepared.tokens_with_sections(), on="lemma", by=["section"])
check("1.4", by_section[by_section["section"] == "bullet"].iloc[0]["term"])
