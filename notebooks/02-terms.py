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
# # 02 · Terms: from raw counts to keyness
#
# **Question.** Which words make the seed article *this* article? A word list tells us what is
# frequent; but *Land* and *sagen* are frequent everywhere. Keyness compares the article with a
# reference — general German, or the news of its year — and asks which words are unusually
# frequent here.
#
# **You will be able to** count terms, find name variants for the alias table, read a term in
# context, search compounds by their parts, compute keyness (G², log ratio) and TF-IDF, and find
# collocations.
#
# **Time.** 30 minutes.

# %%
import pandas as pd
from IPython.display import HTML

from analysis import paths
from analysis.collocations import collocations, ngrams
from analysis.compounds import find_compounds, split_compounds
from analysis.corpus import read_corpus
from analysis.course.exercises import check
from analysis.course.notebooks import note
from analysis.figures import describe_corpus, save_figure
from analysis.keyness import general_german, keyness, keyness_groups, tfidf
from analysis.lemmas import suggest_variants
from analysis.pipeline import prepare
from analysis.plots import plot_collocations, plot_dispersion, plot_dispersion_by_date, plot_keyness
from analysis.terms import count_quote_uses, count_terms, dispersion, dispersion_by_date, kwic, kwic_html, part_starts

pd.set_option("display.max_colwidth", 80)

# %% tags=["parameters"]
corpus_path = str(paths.SEED_ARTICLE)  # a .txt file, a folder of .txt files, a .csv or a .jsonl
out_dir = str(paths.FIGURES)  # where figures and their CSV tables go
reference_path = None  # optional reference corpus, e.g. ../shared/corpora/leipzig_news/deu_news_2022_30K-sentences.txt
top_n = 20  # how many terms tables and charts show
terms = None  # key terms to follow through the corpus, e.g. ["Sanktion*", "Gas"]; None: the top key lemmas

# %%
inputs = [corpus_path, *paths.INSTRUMENTS]  # their checksums go into figures/MANIFEST.csv

# %% [markdown]
# ## Raw counts
# We start as in notebook 01: tokens with lemmas, stopwords removed, counted over the corpus.

# %%
corpus = read_corpus(corpus_path)
about = describe_corpus(corpus, corpus_path)  # how the figure captions name this corpus
prepared = prepare(corpus)
tokens, sentences = prepared.tokens, prepared.sentences

# %%
counts = count_terms(tokens, on="lemma", by=())
counts.head(top_n)

# %% [markdown]
# ## Names in more than one spelling
# Machine translation left English and German transliterations side by side. Without the
# project's alias table, fuzzy matching after a Latin-to-German transliteration finds them:

# %%
suggest_variants(tokens, aliases={})

# %% [markdown]
# With the alias table, these pairs are merged. What remains is for a researcher to review
# (inflections the lemmatizer missed are marked `ending`):

# %%
suggest_variants(tokens)

# %% [markdown]
# ## Terms in context
# In the seed article, its two founding terms: „Entnazifizierung“ (denazification, Russia's
# pretext for the invasion) and „Balanceakt“ (balancing act). On another corpus, the first two of
# the `terms` you chose, or else its two most frequent lemmas (searched as lemmas, so that every
# inflected form is found). The keyword is highlighted; the last column says how it is used.

# %%
if terms is None and paths.is_seed(corpus_path):
    in_context = {"Entnazifizier*": "form", "Balanceakt": "form"}
elif terms:
    in_context = {term: "form" for term in terms[:2]}
else:
    in_context = {lemma: "lemma" for lemma in counts["term"].head(2)}
contexts = {term: kwic(tokens, term, corpus=corpus, sentences=sentences, window=6, on=on)
            for term, on in in_context.items()}
first, *rest = contexts
print(f"{first}: {len(contexts[first])} occurrences (the first 30 shown)")
HTML(kwic_html(contexts[first], max_rows=30))

# %% [markdown]
# A short quoted term with no speaker is a *distancing* quote: the journalist keeps the word
# at arm's length. Counted per label:

# %%
count_quote_uses(contexts[first])

# %%
for term in rest:
    print(f"{term}: {len(contexts[term])} occurrences (the first 30 shown)")
HTML("".join(kwic_html(contexts[term], max_rows=30) for term in rest))

# %% [markdown]
# ## Compounds around „Nazi“
# German glues words together. Splitting compounds into parts lets a search for *Nazi* find
# *Nazis*, *Nazi-Prozesse* and — as letters inside a derivation — *Entnazifizierung*.

# %%
find_compounds(tokens, "Nazi")

# %% [markdown]
# The compounds of the article, split (a linking *s* is kept as its own part; names such as
# Russland or Kasachstan are never split):

# %%
parts = split_compounds(tokens.head(20_000))  # the first 20,000 tokens: a large corpus would take minutes
compounds = parts[parts["n_stems"] > 1].groupby("word", sort=False)["part"].agg(" + ".join)
compounds.head(top_n)

# %% [markdown]
# ## Keyness against general German
# The reference is the wordfreq list of German word frequencies (subtitles, Wikipedia, news,
# web, up to ~2021), read as a corpus of 100 million words. Words it does not list (Tokajew)
# get a floor of half an occurrence. G² (Dunning 1993) says how surprising a term's frequency
# is; the log ratio (Hardie 2014) how much more frequent it is: +10 means 2¹⁰ ≈ 1,000 times.
#
# *How to read G² and p.* G² compares the count we see with the count we would expect if the
# article used the word as often as general German does; the larger, the less likely the
# difference is chance. Above 3.84 the difference is significant at p < 0.05, above 10.83 at
# p < 0.001 — but with a reference this large nearly every content word passes, so rank by G²
# and judge the size of the difference by the log ratio, not by p.

