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
# # 01 · The seed article: structure, sentences, terms
#
# **Question.** What does the founding article of this project consist of, and which words
# carry it? We read one German news article (late November 2022) on how Kazakhstan, Russia's
# ally, positions itself toward the war in Ukraine, and turn it into tables we can count:
# sections, sentences, tokens, lemmas.
#
# **You will be able to** load a corpus, see its structure, split it into sentences and tokens
# with character offsets, count terms, and look at a term in context.
#
# **Time.** 20 minutes.

# %%
import pandas as pd

from analysis import paths
from analysis.corpus import read_corpus
from analysis.course.exercises import check
from analysis.course.notebooks import note, structure_note
from analysis.figures import describe_corpus, save_figure
from analysis.keyness import general_german, keyness
from analysis.pipeline import prepare
from analysis.plots import plot_dispersion, plot_dispersion_by_date, plot_top_terms
from analysis.terms import count_terms, dispersion, dispersion_by_date, kwic, part_starts

pd.set_option("display.max_colwidth", 90)

# %% tags=["parameters"]
corpus_path = str(paths.SEED_ARTICLE)  # a .txt file, a folder of .txt files, a .csv or a .jsonl
out_dir = str(paths.FIGURES)  # where figures and their CSV tables go
top_n = 20  # how many terms the bar chart shows
terms = None  # key terms to follow through the corpus, e.g. ["Sanktion*", "Gas"]; None: the seed's five, or the corpus's top key lemmas

# %%
inputs = [corpus_path, *paths.INSTRUMENTS]  # their checksums go into figures/MANIFEST.csv

# %% [markdown]
# ## The corpus
# A corpus is a table of documents with metadata. The seed article is one document.

# %%
corpus = read_corpus(corpus_path)
about = describe_corpus(corpus, corpus_path)  # how the figure captions name this corpus
corpus.metadata

# %% [markdown]
# ## Structure
# News text arrives as plain lines. Each line gets a section type: headline, captions, the
# summary bullets, subheadings, paragraphs. Photo captions printed twice are kept once (the copy
# is marked `duplicate`); site boilerplate and blank-looking lines (a no-break space) are kept but
# not analysed.

# %%
prepared = prepare(corpus)
units = prepared.units
units[["doc_id", "line", "section", "part", "text"]].head(12)

# %%
units.groupby("section").size().rename("units").to_frame()

# %%
if structure_note(prepared.sentences["section"]):
    note(structure_note(prepared.sentences["section"]))

# %% [markdown]
# ## Sentences and tokens
# Every sentence and every token keeps its character offsets into the raw text, so any number
# we compute can be traced back to the exact words. Dates such as „10. Februar 2022“ and
# „St. Petersburg“ do not end a sentence; a quotation of three sentences is three sentences.

# %%
sentences = prepared.sentences
sentences[["sent_id", "section", "start", "end", "text"]].head(8)

# %%
tokens = prepared.tokens
tokens[["sent_id", "start", "end", "text", "kind", "lemma"]].iloc[40:52]

# %% [markdown]
# ## The most frequent terms
# We count lemmas (so *Russlands* counts as *Russland*, *Ilyassov* as *Iljassow*) and leave
# out stopwords, but keep negators and stance words such as *nicht*, *kein*, *gegen*, *ohne*.

# %%
counts = count_terms(tokens, on="lemma", by=())
counts.head(top_n)

# %%
top = counts.head(top_n)
figure = plot_top_terms(top, n=top_n, title="Most frequent lemmas")
save_figure(figure, top, "top_lemmas", out_dir=out_dir, inputs=inputs, corpus=about);

# %% [markdown]
# Per section type: what do the headline and the bullets stress, compared with the body?

# %%
by_section = count_terms(prepared.tokens_with_sections(), on="lemma", by=["section"])
by_section[by_section["rank"] <= 3]

# %% [markdown]
# ## Two terms in context: „Entnazifizierung“ and „Balanceakt“
# A keyword-in-context (KWIC) table shows every occurrence with its neighbours, its sentence and
# its section, and whether it stands inside quotation marks. A short quoted term that nobody is
# quoted as saying is the journalist keeping a word at a distance: a *distancing quote*.

