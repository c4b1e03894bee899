"""The one shape of every measure, and the registry that the score command, the coding sheet,
``explain`` and validation loop over.

A measure turns a prepared corpus (:class:`analysis.pipeline.Prepared`) into a tidy table and the
sentence records of ``python -m analysis score`` into fields. A rule-based and a learned version of
the same measure are two implementations under one ``name``, told apart by ``method`` and chosen
by :func:`make_measure` (as spaCy's ``SpanRuler(Pipe)`` and ``TextCategorizer(TrainablePipe)``,
or scikit-learn's estimators): the callers never change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

__all__ = ["CODING_SCALES", "Measure", "register", "unregister", "measure_names", "measure_methods", "measure_class",
           "make_measure", "resolve_measures", "computation_order"]

#: How a coding column is compared with the tool (:func:`analysis.coding.coding_agreement`):
#: ``polarity`` -1/0/1 labels (accuracy, macro-F1, ordinal α), ``multilabel`` sets of ids
#: (precision, recall, F1 and nominal α per id), ``stance`` target → (label, holder) (stance
#: accuracy over the coded targets, and holder accuracy).
CODING_SCALES = ("polarity", "multilabel", "stance")

#: ``name`` → ``method`` → class, in registration order (= the order of the record fields).
_REGISTRY: dict[str, dict[str, type["Measure"]]] = {}


class Measure:
    """Base class of every measure.

    Class attributes (each implementation sets them)
    ------------------------------------------------
    name : str
        The measure (``"sentiment"``); a rule-based and a learned implementation share it.
    method : str
        The implementation (``"rules"``, ``"learned"`` ...); chosen with ``make_measure(name, method=...)``.
    fields : tuple of str
        The record fields it writes, in order (``("frames", "frame_evidence")``); no two
        registered measures may write the same field.
    requires : tuple of str
        Measures whose tables :meth:`score` takes as keyword arguments of the same name
        (stance: ``("mentions", "quotations")``); the runner computes them first, once.
    coding_columns : tuple of str
        Columns a coder fills for this measure in a coding sheet (:mod:`analysis.coding`).
    coding_scale : str
        How they are compared with the tool, one of :data:`CODING_SCALES`.
    trainable : bool
        Whether :meth:`fit`, :meth:`save` and :meth:`load` work.

    Settings go into ``__init__`` and nowhere else (keyword-only, stored under their own names,
    listed by :meth:`get_params`). Resources (lexicons, codebooks, registries, models) belong to
    the object: it loads them on first use with :meth:`_resource` and keeps them, so that a new
    object with another setting sees the change and nothing is cached in a module. A pickled
    measure leaves its loaded resources behind (processes and Dask workers load their own).

    How to add a learned implementation (for example of ``sentiment``)
    ------------------------------------------------------------------
    1. One module, e.g. ``analysis/measures/sentiment_learned.py``, with a class::

           @register
           class LearnedSentiment(Measure):
               name, method = "sentiment", "learned"
               fields = ("sentiment",)          # the same fields as the rule-based one
               coding_columns, coding_scale = ("sentiment",), "polarity"
               trainable = True

               def __init__(self, *, model_path=None, threshold=0.1):
                   self.model_path, self.threshold = model_path, threshold

               def fit(self, prepared, gold):   # gold: codings indexed like the records
                   ...; self.model_ = ...; return self   # learned attributes end in "_"

               def save(self, path): ...        # write self.model_ (atomically)

               @classmethod
               def load(cls, path): ...         # an object with model_ set, ready to score

               def score(self, prepared):
                   model = self._resource("model", lambda: joblib.load(self.model_path))
                   return pd.DataFrame({"doc_id": ..., "sent_id": ..., "sentiment": ...})

    2. Import the module in ``analysis/measures/__init__.py`` (that is the registration; the
       order of imports is the order of names in the records). A learned method never comes
       first: ``make_measure(name)`` gives the first registered method, the rule-based one.
    3. ``score(prepared, **required)`` returns a tidy table. With the default
       :meth:`record_fields` it has one row per sentence: ``doc_id``, ``sent_id`` and one
       column per entry of ``fields`` holding JSON-ready values (dicts, lists, str, int, float,
       None); every sentence of ``prepared.sentences`` needs a row (or override
       :meth:`record_fields`). Keep the evidence next to the number (terms, spans, probabilities).
    4. Training code lives apart (``scripts/train_<measure>.py``), and so does the model file
       (package data under ``analysis/resources/``, found with :func:`analysis.paths.resource`).
    """

    name: ClassVar[str]
    method: ClassVar[str] = "rules"
    fields: ClassVar[tuple[str, ...]] = ()
    requires: ClassVar[tuple[str, ...]] = ()
    coding_columns: ClassVar[tuple[str, ...]] = ()
    coding_scale: ClassVar[str] = "polarity"
    trainable: ClassVar[bool] = False

    # ---- settings and resources -------------------------------------------------------------
    def get_params(self) -> dict[str, Any]:
        """The settings given to ``__init__`` (public attributes not ending in ``_``)."""
        return {k: v for k, v in vars(self).items() if not k.startswith("_") and not k.endswith("_")}

    def _resource(self, key: str, load):
        """The resource ``key``, loaded by ``load()`` on first use and kept by this object."""
        held = self.__dict__.setdefault("_resources", {})
        if key not in held:
            held[key] = load()
        return held[key]

    def __getstate__(self) -> dict:
        return {k: v for k, v in vars(self).items() if k != "_resources"}

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({params})"

    # ---- scoring ----------------------------------------------------------------------------
    def score(self, prepared, **required) -> pd.DataFrame:
        """The measure's tidy table for a prepared corpus (see the class docstring)."""
        raise NotImplementedError

    def record_fields(self, table: pd.DataFrame, prepared) -> dict[tuple[str, int], dict]:
        """``(doc_id, sent_id)`` → ``{field: value}`` for every sentence, from :meth:`score`'s table.

        The default reads a table with one row per sentence and a column per field.
        """
        keys = zip(table["doc_id"].astype(str).tolist(), table["sent_id"].astype(int).tolist())
        values = zip(*(table[f].tolist() for f in self.fields))
        return {key: dict(zip(self.fields, row)) for key, row in zip(keys, values)}

    # ---- coding sheet and explain -----------------------------------------------------------
    def coded(self, record: dict) -> dict[str, Any]:
        """The tool's value of each of :attr:`coding_columns` for one record, in the coders' format
        (:func:`analysis.validate.load_coding`): what :func:`analysis.coding.coding_agreement`
        compares with the coders. By default the record's field of the same name."""
        return {column: record.get(column) for column in self.coding_columns}

    def coding_labels(self) -> list[str] | None:
        """The ids a coder can give in a ``multilabel`` column (``None``: those found in the codings)."""
        return None

    def explain_token(self, record: dict, start: int, end: int) -> dict[str, Any]:
        """Columns of :func:`analysis.explain.explain_tokens` for the token ``[start, end)``."""
        return {}

    def explain_rows(self, record: dict) -> list[dict]:
        """Rows of :func:`analysis.explain.explain_summary` (``measure``, ``value``, ``label``,
        ``holder``, ``evidence``). By default one row per field, its value as text."""
        return [{"measure": field, "value": record.get(field), "label": None, "holder": "",
                 "evidence": ""} for field in self.fields if field in record]

    # ---- training (trainable measures only) -------------------------------------------------
    def fit(self, prepared, gold) -> "Measure":
        """Learn from a prepared corpus and its codings; return ``self``."""
        raise NotImplementedError(f"{type(self).__name__} ({self.name}, {self.method}) is not trainable")

    def save(self, path: str | Path) -> Path:
        """Write what :meth:`fit` learned."""
        raise NotImplementedError(f"{type(self).__name__} ({self.name}, {self.method}) is not trainable")

    @classmethod
    def load(cls, path: str | Path) -> "Measure":
        """An object with what :meth:`save` wrote, ready to score."""
        raise NotImplementedError(f"{cls.__name__} ({cls.name}, {cls.method}) is not trainable")


