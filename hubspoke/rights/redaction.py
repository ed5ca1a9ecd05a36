"""Applying redaction marks to the frozen material: pure functions on the snapshot's JSON, so
the PDF, the HTML and the JSON of a bundle are all made from one redacted copy."""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass

from hubspoke.rights.models import Exemption


@dataclass(frozen=True)
class Mark:
    entry_kind: str
    entry_ref: str
    field_key: str
    passage: str  # "" for the whole field
    exemption: str


def placeholder(exemption: str) -> str:
    return f"[Redacted: {Exemption(exemption).label}]"


def redact_text(text: str, marks: list[Mark]) -> str:
    """The field's text with its marks applied: a whole-field mark replaces everything; each
    passage is replaced wherever it occurs, the longest first so that a passage inside another
    is never left half-shown."""
    whole = next((m for m in marks if not m.passage), None)
    if whole is not None:
        return placeholder(whole.exemption)
    for mark in sorted(marks, key=lambda m: len(m.passage), reverse=True):
        text = text.replace(mark.passage, placeholder(mark.exemption))
    return text


def apply(snapshot: list[dict], marks) -> list[dict]:
    """A redacted copy of the snapshot (the original is not changed)."""
    by_field: dict[tuple[str, str, str], list[Mark]] = {}
    for mark in marks:
        by_field.setdefault((mark.entry_kind, mark.entry_ref, mark.field_key), []).append(mark)
    redacted = copy.deepcopy(snapshot)
    for part in redacted:
        for entry in part["entries"]:
            for field in entry["fields"]:
                found = by_field.get((entry["kind"], entry["ref"], field["key"]))
                if found:
                    field["text"] = redact_text(field["text"], found)
    return redacted


def summary(marks) -> list[dict]:
    """How many redactions, by exemption, with no redacted text: what the requester is told."""
    counts = Counter(m.exemption for m in marks)
    return [{"exemption": value, "label": label, "count": counts[value]}
            for value, label in Exemption.choices if counts[value]]


def find_field(snapshot: list[dict], entry_kind: str, entry_ref: str, field_key: str) -> dict | None:
    for part in snapshot:
        for entry in part["entries"]:
            if entry["kind"] == entry_kind and entry["ref"] == entry_ref:
                for field in entry["fields"]:
                    if field["key"] == field_key:
                        return field
    return None