# %%
entnazifizierung = kwic(tokens, "Entnazifizier*", corpus=corpus, sentences=sentences, window=6)
entnazifizierung[["sent_id", "section", "left", "keyword", "right", "quote_use"]]

# %%
entnazifizierung["quote_use"].value_counts()

# %%
balanceakt = kwic(tokens, "Balanceakt", corpus=corpus, sentences=sentences, window=6)
balanceakt[["sent_id", "section", "left", "keyword", "right", "quote_use"]]

# %% [markdown]
# ## Where the terms occur: a dispersion plot
# Each row is a term, each tick one occurrence, dashed lines mark where the article's
# subheadings begin. The seed article's terms are its two founding terms and the three targets;
# on your corpus, the terms you give (`terms`, `make figures TERMS=…`) or its five most key lemmas.

# %%
seed_terms = {
    "„Entnazifizierung“": ["Entnazifizier*"],
    "„Balanceakt“": ["Balanceakt"],
    "Russland": ["Russland"],
    "EU": ["EU", "EU-*", "Europäische Union"],
    "Ukraine": ["Ukraine", "Ukraine-*"],
}
key_lemmas = keyness(counts, general_german(counts))["term"].head(5)
targets = seed_terms if terms is None and paths.is_seed(corpus_path) else {t: [t] for t in (terms or key_lemmas)}
list(targets)

# %% [markdown]
# One document: a tick per occurrence, in the order of its words. A corpus: a row per term and a
# column per document (ordered by date where there are dates), coloured by occurrences per 1,000 words.

# %%
if len(corpus) == 1:
    hits = dispersion(tokens, targets, sentences=sentences)
    boundaries = part_starts(tokens, sentences)
    figure = plot_dispersion(hits, boundaries=boundaries, n_tokens=len(tokens))
else:
    hits = dispersion_by_date(tokens, targets, corpus=corpus)
    figure = plot_dispersion_by_date(hits, title=f"Key terms across {len(corpus):,} documents")
save_figure(figure, hits, "dispersion_terms", out_dir=out_dir, inputs=inputs, corpus=about);
hits.groupby("pattern", observed=False).size().rename("occurrences").to_frame() if len(corpus) == 1 else \
    hits.groupby("pattern", observed=False)["count"].sum().to_frame()

# %% [markdown]
# ## What we found
# - The seed article has a headline, a lead caption, three summary bullets, five subheadings and
#   body paragraphs; two photo captions are printed twice and counted once.
# - *Kasachstan* is by far the most frequent lemma, followed by *Russland* and *russisch*:
#   the article is about Kazakhstan's position relative to Russia.
# - Every „Entnazifizierung“ stands in quotation marks that nobody is quoted as speaking: the
#   journalist distances the text from Russia's pretext for the invasion.
# - „Balanceakt“ frames the story twice: in a subheading and in the last sentence.

# %% [markdown]
# ## Exercises
# Write your answer in place of `None` and run the cell: `check` says *right* or gives a hint.
# The worked solutions are in `notebooks/solutions/01-solutions.ipynb`.
#
# `check` computes the right answers from **the seed article** (`data/raw/article_de.txt`), also
# when this lesson was run on another corpus: answer with the lesson run on its default corpus.
#
# **1.1** How many sentences of the seed article are analysed (boilerplate and duplicate captions
# left out)?

# %%
answer_1_1 = None
check("1.1", answer_1_1);

# %% [markdown]
# **1.2** Find the KWIC of „Souveränität“: in which section type does it occur?

# %%
answer_1_2 = None
check("1.2", answer_1_2);

# %% [markdown]
# **1.3** How often is the ambassador Iljassow named, counting both spellings (Iljassow, Ilyassov)?

# %%
answer_1_3 = None
check("1.3", answer_1_3);

# %% [markdown]
# **1.4** Which lemma is most frequent in the summary bullets?

# %%
answer_1_4 = None
check("1.4", answer_1_4);
