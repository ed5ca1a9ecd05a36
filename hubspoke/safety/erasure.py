"""Erasing what the safety app holds about one young person (a disposal): which lone-working
visits were part of their case, and the links saying that their cases were discussed in
supervision. The visits and the supervision records themselves stay: they are the workers'
(their safety, their wellbeing, the actions agreed) and never named the young person. Runs
inside the caller's transaction, before the cases eraser, and writes no audit row (the
disposal writes one)."""

from __future__ import annotations

from hubspoke.safety.models import SupervisionCase, VisitCaseLink


def erase(young_person) -> dict[str, int]:
    visits, _ = VisitCaseLink.objects.filter(case__young_person=young_person).delete()
    discussed, _ = SupervisionCase.objects.filter(case__young_person=young_person).delete()
    return {"lone-working visit links": visits, "cases discussed in supervision": discussed}
