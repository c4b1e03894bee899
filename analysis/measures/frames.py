"""The ``frames`` measure: frame indicators of a codebook in each sentence (:mod:`analysis.framing`).

Record fields ``frames`` (frame ids in codebook order) and ``frame_evidence`` (frame id → its
hits: ``text``, ``start``, ``end`` offsets into the document, ``pattern``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..framing import DEFAULT_CODEBOOK, detect_frames, load_codebook
from .base import Measure, register

__all__ = ["FramesRules"]


@register
class FramesRules(Measure):
    """Dictionary indicators of a frame codebook (Semetko & Valkenburg 2000; :func:`analysis.framing.detect_frames`).

    Parameters
    ----------
    codebook : path
        A frame codebook (YAML); the project's by default.
    """

    name = "frames"
    fields = ("frames", "frame_evidence")
    coding_columns = ("frames",)
    coding_scale = "multilabel"

    def __init__(self, *, codebook: str | Path = DEFAULT_CODEBOOK):
        self.codebook = codebook

    def loaded_codebook(self):
        """The :class:`analysis.framing.Codebook`, loaded on first use."""
        return self._resource("codebook", lambda: load_codebook(self.codebook))

    def score(self, prepared) -> pd.DataFrame:
        """Every indicator hit (:func:`analysis.framing.detect_frames`)."""
        return detect_frames(prepared, self.loaded_codebook())

    def record_fields(self, table: pd.DataFrame, prepared) -> dict:
        evidence: dict[tuple, dict[str, list]] = {}
        # One piece of evidence per frame and span: the first indicator that matched it.
        first = table.drop_duplicates(["doc_id", "sent_id", "frame", "start", "end"])
        for doc_id, sent_id, frame, text, start, end, pattern in zip(
                *(first[c].tolist() for c in ("doc_id", "sent_id", "frame", "text", "start", "end", "pattern"))):
            evidence.setdefault((str(doc_id), int(sent_id)), {}).setdefault(frame, []).append(
                {"text": text, "start": int(start), "end": int(end), "pattern": pattern})
        order = {f: i for i, f in enumerate(self.loaded_codebook().ids)}
        out = {}
        for doc_id, sent_id in zip(prepared.sentences["doc_id"].tolist(), prepared.sentences["sent_id"].tolist()):
            key = (str(doc_id), int(sent_id))
            found = evidence.get(key, {})
            frames = sorted(found, key=order.get)
            out[key] = {"frames": frames, "frame_evidence": {f: found[f] for f in frames}}
        return out

    def coding_labels(self) -> list[str]:
        """The frame ids a coder can give."""
        return list(self.loaded_codebook().ids)

    def coded(self, record: dict) -> dict:
        return {"frames": sorted(record["frames"])}

    def explain_token(self, record: dict, start: int, end: int) -> dict:
        frames = sorted(fid for fid, items in (record.get("frame_evidence") or {}).items()
                        if any(i.get("start", -1) <= start and end <= i.get("end", -1) for i in items))
        return {"frames": ", ".join(frames)}

    def explain_rows(self, record: dict) -> list[dict]:
        return [{"measure": f"frame: {frame}", "value": len(items), "label": 1, "holder": "",
                 "evidence": ", ".join(i.get("text", "") for i in items)}
                for frame, items in (record.get("frame_evidence") or {}).items()]
