"""Analysis of German news coverage: corpus, structure, sentences, terms, measures, figures.

The pipeline (see ``README.md``)::

    data/raw → corpus → structure → sentences/tokens (offsets) → measures / term tables → plots → figures/

Start with :func:`analysis.corpus.read_corpus` and :func:`analysis.pipeline.prepare`, then
:func:`analysis.score.score_records` (every measure per sentence) or one measure's tidy table
(``analysis.measures.make_measure("stance").score(...)``, :func:`analysis.score.score_tables`);
:mod:`analysis.export` flattens the records into one table per sentence and per document.

Layout: one module per stage or analysis in this package; :mod:`analysis.measures` holds the
measures behind one interface and their registry; :mod:`analysis.resources` (package data) the
instruments (lexicons, codebook, actor registry); :mod:`analysis.course` the course tools
(notebook runner, exercises, site), apart from the research library.
"""

__version__ = "0.1.0"
