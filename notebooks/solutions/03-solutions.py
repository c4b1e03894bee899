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
# # Solutions to the exercises of 03 · Sentiment
# Keep this notebook apart from the lessons when they are used in an exam.

# %%
from analysis import paths
from analysis.corpus import read_corpus
from analysis.course.exercises import check
from analysis.pipeline import prepare
from analysis.sentiment import match_terms, score_sentences

# %%
prepared = prepare(read_corpus(paths.SEED_ARTICLE))
evidence = match_terms(prepared.tokens)
scores = score_sentences(prepared, evidence=evidence)

# %% [markdown]
# **3.1** The combined label of sentence 46 (SentiWS alone stays below the threshold).

# %%
sentence = scores[scores["sent_id"] == 46]
sentence[["score_sentiws", "score_gpl", "score", "label"]]

# %%
check("3.1", sentence["label"].item())

# %% [markdown]
# **3.2** Sentences whose combined label is -1.

# %%
check("3.2", (scores["label"] == -1).sum())

# %% [markdown]
# **3.3** The evidence rows of sentence 28 that a negation changed.

# %%
negated = evidence[(evidence["sent_id"] == 28) & evidence["rules"].str.contains("negation")]
negated[["text", "lexicon", "prior", "rules", "weight"]]

# %%
check("3.3", negated["text"].iloc[0])