# %%
reference = general_german(counts)
key = keyness(counts, reference)
key.head(top_n)

# %% [markdown]
# Terms that the article uses *less* than general German does are at the bottom (negative G²).

# %%
key.tail(5)

# %%
target_label = "article" if len(corpus) == 1 else f"corpus ({len(corpus):,} documents)"
figure = plot_keyness(key, n=top_n, n_reference=5, target_label=target_label, reference_label="general German")
save_figure(figure, key, "keyness_general", out_dir=out_dir, inputs=inputs, corpus=about);

# %% [markdown]
# ## Keyness against the news of the year (optional)
# Against general German every news word looks key (*Präsident*, *Ukraine*). A reference of
# news sentences from the same year removes that: set `reference_path` to, for example, the
# Leipzig news sample of 2022 (not in this repository: its licence forbids it).

# %%
news_counts = count_terms(prepare(read_corpus(reference_path)).tokens, by=()) if reference_path else None
keyness(counts, news_counts, all_terms=True).head(top_n) if reference_path else "no reference_path given"

# %% [markdown]
# ## Keyness within the corpus: one part against the rest
# Any group can be the target: here each section type (headline, bullets, body, ...) against
# all other sections — with a corpus, an outlet against the others, or each document against
# the rest.

# %%
by_section = count_terms(prepared.tokens_with_sections(), on="lemma", by=["section"])
sections = keyness_groups(by_section, by="section")
sections.groupby("section").head(3)

# %% [markdown]
# TF-IDF weighs the same question differently: frequent in this section, rare in the others.
# The term frequency (how often the word stands in the section) is multiplied by the inverse
# document frequency (high for words few sections use, lowest for words all of them use), so a weight
# is only comparable within one table.

# %%
tfidf(prepared.tokens_with_sections(), by="section", top=3)

# %% [markdown]
# ## Where the key terms occur
# The top key terms (or the `terms` you chose) across the corpus; in the seed article also every
# word containing *Nazi* (a wildcard pattern). A corpus of several documents gets a row per term
# and a column per document (ordered by date where there are dates).

# %%
targets = {term: [term] for term in (terms or key["term"].head(5))}
if paths.is_seed(corpus_path):
    targets["*nazi*"] = ["*nazi*"]
if len(corpus) == 1:
    hits = dispersion(tokens, targets, sentences=sentences)
    figure = plot_dispersion(hits, boundaries=part_starts(tokens, sentences), n_tokens=len(tokens))
else:
    hits = dispersion_by_date(tokens, targets, corpus=corpus)
    figure = plot_dispersion_by_date(hits, title=f"Key terms across {len(corpus):,} documents")
save_figure(figure, hits, "dispersion_keywords", out_dir=out_dir, inputs=inputs, corpus=about);

# %% [markdown]
# ## Collocations and n-grams
# Which lemmas stand next to each other more often than chance? G² favours frequent pairs,
# PMI (Church & Hanks 1990) rare ones; pairs seen once are left out.

# %%
pairs = collocations(tokens, on="lemma", min_count=2)
pairs.head(top_n)

# %%
figure = plot_collocations(pairs, n=15)
save_figure(figure, pairs, "collocations", out_dir=out_dir, inputs=inputs, corpus=about);

# %% [markdown]
# The most frequent word sequences of two and three words (none may begin or end with a
# stopword, so *Europäische Union* counts and *und die* does not):

# %%
ngrams(tokens, n=(2, 3), min_count=2).head(top_n)

# %% [markdown]
# ## What we found
# - Against general German, *Kasachstan* is by far the most key lemma; the names *Iljassow* and
#   *Tokajew* and the term *Entnazifizierung* follow in the top ten, *Balanceakt* in the top
#   twenty. Nothing is much rarer here than in general German: the negative side is weak.
# - News words (*Präsident*, *Ukraine*, *Land*) are key against general German only because
#   this is news; a year-matched news reference moves *Balanceakt* and *Entnazifizierung* up.
# - The English and German spellings of two people (Ilyassov / Iljassow, Solovyov / Solowjow)
#   are found by fuzzy matching; the alias table merges them.
# - All four „Entnazifizierung“ are distancing quotes; *Nazi* also lives in *Nazis* and
#   *Nazi-Prozesse*.
# - The strongest collocations are names (*Kassym-Schomart Tokajew*, *Wladimir Putin*) and
#   fixed phrases of diplomacy (*freundschaftliche Beziehungen*, *offizielle Position*).

# %% [markdown]
# ## Exercises
# Write your answer in place of `None` and run the cell: `check` says *right* or gives a hint.
# The worked solutions are in `notebooks/solutions/02-solutions.ipynb`.
#
# `check` computes the right answers from **the seed article** (`data/raw/article_de.txt`), also
# when this lesson was run on another corpus: answer with the lesson run on its default corpus.
#
# **2.1** Against general German, which lemma has the highest G² after *Kasachstan*?

# %%
answer_2_1 = None
check("2.1", answer_2_1);

# %% [markdown]
# **2.2** How often do words containing „Beziehung“ occur in the article, counting every word form and
# compound (*Beziehungen*, *Wirtschaftsbeziehungen*, …)? Use `find_compounds`.

# %%
answer_2_2 = None
check("2.2", answer_2_2);

# %% [markdown]
# **2.3** Which lemma has the highest TF-IDF weight in the summary bullets? Compare it with the most
# frequent lemma of the bullets (exercise 1.4).

# %%
answer_2_3 = None
check("2.3", answer_2_3);
