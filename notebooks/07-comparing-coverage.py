# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 07 · Comparing coverage: outlets and time
#
# **Question.** Do outlets differ in tone, framing and stance toward Russia, the EU and Ukraine,
# and does the coverage change over time?
#
# **You will be able to** join document metadata to sentence results, group by outlet, by week or
# month, or by any metadata column, and report each group's mean with an interval that respects
# that sentences of one article belong together.
#
# **Time.** 25 minutes.

# %% [markdown]
# This lesson needs several documents with outlets and dates. By default it reads the project's
# example corpus: 12 short **fictional** articles from three invented outlets (2022-2023), written
# to demonstrate the method; its numbers say nothing about real outlets. Point `corpus_path` at
# your own corpus to compare real coverage.

# %%
from analysis import paths
from analysis.compare import add_metadata, group_means, plan_comparison
from analysis.corpus import read_corpus
from analysis.course.exercises import check
from analysis.course.notebooks import figure_method, learned_fields, learned_frames, learned_records, learned_sentiment
from analysis.figures import describe_corpus, save_figure
from analysis.framing import detect_frames, frame_prevalence, frame_units, load_codebook
from analysis.pipeline import prepare
from analysis.plots import plot_group_estimates, plot_over_time
from analysis.sentiment import score_sentences
from analysis.stance import record_fields, stance_table

# %% tags=["parameters"]
corpus_path = str(paths.EXAMPLE_CORPUS)  # a corpus with `outlet` and `date` metadata
out_dir = str(paths.FIGURES)  # where figures and their tables go
group = "outlet"  # any metadata column to compare by
period = "month"  # "week", "month" or "year"
targets = ["russia", "eu", "ukraine"]
seed = 20221124  # seed of the bootstrap
method = "default"  # method of the figures: "default" (learned) or "dictionary" (the rules, fast on a large corpus)

# %%
inputs = [corpus_path, *paths.INSTRUMENTS]  # their checksums go into figures/MANIFEST.csv

# %%
corpus = read_corpus(corpus_path)
about = describe_corpus(corpus, corpus_path)  # how the figure captions name this corpus
corpus.metadata.reindex(columns=["id", group, "date", "title"])

# %% [markdown]
# Not every corpus allows every comparison: it may have no column to group by, a single group, or
# no dates. The plan says what this one allows; a figure it does not allow is skipped with a note.

# %%
plan = plan_comparison(corpus.metadata, group=group, period=period)
print(plan)

# %%
prepared = prepare(corpus)

# %% [markdown]
# ## Tone by group
# Each sentence's sentiment score (of the method the `method` parameter chooses: by default the
# learned one, lesson 08; the dictionary's combined lexicons with `method = "dictionary"`), averaged per group (outlet by default). The interval
# comes from a cluster bootstrap: whole articles are resampled, because sentences of one article
# are not independent. A group with a single article gets a hollow dot (no interval).

# %%
drawn_by = {m: figure_method(method, m) for m in ("sentiment", "frames", "stance")}  # "learned" or "dictionary"
learned = {m: learned_records(prepared, m) for m, by in drawn_by.items() if by == "learned"}
scores = score_sentences(prepared)
scores = learned_sentiment(scores, learned["sentiment"]) if "sentiment" in learned else scores
sentences = add_metadata(scores, corpus.metadata, **plan.join)

# %%
if plan.draws("sentiment_by_group", needs="group"):
    tone = group_means(sentences, value="score", by=group, seed=seed)
    figure = plot_group_estimates(tone, group=group, value_label="mean sentence sentiment (−1 … +1)",
                                  width="single")
    save_figure(figure, tone, "sentiment_by_group", out_dir=out_dir, inputs=inputs, corpus=about,
                method=drawn_by["sentiment"])

# %% [markdown]
# The same tone per period, one panel per group:

# %%
if plan.draws("sentiment_over_time", needs="time"):
    keys = [group, "period"] if plan.by_group else ["period"]  # a panel per group when there are groups
    tone_over_time = group_means(sentences, value="score", by=keys, seed=seed)
    figure = plot_over_time(tone_over_time, facet=group if plan.by_group else None, value_label="mean sentiment")
    save_figure(figure, tone_over_time, "sentiment_over_time", out_dir=out_dir, inputs=inputs, corpus=about,
                method=drawn_by["sentiment"])

# %% [markdown]
# ## Frames by group
# The share of sentences in which each frame occurs, with Wilson intervals (sentence level, so
# narrower than a document-level comparison would give). One panel per frame, so that many groups
# stay readable.

