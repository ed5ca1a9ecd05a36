"""The shape in which an app hands over everything it holds about one young person, for a
subject access request (``rights``) to gather, redact and bundle. No domain knowledge here:
each app that holds a young person's data writes its own ``personal_data.gather(young_person)``
returning a list of ``Part``; the rights app, above them all, puts the parts together.

Keys are stable so that a redaction marked on ``(entry.ref, field.key)`` finds the same value
in the PDF and the JSON, and still finds it if the bundle is made again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Field:
    key: str  # stable within its entry: "notes", "reason", "answer:q12"
    label: str  # what a reader is shown: "What happened"
    text: str  # the value as plain text ("" when nothing is recorded)


@dataclass(frozen=True)
class Entry:
    """One thing held: a referral, a contact, a consent record, an assessment, a look at the
    record in the access log..."""

    kind: str  # stable code of the kind of record: "cases.contact"
    ref: str  # the record's UUID (or another key unique within the kind)
    title: str  # "Contact on 3 May 2025"
    when: dt.date | dt.datetime | None
    fields: tuple[Field, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Part:
    """One app's (or one subject's) share of the bundle: "Referrals", "Case file", "Who has
    seen this record"."""

    key: str  # "referrals"
    title: str
    entries: tuple[Entry, ...] = field(default_factory=tuple)

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "entries": [
                {"kind": e.kind, "ref": e.ref, "title": e.title,
                 "when": e.when.isoformat() if e.when else None,
                 "fields": [{"key": f.key, "label": f.label, "text": f.text} for f in e.fields]}
                for e in self.entries
            ],
        }