def register(cls: type[Measure]) -> type[Measure]:
    """Class decorator: register ``cls`` under ``cls.name`` and ``cls.method``.

    Raises
    ------
    ValueError
        The name and method are taken, or a field is written by another measure already.
    """
    if cls.coding_scale not in CODING_SCALES:
        raise ValueError(f"measure {cls.name!r}: coding_scale {cls.coding_scale!r}; valid: {', '.join(CODING_SCALES)}")
    methods = _REGISTRY.get(cls.name, {})
    if cls.method in methods:
        raise ValueError(f"measure {cls.name!r} has a method {cls.method!r} already ({methods[cls.method].__name__})")
    for name, others in _REGISTRY.items():
        first = next(iter(others.values()))
        if name != cls.name and set(first.fields) & set(cls.fields):
            raise ValueError(f"measure {cls.name!r}: fields {sorted(set(first.fields) & set(cls.fields))} "
                             f"are written by {name!r}")
    _REGISTRY.setdefault(cls.name, {})[cls.method] = cls
    return cls


def unregister(name: str, method: str | None = None) -> None:
    """Remove a measure (every method, or one); for tests and experiments."""
    if method is None:
        _REGISTRY.pop(name, None)
        return
    _REGISTRY.get(name, {}).pop(method, None)
    if name in _REGISTRY and not _REGISTRY[name]:
        del _REGISTRY[name]


