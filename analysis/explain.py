"""“Explain this score”: one sentence, token by token, with everything that went into its scores.

Works on the sentence records of :func:`analysis.score.score_records` (the ``score`` command's
schema), asking each registered measure (:mod:`analysis.measures`) what it shows of a token and
how its parts add up: the sentiment evidence (each term's prior weight and its weight after the rules),
frame evidence, mentions of targets, quotations with their speakers, and stance per target.
:func:`explain_tokens` returns a tidy table (one row per token), :func:`explain_summary` how the
parts add up, :func:`explain_html` the same as escaped HTML (the text is data, never markup), and
:func:`explain_widget` an interactive view for JupyterLab that degrades to the static HTML of one
sentence where widgets cannot run (a rendered page, the static site).
"""

from __future__ import annotations

import html

import pandas as pd

from .segment import split_tokens

__all__ = ["explain_tokens", "explain_summary", "explain_html", "explain_widget"]


def _measures(record: dict | None = None) -> list:
    """The registered measures; for a field written by a learned method (``"method": "learned"``
    in the record), that method's class, which also shows the model's evidence."""
    from .measures import make_measure, measure_methods, measure_names

    chosen = []
    for name in measure_names():
        method = "rules"
        if record is not None and "learned" in measure_methods(name):
            fields = (make_measure(name, method="learned").fields)
            if any(isinstance(record.get(f), dict) and record[f].get("method") == "learned" for f in fields):
                method = "learned"
        chosen.append(make_measure(name, method=method if method in measure_methods(name) else None))
    return chosen


def explain_tokens(record: dict) -> pd.DataFrame:
    """One row per token of the sentence with what each registered measure saw in it.

    Columns: ``token``, ``start``, ``end`` (offsets in the document), then each measure's own
    (:meth:`analysis.measures.Measure.explain_token`): ``prior`` (lexicon weight before the
    rules), ``weight`` (after negation, intensifiers, contrast), ``rules`` (sentiment);
    ``target`` (registry target mentioned: mentions); ``quote`` (quote type and speaker when the
    token stands inside a quotation: quotations); ``frames`` (frame ids whose evidence covers the
    token: frames).
    """
    offset = record["start"]
    text = record["text"]
    measures = _measures()
    columns = ["token", "start", "end"]
    rows = []
    for s, e, kind in split_tokens(text):
        start, end = offset + s, offset + e
        row = {"token": text[s:e], "start": start, "end": end}
        for measure in measures:
            row.update(measure.explain_token(record, start, end))
        rows.append(row)
        columns += [c for c in row if c not in columns]
    return pd.DataFrame(rows, columns=columns)


def explain_summary(record: dict) -> pd.DataFrame:
    """How the parts add up: the rows of each registered measure
    (:meth:`analysis.measures.Measure.explain_rows`): sentiment, each frame, each target's stance."""
    rows = [row for m in _measures(record) for row in m.explain_rows(record)]
    return pd.DataFrame(rows, columns=["measure", "value", "label", "holder", "evidence"])


#: Token columns shown in the HTML by their own rule; any other measure's column is listed as is.
_SHOWN = {"token", "start", "end", "prior", "weight", "rules", "frames", "target", "quote"}


def _present(value) -> bool:
    return value is not None and value != "" and not (isinstance(value, float) and value != value)


def _colour(weight) -> str:
    if weight is None or pd.isna(weight):
        return ""
    alpha = min(1.0, 0.25 + abs(float(weight)))
    rgb = "213, 94, 0" if weight < 0 else "0, 114, 178"  # Okabe–Ito vermillion / blue
    return f"background: rgba({rgb}, {alpha:.2f});"


def explain_html(record: dict) -> str:
    """The sentence with its evidence highlighted, and the summary table, as escaped HTML."""
    tokens = explain_tokens(record)
    text, offset = record["text"], record["start"]
    parts, cursor = [], 0
    for row in tokens.to_dict("records"):
        s, e = row["start"] - offset, row["end"] - offset
        parts.append(html.escape(text[cursor:s]))
        weight, target, quote = row.get("weight"), row.get("target"), row.get("quote")
        shown = weight is not None and not pd.isna(weight)
        title = "; ".join(filter(None, [
            f"weight {row['prior']:+.2f} → {weight:+.2f}" if shown else "", row.get("rules"),
            f"frames: {row['frames']}" if row.get("frames") else "", f"target: {target}" if target else "",
            f"quote: {quote}" if quote else "",
            *(f"{k}: {v}" for k, v in row.items() if k not in _SHOWN and _present(v))]))
        style = _colour(weight) + ("text-decoration: underline 2px;" if target else "") \
            + ("font-style: italic;" if quote else "")
        word = html.escape(row["token"])
        parts.append(f'<span style="{style}" title="{html.escape(title)}">{word}</span>' if title else word)
        cursor = e
    parts.append(html.escape(text[cursor:]))
    summary = explain_summary(record).to_html(index=False, escape=True, na_rep="", border=0)
    head = html.escape(f"{record.get('doc_id', '')} · sentence {record.get('sent_id', '')} · {record.get('section', '')}")
    return (f'<div class="explain"><p><strong>{head}</strong></p>'
            f'<p style="line-height: 2">{"".join(parts)}</p>{summary}'
            '<p><small>Blue: positive weight, red: negative (darker = stronger); underlined: a target; '
            'italic: inside a quotation. Hover a word for its evidence.</small></p></div>')


def explain_widget(records: list[dict], *, initial: int = 0):
    """An interactive view: pick a sentence, see its explanation. Returns the widget.

    Where ipywidgets cannot render (a static page), the notebook keeps the HTML of the initially
    selected sentence, so the page still shows one explanation.
    """
    import ipywidgets as widgets
    from IPython.display import HTML, display

    options = [(f"{r['sent_id']}: {r['text'][:70]}", i) for i, r in enumerate(records)]
    picker = widgets.Dropdown(options=options, value=initial, description="Sentence",
                              layout=widgets.Layout(width="100%"))
    out = widgets.Output()

    def show(change=None):
        out.clear_output()
        with out:
            display(HTML(explain_html(records[picker.value])))

    picker.observe(show, names="value")
    show()
    return widgets.VBox([picker, out])
