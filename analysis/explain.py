"""“Explain this score”: one sentence, token by token, with everything that went into its scores.

Works on the sentence records of :func:`analysis.score.score_records` (the ``score`` command's
schema): the sentiment evidence (each term's prior weight and its weight after the rules),
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


def _prior(hit: dict):
    """The weight before the rules: ``prior``, or the mean of per-lexicon ``priors``."""
    if "prior" in hit:
        return hit["prior"]
    priors = list((hit.get("priors") or {}).values())
    return sum(priors) / len(priors) if priors else hit.get("weight")


def _covering(items, start: int, end: int):
    return [item for item in items if item.get("start", -1) <= start and end <= item.get("end", -1)]


def explain_tokens(record: dict) -> pd.DataFrame:
    """One row per token of the sentence with what each measure saw in it.

    Columns: ``token``, ``start``, ``end`` (offsets in the document), ``prior`` (lexicon weight
    before the rules), ``weight`` (after negation, intensifiers, contrast), ``rules``, ``frames``
    (frame ids whose evidence covers the token), ``target`` (registry target mentioned),
    ``quote`` (quote type and speaker when the token stands inside a quotation).
    """
    offset = record["start"]
    text = record["text"]
    evidence = (record.get("sentiment") or {}).get("evidence", [])
    frame_evidence = record.get("frame_evidence") or {}
    mentions = record.get("mentions") or []
    quotes = record.get("quotes") or []
    rows = []
    for s, e, kind in split_tokens(text):
        start, end = offset + s, offset + e
        hits = _covering(evidence, start, end)
        frames = sorted(fid for fid, items in frame_evidence.items() if _covering(items, start, end))
        mentioned = _covering(mentions, start, end)
        quoted = _covering(quotes, start, end)
        rows.append({
            "token": text[s:e],
            "start": start,
            "end": end,
            "prior": _prior(hits[0]) if hits else None,
            "weight": hits[0].get("weight") if hits else None,
            "rules": ", ".join(hits[0].get("rules", [])) if hits and isinstance(hits[0].get("rules"), list)
            else (hits[0].get("rules") or "" if hits else ""),
            "frames": ", ".join(frames),
            "target": ", ".join(sorted({m["target"] for m in mentioned})),
            "quote": "; ".join(f"{q.get('type', '')} ({q.get('speaker') or 'no speaker'})" for q in quoted),
        })
    return pd.DataFrame(rows, columns=["token", "start", "end", "prior", "weight", "rules", "frames",
                                       "target", "quote"])


def explain_summary(record: dict) -> pd.DataFrame:
    """How the parts add up: one row per measure (sentiment, each frame, each target's stance)."""
    rows = []
    sentiment = record.get("sentiment")
    if sentiment:
        weights = [e.get("weight", 0.0) for e in sentiment.get("evidence", [])]
        rows.append({"measure": "sentiment", "value": sentiment.get("score"), "label": sentiment.get("label"),
                     "holder": "", "evidence": " + ".join(f"{w:+.2f}" for w in weights) or "no lexicon terms"})
    for frame, items in (record.get("frame_evidence") or {}).items():
        rows.append({"measure": f"frame: {frame}", "value": len(items), "label": 1, "holder": "",
                     "evidence": ", ".join(i.get("text", "") for i in items)})
    for target, stance in (record.get("stance") or {}).items():
        evidence = stance.get("evidence", [])
        shown = ", ".join(str(e.get("text", e)) if isinstance(e, dict) else str(e) for e in evidence)
        rows.append({"measure": f"stance → {target}", "value": stance.get("score"), "label": stance.get("label"),
                     "holder": stance.get("holder", ""), "evidence": shown})
    return pd.DataFrame(rows, columns=["measure", "value", "label", "holder", "evidence"])


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
    for row in tokens.itertuples(index=False):
        s, e = row.start - offset, row.end - offset
        parts.append(html.escape(text[cursor:s]))
        title = "; ".join(filter(None, [
            f"weight {row.prior:+.2f} → {row.weight:+.2f}" if row.weight is not None and not pd.isna(row.weight) else "",
            row.rules, f"frames: {row.frames}" if row.frames else "", f"target: {row.target}" if row.target else "",
            f"quote: {row.quote}" if row.quote else ""]))
        style = _colour(row.weight) + ("text-decoration: underline 2px;" if row.target else "") \
            + ("font-style: italic;" if row.quote else "")
        word = html.escape(row.token)
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