# %%
codebook = load_codebook()
labels = dict(zip(codebook.frames["id"], codebook.frames["label"]))
units = frame_units(prepared, detect_frames(prepared, codebook), codebook)
units = learned_frames(units, learned["frames"], codebook.ids) if "frames" in learned else units
units = add_metadata(units, corpus.metadata, **plan.join)

# %%
if plan.draws("frames_by_group", needs="group"):
    frames = frame_prevalence(units, codebook, by=group)
    figure = plot_group_estimates(frames, group=group, value="share", facet="frame", limits=(0, 1), labels=labels,
                                  value_label="share of sentences")
    save_figure(figure, frames, "frames_by_group", out_dir=out_dir, inputs=inputs, corpus=about,
                method=drawn_by["frames"])

# %%
if plan.draws("frames_over_time", needs="time"):
    frames_over_time = frame_prevalence(units, codebook, by="period")
    figure = plot_over_time(frames_over_time, value="share", facet="frame", limits=(0, 1), labels=labels,
                            value_label="share of sentences")
    save_figure(figure, frames_over_time, "frames_over_time", out_dir=out_dir, inputs=inputs, corpus=about,
                method=drawn_by["frames"])

# %% [markdown]
# ## Stance toward the targets over time
# Every sentence that mentions a target gets a stance score (−1 … +1). Per period and target:
# the mean, with a cluster-bootstrap interval.

# %%
fields = learned_fields(learned["stance"]) if "stance" in learned else record_fields(prepared)
stance = stance_table(fields, prepared.sentences)
stance = add_metadata(stance[stance["target"].isin(targets)], corpus.metadata, **plan.join)
no_mentions = f"no sentence mentions the targets ({', '.join(targets)})"

# %%
if plan.draws("stance_over_time", needs="time", data=stance, empty=no_mentions):
    stance_over_time = group_means(stance, value="score", by=["target", "period"], seed=seed)
    figure = plot_over_time(stance_over_time, series="target", value_label="mean stance (−1 … +1)")
    save_figure(figure, stance_over_time, "stance_over_time", out_dir=out_dir, inputs=inputs, corpus=about,
                method=drawn_by["stance"])

# %% [markdown]
# The same stance, by group, one panel per target:

# %%
if plan.draws("stance_by_group", needs="group", data=stance, empty=no_mentions):
    stance_by_group = group_means(stance, value="score", by=["target", group], seed=seed)
    figure = plot_group_estimates(stance_by_group, group=group, facet="target", value_label="mean stance")
    save_figure(figure, stance_by_group, "stance_by_group", out_dir=out_dir, inputs=inputs, corpus=about,
                method=drawn_by["stance"])

# %% [markdown]
# ## What we found
# - The figures are drawn by the learned method (the default); `method = "dictionary"` draws them
#   with the rules, much faster on a large corpus.
# - On the example corpus, the invented outlet written to be critical of Russia („Nordkurier
#   Digital“) has the most negative tone (learned: −0.63, interval −0.78 to −0.42); the learned
#   method finds the other two negative too, but less so (the dictionary finds them close to neutral).
# - The stance rules fire only on explicit cues (support, criticism, refusal ...), so by the rules
#   most mentions of Russia, the EU and Ukraine are neutral; the learned method also reads tone
#   without a cue and finds the mentions of Russia unfavourable on average in every outlet. Read stance
#   means together with the number of sentences behind them (see lesson 05 and its validation).
# - With three or four articles per outlet the intervals are wide, and a group or month with a
#   single article has none (hollow dots): real comparisons need many articles per group, and the
#   cluster bootstrap shows honestly how many.

# %% [markdown]
# ## Exercises
# Write your answer in place of `None` and run the cell: `check` says *right* or gives a hint.
# The worked solutions are in `notebooks/solutions/07-solutions.ipynb`.
#
# `check` computes the right answers from **the example corpus** of 12 fictional articles
# (`data/examples/mini_corpus.jsonl`), also when this lesson was run on your corpus: answer with
# the lesson run on its default corpus.
#
# **7.1** In the example corpus, which outlet has the most negative mean sentence sentiment?

# %%
answer_7_1 = None
check("7.1", answer_7_1);

# %% [markdown]
# **7.2** How many articles of the example corpus fall in September 2022?

# %%
answer_7_2 = None
check("7.2", answer_7_2);
