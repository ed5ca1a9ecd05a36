"""Erasing what the safety app holds about one young person (a disposal): the links saying
that their cases were discussed in supervision. The supervision records themselves are the
workers' (their wellbeing, the actions agreed) and stay, without the link. Runs inside the
caller's transaction, before cases' eraser, and writes no audit row (the disposal writes one)."""

from __future__ import annotations

from hubspoke.safety.models import SupervisionCase


def erase(young_person) -> dict[str, int]:
    links, _ = SupervisionCase.objects.filter(case__young_person=young_person).delete()
    return {"cases discussed in supervision": links}
