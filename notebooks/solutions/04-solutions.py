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
# # Solutions to the exercises of 04 · Framing
# Keep this notebook apart from the lessons when they are used in an exam.

# %%
from analysis import paths
from analysis.corpus import read_corpus
from analysis.course.exercises import check
from analysis.framing import detect_frames, frame_cooccurrence, frame_units, load_codebook
from analysis.pipeline import prepare

# %%
prepared = prepare(read_corpus(paths.SEED_ARTICLE))
codebook = load_codebook()
sentences = frame_units(prepared, detect_frames(prepared, codebook), codebook)

# %% [markdown]
# **4.1** The frames of the headline and of the three bullets.

# %%
sentences[sentences["section"].isin(["headline", "bullet"])][["sent_id", "section", "frames"]]

# %%
in_bullets = set().union(*sentences.loc[sentences["section"] == "bullet", "frames"])
in_headline = set().union(*sentences.loc[sentences["section"] == "headline", "frames"])
check("4.1", (in_bullets - in_headline).pop())

# %% [markdown]
# **4.2** Each frame is a True/False column of the sentence table.

# %%
check("4.2", sentences["diplomacy"].sum())

# %% [markdown]
# **4.3** Co-occurrence counts with migration, migration itself left out.

# %%
pairs = frame_cooccurrence(sentences, codebook)
with_migration = pairs[(pairs["frame_a"] == "migration") & (pairs["frame_b"] != "migration")]
with_migration.sort_values("n_both", ascending=False).head(3)

# %%
check("4.3", with_migration.sort_values("n_both", ascending=False).iloc[0]["frame_b"])
