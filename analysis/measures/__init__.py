"""Measures: one interface for every measure, rule-based or learned, and their registry.

Each measure is a class (:class:`Measure`) with a ``name``, the record ``fields`` it writes, its
settings in ``__init__``, its resources loaded and kept by the object, and ``score(prepared) ->
DataFrame``; a trainable one adds ``fit``/``save``/``load``. The registry keeps them in the order
of the record fields; ``score``, ``batch``, the coding sheet, ``explain`` and validation loop
over it. Adding a measure is one module plus its import below (see :class:`Measure`).

Registered here, in record-field order:

- ``sentiment`` (:class:`SentimentRules`): ``sentiment``;
- ``mentions`` (:class:`MentionsRules`, takes ``quotations``): ``targets``, ``mentions``;
- ``quotations`` (:class:`QuotationsRules`): ``quotes``;
- ``stance`` (:class:`StanceRules`, takes ``mentions`` and ``quotations``): ``stance``;
- ``frames`` (:class:`FramesRules`): ``frames``, ``frame_evidence``.

Learned twins (``method="learned"``, :mod:`analysis.measures.learned`) of sentiment, mentions,
stance and frames write the same fields, plus the model's details.
"""

from .base import (Measure, computation_order, make_measure, measure_class, measure_methods, measure_names,
                   register, resolve_measures, unregister)
from .sentiment import SentimentRules  # noqa: I001 (the import order is the registration order)
from .mentions import MentionsRules
from .quotations import QuotationsRules
from .stance import StanceRules
from .frames import FramesRules
from .learned import FramesLearned, MentionsLearned, SentimentLearned, StanceLearned  # after the rules: not the default
from .quotations import QuotationsLearned  # noqa: E402 (registered after the rules, like the others)

__all__ = ["Measure", "register", "unregister", "measure_names", "measure_methods", "measure_class",
           "make_measure", "resolve_measures", "computation_order", "SentimentRules", "MentionsRules",
           "QuotationsRules", "StanceRules", "FramesRules", "SentimentLearned", "MentionsLearned", "StanceLearned",
           "FramesLearned", "QuotationsLearned"]
