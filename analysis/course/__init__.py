"""The course built on the research library, kept apart from it: the notebooks' runner
(:mod:`~analysis.course.notebooks`, ``python -m analysis notebooks``), the exercises and their
checks (:mod:`~analysis.course.exercises`), and the static site of the executed notebooks
(:mod:`~analysis.course.site`, ``python -m analysis site``). They need the ``notebooks`` extra
(``pip install '.[notebooks]'``); the library does not.
"""
