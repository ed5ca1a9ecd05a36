"""Erasing what the safety app holds about one young person (a disposal): which lone-working
visits were part of their case. The visits themselves stay, for the worker's safety record and
its incidents: they never named the young person. Runs inside the caller's transaction, before
the cases eraser, and writes no audit row (the disposal writes one)."""

from __future__ import annotations

from hubspoke.safety.models import VisitCaseLink


def erase(young_person) -> dict[str, int]:
    links, _ = VisitCaseLink.objects.filter(case__young_person=young_person).delete()
    return {"lone-working visit links": links}
