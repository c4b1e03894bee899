"""Analysis of German news coverage: corpus, structure, sentences, terms, figures.

The pipeline (see ``README.md``)::

    data/raw → corpus → structure → sentences/tokens (offsets) → term tables → plots → figures/

Start with :func:`analysis.corpus.read_corpus` and :func:`analysis.pipeline.prepare`.
"""

__version__ = "0.1.0"
