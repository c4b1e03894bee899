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
# # Solutions to the exercises of 07 · Comparing coverage
# Keep this notebook apart from the lessons when they are used in an exam.

# %%
from analysis import paths
from analysis.compare import add_metadata, group_means
from analysis.corpus import read_corpus
from analysis.course.exercises import check
from analysis.pipeline import prepare
from analysis.sentiment import score_sentences

# %%
corpus = read_corpus(paths.EXAMPLE_CORPUS)
prepared = prepare(corpus)

# %% [markdown]
# **7.1** Mean sentence sentiment per outlet, most negative first.

# %%
table = add_metadata(score_sentences(prepared), corpus.metadata, columns=["outlet"])
means = group_means(table, value="score", by="outlet", seed=20221124).sort_values("mean")
check("7.1", means.iloc[0]["outlet"])

# %% [markdown]
# **7.2** Months are labelled by their first day.

# %%
months = add_metadata(corpus.metadata.rename(columns={"id": "doc_id"})[["doc_id"]], corpus.metadata,
                      columns=["date"], period="month")
check("7.2", (months["period"] == "2022-09-01").sum())
