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
# # 00 · Course index: analysing German news coverage
#
# **Question.** How do we turn news articles into numbers we can defend in a paper: term
# frequencies, sentiment, frames, and who takes which stance toward Russia, the EU and Ukraine?
#
# **You will be able to** follow the course in order, know what each lesson asks and teaches, and
# run every lesson on the seed article or on your own corpus.
#
# **Time.** 5 minutes.

# %% [markdown]
# ## How the course works
# Each lesson is a notebook that runs top to bottom in a fresh kernel. It starts with its
# question, works through short steps, ends with *What we found* and a few exercises. Each
# exercise has a self-check: write your answer, run `check("N.M", answer)`, and it says *right*
# or gives a hint. Worked solutions are kept apart in `notebooks/solutions/`.
#
# The founding document is one German news article from late November 2022 on how Kazakhstan,
# Russia's ally, positions itself toward the war in Ukraine. Every lesson also runs on your own
# corpus: change `corpus_path` in the `parameters` cell, or run
# `make figures CORPUS=path/to/corpus OUT=results/`.

# %%
import pandas as pd

from analysis import paths
from analysis.course.notebooks import course_outline

pd.set_option("display.max_colwidth", 120)

# %% tags=["parameters"]
corpus_path = str(paths.SEED_ARTICLE)  # the corpus every lesson reads
out_dir = str(paths.FIGURES)  # where the lessons write figures and tables

# %% [markdown]
# ## The lessons, in order
# Read from each notebook's own first cell, so this list is always current.

# %%
outline = course_outline()
outline[["notebook", "title", "time"]]

# %% [markdown]
# What each lesson asks, and what you can do afterwards:

# %%
for lesson in outline.itertuples():
    print(f"{lesson.title}\n  Question: {lesson.question}\n  Afterwards: {lesson.skills}\n")

# %% [markdown]
# ## Before you start
# - On your laptop: `make lab` opens JupyterLab with everything installed (`make help` lists more).
# - Without installing: the static site (`make site`, or the course's published pages) shows
#   every lesson executed, with its figures.
# - On Binder: the README's launch link opens this notebook in a ready environment.
