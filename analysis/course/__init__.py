"""The course built on the research library, kept apart from it: the notebooks' runner
(:mod:`~analysis.course.notebooks`, ``python -m analysis notebooks``), the exercises and their
checks (:mod:`~analysis.course.exercises`), the documentation pages in ``docs/`` and their parts
generated from the code (:mod:`~analysis.course.docs`, ``python -m analysis.course.docs``), and the
static site of the executed notebooks and the docs (:mod:`~analysis.course.site`,
``python -m analysis site``). They need the ``notebooks`` extra
(``pip install '.[notebooks]'``); the library does not.
"""
