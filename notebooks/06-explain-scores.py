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
# # 06 · Explain this score: one sentence, every piece of evidence
#
# **Question.** Why does a sentence get the sentiment, frames and stance it gets, and which words
# decide it?
#
# **You will be able to** take any sentence of a corpus apart token by token: the lexicon weight of
# each word before and after the rules (negation, intensifiers, contrast), the frame terms, the
# mentions of Russia, the EU or Ukraine, the quotation and its speaker, and how they add up.
#
# **Time.** 20 minutes.

# %%
from IPython.display import HTML

from analysis import paths
from analysis.corpus import Corpus, read_corpus
from analysis.course.exercises import check
from analysis.explain import explain_html, explain_summary, explain_tokens, explain_widget
from analysis.measures.learned import select_measures
from analysis.pipeline import prepare
from analysis.score import score_records

# %% tags=["parameters"]
corpus_path = str(paths.SEED_ARTICLE)  # a .txt file, a folder of .txt files, a .csv or a .jsonl
out_dir = str(paths.FIGURES)  # not written by this lesson
sentence = 7  # position of the sentence to explain in the corpus's list of sentences

# %% [markdown]
# ## Every measure, for every sentence
# `score_records` gives one record per sentence with all measures and their evidence: the same
# records `python -m analysis score` writes.

# %%
corpus = read_corpus(corpus_path)
records = score_records(prepare(corpus))
record = records[min(sentence, len(records) - 1)]
record["text"]

# %% [markdown]
# ## Token by token
# `prior` is the lexicon's weight, `weight` what is left after the rules; `rules` says which rule
# changed it. A negated positive word flips its sign: in the seed article's sentence 7,
# *unterstützt* (+) becomes negative because *nicht* negates it.

# %%
tokens = explain_tokens(record)
tokens[tokens[["weight", "frames", "target", "quote"]].notna().any(axis=1)
       & (tokens[["frames", "target", "quote"]].ne("").any(axis=1) | tokens["weight"].notna())]

# %% [markdown]
# ## How it adds up
# The sentence's sentiment is `tanh` of the summed weights; each frame lists the terms that
# signalled it; the stance toward each target names its holder and the cues behind it.

# %%
explain_summary(record)

# %% [markdown]
# ## The learned method: probabilities, signals, precedents
# `python -m analysis score` uses the learned measures by default (README: *How far each measure
# can be trusted*). Their evidence is of another kind: the model's probability of each label,
# the rule signals that fed it with their contributions (positive pushes toward the chosen label;
# the 384 dimensions of the sentence vector are summed into one entry), and three **precedents**,
# the coded training sentences most similar to this one, with their codes. The precedents' texts are
# licensed news and not shipped: `analysis.coded_sample.load_coded_sample` restores them from a
# local copy of the corpora.

# %%
document = prepare(Corpus([corpus[record["doc_id"]]]))  # documents are scored independently: only this one
learned = score_records(document, measures=select_measures("default"))
explain_summary(next(r for r in learned if r["sent_id"] == record["sent_id"]))

# %% [markdown]
# ## The same, highlighted
# Blue words pull toward positive, red toward negative, darker is stronger; underlined words
# mention a target; italic words stand inside a quotation. The text is escaped: it is data.

# %%
HTML(explain_html(record))

# %% [markdown]
# ## Pick any sentence
# In JupyterLab, choose a sentence from the list and its explanation appears below. (On a static
# page the list cannot run; the highlighted sentence above shows the same view.)

# %%
explain_widget(records, initial=min(sentence, len(records) - 1))

# %% [markdown]
# ## What we found
# - Every score can be traced to the words that produced it, with their offsets in the raw text.
# - Negation changes weights inside its clause only: in sentence 7 *unterstützt* is flipped by
#   *nicht*, and the contrast with *obwohl* shrinks the weight of the background clause.
# - Frame and stance evidence sits next to the sentiment evidence, so disagreements between the
#   measures can be inspected sentence by sentence.

# %% [markdown]
# ## Exercises
# Write your answer in place of `None` and run the cell: `check` says *right* or gives a hint.
# The worked solutions are in `notebooks/solutions/06-solutions.ipynb`.
#
# `check` computes the right answers from **the seed article** (`data/raw/article_de.txt`), also
# when this lesson was run on another corpus: answer with the lesson run on its default corpus.
#
# **6.1** In sentence 7, what weight does „unterstützt“ carry after the rules? Two decimals are enough.

# %%
answer_6_1 = None
check("6.1", answer_6_1);

# %% [markdown]
# **6.2** Which rule changed the weight of „engsten“ in sentence 7? Give it as the table writes it.

# %%
answer_6_2 = None
check("6.2", answer_6_2);