def measure_names() -> tuple[str, ...]:
    """The registered measures, in record-field order."""
    return tuple(_REGISTRY)


def measure_methods(name: str) -> tuple[str, ...]:
    """The methods (implementations) of one measure; the first is the default."""
    return tuple(_REGISTRY[_check_name(name)])


def _check_name(name: str) -> str:
    if name not in _REGISTRY:
        raise ValueError(f"unknown measure {name!r}; valid: {', '.join(_REGISTRY)}")
    return name


def measure_class(name: str, method: str | None = None) -> type[Measure]:
    """The class of a measure's method (by default its first registered one).

    Raises
    ------
    ValueError
        An unknown name or method (the message lists the valid ones).
    """
    methods = _REGISTRY[_check_name(name)]
    if method is None:
        return next(iter(methods.values()))
    if method not in methods:
        raise ValueError(f"measure {name!r} has no method {method!r}; valid: {', '.join(methods)}")
    return methods[method]


def make_measure(name: str, *, method: str | None = None, **settings) -> Measure:
    """A new measure object: ``make_measure("stance", aggressor="russia")``."""
    return measure_class(name, method)(**settings)


def resolve_measures(chosen=None) -> dict[str, Measure]:
    """Measure objects by name: the chosen ones (names or objects; all registered by default)
    and every measure they require, each once (a required one given as an object is used)."""
    given = list(measure_names()) if chosen is None else list(chosen)
    objects: dict[str, Measure] = {}
    for item in given:
        measure = item if isinstance(item, Measure) else make_measure(item)
        objects[measure.name] = measure
    todo = [m for m in objects.values()]
    while todo:
        for needed in todo.pop().requires:
            if needed not in objects:
                objects[needed] = make_measure(needed)
                todo.append(objects[needed])
    order = {name: i for i, name in enumerate(measure_names())}
    return dict(sorted(objects.items(), key=lambda item: order.get(item[0], len(order))))


def computation_order(measures: dict[str, Measure]) -> list[str]:
    """The names of ``measures`` with every measure after those it requires.

    Raises
    ------
    ValueError
        Measures that require each other.
    """
    done: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            raise ValueError(f"measures require each other: {sorted(visiting)}")
        visiting.add(name)
        for needed in measures[name].requires:
            visit(needed)
        visiting.discard(name)
        done.append(name)

    for name in measures:
        visit(name)
    return done
